"""Notifications in bulk, for the background jobs: one broker connection for all e-mails."""

from unittest import mock

import pytest

from org.models import EmailStatus, Notification
from org.services import Notice, notify_many
from org.tasks import send_notification_email
from org.tasks_queue import enqueue_many_on_commit
from tests.org.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_notify_many_writes_a_row_each_and_e_mails_those_who_want_it(
    django_capture_on_commit_callbacks,
):
    wants, declines = UserFactory(), UserFactory(email_notifications=False)

    with django_capture_on_commit_callbacks() as callbacks:
        rows = notify_many(
            [
                Notice(recipient=wants, message="Hello", params={"n": 1}, url="/a/"),
                Notice(recipient=declines, message="Hello", url="/b/"),
            ]
        )

    assert [row.email_status for row in rows] == [EmailStatus.PENDING, EmailStatus.NOT_WANTED]
    assert Notification.objects.get(recipient=wants).params == {"n": 1}
    assert len(callbacks) == 1  # one enqueue for the whole call


@pytest.fixture
def not_eager():
    conf = send_notification_email.app.conf
    eager = conf.task_always_eager
    conf.task_always_eager = False
    yield
    conf.task_always_eager = eager


def test_many_tasks_are_published_over_one_connection(not_eager):
    app = send_notification_email.app
    with (
        mock.patch.object(app, "connection_for_write") as connect,
        mock.patch.object(send_notification_email, "apply_async") as apply_async,
        mock.patch("org.tasks_queue.transaction.on_commit", lambda send: send()),
    ):
        enqueue_many_on_commit(send_notification_email, [(1,), (2,), (3,)])

    assert connect.call_count == 1
    assert [call.kwargs["args"] for call in apply_async.call_args_list] == [(1,), (2,), (3,)]


def test_an_unreachable_broker_leaves_the_e_mails_to_the_sweep(not_eager, caplog):
    app = send_notification_email.app
    with (
        mock.patch.object(app, "connection_for_write", side_effect=OSError("refused")),
        mock.patch("org.tasks_queue._broker_down_until", 0.0),
        mock.patch("org.tasks_queue.transaction.on_commit", lambda send: send()),
    ):
        enqueue_many_on_commit(send_notification_email, [(1,), (2,)])

    assert "left for the periodic sweep" in caplog.text
