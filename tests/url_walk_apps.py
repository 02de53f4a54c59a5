"""The URL walk's cases for the library of documents and the mail intake (tests/url_walk.py
has the core apps'); tests/test_url_access.py walks them all."""

import itertools

from django.core.files.base import ContentFile
from django.utils import timezone

from claims.models import AuditedClaim, QualityAudit, RecurrenceRule
from handoffs.models import Kind as HandoffKind
from intake.models import ClientMailDomain, InboundAttachment, InboundMessage, Outcome
from library import services as library
from library.models import DocumentVersion
from org.models import Department
from org.saved_view_services import saved_view_create
from org.saved_views import PageKey
from tests.clients.factories import SiteFactory
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
    "intake:detail": Case(inbound, lower=WRITE),
    "intake:html": Case(inbound, lower=WRITE),
    "intake:make_claim": Case(inbound, lower=WRITE, post_only=True),
    "intake:attach": Case(inbound, lower=WRITE, post_only=True),
    "intake:dismiss": Case(inbound, lower=WRITE, post_only=True),
    "intake:attachment": Case(inbound_attachment, lower=WRITE),
    "saved_view_rename": Case(saved_view, lower=WRITE, post_only=True, data={"name": "Нова назва"}),
    "saved_view_delete": Case(saved_view, lower=WRITE, post_only=True),
    "saved_view_default": Case(saved_view, lower=WRITE, post_only=True, data={"default": "1"}),
}


def make_admin_objects(world):
    """Rows of these apps' models that their cases did not already create."""
    ClientMailDomain.objects.create(client=world.client, domain="walk.example")
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
