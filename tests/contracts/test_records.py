import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from contracts import services
from contracts.models import Agreement, Contract, Obligation, ServiceLine, Stage
from handoffs.models import Handoff, Kind, Status
from org.errors import DomainError
from org.roles import Role
from tests.clients.factories import SiteFactory
from tests.contracts.factories import (
    ContractFactory,
    ObligationFactory,
    ServiceLineFactory,
    StaffingRequirementFactory,
)
from tests.handoffs.factories import HandoffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_create_defaults_the_manager_and_records_history(manager, client_of):
    contract = services.contract_create(
        actor=manager, client=client_of, number=" КД-1 ", title="Прибирання"
    )

    assert contract.number == "КД-1"
    assert contract.manager == manager
    assert contract.history.get().history_user == manager


def test_create_refuses_a_number_the_client_already_has(manager, client_of):
    ContractFactory(client=client_of, number="КД-1")

    with pytest.raises(DomainError, match="already has a contract № КД-1") as refused:
        services.contract_create(actor=manager, client=client_of, number="КД-1", title="x")

    assert refused.value.code == "number"
    assert Contract.objects.count() == 1


def test_the_same_number_is_fine_for_another_client(manager, client_of):
    other = ContractFactory(number="КД-1")

    contract = services.contract_create(actor=manager, client=client_of, number="КД-1", title="x")

    assert other.client != client_of
    assert (contract.client, contract.number) == (client_of, "КД-1")
    assert sorted(
        Contract.objects.filter(number="КД-1").values_list("client_id", flat=True)
    ) == sorted([other.client_id, client_of.pk])


def test_department_staff_cannot_create_contracts(department_staff, client_of):
    with pytest.raises(DomainError):
        services.contract_create(actor=department_staff, client=client_of, number="1", title="x")


def test_update_changes_the_term_only_in_preparation(manager, supported_contract):
    with pytest.raises(DomainError, match="only by an extension"):
        services.contract_update(
            actor=manager,
            contract=supported_contract,
            end_date=supported_contract.end_date + datetime.timedelta(days=1),
        )

    services.contract_update(actor=manager, contract=supported_contract, title="Нова назва")
    assert Contract.objects.get(pk=supported_contract.pk).title == "Нова назва"


def test_update_refuses_a_closed_contract(manager, client_of):
    contract = ContractFactory(client=client_of, stage=Stage.CLOSED)

    with pytest.raises(DomainError, match="can no longer be changed"):
        services.contract_update(actor=manager, contract=contract, title="x")


def test_update_refuses_a_site_of_another_client(manager, client_of):
    contract = ContractFactory(client=client_of)

    with pytest.raises(DomainError, match="belongs to another client"):
        services.contract_update(actor=manager, contract=contract, sites=[SiteFactory()])


def test_service_lines_are_added_changed_and_deleted_with_history(manager, client_of):
    contract = ContractFactory(client=client_of)

    line = services.service_line_add(actor=manager, contract=contract, service="Охорона")
    line_id = line.pk
    services.service_line_update(actor=manager, line=line, price=100)
    services.service_line_delete(actor=manager, line=line)

    assert not contract.service_lines.exists()
    history = ServiceLine.history.filter(id=line_id)
    assert [h.history_type for h in history] == ["-", "~", "+"]
    assert {h.history_user for h in history} == {manager}


def test_services_refuse_a_field_they_do_not_change(manager, client_of):
    contract = ContractFactory(client=client_of)
    line = ServiceLineFactory(contract=contract)
    requirement = StaffingRequirementFactory(contract=contract)

    with pytest.raises(TypeError):
        services.contract_create(
            actor=manager, client=client_of, number="КД-2", title="x", stage=Stage.CLOSED
        )
    with pytest.raises(TypeError):
        services.contract_create(
            actor=manager, client=client_of, number="КД-2", title="x", stage_reason="x"
        )
    with pytest.raises(TypeError):
        services.contract_update(actor=manager, contract=contract, stage=Stage.CLOSED)
    with pytest.raises(TypeError):
        services.service_line_update(actor=manager, line=line, contract=ContractFactory())
    with pytest.raises(TypeError):
        services.staffing_update(actor=manager, requirement=requirement, contract_id=1)

    assert Contract.objects.get(pk=contract.pk).stage == Stage.PREPARATION
    assert not Contract.objects.filter(number="КД-2").exists()


def test_an_edit_that_changes_nothing_saves_nothing(manager, client_of):
    contract = ContractFactory(client=client_of, title="Прибирання")
    line = ServiceLineFactory(contract=contract)

    services.contract_update(actor=manager, contract=contract, title="Прибирання")
    services.service_line_update(actor=manager, line=line, service=line.service)

    assert Contract.objects.get(pk=contract.pk).version == contract.version
    assert contract.history.count() == 1
    assert ServiceLine.history.filter(id=line.pk).count() == 1


def test_records_of_a_closed_contract_cannot_change(manager, client_of):
    contract = ContractFactory(client=client_of, stage=Stage.CLOSED)
    line = ServiceLineFactory(contract=contract)

    with pytest.raises(DomainError):
        services.service_line_add(actor=manager, contract=contract, service="x")
    with pytest.raises(DomainError):
        services.service_line_delete(actor=manager, line=line)
    with pytest.raises(DomainError):
        services.obligation_add(actor=manager, contract=contract, description="x")


def test_staffing_refuses_a_site_of_another_client(manager, client_of):
    contract = ContractFactory(client=client_of)

    with pytest.raises(DomainError, match="belongs to another client"):
        services.staffing_add(
            actor=manager, contract=contract, post="Охоронець", headcount=1, site=SiteFactory()
        )

    assert not contract.staffing.exists()


def test_obligation_fulfil_records_who_and_when_and_refuses_twice(manager, cover, client_of):
    contract = ContractFactory(client=client_of, stage=Stage.TERMINATION)
    obligation = ObligationFactory(contract=contract)

    services.obligation_fulfil(actor=cover, obligation=obligation)
    obligation.refresh_from_db()
    assert obligation.fulfilled_by == cover
    assert obligation.fulfilled_at is not None

    with pytest.raises(DomainError, match="already marked fulfilled"):
        services.obligation_fulfil(actor=manager, obligation=obligation)
    assert Obligation.objects.get(pk=obligation.pk).fulfilled_by == cover
    assert obligation.history.count() == 2


def test_site_survey_is_requested_once_while_open(manager, client_of):
    contract = ContractFactory(client=client_of)
    site = SiteFactory(client=client_of, name="Склад")
    contract.sites.add(site)

    survey = services.contract_request_site_survey(actor=manager, contract=contract)
    with pytest.raises(DomainError, match="already open"):
        services.contract_request_site_survey(actor=manager, contract=contract)

    assert survey.department.code == "production"
    assert "Склад" in survey.details
    assert Handoff.objects.filter(contract=contract).count() == 1


def test_a_new_survey_may_be_requested_after_the_last_was_declined(manager, client_of):
    contract = ContractFactory(client=client_of)
    HandoffFactory(contract=contract, kind=Kind.SITE_SURVEY, status=Status.DECLINED)

    services.contract_request_site_survey(actor=manager, contract=contract)

    assert Handoff.objects.filter(contract=contract, status=Status.OPEN).count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("akt.pdf", b"\x89PNG\r\n\x1a\n", "not a PDF"),
        ("photo.jpg", b"%PDF-1.4", "not a JPG"),
        ("akt.exe", b"MZ", "DOCX, JPEG, PDF, PNG"),
    ],
)
def test_agreement_service_refuses_a_wrong_magic_byte(
    manager, supported_contract, name, content, message
):
    with pytest.raises(DomainError, match=message):
        services.agreement_add(
            actor=manager,
            contract=supported_contract,
            date=timezone.localdate(),
            summary="x",
            document=SimpleUploadedFile(name, content),
        )

    assert not Agreement.objects.exists()


def test_agreement_needs_a_summary(manager, supported_contract):
    with pytest.raises(DomainError, match="Describe what was agreed"):
        services.agreement_add(
            actor=manager, contract=supported_contract, date=timezone.localdate(), summary=" "
        )


def test_another_manager_cannot_change_records(make_user, client_of):
    contract = ContractFactory(client=client_of)
    stranger = make_user(Role.SUPPORT_MANAGER)

    with pytest.raises(DomainError, match="Only the contract's manager"):
        services.service_line_add(actor=stranger, contract=contract, service="x")
