"""Writing to the client from the claim, and the claim's files."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims import services
from claims.correspondence import ClaimAttachment, ClaimMessage, Direction, ReplyTemplate
from claims.models import Claim
from claims.reply_forms import ClaimFileForm, ReplyForm, TemplatePickForm
from claims.reply_mail import tagged_subject
from claims.reply_recipients import reply_recipients
from claims.reply_text import fill, placeholder_values
from claims.services.replies import last_letter
from claims.views import _get_managed_claim
from org.errors import DomainError
from org.feedback import report_form_errors, report_refusal
from org.once import already_sent, create_once, repeated_submit


def _start(claim: Claim, template: ReplyTemplate | None, writer, parent: ClaimMessage | None):
    """The subject and text a reply starts with: the template filled in, or a bare «Re:»."""
    default_subject = f"Re: {parent.subject if parent and parent.is_incoming else claim.subject}"
    if template is None:
        return {"subject": tagged_subject(default_subject, claim.pk), "body": ""}
    values = placeholder_values(claim, writer)
    subject = fill(template.subject, values) if template.subject else default_subject
    return {
        "subject": tagged_subject(subject, claim.pk),
        "body": fill(template.body, values),
        "template": template.pk,
    }


def _render(request, claim, form, pick, parent, status=200):
    context = {"claim": claim, "form": form, "pick": pick, "parent": parent}
    return render(request, "claims/reply.html", context, status=status)


def _send(request, claim, form):
    data = form.cleaned_data
    try:
        reply, created = create_once(
            user=request.user,
            token=form.once_token,
            create=lambda: services.claim_reply(
                actor=request.user,
                claim=claim,
                to=data["to"],
                subject=data["subject"],
                body=data["body"],
                files=data["attachments"],
                template=data["template"],
            ),
        )
    except DomainError as error:
        report_refusal(request, error, form=form)
        return None
    if not created or reply is None:
        return already_sent(request, reply, fallback="claims:list")
    messages.success(
        request,
        _("The reply to %(to)s is recorded and being sent.") % {"to": ", ".join(data["to"])},
    )
    return redirect(reply)


def claim_reply(request, pk):
    """The reply form: GET fills it (from a template), POST records and sends the reply."""
    claim = _get_managed_claim(request, pk)
    if (repeated := repeated_submit(request, fallback="claims:list")) is not None:
        return repeated
    parent = last_letter(claim)
    recipients = reply_recipients(claim)
    pick = TemplatePickForm(request.GET or None)
    if request.method == "POST":
        form = ReplyForm(request.POST, request.FILES, recipients=recipients)
        if form.is_valid() and (response := _send(request, claim, form)) is not None:
            return response
        return _render(request, claim, form, pick, parent, status=400)
    template = pick.cleaned_data["template"] if pick.is_valid() else None
    form = ReplyForm(initial=_start(claim, template, request.user, parent), recipients=recipients)
    return _render(request, claim, form, pick, parent)


@require_POST
def reply_resend(request, pk):
    reply = get_object_or_404(
        ClaimMessage.objects.filter(
            direction=Direction.OUTGOING,
            claim__in=Claim.objects.visible_to(request.user, archived=None),
        ).select_related("claim__contract"),
        pk=pk,
    )
    try:
        services.claim_reply_resend(actor=request.user, reply=reply)
    except DomainError as error:
        report_refusal(request, error)
    else:
        messages.success(request, _("The reply is being sent again."))
    return redirect(reply)


@require_POST
def claim_file_add(request, pk):
    claim = _get_managed_claim(request, pk)
    form = ClaimFileForm(request.POST, request.FILES)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect(f"{claim.get_absolute_url()}#files")
    try:
        services.claim_attach(actor=request.user, claim=claim, file=form.cleaned_data["file"])
    except DomainError as error:
        report_refusal(request, error)
    else:
        messages.success(request, _("File added to the claim."))
    return redirect(f"{claim.get_absolute_url()}#files")


def claim_file(request, pk):
    """Download a claim's file, only for those who see the claim."""
    visible = Claim.objects.visible_to(request.user, archived=None)
    item = get_object_or_404(ClaimAttachment.objects.filter(claim__in=visible), pk=pk)
    try:
        opened = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        opened,
        as_attachment=not item.is_image,
        filename=item.filename,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
