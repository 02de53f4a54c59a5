import datetime
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from org.models import AbsenceCover, EmailStatus, Notification
from org.roles import Role
from org.services import notify
from org.tasks import send_notification_email, send_pending_notification_emails

pytestmark = pytest.mark.django_db

MESSAGE = gettext_noop("Hand-off «%(title)s» is overdue.")


def test_notification_is_emailed_in_ukrainian_once_the_transaction_commits(
    manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = notify(
            recipient=manager, message=MESSAGE, params={"title": "Обстеження"}, url="/x/"
        )
        assert mail.outbox == []

    assert len(callbacks) == 1
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [manager.email]
    assert "Обстеження" in mail.outbox[0].subject
    assert "http://127.0.0.1:8000/x/" in mail.outbox[0].body


def test_notification_to_an_absent_manager_reaches_the_cover(
    make_user, django_capture_on_commit_callbacks
):
    absent, cover = make_user(Role.SUPPORT_MANAGER), make_user(Role.SUPPORT_MANAGER)
    today = timezone.localdate()
    AbsenceCover.objects.create(absent=absent, cover=cover, starts_on=today, ends_on=today)

    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=absent, message=MESSAGE, params={"title": "X"})

    assert notification.recipient == cover
    assert notification.addressed_to == absent
    assert mail.outbox[0].to == [cover.email]


def test_user_who_turned_email_off_gets_only_the_in_app_notification(
    manager, django_capture_on_commit_callbacks
):
    manager.email_notifications = False
    manager.save()

    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(recipient=manager, message=MESSAGE, params={"title": "X"})

    assert notification.email_status == EmailStatus.NOT_WANTED
    assert mail.outbox == []


def test_broker_down_leaves_the_email_pending_for_the_sweep(
    manager, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(send_notification_email, "apply_async", side_effect=OSError("refused")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notification = notify(recipient=manager, message=MESSAGE, params={"title": "X"})

    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.PENDING
    assert mail.outbox == []

    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    assert send_pending_notification_emails() == 1

    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_sending_twice_sends_one_email(manager):
    notification = Notification.objects.create(
        recipient=manager, message=MESSAGE, params={"title": "X"}
    )

    assert send_notification_email(notification.pk) == "sent"
    assert send_notification_email(notification.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_failing_smtp_records_the_attempt_and_retries(manager):
    from celery.exceptions import Retry

    notification = Notification.objects.create(
        recipient=manager, message=MESSAGE, params={"title": "X"}
    )
    with (
        mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("smtp down")),
        pytest.raises(Retry),
    ):
        send_notification_email.apply(args=[notification.pk], throw=True)

    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.PENDING
    assert notification.email_attempts == 1


def test_failing_smtp_gives_up_after_the_last_attempt(manager):
    notification = Notification.objects.create(
        recipient=manager, message=MESSAGE, params={"title": "X"}, email_attempts=7
    )
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("smtp down")):
        assert send_notification_email(notification.pk) == "failed"

    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.FAILED
    assert notification.email_attempts == 8


def test_text_follows_the_reader_language(manager):
    from django.utils import translation

    notification = Notification(recipient=manager, message="Not found")
    with translation.override("en"):
        assert notification.text == "Not found"
    with translation.override("uk"):
        assert notification.text == "Не знайдено"


def test_bell_shows_the_unread_count_and_marking_read_clears_it(client, manager):
    first = Notification.objects.create(
        recipient=manager,
        message=MESSAGE,
        params={"title": "A"},
        email_status=EmailStatus.NOT_WANTED,
    )
    Notification.objects.create(
        recipient=manager,
        message=MESSAGE,
        params={"title": "B"},
        email_status=EmailStatus.NOT_WANTED,
    )
    client.force_login(manager)

    page = client.get(reverse("notifications"))
    assert page.context["unread_notifications"] == 2

    response = client.post(reverse("notification_read", args=[first.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="notification-{first.pk}"' in response.content.decode()
    assert client.get(reverse("notifications")).context["unread_notifications"] == 1

    client.post(reverse("notifications_read_all"))
    assert client.get(reverse("notifications")).context["unread_notifications"] == 0


def test_nobody_can_read_another_users_notification(client, manager, make_user):
    other = make_user(Role.SUPPORT_MANAGER)
    notification = Notification.objects.create(
        recipient=other, message=MESSAGE, params={"title": "A"}
    )
    client.force_login(manager)

    assert client.post(reverse("notification_read", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, manager):
    notification = Notification.objects.create(
        recipient=manager, message=MESSAGE, params={"title": "A"}, url="/accounts/notifications/"
    )
    client.force_login(manager)

    response = client.post(reverse("notification_open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == "/accounts/notifications/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_settings_turn_email_and_digest_off(client, manager):
    client.force_login(manager)

    client.post(reverse("notification_settings"), {})

    manager.refresh_from_db()
    assert not manager.email_notifications
    assert not manager.daily_digest
