"""What the browser journeys share besides fixtures: where Chromium is, how it starts,
and Playwright's ``expect`` (None where Playwright is missing: conftest skips then)."""

from pathlib import Path

try:
    from playwright.sync_api import expect
except ImportError:  # the journeys are skipped; collecting them must still work
    expect = None

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def missing() -> str | None:
    """Why the journeys cannot run here, or None."""
    if expect is None:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return None


def uk(message: str) -> str:
    """``message`` as the Ukrainian interface shows it (from the compiled catalogue)."""
    from django.utils import translation

    with translation.override("uk"):
        return translation.gettext(message)


def sign_out(page):
    """Sign out through the user menu in the top bar (or the admin's), as a person would."""
    if page.locator(".topbar .dropdown-toggle").count():
        page.click(".topbar .dropdown-toggle")
        page.click("form[action$='/accounts/logout/'] button")
        page.wait_for_url("**/accounts/login/**")
    elif page.locator("#logout-form button").count():
        page.click("#logout-form button")
        page.wait_for_load_state()
    page.context.clear_cookies()
