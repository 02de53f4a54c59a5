"""A manager's side: asking a department for work, and "my hand-offs"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from handoffs import services, subjects
from handoffs.forms import HandoffCreateForm
from handoffs.models import PERSONAL_KINDS, Kind
from handoffs.rules import HandoffRules
from handoffs.selectors import my_follow_ups, open_duplicate, requested_by_me
from handoffs.views.common import PAGE_SIZE, decorate
from handoffs.waiting import Schedules
from org.errors import DomainError
from org.feedback import report_refusal
from org.once import already_sent, create_once, repeated_submit
from org.pagination import keyset_page
from org.params import ascii_id


def _send(request, form):
    """Create the hand-off the valid ``form`` describes, once per form token."""
    data = form.cleaned_data
    return create_once(
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
            assignee=request.user if data["kind"] in PERSONAL_KINDS else None,
        ),
    )


def create(request):
    """A manager (or director) asks a department for work, often from a contract or claim page."""
    if not request.user.manages_clients:
        raise PermissionDenied
    if (repeated := repeated_submit(request, fallback="handoffs:mine")) is not None:
        return repeated
    duplicate = None
    if request.method == "POST":
        form = HandoffCreateForm(request.POST, user=request.user)
        if form.is_valid() and request.POST.get("confirm_duplicate") != "1":
            duplicate = _open_duplicate(request, form)
        if form.is_valid() and duplicate is None:
            try:
                handoff, created = _send(request, form)
            except DomainError as error:
                report_refusal(request, error, form=form)
            else:
                if not created:
                    return already_sent(request, handoff, fallback="handoffs:mine")
                messages.success(request, _("The hand-off is sent."))
                return redirect(handoff)
    else:
        form = HandoffCreateForm(initial=_create_initial(request), user=request.user)
    about = form["contract"].initial or form["claim"].initial or form["client"].initial
    return render(
        request,
        "handoffs/create.html",
        {"form": form, "about": about, "duplicate": duplicate},
    )


def _open_duplicate(request, form):
    """The open hand-off of the same kind on the same contract (and claim) the user would
    duplicate: the form then asks to confirm, and nothing is created until it is."""
    data = form.cleaned_data
    subject = subjects.completed(
        contract=data["contract"], claim=data["claim"], client=data["client"]
    )
    return open_duplicate(
        request.user, kind=data["kind"], contract=subject.contract, claim=subject.claim
    )


def _create_initial(request):
    initial = {}
    if request.GET.get("kind") in Kind.values:
        initial["kind"] = request.GET["kind"]
    for name in subjects.SUBJECTS:
        pk = ascii_id(request.GET.get(name))
        item = subjects.visible_one(name, request.user, pk) if pk is not None else None
        if item is not None:
            initial[name] = item
    implied = subjects.completed(
        contract=initial.get("contract"), claim=initial.get("claim"), client=initial.get("client")
    )
    initial.update({name: item for name, item in implied._asdict().items() if item is not None})
    # The form reloads itself (HTMX) when the kind changes: keep what was typed.
    for typed in ("department", "title", "details", "due_at"):
        if request.GET.get(typed):
            initial[typed] = request.GET[typed][:5000]
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
    schedules = Schedules()
    return render(
        request,
        "handoffs/mine.html",
        {
            "tab": "done" if closed else "open",
            "page": page,
            "rows": decorate(page.rows, rules, now, schedules=schedules),
            "follow_ups": decorate(
                list(my_follow_ups(request.user)[:PAGE_SIZE]), rules, now, schedules=schedules
            ),
            "now": now,
            "next_url": request.get_full_path(),
        },
    )
