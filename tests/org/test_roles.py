import pytest
from django.contrib.auth.models import Group

from org.models import Department, DepartmentCode
from org.roles import ROLE_PERMISSIONS, Role, sync_role_permissions

pytestmark = pytest.mark.django_db


def test_migrations_create_every_role_group():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_migrations_create_the_six_departments_with_both_names():
    departments = {d.code: d for d in Department.objects.all()}

    assert set(departments) == set(DepartmentCode.values)
    assert departments["hr"].name_uk == "Відділ кадрів"
    assert departments["hr"].name_en == "HR department"


def test_department_name_follows_the_active_language(settings):
    from django.utils import translation

    hr = Department.objects.get(code=DepartmentCode.HR)
    with translation.override("en"):
        assert str(hr) == "HR department"
    with translation.override("uk"):
        assert str(hr) == "Відділ кадрів"


def test_role_groups_hold_exactly_the_permissions_in_code():
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held == set(perms), role


def test_syncing_twice_changes_nothing():
    before = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}

    sync_role_permissions()
    sync_role_permissions()

    after = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    assert after == before


def test_role_helper_names_the_role_and_answers_questions(make_user):
    manager = make_user(Role.SUPPORT_MANAGER)
    head = make_user(Role.DEPARTMENT_HEAD, department="hr")
    nobody = make_user()

    assert manager.role == Role.SUPPORT_MANAGER
    assert manager.is_support_manager and not manager.is_director
    assert head.is_department_head and head.is_department_member
    assert head.has_role(Role.DEPARTMENT_STAFF, Role.DEPARTMENT_HEAD)
    assert nobody.role is None and not nobody.has_role(*Role)


def test_director_role_wins_over_manager_role(make_user):
    user = make_user(Role.SUPPORT_MANAGER)
    user.groups.add(Group.objects.get(name=Role.EXECUTIVE_DIRECTOR))

    fresh = type(user).objects.get(pk=user.pk)

    assert fresh.role == Role.EXECUTIVE_DIRECTOR


def test_general_director_appoints_a_manager_but_cannot_make_superusers(
    client, general_director, make_user
):
    from django.urls import reverse

    newcomer = make_user()
    client.force_login(general_director)
    url = reverse("admin:org_user_change", args=[newcomer.pk])

    page = client.get(url)

    assert page.status_code == 200
    assert "is_superuser" not in page.context["adminform"].form.fields
    assert "user_permissions" not in page.context["adminform"].form.fields
    assert "groups" in page.context["adminform"].form.fields


def test_a_department_head_must_hold_the_head_role_in_that_department(make_user):
    from org.forms import DepartmentForm

    hr = Department.objects.get(code=DepartmentCode.HR)
    head = make_user(Role.DEPARTMENT_HEAD, department="hr")
    staff = make_user(Role.DEPARTMENT_STAFF, department="hr")
    other_head = make_user(Role.DEPARTMENT_HEAD, department="production")

    def form_with(user):
        return DepartmentForm(
            data={"name_uk": hr.name_uk, "name_en": hr.name_en, "head": user.pk}, instance=hr
        )

    assert form_with(head).is_valid()
    assert not form_with(staff).is_valid()
    assert not form_with(other_head).is_valid()
