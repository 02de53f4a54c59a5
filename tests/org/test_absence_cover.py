import datetime

import pytest
import time_machine
from django.urls import reverse

from org.errors import DomainError
from org.forms import AbsenceCoverForm
from org.models import AbsenceCover
from org.roles import Role
from org.selectors import acting_for, current_cover, represented_user_ids, resolve_recipient

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 1)


@pytest.fixture
def absent(make_user):
    return make_user(Role.SUPPORT_MANAGER)


@pytest.fixture
def cover(make_user):
    return make_user(Role.SUPPORT_MANAGER)


def form_for(absent, cover, starts_on=DAY, ends_on=DAY + datetime.timedelta(days=6)):
    return AbsenceCoverForm(
        data={
            "absent": absent.pk,
            "cover": cover.pk,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "reason": "Відпустка",
        }
    )


def test_cover_form_accepts_a_support_manager_for_another(absent, cover):
    assert form_for(absent, cover).is_valid()


def test_cover_form_refuses_oneself(absent):
    form = form_for(absent, absent)

    assert not form.is_valid()
    assert "cover" in form.errors


def test_cover_form_refuses_a_non_manager(absent, department_staff):
    form = form_for(absent, department_staff)

    assert not form.is_valid()
    assert "cover" in form.errors


def test_cover_form_refuses_overlapping_absences(absent, cover, make_user):
    AbsenceCover.objects.create(absent=absent, cover=cover, starts_on=DAY, ends_on=DAY)
    other = make_user(Role.SUPPORT_MANAGER)

    form = form_for(absent, other, starts_on=DAY - datetime.timedelta(days=2), ends_on=DAY)

    assert not form.is_valid()
    assert form.non_field_errors()


def test_cover_form_refuses_end_before_start(absent, cover):
    form = form_for(absent, cover, starts_on=DAY, ends_on=DAY - datetime.timedelta(days=1))

    assert not form.is_valid()
    assert "ends_on" in form.errors


def test_cover_form_refuses_a_cover_who_is_away_too(absent, cover, make_user):
    AbsenceCover.objects.create(
        absent=cover, cover=make_user(Role.SUPPORT_MANAGER), starts_on=DAY, ends_on=DAY
    )

    form = form_for(absent, cover)

    assert not form.is_valid()
    assert "cover" in form.errors


def test_cover_acts_for_the_absent_manager_only_during_the_range(absent, cover):
    AbsenceCover.objects.create(
        absent=absent, cover=cover, starts_on=DAY, ends_on=DAY + datetime.timedelta(days=2)
    )

    before, during, after = (
        DAY - datetime.timedelta(days=1),
        DAY + datetime.timedelta(days=1),
        DAY + datetime.timedelta(days=3),
    )

    assert represented_user_ids(cover, on=before) == {cover.pk}
    assert represented_user_ids(cover, on=during) == {cover.pk, absent.pk}
    assert represented_user_ids(cover, on=after) == {cover.pk}
    assert acting_for(cover, absent, on=during) == absent
    assert acting_for(cover, absent, on=after) is None
    assert acting_for(absent, absent, on=during) is None
    assert current_cover(absent, on=during) == cover
    assert resolve_recipient(absent, on=during) == cover
    assert resolve_recipient(absent, on=after) == absent


def test_today_is_the_default_day(absent, cover):
    AbsenceCover.objects.create(absent=absent, cover=cover, starts_on=DAY, ends_on=DAY)

    with time_machine.travel(
        datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC), tick=False
    ):
        assert resolve_recipient(absent) == cover
    with time_machine.travel(
        datetime.datetime(2026, 12, 3, 12, 0, tzinfo=datetime.UTC), tick=False
    ):
        assert resolve_recipient(absent) == absent


def test_executive_director_assigns_a_cover_in_the_admin(client, executive_director, absent, cover):
    client.force_login(executive_director)

    response = client.post(
        reverse("admin:org_absencecover_add"),
        {
            "absent": absent.pk,
            "cover": cover.pk,
            "starts_on": "01.12.2026",
            "ends_on": "07.12.2026",
            "reason": "Відпустка",
        },
    )

    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else ""
    )
    saved = AbsenceCover.objects.get()
    assert (saved.absent, saved.cover, saved.created_by) == (absent, cover, executive_director)


def test_a_manager_cannot_reach_the_cover_admin(client, manager):
    client.force_login(manager)

    response = client.get(reverse("admin:org_absencecover_add"))

    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_a_cover_that_loses_a_race_in_the_admin_is_refused_with_its_reason_not_a_500(
    client, executive_director, absent, cover, monkeypatch
):
    # The form's checks passed; a cover saved in the same instant makes the services,
    # which check again under locks, refuse.
    def refuse(**kwargs):
        raise DomainError("Цей менеджер уже має заміщення на ці дні.", code="absent")

    monkeypatch.setattr("org.admin.absence_cover_create", refuse)
    client.force_login(executive_director)
    url = reverse("admin:org_absencecover_add")

    response = client.post(
        url,
        {
            "absent": absent.pk,
            "cover": cover.pk,
            "starts_on": "01.12.2026",
            "ends_on": "07.12.2026",
            "reason": "Відпустка",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert response.redirect_chain == [(url, 302)]
    assert "Цей менеджер уже має заміщення на ці дні." in response.content.decode()
    assert not AbsenceCover.objects.exists()
