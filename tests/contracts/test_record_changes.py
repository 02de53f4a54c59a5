"""Service-line and staffing edits write timeline entries: what changed, from what to what, who."""

from decimal import Decimal

import pytest
from django.urls import reverse

from contracts import services
from contracts.models import RecordChange
from contracts.selectors import contract_timeline
from tests.clients.factories import SiteFactory
from tests.contracts.factories import ContractFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(client_of):
    return ContractFactory(client=client_of)


def _record_entries(contract, user):
    return [e for e in contract_timeline(contract, user=user).entries if e.source == "record"]


def test_a_service_line_added_changed_and_removed_is_on_the_timeline(manager, contract):
    line = services.service_line_add(
        actor=manager, contract=contract, service="Прибирання офісу", price=Decimal("1000")
    )
    services.service_line_update(actor=manager, line=line, price=Decimal("1200.50"))
    services.service_line_delete(actor=manager, line=line)

    removed, changed, added = _record_entries(contract, manager)
    assert added.text == "Послугу додано: Прибирання офісу"
    assert "Ціна за одиницю, грн без ПДВ: 1 000,00" in added.detail.replace("\xa0", " ")
    assert "Кількість: 1\nОдиниця виміру: міс\n" in added.detail
    assert changed.text == "Послугу змінено: Прибирання офісу"
    assert (
        changed.detail.replace("\xa0", " ") == "Ціна за одиницю, грн без ПДВ: 1 000,00 → 1 200,50"
    )
    assert removed.text == "Послугу вилучено: Прибирання офісу"
    assert {added.actor, changed.actor, removed.actor} == {manager}


def test_a_staffing_change_names_the_old_and_new_values(manager, contract, client_of):
    site = SiteFactory(client=client_of, name="Склад")
    requirement = services.staffing_add(
        actor=manager, contract=contract, post="Охоронець", headcount=2, site=site
    )
    services.staffing_update(
        actor=manager, requirement=requirement, headcount=3, schedule="24/7", site=None
    )

    changed, added = _record_entries(contract, manager)
    assert added.text == "Пост додано: Охоронець"
    assert changed.text == "Пост змінено: Охоронець"
    lines = changed.detail.split("\n")
    assert "Чисельність персоналу: 2 → 3" in lines
    assert any(line.startswith("Об'єкт: Склад") and line.endswith("→ —") for line in lines)
    assert any(line.startswith("Графік роботи: ") and "24/7" in line for line in lines)


def test_an_edit_that_changes_nothing_writes_no_entry(manager, contract):
    line = services.service_line_add(actor=manager, contract=contract, service="Вікна")
    services.service_line_update(actor=manager, line=line, service="Вікна")

    assert RecordChange.objects.filter(contract=contract).count() == 1


def test_a_cover_is_shown_acting_for_the_manager(manager, cover, contract):
    services.staffing_add(actor=cover, contract=contract, post="Прибиральниця", headcount=1)

    (entry,) = _record_entries(contract, manager)
    assert (entry.actor, entry.on_behalf_of) == (cover, manager)


def test_a_refused_edit_writes_no_entry(make_user, contract):
    from org.errors import DomainError
    from org.roles import Role

    stranger = make_user(Role.SUPPORT_MANAGER)
    with pytest.raises(DomainError):
        services.service_line_add(actor=stranger, contract=contract, service="Вікна")

    assert not RecordChange.objects.exists()


def test_the_history_page_shows_the_changes(client, manager, contract):
    line = services.service_line_add(actor=manager, contract=contract, service="Прибирання")
    services.service_line_update(actor=manager, line=line, frequency="щодня")
    client.force_login(manager)

    html = client.get(reverse("contracts:timeline", args=[contract.pk])).content.decode()

    assert "Послугу змінено: Прибирання" in html
    assert "Періодичність або обсяг: — → щодня" in html
