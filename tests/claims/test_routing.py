import pytest

from claims.models import Category, RoutingRule
from handoffs.models import Kind, Status
from org.errors import DomainError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DEFAULT_ROUTES = {
    Category.SERVICE_QUALITY: {"production"},
    Category.STAFF_ABSENCE: {"hr", "production"},
    Category.STAFF_CONDUCT: {"hr", "production"},
    Category.SAFETY: {"production", "quality"},
    Category.EQUIPMENT: {"production"},
    Category.BILLING: {"accounting"},
    Category.OTHER: {"quality"},
}


def routed_codes(claim):
    return sorted(claim.handoffs.values_list("department__code", flat=True))


@pytest.mark.parametrize(("category", "departments"), DEFAULT_ROUTES.items())
def test_default_rule_routes_an_informal_claim_to_exactly_its_departments(
    register, category, departments
):
    claim = register(category=category)

    assert routed_codes(claim) == sorted(departments)


@pytest.mark.parametrize(("category", "departments"), DEFAULT_ROUTES.items())
def test_a_formal_claim_also_goes_to_legal(register, category, departments):
    claim = register(category=category, is_formal=True, formal_number="П-1")

    assert routed_codes(claim) == sorted(departments | {"legal"})


def test_each_department_gets_one_hand_off_even_when_two_rules_name_it(register):
    legal = RoutingRule.objects.get(formal_only=True).department
    RoutingRule.objects.create(category=Category.BILLING, department=legal)

    claim = register(category=Category.BILLING, is_formal=True, formal_number="П-2")

    assert routed_codes(claim) == ["accounting", "legal"]


def test_hand_offs_carry_the_claim_contract_client_and_fix_due_time(register, contract, manager):
    claim = register(category=Category.STAFF_ABSENCE, subject="Прибиральниця не вийшла")

    for handoff in claim.handoffs.all():
        assert handoff.kind == Kind.CLAIM_FIX
        assert handoff.status == Status.OPEN
        assert handoff.contract == contract
        assert handoff.client == contract.client
        assert handoff.claim == claim
        assert handoff.requested_by == manager
        assert handoff.due_at == claim.resolution_due_at
        assert handoff.title.endswith(f"#{claim.pk}: Прибиральниця не вийшла")


def test_an_inactive_rule_routes_nothing(register):
    RoutingRule.objects.filter(category=Category.EQUIPMENT).update(is_active=False)

    with pytest.raises(DomainError, match="routing rules"):
        register(category=Category.EQUIPMENT)


def test_registering_with_no_matching_rule_is_refused_and_writes_nothing(register, contract):
    RoutingRule.objects.filter(category=Category.OTHER).delete()

    with pytest.raises(DomainError):
        register(category=Category.OTHER)

    assert not contract.claims.exists()
