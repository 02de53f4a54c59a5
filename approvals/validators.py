"""Attachments are checked by their content, not only their name."""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024

# extension → (content type, check of the first bytes / the file)
PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

CONTENT_TYPES = {
    "pdf": PDF,
    "jpg": JPEG,
    "jpeg": JPEG,
    "png": PNG,
    "docx": DOCX,
    "xlsx": XLSX,
}


def _zip_has(file, prefix: str) -> bool:
    """An Office Open XML file is a ZIP whose parts live under ``word/`` or ``xl/``."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and any(name.startswith(prefix) for name in names)


def _content_matches(content_type, head: bytes, file) -> bool:
    if content_type == PDF:
        return head.startswith(b"%PDF-")
    if content_type == JPEG:
        return head.startswith(b"\xff\xd8\xff")
    if content_type == PNG:
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if not head.startswith(b"PK\x03\x04"):
        return False
    return _zip_has(file, "word/" if content_type == DOCX else "xl/")


def validate_attachment(file) -> str:
    """Raise ValidationError unless ``file`` is a PDF, JPEG, PNG, DOCX or XLSX both by its
    name and by its content; return its content type."""
    name = getattr(file, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    content_type = CONTENT_TYPES.get(extension)
    if content_type is None:
        raise ValidationError(
            _("Attach a PDF, JPEG, PNG, DOCX or XLSX file."), code="attachment_type"
        )
    if file.size > MAX_ATTACHMENT_SIZE:
        raise ValidationError(_("The file is larger than 10 MB."), code="attachment_size")
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    matches = _content_matches(content_type, head, file)
    file.seek(0)
    if not matches:
        raise ValidationError(
            _("The file's content is not what its name says: attach a real %(type)s file.")
            % {"type": extension.upper()},
            code="attachment_content",
        )
    return content_type
