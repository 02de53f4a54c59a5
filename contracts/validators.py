"""Checks on agreement documents: the name says the type, the first bytes must agree."""

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_SIZE = 10 * 1024 * 1024

# extension -> the bytes every such file starts with
DOCUMENT_SIGNATURES = {
    "pdf": b"%PDF-",
    "jpg": b"\xff\xd8\xff",
    "jpeg": b"\xff\xd8\xff",
    "png": b"\x89PNG\r\n\x1a\n",
    "docx": b"PK\x03\x04",
}


def _is_docx(file) -> bool:
    """A .docx is a ZIP archive holding word/document.xml; any other ZIP is not one."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        file.seek(0)


def validate_document(file):
    """Allow only PDF, JPEG, PNG and DOCX up to 10 MB, judged by content, not just by name."""
    if file.size is not None and file.size > MAX_DOCUMENT_SIZE:
        raise ValidationError(
            _("The file is too large (%(size)s): at most %(limit)s."),
            code="document_size",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(MAX_DOCUMENT_SIZE),
            },
        )
    extension = PurePath(file.name or "").suffix.lower().lstrip(".")
    signature = DOCUMENT_SIGNATURES.get(extension)
    if signature is None:
        raise ValidationError(_("Attach a PDF, JPEG, PNG or DOCX file."), code="document_extension")
    file.seek(0)
    head = file.read(len(signature))
    file.seek(0)
    if head != signature or (extension == "docx" and not _is_docx(file)):
        raise ValidationError(
            _("The file's content is not a %(type)s document: it may be damaged or renamed."),
            code="document_content",
            params={"type": extension.upper()},
        )
