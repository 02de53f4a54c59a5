"""Hostile input over every form and list URL: never a 500, nothing half-written.

Every URL pattern of ``config.urls`` (the admin's generated model pages aside: they are
Django's own forms, and the admin tests cover their access) has a case in ``CASES``
saying who rightfully uses it and what it reads, or a reason in ``NOT_INPUT`` why it
reads no user input. A new URL with neither fails ``test_every_url_has_a_case``.

For each case the test sends GET with hostile query values (every parameter at once
with each value, and each parameter alone with a rotating value) and POST with hostile
field values over a valid baseline (the page's own form, or a known-good submit of a
create form). After a refused POST (not a redirect, or a redirect with an error
message) no row count may have changed; after an accepted one the record the URL
creates or keeps is there exactly as expected. No statement may carry a NUL to the
database: PostgreSQL refuses those, SQLite would hide it.
"""

import pytest
from django.test import Client as HttpClient

from tests.hostile import STATS
from tests.hostile.api_cases import API_CASES
from tests.hostile.app_cases import APP_CASES
from tests.hostile.cases import CASES as CORE_CASES
from tests.hostile.cases import NOT_INPUT, project_url_names
from tests.hostile.probe import run_case
from tests.hostile.values import (
    nul_watch,
)

CASES = {**CORE_CASES, **APP_CASES, **API_CASES}

pytestmark = pytest.mark.django_db


def test_every_url_has_a_case():
    names = project_url_names()
    admin_index_views = {
        name
        for name in names
        if name.startswith("admin:") and name not in CASES and "approvalrequest" not in name
    }
    missing = names - set(CASES) - set(NOT_INPUT) - admin_index_views

    assert not missing, f"add a hostile-input case for: {sorted(missing)}"
    assert not (set(CASES) - names), f"cases for URLs that no longer exist: {set(CASES) - names}"


# ------------------------------------------------------------------ the requests


@pytest.mark.parametrize("url_name", sorted(CASES))
def test_hostile_input_never_gives_a_500_nor_a_half_write(world, url_name):
    case = CASES[url_name]
    http = HttpClient(raise_request_exception=False)
    user = world.users[case.user]
    if user is not None:
        http.force_login(user)
    STATS["urls"] += 1

    with nul_watch() as watch:
        probe = run_case(http, world, url_name, case)

    assert not probe.failures, "\n".join(probe.failures[:20])
    assert not watch.found, f"NUL reached the database: {watch.found[:5]}"
