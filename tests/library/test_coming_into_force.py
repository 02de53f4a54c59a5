"""A version approved for a later day comes into force on that day: until then the
version in force stays so (issue 16 part 2: "then it is in force from a date")."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from library import services
from library.models import Document, VersionStatus
from library.tasks import bring_versions_into_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def later():
    return timezone.localdate() + datetime.timedelta(days=14)


def _approve(version, *, day, executive_director, general_director):
    services.version_submit(actor=executive_director, version=version)
    return services.version_approve(actor=general_director, version=version, effective_from=day)


def _draft(document, executive_director, text="2. Зміни"):
    return services.version_create(actor=executive_director, document=document, text=text)


def test_a_version_for_a_later_day_leaves_the_one_in_force_until_then(
    approved, executive_director, general_director, later, client, manager
):
    document = approved.document
    upcoming = _approve(
        _draft(document, executive_director),
        day=later,
        executive_director=executive_director,
        general_director=general_director,
    )

    document.refresh_from_db()
    approved.refresh_from_db()
    assert document.current_version == approved
    assert approved.status == VersionStatus.APPROVED
    assert upcoming.status == VersionStatus.APPROVED
    client.force_login(manager)
    page = client.get(reverse("library:version", args=[upcoming.pk])).content.decode()
    assert f"набирає чинності {later:%d.%m.%Y}" in page
    # Its people may read and acknowledge it before it is in force.
    services.acknowledgement_record(actor=manager, version=upcoming)


def test_on_its_day_the_job_brings_it_into_force_once(
    approved, executive_director, general_director, later
):
    document = approved.document
    upcoming = _approve(
        _draft(document, executive_director),
        day=later,
        executive_director=executive_director,
        general_director=general_director,
    )

    before = services.versions_bring_into_force(today=later - datetime.timedelta(days=1))
    on_the_day = services.versions_bring_into_force(today=later)
    again = services.versions_bring_into_force(today=later)

    assert (before, on_the_day, again) == (0, 1, 0)
    document.refresh_from_db()
    approved.refresh_from_db()
    assert document.current_version == upcoming
    assert approved.status == VersionStatus.SUPERSEDED
    assert approved.superseded_at is not None
    with pytest.raises(services.DomainError):
        services.acknowledgement_record(actor=approved.created_by, version=approved)


def test_a_later_version_in_force_first_supersedes_one_still_waiting_for_its_day(
    approved, executive_director, general_director, later
):
    document = approved.document
    waiting = _approve(
        _draft(document, executive_director),
        day=later,
        executive_director=executive_director,
        general_director=general_director,
    )
    today = _approve(
        _draft(document, executive_director, text="3. Ще зміни"),
        day=timezone.localdate(),
        executive_director=executive_director,
        general_director=general_director,
    )

    assert services.versions_bring_into_force(today=later) == 0
    document = Document.objects.get(pk=document.pk)
    waiting.refresh_from_db()
    assert document.current_version == today
    assert waiting.status == VersionStatus.SUPERSEDED


def test_the_daily_task_runs_the_job(approved, executive_director, general_director):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    version = _approve(
        _draft(approved.document, executive_director),
        day=yesterday,
        executive_director=executive_director,
        general_director=general_director,
    )

    # Approved for a past day: in force at once; the task has nothing left to do.
    assert Document.objects.get(pk=approved.document_id).current_version == version
    assert bring_versions_into_force() == "0"
