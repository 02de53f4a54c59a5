"""Users archive clients, contracts, claims and hand-offs; only a superuser deletes
(issue 10, "nothing is hard-deleted by users")."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client as HttpClient
from django.urls import reverse

from claims import services as claim_services
from claims.models import Claim
from clients import services as client_services
from clients.models import Client, Contact, Site
from contracts import services as contract_services
from contracts.models import Contract, StageEvent, StageEventKind
from contracts.selectors import contract_timeline
from handoffs import services as handoff_services
from handoffs.models import Handoff
from org.errors import DomainError
from org.roles import Role
from tests.claims.factories import ClaimFactory
from tests.clients.factories import ClientFactory, ContactFactory, SiteFactory
from tests.contracts.factories import ContractFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db

ADMINS = {
    "client": ("clients", "client", Client, lambda: ClientFactory()),
    "contract": ("contracts", "contract", Contract, lambda: ContractFactory()),
    "claim": ("claims", "claim", Claim, lambda: ClaimFactory()),
    "handoff": ("handoffs", "handoff", Handoff, lambda: HandoffFactory()),
}


@pytest.fixture
def director_allowed_to_delete(make_user):
    """A director to whom someone also granted every delete permission on these models."""
    director = make_user(Role.EXECUTIVE_DIRECTOR, is_staff=True)
    codenames = [f"delete_{model}" for _app, model, _cls, _make in ADMINS.values()]
    director.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return director


def _signed_in(user):
    http = HttpClient()
    http.force_login(user)
    return http


@pytest.mark.parametrize("name", ADMINS)
def test_director_gets_403_on_the_admin_delete_url_and_no_delete_action(
    director_allowed_to_delete, name
):
    app, model, cls, make = ADMINS[name]
    record = make()
    http = _signed_in(director_allowed_to_delete)

    delete_url = reverse(f"admin:{app}_{model}_delete", args=[record.pk])
    assert http.get(delete_url).status_code == 403
    assert http.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = http.get(reverse(f"admin:{app}_{model}_changelist"))
    actions = dict(changelist.context["action_form"].fields["action"].choices)
    assert "delete_selected" not in actions
    assert {"archive_selected", "restore_selected"} <= set(actions)
    assert cls.objects.filter(pk=record.pk).exists()


def test_director_cannot_delete_selected_by_posting_the_action(director_allowed_to_delete):
    client = ClientFactory()
    http = _signed_in(director_allowed_to_delete)

    http.post(
        reverse("admin:clients_client_changelist"),
        {"action": "delete_selected", "_selected_action": [client.pk], "post": "yes"},
    )

    assert Client.objects.filter(pk=client.pk).exists()


def test_superuser_still_deletes_in_the_admin(make_user):
    superuser = make_user(is_staff=True, is_superuser=True)
    client = ClientFactory()
    ContactFactory(client=client)
    SiteFactory(client=client)
    http = _signed_in(superuser)

    response = http.post(reverse("admin:clients_client_delete", args=[client.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Client.objects.filter(pk=client.pk).exists()
    assert not Contact.objects.filter(client_id=client.pk).exists()
    assert not Site.objects.filter(client_id=client.pk).exists()


@pytest.mark.parametrize("name", ADMINS)
def test_director_archives_and_restores_from_the_admin_actions(director_allowed_to_delete, name):
    app, model, cls, make = ADMINS[name]
    record = make()
    http = _signed_in(director_allowed_to_delete)

    http.post(
        reverse(f"admin:{app}_{model}_changelist"),
        {"action": "archive_selected", "_selected_action": [record.pk]},
    )

    stored = cls.objects.get(pk=record.pk)
    assert stored.archived_at is not None
    assert stored.archived_by == director_allowed_to_delete
    assert stored.history.latest().history_user == director_allowed_to_delete

    http.post(
        reverse(f"admin:{app}_{model}_changelist"),
        {"action": "restore_selected", "_selected_action": [record.pk]},
    )

    assert cls.objects.get(pk=record.pk).archived_at is None


def test_client_archive_and_restore_are_recorded_and_filter_the_lists(manager):
    client = ClientFactory(account_manager=manager)
    other = ClientFactory(account_manager=manager)

    client_services.client_archive(actor=manager, client=client)

    assert list(Client.objects.visible_to(manager)) == [other]
    assert list(Client.objects.visible_to(manager, archived=True)) == [client]
    http = _signed_in(manager)
    live = http.get(reverse("clients:list")).context["clients"]
    archived = http.get(reverse("clients:list"), {"archived": "1"}).context["clients"]
    assert [c.pk for c in live] == [other.pk]
    assert [c.pk for c in archived] == [client.pk]
    page = http.get(reverse("clients:detail", args=[client.pk]))
    assert page.status_code == 200 and 'id="archived-banner"' in page.content.decode()
    with pytest.raises(DomainError):
        client_services.client_archive(actor=manager, client=client)

    client_services.client_restore(actor=manager, client=client)

    client.refresh_from_db()
    assert client.archived_at is None and client.archived_by is None
    assert [h.archived_at is not None for h in client.history.order_by("history_date")] == [
        False,
        True,
        False,
    ]


def test_contract_archive_is_on_the_timeline_and_off_the_list(manager):
    contract = ContractFactory(client=ClientFactory(account_manager=manager))

    contract_services.contract_archive(actor=manager, contract=contract, reason="Дубль")

    assert not Contract.objects.visible_to(manager).filter(pk=contract.pk).exists()
    http = _signed_in(manager)
    assert contract.pk not in [
        c.pk for c in http.get(reverse("contracts:list")).context["contracts"]
    ]
    listed = http.get(reverse("contracts:list"), {"archived": "1"}).context["contracts"]
    assert [c.pk for c in listed] == [contract.pk]
    assert http.get(contract.get_absolute_url()).status_code == 200
    event = StageEvent.objects.get(contract=contract, kind=StageEventKind.ARCHIVED)
    assert event.actor == manager and event.reason == "Дубль"
    texts = [entry.text for entry in contract_timeline(contract, user=manager).entries]
    assert "Договір архівовано" in texts

    contract_services.contract_restore(actor=manager, contract=contract)

    assert Contract.objects.visible_to(manager).filter(pk=contract.pk).exists()
    assert StageEvent.objects.filter(contract=contract, kind=StageEventKind.RESTORED).exists()


def test_claim_and_handoff_archive_drop_out_of_visible_lists(manager, make_user):
    claim = ClaimFactory(contract=ContractFactory(client=ClientFactory(account_manager=manager)))
    handoff = HandoffFactory(requested_by=manager)

    claim_services.claim_archive(actor=manager, claim=claim)
    handoff_services.handoff_archive(actor=manager, handoff=handoff)

    assert not Claim.objects.visible_to(manager).filter(pk=claim.pk).exists()
    assert not Handoff.objects.visible_to(manager).filter(pk=handoff.pk).exists()
    http = _signed_in(manager)
    assert http.get(claim.get_absolute_url()).status_code == 200
    assert http.get(reverse("handoffs:detail", args=[handoff.pk])).status_code == 200

    claim_services.claim_restore(actor=manager, claim=claim)
    handoff_services.handoff_restore(actor=manager, handoff=handoff)

    assert Claim.objects.visible_to(manager).filter(pk=claim.pk).exists()
    assert Handoff.objects.visible_to(manager).filter(pk=handoff.pk).exists()


def test_archiving_is_refused_to_who_may_not_act(manager, make_user):
    stranger = make_user(Role.SUPPORT_MANAGER)
    client = ClientFactory(account_manager=manager)
    handoff = HandoffFactory(requested_by=manager)

    with pytest.raises(DomainError):
        client_services.client_archive(actor=stranger, client=client)
    with pytest.raises(DomainError):
        handoff_services.handoff_archive(actor=stranger, handoff=handoff)

    assert Client.objects.get(pk=client.pk).archived_at is None


def test_stale_admin_save_is_refused_with_a_form_error(make_user, manager):
    superuser = make_user(is_staff=True, is_superuser=True)
    client = ClientFactory(account_manager=manager)
    http = _signed_in(superuser)
    url = reverse("admin:clients_client_change", args=[client.pk])
    form = http.get(url).context["adminform"].form
    assert 'name="version"' in http.get(url).content.decode()
    data = {
        "legal_name": client.legal_name,
        "short_name": "Змінено в адмінці",
        "edrpou": client.edrpou,
        "vat_number": "",
        "legal_address": client.legal_address,
        "iban": "",
        "account_manager": manager.pk,
        "status": client.status,
        "notes": "",
        "version": form.initial["version"],
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "sites-TOTAL_FORMS": "0",
        "sites-INITIAL_FORMS": "0",
    }
    client_services.client_update(actor=manager, client=client, notes="Змінено на екрані")

    stale = http.post(url, data)

    assert stale.status_code == 200
    assert "version" in str(stale.context["adminform"].form.non_field_errors().as_data()[0].code)
    client.refresh_from_db()
    assert (client.short_name, client.notes) != ("Змінено в адмінці", "")
    assert client.notes == "Змінено на екрані"

    fresh = http.post(url, {**data, "version": client.version, "notes": client.notes})

    assert fresh.status_code == 302
    client.refresh_from_db()
    assert (client.short_name, client.notes) == ("Змінено в адмінці", "Змінено на екрані")


def test_stale_contract_admin_save_is_refused(make_user, manager):
    superuser = make_user(is_staff=True, is_superuser=True)
    contract = ContractFactory(client=ClientFactory(account_manager=manager))
    http = _signed_in(superuser)
    url = reverse("admin:contracts_contract_change", args=[contract.pk])
    page = http.get(url)
    assert page.status_code == 200 and 'name="version"' in page.content.decode()
    contract_services.contract_update(actor=manager, contract=contract, title="Інша назва")

    stale = http.post(url, {"version": 1, "number": contract.number, "title": "Моя"})

    assert stale.status_code == 200
    assert stale.context["adminform"].form.non_field_errors()
    contract.refresh_from_db()
    assert contract.title == "Інша назва"
