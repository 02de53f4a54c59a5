"""The records every hostile-input case posts about, and the users who post."""

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from approvals import services as approval_services
from approvals.models import ApprovalAttachment, ApprovalRequest
from claims.models import Claim
from clients.models import Client, Contact, Site
from contracts.models import (
    Agreement,
    Contract,
    Obligation,
    ServiceLine,
    StaffingRequirement,
    Stage,
    TerminationItem,
)
from handoffs.models import Handoff, HandoffAttachment
from org.models import Notification
from tests.approvals.factories import ApprovalRequestFactory
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.clients.factories import ContactFactory, SiteFactory
from tests.contracts.factories import (
    ContractFactory,
    ObligationFactory,
    ServiceLineFactory,
    StaffingRequirementFactory,
)
from tests.handoffs.factories import HandoffFactory

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
    termination_item: TerminationItem
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
        termination_item=TerminationItem.objects.create(contract=contract, text="Здати ключі"),
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
