"""Saved views in a real browser at phone width: the "Views" menu saves the current
filters as the default view, the bare page then opens with them, and the menu and the
manage page stay inside a 390 px screen."""

from pathlib import Path

import pytest

from org.saved_views import SavedView
from tests.claims.factories import ClaimFactory
from tests.e2e.browser import expect, uk

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
PAGE_WIDTH = "[document.documentElement.scrollWidth, window.innerWidth]"


def test_a_manager_saves_a_default_view_on_a_phone(page, sign_in, manager):
    ClaimFactory(contract__manager=manager, subject="Брудно в холі", status="new")
    ClaimFactory(contract__manager=manager, subject="Зламаний замок", status="resolved")
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(manager)
    page.goto("/claims/?status=new&cursor=zzz")

    page.locator(".saved-views > button").click()
    menu = page.locator(".saved-views-menu")
    expect(menu).to_be_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "saved-views-menu-390.png"), full_page=True)
    box = menu.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    menu.locator("input[name=name]").fill("Нові претензії")
    menu.locator("input[name=is_default]").check()
    menu.locator("button[type=submit]").click()

    expect(page.locator(".alert-success")).to_contain_text(uk("The view is saved."))
    view = SavedView.objects.get()
    assert (view.query, view.is_default) == ("status=new", True)
    assert page.url.endswith("/claims/?status=new")

    page.goto("/claims/")
    assert page.url.endswith("/claims/?status=new")
    expect(page.locator("main")).to_contain_text("Брудно в холі")
    expect(page.locator("main")).not_to_contain_text("Зламаний замок")
    scroll_width, inner_width = page.evaluate(PAGE_WIDTH)
    assert scroll_width <= inner_width

    page.goto("/accounts/views/claims/")
    expect(page.locator("#my-views")).to_contain_text("Нові претензії")
    scroll_width, inner_width = page.evaluate(PAGE_WIDTH)
    assert scroll_width <= inner_width
