"""Hostile input over every form and list URL: never a 500, nothing half-written.

Every URL pattern of ``config.urls`` (the admin's generated model pages aside: they are
Django's own forms, and the admin tests cover their access) has a case in ``CASES``
saying who rightfully uses it and what it reads, or a reason in ``NOT_INPUT`` why it
reads no user input. A new URL with neither fails ``test_every_url_has_a_case``.

For each case the test sends GET with hostile query values (every parameter at once
with each value, and each parameter alone with a rotating value) and POST with hostile
field values over a valid baseline (the page's own form, or a known-good submit of a
create form). After a refused POST (not a redirect, or a redirect with an error
message) no row count may have changed; after an accepted one the record the URL
creates or keeps is there exactly as expected. No statement may carry a NUL to the
database: PostgreSQL refuses those, SQLite would hide it.
"""

from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

import pytest
from django.contrib.messages import constants as message_levels
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from approvals import services as approval_services
from approvals.models import ApprovalAttachment, ApprovalRequest
from claims.models import Claim, ClaimComment
from clients.models import Client, Contact, Site
from contracts.models import (
    Agreement,
    Contract,
    Obligation,
    ServiceLine,
    StaffingRequirement,
    Stage,
)
from handoffs.models import Handoff, HandoffAttachment, HandoffComment
from org.models import Notification, User
from tests.approvals.factories import ApprovalRequestFactory
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.clients.factories import ContactFactory, SiteFactory
from tests.contracts.factories import (
    ContractFactory,
    ObligationFactory,
    ServiceLineFactory,
    StaffingRequirementFactory,
)
from tests.create_forms import (
    approval_form,
    claim_form,
    client_form,
    contract_form,
    handoff_form,
)
from tests.handoffs.factories import HandoffFactory
from tests.hostile import STATS
from tests.hostile.values import (
    BAD_CURSORS,
    EVERY_FIELD_VALUES,
    HOSTILE_VALUES,
    NON_UTF8,
    SOME_BAD_CURSORS,
    nul_watch,
)

pytestmark = pytest.mark.django_db

TRACKED = (
    Client,
    Contact,
    Site,
    Contract,
    ServiceLine,
    StaffingRequirement,
    Agreement,
    Obligation,
    Claim,
    ClaimComment,
    Handoff,
    HandoffComment,
    HandoffAttachment,
    ApprovalRequest,
    ApprovalAttachment,
    User,
)
# Query parameters every page gets as well as its own: the ones views read most.
COMMON_PARAMS = ("q", "cursor", "page", "tab", "next", "sort")
CURSOR_PARAMS = {"cursor", "before"}
# One field or parameter at a time, each the next of these: every value reaches some.
ROTATION = list(HOSTILE_VALUES.items())
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass
class World:
    users: dict
    client: Client
    contact: Contact
    site: Site
    contract: Contract
    preparation: Contract
    line: ServiceLine
    staffing: StaffingRequirement
    obligation: Obligation
    agreement: Agreement
    claim: Claim
    handoff: Handoff
    done_handoff: Handoff
    handoff_attachment: HandoffAttachment
    draft: ApprovalRequest
    submitted: ApprovalRequest
    approval_attachment: ApprovalAttachment
    notification: Notification


@pytest.fixture
def world(manager, department_staff, department_head, executive_director, general_director):
    client = SupportContractFactory(client__account_manager=manager, manager=manager).client
    contract = client.contracts.get()
    site = SiteFactory(client=client)
    preparation = ContractFactory(client=client, manager=manager, stage=Stage.PREPARATION)
    handoff = HandoffFactory(
        requested_by=manager, department=department_staff.department, contract=contract
    )
    done_handoff = HandoffFactory(
        requested_by=manager,
        department=department_staff.department,
        contract=contract,
        status="done",
        assignee=department_staff,
        result="Готово",
        completed_at=timezone.now(),
    )
    draft = ApprovalRequestFactory(author=manager)
    submitted = approval_services.approval_submit(
        actor=manager, request=ApprovalRequestFactory(author=manager)
    )
    return World(
        users={
            "manager": manager,
            "staff": department_staff,
            "head": department_head,
            "executive": executive_director,
            "general": general_director,
            "anonymous": None,
        },
        client=client,
        contact=ContactFactory(client=client),
        site=site,
        contract=contract,
        preparation=preparation,
        line=ServiceLineFactory(contract=preparation),
        staffing=StaffingRequirementFactory(contract=preparation, site=site),
        obligation=ObligationFactory(contract=contract),
        agreement=Agreement.objects.create(
            contract=contract,
            kind="technical",
            date=timezone.localdate(),
            summary="Графік прибирання",
            document=SimpleUploadedFile("agreement.png", PNG, content_type="image/png"),
            created_by=manager,
        ),
        claim=ClaimFactory(contract=contract, site=site, registered_by=manager),
        handoff=handoff,
        done_handoff=done_handoff,
        handoff_attachment=HandoffAttachment.objects.create(
            handoff=handoff,
            file=SimpleUploadedFile("photo.png", PNG, content_type="image/png"),
            uploaded_by=department_staff,
        ),
        draft=draft,
        submitted=submitted,
        approval_attachment=ApprovalAttachment.objects.create(
            request=draft,
            file=SimpleUploadedFile("plan.png", PNG, content_type="image/png"),
            original_name="plan.png",
            content_type="image/png",
            size=len(PNG),
            uploaded_by=manager,
        ),
        notification=Notification.objects.create(recipient=manager, message="Claim %(number)s"),
    )


# What a URL's page form is: its fields, posted with hostile values over the page's own
# values (an edit form's baseline is the record as it is).
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
        get=("q", "status", "overdue", "department", "contract", "priority", "formal", "cursor"),
    ),
    "claims:export": Case(
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
    "claims:comment": Case("manager", pk("claim"), get=None, post=("text",), created=ClaimComment),
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


def test_every_url_has_a_case():
    names = project_url_names()
    admin_index_views = {
        name
        for name in names
        if name.startswith("admin:") and name not in CASES and "approvalrequest" not in name
    }
    missing = names - set(CASES) - set(NOT_INPUT) - admin_index_views

    assert not missing, f"add a hostile-input case for: {sorted(missing)}"
    assert not (set(CASES) - names), f"cases for URLs that no longer exist: {set(CASES) - names}"


# ------------------------------------------------------------------ the requests


def counts():
    return {model: model.objects.count() for model in TRACKED}


def page_form_data(form):
    """The page's form as the browser would post it back, unchanged."""
    data = {}
    for bound in form:
        if bound.name == "once_token" or bound.field.disabled:
            continue
        value = bound.field.widget.format_value(bound.value())
        if value in (None, "", [], False):
            continue
        if value is True:
            value = "on"
        data[bound.html_name] = value
    return data


def page_form(response):
    context = response.context
    if context is None:
        return None
    form = context.get("form")
    return form if form is not None and hasattr(form, "fields") else None


class Probe:
    """Sends the requests of one case, counting them and every 500 and half-write."""

    def __init__(self, http, url_name):
        self.http = http
        self.url_name = url_name
        self.failures = []

    def _record(self, method, label, response):
        STATS["requests"] += 1
        if response.status_code >= 500:
            STATS["500"] += 1
            error = getattr(response, "exc_info", None)
            self.failures.append(f"{method} {label}: {response.status_code} {error and error[1]!r}")
        return response

    def get(self, url, params, label):
        return self._record("GET", label, self.http.get(url, params))

    def get_raw(self, url, query, label):
        return self._record("GET", label, self.http.get(f"{url}?{query}"))

    def post(self, url, data, label, *, raw=None):
        before = counts()
        if raw is not None:
            response = self.http.post(url, raw, content_type="application/x-www-form-urlencoded")
        else:
            response = self.http.post(url, data)
        self._record("POST", label, response)
        return before, response


def accepted(response):
    if response.status_code not in (301, 302, 303):
        return False
    # The messages this request added; unread ones from earlier requests wait in storage.
    added = response.wsgi_request._messages._queued_messages
    return all(message.level < message_levels.ERROR for message in added)


def lying_file(name):
    return SimpleUploadedFile(
        f"{name}.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )


def run_case(http, world, url_name, case):
    probe = Probe(http, url_name)
    kwargs = case.kwargs(world) if case.kwargs else {}
    url = reverse(url_name, kwargs=kwargs)
    form = None
    if case.get is not None:
        form = page_form(probe.get(url, case.extra, "the page"))
        params = tuple(dict.fromkeys(case.get + COMMON_PARAMS))
        for name in EVERY_FIELD_VALUES:
            every = dict.fromkeys(params, HOSTILE_VALUES[name])
            probe.get(url, {**case.extra, **every}, f"every parameter {name}")
        for index, param in enumerate(params):
            name, value = ROTATION[index % len(ROTATION)]
            probe.get(url, {**case.extra, param: value}, f"{param}: {name}")
            if param in CURSOR_PARAMS:
                for name in SOME_BAD_CURSORS:
                    probe.get(url, {param: BAD_CURSORS[name]}, f"{param}: {name}")
        probe.get_raw(url, "&".join(f"{quote(p)}={NON_UTF8}" for p in params), "non-UTF-8")
        for earlier, later in case.reversed_dates:
            probe.get(url, {earlier: "2026-12-31", later: "2026-01-01"}, "reversed dates")
    if case.post is not None:
        post_case(probe, world, url, case, form)
    return probe


def _baseline(world, case, form):
    if case.baseline is not None:
        return case.baseline(world.users["manager"])[2]
    if form is not None:
        return page_form_data(form)
    return {}


def _posted_fields(url, case, form):
    if case.post == FORM:
        assert form is not None, f"{url}: no form on the page to post"
        return [bound.html_name for bound in form if bound.name != "once_token"]
    return list(case.post)


def _check_post(probe, case, before, response, label):
    after = counts()
    if not accepted(response):
        changed = {m.__name__: (before[m], after[m]) for m in TRACKED if before[m] != after[m]}
        if changed:
            STATS["half-written"] += 1
            probe.failures.append(f"POST {label}: refused, yet rows changed {changed}")
    elif case.created is not None and after[case.created] - before[case.created] != 1:
        probe.failures.append(
            f"POST {label}: accepted, {case.created.__name__} rows "
            f"{before[case.created]} → {after[case.created]}, expected one more"
        )


def post_case(probe, world, url, case, form):
    baseline = _baseline(world, case, form)
    fields = _posted_fields(url, case, form)

    def check(before, response, label):
        _check_post(probe, case, before, response, label)

    for name in EVERY_FIELD_VALUES:
        data = {**baseline, **dict.fromkeys(fields, HOSTILE_VALUES[name])}
        before, response = probe.post(url, data, f"every field {name}")
        check(before, response, f"every field {name}")
    for index, field_name in enumerate(fields):
        for name, value in (("1 MB", HOSTILE_VALUES["1 MB"]), ROTATION[index % len(ROTATION)]):
            data = {**baseline, field_name: value}
            before, response = probe.post(url, data, f"{field_name}: {name}")
            check(before, response, f"{field_name}: {name}")
    if fields:
        raw = urlencode(baseline, doseq=True) + "".join(
            f"&{quote(name)}={NON_UTF8}" for name in fields
        )
        before, response = probe.post(url, None, "non-UTF-8", raw=raw)
        check(before, response, "non-UTF-8")
    for earlier, later in case.reversed_dates:
        data = {**baseline, earlier: "2026-12-31", later: "2026-01-01"}
        before, response = probe.post(url, data, "reversed dates")
        check(before, response, "reversed dates")
    for name in case.files:
        data = {**baseline, name: lying_file(name)}
        before, response = probe.post(url, data, f"{name}: a file that lies")
        check(before, response, f"{name}: a file that lies")


@pytest.mark.parametrize("url_name", sorted(CASES))
def test_hostile_input_never_gives_a_500_nor_a_half_write(world, url_name):
    case = CASES[url_name]
    http = HttpClient(raise_request_exception=False)
    user = world.users[case.user]
    if user is not None:
        http.force_login(user)
    STATS["urls"] += 1

    with nul_watch() as watch:
        probe = run_case(http, world, url_name, case)

    assert not probe.failures, "\n".join(probe.failures[:20])
    assert not watch.found, f"NUL reached the database: {watch.found[:5]}"
