import pytest

from claims import demo
from claims.models import Claim, ClaimStatus
from contracts.models import Stage
from org import demo as org_demo
from org.models import User
from tests.claims.factories import SupportContractFactory
from tests.clients.factories import ContactFactory, SiteFactory

pytestmark = pytest.mark.django_db


def test_seed_without_contracts_in_support_says_so():
    assert "no contract" in demo.seed()[0]
    assert not Claim.objects.exists()


def test_seed_creates_claims_in_every_state_once():
    org_demo.seed()
    manager = User.objects.get(username="manager")
    for stage in (Stage.SUPPORT, Stage.TERMINATION):
        contract = SupportContractFactory(
            manager=manager, client__account_manager=manager, stage=stage
        )
        SiteFactory(client=contract.client)
        ContactFactory(client=contract.client)

    demo.seed()
    first = set(Claim.objects.values_list("pk", "status"))
    demo.seed()

    assert set(Claim.objects.values_list("pk", "status")) == first
    assert {status for _pk, status in first} == set(ClaimStatus.values)
    assert Claim.objects.filter(is_formal=True).exists()
    assert Claim.objects.overdue().exists()
    assert Claim.objects.filter(handoffs__status="done").exists()
    assert Claim.objects.filter(handoffs__status="open").exists()


def test_seed_shows_posts_and_shifts_and_a_triggered_quality_audit():
    from claims.models import QualityAudit
    from tests.contracts.factories import StaffingRequirementFactory

    org_demo.seed()
    manager = User.objects.get(username="manager")
    contracts = [
        SupportContractFactory(manager=manager, client__account_manager=manager) for _ in range(4)
    ]
    for contract in contracts:
        site = SiteFactory(client=contract.client)
        StaffingRequirementFactory(contract=contract, site=site, schedule="24/7")

    demo.seed()
    demo.seed()

    audit = QualityAudit.objects.get()
    assert audit.claims.count() == 3
    assert audit.site.client == contracts[0].client
    assert audit.handoff.department.code == "quality"
    assert Claim.objects.filter(post__isnull=False, shift="24h").count() >= 3


def test_seed_puts_the_night_shift_claim_on_a_24_7_contract_and_one_claim_waits():
    from calendars.models import WorkingCalendar

    org_demo.seed()
    manager = User.objects.get(username="manager")
    office = SupportContractFactory(manager=manager, client__account_manager=manager)
    security = SupportContractFactory(
        manager=manager,
        client__account_manager=manager,
        calendar=WorkingCalendar.objects.get(always_open=True),
    )
    for contract in (office, security):
        SiteFactory(client=contract.client)
        ContactFactory(client=contract.client)

    demo.seed()

    night = Claim.objects.get(subject="Охоронець не вийшов на нічну зміну")
    assert night.contract == security
    waiting = Claim.objects.get(status=ClaimStatus.WAITING)
    assert waiting.paused_at is not None
    assert waiting.events.filter(to_status=ClaimStatus.WAITING).exists()
