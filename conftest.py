import os

import pytest
from django.conf import settings

from org.roles import Role


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _ukrainian():
    """Each test starts in the default language: a request through the test client
    activates the user's language in this thread, and it would leak into the next test."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_schedules():
    """Calendars read in one test (and rolled back after it) are not kept for the next."""
    from calendars.selectors import clear_schedule_cache

    clear_schedule_cache()
    yield
    clear_schedule_cache()


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL") or settings.REDIS_URL
    if not url:
        pytest.skip("needs a Redis server: set REDIS_URL")
    return url


@pytest.fixture
def make_user(db):
    from tests.org.factories import UserFactory

    def make(role: Role | None = None, department=None, **kwargs):
        from tests.org.factories import department as department_named

        if isinstance(department, str):
            department = department_named(department)
        return UserFactory(role=role, department=department, **kwargs)

    return make


@pytest.fixture
def manager(make_user):
    return make_user(Role.SUPPORT_MANAGER)


@pytest.fixture
def executive_director(make_user):
    return make_user(Role.EXECUTIVE_DIRECTOR, is_staff=True)


@pytest.fixture
def general_director(make_user):
    return make_user(Role.GENERAL_DIRECTOR, is_staff=True)


@pytest.fixture
def department_staff(make_user):
    return make_user(Role.DEPARTMENT_STAFF, department="production")


@pytest.fixture
def department_head(make_user):
    head = make_user(Role.DEPARTMENT_HEAD, department="production")
    head.department.head = head
    head.department.save(update_fields=["head"])
    return head
