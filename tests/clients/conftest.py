import pytest
from django.test import Client as HttpClient

from org.roles import Role


@pytest.fixture
def other_manager(make_user):
    return make_user(Role.SUPPORT_MANAGER)


@pytest.fixture
def signed_in():
    """An HTTP client signed in as ``user``."""

    def sign_in(user):
        http = HttpClient()
        http.force_login(user)
        return http

    return sign_in
