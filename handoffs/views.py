from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from handoffs import services
from handoffs.filters import SORTS, HandoffFilter, sort_of
from handoffs.forms import (
    AssignForm,
    AttachmentForm,
    BulkForm,
    CommentForm,
    DeclineForm,
    HandoffCreateForm,
    ReopenForm,
    ResultForm,
)
from handoffs.models import Handoff, HandoffAttachment, Kind
from handoffs.selectors import (
    default_tab,
    inbox_counts,
    inbox_order,
    inbox_queryset,
    inbox_tabs,
    my_follow_ups,
    requested_by_me,
    with_row_relations,
)
from handoffs.services import TRANSITIONS, HandoffRules
from org.errors import DomainError
from org.exports import csv_response, local_datetime
from org.feedback import report_form_errors
from org.once import already_sent, create_once, repeated_submit
from org.pagination import keyset_page
from org.params import ascii_id, has_control_characters
from org.selectors import department_members

PAGE_SIZE = 50
EXPORT_CHUNK = 2000


def _visible(request):
    # By id, archived hand-offs still open; the inbox and lists leave them out.
    return Handoff.objects.visible_to(request.user, archived=None)


def _back(request, handoff=None):
    target = request.POST.get("next") or request.GET.get("next")
    # A path of this site only: redirect() would take a bare word for a view name.
    if (
        target
        and target.startswith("/")
        and not has_control_characters(target)
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return redirect(target)
    if handoff is not None:
        return redirect(handoff)
    return redirect("handoffs:inbox")


def _require_department(request):
    if not request.user.is_department_member:
        raise PermissionDenied


# ---------------------------------------------------------------- the inbox


def _tab(request, tabs):
    """The tab asked for, if the user has it; else the user's default."""
    asked = request.GET.get("tab")
    return asked if asked in {tab.key for tab in tabs} else default_tab(request.user)


def _inbox_rows(request, tab):
    rows = inbox_queryset(request.user, tab)
    filterset = HandoffFilter(request.GET, queryset=rows, request=request)
    return filterset, filterset.qs


def _decorate(rows, rules, now):
    for row in rows:
        row.allowed = rules.actions(row)
        row.overdue_now = row.is_overdue(now)
    return rows


def inbox(request):
    """The department member's home: tabs, filters, keyset pages, one-click actions."""
    if not request.user.is_department_member:
        if request.user.is_support_manager:
            return redirect("handoffs:mine")
        raise PermissionDenied
    tabs = inbox_tabs(request.user)
    tab = _tab(request, tabs)
    filterset, rows = _inbox_rows(request, tab)
    sort = sort_of(request)
    field, descending = inbox_order(tab, sort)
    page = keyset_page(
        with_row_relations(rows),
        field=field,
        cursor=request.GET.get("cursor"),
        size=PAGE_SIZE,
        descending=descending,
    )
    now = timezone.now()
    rules = HandoffRules(request.user)
    is_head = request.user.is_department_head
    return render(
        request,
        "handoffs/inbox.html",
        {
            "tabs": tabs,
            "tab": tab,
            "counts": inbox_counts(request.user, now=now),
            "filter": filterset,
            "sorts": SORTS,
            "sort": sort,
            "page": page,
            "rows": _decorate(page.rows, rules, now),
            "is_head": is_head,
            "members": department_members(request.user.department_id) if is_head else [],
            "next_url": request.get_full_path(),
        },
    )


def inbox_export(request):
    """The inbox tab as CSV: the same filters and visibility as the screen."""
    _require_department(request)
    tab = _tab(request, inbox_tabs(request.user))
    _filterset, rows = _inbox_rows(request, tab)
    field, descending = inbox_order(tab, sort_of(request))
    order = (f"-{field}", "-id") if descending else (field, "id")
    rows = with_row_relations(rows).order_by(*order)
    now = timezone.now()
    header = [
        _("Number"),
        _("Title"),
        _("Kind"),
        _("Status"),
        _("Department"),
        _("Assignee"),
        _("Requested by"),
        _("Contract"),
        _("Client"),
        _("Due"),
        _("Overdue"),
        _("Created"),
        _("Completed"),
        _("Result"),
    ]
    rows = (
        (
            row.pk,
            row.title,
            row.get_kind_display(),
            row.get_status_display(),
            row.department or "",
            row.assignee or "",
            row.requested_by,
            row.contract.number if row.contract_id else "",
            row.client or "",
            local_datetime(row.due_at),
            _("yes") if row.is_overdue(now) else "",
            local_datetime(row.created_at),
            local_datetime(row.completed_at),
            row.result or row.decline_reason,
        )
        for row in rows.iterator(chunk_size=EXPORT_CHUNK)
    )
    stamp = timezone.localtime(now).strftime("%Y-%m-%d")
    return csv_response(filename=f"inbox-{tab}-{stamp}.csv", header=header, rows=rows)


# ------------------------------------------------------- one-click actions


def _row_response(request, handoff, *, error="", status=200):
    handoff = with_row_relations(_visible(request)).get(pk=handoff.pk)
    now = timezone.now()
    _decorate([handoff], HandoffRules(request.user), now)
    html = render_to_string(
        "handoffs/_row.html",
        {
            "h": handoff,
            "error": error,
            "is_head": request.user.is_department_head,
            "next_url": request.POST.get("next", ""),
            "csrf_row": True,
        },
        request=request,
    )
    return HttpResponse(html, status=status)


def _run(request, handoff, action, call, success):
    """Run a service for a one-click action; answer the row (HTMX) or redirect with a message."""
    try:
        call()
    except DomainError as error:
        if error.code == "forbidden":
            raise PermissionDenied(error.message) from error
        if request.htmx:
            # 409: the row shows the reason and the hand-off as it is now.
            return _row_response(request, handoff, error=error.message, status=409)
        messages.error(request, error.message)
        return _back(request, handoff)
    if request.htmx:
        return _row_response(request, handoff)
    messages.success(request, success)
    return _back(request, handoff)


@require_POST
def take(request, pk):
    handoff = get_object_or_404(_visible(request), pk=pk)
    return _run(
        request,
        handoff,
        "take",
        lambda: services.handoff_take(actor=request.user, handoff=handoff),
        _("The hand-off is yours now."),
    )


@require_POST
def start(request, pk):
    handoff = get_object_or_404(_visible(request), pk=pk)
    return _run(
        request,
        handoff,
        "start",
        lambda: services.handoff_start(actor=request.user, handoff=handoff),
        _("Work on the hand-off has started."),
    )


def _posted_text(request, form_class, name):
    """``name`` through the action's form, which refuses NUL and overlong text (raised as a
    refusal, so it is answered like one). Empty text is passed on: the service refuses
    it where the action needs it, with its own message."""
    form = form_class(request.POST)
    form.fields[name].required = False
    if not form.is_valid():
        raise DomainError(" ".join(form.errors[name]))
    return form.cleaned_data[name]


def _action_form(request, handoff, action):
    """GET on complete or decline: the small form a row opens (htmx), else the hand-off page.

    Rows do not carry these forms: fifty of them doubled the inbox's size."""
    if not HandoffRules(request.user).may(action, handoff):
        raise PermissionDenied
    if not request.htmx:
        return redirect(handoff)
    next_url = request.htmx.current_url_abs_path or reverse("handoffs:inbox")
    context = {"h": handoff, "action": action, "next_url": next_url}
    return render(request, "handoffs/_row_action_form.html", context)


@require_http_methods(["GET", "POST"])
def complete(request, pk):
    handoff = get_object_or_404(_visible(request), pk=pk)
    if request.method == "GET":
        return _action_form(request, handoff, "complete")
    return _run(
        request,
        handoff,
        "complete",
        lambda: services.handoff_complete(
            actor=request.user, handoff=handoff, result=_posted_text(request, ResultForm, "result")
        ),
        _("The hand-off is done."),
    )


@require_http_methods(["GET", "POST"])
def decline(request, pk):
    handoff = get_object_or_404(_visible(request), pk=pk)
    if request.method == "GET":
        return _action_form(request, handoff, "decline")
    return _run(
        request,
        handoff,
        "decline",
        lambda: services.handoff_decline(
            actor=request.user, handoff=handoff, reason=_posted_text(request, DeclineForm, "reason")
        ),
        _("The hand-off is declined."),
    )


@require_POST
def reopen(request, pk):
    handoff = get_object_or_404(_visible(request), pk=pk)
    return _run(
        request,
        handoff,
        "reopen",
        lambda: services.handoff_reopen(
            actor=request.user, handoff=handoff, reason=_posted_text(request, ReopenForm, "reason")
        ),
        _("The hand-off is open again."),
    )


@require_POST
def assign(request, pk):
    handoff = get_object_or_404(_visible(request), pk=pk)
    form = AssignForm(request.POST, department_id=handoff.department_id)
    if not form.is_valid():
        if not HandoffRules(request.user).may("assign", handoff):
            raise PermissionDenied
        messages.error(request, _("Choose someone from the department."))
        return _back(request, handoff)
    assignee = form.cleaned_data["assignee"]
    return _run(
        request,
        handoff,
        "assign",
        lambda: services.handoff_assign(actor=request.user, handoff=handoff, assignee=assignee),
        _("Assigned to %(name)s.") % {"name": assignee},
    )


BULK_LIMIT = 200


@require_POST
def bulk(request):
    """Take, complete or assign the selected rows; each row is its own transaction."""
    _require_department(request)
    form = BulkForm(request.POST)
    if not form.is_valid():
        if "action" in form.errors or "ids" in form.errors:
            messages.error(request, _("Select the rows and an action."))
        else:
            report_form_errors(request, form)
        return _back(request)
    action, result = form.cleaned_data["action"], form.cleaned_data["result"]
    ids = form.cleaned_data["ids"][:BULK_LIMIT]
    if action == "assign" and not request.user.is_department_head:
        raise PermissionDenied
    assignee = None
    if action == "assign":
        form = AssignForm(request.POST, department_id=request.user.department_id)
        if not form.is_valid():
            messages.error(request, _("Choose someone from the department."))
            return _back(request)
        assignee = form.cleaned_data["assignee"]
    if action == "complete" and not result.strip():
        messages.error(request, _("Write the result before completing the hand-off."))
        return _back(request)
    calls = {
        "take": lambda h: services.handoff_take(actor=request.user, handoff=h),
        "complete": lambda h: services.handoff_complete(
            actor=request.user, handoff=h, result=result
        ),
        "assign": lambda h: services.handoff_assign(
            actor=request.user, handoff=h, assignee=assignee
        ),
    }
    done, refused = 0, []
    for handoff in _visible(request).filter(pk__in=ids).order_by("due_at", "id"):
        try:
            calls[action](handoff)
            done += 1
        except DomainError as error:
            refused.append(f"«{handoff.title}»: {error.message}")
    if done:
        messages.success(
            request,
            ngettext("%(action)s: %(count)s hand-off.", "%(action)s: %(count)s hand-offs.", done)
            % {"action": TRANSITIONS[action].label, "count": done},
        )
    for reason in refused[:10]:
        messages.error(request, reason)
    return _back(request)


# ---------------------------------------------------------- hand-off page


def detail(request, pk):
    handoff = get_object_or_404(
        with_row_relations(_visible(request)).select_related("claim"), pk=pk
    )
    rules = HandoffRules(request.user)
    actions = rules.actions(handoff)
    return render(
        request,
        "handoffs/detail.html",
        {
            "h": handoff,
            "actions": actions,
            "overdue": handoff.is_overdue(),
            "result_form": ResultForm(),
            "decline_form": DeclineForm(),
            "reopen_form": ReopenForm(),
            "assign_form": (
                AssignForm(
                    department_id=handoff.department_id,
                    initial={"assignee": handoff.assignee_id},
                )
                if "assign" in actions
                else None
            ),
            "comment_form": CommentForm(),
            "attachment_form": AttachmentForm(),
            "comments": handoff.comments.select_related("author"),
            "attachments": handoff.attachments.select_related("uploaded_by"),
            "events": handoff.events.select_related("actor", "on_behalf_of", "assignee"),
        },
    )


@require_POST
def comment(request, pk):
    handoff = get_object_or_404(_visible(request), pk=pk)
    form = CommentForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.handoff_comment(
                actor=request.user, handoff=handoff, text=form.cleaned_data["text"]
            )
        except DomainError as exc:
            if exc.code == "forbidden":
                raise PermissionDenied(exc.message) from exc
            error = exc.message
    else:
        error = _("The comment is empty.")
    if request.htmx:
        return render(
            request,
            "handoffs/_comments.html",
            {
                "h": handoff,
                "comments": handoff.comments.select_related("author"),
                "comment_form": CommentForm() if not error else form,
                "comment_error": error,
            },
            status=409 if error else 200,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Comment added."))
    return redirect(handoff)


@require_POST
def attach(request, pk):
    handoff = get_object_or_404(_visible(request), pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect(handoff)
    try:
        services.handoff_attach(actor=request.user, handoff=handoff, file=form.cleaned_data["file"])
    except DomainError as error:
        if error.code == "forbidden":
            raise PermissionDenied(error.message) from error
        messages.error(request, error.message)
    else:
        messages.success(request, _("File attached."))
    return redirect(handoff)


def attachment(request, pk):
    """Download an attachment, only for those who see its hand-off."""
    item = get_object_or_404(HandoffAttachment.objects.filter(handoff__in=_visible(request)), pk=pk)
    try:
        return FileResponse(item.file.open("rb"), as_attachment=True, filename=str(item))
    except FileNotFoundError:
        raise Http404 from None


# ---------------------------------------------------- create, my hand-offs


def create(request):
    """A manager (or director) asks a department for work, often from a contract or claim page."""
    if not request.user.manages_clients:
        raise PermissionDenied
    if (repeated := repeated_submit(request, fallback="handoffs:mine")) is not None:
        return repeated
    if request.method == "POST":
        form = HandoffCreateForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                handoff, created = create_once(
                    user=request.user,
                    token=form.once_token,
                    create=lambda: services.handoff_create(
                        actor=request.user,
                        kind=data["kind"],
                        title=data["title"],
                        department=data["department"],
                        details=data["details"],
                        due_at=data["due_at"],
                        client=data["client"],
                        contract=data["contract"],
                        claim=data["claim"],
                        assignee=request.user if data["kind"] in services.PERSONAL_KINDS else None,
                    ),
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if not created:
                    return already_sent(request, handoff, fallback="handoffs:mine")
                messages.success(request, _("The hand-off is sent."))
                return redirect(handoff)
    else:
        form = HandoffCreateForm(initial=_create_initial(request), user=request.user)
    about = form["contract"].initial or form["claim"].initial or form["client"].initial
    return render(request, "handoffs/create.html", {"form": form, "about": about})


def _create_initial(request):
    initial = {}
    if request.GET.get("kind") in Kind.values:
        initial["kind"] = request.GET["kind"]
    for name, model in (
        ("contract", ("contracts", "Contract")),
        ("claim", ("claims", "Claim")),
        ("client", ("clients", "Client")),
    ):
        pk = ascii_id(request.GET.get(name))
        if pk is not None:
            found = apps.get_model(*model).objects.visible_to(request.user).filter(pk=pk)
            item = found.first()
            if item is not None:
                initial[name] = item
    claim = initial.get("claim")
    if claim is not None and "contract" not in initial:
        initial["contract"] = claim.contract
    contract = initial.get("contract")
    if contract is not None and "client" not in initial:
        initial["client"] = contract.client
    # The form reloads itself (HTMX) when the kind changes: keep what was typed.
    for name in ("department", "title", "details", "due_at"):
        if request.GET.get(name):
            initial[name] = request.GET[name][:5000]
    return initial


def mine(request):
    """The manager's hand-offs: what waits on which department and for how long."""
    if not request.user.manages_clients:
        raise PermissionDenied
    closed = request.GET.get("tab") == "done"
    page = keyset_page(
        requested_by_me(request.user, closed=closed),
        field="due_at",
        cursor=request.GET.get("cursor"),
        size=PAGE_SIZE,
    )
    now = timezone.now()
    rules = HandoffRules(request.user)
    return render(
        request,
        "handoffs/mine.html",
        {
            "tab": "done" if closed else "open",
            "page": page,
            "rows": _decorate(page.rows, rules, now),
            "follow_ups": _decorate(list(my_follow_ups(request.user)[:PAGE_SIZE]), rules, now),
            "now": now,
            "next_url": request.get_full_path(),
        },
    )
