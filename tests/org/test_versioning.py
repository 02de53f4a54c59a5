"""Two people edit the same record: the second save is refused, shown the difference,
and can re-apply its edit without erasing the first (issue 10, finding 6)."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import reverse

from approvals import services as approval_services
from approvals.models import Kind
from clients import services as client_services
from clients.models import Client
from org.roles import Role
from org.versioning import StaleVersionError
from tests.approvals.factories import ApprovalRequestFactory
from tests.clients.factories import ClientFactory, ContactFactory, SiteFactory
from tests.contracts.factories import (
    ContractFactory,
    ServiceLineFactory,
    StaffingRequirementFactory,
)

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    name: str
    make: object  # manager -> record
    url: object  # record -> edit URL
    first: tuple  # (field, value) the first person changes
    second: tuple  # (field, value) the second person changes, from the same version
    first_label: str  # the first field's label, as the 409 page shows it


def _client(manager):
    return ClientFactory(account_manager=manager)


CASES = [
    Case(
        "client",
        _client,
        lambda c: reverse("clients:update", args=[c.pk]),
        ("short_name", "Перейменований"),
        ("notes", "Ключі у охорони"),
        "Скорочена назва",
    ),
    Case(
        "contact",
        lambda m: ContactFactory(client=_client(m)),
        lambda c: reverse("clients:contact_update", args=[c.client_id, c.pk]),
        ("position", "Головний інженер"),
        ("email", "nova@example.com"),
        "Посада",
    ),
    Case(
        "site",
        lambda m: SiteFactory(client=_client(m)),
        lambda s: reverse("clients:site_update", args=[s.client_id, s.pk]),
        ("name", "Склад № 7"),
        ("working_notes", "Працюємо з 6:00"),
        "Назва",
    ),
    Case(
        "contract",
        lambda m: ContractFactory(client=_client(m)),
        lambda c: reverse("contracts:update", args=[c.pk]),
        ("title", "Охорона складу"),
        ("monthly_value", Decimal("91000.00")),
        "Назва",
    ),
    Case(
        "service line",
        lambda m: ServiceLineFactory(contract=ContractFactory(client=_client(m))),
        lambda line: reverse("contracts:service_line_update", args=[line.pk]),
        ("service", "Миття вікон"),
        ("frequency", "щотижня"),
        "Послуга",
    ),
    Case(
        "staffing requirement",
        lambda m: StaffingRequirementFactory(contract=ContractFactory(client=_client(m))),
        lambda r: reverse("contracts:staffing_update", args=[r.pk]),
        ("post", "Старший прибиральник"),
        ("uniform", "Зелений жилет"),
        "Пост",
    ),
    Case(
        "approval draft",
        lambda m: ApprovalRequestFactory(author=m, kind=Kind.PROPOSAL),
        lambda a: reverse("approvals:edit", args=[a.pk]),
        ("title", "Нова пропозиція"),
        ("content", "Переглянути графік прибирання"),
        "Назва",
    ),
]


def form_data(form):
    """What a browser would send for ``form`` as it was rendered."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
            continue
        data[bound.html_name] = value
    return data


def opened(http, url):
    page = http.get(url)
    assert page.status_code == 200
    return form_data(page.context["form"])


@pytest.fixture
def two_people(make_user, client_factory):
    """The manager in two browsers (two tabs, or the manager and their cover)."""
    manager = make_user(Role.SUPPORT_MANAGER)
    first, second = client_factory(), client_factory()
    first.force_login(manager)
    second.force_login(manager)
    return manager, first, second


@pytest.fixture
def client_factory():
    from django.test import Client as HttpClient

    return HttpClient


def _value(record, field):
    record.refresh_from_db()
    return getattr(record, field)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_stale_save_answers_409_with_the_change_and_overwrites_nothing(two_people, case):
    manager, first, second = two_people
    record = case.make(manager)
    url = case.url(record)
    first_data, second_data = opened(first, url), opened(second, url)
    (first_field, first_value), (second_field, second_value) = case.first, case.second
    second_before = _value(record, second_field)

    saved = first.post(url, {**first_data, first_field: first_value})
    stale = second.post(url, {**second_data, second_field: second_value})

    assert saved.status_code == 302
    assert stale.status_code == 409
    page = stale.content.decode()
    assert 'id="version-conflict"' in page
    changes = stale.context["conflict"]["changes"]
    assert [str(change["field"]).lower() for change in changes] == [case.first_label.lower()]
    assert changes[0]["now"] == str(first_value) and changes[0]["who"] == manager
    assert _value(record, first_field) == first_value
    assert _value(record, second_field) == second_before


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_reapplying_after_a_conflict_keeps_both_edits(two_people, case):
    manager, first, second = two_people
    record = case.make(manager)
    url = case.url(record)
    first_data, second_data = opened(first, url), opened(second, url)
    (first_field, first_value), (second_field, second_value) = case.first, case.second
    first.post(url, {**first_data, first_field: first_value})
    stale = second.post(url, {**second_data, second_field: second_value})

    reapplied = second.post(url, form_data(stale.context["form"]))

    assert reapplied.status_code == 302
    assert _value(record, first_field) == first_value
    assert _value(record, second_field) == second_value
    assert record.version == 3


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_fresh_save_is_saved_and_moves_the_version_on(two_people, case):
    manager, first, _second = two_people
    record = case.make(manager)
    url = case.url(record)

    saved = first.post(url, {**opened(first, url), case.first[0]: case.first[1]})

    assert saved.status_code == 302
    assert _value(record, case.first[0]) == case.first[1]
    assert record.version == 2
    assert record.history.latest().version == 2


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_an_edit_form_without_its_version_saves_nothing(two_people, case):
    manager, first, _second = two_people
    record = case.make(manager)
    url = case.url(record)
    data = opened(first, url)
    del data["version"]

    response = first.post(url, {**data, case.first[0]: case.first[1]})

    assert response.status_code == 200
    assert "version" in response.context["form"].errors
    assert _value(record, case.first[0]) != case.first[1]


def test_service_refuses_a_stale_version_and_accepts_the_current_one(manager):
    client = ClientFactory(account_manager=manager)
    client_services.client_update(actor=manager, client=client, notes="перше", version=1)

    with pytest.raises(StaleVersionError) as error:
        client_services.client_update(actor=manager, client=client, short_name="друге", version=1)

    assert error.value.current.version == 2
    client_services.client_update(actor=manager, client=client, short_name="друге", version=2)
    client.refresh_from_db()
    assert (client.notes, client.short_name, client.version) == ("перше", "друге", 3)


def test_a_save_from_an_outdated_copy_still_moves_the_version_past_the_stored_one(manager):
    client = ClientFactory(account_manager=manager)
    outdated = Client.objects.get(pk=client.pk)
    client_services.client_update(actor=manager, client=client, notes="нове")

    outdated.status = "active"
    outdated.save(update_fields=["status"])

    assert Client.objects.get(pk=client.pk).version == 3


def test_approval_service_refuses_a_stale_draft_version(manager):
    draft = ApprovalRequestFactory(author=manager, kind=Kind.PROPOSAL)
    approval_services.approval_update_draft(actor=manager, request=draft, title="A", version=1)

    with pytest.raises(StaleVersionError):
        approval_services.approval_update_draft(actor=manager, request=draft, title="B", version=1)

    draft.refresh_from_db()
    assert draft.title == "A"
