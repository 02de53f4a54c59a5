"""The expiry job's pieces in-process: the daily fan-out and the catch-up run that does
what a lost or stranded batch left undone (the killed-worker test runs them for real)."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.conf import settings

from contracts.models import ExpiryWarning, Stage
from contracts.tasks import (
    catch_up_expiry_warnings,
    contracts_due_for_warning,
    send_expiry_warnings,
    warn_contract_batch,
)
from org.models import Notification
from tests.contracts.factories import ContractFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)
MORNING = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)  # 11:00 in Kyiv


def due_in(days):
    return ContractFactory(
        stage=Stage.SUPPORT,
        start_date=TODAY - datetime.timedelta(days=300),
        end_date=TODAY + datetime.timedelta(days=days + 30),
        notice_period_days=30,
    )


@time_machine.travel(MORNING, tick=False)
def test_the_catch_up_warns_what_the_daily_batches_never_did_and_only_once():
    contracts = [due_in(20) for _ in range(3)]
    with mock.patch.object(warn_contract_batch, "delay"):  # the batches never ran
        assert send_expiry_warnings() == "3 contracts due, in 1 batches"
    assert not ExpiryWarning.objects.exists()

    assert catch_up_expiry_warnings() == "3 contracts warned"
    assert catch_up_expiry_warnings() == "0 contracts warned"
    # The stranded batch redelivered an hour later: nothing left to do.
    assert warn_contract_batch([c.pk for c in contracts]) == "0 of 3 contracts warned"

    assert ExpiryWarning.objects.count() == 2 * 3
    assert Notification.objects.count() == 3


@time_machine.travel(MORNING, tick=False)
def test_the_daily_job_fans_out_batches_of_the_contracts_due():
    due = [due_in(5) for _ in range(3)]
    due_in(200)  # not yet

    with mock.patch("contracts.tasks.EXPIRY_BATCH_SIZE", 2):
        assert send_expiry_warnings() == "3 contracts due, in 2 batches"

    assert sorted(ExpiryWarning.objects.values_list("contract", flat=True).distinct()) == sorted(
        c.pk for c in due
    )


def test_a_contract_warned_at_every_crossed_threshold_is_not_due():
    warned, half_warned = due_in(20), due_in(20)
    for days in (90, 30):
        ExpiryWarning.objects.create(
            contract=warned, threshold_days=days, deadline=TODAY + datetime.timedelta(days=20)
        )
    ExpiryWarning.objects.create(
        contract=half_warned, threshold_days=90, deadline=TODAY + datetime.timedelta(days=20)
    )

    assert contracts_due_for_warning(today=TODAY) == [half_warned.pk]


@time_machine.travel(datetime.datetime(2026, 12, 1, 1, 0, tzinfo=datetime.UTC), tick=False)
def test_the_catch_up_sends_nothing_at_night():
    due_in(5)

    assert catch_up_expiry_warnings() == "outside the warning hours"
    assert not ExpiryWarning.objects.exists()


def test_the_catch_up_is_on_the_schedule_that_beat_and_the_in_process_scheduler_run():
    entry = settings.CELERY_BEAT_SCHEDULE["catch-up-expiry-warnings"]

    assert entry["task"] == catch_up_expiry_warnings.name
    assert entry["schedule"] == settings.EXPIRY_CATCH_UP_SECONDS <= 15 * 60
