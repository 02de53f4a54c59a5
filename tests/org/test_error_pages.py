"""403, 404, 409 and 500 are Ukrainian pages in the product's layout with a way back; the
product's 404 is what a user sees for an object outside ``visible_to`` even under DEBUG."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from org.errors import DomainError
from org.middleware import ProductErrorPagesMiddleware
from org.roles import Role
from tests.contracts.factories import ContractFactory

pytestmark = pytest.mark.django_db

HOME_LINK = "На мою головну сторінку"


def test_another_managers_contract_is_the_products_not_found_page_even_under_debug(
    client, manager, make_user, settings
):
    settings.DEBUG = True
    other = make_user(Role.SUPPORT_MANAGER)
    contract = ContractFactory(client__account_manager=other, manager=other, number="ЧУЖ-1")
    client.force_login(manager)

    response = client.get(reverse("contracts:detail", kwargs={"pk": contract.pk}))

    page = response.content.decode()
    assert response.status_code == 404
    assert "<title>Не знайдено · Case desk</title>" in page
    assert 'class="col-auto sidebar' in page  # the product's layout, with its menu
    assert HOME_LINK in page and "data-history-back" in page
    assert "ЧУЖ-1" not in page


def test_a_url_no_view_answers_keeps_djangos_debug_page_under_debug(client, manager, settings):
    settings.DEBUG = True
    client.force_login(manager)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found at /no-such-page/" in response.content.decode()


def test_without_debug_every_not_found_is_the_products_page(client, manager):
    client.force_login(manager)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Тут нічого немає, або у вас немає доступу." in response.content.decode()


def test_access_denied_is_ukrainian_in_the_layout(client, department_staff):
    client.force_login(department_staff)

    response = client.get(reverse("dashboards:directors"))

    page = response.content.decode()
    assert response.status_code == 403
    assert "<title>Доступ заборонено · Case desk</title>" in page
    assert 'class="col-auto sidebar' in page and HOME_LINK in page


def test_a_refusal_no_view_caught_is_a_409_page_with_its_message(manager):
    request = RequestFactory().get("/")
    request.user = manager
    middleware = ProductErrorPagesMiddleware(lambda request: None)

    response = middleware.process_exception(request, DomainError("Договір уже закрито."))

    page = response.content.decode()
    assert response.status_code == 409
    assert "<title>Дію відхилено · Case desk</title>" in page
    assert "Договір уже закрито." in page and HOME_LINK in page


def test_the_server_error_page_needs_no_request_and_is_ukrainian():
    page = render_to_string("500.html")

    assert "<title>Помилка сервера · Case desk</title>" in page
    assert HOME_LINK in page
    assert "set_language" not in page and "csrfmiddlewaretoken" not in page


def test_signed_out_visitors_get_the_bare_layout():
    page = render_to_string("404.html")

    assert "Не знайдено" in page and HOME_LINK in page
    assert "sidebar" not in page
