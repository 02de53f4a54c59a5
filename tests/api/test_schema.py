"""The committed OpenAPI schema (docs/api/openapi.yaml) is the one the code generates,
and it is valid OpenAPI 3 with no generator warnings. After changing the API, regenerate
it with ``make api-schema``."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

COMMITTED = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.yaml"


def test_the_committed_schema_is_the_generated_one_and_valid(tmp_path):
    generated = tmp_path / "openapi.yaml"

    # --validate checks it against the OpenAPI 3 specification; --fail-on-warn makes any
    # warning of the generator (an untyped field, a guessed parameter) an error.
    call_command(
        "spectacular", "--lang", "en", "--validate", "--fail-on-warn", "--file", str(generated)
    )

    assert generated.read_text() == COMMITTED.read_text(), (
        "docs/api/openapi.yaml is stale: run `make api-schema` and commit it"
    )


@pytest.mark.django_db
def test_the_schema_is_served_to_signed_in_callers_only(api_as, manager, client):
    from rest_framework.test import APIClient

    served = api_as(manager).get("/api/schema/", {"lang": "en"})

    assert served.status_code == 200
    assert b"PersonalToken" in served.content
    assert APIClient().get("/api/schema/").status_code == 401
    client.force_login(manager)
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    # Swagger UI from the app's own static files (drf-spectacular-sidecar), no CDN.
    page = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()
