"""Hostile-input cases for the library of documents and the mail intake (cases.py has the
core apps'); each builder makes the record its URL needs."""

import itertools

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from approvals.services import approval_approve
from claims.models import ClaimAttachment, ClaimMessage
from intake.models import InboundAttachment, InboundMessage, Outcome
from library import services as library
from org.roles import Role
from org.saved_view_services import saved_view_create
from org.saved_views import PageKey
from reports import services as reports
from staffing import services as staffing
from tests.claims.factories import SupportContractFactory
from tests.contracts.factories import ContractFactory
from tests.hostile.cases import FORM, Case
from tests.hostile.world import PNG
from tests.org.factories import UserFactory

LIBRARY_NUMBERS = itertools.count(1)


def library_version(stage="approved", *, file=False, document=False):
    """A new document for support managers and its first version at ``stage``: the URL's
    version (or its ``document``)."""

    def build(world):
        executive, general = world.users["executive"], world.users["general"]
        created = library.document_create(
            actor=executive,
            kind="instruction",
            number=f"ПІ-{next(LIBRARY_NUMBERS)}",
            title="Посадова інструкція",
            roles=list(Group.objects.filter(name="support_manager")),
            text="1. Загальні положення",
            file=SimpleUploadedFile("job.png", PNG, content_type="image/png") if file else None,
        )
        version = created.versions.get()
        if stage != "draft":
            version = library.version_submit(actor=executive, version=version)
        if stage == "approved":
            version = library.version_approve(
                actor=general, version=version, effective_from=timezone.localdate()
            )
        return {"pk": created.pk if document else version.pk}

    return build


def _triage_letter(world):
    return InboundMessage.objects.create(
        source="eml", outcome=Outcome.TRIAGE, client=world.client, from_address="a@x.example"
    )


def inbound(world):
    return {"pk": _triage_letter(world).pk}


def inbound_attachment(world):
    attachment = InboundAttachment.objects.create(
        message=_triage_letter(world),
        file=ContentFile(b"%PDF-1.4", name="a.pdf"),
        filename="a.pdf",
        content_type="application/pdf",
        size=8,
    )
    return {"pk": attachment.pk}


def claim_file(world):
    item = ClaimAttachment.objects.create(
        claim=world.claim,
        file=ContentFile(b"%PDF-1.4", name="a.pdf"),
        filename="a.pdf",
        content_type="application/pdf",
        size=8,
    )
    return {"pk": item.pk}


def failed_reply(world):
    reply = ClaimMessage.objects.create(
        claim=world.claim,
        direction="out",
        message_id=f"<hostile-{next(LIBRARY_NUMBERS)}@casedesk.example>",
        to_addresses=["a@x.example"],
        subject="Re",
        body="Так",
        status="failed",
    )
    return {"pk": reply.pk}


def saved_view(world):
    view = saved_view_create(
        actor=world.users["manager"],
        page=PageKey.CLAIMS,
        name=f"Нові {next(LIBRARY_NUMBERS)}",
        query="status=new&sort=-received",
        shared=True,
        is_default=False,
    )
    return {"pk": view.pk}


def portfolio_transfer(world):
    old, new = UserFactory(role=Role.SUPPORT_MANAGER), UserFactory(role=Role.SUPPORT_MANAGER)
    ContractFactory(client__account_manager=old, manager=old)
    done = staffing.portfolio_transfer(
        actor=world.users["general"], from_manager=old, to_manager=new
    )
    return {"pk": done.pk}


TRANSFER_FIELDS = ("from_manager", "to_manager", "scope", "clients", "reason")


def client_report(stage="draft"):
    """A report for this month of a new contract of the manager's client: a draft, or
    approved by the executive director (its PDF ready to send)."""

    def build(world):
        manager = world.users["manager"]
        contract = SupportContractFactory(client=world.client, manager=manager)
        report, _created = reports.client_report_draft(
            contract=contract, month=timezone.localdate().replace(day=1)
        )
        if stage == "approved":
            report = reports.client_report_submit(actor=manager, report=report)
            approval_approve(actor=world.users["executive"], request=report.approval)
        return {"pk": report.pk}

    return build


def on_page(key):
    return lambda world: {"page": key}


BAS_EXPORT = ("month", "client", "contracts", "document", "format")

APP_CASES = {
    "library:list": Case("manager", get=("q", "kind", "page")),
    "library:create": Case("executive", post=FORM, files=("file",)),
    "library:badge": Case("manager"),
    "library:document": Case("manager", library_version(document=True)),
    "library:version_create": Case(
        "executive", library_version(document=True), post=FORM, files=("file",)
    ),
    "library:version": Case("manager", library_version()),
    "library:version_edit": Case("executive", library_version("draft"), post=FORM, files=("file",)),
    "library:submit": Case("executive", library_version("draft"), get=None, post=()),
    "library:approve": Case(
        "general", library_version("submitted"), get=None, post=("effective_from", "comment")
    ),
    "library:return": Case("general", library_version("submitted"), get=None, post=("comment",)),
    "library:acknowledge": Case("manager", library_version(), get=None, post=()),
    "library:file": Case("manager", library_version(file=True)),
    # The claim's correspondence and files (claims/views_replies.py).
    "claims:reply": Case(
        "manager",
        lambda w: {"pk": w.claim.pk},
        get=("template",),
        post=FORM,
        files=("attachments",),
        created=ClaimMessage,
    ),
    "claims:file_add": Case(
        "manager", lambda w: {"pk": w.claim.pk}, get=None, post=(), files=("file",)
    ),
    "claims:file": Case("manager", claim_file),
    "claims:reply_resend": Case("manager", failed_reply, get=None, post=()),
    "intake:list": Case("manager", get=("cursor",)),
    "intake:detail": Case("manager", inbound),
    "intake:html": Case("manager", inbound),
    "intake:make_claim": Case("manager", inbound, get=None, post=("contract", "category")),
    "intake:attach": Case("manager", inbound, get=None, post=("claim",)),
    "intake:dismiss": Case("manager", inbound, get=None, post=()),
    "intake:attachment": Case("manager", inbound_attachment),
    "staffing:home": Case("general", get=("page",)),
    "staffing:appoint": Case("general", post=FORM),
    "staffing:dismiss": Case("general", get=("manager",), post=FORM),
    "staffing:transfer": Case("general", get=(*TRANSFER_FIELDS, "preview"), post=TRANSFER_FIELDS),
    "staffing:transfer_detail": Case("general", portfolio_transfer),
    "saved_view_manage": Case("manager", on_page("portfolio"), get=("query",)),
    "saved_view_save": Case(
        "manager", on_page("claims"), get=None, post=("name", "shared", "is_default", "query")
    ),
    "saved_view_rename": Case("manager", saved_view, get=None, post=("name",)),
    "saved_view_delete": Case("manager", saved_view, get=None, post=()),
    "saved_view_default": Case("manager", saved_view, get=None, post=("default",)),
    "reports:list": Case("manager", get=("month", "status", "cursor")),
    "reports:draft_month": Case("manager", get=None, post=("month",)),
    "reports:detail": Case("manager", client_report()),
    "reports:edit": Case("manager", client_report(), post=("summary", "planned", "version")),
    "reports:refresh": Case("manager", client_report(), get=None, post=()),
    "reports:submit": Case("manager", client_report(), get=None, post=()),
    "reports:pdf": Case("manager", client_report(), get=("download",)),
    "reports:send": Case("manager", client_report("approved"), get=None, post=("contacts",)),
    "accounting:bas": Case("manager", get=BAS_EXPORT),
    "accounting:bas_download": Case("manager", get=BAS_EXPORT),
}
