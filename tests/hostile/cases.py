"""What each URL takes: who opens it, what it posts, which dates and files it has."""

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

from approvals.models import ApprovalRequest
from claims.models import Claim, ClaimComment
from clients.models import Client
from contracts.models import (
    Contract,
)
from handoffs.models import Handoff, HandoffComment
from tests.create_forms import (
    approval_form,
    claim_form,
    client_form,
    contract_form,
    handoff_form,
)

FORM = "form"


@dataclass(frozen=True)
class Case:
    user: str
    kwargs: object = None  # World -> URL kwargs
    get: tuple | None = ()  # query parameters; None: the URL answers POST only
    post: tuple | str | None = None  # field names, FORM, or None: no POST
    baseline: object = None  # manager -> (url, model, data): a create form's good submit
    created: type | None = None  # the model an accepted POST adds exactly one row to
    reversed_dates: tuple = ()  # (earlier, later) parameter pairs, sent the wrong way round
    files: tuple = ()  # file fields: sent as a file with a lying name and content
    extra: dict = field(default_factory=dict)  # fixed query values (e.g. a tab)


def pk(attribute):
    return lambda world: {"pk": getattr(world, attribute).pk}


TRANSITION = ("reason", "new_end_date", "document")

CASES = {
    "home": Case("manager"),
    "search": Case("manager", get=("q",)),
    "autocomplete": Case(
        "manager",
        lambda w: {"source": "contracts"},
        get=("q", "client", "contract", "stages", "own"),
    ),
    "login": Case("anonymous", post=FORM),
    "set_language": Case("anonymous", get=None, post=("language", "next")),
    "notifications": Case("manager", get=("cursor",)),
    "notifications_read_all": Case("manager", get=None, post=()),
    "notification_settings": Case(
        "manager", get=None, post=("email_notifications", "daily_digest")
    ),
    "notification_open": Case("manager", pk("notification"), get=None, post=()),
    "notification_read": Case("manager", pk("notification"), get=None, post=()),
    # Clients
    "clients:list": Case("manager", get=("q", "status", "account_manager", "page")),
    "clients:create": Case("manager", post=FORM, baseline=client_form, created=Client),
    "clients:detail": Case("manager", pk("client")),
    "clients:update": Case("manager", pk("client"), post=FORM),
    "clients:contact_create": Case("manager", pk("client"), post=FORM),
    "clients:contact_update": Case(
        "manager", lambda w: {"pk": w.client.pk, "contact_pk": w.contact.pk}, post=FORM
    ),
    "clients:contact_delete": Case(
        "manager", lambda w: {"pk": w.client.pk, "contact_pk": w.contact.pk}, get=None, post=()
    ),
    "clients:site_create": Case("manager", pk("client"), post=FORM),
    "clients:site_detail": Case("manager", lambda w: {"pk": w.client.pk, "site_pk": w.site.pk}),
    "clients:site_update": Case(
        "manager", lambda w: {"pk": w.client.pk, "site_pk": w.site.pk}, post=FORM
    ),
    "clients:site_delete": Case(
        "manager", lambda w: {"pk": w.client.pk, "site_pk": w.site.pk}, get=None, post=()
    ),
    # Contracts
    "contracts:list": Case("manager", get=("q", "stage", "manager", "client", "page")),
    "contracts:portfolio": Case("manager", get=("q", "stage", "manager", "client")),
    "contracts:create": Case(
        "manager",
        get=("client",),
        post=FORM,
        baseline=contract_form,
        created=Contract,
        reversed_dates=(("start_date", "end_date"),),
    ),
    "contracts:detail": Case("manager", pk("contract"), get=("before",)),
    "contracts:update": Case(
        "manager", pk("preparation"), post=FORM, reversed_dates=(("start_date", "end_date"),)
    ),
    "contracts:timeline": Case("manager", pk("contract"), get=("before",)),
    "contracts:request_site_survey": Case(
        "manager", pk("preparation"), get=None, post=("details",)
    ),
    "contracts:service_line_add": Case("manager", pk("preparation"), post=FORM),
    "contracts:service_line_update": Case("manager", pk("line"), post=FORM),
    "contracts:service_line_delete": Case("manager", pk("line"), get=None, post=()),
    "contracts:staffing_add": Case("manager", pk("preparation"), post=FORM),
    "contracts:staffing_update": Case("manager", pk("staffing"), post=FORM),
    "contracts:staffing_delete": Case("manager", pk("staffing"), get=None, post=()),
    "contracts:agreement_add": Case("manager", pk("contract"), post=FORM, files=("document",)),
    "contracts:agreement_download": Case("manager", pk("agreement")),
    "contracts:obligation_add": Case("manager", pk("contract"), post=FORM),
    "contracts:obligation_fulfil": Case("manager", pk("obligation"), get=None, post=()),
    "contracts:termination_prefill": Case("manager", pk("contract"), get=None, post=()),
    "contracts:termination_item_add": Case("manager", pk("contract"), get=None, post=("text",)),
    "contracts:termination_item_tick": Case(
        "manager", pk("termination_item"), get=None, post=("done",)
    ),
    "contracts:termination_item_remove": Case("manager", pk("termination_item"), get=None, post=()),
    "contracts:conclude": Case(
        "manager", pk("preparation"), get=None, post=tuple(f"conclude-{n}" for n in TRANSITION)
    ),
    "contracts:extend": Case(
        "manager",
        pk("contract"),
        get=None,
        post=tuple(f"extend-{n}" for n in TRANSITION),
        files=("extend-document",),
    ),
    "contracts:begin_termination": Case(
        "manager",
        pk("contract"),
        get=None,
        post=tuple(f"begin_termination-{n}" for n in TRANSITION),
    ),
    "contracts:close": Case(
        "manager", pk("contract"), get=None, post=tuple(f"close-{n}" for n in TRANSITION)
    ),
    "contracts:cancel": Case(
        "manager", pk("preparation"), get=None, post=tuple(f"cancel-{n}" for n in TRANSITION)
    ),
    # Claims
    "claims:list": Case(
        "manager",
        get=(
            "q",
            "status",
            "overdue",
            "department",
            "contract",
            "priority",
            "formal",
            "cursor",
            "sort",
        ),
    ),
    "claims:bulk": Case(
        "manager", get=None, post=("action", "ids", "department", "priority", "next")
    ),
    "claims:export": Case(
        "manager", get=("q", "status", "overdue", "department", "contract", "priority", "formal")
    ),
    "claims:export_xlsx": Case(
        "manager", get=("q", "status", "overdue", "department", "contract", "priority", "formal")
    ),
    "claims:register": Case(
        "manager",
        get=("contract", "site", "reported_by", "category", "received_at"),
        post=FORM,
        baseline=claim_form,
        created=Claim,
    ),
    "claims:my_work": Case("manager"),
    "claims:detail": Case("manager", pk("claim")),
    "claims:respond": Case("manager", pk("claim"), get=None, post=("note",)),
    "claims:resolve": Case("manager", pk("claim"), get=None, post=("resolution",)),
    "claims:close": Case(
        "manager", pk("claim"), get=None, post=("client_confirmation", "satisfaction")
    ),
    "claims:reopen": Case("manager", pk("claim"), get=None, post=("reason",)),
    "claims:wait": Case("manager", pk("claim"), get=None, post=("note",)),
    "claims:resume": Case("manager", pk("claim"), get=None, post=("note",)),
    "claims:comment": Case("manager", pk("claim"), get=None, post=("text",), created=ClaimComment),
    "claims:post": Case("manager", pk("claim"), get=("site", "post", "shift"), post=FORM),
    # Hand-offs
    "handoffs:inbox": Case(
        "staff",
        get=("tab", "q", "kind", "contract", "client", "due_after", "due_before", "sort", "cursor"),
        reversed_dates=(("due_after", "due_before"),),
    ),
    "handoffs:inbox_export": Case(
        "staff",
        get=("tab", "q", "kind", "contract", "client", "due_after", "due_before", "sort"),
        reversed_dates=(("due_after", "due_before"),),
    ),
    "handoffs:inbox_export_xlsx": Case(
        "staff",
        get=("tab", "q", "kind", "contract", "client", "due_after", "due_before", "sort"),
        reversed_dates=(("due_after", "due_before"),),
    ),
    "handoffs:bulk": Case("head", get=None, post=("action", "ids", "result", "assignee", "next")),
    "handoffs:mine": Case("manager", get=("tab", "cursor")),
    "handoffs:create": Case(
        "manager",
        get=("kind", "contract", "claim", "client", "department", "title", "details", "due_at"),
        post=FORM,
        baseline=handoff_form,
        created=Handoff,
    ),
    "handoffs:detail": Case("staff", pk("handoff")),
    "handoffs:row_more": Case("staff", pk("handoff")),
    "handoffs:take": Case("staff", pk("handoff"), get=None, post=("next",)),
    "handoffs:assign": Case("head", pk("handoff"), get=None, post=("assignee", "next")),
    "handoffs:start": Case("staff", pk("handoff"), get=None, post=("next",)),
    "handoffs:complete": Case("staff", pk("handoff"), get=None, post=("result", "next")),
    "handoffs:decline": Case("staff", pk("handoff"), get=None, post=("reason", "next")),
    "handoffs:reopen": Case("manager", pk("done_handoff"), get=None, post=("reason", "next")),
    "handoffs:comment": Case(
        "staff", pk("handoff"), get=None, post=("text",), created=HandoffComment
    ),
    "handoffs:attach": Case("staff", pk("handoff"), get=None, post=("file",), files=("file",)),
    "handoffs:attachment": Case("staff", pk("handoff_attachment")),
    # Approvals
    "approvals:mine": Case("manager", get=("tab", "cursor")),
    "approvals:choose_kind": Case("manager"),
    "approvals:create": Case(
        "manager",
        lambda w: {"kind": "extra_funds"},
        post=FORM,
        baseline=approval_form,
        created=ApprovalRequest,
    ),
    "approvals:draft_report": Case(
        "manager", get=("period_type", "period_year", "period_number"), post=FORM
    ),
    "approvals:detail": Case("manager", pk("draft")),
    "approvals:edit": Case("manager", pk("draft"), post=FORM),
    "approvals:submit": Case("manager", pk("draft"), get=None, post=()),
    "approvals:refresh_figures": Case("manager", pk("draft"), get=None, post=()),
    "approvals:attach": Case("manager", pk("draft"), get=None, post=("file",), files=("file",)),
    "approvals:attachment": Case(
        "manager", lambda w: {"pk": w.draft.pk, "attachment_pk": w.approval_attachment.pk}
    ),
    "approvals:remove_attachment": Case(
        "manager",
        lambda w: {"pk": w.draft.pk, "attachment_pk": w.approval_attachment.pk},
        get=None,
        post=(),
    ),
    # Dashboards
    "dashboards:manager": Case("manager", get=("days", "client")),
    "dashboards:department": Case("head", get=("days", "assignee")),
    "dashboards:directors": Case("executive", get=("days", "department", "manager")),
    "dashboards:claims": Case(
        "manager",
        get=("mine", "open", "age", "days", "client", "site", "department", "resolved", "fixed"),
    ),
    "dashboards:handoffs": Case("head", get=("state", "assignee", "kind", "cursor")),
    # The admin's own screens over approval requests (the rest of the admin is Django's).
    "admin:approvals_approvalrequest_awaiting": Case("executive", get=("cursor",)),
    "admin:approvals_approvalrequest_decide": Case(
        "executive",
        lambda w: {"object_id": w.submitted.pk, "action": "approve"},
        get=None,
        post=("comment",),
    ),
}

NOT_INPUT = {
    "healthz": "answers the load balancer; reads no request data",
    "favicon": "a redirect to a static file",
    "logout": "Django's LogoutView: POST only, reads nothing but the session",
}


def project_url_names():
    """Every named URL of config.urls, the admin's generated model pages aside."""

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                if inner == "admin":
                    yield from (
                        f"admin:{p.name}"
                        for p in pattern.url_patterns
                        if isinstance(p, URLPattern) and p.name
                    )
                    yield from _admin_custom(pattern)
                    continue
                yield from walk(pattern.url_patterns, inner or namespace)
            elif pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns, None))


def _admin_custom(admin_resolver):
    """The admin URLs the project added (custom model admin views), not Django's own."""
    generated = ("_changelist", "_add", "_history", "_delete", "_change", "_autocomplete")
    for model_patterns in admin_resolver.url_patterns:
        if not isinstance(model_patterns, URLResolver):
            continue
        for pattern in model_patterns.url_patterns:
            name = getattr(pattern, "name", None)
            if name and not name.endswith(generated) and "_simple_history" not in name:
                yield f"admin:{name}"
