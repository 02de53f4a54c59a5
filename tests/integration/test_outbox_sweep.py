"""Finding 11: right after a broker outage one outbox sweep must send everything pending
(the rows written during the outage are seconds old, and there may be thousands)."""

from collections import Counter
from unittest import mock

import pytest
from django.core import mail

from org.models import EmailStatus, Notification
from org.services import notify
from org.tasks import send_notification_email, send_pending_notification_emails

pytestmark = pytest.mark.django_db

MESSAGE = "Claim %(title)s was registered."


def broker_down():
    return mock.patch.object(send_notification_email, "apply_async", side_effect=OSError("refused"))


def test_one_sweep_after_an_outage_sends_the_notifications_written_during_it(
    make_user, django_capture_on_commit_callbacks
):
    recipients = [make_user() for _ in range(3)]
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        for recipient in recipients:
            notify(recipient=recipient, message=MESSAGE, params={"title": "X"})
    assert Notification.objects.filter(email_status=EmailStatus.PENDING).count() == 3
    assert mail.outbox == []

    # The broker is back, and the sweep comes round at once.
    assert send_pending_notification_emails() == 3

    assert not Notification.objects.filter(email_status=EmailStatus.PENDING).exists()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        recipient.email for recipient in recipients
    )


def test_one_sweep_sends_more_pending_emails_than_a_batch(make_user):
    recipient = make_user()
    Notification.objects.bulk_create(
        Notification(recipient=recipient, message=MESSAGE, params={"title": str(n)})
        for n in range(1201)
    )

    assert send_pending_notification_emails() == 1201

    assert not Notification.objects.filter(email_status=EmailStatus.PENDING).exists()
    assert len(mail.outbox) == 1201
    assert set(Counter(message.body for message in mail.outbox).values()) == {1}


def test_a_second_sweep_sends_nothing_twice(make_user):
    recipient = make_user()
    Notification.objects.create(recipient=recipient, message=MESSAGE, params={"title": "X"})

    assert send_pending_notification_emails() == 1
    assert send_pending_notification_emails() == 0
    assert len(mail.outbox) == 1
