import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contracts.models import Agreement, Contract, Obligation, ServiceLine, Stage, StageEvent
from handoffs.models import Handoff, Kind, Status
from org.roles import Role
from tests.clients.factories import ClientFactory, SiteFactory
from tests.contracts.factories import (
    ContractFactory,
    ObligationFactory,
    ServiceLineFactory,
)
from tests.handoffs.factories import HandoffFactory
from tests.org.factories import department

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def plain_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.exe", "MZ")
    return buffer.getvalue()


@pytest.fixture
def production_on(department_staff):
    """Give the production department a hand-off on ``contract``."""

    def give(contract):
        return HandoffFactory(department=department("production"), contract=contract)

    return give


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


def test_contract_form_says_empty_sla_means_company_default(client, manager):
    client.force_login(manager)

    form = client.get(reverse("contracts:create")).context["form"]

    assert "8" in str(form.fields["sla_critical_resolution_hours"].help_text)


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


# --- documents -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [("akt.pdf", PDF), ("scan.png", PNG), ("dodatok.docx", None)],
)
def test_agreement_accepts_pdf_png_docx(client, manager, supported_contract, name, content):
    client.force_login(manager)

    response = client.post(
        reverse("contracts:agreement_add", args=[supported_contract.pk]),
        {
            "kind": "technical",
            "date": "2026-01-15",
            "summary": "Погоджено графік",
            "document": SimpleUploadedFile(name, content or docx_bytes()),
        },
    )

    assert response.status_code == 302
    assert Agreement.objects.get(contract=supported_contract).document


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("akt.pdf", b"MZ\x90\x00 not a pdf"),
        ("scan.png", PDF),
        ("dodatok.docx", None),
        ("script.html", b"<script>"),
    ],
)
def test_agreement_refuses_a_document_whose_content_does_not_match(
    client, manager, supported_contract, name, content
):
    client.force_login(manager)

    response = client.post(
        reverse("contracts:agreement_add", args=[supported_contract.pk]),
        {
            "kind": "technical",
            "date": "2026-01-15",
            "summary": "Погоджено графік",
            "document": SimpleUploadedFile(name, content or plain_zip()),
        },
    )

    assert response.status_code == 200
    assert "document" in response.context["form"].errors
    assert "Погоджено графік" in response.content.decode()
    assert not Agreement.objects.exists()


def test_agreement_refuses_a_document_over_10_mb(client, manager, supported_contract):
    client.force_login(manager)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024))

    response = client.post(
        reverse("contracts:agreement_add", args=[supported_contract.pk]),
        {"kind": "technical", "date": "2026-01-15", "summary": "x", "document": big},
    )

    assert "document" in response.context["form"].errors


def test_document_downloads_as_attachment_for_those_who_see_the_contract(
    client, manager, supported_contract, department_staff, make_user, production_on
):
    client.force_login(manager)
    client.post(
        reverse("contracts:agreement_add", args=[supported_contract.pk]),
        {
            "kind": "technical",
            "date": "2026-01-15",
            "summary": "x",
            "document": SimpleUploadedFile("akt.pdf", PDF),
        },
    )
    agreement = Agreement.objects.get()
    url = reverse("contracts:agreement_download", args=[agreement.pk])

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF

    client.force_login(make_user(Role.SUPPORT_MANAGER))
    assert client.get(url).status_code == 404
    client.force_login(department_staff)
    assert client.get(url).status_code == 404
    production_on(supported_contract)
    assert client.get(url).status_code == 200


def test_documents_are_stored_under_media_root_not_static(
    client, manager, supported_contract, settings
):
    client.force_login(manager)
    client.post(
        reverse("contracts:agreement_add", args=[supported_contract.pk]),
        {
            "kind": "technical",
            "date": "2026-01-15",
            "summary": "x",
            "document": SimpleUploadedFile("akt.pdf", PDF),
        },
    )

    path = Agreement.objects.get().document.path
    assert path.startswith(str(settings.MEDIA_ROOT))


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
