"""The URL walk's cases: how to build each pattern's object and who owns it (the walker
is tests/url_walker.py; the walk itself is tests/test_url_access.py)."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone

from approvals.models import ApprovalAttachment, Kind
from approvals.services import approval_submit
from claims.models import ClaimStatus
from contracts.models import Agreement, Stage, TerminationItem
from contracts.services import TRANSITIONS
from handoffs.models import (
    HandoffAttachment,
    Status,
)
from org.models import Notification
from org.roles import Role
from tests.approvals.factories import ApprovalRequestFactory
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.clients.factories import ClientFactory, ContactFactory, SiteFactory
from tests.contracts.factories import (
    ObligationFactory,
    ServiceLineFactory,
    StaffingRequirementFactory,
)
from tests.handoffs.factories import HandoffFactory
from tests.org.factories import UserFactory, department

# Patterns without an object id: lists, forms for new records, exports, the HTMX bulk
# endpoint, dashboards, settings, sign-in. tests/org/test_access.py checks that each


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
    # A read-only API resource: a POST is 405 for everyone, before any record is looked up.
    get_only: bool = False


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


def termination_item(world):
    contract = world.new_contract(stage=Stage.TERMINATION)
    return {"pk": TerminationItem.objects.create(contract=contract, text="Здати ключі").pk}


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
    "clients:site_detail": Case(
        lambda w: {"pk": w.client.pk, "site_pk": SiteFactory(client=w.client).pk}
    ),
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
    "contracts:termination_prefill": Case(on_contract, lower=WRITE, post_only=True),
    "contracts:termination_item_add": Case(
        on_contract, lower=WRITE, post_only=True, data={"text": "Здати ключі"}
    ),
    "contracts:termination_item_tick": Case(
        termination_item, lower=WRITE, post_only=True, data={"done": "1"}
    ),
    "contracts:termination_item_remove": Case(termination_item, lower=WRITE, post_only=True),
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
    "claims:wait": Case(on_claim(ClaimStatus.IN_PROGRESS), lower=WRITE, post_only=True),
    "claims:resume": Case(on_claim(ClaimStatus.WAITING), lower=WRITE, post_only=True),
    "claims:comment": Case(on_claim(ClaimStatus.NEW), post_only=True),
    "claims:post": Case(on_claim(ClaimStatus.NEW), lower=WRITE),
    # Hand-offs belong to their department: its staff work them, its head assigns them.
    "handoffs:detail": Case(on_handoff(), owner="staff"),
    "handoffs:row_more": Case(on_handoff(), owner="staff"),
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
