"""No page renders more than 200 ``<option>``s, however many contracts and clients there are.

On a mid-sized company's data the inbox's contract and client filters rendered 4,846
options (460 KB a page); the pickers now hold only the chosen value (org/autocomplete.py).
"""

import pytest
from django.urls import reverse

from contracts.models import Stage
from handoffs.models import Handoff
from tests.claims.factories import ClaimFactory
from tests.clients.factories import ClientFactory, SiteFactory
from tests.contracts.factories import ContractFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db

ROWS = 230
MAX_OPTIONS = 200


@pytest.fixture
def company(manager, department_head, department_staff):
    """ROWS clients of one manager, each with a contract in support and a site, and a
    production hand-off on each contract, so that staff and head see them all too."""
    clients = ClientFactory._meta.model.objects.bulk_create(
        ClientFactory.build(account_manager=manager) for _ in range(ROWS)
    )
    SiteFactory._meta.model.objects.bulk_create(SiteFactory.build(client=c) for c in clients)
    contracts = ContractFactory._meta.model.objects.bulk_create(
        ContractFactory.build(client=c, manager=manager, stage=Stage.SUPPORT) for c in clients
    )
    Handoff.objects.bulk_create(
        HandoffFactory.build(
            requested_by=manager,
            department=department_staff.department,
            contract=contract,
            client=contract.client,
            assignee=department_staff if index % 2 else None,
        )
        for index, contract in enumerate(contracts)
    )
    claim = ClaimFactory(contract=contracts[0])
    return {"contract": contracts[0], "client": clients[0], "claim": claim}


def pages(company):
    contract, client, claim = company["contract"], company["client"], company["claim"]
    handoff = Handoff.objects.filter(contract=contract).first()
    inbox = reverse("handoffs:inbox")
    return {
        "department_staff": [
            *(f"{inbox}?tab={tab}" for tab in ("mine", "unassigned", "overdue", "done")),
            f"{inbox}?contract={contract.pk}&client={client.pk}",
            reverse("claims:list"),
        ],
        "department_head": [
            *(f"{inbox}?tab={tab}" for tab in ("department", "mine", "overdue", "done")),
            reverse("handoffs:detail", args=[handoff.pk]),
            reverse("dashboards:department"),
            reverse("dashboards:handoffs"),
        ],
        "manager": [
            reverse("claims:list"),
            f"{reverse('claims:list')}?contract={contract.pk}",
            reverse("contracts:list"),
            reverse("contracts:portfolio"),
            reverse("clients:list"),
            reverse("contracts:create"),
            f"{reverse('contracts:create')}?client={client.pk}",
            reverse("claims:register"),
            f"{reverse('claims:register')}?contract={contract.pk}",
            reverse("handoffs:create"),
            f"{reverse('handoffs:create')}?claim={claim.pk}",
            reverse("approvals:create", args=["extra_funds"]),
            reverse("dashboards:manager"),
            f"{reverse('dashboards:claims')}?mine=1",
        ],
        "executive_director": [
            reverse("claims:list"),
            reverse("contracts:list"),
            reverse("clients:list"),
            reverse("dashboards:directors"),
            reverse("dashboards:claims"),
        ],
    }


@pytest.mark.parametrize(
    "role", ["department_staff", "department_head", "manager", "executive_director"]
)
def test_no_page_renders_more_than_200_options(client, request, company, role):
    user = request.getfixturevalue(role)
    client.force_login(user)

    counts = {}
    for url in pages(company)[role]:
        response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = response.content.decode().count("<option")

    assert max(counts.values()) <= MAX_OPTIONS, counts
