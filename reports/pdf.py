"""The report as a PDF, rendered by WeasyPrint from an HTML template, in Ukrainian.

The fonts are Debian's DejaVu (fonts-dejavu-core): Cyrillic in every weight, found by
fontconfig. WeasyPrint needs Pango (libpango-1.0-0, libpangoft2-1.0-0); `available()`
says whether it can run here, so tests skip with a reason where it cannot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from reports.presenters import month_label, report_context

if TYPE_CHECKING:
    from reports.models import ClientReport


def available() -> tuple[bool, str]:
    """(True, "") where WeasyPrint and its system libraries load; else (False, why)."""
    try:
        import weasyprint  # noqa: F401  (loads Pango through cffi)
    except (ImportError, OSError) as error:
        return False, f"WeasyPrint cannot load: {error}"
    return True, ""


def pdf_filename(report: ClientReport) -> str:
    number = "".join(char if char.isalnum() else "-" for char in report.contract.number)
    return f"zvit-{number}-{report.month:%Y-%m}.pdf"


def report_html(report: ClientReport, *, draft: bool = False) -> str:
    """The report's HTML for the PDF, in the company's language."""
    with translation.override(settings.LANGUAGE_CODE):
        context: dict[str, Any] = {
            "report": report,
            "month": month_label(report.month),
            "company": settings.COMPANY,
            "draft": draft,
            "printed_at": timezone.localtime(),
            **report_context(report.figures),
        }
        return render_to_string("reports/pdf.html", context)


def report_pdf(report: ClientReport, *, draft: bool = False) -> bytes:
    """The PDF the client receives (``draft``: marked as a draft, for the preview)."""
    from weasyprint import HTML

    document = HTML(string=report_html(report, draft=draft), base_url=str(settings.BASE_DIR))
    pdf: bytes = document.write_pdf()
    return pdf
