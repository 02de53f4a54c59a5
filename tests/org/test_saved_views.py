import pytest
from django.db import IntegrityError
from django.urls import reverse

from claims.forms import ClaimFilterForm
from contracts.filters import ContractFilter
from handoffs.filters import HandoffFilter
from org.errors import DomainError
from org.roles import Role
from org.saved_view_services import saved_view_create, saved_view_rename, saved_view_set_default
from org.saved_views import PAGES, PageKey, SavedView, clean_query
from tests.claims.factories import ClaimFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db


def _save(user, page=PageKey.CLAIMS, name="Нові", query="status=new", **flags):
    return saved_view_create(
        actor=user,
        page=page,
        name=name,
        query=query,
        shared=flags.get("shared", False),
        is_default=flags.get("is_default", False),
    )


def test_save_keeps_only_the_pages_filters_re_encoded(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("saved_view_save", kwargs={"page": "claims"}),
        {"name": " Мої   нові ", "query": "status=new&cursor=abc&evil=1&q=%20хол%20&overdue="},
    )
    view = SavedView.objects.get()
    assert (view.owner, view.page, view.name) == (manager, "claims", "Мої нові")
    assert view.query == "q=%D1%85%D0%BE%D0%BB&status=new"
    assert response.status_code == 302
    assert response["Location"] == f"/claims/?{view.query}"


def test_clean_query_drops_control_characters_and_overlong_values():
    assert clean_query(PageKey.INBOX, "q=a%00b&kind=" + "x" * 300 + "&tab=overdue") == "tab=overdue"


@pytest.mark.parametrize("page", list(PageKey))
def test_bare_page_redirects_to_the_default_view(client, manager, department_staff, page):
    user = department_staff if page == PageKey.INBOX else manager
    _save(user, page=page, name="Інша", query="q=x")
    view = _save(user, page=page, name="Основна", query="q=hall", is_default=True)
    client.force_login(user)
    url = reverse(PAGES[page].url_name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{url}?{view.query}"
    assert client.get(f"{url}?view=none").status_code == 200
    assert client.get(f"{url}?q=other").status_code == 200


def test_an_empty_default_view_redirects_to_the_page_without_a_view(client, manager):
    _save(manager, query="", is_default=True)
    client.force_login(manager)
    response = client.get("/claims/")
    assert response["Location"] == "/claims/?view=none"
    assert client.get(response["Location"]).status_code == 200


def test_no_default_shows_the_page(client, manager):
    client.force_login(manager)
    assert client.get("/claims/").status_code == 200


def test_one_default_per_owner_and_page(manager):
    first = _save(manager, name="Перша", is_default=True)
    second = _save(manager, name="Друга", is_default=True)
    first.refresh_from_db()
    assert (first.is_default, second.is_default) == (False, True)
    saved_view_set_default(actor=manager, view=first, default=True)
    assert list(SavedView.objects.filter(is_default=True)) == [first]
    saved_view_set_default(actor=manager, view=first, default=False)
    assert not SavedView.objects.filter(is_default=True).exists()
    with pytest.raises(IntegrityError):
        SavedView.objects.filter(pk__in=[first.pk, second.pk]).update(is_default=True)


def test_the_same_name_may_serve_another_page(manager):
    _save(manager, name="Нові")
    _save(manager, page=PageKey.PORTFOLIO, name="Нові", query="stage=support")
    assert SavedView.objects.count() == 2


@pytest.mark.parametrize("name", ["", "   ", "нові"])
def test_empty_or_duplicate_name_is_a_form_error(client, manager, name):
    _save(manager, name="Нові")
    client.force_login(manager)
    response = client.post(reverse("saved_view_save", kwargs={"page": "claims"}), {"name": name})
    assert response.status_code == 200
    assert response.context["save_form"].errors
    assert SavedView.objects.count() == 1


def test_rename_to_a_taken_name_is_a_form_error(client, manager):
    _save(manager, name="Нові")
    other = _save(manager, name="Прострочені", query="overdue=on")
    client.force_login(manager)
    response = client.post(reverse("saved_view_rename", kwargs={"pk": other.pk}), {"name": "Нові"})
    assert response.status_code == 200
    assert "Нові" in response.content.decode()
    other.refresh_from_db()
    assert other.name == "Прострочені"


def test_owner_renames_deletes_and_picks_the_default(client, manager):
    view = _save(manager)
    client.force_login(manager)
    client.post(reverse("saved_view_rename", kwargs={"pk": view.pk}), {"name": "Свіжі"})
    view.refresh_from_db()
    assert view.name == "Свіжі"
    client.post(reverse("saved_view_default", kwargs={"pk": view.pk}), {"default": "1"})
    view.refresh_from_db()
    assert view.is_default
    client.post(reverse("saved_view_delete", kwargs={"pk": view.pk}))
    assert not SavedView.objects.exists()


@pytest.mark.parametrize("name", ["saved_view_rename", "saved_view_delete", "saved_view_default"])
def test_another_users_view_is_not_found(client, manager, make_user, name):
    colleague = make_user(Role.SUPPORT_MANAGER)
    view = _save(colleague, shared=True)
    client.force_login(manager)
    response = client.post(reverse(name, kwargs={"pk": view.pk}), {"name": "Моя", "default": "1"})
    assert response.status_code == 404
    view.refresh_from_db()
    assert (view.name, view.is_default) == ("Нові", False)


def test_the_service_refuses_a_change_by_another_user(manager, make_user):
    view = _save(make_user(Role.SUPPORT_MANAGER), shared=True)
    with pytest.raises(DomainError):
        saved_view_rename(actor=manager, view=view, name="Моя")


@pytest.mark.parametrize("url", ["/accounts/views/nothing/", "/accounts/views/nothing/save/"])
def test_unknown_page_key_is_not_found(client, manager, url):
    client.force_login(manager)
    response = client.post(url, {"name": "Нові"}) if url.endswith("save/") else client.get(url)
    assert response.status_code == 404


def test_shared_views_reach_the_owners_team_only(client, manager, make_user, department_staff):
    _save(make_user(Role.SUPPORT_MANAGER), name="Спільна", shared=True)
    _save(make_user(Role.SUPPORT_MANAGER), name="Особиста")
    client.force_login(manager)
    page = client.get("/claims/?view=none").content.decode()
    assert "Спільна" in page
    assert "Особиста" not in page
    client.force_login(department_staff)
    assert "Спільна" not in client.get("/claims/?view=none").content.decode()


def test_department_views_are_shared_within_the_department(
    client, department_staff, department_head, make_user
):
    _save(department_staff, page=PageKey.INBOX, name="Термінові", query="sort=due", shared=True)
    client.force_login(department_head)
    assert "Термінові" in client.get("/handoffs/?view=none").content.decode()
    client.force_login(make_user(Role.DEPARTMENT_STAFF, department="hr"))
    assert "Термінові" not in client.get("/handoffs/?view=none").content.decode()


def test_a_shared_view_shows_an_outsider_only_what_they_may_see(client, manager, make_user):
    production = make_user(Role.DEPARTMENT_STAFF, department="production")
    accounting = make_user(Role.DEPARTMENT_STAFF, department="accounting")
    ours = ClaimFactory(subject="Хол не прибрано", contract__manager=manager)
    theirs = ClaimFactory(subject="Хол у рахунку", contract__manager=manager)
    HandoffFactory(claim=ours, contract=ours.contract, department=production.department)
    HandoffFactory(claim=theirs, contract=theirs.contract, department=accounting.department)
    view = _save(production, query="q=Хол", shared=True)
    client.force_login(production)
    assert ours.subject in client.get(view.url).content.decode()
    client.force_login(accounting)
    page = client.get(view.url).content.decode()
    assert theirs.subject in page
    assert ours.subject not in page


def test_the_manage_page_lists_own_and_shared_views(client, manager, make_user):
    _save(manager, name="Мої нові")
    _save(make_user(Role.SUPPORT_MANAGER), name="Спільна", shared=True)
    client.force_login(manager)
    response = client.get(reverse("saved_view_manage", kwargs={"page": "claims"}))
    assert [view.name for view in response.context["mine"]] == ["Мої нові"]
    assert [view.name for view in response.context["shared"]] == ["Спільна"]


def test_the_pages_params_are_their_filters(manager, rf):
    request = rf.get("/")
    request.user = manager
    claim_fields = set(ClaimFilterForm(user=manager).fields) | {"sort"}
    inbox_fields = {
        name for name in HandoffFilter(request=request).form.fields if name != "due"
    } | {"due_after", "due_before", "tab", "sort"}
    portfolio_fields = set(ContractFilter(request=request).form.fields) | {"archived"}
    assert PAGES[PageKey.CLAIMS].params == claim_fields
    assert PAGES[PageKey.INBOX].params == inbox_fields
    assert PAGES[PageKey.PORTFOLIO].params == portfolio_fields


@pytest.mark.parametrize("rows", [1, 50])
def test_the_manage_page_and_menu_queries_do_not_grow_with_views(
    client, manager, make_user, rows, django_assert_max_num_queries
):
    colleague = make_user(Role.SUPPORT_MANAGER)
    for number in range(rows):
        _save(manager, name=f"Моя {number}")
        _save(colleague, name=f"Спільна {number}", shared=True)
    client.force_login(manager)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("saved_view_manage", kwargs={"page": "claims"}))
    assert len(response.context["mine"]) == len(response.context["shared"]) == rows


def test_an_htmx_request_is_not_redirected_to_the_default_view(client, manager):
    _save(manager, is_default=True)
    client.force_login(manager)
    assert client.get("/claims/", headers={"HX-Request": "true"}).status_code == 200
