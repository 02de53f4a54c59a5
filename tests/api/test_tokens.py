"""Personal tokens: who they open the API to, and what they may do."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from org.api_tokens import ApiToken, TokenScope, token_hash
from org.errors import DomainError
from org.token_services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


def with_token(secret):
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return http


def test_only_the_hash_is_stored_and_the_secret_opens_the_api(manager):
    token, secret = api_token_create(actor=manager, name="CRM", scope=TokenScope.READ)

    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in {stored.key_hash, stored.key_start, stored.name}
    assert stored.key_hash == token_hash(secret)
    assert secret.startswith(stored.key_start)
    response = with_token(secret).get("/api/v1/claims/")
    assert response.status_code == 200


@pytest.mark.parametrize("header", ["Token nonsense", "Token", "Token a b", "Bearer cd_unknown"])
def test_an_unknown_or_malformed_token_is_401_with_a_code(header):
    http = APIClient()
    http.credentials(HTTP_AUTHORIZATION=header)

    response = http.get("/api/v1/claims/")

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response["WWW-Authenticate"] == "Token"


def test_without_credentials_the_api_answers_401_not_the_sign_in_page():
    response = APIClient().get("/api/v1/claims/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_revoked_token_is_401(manager):
    token, secret = api_token_create(actor=manager, name="CRM", scope=TokenScope.WRITE)
    api_token_revoke(actor=manager, token=token)

    assert with_token(secret).get("/api/v1/claims/").status_code == 401


def test_a_token_works_through_its_last_day_and_is_401_after(manager):
    today = timezone.localdate()
    _token, secret = api_token_create(
        actor=manager, name="CRM", scope=TokenScope.READ, expires_on=today
    )
    assert with_token(secret).get("/api/v1/claims/").status_code == 200

    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        assert with_token(secret).get("/api/v1/claims/").status_code == 401


def test_a_token_of_a_deactivated_user_is_401(manager):
    _token, secret = api_token_create(actor=manager, name="CRM", scope=TokenScope.READ)
    manager.is_active = False
    manager.save(update_fields=["is_active"])

    assert with_token(secret).get("/api/v1/claims/").status_code == 401


def test_a_read_only_token_reads_but_every_write_is_403(manager, claim, api_as):
    http = api_as(manager, TokenScope.READ)
    assert http.get(f"/api/v1/claims/{claim.pk}/").status_code == 200

    writes = [
        (f"/api/v1/claims/{claim.pk}/respond/", {"note": "Передзвонили"}),
        (f"/api/v1/claims/{claim.pk}/comments/", {"text": "Коментар"}),
        ("/api/v1/claims/", {"contract": claim.contract_id, "subject": "Брудно"}),
        ("/api/v1/notifications/read-all/", {}),
    ]
    for url, data in writes:
        response = http.post(url, data, format="json")
        assert response.status_code == 403, url
        assert response.json()["code"] == "read_only_token"
    claim.refresh_from_db()
    assert claim.status == "new"
    assert not claim.comments.exists()


def test_last_used_is_written_at_most_once_a_minute(manager):
    token, secret = api_token_create(actor=manager, name="CRM", scope=TokenScope.READ)
    http = with_token(secret)
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        http.get("/api/v1/notifications/")
        token.refresh_from_db()
        assert token.last_used_at == start
        with CaptureQueriesContext(connection) as queries:
            http.get("/api/v1/notifications/")
        assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    later = start + datetime.timedelta(seconds=61)
    with time_machine.travel(later, tick=False):
        http.get("/api/v1/notifications/")
    token.refresh_from_db()
    assert token.last_used_at == later


def test_session_sign_in_works_and_a_write_needs_the_csrf_token(manager, claim):
    http = APIClient(enforce_csrf_checks=True)
    http.force_login(manager)

    assert http.get("/api/v1/claims/").status_code == 200
    response = http.post(f"/api/v1/claims/{claim.pk}/respond/", {"note": "Так"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


@override_settings(API_THROTTLE_RATES={"token": "3/min", "session": "3/min", "anonymous": "3/min"})
def test_each_token_is_throttled_on_its_own(manager, other_manager, api_as):
    busy, quiet = api_as(manager), api_as(other_manager)

    statuses = [busy.get("/api/v1/notifications/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    refused = busy.get("/api/v1/notifications/")
    assert refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    # Another token (even the same user's second one) has its own count.
    assert quiet.get("/api/v1/notifications/").status_code == 200
    assert api_as(manager).get("/api/v1/notifications/").status_code == 200


def test_the_service_refuses_an_empty_name_a_past_day_and_another_users_token(
    manager, other_manager
):
    with pytest.raises(DomainError) as empty:
        api_token_create(actor=manager, name="  ", scope=TokenScope.READ)
    assert empty.value.code == "name"
    with pytest.raises(DomainError) as past:
        api_token_create(
            actor=manager,
            name="CRM",
            scope=TokenScope.READ,
            expires_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert past.value.code == "expires_on"
    token, _secret = api_token_create(actor=manager, name="CRM", scope=TokenScope.READ)
    with pytest.raises(DomainError) as foreign:
        api_token_revoke(actor=other_manager, token=token)
    assert foreign.value.code == "forbidden"
    token.refresh_from_db()
    assert token.revoked_at is None


# ------------------------------------------------------------------ the settings page


def test_the_settings_page_creates_a_token_and_shows_its_secret_once(client, manager):
    client.force_login(manager)

    response = client.post(
        reverse("api_token_create"), {"name": "Бот", "scope": TokenScope.WRITE, "expires_on": ""}
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = response.context["secret"]
    token = ApiToken.objects.get(user=manager)
    assert token.key_hash == token_hash(secret) and token.scope == TokenScope.WRITE
    assert secret in response.content.decode()
    page = client.get(reverse("notifications")).content.decode()
    assert "Бот" in page and token.key_start in page and secret not in page
    assert with_token(secret).get("/api/v1/claims/").status_code == 200


def test_the_settings_page_revokes_only_the_users_own_tokens(client, manager, other_manager):
    mine, _ = api_token_create(actor=manager, name="Мій", scope=TokenScope.READ)
    theirs, _ = api_token_create(actor=other_manager, name="Чужий", scope=TokenScope.READ)
    client.force_login(manager)

    foreign = client.post(reverse("api_token_revoke", args=[theirs.pk]))
    own = client.post(reverse("api_token_revoke", args=[mine.pk]))

    assert foreign.status_code == 404
    assert own.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None


def test_a_bad_create_form_writes_nothing(client, manager):
    client.force_login(manager)

    response = client.post(reverse("api_token_create"), {"name": "", "scope": "admin"})

    assert response.status_code == 302
    assert not ApiToken.objects.exists()
