"""Deliveries to a real HTTP receiver on loopback: signature, payload, retries after a
500 and after a timeout, the 24-hour window, the allow-list and redirects at delivery
time, and a worker killed mid-delivery."""

import datetime
import random

import pytest
import time_machine

from org.outbox import Event, OutboxEvent
from tests.webhooks.helpers import after, an_event, endpoint_for, only_delivery
from webhooks import relay
from webhooks.models import Delivery, DeliveryStatus
from webhooks.services import webhooks_relay

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_loopback", "english")]

T0 = datetime.datetime(2026, 12, 1, 8, 0, tzinfo=datetime.UTC)


def test_a_registered_claim_reaches_the_receiver_signed_with_its_payload(receiver, register):
    endpoint = endpoint_for(receiver)
    endpoint_for(receiver, events=[Event.CLAIM_CLOSED])  # wants another event: gets nothing
    receiver.secret = endpoint.secret

    claim = register()
    run = webhooks_relay()

    assert run.delivered == 1
    (got,) = receiver.received
    assert got.valid, "the receiver's documented check accepts the signature"
    delivery = only_delivery()
    assert got.headers["X-Casedesk-Event"] == "claim.registered"
    assert got.headers["X-Casedesk-Delivery"] == str(delivery.pk)
    body = got.json
    event = OutboxEvent.objects.get(pk=body["id"])
    assert body["event"] == "claim.registered" and body["occurred_at"]
    assert body["data"]["claim"]["id"] == claim.pk
    assert body["data"]["contract"] == {"id": claim.contract_id, "number": claim.contract.number}
    assert event.relayed_at is not None
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)


def test_a_wrong_secret_fails_the_receivers_check(receiver):
    endpoint_for(receiver)
    receiver.secret = "not-the-secret"
    an_event()
    webhooks_relay()
    assert [got.valid for got in receiver.received] == [False]


def test_fan_out_runs_twice_without_a_second_delivery(receiver):
    endpoint_for(receiver)
    an_event()
    relay.outbox_fan_out()
    OutboxEvent.objects.update(relayed_at=None)  # as if the first run died before its mark
    relay.outbox_fan_out()
    webhooks_relay()
    assert Delivery.objects.count() == 1 and len(receiver.received) == 1


def test_an_inactive_endpoint_gets_nothing(receiver):
    endpoint_for(receiver, is_active=False)
    an_event()
    webhooks_relay()
    assert not Delivery.objects.exists() and receiver.received == []


def test_a_500_is_retried_after_the_backoff_then_delivered(receiver):
    endpoint_for(receiver)
    receiver.script = [500, 200]
    with time_machine.travel(T0, tick=False) as clock:
        an_event()
        webhooks_relay()
        delivery = only_delivery()
        assert (delivery.status, delivery.last_status_code) == ("pending", 500)
        assert "HTTP 500" in delivery.last_error
        assert T0 + datetime.timedelta(seconds=15) <= delivery.next_attempt_at
        assert delivery.next_attempt_at <= T0 + datetime.timedelta(seconds=30)

        webhooks_relay()  # not due yet: nothing is sent
        assert len(receiver.received) == 1

        clock.move_to(after(delivery.next_attempt_at))
        webhooks_relay()

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 2, 200)
    first, second = receiver.received
    assert first.body == second.body and first.valid and second.valid
    assert first.headers["X-Casedesk-Delivery"] == second.headers["X-Casedesk-Delivery"]


def test_a_receiver_slower_than_the_timeout_is_retried(receiver, settings):
    settings.WEBHOOK_READ_TIMEOUT = 0.5
    endpoint_for(receiver)
    receiver.script = [("sleep", 2.0), 200]
    an_event()
    webhooks_relay()
    delivery = only_delivery()
    assert delivery.status == "pending" and delivery.last_status_code is None
    assert "Timeout" in delivery.last_error

    Delivery.objects.update(next_attempt_at=delivery.created_at)  # due now
    webhooks_relay()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)


def test_a_receiver_that_is_down_is_an_error_recorded_not_raised(settings):
    from webhooks.models import Endpoint

    endpoint = Endpoint.objects.create(url="http://127.0.0.1:9/hook", events=[Event.CLAIM_CLOSED])
    an_event(Event.CLAIM_CLOSED)
    run = webhooks_relay()
    delivery = endpoint.deliveries.get()
    assert run.retrying == 1 and delivery.status == "pending"
    assert "ConnectionError" in delivery.last_error


def test_the_backoff_doubles_with_jitter_up_to_an_hour():
    rng = random.Random(17)
    for attempt, raw in [(1, 30), (2, 60), (3, 120), (6, 960), (8, 3600), (20, 3600)]:
        for _ in range(20):
            seconds = relay.backoff_delay(attempt, rng=rng).total_seconds()
            assert raw / 2 <= seconds <= raw, (attempt, seconds)
    spread = {round(relay.backoff_delay(5, rng=rng).total_seconds()) for _ in range(20)}
    assert len(spread) > 10, "jitter spreads the retries"


def test_retries_stop_after_24_hours_and_the_delivery_fails(receiver):
    endpoint_for(receiver)
    receiver.script = [503]
    with time_machine.travel(T0, tick=False) as clock:
        an_event()
        webhooks_relay()
        delivery = only_delivery()
        assert delivery.retry_until == T0 + datetime.timedelta(hours=24)
        while delivery.status == DeliveryStatus.PENDING:
            clock.move_to(after(delivery.next_attempt_at))
            webhooks_relay()
            delivery.refresh_from_db()
        failed_at = delivery.last_attempt_at
        clock.move_to(T0 + datetime.timedelta(hours=48))
        webhooks_relay()

    assert delivery.status == "failed" and delivery.last_status_code == 503
    assert T0 + datetime.timedelta(hours=22) < failed_at <= T0 + datetime.timedelta(hours=24)
    # 8 doubling waits (about 2 h 8 min at most), then about one an hour.
    assert 25 <= delivery.attempts <= 50
    assert len(receiver.received) == delivery.attempts, "nothing is sent once it failed"


def test_a_host_taken_off_the_allow_list_is_not_called(receiver, settings):
    endpoint_for(receiver)
    an_event()
    settings.WEBHOOK_ALLOWED_HOSTS = ["hooks.example.com"]
    webhooks_relay()
    delivery = only_delivery()
    assert receiver.received == []
    assert delivery.status == "failed" and "not on the allowed list" in delivery.last_error


def test_a_redirect_is_not_followed(receiver):
    endpoint_for(receiver)
    receiver.script = [302]
    an_event()
    webhooks_relay()
    delivery = only_delivery()
    assert len(receiver.received) == 1
    assert delivery.status == "pending" and delivery.last_status_code == 302
    assert "not followed" in delivery.last_error


def test_a_worker_killed_mid_delivery_loses_nothing_and_sends_once_more(receiver):
    endpoint_for(receiver)
    with time_machine.travel(T0, tick=False) as clock:
        an_event()
        relay.outbox_fan_out()
        (taken,) = relay.deliveries_take(limit=10)  # the worker took it ... and died here
        assert taken.status == "sending" and taken.locked_until > T0

        webhooks_relay()  # the lease still holds: nobody else sends it
        assert receiver.received == []

        clock.move_to(after(taken.locked_until))
        run = webhooks_relay()
        assert (run.requeued, run.delivered) == (1, 1)
        webhooks_relay()

    assert len(receiver.received) == 1
    delivery = only_delivery()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
    # The dead worker's late word (had it only stalled) no longer counts: the lease is gone.
    assert relay.delivery_record(taken, relay.Outcome(False, error="late")) == ""
    delivery.refresh_from_db()
    assert delivery.status == "delivered"


def test_two_workers_never_take_the_same_delivery(receiver):
    endpoint_for(receiver)
    for _ in range(3):
        an_event()
    relay.outbox_fan_out()
    first = relay.deliveries_take(limit=2)
    second = relay.deliveries_take(limit=2)
    assert len(first) == 2 and len(second) == 1
    assert not {d.pk for d in first} & {d.pk for d in second}
