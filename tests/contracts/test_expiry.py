import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from contracts.models import ExpiryWarning, Stage
from contracts.tasks import send_expiry_warnings, warn_expiring_contracts
from handoffs.models import Handoff, Kind
from org.models import Notification
from tests.contracts.factories import ContractFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 7, 0, tzinfo=datetime.UTC), tick=False):
        yield


def contract_with_deadline_in(days, *, notice=30, stage=Stage.SUPPORT, **kwargs):
    end = TODAY + datetime.timedelta(days=days + notice)
    return ContractFactory(
        stage=stage,
        start_date=TODAY - datetime.timedelta(days=300),
        end_date=end,
        notice_period_days=notice,
        **kwargs,
    )


def thresholds(contract):
    return sorted(
        ExpiryWarning.objects.filter(contract=contract).values_list("threshold_days", flat=True)
    )


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [
        (91, []),
        (90, [90]),
        (31, [90]),
        (30, [30, 90]),
        (8, [30, 90]),
        (7, [7, 30, 90]),
        (0, [7, 30, 90]),
    ],
)
def test_warns_at_every_threshold_crossed(days_left, expected):
    contract = contract_with_deadline_in(days_left)

    warn_expiring_contracts(today=TODAY)

    assert thresholds(contract) == expected


def test_counts_down_to_the_notice_deadline_not_the_end_date():
    # Ends in 100 days with 60 days' notice: notice must be given within 40 days.
    contract = ContractFactory(
        stage=Stage.SUPPORT, end_date=TODAY + datetime.timedelta(days=100), notice_period_days=60
    )

    warn_expiring_contracts(today=TODAY)

    warning = ExpiryWarning.objects.get(contract=contract)
    assert warning.threshold_days == 90
    assert warning.deadline == TODAY + datetime.timedelta(days=40)


@pytest.mark.parametrize(
    "stage", [Stage.PREPARATION, Stage.TERMINATION, Stage.CLOSED, Stage.CANCELLED]
)
def test_no_warning_outside_support(stage):
    contract_with_deadline_in(5, stage=stage)

    assert warn_expiring_contracts(today=TODAY) == {}
    assert not ExpiryWarning.objects.exists()
    assert not Notification.objects.exists()


def test_three_runs_give_exactly_one_warning_per_threshold(django_capture_on_commit_callbacks):
    contract = contract_with_deadline_in(20)

    with django_capture_on_commit_callbacks(execute=True):
        for _run in range(3):
            send_expiry_warnings.apply()

    assert thresholds(contract) == [30, 90]
    assert (
        Notification.objects.filter(
            recipient=contract.manager, url=contract.get_absolute_url()
        ).count()
        == 1
    )
    assert Handoff.objects.filter(contract=contract, kind=Kind.RELEASE_OF_WORKERS).count() == 1
    assert Handoff.objects.filter(contract=contract, kind=Kind.EXTENSION_OPPORTUNITY).count() == 1
    assert [m.to for m in mail.outbox].count([contract.manager.email]) == 1


def test_first_threshold_opens_hr_release_and_the_managers_follow_up_later_ones_only_warn():
    contract = contract_with_deadline_in(60)
    warn_expiring_contracts(today=TODAY)

    release = Handoff.objects.get(contract=contract, kind=Kind.RELEASE_OF_WORKERS)
    follow_up = Handoff.objects.get(contract=contract, kind=Kind.EXTENSION_OPPORTUNITY)
    assert release.department.code == "hr"
    assert follow_up.assignee == contract.manager and follow_up.department is None

    later = TODAY + datetime.timedelta(days=31)
    with time_machine.travel(datetime.datetime(2027, 1, 1, 7, 0, tzinfo=datetime.UTC), tick=False):
        assert warn_expiring_contracts(today=later) == {str(contract): [30]}

    assert Handoff.objects.filter(contract=contract).count() == 2
    assert Notification.objects.filter(recipient=contract.manager).count() == 2


def test_an_extended_contract_is_warned_again_before_its_new_deadline():
    contract = contract_with_deadline_in(10)
    warn_expiring_contracts(today=TODAY)
    contract.end_date += datetime.timedelta(days=365)
    contract.save()

    warn_expiring_contracts(today=TODAY + datetime.timedelta(days=300))

    assert ExpiryWarning.objects.filter(contract=contract).count() == 2 + 1  # 90, 30; then 90 again


def test_management_command_prints_what_it_did(capsys):
    contract = contract_with_deadline_in(30)

    call_command("send_expiry_warnings")
    call_command("send_expiry_warnings")

    out = capsys.readouterr().out
    assert f"{contract}: warned at 90, 30 days" in out
    assert "Expiry warnings: 1 contracts warned." in out
    assert "Expiry warnings: 0 contracts warned." in out
