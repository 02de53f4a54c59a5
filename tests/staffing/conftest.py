import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from approvals.models import ApprovalRequest
from approvals.models import Status as RequestStatus
from claims.models import Claim, ClaimStatus
from clients.models import Client
from contracts.models import Contract, Stage
from handoffs.models import Handoff, Kind, Status
from org.models import Department
from org.roles import Role
from tests.approvals.factories import ApprovalRequestFactory
from tests.claims.factories import ClaimFactory
from tests.clients.factories import ClientFactory
from tests.contracts.factories import ContractFactory
from tests.handoffs.factories import HandoffFactory


@dataclass
class Portfolio:
    """A manager's work of every kind, and beside it what must not move."""

    clients: list[Client] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)
    open_claims: list[Claim] = field(default_factory=list)
    handoffs: list[Handoff] = field(default_factory=list)
    drafts: list[ApprovalRequest] = field(default_factory=list)
    # What stays: a closed contract, a closed claim, a done hand-off, a submitted request,
    # a hand-off someone else requested on the manager's contract.
    closed_contract: Contract | None = None
    closed_claim: Claim | None = None
    done_handoff: Handoff | None = None
    submitted: ApprovalRequest | None = None
    others_handoff: Handoff | None = None


@pytest.fixture
def production_head(make_user):
    head = make_user(Role.DEPARTMENT_HEAD, department="production")
    department = head.department
    department.head = head
    department.save(update_fields=["head"])
    return head


@pytest.fixture
def hr_head(make_user):
    head = make_user(Role.DEPARTMENT_HEAD, department="hr")
    department = head.department
    department.head = head
    department.save(update_fields=["head"])
    return head


@pytest.fixture
def build_portfolio(make_user):
    """``build_portfolio(manager, size)``: ``size`` clients, each with a support contract, an
    open claim, an open hand-off to production and (the first) one to HR, and a draft."""

    def build(manager, size=1, *, cover=None):
        hr = Department.objects.get(code="hr")
        worker = make_user(Role.DEPARTMENT_STAFF, department="production")
        work = Portfolio()
        for index in range(size):
            client = ClientFactory(account_manager=manager)
            contract = ContractFactory(
                client=client,
                manager=manager,
                stage=Stage.SUPPORT,
                end_date=timezone.localdate() + datetime.timedelta(days=200),
            )
            work.clients.append(client)
            work.contracts.append(contract)
            work.open_claims.append(ClaimFactory(contract=contract, registered_by=manager))
            work.handoffs.append(
                HandoffFactory(
                    contract=contract,
                    client=client,
                    requested_by=cover or manager,
                    on_behalf_of=manager if cover else None,
                    # Taken by a worker: the move keeps the assignee.
                    assignee=worker,
                )
            )
            if index == 0:
                work.handoffs.append(
                    HandoffFactory(contract=contract, requested_by=manager, department=hr)
                )
                work.handoffs.append(
                    HandoffFactory(
                        contract=contract,
                        requested_by=manager,
                        department=None,
                        assignee=manager,
                        kind=Kind.EXTENSION_OPPORTUNITY,
                    )
                )
            work.drafts.append(ApprovalRequestFactory(author=manager, contract=contract))
        first = work.contracts[0]
        work.closed_contract = ContractFactory(
            client=work.clients[0], manager=manager, stage=Stage.CLOSED
        )
        work.closed_claim = ClaimFactory(
            contract=first, status=ClaimStatus.CLOSED, registered_by=manager
        )
        work.done_handoff = HandoffFactory(contract=first, requested_by=manager, status=Status.DONE)
        work.submitted = ApprovalRequestFactory(author=manager, status=RequestStatus.SUBMITTED)
        work.others_handoff = HandoffFactory(
            contract=first, requested_by=make_user(Role.SUPPORT_MANAGER)
        )
        return work

    return build
