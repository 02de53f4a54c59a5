import datetime

import pytest
import time_machine
from django.utils import timezone

from library import services
from library.models import AcknowledgementReminder
from library.services import REMINDER_MESSAGE
from library.tasks import remind_acknowledgements
from org.models import Notification
from org.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def readers(make_user, manager):
    return [manager, make_user(Role.SUPPORT_MANAGER)]


def reminders_of(user):
    return Notification.objects.filter(recipient=user, message=REMINDER_MESSAGE)


def test_no_reminder_before_the_delay(settings, readers, approved):
    settings.LIBRARY_REMINDER_AFTER_DAYS = 3

    assert services.acknowledgements_remind() == 0


def test_reminders_go_once_per_person_and_version_after_the_delay(settings, readers, approved):
    settings.LIBRARY_REMINDER_AFTER_DAYS = 3
    services.acknowledgement_record(actor=readers[0], version=approved)
    later = timezone.now() + datetime.timedelta(days=3, minutes=1)

    with time_machine.travel(later, tick=False):
        first = remind_acknowledgements.apply().result
        second = remind_acknowledgements.apply().result

    assert (first, second) == ("1", "0")
    assert not reminders_of(readers[0]).exists()
    assert reminders_of(readers[1]).count() == 1
    assert AcknowledgementReminder.objects.filter(user=readers[1], version=approved).count() == 1


def test_a_superseded_version_is_not_reminded(settings, readers, approved, next_version):
    settings.LIBRARY_REMINDER_AFTER_DAYS = 3
    later = timezone.now() + datetime.timedelta(days=4)

    with time_machine.travel(later, tick=False):
        reminded = services.acknowledgements_remind()

    assert reminded == 2  # both readers, for the version in force only
    assert set(AcknowledgementReminder.objects.values_list("version", flat=True)) == {
        next_version.pk
    }


def test_the_reminder_job_is_in_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "library.tasks.remind_acknowledgements" in tasks
