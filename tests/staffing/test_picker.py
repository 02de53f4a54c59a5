import pytest
from django.urls import reverse

from org.roles import Role

pytestmark = pytest.mark.django_db


def _found(client, user, **params):
    client.force_login(user)
    answer = client.get(reverse("autocomplete", kwargs={"source": "users"}), params)
    assert answer.status_code == 200
    return {row["id"] for row in answer.json()["results"]}


def test_the_general_director_picks_whom_to_appoint_among_those_not_managers_yet(
    client, make_user, general_director, executive_director
):
    staff = make_user(Role.DEPARTMENT_STAFF, department="sales", last_name="Продажна")
    manager = make_user(Role.SUPPORT_MANAGER, last_name="Продажна")
    gone = make_user(last_name="Продажна", is_active=False)

    found = _found(client, general_director, role="appointable", q="Продажна")

    assert staff.pk in found and manager.pk not in found and gone.pk not in found
    assert _found(client, executive_director, role="appointable") == set()
