"""Every column of every admin list has a translated header: a model method listed
without ``@admin.display(description=…)`` shows its Python name ("GET FULL NAME")."""

import pytest
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.test import Client
from django.urls import reverse
from django.utils import translation

from org.models import User
from tests.test_code_shape import APP_PACKAGES


def _untitled_columns() -> list[str]:
    untitled = []
    for model, model_admin in admin.site._registry.items():
        if type(model_admin).__module__.split(".")[0] not in APP_PACKAGES:
            continue  # third-party admins (axes) translate their own
        for name in model_admin.list_display:
            if not isinstance(name, str) or name in {"__str__", "pk"}:
                continue
            try:
                model._meta.get_field(name)
                continue
            except FieldDoesNotExist:
                pass
            target = getattr(model_admin, name, None) or getattr(model, name, None)
            if not hasattr(target, "short_description"):
                untitled.append(f"{model.__name__}.{name}")
    return untitled


def test_every_admin_column_has_a_described_header():
    assert _untitled_columns() == []


def _ukrainian_page(client: Client, url: str) -> str:
    with translation.override("uk"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="uk")
    assert page.status_code == 200
    return page.content.decode()


@pytest.mark.django_db
def test_user_list_header_reads_ukrainian(admin_client: Client):
    User.objects.create_user("bondar", first_name="Ірина", last_name="Бондар")
    text = _ukrainian_page(admin_client, reverse("admin:org_user_changelist"))
    assert "ПІБ" in text
    assert "get full name" not in text.lower()
    assert "Ірина Бондар" in text  # the column shows the name under its header


@pytest.mark.django_db
def test_admin_index_headers_read_ukrainian(admin_client: Client):
    text = _ukrainian_page(admin_client, reverse("admin:index"))
    for english in ("Model name", "Add link", "Change or view list link"):
        assert english not in text
    assert "Посилання «Додати»" in text
