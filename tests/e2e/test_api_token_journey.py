"""Journey: a manager creates an API token on the settings page, copies it from the one
page that shows it, calls the API with it, and revokes it; then the token is refused."""

import os
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from org.api_tokens import ApiToken
from tests.e2e.browser import expect

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
# Where to leave the page at phone and laptop widths, to look at (unset: nowhere).
SHOTS = os.environ.get("API_TOKEN_SCREENSHOTS")


def shoot(page, name):
    if not SHOTS:
        return
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_token_made_on_the_settings_page_opens_the_api_until_revoked(page, sign_in, manager):
    sign_in(manager)
    page.goto("/accounts/notifications/#api-tokens")
    section = page.locator("#api-tokens")
    expect(section).to_contain_text("У вас немає токенів API.")

    section.get_by_label("Назва токена").fill("CRM відділу продажів")
    section.get_by_label("Доступ").select_option("write")
    section.get_by_role("button", name="Створити токен").click()

    expect(page.locator("h1")).to_contain_text("Токен API створено")
    secret = page.locator("#api-token-secret").input_value()
    assert secret.startswith("cd_")
    shoot(page, "token-created")
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert http.get("/api/v1/claims/").status_code == 200

    page.get_by_role("link", name="Виконано").click()
    row = page.locator("#api-tokens li", has_text="CRM відділу продажів")
    expect(row).to_contain_text("Читання й запис")
    expect(row).not_to_contain_text(secret)
    shoot(page, "token-list")
    row.get_by_role("button", name="Відкликати").click()

    expect(page.locator("#api-tokens")).to_contain_text("У вас немає токенів API.")
    assert ApiToken.objects.get().revoked_at is not None
    assert http.get("/api/v1/claims/").status_code == 401
