"""The report's figures and its PDF, checked against counts made from the rows created."""

import shutil
import subprocess

import pytest
import time_machine
from PIL import Image

from reports.models import ClientReport
from reports.pdf import available, report_pdf
from reports.services import client_report_draft
from tests.reports.builders import MONTH, TODAY, expected_claims, served_contract

pytestmark = pytest.mark.django_db

WEASYPRINT, WHY_NOT = available()
needs_weasyprint = pytest.mark.skipif(not WEASYPRINT, reason=WHY_NOT)
needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdftoppm")),
    reason="poppler-utils (pdftotext, pdftoppm) is not installed",
)


@pytest.fixture
def report():
    with time_machine.travel(TODAY, tick=False):
        contract = served_contract()
        drafted, created = client_report_draft(contract=contract, month=MONTH)
    assert created
    return drafted


def pdf_text(tmp_path, content):
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def test_the_figures_match_the_months_rows(report):
    expected = expected_claims()
    claims = report.figures["claims"]

    assert claims["received"] == expected["received"] == 3
    assert claims["responded"] == expected["responded"]
    assert claims["responded_on_time"] == expected["responded_on_time"]
    assert claims["resolved"] == expected["resolved"] == 3
    assert claims["resolved_on_time"] == expected["resolved_on_time"]
    assert claims["resolved_late"] == expected["resolved_late"]
    assert claims["open_at_end"] == expected["open_at_end"]
    assert claims["median_fix_hours"] == expected["median_fix_hours"]
    assert claims["average_fix_hours"] == expected["average_fix_hours"]
    marks = expected["marks"]
    assert report.figures["satisfaction"] == {
        "rated": len(marks),
        "average": round(sum(marks) / len(marks), 2),
    }
    assert [row["summary"] for row in report.figures["agreements"]] == ["Прибирання холу о 7:00"]
    assert [row["label"] for row in report.figures["staffing"]] == ["Охоронець × 2"]
    assert report.figures["handoffs"]["completed"] == 3
    assert report.figures["handoffs"]["by_kind"] == [
        {"kind": "claim_fix", "count": 2},
        {"kind": "staff_replacement", "count": 1},
    ]
    assert "Заміна килимів у холі — 15.12.2026" in report.planned


@needs_weasyprint
@needs_poppler
def test_the_pdf_says_the_figures_in_ukrainian(report, tmp_path):
    expected = expected_claims()
    report.summary = "Дякуємо за співпрацю у листопаді."
    text = pdf_text(tmp_path, report_pdf(report))

    assert "Звіт про надання послуг" in text
    assert "за листопад 2026" in text
    assert report.contract.client.legal_name in text
    assert f"№ {report.contract.number}" in text
    assert "85 000,00 грн" in text
    assert f"Претензій отримано {expected['received']}" in text
    assert (
        f"Претензій усунуто {expected['resolved']} (вчасно {expected['resolved_on_time']}, "
        f"із запізненням {expected['resolved_late']})"
    ) in text
    assert "Прибирання холу о 7:00" in text
    assert "Жовтнева домовленість" not in text
    assert "Дякуємо за співпрацю у листопаді." in text
    assert "Виконано доручень 3" in text
    marks = expected["marks"]
    average = f"{sum(marks) / len(marks):.1f}".replace(".", ",")
    assert f"Задоволеність клієнта {average} з 5 (оцінок: {len(marks)})" in text
    assert f"медіана / середній {expected['median_fix_hours']} год /" in text


@needs_weasyprint
@needs_poppler
def test_the_pdf_renders_to_a_page_with_content(report, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(report_pdf(report))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
        check=True,
    )
    (png,) = tmp_path.glob("page*.png")
    with Image.open(png) as image:
        grey = image.convert("L")
        width, height = grey.size
        dark = sum(grey.histogram()[:128])

    assert width > 300 and height > 400  # an A4 page at 50 dpi: 413 × 585
    assert dark > width * height * 0.01  # text and rules, not a blank page


def test_drafting_twice_keeps_one_report(report):
    with time_machine.travel(TODAY, tick=False):
        again, created = client_report_draft(contract=report.contract, month=MONTH)

    assert not created
    assert again.pk == report.pk
    assert ClientReport.objects.filter(contract=report.contract).count() == 1
