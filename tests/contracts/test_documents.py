"""Agreement documents: what is accepted, refused, downloaded and where it is stored."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contracts.models import Agreement
from org.roles import Role
from tests.contracts.helpers import PDF

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def plain_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.exe", "MZ")
    return buffer.getvalue()


# --- documents -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [("akt.pdf", PDF), ("scan.png", PNG), ("dodatok.docx", None)],
)
def test_agreement_accepts_pdf_png_docx(client, manager, supported_contract, name, content):
    client.force_login(manager)

    response = client.post(
        reverse("contracts:agreement_add", args=[supported_contract.pk]),
        {
            "kind": "technical",
            "date": "2026-01-15",
            "summary": "Погоджено графік",
            "document": SimpleUploadedFile(name, content or docx_bytes()),
        },
    )

    assert response.status_code == 302
    assert Agreement.objects.get(contract=supported_contract).document


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("akt.pdf", b"MZ\x90\x00 not a pdf"),
        ("scan.png", PDF),
        ("dodatok.docx", None),
        ("script.html", b"<script>"),
    ],
)
def test_agreement_refuses_a_document_whose_content_does_not_match(
    client, manager, supported_contract, name, content
):
    client.force_login(manager)

    response = client.post(
        reverse("contracts:agreement_add", args=[supported_contract.pk]),
        {
            "kind": "technical",
            "date": "2026-01-15",
            "summary": "Погоджено графік",
            "document": SimpleUploadedFile(name, content or plain_zip()),
        },
    )

    assert response.status_code == 200
    assert "document" in response.context["form"].errors
    assert "Погоджено графік" in response.content.decode()
    assert not Agreement.objects.exists()


def test_agreement_refuses_a_document_over_10_mb(client, manager, supported_contract):
    client.force_login(manager)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024))

    response = client.post(
        reverse("contracts:agreement_add", args=[supported_contract.pk]),
        {"kind": "technical", "date": "2026-01-15", "summary": "x", "document": big},
    )

    assert "document" in response.context["form"].errors


def test_document_downloads_as_attachment_for_those_who_see_the_contract(
    client, manager, supported_contract, department_staff, make_user, production_on
):
    client.force_login(manager)
    client.post(
        reverse("contracts:agreement_add", args=[supported_contract.pk]),
        {
            "kind": "technical",
            "date": "2026-01-15",
            "summary": "x",
            "document": SimpleUploadedFile("akt.pdf", PDF),
        },
    )
    agreement = Agreement.objects.get()
    url = reverse("contracts:agreement_download", args=[agreement.pk])

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF

    client.force_login(make_user(Role.SUPPORT_MANAGER))
    assert client.get(url).status_code == 404
    client.force_login(department_staff)
    assert client.get(url).status_code == 404
    production_on(supported_contract)
    assert client.get(url).status_code == 200


def test_documents_are_stored_under_media_root_not_static(
    client, manager, supported_contract, settings
):
    client.force_login(manager)
    client.post(
        reverse("contracts:agreement_add", args=[supported_contract.pk]),
        {
            "kind": "technical",
            "date": "2026-01-15",
            "summary": "x",
            "document": SimpleUploadedFile("akt.pdf", PDF),
        },
    )

    path = Agreement.objects.get().document.path
    assert path.startswith(str(settings.MEDIA_ROOT))
