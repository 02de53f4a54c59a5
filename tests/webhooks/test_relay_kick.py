"""A user's request only writes the outbox row: the relay is woken after the commit (once
per transaction), a broker that is down costs the request nothing, and without a broker
the scheduler's sweep relays."""

import pytest
from django.conf import settings as django_settings
from kombu.exceptions import OperationalError

from contracts import services as contract_services
from org.outbox import OutboxEvent
from tests.webhooks.helpers import endpoint_for, only_delivery
from webhooks import receivers
from webhooks.services import webhooks_relay
from webhooks.tasks import relay_webhooks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_loopback")]


def wakes(callbacks):
    return [callback for callback in callbacks if callback is receivers._wake]


def test_the_relay_is_woken_once_after_the_commit_and_delivers(
    receiver, register, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_RELAY_ON_COMMIT = True
    endpoint_for(receiver)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        claim = register()
    assert len(wakes(callbacks)) == 1
    # Tasks run in-process in the tests: the wake relayed the event right after the commit.
    (got,) = receiver.received
    assert got.valid and got.json["data"]["claim"]["id"] == claim.pk


def test_a_transaction_with_many_events_wakes_the_relay_once(
    manager, supported_contract, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_RELAY_ON_COMMIT = True
    before = OutboxEvent.objects.count()
    with django_capture_on_commit_callbacks() as callbacks:
        contract_services.contract_begin_termination(
            actor=manager, contract=supported_contract, reason="Кінець"
        )
    assert OutboxEvent.objects.count() - before == 5  # the stage move and four hand-offs
    assert len(wakes(callbacks)) == 1


def test_a_broker_that_is_down_fails_no_request_and_the_sweep_delivers(
    receiver, register, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_RELAY_ON_COMMIT = True
    endpoint_for(receiver)

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(relay_webhooks, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        claim = register()
    waiting = OutboxEvent.objects.filter(relayed_at__isnull=True)
    assert claim.pk and waiting.filter(event="claim.registered").count() == 1
    assert receiver.received == []

    monkeypatch.undo()
    webhooks_relay()  # the periodic sweep
    assert len(receiver.received) == 1 and only_delivery().status == "delivered"


def test_without_a_broker_nothing_is_posted_in_the_request(
    receiver, register, django_capture_on_commit_callbacks
):
    assert django_settings.WEBHOOK_RELAY_ON_COMMIT is False  # the embedded default
    endpoint_for(receiver)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        register()
    assert wakes(callbacks) == [] and receiver.received == []
    waiting = OutboxEvent.objects.filter(relayed_at__isnull=True)
    # The claim and the fix hand-off its routing opened wait for the sweep.
    assert sorted(waiting.values_list("event", flat=True)) == [
        "claim.registered",
        "handoff.created",
    ]


def test_the_sweep_is_on_the_beat_schedule():
    entry = django_settings.CELERY_BEAT_SCHEDULE["relay-webhooks"]
    assert entry["task"] == relay_webhooks.name
    assert entry["schedule"] == django_settings.WEBHOOK_SWEEP_SECONDS
    assert django_settings.CELERY_TASK_ROUTES["webhooks.tasks.*"] == {"queue": "webhooks"}
