import pytest
from django.test import Client
from django.urls import reverse

from contracts.models import StageEvent
from contracts.services import contract_create
from tests.contracts.factories import ContractFactory, ObligationFactory, ServiceLineFactory

pytestmark = pytest.mark.django_db

MODELS = ("contract", "serviceline", "staffingrequirement", "agreement", "obligation")


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", [*MODELS, "stageevent", "expirywarning"])
def test_admin_lists_every_contracts_model(admin_client, model):
    ContractFactory()

    response = admin_client.get(reverse(f"admin:contracts_{model}_changelist"))

    assert response.status_code == 200


def test_contract_admin_shows_the_records_inline_and_the_stage_read_only(admin_client):
    contract = ContractFactory()
    ServiceLineFactory(contract=contract, service="Охорона периметра")
    ObligationFactory(contract=contract, description="Повернути ключі")

    response = admin_client.get(reverse("admin:contracts_contract_change", args=[contract.pk]))

    body = response.content.decode()
    assert "Охорона периметра" in body and "Повернути ключі" in body
    assert 'name="stage"' not in body
    history = admin_client.get(reverse("admin:contracts_contract_history", args=[contract.pk]))
    assert history.status_code == 200


def test_stage_events_cannot_be_changed_in_the_admin(admin_client, manager, client_of):
    contract = contract_create(actor=manager, client=client_of, number="1", title="x")
    event = StageEvent.objects.get(contract=contract)

    response = admin_client.post(
        reverse("admin:contracts_stageevent_change", args=[event.pk]), {"reason": "змінено"}
    )

    assert response.status_code == 403
    assert StageEvent.objects.get(pk=event.pk).reason == ""


def test_action_posts_need_the_csrf_token(manager, ready_contract):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(manager)

    response = browser.post(reverse("contracts:conclude", args=[ready_contract.pk]))

    assert response.status_code == 403
    ready_contract.refresh_from_db()
    assert ready_contract.stage == "preparation"
