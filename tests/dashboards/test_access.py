import pytest

from org.roles import Role

pytestmark = pytest.mark.django_db

PAGES = {
    "manager": "/dashboards/manager/",
    "department": "/dashboards/department/",
    "directors": "/dashboards/directors/",
    "handoffs": "/dashboards/handoffs/",
}
ALLOWED = {
    Role.SUPPORT_MANAGER: {"manager"},
    Role.DEPARTMENT_STAFF: set(),
    Role.DEPARTMENT_HEAD: {"department", "handoffs"},
    # Directors' landing page links each department's hand-off figures to that list.
    Role.EXECUTIVE_DIRECTOR: {"directors", "handoffs"},
    Role.GENERAL_DIRECTOR: {"directors", "handoffs"},
}


@pytest.mark.parametrize("role", list(ALLOWED))
@pytest.mark.parametrize("page", list(PAGES))
def test_each_dashboard_is_for_its_role_only(make_user, client, role, page):
    user = make_user(
        role,
        department="production" if role in (Role.DEPARTMENT_STAFF, Role.DEPARTMENT_HEAD) else None,
    )
    client.force_login(user)
    expected = 200 if page in ALLOWED[role] else 403
    assert client.get(PAGES[page]).status_code == expected


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(PAGES["manager"])
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_claims_behind_a_figure_are_only_those_the_user_sees(make_user, client, frozen):
    from tests.claims.factories import ClaimFactory

    mine = make_user(Role.SUPPORT_MANAGER)
    own = ClaimFactory(contract__client__account_manager=mine, contract__manager=mine)
    ClaimFactory()
    client.force_login(mine)
    listed = client.get("/dashboards/claims/", {"days": 90})
    assert [c.pk for c in listed.context["claims"]] == [own.pk]


def test_pages_are_in_ukrainian_with_titles_and_breadcrumbs(manager, client, frozen):
    client.force_login(manager)
    html = client.get(PAGES["manager"]).content.decode()
    assert "<title>Мій дашборд · Case desk</title>" in html
    assert "Мої відкриті претензії за віком" in html
    assert 'class="breadcrumb-item active"' in html
