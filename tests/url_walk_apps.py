"""The URL walk's cases for the library of documents and the mail intake (tests/url_walk.py
has the core apps'); tests/test_url_access.py walks them all."""

import itertools

from django.core.files.base import ContentFile
from django.utils import timezone

from approvals.services import approval_approve
from claims.models import (
    AuditedClaim,
    ClaimAttachment,
    ClaimMessage,
    QualityAudit,
    RecurrenceRule,
)
from handoffs.models import Kind as HandoffKind
from intake.models import ClientMailDomain, InboundAttachment, InboundMessage, Outcome
from library import services as library
from library.models import DocumentVersion
from org.models import Department
from org.roles import Role
from org.saved_view_services import saved_view_create
from org.saved_views import PageKey
from reports import services as reports
from staffing import services as staffing
from tests.clients.factories import SiteFactory
from tests.contracts.factories import ContractFactory
from tests.org.factories import UserFactory
from tests.url_walk import WRITE, Case
from webhooks.models import Delivery, Endpoint

NO_OBJECT_ID = {
    # The library's list, its new-document form and the menu badge (tests/library/test_access.py).
    "library:list",
    "library:create",
    "library:badge",
    # Unmatched mail: filtered by visible_to (tests/intake/test_access.py).
    "intake:list",
    # A page key (claims, inbox, portfolio), not an object: each lists only the user's own
    # and their team's views (tests/org/test_saved_views.py).
    "saved_view_manage",
    "saved_view_save",
    # The general director's screen of managers: refused to everyone else
    # (tests/staffing/test_views.py).
    "staffing:home",
    "staffing:appoint",
    "staffing:dismiss",
    "staffing:transfer",
    # The client reports' list (visible_to) and the month's drafting of the user's own
    # contracts (tests/reports/test_views.py).
    "reports:list",
    "reports:draft_month",
    # The BAS export: a month's batch of the contracts visible_to gives (tests/accounting).
    "accounting:bas",
    "accounting:bas_download",
}

DOCUMENT_NUMBERS = itertools.count(1)


def library_version(stage="draft", *, file=False):
    """A version of a new document for the production department: a draft (its editors'
    only), submitted (the general director decides) or approved (its people acknowledge)."""

    def build(world):
        executive = world.people["executive"]
        document = library.document_create(
            actor=executive,
            kind="order",
            number=f"Н-{next(DOCUMENT_NUMBERS)}",
            title="Наказ",
            departments=[Department.objects.get(code="production")],
            text="Текст наказу",
            file=ContentFile(b"%PDF-1.4 order", name="order.pdf") if file else None,
        )
        version = document.versions.get()
        if stage != "draft":
            version = library.version_submit(actor=executive, version=version)
        if stage == "approved":
            version = library.version_approve(
                actor=world.people["general_director"],
                version=version,
                effective_from=timezone.localdate(),
            )
        return {"pk": version.pk}

    return build


def library_document(world):
    return {"pk": DocumentVersion.objects.get(**library_version()(world)).document_id}


def inbound(world):
    """A letter from the owner manager's client that no rule could place."""
    message = InboundMessage.objects.create(
        source="eml", outcome=Outcome.TRIAGE, client=world.client, from_address="a@x.example"
    )
    return {"pk": message.pk}


def inbound_attachment(world):
    attachment = InboundAttachment.objects.create(
        message=InboundMessage.objects.get(**inbound(world)),
        file=ContentFile(b"%PDF-1.4", name="a.pdf"),
        filename="a.pdf",
        content_type="application/pdf",
        size=8,
    )
    return {"pk": attachment.pk}


def saved_view(world):
    """The owner manager's claim view, shared: the other manager may open it, never change it."""
    view = saved_view_create(
        actor=world.manager,
        page=PageKey.CLAIMS,
        name=f"Нові {next(DOCUMENT_NUMBERS)}",
        query="status=new",
        shared=True,
        is_default=False,
    )
    return {"pk": view.pk}


def portfolio_transfer(world):
    """A transfer between two managers of their own (the walk's portfolio stays put)."""
    old, new = UserFactory(role=Role.SUPPORT_MANAGER), UserFactory(role=Role.SUPPORT_MANAGER)
    ContractFactory(client__account_manager=old, manager=old)
    done = staffing.portfolio_transfer(
        actor=world.people["general_director"], from_manager=old, to_manager=new
    )
    return {"pk": done.pk}


def client_report(stage="draft"):
    """This month's report of a new contract of the owner manager: a draft, or approved."""

    def build(world):
        contract = world.new_contract()
        report, _created = reports.client_report_draft(
            contract=contract, month=timezone.localdate().replace(day=1)
        )
        if stage == "approved":
            report = reports.client_report_submit(actor=world.manager, report=report)
            approval_approve(actor=world.people["executive"], request=report.approval)
        return {"pk": report.pk}

    return build


# A department sees the contract through its hand-offs, never what is written to its client.
REPORT = {"lower": ("staff", "head")}


# Drafts are their editors' (directors, department heads): managers and staff see none.
LIBRARY_EDITOR = {"owner": "executive", "lower": ("manager", "staff")}
# Only the general director decides; the other editors see the version but may not.
LIBRARY_DECISION = {"owner": "general_director", "lower": ("manager", "staff", "executive", "head")}

CASES = {
    "library:document": Case(library_document, **LIBRARY_EDITOR),
    "library:version_create": Case(library_document, **LIBRARY_EDITOR),
    "library:version": Case(library_version(), **LIBRARY_EDITOR),
    "library:version_edit": Case(library_version(), **LIBRARY_EDITOR),
    "library:submit": Case(library_version(), post_only=True, **LIBRARY_EDITOR),
    "library:file": Case(library_version(file=True), **LIBRARY_EDITOR),
    "library:approve": Case(
        library_version("submitted"),
        post_only=True,
        data={"effective_from": "2026-12-01"},
        **LIBRARY_DECISION,
    ),
    "library:return": Case(
        library_version("submitted"), post_only=True, data={"comment": "Ні"}, **LIBRARY_DECISION
    ),
    # Everyone reads an approved version; only the people it applies to acknowledge it.
    "library:acknowledge": Case(
        library_version("approved"), owner="staff", lower=("manager",), post_only=True
    ),
    # Only the general director opens a transfer's record.
    "staffing:transfer_detail": Case(
        portfolio_transfer,
        owner="general_director",
        lower=("manager", "staff", "head", "executive", "staff_without_permissions"),
    ),
    "intake:detail": Case(inbound, lower=WRITE),
    "intake:html": Case(inbound, lower=WRITE),
    "intake:make_claim": Case(inbound, lower=WRITE, post_only=True),
    "intake:attach": Case(inbound, lower=WRITE, post_only=True),
    "intake:dismiss": Case(inbound, lower=WRITE, post_only=True),
    "intake:attachment": Case(inbound_attachment, lower=WRITE),
    "saved_view_rename": Case(saved_view, lower=WRITE, post_only=True, data={"name": "Нова назва"}),
    "saved_view_delete": Case(saved_view, lower=WRITE, post_only=True),
    "saved_view_default": Case(saved_view, lower=WRITE, post_only=True, data={"default": "1"}),
    "reports:detail": Case(client_report(), **REPORT),
    "reports:edit": Case(client_report(), **REPORT),
    "reports:refresh": Case(client_report(), post_only=True, **REPORT),
    "reports:submit": Case(client_report(), post_only=True, **REPORT),
    "reports:pdf": Case(client_report(), **REPORT),
    "reports:send": Case(client_report("approved"), post_only=True, **REPORT),
}


def claim_file(world):
    item = ClaimAttachment.objects.create(
        claim=world.claim,
        file=ContentFile(b"%PDF-1.4 act", name="act.pdf"),
        filename="act.pdf",
        content_type="application/pdf",
        size=12,
        uploaded_by=world.manager,
    )
    return {"pk": item.pk}


def failed_reply(world):
    """A reply to the client whose every send failed: "send again" is allowed on it."""
    reply = ClaimMessage.objects.create(
        claim=world.claim,
        direction="out",
        message_id=f"<walk-{next(DOCUMENT_NUMBERS)}@casedesk.example>",
        to_addresses=["client@walk.example"],
        subject=f"[#{world.claim.pk}] Re",
        body="Відповідь",
        sent_by=world.manager,
        status="failed",
    )
    return {"pk": reply.pk}


# The claim's correspondence and files: whoever sees the claim downloads its files; only
# its manager (their cover, a director) writes to the client and adds files.
REPLY_CASES = {
    "claims:reply": Case(lambda w: {"pk": w.new_claim().pk}, lower=WRITE),
    "claims:file_add": Case(lambda w: {"pk": w.new_claim().pk}, lower=WRITE, post_only=True),
    "claims:file": Case(claim_file),
    "claims:reply_resend": Case(failed_reply, lower=WRITE, post_only=True),
}
CASES.update(REPLY_CASES)


def make_admin_objects(world):
    """Rows of these apps' models that their cases did not already create."""
    ClientMailDomain.objects.create(client=world.client, domain="walk.example")
    failed_reply(world)
    claim_file(world)
    _quality_audit(world)
    _webhook_delivery()


def _webhook_delivery():
    """An endpoint (whose change page shows its secret) and one delivery of its log."""
    endpoint = Endpoint.objects.create(url="https://hooks.example.com/walk", events=[])
    Delivery.objects.create(
        endpoint=endpoint,
        event_id=1,
        event="claim.registered",
        payload={"id": 1},
        retry_until=timezone.now(),
    )


def _quality_audit(world):
    """An audit the recurring-problem rule opened (the rule itself is seeded)."""
    rule = RecurrenceRule.objects.order_by("pk").first()
    audit = QualityAudit.objects.create(
        rule=rule,
        site=SiteFactory(client=world.client),
        handoff=world.new_handoff(),
        window_starts_at=world.claim.received_at,
        window_ends_at=world.claim.received_at,
    )
    audit.handoff.kind = HandoffKind.QUALITY_AUDIT
    audit.handoff.save(update_fields=["kind"])
    AuditedClaim.objects.create(audit=audit, claim=world.claim, rule=rule)
