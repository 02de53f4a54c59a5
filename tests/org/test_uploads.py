import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from org.uploads import DOCUMENTS, detect_kind, validate_upload


def office(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for part in parts:
            archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("akt.pdf", b"%PDF-1.7 ...", "pdf"),
        ("photo.JPG", b"\xff\xd8\xff\xe0....", "jpeg"),
        ("scan.png", b"\x89PNG\r\n\x1a\n....", "png"),
        ("dodatok.docx", office(["word/document.xml"]), "docx"),
        ("zvirka.xlsx", office(["xl/workbook.xml"]), "xlsx"),
    ],
)
def test_accepts_a_file_whose_content_matches_its_name(name, content, kind):
    upload = SimpleUploadedFile(name, content)

    assert validate_upload(upload)
    assert detect_kind(upload) == kind
    assert upload.tell() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("akt.pdf", b"MZ\x90\x00 an executable"),
        ("akt.docx", b"PK\x03\x04 not really a zip"),
        ("akt.docx", office(["xl/workbook.xml"])),
        ("virus.exe", b"MZ"),
        ("no-extension", b"%PDF-1.7"),
    ],
)
def test_refuses_a_file_whose_name_or_content_is_wrong(name, content):
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile(name, content))


def test_refuses_kinds_not_allowed_here():
    with pytest.raises(ValidationError, match="DOCX, JPEG, PDF, PNG"):
        validate_upload(
            SimpleUploadedFile("t.xlsx", office(["xl/workbook.xml"])), allowed=DOCUMENTS
        )


def test_refuses_files_over_10_mb():
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))

    with pytest.raises(ValidationError) as refused:
        validate_upload(upload)

    assert refused.value.code == "upload_size"
