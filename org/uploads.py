"""One check for every uploaded document: its name and its first bytes must agree.

A FileExtensionValidator looks at the name only; a renamed executable passes it.
Office files are ZIP archives, so a DOCX or XLSX must also hold its Office parts.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import PurePath
from typing import IO, Protocol, cast

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# kind -> (the extensions it may carry, its content type)
KINDS = {
    "pdf": ({"pdf"}, "application/pdf"),
    "jpeg": ({"jpg", "jpeg"}, "image/jpeg"),
    "png": ({"png"}, "image/png"),
    "docx": (
        {"docx"},
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": ({"xlsx"}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


class Upload(Protocol):
    """What the checks read of an uploaded file (Django's File and UploadedFile)."""

    @property
    def size(self) -> int | None: ...

    def seek(self, offset: int, /) -> object: ...

    def read(self, size: int = ..., /) -> bytes: ...


DOCUMENTS = frozenset({"pdf", "jpeg", "png", "docx"})
DOCUMENTS_AND_SHEETS = DOCUMENTS | {"xlsx"}

_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"PK\x03\x04", "zip"),
)


def _office_kind(file: Upload) -> str | None:
    try:
        with zipfile.ZipFile(cast(IO[bytes], file)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return "docx"
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    return None


def detect_kind(file: Upload) -> str | None:
    """'pdf', 'jpeg', 'png', 'docx' or 'xlsx' judged by the content, else None."""
    try:
        file.seek(0)
        head = file.read(8)
        for magic, kind in _MAGIC:
            if head.startswith(magic):
                return _office_kind(file) if kind == "zip" else kind
        return None
    finally:
        file.seek(0)


def _labels(kinds: Iterable[str]) -> str:
    return ", ".join(sorted(kind.upper() for kind in kinds))


def validate_upload(file: Upload, *, allowed: frozenset[str] = DOCUMENTS_AND_SHEETS) -> str:
    """Raise ValidationError unless ``file`` is one of the ``allowed`` kinds by both its
    name and its content and at most 10 MB; return its content type."""
    if file.size is not None and file.size > MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("The file is too large (%(size)s): at most %(limit)s."),
            code="upload_size",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(MAX_UPLOAD_SIZE)},
        )
    extension = PurePath(getattr(file, "name", "") or "").suffix.lower().lstrip(".")
    named = next((kind for kind in allowed if extension in KINDS[kind][0]), None)
    if named is None:
        raise ValidationError(
            _("Attach a file of one of these types: %(types)s."),
            code="upload_type",
            params={"types": _labels(allowed)},
        )
    if detect_kind(file) != named:
        raise ValidationError(
            _("The file's content is not a %(type)s document: it may be damaged or renamed."),
            code="upload_content",
            params={"type": extension.upper()},
        )
    return KINDS[named][1]


def validate_document(file: Upload) -> str:
    """Contract documents: PDF, JPEG, PNG or DOCX."""
    return validate_upload(file, allowed=DOCUMENTS)
