"""Concluding a contract asks sales to hand the deal over, with structured fields that
sales fill in when they complete it, shown on the hand-off and the contract."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from contracts import services
from contracts.services import stages
from handoffs.models import DealHandover, Handoff, Kind, Status
from org.roles import Role
from tests.clients.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sales(make_user):
    return make_user(Role.DEPARTMENT_STAFF, department="sales")


@pytest.fixture
def handover(manager, ready_contract):
    services.contract_conclude(actor=manager, contract=ready_contract)
    return DealHandover.objects.select_related("handoff").get(contract=ready_contract)


def test_concluding_opens_one_sales_handover_dated_from_the_start(handover, ready_contract):
    handoff = handover.handoff
    assert handoff.kind == Kind.DEAL_HANDOVER
    assert handoff.department.code == "sales"
    assert handoff.status == Status.OPEN
    assert handover.start_date == ready_contract.start_date
    assert handover.documents == []
    assert (
        handoff.title
        == f"Передача угоди: договір № {ready_contract.number}, {ready_contract.client.short_name}"
    )


def test_a_retried_conclusion_opens_no_second_handover(manager, handover, ready_contract):
    stages._open_deal_handover(ready_contract, actor=manager)

    assert Handoff.objects.filter(contract=ready_contract, kind=Kind.DEAL_HANDOVER).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        DealHandover.objects.create(
            handoff=Handoff.objects.exclude(pk=handover.pk).first(), contract=ready_contract
        )


def test_sales_complete_it_with_the_documents_contact_and_date(
    client, sales, handover, ready_contract
):
    contact = ContactFactory(client=ready_contract.client, name="Ірина Савчук", position="")
    client.force_login(sales)
    url = reverse("handoffs:complete", args=[handover.pk])

    response = client.post(
        url,
        {
            "documents": ["signed_contract", "powers_of_attorney", "other"],
            "other_documents": "Паспорт об'єкта",
            "client_contact": contact.pk,
            "start_date": "2030-02-01",
            "result": "Оригінали в архіві",
        },
    )

    assert response.status_code == 302
    handover.refresh_from_db()
    assert handover.documents == ["signed_contract", "powers_of_attorney", "other"]
    assert handover.client_contact == contact
    assert str(handover.start_date) == "2030-02-01"
    handoff = Handoff.objects.get(pk=handover.pk)
    assert handoff.status == Status.DONE
    assert handoff.result.startswith(
        "Документи: Підписаний договір, Довіреності, Паспорт об'єкта.\n"
        "Контактна особа клієнта: Ірина Савчук.\nДата початку: 01.02.2030."
    )
    assert handoff.result.endswith("Оригінали в архіві")

    page = client.get(reverse("handoffs:detail", args=[handover.pk])).content.decode()
    assert "Паспорт об&#x27;єкта" in page and "Ірина Савчук" in page


def test_the_contract_page_and_timeline_show_the_handover(
    client, manager, sales, handover, ready_contract
):
    from handoffs.services import deal_handover_complete

    contact = ContactFactory(client=ready_contract.client, name="Ірина Савчук", position="")
    deal_handover_complete(
        actor=sales,
        handoff=handover.handoff,
        documents=["signed_contract", "acts"],
        client_contact=contact,
        start_date=ready_contract.start_date,
    )
    client.force_login(manager)

    page = client.get(reverse("contracts:detail", args=[ready_contract.pk])).content.decode()
    timeline = client.get(reverse("contracts:timeline", args=[ready_contract.pk])).content.decode()

    assert "Підписаний договір, Акти (приймання-передачі, наданих послуг)" in page
    assert "Ірина Савчук" in page
    assert "Контактна особа клієнта: Ірина Савчук." in timeline


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"documents": []}, "Передані документи: Це поле обов&#x27;язкове."),
        ({"documents": ["other"]}, "Інші документи: Укажіть, які саме інші документи."),
        (
            {"documents": ["acts"], "client_contact": "foreign"},
            "Контактна особа клієнта: Зробить коректний вибір",
        ),
    ],
)
def test_bad_handover_fields_complete_nothing(client, sales, handover, data, message):
    if data.get("client_contact") == "foreign":
        data["client_contact"] = ContactFactory().pk
    client.force_login(sales)

    response = client.post(reverse("handoffs:complete", args=[handover.pk]), data, follow=True)

    assert message in response.content.decode()
    assert Handoff.objects.get(pk=handover.pk).status == Status.OPEN
    handover.refresh_from_db()
    assert handover.filled_at is None


def test_the_service_refuses_a_contact_of_another_client(sales, handover):
    from handoffs.services import deal_handover_complete
    from org.errors import DomainError

    with pytest.raises(DomainError):
        deal_handover_complete(
            actor=sales,
            handoff=handover.handoff,
            documents=["acts"],
            client_contact=ContactFactory(),
        )
    assert Handoff.objects.get(pk=handover.pk).status == Status.OPEN


def test_the_inbox_row_sends_a_handover_to_its_page(client, sales, handover):
    client.force_login(sales)

    response = client.get(
        reverse("handoffs:complete", args=[handover.pk]), headers={"HX-Request": "true"}
    )

    assert response.headers["HX-Redirect"] == reverse("handoffs:detail", args=[handover.pk])
