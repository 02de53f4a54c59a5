"""The contract's forms: create, edit, records under it, the obligation tick."""

import pytest
from django.urls import reverse
from django.utils import timezone

from contracts.models import Contract, Obligation, Stage, StageEvent
from handoffs.models import Handoff, Kind, Status
from tests.clients.factories import SiteFactory
from tests.contracts.factories import ContractFactory, ObligationFactory

pytestmark = pytest.mark.django_db

# --- forms ---------------------------------------------------------------------------


def test_create_contract_defaults_the_manager_to_the_account_manager(client, manager, client_of):
    client.force_login(manager)

    response = client.post(
        reverse("contracts:create"),
        {
            "client": client_of.pk,
            "number": "КД-77",
            "title": "Прибирання",
            "monthly_value": "1000.00",
            "notice_period_days": 30,
            "claim_answer_days": 30,
        },
    )

    contract = Contract.objects.get(number="КД-77")
    assert response.status_code == 302
    assert contract.manager == manager and contract.stage == Stage.PREPARATION
    assert StageEvent.objects.filter(contract=contract, from_stage="").exists()


def test_create_contract_with_a_taken_number_says_so_on_the_field(client, manager, client_of):
    ContractFactory(client=client_of, number="КД-1")
    client.force_login(manager)

    response = client.post(
        reverse("contracts:create"),
        {
            "client": client_of.pk,
            "number": "КД-1",
            "title": "Друге",
            "monthly_value": "1",
            "notice_period_days": 30,
            "claim_answer_days": 30,
        },
    )

    assert response.status_code == 200
    assert "number" in response.context["form"].errors
    assert 'value="Друге"' in response.content.decode()


def test_contract_form_says_empty_sla_means_company_default(client, manager, settings):
    settings.CLAIM_SLA_DEFAULTS = {
        "critical": (2, 9),
        "high": (5, 25),
        "normal": (9, 73),
        "low": (25, 169),
    }
    client.force_login(manager)

    form = client.get(reverse("contracts:create")).context["form"]

    default = "Порожньо: типове значення компанії, {} год."
    assert {name: str(form.fields[name].help_text) for name in form.sla_field_names} == {
        "sla_critical_response_hours": default.format(2),
        "sla_critical_resolution_hours": default.format(9),
        "sla_high_response_hours": default.format(5),
        "sla_high_resolution_hours": default.format(25),
        "sla_normal_response_hours": default.format(9),
        "sla_normal_resolution_hours": default.format(73),
        "sla_low_response_hours": default.format(25),
        "sla_low_resolution_hours": default.format(169),
    }


def test_staffing_form_offers_only_the_clients_sites(client, manager, client_of):
    contract = ContractFactory(client=client_of)
    own = SiteFactory(client=client_of)
    SiteFactory()
    client.force_login(manager)

    form = client.get(reverse("contracts:staffing_add", args=[contract.pk])).context["form"]

    assert list(form.fields["site"].queryset) == [own]


def test_add_service_line_and_staffing_through_the_forms(client, manager, client_of):
    contract = ContractFactory(client=client_of)
    site = SiteFactory(client=client_of)
    client.force_login(manager)

    client.post(
        reverse("contracts:service_line_add", args=[contract.pk]),
        {"service": "Охорона", "frequency": "цілодобово", "price": "50000"},
    )
    client.post(
        reverse("contracts:staffing_add", args=[contract.pk]),
        {"site": site.pk, "post": "Охоронець", "headcount": 2, "schedule": "24/7"},
    )

    assert contract.service_lines.get().service == "Охорона"
    assert contract.staffing.get().site == site
    assert list(contract.sites.all()) == [site]


def test_staffing_form_shows_field_errors(client, manager, client_of):
    contract = ContractFactory(client=client_of)
    client.force_login(manager)

    response = client.post(
        reverse("contracts:staffing_add", args=[contract.pk]),
        {"post": "Охоронець", "headcount": 0, "schedule": "24/7"},
    )

    assert response.status_code == 200
    assert "headcount" in response.context["form"].errors


def test_obligation_tick_with_htmx_returns_the_row(client, manager, supported_contract):
    obligation = ObligationFactory(contract=supported_contract)
    client.force_login(manager)

    response = client.post(
        reverse("contracts:obligation_fulfil", args=[obligation.pk]), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert f'id="obligation-{obligation.pk}"' in response.content.decode()
    assert Obligation.objects.get(pk=obligation.pk).fulfilled_by == manager


def test_request_site_survey_through_the_page(client, manager, client_of):
    contract = ContractFactory(client=client_of)
    client.force_login(manager)

    client.post(reverse("contracts:request_site_survey", args=[contract.pk]), {"details": "Дах"})
    client.post(reverse("contracts:request_site_survey", args=[contract.pk]), {"details": "Дах"})

    survey = Handoff.objects.get(contract=contract, kind=Kind.SITE_SURVEY)
    assert survey.department.code == "production" and survey.status == Status.OPEN


def test_edit_a_concluded_contract_keeps_its_term_and_saves_the_rest(
    client, manager, supported_contract
):
    site = SiteFactory(client=supported_contract.client)
    client.force_login(manager)
    end = supported_contract.end_date

    response = client.post(
        reverse("contracts:update", args=[supported_contract.pk]),
        {
            "number": supported_contract.number,
            "title": "Нова назва",
            "sites": [site.pk],
            "start_date": "2020-01-01",
            "end_date": "2030-01-01",
            "monthly_value": "99000.00",
            "notice_period_days": 60,
            "claim_answer_days": 30,
            "sla_critical_response_hours": 2,
            "version": supported_contract.version,
        },
    )

    assert response.status_code == 302
    contract = Contract.objects.get(pk=supported_contract.pk)
    assert contract.title == "Нова назва" and contract.end_date == end
    assert contract.sla_hours("critical") == (2, 8)
    assert list(contract.sites.all()) == [site]


def test_obligation_ticked_twice_with_htmx_answers_409_with_the_reason(
    client, manager, supported_contract
):
    obligation = ObligationFactory(
        contract=supported_contract, fulfilled_by=manager, fulfilled_at=timezone.now()
    )
    client.force_login(manager)

    response = client.post(
        reverse("contracts:obligation_fulfil", args=[obligation.pk]), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 409
    assert "вже позначив виконаним" in response.content.decode()
