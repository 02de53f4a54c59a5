import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contracts.models import Contract, ServiceLine, Stage
from tests.clients.factories import ClientFactory
from tests.contracts.factories import ContractFactory, ObligationFactory, ServiceLineFactory
from tests.contracts.helpers import PDF
from tests.handoffs.factories import HandoffFactory
from tests.org.factories import department

pytestmark = pytest.mark.django_db

# --- pages render --------------------------------------------------------------------


def test_portfolio_shows_my_contracts_and_not_others(client, manager, make_user, client_of):
    mine = ContractFactory(client=client_of, number="МІЙ-1")
    other = ContractFactory(number="ЧУЖИЙ-1")
    client.force_login(manager)

    response = client.get(reverse("contracts:portfolio"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "МІЙ-1" in body and "ЧУЖИЙ-1" not in body
    assert list(response.context["contracts"]) == [mine]
    assert other.pk


def test_portfolio_includes_contracts_of_the_manager_i_cover(client, manager, cover, client_of):
    covered = ContractFactory(client=client_of)
    client.force_login(cover)

    response = client.get(reverse("contracts:portfolio"))

    assert covered in list(response.context["contracts"])


def test_portfolio_lists_live_contracts_ending_soonest_first(client, manager, client_of):
    today = timezone.localdate()
    later = ContractFactory(
        client=client_of, stage=Stage.SUPPORT, end_date=today + datetime.timedelta(days=300)
    )
    preparing = ContractFactory(client=client_of, end_date=today + datetime.timedelta(days=5))
    sooner = ContractFactory(
        client=client_of, stage=Stage.TERMINATION, end_date=today + datetime.timedelta(days=20)
    )
    closed = ContractFactory(client=client_of, stage=Stage.CLOSED)
    client.force_login(manager)

    contracts = list(client.get(reverse("contracts:portfolio")).context["contracts"])

    assert contracts == [sooner, later, preparing, closed]
    assert contracts[0].ending_soon and not contracts[1].ending_soon


def test_portfolio_marks_a_contract_past_its_notice_deadline(client, manager, client_of):
    today = timezone.localdate()
    late = ContractFactory(
        client=client_of,
        stage=Stage.SUPPORT,
        start_date=today - datetime.timedelta(days=300),
        end_date=today + datetime.timedelta(days=10),
        notice_period_days=30,
    )
    client.force_login(manager)

    response = client.get(reverse("contracts:portfolio"))

    row = response.context["contracts"][0]
    assert row == late and row.notice_passed
    assert 'class="row-overdue"' in response.content.decode()


def test_portfolio_filters_by_stage_with_counts_and_searches(client, manager, client_of):
    ContractFactory(client=client_of, stage=Stage.SUPPORT, number="A-1")
    ContractFactory(client=client_of, stage=Stage.SUPPORT, number="A-2")
    ContractFactory(client=client_of, number="B-1")
    client.force_login(manager)

    response = client.get(reverse("contracts:portfolio"), {"stage": "support"})

    assert {c.number for c in response.context["contracts"]} == {"A-1", "A-2"}
    counts = {tab["value"]: tab["count"] for tab in response.context["stage_tabs"]}
    assert counts["support"] == 2 and counts["preparation"] == 1
    by_number = client.get(reverse("contracts:portfolio"), {"q": "B-1"})
    assert [c.number for c in by_number.context["contracts"]] == ["B-1"]
    by_edrpou = client.get(reverse("contracts:portfolio"), {"q": client_of.edrpou[:6]})
    assert len(by_edrpou.context["contracts"]) == 3
    by_name = client.get(reverse("contracts:portfolio"), {"q": client_of.short_name})
    assert len(by_name.context["contracts"]) == 3


def test_directors_see_every_managers_contracts_with_a_manager_filter(
    client, executive_director, manager, client_of
):
    mine = ContractFactory(client=client_of)
    other = ContractFactory()
    client.force_login(executive_director)

    everything = client.get(reverse("contracts:portfolio"))
    filtered = client.get(reverse("contracts:portfolio"), {"manager": manager.pk})

    assert set(everything.context["contracts"]) == {mine, other}
    assert list(filtered.context["contracts"]) == [mine]


def test_contract_list_filters_by_client(client, manager, client_of):
    ContractFactory(client=client_of)
    other_client = ClientFactory(account_manager=manager)
    theirs = ContractFactory(client=other_client)
    client.force_login(manager)

    response = client.get(reverse("contracts:list"), {"client": other_client.pk})

    assert list(response.context["contracts"]) == [theirs]


def test_contract_page_shows_actions_allowed_now(client, manager, ready_contract):
    client.force_login(manager)

    response = client.get(ready_contract.get_absolute_url())

    assert response.status_code == 200
    names = [a["transition"].name for a in response.context["actions"]]
    assert names == ["conclude", "cancel"]
    body = response.content.decode()
    assert reverse("contracts:conclude", args=[ready_contract.pk]) in body
    assert reverse("contracts:close", args=[ready_contract.pk]) not in body
    assert 'class="current"' in body


def test_contract_page_names_the_cover_of_an_absent_manager(client, manager, cover, ready_contract):
    client.force_login(cover)

    response = client.get(ready_contract.get_absolute_url())

    assert response.context["cover"] == cover
    assert response.context["may_act"]


def test_cancelled_contract_shows_a_stopped_stepper(client, manager, client_of):
    contract = ContractFactory(client=client_of, stage=Stage.CANCELLED)
    client.force_login(manager)

    body = client.get(contract.get_absolute_url()).content.decode()

    assert 'class="stopped"' in body


@pytest.mark.parametrize(
    ("stage", "offers"),
    [
        (Stage.PREPARATION, {"edit", "survey"}),
        (Stage.SUPPORT, {"edit", "claim", "survey"}),
        (Stage.TERMINATION, {"edit", "claim", "reason"}),
        (Stage.CLOSED, set()),
        (Stage.CANCELLED, {"reason"}),
    ],
)
def test_contract_page_offers_what_the_stage_allows(client, manager, client_of, stage, offers):
    contract = ContractFactory(client=client_of, stage=stage, stage_reason="Причина зміни етапу")
    client.force_login(manager)

    body = client.get(contract.get_absolute_url()).content.decode()

    shown = {
        "edit": reverse("contracts:update", args=[contract.pk]) in body,
        "claim": f"{reverse('claims:register')}?contract={contract.pk}" in body,
        "survey": reverse("contracts:request_site_survey", args=[contract.pk]) in body,
        "reason": "Причина зміни етапу" in body,
    }
    assert {name for name, present in shown.items() if present} == offers


# --- visibility ----------------------------------------------------------------------


def test_manager_gets_404_on_another_managers_contract(client, manager):
    other = ContractFactory()
    client.force_login(manager)

    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(reverse("contracts:update", args=[other.pk])).status_code == 404
    assert client.post(reverse("contracts:cancel", args=[other.pk])).status_code == 404


def test_department_user_sees_only_contracts_their_department_works_on(
    client, department_staff, production_on
):
    worked_on = ContractFactory()
    production_on(worked_on)
    hr_only = ContractFactory()
    HandoffFactory(department=department("hr"), contract=hr_only)
    client.force_login(department_staff)

    assert client.get(worked_on.get_absolute_url()).status_code == 200
    assert client.get(hr_only.get_absolute_url()).status_code == 404
    listed = client.get(reverse("contracts:list")).context["contracts"]
    assert list(listed) == [worked_on]


def test_department_user_gets_a_read_only_page_and_403_on_actions(
    client, department_staff, production_on
):
    contract = ContractFactory(stage=Stage.TERMINATION)
    production_on(contract)
    obligation = ObligationFactory(contract=contract)
    line = ServiceLineFactory(contract=contract)
    client.force_login(department_staff)

    page = client.get(contract.get_absolute_url())

    assert page.status_code == 200
    assert not page.context["may_act"] and page.context["actions"] == []
    for url in [
        reverse("contracts:close", args=[contract.pk]),
        reverse("contracts:extend", args=[contract.pk]),
        reverse("contracts:update", args=[contract.pk]),
        reverse("contracts:service_line_add", args=[contract.pk]),
        reverse("contracts:service_line_delete", args=[line.pk]),
        reverse("contracts:obligation_fulfil", args=[obligation.pk]),
        reverse("contracts:agreement_add", args=[contract.pk]),
        reverse("contracts:request_site_survey", args=[contract.pk]),
    ]:
        assert client.post(url, {"close-reason": "x"}).status_code == 403, url
    assert Contract.objects.get(pk=contract.pk).stage == Stage.TERMINATION
    assert ServiceLine.objects.filter(pk=line.pk).exists()


def test_directors_see_every_contract(client, general_director):
    contract = ContractFactory()
    client.force_login(general_director)

    assert client.get(contract.get_absolute_url()).status_code == 200


def test_action_urls_are_post_only(client, manager, ready_contract):
    client.force_login(manager)

    assert client.get(reverse("contracts:conclude", args=[ready_contract.pk])).status_code == 405


# --- transitions through the page ---------------------------------------------------


def test_conclude_through_the_page(client, manager, ready_contract):
    client.force_login(manager)

    response = client.post(reverse("contracts:conclude", args=[ready_contract.pk]), follow=True)

    assert Contract.objects.get(pk=ready_contract.pk).stage == Stage.SUPPORT
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


def test_refused_transition_shows_its_reason_not_a_500(client, manager, client_of):
    contract = ContractFactory(client=client_of)
    client.force_login(manager)

    response = client.post(reverse("contracts:conclude", args=[contract.pk]), follow=True)

    assert response.status_code == 200
    assert Contract.objects.get(pk=contract.pk).stage == Stage.PREPARATION
    messages = [str(m) for m in response.context["messages"]]
    assert any("Договір ще не можна укласти" in m for m in messages), messages


def test_cancel_without_a_reason_is_refused_with_a_message(client, manager, ready_contract):
    client.force_login(manager)

    response = client.post(
        reverse("contracts:cancel", args=[ready_contract.pk]), {"cancel-reason": ""}, follow=True
    )

    assert Contract.objects.get(pk=ready_contract.pk).stage == Stage.PREPARATION
    assert list(response.context["messages"])


def test_extend_through_the_page_with_a_document(client, manager, supported_contract):
    client.force_login(manager)
    new_end = supported_contract.end_date + datetime.timedelta(days=365)

    client.post(
        reverse("contracts:extend", args=[supported_contract.pk]),
        {
            "extend-new_end_date": new_end.isoformat(),
            "extend-document": SimpleUploadedFile("dodatkova.pdf", PDF),
        },
    )

    contract = Contract.objects.get(pk=supported_contract.pk)
    assert contract.end_date == new_end
    assert contract.agreements.get().document.name.endswith(".pdf")
