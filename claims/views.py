from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from claims import selectors, services
from claims.export import claims_download
from claims.forms import ACTION_FORMS, ClaimFilterForm, ClaimRegisterForm, CommentForm
from claims.listing import sort_of, sortable
from claims.models import Claim
from claims.reply_forms import ClaimFileForm
from claims.sla import pause_figures
from claims.transitions import allowed_actions
from contracts.models import Priority
from contracts.selectors import contracts_expiring
from handoffs.waiting import Schedules, attach_waited, with_waiting
from org.errors import DomainError
from org.feedback import report_form_errors, report_refusal
from org.models import Department
from org.once import already_sent, create_once, repeated_submit
from org.pagination import keyset_page, query_without_cursor
from org.saved_views import PageKey, with_saved_views
from org.selectors import may_act_on, represented_user_ids

PAGE_SIZE = 50


def _filtered(request):
    form = ClaimFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_bound else {}
    return form, selectors.claim_list(request.user, filters=filters)


@with_saved_views(PageKey.CLAIMS)
def claim_list(request):
    form, claims = _filtered(request)
    sort = sort_of(request.GET.get("sort"))
    page = keyset_page(
        sortable(claims),
        field=sort.field,
        cursor=request.GET.get("cursor"),
        size=PAGE_SIZE,
        descending=sort.descending,
    )
    now = timezone.now()
    selectors.with_promptness(page.rows, now)
    selectors.with_waiting_on(page.rows, now)
    return render(
        request,
        "claims/list.html",
        {
            "form": form,
            "page": page,
            "claims": page.rows,
            "sort": sort,
            "query": query_without_cursor(request.GET),
            "next_url": request.get_full_path(),
            "may_register": request.user.manages_clients,
            "may_act": request.user.is_director or request.user.is_support_manager,
            "bulk_departments": Department.objects.all(),
            "priorities": Priority.choices,
        },
    )


def claim_export(request, fmt="csv"):
    """The list as CSV or XLSX: the same filters and visibility, every row."""
    _form, claims = _filtered(request)
    return claims_download(claims, fmt=fmt)


def _get_claim(request, pk):
    return get_object_or_404(
        # Archived claims still open by their address; only the lists leave them out.
        Claim.objects.visible_to(request.user, archived=None).select_related(
            "contract__client",
            "contract__manager",
            "site",
            "reported_by",
            "registered_by",
            "post",
        ),
        pk=pk,
    )


def claim_detail(request, pk):
    claim = _get_claim(request, pk)
    may_manage = may_act_on(request.user, claim)
    actions = allowed_actions(claim) if may_manage else []
    handoffs = list(
        claim.handoffs.select_related("department", "assignee").order_by("due_at", "pk")
    )
    now = timezone.now()
    open_handoffs = [h for h in handoffs if h.is_open]
    schedules = Schedules()
    attach_waited(handoffs, now, schedules=schedules)
    comments = list(claim.comments.select_related("author"))
    correspondence = selectors.claim_correspondence(claim)
    return render(
        request,
        "claims/detail.html",
        {
            "claim": claim,
            "handoffs": handoffs,
            "open_handoffs": open_handoffs,
            "resolve_blockers": services.resolve_blockers(open_handoffs),
            "waiting_on": with_waiting(
                [h for h in handoffs if h.department_id], now, schedules=schedules
            ),
            "now": now,
            "today": timezone.localdate(now),
            "response_clock": selectors.response_clock(claim, now),
            "fix_clock": selectors.fix_clock(claim, now),
            "overdue_by": selectors.overdue_by(claim, now),
            "paused": pause_figures(claim, now),
            "may_manage": may_manage,
            "action_forms": [(action, ACTION_FORMS[action]()) for action in actions],
            "comment_form": CommentForm(),
            "timeline": selectors.claim_timeline(
                claim, comments=comments[::-1], letters=correspondence.letters
            ),
            "comments": comments,
            "letters": correspondence.letters,
            "files": correspondence.files,
            "file_form": ClaimFileForm(),
        },
    )


def _get_managed_claim(request, pk):
    claim = _get_claim(request, pk)
    if not may_act_on(request.user, claim):
        raise PermissionDenied
    return claim


# Each move's service takes the cleaned fields of its form (`ACTION_FORMS`).
MOVE_SERVICES: dict[str, Callable[..., Claim]] = {
    "respond": services.claim_respond,
    "resolve": services.claim_resolve,
    "close": services.claim_close,
    "reopen": services.claim_reopen,
    "wait": services.claim_wait,
    "resume": services.claim_resume,
}


@require_POST
def claim_action(request, pk, action):
    """Respond, resolve, close or reopen: one view, the form and service by ``action``."""
    claim = _get_managed_claim(request, pk)
    form = ACTION_FORMS[action](request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
        return redirect(claim)
    try:
        MOVE_SERVICES[action](actor=request.user, claim=claim, **form.cleaned_data)
    except DomainError as error:
        report_refusal(request, error)
    else:
        messages.success(request, DONE_MESSAGES[action]())
    return redirect(claim)


DONE_MESSAGES = {
    "respond": lambda: _("The response is recorded; the claim is in progress."),
    "resolve": lambda: _("The claim is resolved. Confirm the fix with the client to close it."),
    "close": lambda: _("The claim is closed."),
    "reopen": lambda: _("The claim is reopened."),
    "wait": lambda: _("The claim waits for the client; its fix clock is stopped."),
    "resume": lambda: _("The claim is back in progress; its fix due time moved by the wait."),
}


@require_POST
def claim_comment(request, pk):
    claim = _get_managed_claim(request, pk)
    form = CommentForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.claim_comment(actor=request.user, claim=claim, text=form.cleaned_data["text"])
        except DomainError as refused:
            error = refused.message
        else:
            form = CommentForm()
    else:
        error = _("Write the comment first.")
    if request.htmx:
        return render(
            request,
            "claims/_comments.html",
            {
                "claim": claim,
                "comments": claim.comments.select_related("author"),
                "comment_form": form,
                "may_manage": True,
                "comment_error": error,
            },
            status=200 if error is None else 422,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Comment added."))
    return redirect(f"{reverse('claims:detail', kwargs={'pk': claim.pk})}#comments")


def claim_register(request):
    if not request.user.manages_clients:
        raise PermissionDenied
    if (repeated := repeated_submit(request, fallback="claims:list")) is not None:
        return repeated
    if request.method == "POST":
        form = ClaimRegisterForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                claim, created = create_once(
                    user=request.user,
                    token=form.once_token,
                    create=lambda: services.claim_register(
                        actor=request.user,
                        contract=data["contract"],
                        category=data["category"],
                        priority=data["priority"],
                        subject=data["subject"],
                        description=data["description"],
                        channel=data["channel"],
                        site=data["site"],
                        reported_by=data["reported_by"],
                        is_formal=data["is_formal"],
                        formal_number=data["formal_number"],
                        formal_amount=data["formal_amount"],
                        received_at=data["received_at"],
                        post=data["post"],
                        shift=data["shift"],
                    ),
                )
            except DomainError as error:
                report_refusal(request, error, form=form)
            else:
                if not created or claim is None:
                    return already_sent(request, claim, fallback="claims:list")
                messages.success(
                    request,
                    _("Claim #%(number)s is registered and routed to %(departments)s.")
                    % {
                        "number": claim.pk,
                        "departments": ", ".join(
                            str(h.department)
                            for h in claim.handoffs.select_related("department").order_by("pk")
                        ),
                    },
                )
                return redirect(claim)
    else:
        initial = {
            name: request.GET[name] for name in ClaimRegisterForm.Meta.fields if name in request.GET
        }
        form = ClaimRegisterForm(initial=initial, user=request.user)
    template = "claims/_register_form.html" if request.htmx else "claims/register.html"
    return render(request, template, {"form": form})


def my_work(request):
    """The manager's day: what waits on them, what they wait on, what ends soon, what is due today."""
    if not request.user.manages_clients:
        raise PermissionDenied
    represented = represented_user_ids(request.user)
    now = timezone.now()
    schedules = Schedules()
    claims = selectors.claims_waiting_on(request.user, represented=represented)
    handoffs = selectors.handoffs_requested_by(request.user, represented=represented)
    selectors.with_waiting_on(claims, now, schedules=schedules)
    attach_waited(handoffs, now, schedules=schedules)
    return render(
        request,
        "claims/my_work.html",
        {
            "now": now,
            "today": timezone.localdate(now),
            "claims": claims,
            "handoffs": handoffs,
            "contracts": contracts_expiring(
                represented, today=timezone.localdate(now), limit=selectors.MY_WORK_LIMIT
            ),
            "due_today": selectors.due_today(request.user, now=now, represented=represented),
            "limit": selectors.MY_WORK_LIMIT,
        },
    )
