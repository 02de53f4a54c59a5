"""The URL walk: every URL pattern of the project, and for each one that takes an object
id, proof that only the rightful user gets in.

For each such pattern, CASES says how to build its object and who owns it. Then, on GET
and on POST: anonymous users are sent to a sign-in page, and a signed-in user without a
role, a manager of another portfolio, a member of another department and the pattern's
lower roles get 403 or 404 (405 on GET of a POST-only URL); the owner gets 200 or 302
(on GET, or on POST for a POST-only URL), so each case is real.

A pattern that is in neither CASES nor NO_OBJECT_ID fails the walk: a new URL needs a case.
The admin's generic per-object pages (change, delete, history) are walked for one object
of every registered model by the same rules, with a staff user without permissions as the
lower role and a superuser as the owner.
"""

import datetime
import logging
from dataclasses import dataclass, field

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from approvals.models import ApprovalAttachment, Kind
from approvals.services import approval_submit
from claims.models import ClaimEvent, ClaimStatus
from contracts.models import Agreement, ExpiryWarning, Stage, StageEvent
from contracts.services import TRANSITIONS
from handoffs.models import (
    Escalation,
    EscalationLevel,
    HandoffAttachment,
    HandoffComment,
    HandoffEvent,
    Status,
)
from org.models import AbsenceCover, Notification
from org.roles import Role
from tests.approvals.factories import ApprovalRequestFactory
from tests.claims.factories import ClaimCommentFactory, ClaimFactory, SupportContractFactory
from tests.clients.factories import ClientFactory, ContactFactory, SiteFactory
from tests.contracts.factories import (
    ObligationFactory,
    ServiceLineFactory,
    StaffingRequirementFactory,
)
from tests.handoffs.factories import HandoffFactory
from tests.org.factories import UserFactory, department

pytestmark = pytest.mark.django_db

# Patterns without an object id: lists, forms for new records, exports, the HTMX bulk
# endpoint, dashboards, settings, sign-in. tests/org/test_access.py checks that each
# needs a signed-in user; the lists filter through visible_to (tested per app).
NO_OBJECT_ID = {
    "home",
    "healthz",
    "favicon",
    "search",
    # A picker's source (contracts, clients …), not an object: its results come from
    # visible_to, tested in tests/org/test_autocomplete.py.
    "autocomplete",
    "login",
    "logout",
    "set_language",
    "notifications",
    "notifications_read_all",
    "notification_settings",
    "clients:list",
    "clients:create",
    "contracts:list",
    "contracts:portfolio",
    "contracts:create",
    "claims:list",
    "claims:export",
    "claims:register",
    "claims:my_work",
    "handoffs:inbox",
    "handoffs:inbox_export",
    "handoffs:bulk",
    "handoffs:mine",
    "handoffs:create",
    "approvals:mine",
    "approvals:choose_kind",
    # A kind of request (plan, report …), not an object: any manager may write any kind.
    "approvals:create",
    "approvals:draft_report",
    "dashboards:manager",
    "dashboards:department",
    "dashboards:directors",
    "dashboards:claims",
    "dashboards:handoffs",
    # The admin's pages without an object: each is behind the admin's staff check.
    "admin:index",
    "admin:login",
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
    "admin:autocomplete",
    "admin:jsi18n",
    "admin:approvals_approvalrequest_awaiting",
}
# An app label, not an object id.
NO_OBJECT_ID_PREFIXES = ("admin:app_list",)
# Admin URL names per registered model; the walk builds them for one object of each.
ADMIN_GENERIC_SUFFIXES = ("_changelist", "_add", "_change", "_delete", "_history")
ADMIN_OBJECT_SUFFIXES = ("_change", "_delete", "_history", "_simple_history")


class World:
    """The people and records the cases are built from (factories only)."""

    def __init__(self):
        production = department("production")
        self.people = {
            "manager": UserFactory(role=Role.SUPPORT_MANAGER, username="owner_manager"),
            "other_manager": UserFactory(role=Role.SUPPORT_MANAGER, username="other_manager"),
            "staff": UserFactory(role=Role.DEPARTMENT_STAFF, department=production),
            "head": UserFactory(role=Role.DEPARTMENT_HEAD, department=production),
            "other_department": UserFactory(
                role=Role.DEPARTMENT_STAFF, department=department("hr")
            ),
            "roleless": UserFactory(username="roleless"),
            "executive": UserFactory(role=Role.EXECUTIVE_DIRECTOR, is_staff=True),
            "staff_without_permissions": UserFactory(is_staff=True, username="bare_staff"),
            "superuser": UserFactory(is_staff=True, is_superuser=True, username="root"),
        }
        self.people["general_director"] = UserFactory(role=Role.GENERAL_DIRECTOR, is_staff=True)
        production.head = self.people["head"]
        production.save(update_fields=["head"])
        self.manager = self.people["manager"]
        self.client = ClientFactory(account_manager=self.manager)
        self.contract = self.new_contract()
        self.claim = self.new_claim()
        self.handoff = self.new_handoff()

    def is_staff(self, who):
        return who != "anonymous" and self.people[who].is_staff

    def new_contract(self, stage=Stage.SUPPORT):
        return SupportContractFactory(client=self.client, manager=self.manager, stage=stage)

    def new_claim(self, status=ClaimStatus.NEW):
        claim = ClaimFactory(contract=self.contract, status=status)
        # The production department works on it, so its staff see the claim and contract.
        HandoffFactory(
            claim=claim, contract=self.contract, client=self.client, requested_by=self.manager
        )
        return claim

    def new_handoff(self, status=Status.OPEN, assignee=None):
        return HandoffFactory(
            contract=self.contract,
            client=self.client,
            claim=self.claim,
            requested_by=self.manager,
            status=status,
            assignee=assignee,
        )

    def new_approval(self, *, submitted=False):
        approval = ApprovalRequestFactory(author=self.manager, kind=Kind.PROPOSAL)
        if submitted:
            approval = approval_submit(actor=self.manager, request=approval)
        return approval


def approval_attachment(world):
    approval = world.new_approval()
    item = ApprovalAttachment.objects.create(
        request=approval,
        file=ContentFile(b"%PDF-1.4 plan", name="plan.pdf"),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=13,
        uploaded_by=world.manager,
    )
    return {"pk": approval.pk, "attachment_pk": item.pk}


def handoff_attachment(world):
    item = HandoffAttachment.objects.create(
        handoff=world.handoff,
        file=ContentFile(b"%PDF-1.4 act", name="act.pdf"),
        uploaded_by=world.manager,
    )
    return {"pk": item.pk}


def agreement(world):
    item = Agreement.objects.create(
        contract=world.contract,
        date=timezone.localdate(),
        summary="Графік прибирання змінено",
        document=ContentFile(b"%PDF-1.4 agreement", name="agreement.pdf"),
        created_by=world.manager,
    )
    return {"pk": item.pk}


def notification(world):
    item = Notification.objects.create(recipient=world.manager, message="Нове доручення")
    return {"pk": item.pk}


@dataclass(frozen=True)
class Case:
    build: object  # World -> the URL's kwargs
    owner: str = "manager"
    # Roles that may see related records but not this: beside the ones every case has.
    lower: tuple[str, ...] = ()
    post_only: bool = False
    # What every POST sends: enough that a refusal comes from the rights, not a missing field.
    data: dict = field(default_factory=dict)


def on_client(world):
    return {"pk": world.client.pk}


def on_contract(world):
    return {"pk": world.contract.pk}


def on_claim(status):
    return lambda world: {"pk": world.new_claim(status).pk}


def on_handoff(status=Status.OPEN, assignee=None):
    def build(world):
        return {"pk": world.new_handoff(status, world.people.get(assignee)).pk}

    return build


def on_approval(world):
    return {"pk": world.new_approval().pk}


# Department staff see a portfolio's client, contract and claim through their hand-off,
# but may not change them: they are the lower role of every write on a portfolio.
WRITE = ("staff",)
TRANSITION_STAGES = {
    "conclude": Stage.PREPARATION,
    "extend": Stage.TERMINATION,
    "begin_termination": Stage.SUPPORT,
    "close": Stage.TERMINATION,
    "cancel": Stage.PREPARATION,
}

CASES = {
    "clients:detail": Case(on_client),
    "clients:update": Case(on_client, lower=WRITE),
    "clients:contact_create": Case(on_client, lower=WRITE),
    "clients:contact_update": Case(
        lambda w: {"pk": w.client.pk, "contact_pk": ContactFactory(client=w.client).pk},
        lower=WRITE,
    ),
    "clients:contact_delete": Case(
        lambda w: {"pk": w.client.pk, "contact_pk": ContactFactory(client=w.client).pk},
        lower=WRITE,
        post_only=True,
    ),
    "clients:site_create": Case(on_client, lower=WRITE),
    "clients:site_update": Case(
        lambda w: {"pk": w.client.pk, "site_pk": SiteFactory(client=w.client).pk}, lower=WRITE
    ),
    "clients:site_delete": Case(
        lambda w: {"pk": w.client.pk, "site_pk": SiteFactory(client=w.client).pk},
        lower=WRITE,
        post_only=True,
    ),
    "contracts:detail": Case(on_contract),
    "contracts:update": Case(on_contract, lower=WRITE),
    "contracts:timeline": Case(on_contract),
    "contracts:request_site_survey": Case(
        lambda w: {"pk": w.new_contract(Stage.PREPARATION).pk}, lower=WRITE, post_only=True
    ),
    "contracts:service_line_add": Case(on_contract, lower=WRITE),
    "contracts:service_line_update": Case(
        lambda w: {"pk": ServiceLineFactory(contract=w.contract).pk}, lower=WRITE
    ),
    "contracts:service_line_delete": Case(
        lambda w: {"pk": ServiceLineFactory(contract=w.contract).pk}, lower=WRITE, post_only=True
    ),
    "contracts:staffing_add": Case(on_contract, lower=WRITE),
    "contracts:staffing_update": Case(
        lambda w: {"pk": StaffingRequirementFactory(contract=w.contract).pk}, lower=WRITE
    ),
    "contracts:staffing_delete": Case(
        lambda w: {"pk": StaffingRequirementFactory(contract=w.contract).pk},
        lower=WRITE,
        post_only=True,
    ),
    "contracts:agreement_add": Case(on_contract, lower=WRITE),
    "contracts:agreement_download": Case(agreement),
    "contracts:obligation_add": Case(on_contract, lower=WRITE),
    "contracts:obligation_fulfil": Case(
        lambda w: {"pk": ObligationFactory(contract=w.contract).pk}, lower=WRITE, post_only=True
    ),
    **{
        f"contracts:{name}": Case(
            lambda w, stage=TRANSITION_STAGES[name]: {"pk": w.new_contract(stage).pk},
            lower=WRITE,
            post_only=True,
        )
        for name in TRANSITIONS
    },
    "claims:detail": Case(on_claim(ClaimStatus.NEW)),
    "claims:respond": Case(on_claim(ClaimStatus.NEW), lower=WRITE, post_only=True),
    "claims:resolve": Case(on_claim(ClaimStatus.IN_PROGRESS), lower=WRITE, post_only=True),
    "claims:close": Case(on_claim(ClaimStatus.RESOLVED), lower=WRITE, post_only=True),
    "claims:reopen": Case(on_claim(ClaimStatus.RESOLVED), lower=WRITE, post_only=True),
    "claims:comment": Case(on_claim(ClaimStatus.NEW), post_only=True),
    # Hand-offs belong to their department: its staff work them, its head assigns them.
    "handoffs:detail": Case(on_handoff(), owner="staff"),
    "handoffs:take": Case(on_handoff(), owner="staff", lower=("manager",), post_only=True),
    "handoffs:assign": Case(on_handoff(), owner="head", lower=("staff",), post_only=True),
    "handoffs:start": Case(
        on_handoff(assignee="staff"), owner="staff", lower=("manager",), post_only=True
    ),
    "handoffs:complete": Case(
        on_handoff(Status.IN_PROGRESS, "staff"),
        owner="staff",
        lower=("manager",),
        post_only=True,
        data={"result": "Прибирання виконано"},
    ),
    "handoffs:decline": Case(
        on_handoff(Status.IN_PROGRESS, "staff"),
        owner="staff",
        lower=("manager",),
        post_only=True,
        data={"reason": "Не наш відділ"},
    ),
    "handoffs:reopen": Case(on_handoff(Status.DONE, "staff"), owner="manager", post_only=True),
    "handoffs:comment": Case(on_handoff(), owner="staff", post_only=True),
    "handoffs:attach": Case(on_handoff(), owner="staff", post_only=True),
    "handoffs:attachment": Case(handoff_attachment, owner="staff"),
    # Requests to the directors: the manager who writes them; department staff never see them.
    "approvals:detail": Case(on_approval, lower=WRITE),
    "approvals:edit": Case(on_approval, lower=WRITE),
    "approvals:submit": Case(on_approval, lower=WRITE, post_only=True),
    "approvals:refresh_figures": Case(
        lambda w: {"pk": ApprovalRequestFactory(author=w.manager, kind=Kind.REPORT).pk},
        lower=WRITE,
        post_only=True,
    ),
    "approvals:attach": Case(on_approval, lower=WRITE, post_only=True),
    "approvals:attachment": Case(approval_attachment, lower=WRITE),
    "approvals:remove_attachment": Case(approval_attachment, lower=WRITE, post_only=True),
    "notification_open": Case(notification, lower=WRITE, post_only=True),
    "notification_read": Case(notification, lower=WRITE, post_only=True),
    # The directors' decision buttons: the executive director decides a proposal; its author
    # (a manager) never decides, nor does a staff user without the approvals permission.
    "admin:approvals_approvalrequest_decide": Case(
        lambda w: {"object_id": w.new_approval(submitted=True).pk, "action": "approve"},
        owner="executive",
        lower=("manager", "staff_without_permissions"),
        post_only=True,
    ),
    # The user admin's password form: nobody below superuser sets a superuser's password.
    "admin:auth_user_password_change": Case(
        lambda w: {"id": w.people["superuser"].pk},
        owner="superuser",
        lower=("staff_without_permissions", "general_director"),
    ),
    # The admin's "view on site" redirect: staff only.
    "admin:view_on_site": Case(
        lambda w: {
            "content_type_id": ContentType.objects.get_for_model(w.client).pk,
            "object_id": w.client.pk,
        },
        owner="superuser",
    ),
}

EVERYONE_DENIED = ("roleless", "other_manager", "other_department")
# For the admin's generic pages, which check only staff status and model permissions.
ADMIN_DENIED = ("anonymous", "other_manager", "staff_without_permissions")
DENIED = {403, 404}
ALLOWED = {200, 302}


def url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def admin_generic_names(present):
    """The admin's per-model URL names (the history version page only where it exists)."""
    names = {}
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        for suffix in (*ADMIN_GENERIC_SUFFIXES, "_simple_history"):
            if prefix + suffix in present:
                names[prefix + suffix] = model
    return names


@dataclass
class Walk:
    world: World
    requests: int = 0
    leaks: list = field(default_factory=list)
    clients: dict = field(default_factory=dict)

    def client_of(self, who):
        """One signed-in test client per identity, kept for the whole walk."""
        if who not in self.clients:
            client = Client(raise_request_exception=False)
            if who != "anonymous":
                client.force_login(self.world.people[who])
            self.clients[who] = client
        return self.clients[who]

    def check(self, who, method, url, allowed, label, *, data=None, admin_page=False):
        response = getattr(self.client_of(who), method)(url, data or {})
        self.requests += 1
        status = response.status_code
        location = response.get("Location", "") if status == 302 else ""
        to_sign_in = "/accounts/login/" in location or "/admin/login/" in location
        if who == "anonymous":
            ok = to_sign_in
        elif admin_page and not self.world.is_staff(who):
            # The admin sends signed-in users who are not staff to its own sign-in page.
            ok = to_sign_in or status in DENIED
        else:
            ok = status in allowed
        if not ok:
            self.leaks.append(f"{label}: {who} {method.upper()} {url} -> {status}")
        return response

    def outsiders(self, url, label, case, *, denied=None, admin_page=False):
        denied = denied or ("anonymous", *EVERYONE_DENIED, *case.lower)
        get_allowed = DENIED | ({405} if case.post_only else set())
        for who in dict.fromkeys(denied):
            self.check(who, "get", url, get_allowed, label, admin_page=admin_page)
            self.check(who, "post", url, DENIED, label, data=case.data, admin_page=admin_page)


@pytest.fixture
def quiet_refusals():
    """Each 403 and 404 is logged with its traceback; a 500 (an error) still is."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


def test_every_url_with_an_object_id_lets_in_only_its_rightful_user(quiet_refusals, request):
    world = World()
    walk = Walk(world=world)
    names = list(dict.fromkeys(url_names()))
    generic = admin_generic_names(set(names))

    missing = [
        name
        for name in names
        if name not in CASES
        and name not in NO_OBJECT_ID
        and name not in generic
        and not name.startswith(NO_OBJECT_ID_PREFIXES)
    ]
    assert missing == [], f"URL patterns without an access case (add them to CASES): {missing}"
    stale = [name for name in [*CASES, *NO_OBJECT_ID] if name not in names]
    assert stale == [], f"cases for URL names that no longer exist: {stale}"

    walked = 0
    for name in names:
        case = CASES.get(name)
        if case is None:
            continue
        url = reverse(name, kwargs=case.build(world))
        admin_page = name.startswith("admin:")
        walk.outsiders(url, name, case, admin_page=admin_page)
        method = "post" if case.post_only else "get"
        walk.check(case.owner, method, url, ALLOWED, name, data=case.data)
        walked += 1

    walked += walk_admin_objects(walk, world, generic)

    # The counts the terminal summary prints (tests/conftest.py).
    request.node.user_properties.append(
        ("url_walk", {"patterns": walked, "requests": walk.requests, "leaks": len(walk.leaks)})
    )
    assert walk.leaks == [], "\n".join(walk.leaks)
    assert walked >= len(CASES)


def walk_admin_objects(walk, world, generic):
    """change, delete, history and a history version of one object of every model."""
    make_admin_objects(world)
    case = Case(build=None, owner="superuser", lower=("staff_without_permissions",))
    walked = 0
    for name, model in generic.items():
        if not name.endswith(ADMIN_OBJECT_SUFFIXES):
            continue
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"no {model._meta.label} for the admin walk: make one"
        if name.endswith("_simple_history"):
            version = obj.history.order_by("history_id").first()
            if version is None:  # made by a data migration, before history was kept
                obj.save()
                version = obj.history.get()
            url = reverse(name, args=[obj.pk, version.history_id])
        else:
            url = reverse(name, args=[obj.pk])
        walk.outsiders(url, name, case, denied=ADMIN_DENIED, admin_page=True)
        # Some admins forbid deleting even for superusers (records are archived, not deleted).
        owner_allowed = ALLOWED | ({403} if name.endswith("_delete") else set())
        walk.check("superuser", "get", url, owner_allowed, name)
        walked += 1
    return walked


def make_admin_objects(world):
    """Rows of the models that the cases above did not already create."""
    approval = world.new_approval(submitted=True)
    ClaimCommentFactory(claim=world.claim, author=world.manager)
    actor = {"actor": world.manager}
    ClaimEvent.objects.create(claim=world.claim, to_status=ClaimStatus.NEW, **actor)
    StageEvent.objects.create(contract=world.contract, to_stage=Stage.SUPPORT, **actor)
    HandoffEvent.objects.create(handoff=world.handoff, to_status=Status.OPEN, **actor)
    HandoffComment.objects.create(handoff=world.handoff, author=world.manager, text="Прошу")
    ExpiryWarning.objects.get_or_create(
        contract=world.contract,
        threshold_days=90,
        defaults={"deadline": timezone.localdate() + datetime.timedelta(days=90)},
    )
    Escalation.objects.create(
        handoff=world.handoff, level=EscalationLevel.DEPARTMENT, due_at=timezone.now()
    )
    other = UserFactory(role=Role.SUPPORT_MANAGER)
    AbsenceCover.objects.create(
        absent=world.manager,
        cover=other,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=2),
        created_by=world.people["executive"],
    )
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        extra = {"failures_since_start": 1} if model is AccessAttempt else {}
        model.objects.create(username="x", ip_address="10.0.0.1", user_agent="test", **extra)
    return approval
