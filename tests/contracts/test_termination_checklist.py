"""The termination checklist: filled in from the contract's services, staffing, open
obligations and billing when the termination begins; the manager adds, ticks, removes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contracts import services
from contracts.models import TerminationItem
from org.errors import DomainError
from tests.clients.factories import SiteFactory
from tests.contracts.factories import (
    ObligationFactory,
    ServiceLineFactory,
    StaffingRequirementFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def terminating(manager, supported_contract, client_of):
    contract = supported_contract
    contract.end_date = datetime.date(2031, 3, 31)
    contract.save(update_fields=["end_date"])
    ServiceLineFactory(contract=contract, service="Прибирання офісу")
    StaffingRequirementFactory(
        contract=contract,
        post="Охоронець",
        headcount=2,
        site=SiteFactory(client=client_of, name="Склад на Промисловій"),
    )
    StaffingRequirementFactory(contract=contract, post="Прибиральниця", headcount=5, site=None)
    ObligationFactory(contract=contract, description="Повернути ключі")
    ObligationFactory(contract=contract, description="Вже виконано", fulfilled_at=timezone.now())
    services.contract_begin_termination(actor=manager, contract=contract, reason="Не продовжує")
    return contract


def _texts(contract):
    return list(
        TerminationItem.objects.filter(contract=contract, removed_at__isnull=True).values_list(
            "text", flat=True
        )
    )


def test_entering_termination_fills_the_checklist_from_the_records(terminating):
    assert _texts(terminating) == [
        "Припинити послугу «Прибирання офісу» з 31.03.2031",
        "Зняти пост «Охоронець, 2 особи» на об'єкті Склад на Промисловій",
        "Зняти пост «Прибиральниця, 5 осіб»",
        "Виконати зобов'язання «Повернути ключі»",
        "Підготувати фінальний акт і рахунок (бухгалтерія)",
    ]


def test_filling_in_again_adds_only_what_is_new(manager, terminating):
    ObligationFactory(contract=terminating, description="Забрати інвентар")

    added = services.termination_prefill(actor=manager, contract=terminating)
    again = services.termination_prefill(actor=manager, contract=terminating)

    assert (added, again) == (1, 0)
    texts = _texts(terminating)
    assert len(texts) == len(set(texts)) == 6
    assert texts[-1] == "Виконати зобов'язання «Забрати інвентар»"


def test_a_removed_step_stays_removed_when_filled_in_again(manager, terminating):
    billing = TerminationItem.objects.get(contract=terminating, source="billing")

    services.termination_item_remove(actor=manager, item=billing)
    services.termination_prefill(actor=manager, contract=terminating)

    assert "Підготувати фінальний акт і рахунок (бухгалтерія)" not in _texts(terminating)


def test_the_manager_adds_ticks_and_unticks_steps(manager, terminating):
    item = services.termination_item_add(
        actor=manager, contract=terminating, text="  Здати перепустки  "
    )
    assert item.text == "Здати перепустки"

    item = services.termination_item_tick(actor=manager, item=item, done=True)
    assert (item.done_by, item.is_done) == (manager, True)
    item = services.termination_item_tick(actor=manager, item=item, done=False)
    assert (item.done_by, item.is_done) == (None, False)


def test_the_checklist_changes_only_during_termination(manager, supported_contract):
    with pytest.raises(DomainError) as refused:
        services.termination_item_add(actor=manager, contract=supported_contract, text="Крок")
    assert refused.value.code == "stage"


def test_another_manager_may_not_change_it(make_user, terminating):
    from org.roles import Role

    with pytest.raises(DomainError) as refused:
        services.termination_prefill(actor=make_user(Role.SUPPORT_MANAGER), contract=terminating)
    assert refused.value.code == "forbidden"


def test_the_page_lists_the_steps_and_its_forms_work(client, manager, terminating):
    client.force_login(manager)
    page = client.get(reverse("contracts:detail", args=[terminating.pk])).content.decode()
    assert "Кроки припинення" in page
    assert "Припинити послугу «Прибирання офісу» з 31.03.2031" in page

    client.post(reverse("contracts:termination_item_add", args=[terminating.pk]), {"text": "Акт"})
    item = TerminationItem.objects.get(contract=terminating, text="Акт")
    client.post(reverse("contracts:termination_item_tick", args=[item.pk]), {"done": "1"})
    assert TerminationItem.objects.get(pk=item.pk).done_by == manager
    response = client.post(reverse("contracts:termination_item_remove", args=[item.pk]))

    assert response.status_code == 302
    assert TerminationItem.objects.get(pk=item.pk).removed_at is not None
    assert (
        client.post(reverse("contracts:termination_item_tick", args=[item.pk])).status_code == 404
    )


def test_a_step_of_another_managers_contract_is_not_found(client, make_user, terminating):
    from org.roles import Role

    item = TerminationItem.objects.filter(contract=terminating).first()
    client.force_login(make_user(Role.SUPPORT_MANAGER))

    assert (
        client.post(reverse("contracts:termination_item_tick", args=[item.pk])).status_code == 404
    )
    assert (
        client.post(reverse("contracts:termination_prefill", args=[terminating.pk])).status_code
        == 404
    )
