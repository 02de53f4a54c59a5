"""absence_cover_create and absence_cover_update hold every rule of an absence cover."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from org.errors import DomainError
from org.models import AbsenceCover
from org.roles import Role
from org.services import absence_cover_create, absence_cover_update

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 1)
WEEK = datetime.timedelta(days=6)


@pytest.fixture(autouse=True)
def english():
    """The refusals are compared with their English message ids."""
    with translation.override("en"):
        yield


@pytest.fixture
def absent(make_user):
    return make_user(Role.SUPPORT_MANAGER)


@pytest.fixture
def cover(make_user):
    return make_user(Role.SUPPORT_MANAGER)


def create(actor, absent, cover, starts_on=DAY, ends_on=DAY + WEEK, **extra):
    return absence_cover_create(
        actor=actor, absent=absent, cover=cover, starts_on=starts_on, ends_on=ends_on, **extra
    )


def refusal(call):
    with pytest.raises(DomainError) as raised:
        call()
    return raised.value


def test_create_records_the_cover_with_who_assigned_it(executive_director, absent, cover):
    saved = create(executive_director, absent, cover, reason="Відпустка")

    stored = AbsenceCover.objects.get()
    assert stored == saved
    assert (stored.absent, stored.cover, stored.created_by) == (absent, cover, executive_director)
    assert (stored.starts_on, stored.ends_on, stored.reason) == (DAY, DAY + WEEK, "Відпустка")
    assert stored.history.get().history_user == executive_director


def test_create_refuses_whoever_may_not_assign_covers(manager, general_director, absent, cover):
    for actor in (manager, general_director):
        error = refusal(lambda actor=actor: create(actor, absent, cover))

        assert error.code == "forbidden"
    assert not AbsenceCover.objects.exists()


def test_create_refuses_oneself(executive_director, absent):
    error = refusal(lambda: create(executive_director, absent, absent))

    assert (error.code, error.message) == ("cover", "A manager cannot cover for themself.")


def test_create_refuses_end_before_start(executive_director, absent, cover):
    error = refusal(lambda: create(executive_director, absent, cover, ends_on=DAY - WEEK))

    assert (error.code, error.message) == ("ends_on", "The absence cannot end before it starts.")


def test_create_refuses_people_who_are_not_active_support_managers(
    executive_director, absent, department_staff, make_user
):
    dismissed = make_user(Role.SUPPORT_MANAGER, is_active=False)

    assert refusal(lambda: create(executive_director, absent, department_staff)).code == "cover"
    assert refusal(lambda: create(executive_director, absent, dismissed)).code == "cover"
    assert refusal(lambda: create(executive_director, department_staff, absent)).code == "absent"
    assert not AbsenceCover.objects.exists()


def test_create_refuses_a_second_cover_for_the_same_absence(
    executive_director, absent, cover, make_user
):
    create(executive_director, absent, cover)
    other = make_user(Role.SUPPORT_MANAGER)

    error = refusal(
        lambda: create(executive_director, absent, other, starts_on=DAY + WEEK, ends_on=DAY + WEEK)
    )

    assert error.code == "overlap"
    assert error.message == f"{absent} already has a cover for 01.12.2026–07.12.2026."


def test_create_refuses_a_cover_who_is_away_then(executive_director, absent, cover, make_user):
    create(executive_director, cover, make_user(Role.SUPPORT_MANAGER), starts_on=DAY, ends_on=DAY)

    error = refusal(lambda: create(executive_director, absent, cover))

    assert (error.code, error.message) == (
        "cover",
        "This manager is away themself during that time.",
    )


def test_create_refuses_an_absent_manager_who_covers_someone_then(
    executive_director, absent, cover, make_user
):
    create(executive_director, make_user(Role.SUPPORT_MANAGER), absent, starts_on=DAY, ends_on=DAY)

    error = refusal(lambda: create(executive_director, absent, cover))

    assert (error.code, error.message) == (
        "absent",
        "This manager covers for someone else during that time.",
    )


def test_covers_that_only_touch_ends_do_not_overlap(executive_director, absent, cover, make_user):
    create(executive_director, absent, cover, starts_on=DAY, ends_on=DAY)

    create(executive_director, absent, make_user(Role.SUPPORT_MANAGER), starts_on=DAY + WEEK)

    assert AbsenceCover.objects.count() == 2


def test_update_changes_the_dates_and_records_the_actor(executive_director, absent, cover):
    record = create(executive_director, absent, cover)

    absence_cover_update(
        actor=executive_director, absence_cover=record, ends_on=DAY + WEEK + WEEK, reason="Хвороба"
    )

    record.refresh_from_db()
    assert (record.ends_on, record.reason) == (DAY + WEEK + WEEK, "Хвороба")
    assert record.history.count() == 2
    assert record.history.first().history_user == executive_director


def test_update_does_not_count_the_cover_against_itself(executive_director, absent, cover):
    record = create(executive_director, absent, cover)

    absence_cover_update(actor=executive_director, absence_cover=record, starts_on=DAY - WEEK)

    record.refresh_from_db()
    assert record.starts_on == DAY - WEEK


def test_update_refuses_what_create_refuses_and_leaves_the_row(executive_director, absent, cover):
    record = create(executive_director, absent, cover)

    error = refusal(
        lambda: absence_cover_update(actor=executive_director, absence_cover=record, cover=absent)
    )

    assert error.code == "cover"
    record.refresh_from_db()
    assert record.cover == cover


def test_update_refuses_an_overlap_with_another_cover(executive_director, absent, cover, make_user):
    create(executive_director, absent, cover, starts_on=DAY, ends_on=DAY)
    later = create(
        executive_director,
        absent,
        make_user(Role.SUPPORT_MANAGER),
        starts_on=DAY + WEEK,
        ends_on=DAY + WEEK,
    )

    error = refusal(
        lambda: absence_cover_update(actor=executive_director, absence_cover=later, starts_on=DAY)
    )

    assert error.code == "overlap"


def test_update_refuses_fields_it_does_not_change(executive_director, absent, cover):
    record = create(executive_director, absent, cover)

    with pytest.raises(TypeError):
        absence_cover_update(actor=executive_director, absence_cover=record, created_by=cover)


def test_update_refuses_whoever_may_not_change_covers(
    executive_director, general_director, absent, cover
):
    record = create(executive_director, absent, cover)

    error = refusal(
        lambda: absence_cover_update(
            actor=general_director, absence_cover=record, ends_on=DAY + WEEK + WEEK
        )
    )

    assert error.code == "forbidden"


def test_the_admin_shows_the_services_refusal_on_its_field(
    client, executive_director, absent, cover, make_user
):
    create(executive_director, cover, make_user(Role.SUPPORT_MANAGER), starts_on=DAY, ends_on=DAY)
    client.force_login(executive_director)

    response = client.post(
        reverse("admin:org_absencecover_add"),
        {
            "absent": absent.pk,
            "cover": cover.pk,
            "starts_on": "01.12.2026",
            "ends_on": "07.12.2026",
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["cover"] == ["Цей менеджер сам відсутній у цей час."]
    assert AbsenceCover.objects.count() == 1


def test_the_admin_changes_a_cover_through_the_service(client, executive_director, absent, cover):
    record = create(executive_director, absent, cover)
    client.force_login(executive_director)

    response = client.post(
        reverse("admin:org_absencecover_change", args=[record.pk]),
        {
            "absent": absent.pk,
            "cover": cover.pk,
            "starts_on": "01.12.2026",
            "ends_on": "10.12.2026",
            "reason": "Відрядження",
        },
    )

    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.ends_on, record.reason, record.created_by) == (
        datetime.date(2026, 12, 10),
        "Відрядження",
        executive_director,
    )
    assert record.history.first().history_user == executive_director
