"""Browser journeys: Chromium (Debian's, never a downloaded one) driven by Playwright's
sync API against pytest-django's live server on loopback.

Every test in this folder is skipped, with the reason, where Chromium or Playwright is
missing; CI installs both, so there they run. Each journey leaves a screenshot of its
last page in artifacts/e2e/, and a Playwright trace there when it failed
(open it with `.venv/bin/playwright show-trace artifacts/e2e/<test>-trace.zip`).
"""

import os
import re
from pathlib import Path

import pytest

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, missing, sign_out

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# the test's own database queries ("You cannot call this from an async context").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE.parents[1] / "artifacts" / "e2e"
# Long enough for a slow CI runner, short enough that a missing element fails fast.
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(config, items):
    reason = missing()
    if reason is None:
        return
    skip = pytest.mark.skip(reason=f"browser journeys: {reason}")
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # Read by the page fixture at teardown: the trace is kept only when the journey failed.
    setattr(item, f"rep_{report.when}", report)
    return report


# Package scope: the browser and Playwright's event loop end with the last journey, before
# the tests of the folders after this one run.
@pytest.fixture(scope="package")
def browser(django_db_setup):
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Starting Playwright's sync API leaves this thread in another context, where Django's
    # connection handler (context-local) hands out new connection objects without the
    # database contents serialized at setup: serialized_rollback would then restore
    # nothing, and the departments and role groups the migrations made would be gone
    # for every later test. Carry them over to the new connection objects.
    serialized = {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all()
        if hasattr(connection, "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context on the live server, in Ukrainian, at laptop width."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="uk-UA",
        viewport={"width": 1366, "height": 900},
        # Bootstrap then skips its fades: screenshots never catch a tab half drawn.
        reduced_motion="reduce",
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.tracing.start(screenshots=True, snapshots=True)
    page = context.new_page()
    # Destructive actions ask through window.confirm (static/js/app.js): the user agrees.
    page.on("dialog", lambda dialog: dialog.accept())
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(f"{page.url}: {error}"))
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    failed = any(
        getattr(request.node, f"rep_{when}", None) is not None
        and getattr(request.node, f"rep_{when}").failed
        for when in ("setup", "call")
    )
    try:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    finally:
        if failed:
            context.tracing.stop(path=str(ARTIFACTS / f"{name}-trace.zip"))
        else:
            context.tracing.stop()
        context.close()
    if script_errors and not failed:
        pytest.fail("a page's JavaScript failed:\n" + "\n".join(script_errors))


@pytest.fixture
def sign_in(page):
    """Sign ``user`` in through the sign-in page, signing out whoever is in first."""

    def sign_in(user, password="password"):
        if page.context.cookies():
            sign_out(page)
        page.goto("/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        # The language switch buttons are submit buttons too: press the form's own.
        page.click("button.w-100")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return sign_in
