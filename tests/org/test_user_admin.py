"""The user admin never lets anyone below superuser touch a user with more rights."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from org.models import User
from org.permissions import can_manage_user
from org.roles import Role

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kyiv-Spring-2026!"


@pytest.fixture
def superuser(make_user):
    return make_user(is_superuser=True, is_staff=True, username="root")


@pytest.fixture
def stronger(make_user):
    """A user with one permission the general director does not hold."""
    user = make_user(Role.SUPPORT_MANAGER, username="stronger")
    user.user_permissions.add(Permission.objects.get(codename="delete_client"))
    return user


@pytest.fixture
def executive(make_user):
    # Holds absence-cover and routing-rule rights the general director lacks.
    return make_user(Role.EXECUTIVE_DIRECTOR, is_staff=True, username="executive")


@pytest.fixture(params=["superuser", "stronger", "executive"])
def protected(request):
    return request.getfixturevalue(request.param)


@pytest.fixture
def director_client(client, general_director):
    client.force_login(general_director)
    return client


def change_data(user, **overrides):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "groups": [group.pk for group in user.groups.all()],
        "date_joined_0": user.date_joined.strftime("%d.%m.%Y"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "department": user.department_id or "",
        "position": user.position,
        "phone": user.phone,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value != ""}


def test_rule_allows_managers_and_refuses_stronger_users(
    general_director, manager, superuser, stronger, executive
):
    assert can_manage_user(general_director, manager)
    assert can_manage_user(general_director, general_director)
    assert not can_manage_user(general_director, superuser)
    assert not can_manage_user(general_director, stronger)
    assert not can_manage_user(general_director, executive)
    assert can_manage_user(superuser, executive)


def test_password_form_refuses_a_stronger_user_on_get_and_post(director_client, protected):
    url = reverse("admin:auth_user_password_change", args=[protected.pk])

    assert director_client.get(url).status_code == 403
    response = director_client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 403
    protected.refresh_from_db()
    assert not protected.check_password(NEW_PASSWORD)


def test_change_form_of_a_stronger_user_is_read_only_and_refuses_a_post(director_client, protected):
    url = reverse("admin:org_user_change", args=[protected.pk])
    groups_before = set(protected.groups.values_list("pk", flat=True))

    page = director_client.get(url)
    response = director_client.post(url, change_data(protected, is_active="", groups=[]))

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert "is_active" not in page.context["adminform"].form.fields
    assert response.status_code == 403
    protected.refresh_from_db()
    assert protected.is_active
    assert set(protected.groups.values_list("pk", flat=True)) == groups_before


def test_history_revert_of_a_stronger_user_is_refused(director_client, protected):
    protected.is_active = False
    protected.save()
    old_version = protected.history.order_by("history_date").first()
    protected.is_active = True
    protected.save()
    url = reverse("admin:org_user_simple_history", args=[protected.pk, old_version.history_id])

    response = director_client.post(url, change_data(protected, is_active=""))

    assert response.status_code == 403
    protected.refresh_from_db()
    assert protected.is_active


def test_bulk_action_refuses_a_selection_with_a_stronger_user(
    director_client, protected, manager, monkeypatch
):
    from org.admin import UserAdmin

    calls = []

    def deactivate(modeladmin, request, queryset):
        calls.append(list(queryset))
        queryset.update(is_active=False)

    deactivate.short_description = "deactivate"
    monkeypatch.setattr(UserAdmin, "actions", (deactivate,))
    url = reverse("admin:org_user_changelist")

    response = director_client.post(
        url,
        {"action": "deactivate", "_selected_action": [protected.pk, manager.pk], "index": 0},
    )

    assert response.status_code == 302
    assert calls == []
    assert User.objects.filter(pk__in=[protected.pk, manager.pk], is_active=False).count() == 0
    page = director_client.get(url)
    assert str(protected) in " ".join(str(message) for message in page.context["messages"])


def test_bulk_action_still_runs_on_ordinary_managers(director_client, manager, monkeypatch):
    from org.admin import UserAdmin

    def deactivate(modeladmin, request, queryset):
        queryset.update(is_active=False)

    monkeypatch.setattr(UserAdmin, "actions", (deactivate,))

    response = director_client.post(
        reverse("admin:org_user_changelist"),
        {"action": "deactivate", "_selected_action": [manager.pk], "index": 0},
    )

    assert response.status_code == 302
    manager.refresh_from_db()
    assert not manager.is_active


def test_director_cannot_give_a_manager_a_role_with_more_rights(director_client, manager):
    executive_group = Group.objects.get(name=Role.EXECUTIVE_DIRECTOR)
    url = reverse("admin:org_user_change", args=[manager.pk])

    response = director_client.post(
        url,
        change_data(
            manager, groups=[*manager.groups.values_list("pk", flat=True), executive_group.pk]
        ),
    )

    assert response.status_code == 200
    assert "права, яких не маєте самі" in str(response.context["adminform"].form.non_field_errors())
    assert not manager.groups.filter(pk=executive_group.pk).exists()


def test_director_cannot_add_a_user_with_more_rights(director_client):
    executive_group = Group.objects.get(name=Role.EXECUTIVE_DIRECTOR)

    response = director_client.post(
        reverse("admin:org_user_add"),
        {
            "username": "newexec",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "groups": [executive_group.pk],
        },
    )

    assert response.status_code == 200
    assert "права, яких не маєте самі" in str(response.context["adminform"].form.non_field_errors())
    assert not User.objects.filter(username="newexec").exists()


def test_director_still_appoints_sets_password_and_dismisses_a_manager(
    director_client, manager, general_director
):
    manager_group = Group.objects.get(name=Role.SUPPORT_MANAGER)

    added = director_client.post(
        reverse("admin:org_user_add"),
        {
            "username": "newmanager",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "groups": [manager_group.pk],
        },
    )
    password_url = reverse("admin:auth_user_password_change", args=[manager.pk])
    password_page = director_client.get(password_url)
    password = director_client.post(
        password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    change_url = reverse("admin:org_user_change", args=[manager.pk])
    change_page = director_client.get(change_url)
    dismissed = director_client.post(change_url, change_data(manager, is_active=""))

    assert added.status_code == 302
    assert User.objects.get(username="newmanager").groups.get() == manager_group
    assert password_page.status_code == 200
    assert password.status_code == 302
    assert change_page.status_code == 200
    assert change_page.context["has_change_permission"] is True
    assert dismissed.status_code == 302, dismissed.context["adminform"].form.errors
    manager.refresh_from_db()
    assert manager.check_password(NEW_PASSWORD)
    assert not manager.is_active
