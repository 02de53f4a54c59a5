"""XLSX downloads: opened with openpyxl, they hold the CSV's rows, with real dates and
numbers in the cells, a frozen header and sized columns."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from org.exports import Column, table_response
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def read_xlsx(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(body(response))).active


def read_csv(response):
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


def as_csv_text(value):
    """What the CSV shows for an XLSX cell's value."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    return str(value)


def test_cells_keep_their_types_and_the_header_is_frozen_and_sized():
    moment = datetime.datetime(2026, 3, 29, 2, 30, tzinfo=datetime.UTC)
    response = table_response(
        "xlsx",
        filename="x",
        columns=[Column("Коли", 17), Column("Сума", 12), Column("Текст", 40)],
        rows=[[moment, Decimal("125000.50"), "=HYPERLINK(1)"], [None, 7, "Арена Сіті"]],
    )

    sheet = read_xlsx(response)

    assert response["Content-Disposition"].startswith('attachment; filename="x.xlsx"')
    assert [cell.value for cell in sheet[1]] == ["Коли", "Сума", "Текст"]
    assert sheet[1][0].font.bold
    # Kyiv is UTC+3 after the March change: the local time, as Excel has no time zones.
    assert sheet["A2"].value == datetime.datetime(2026, 3, 29, 5, 30)  # noqa: DTZ001 (naive, as in the file)
    assert sheet["A2"].number_format == "DD.MM.YYYY HH:MM"
    assert sheet["B2"].value == 125000.5
    assert sheet["C2"].value == "=HYPERLINK(1)" and sheet["C2"].data_type == "s"
    assert sheet["B3"].value == 7
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width == 40


def test_the_claim_list_in_xlsx_holds_the_csvs_rows(client, manager):
    contract = SupportContractFactory(client__account_manager=manager, manager=manager)
    for subject in ("Не прибрано в холі", "Не працює ліфт"):
        ClaimFactory(subject=subject, contract=contract)
    ClaimFactory(subject="Чужа")  # another manager's: in neither
    client.force_login(manager)

    csv_rows = read_csv(client.get(reverse("claims:export")))
    sheet = read_xlsx(client.get(reverse("claims:export_xlsx")))

    xlsx_rows = [[as_csv_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    assert len(xlsx_rows) == 3
    assert xlsx_rows == csv_rows
    assert isinstance(sheet["A2"].value, int)
    assert isinstance(sheet["B2"].value, datetime.datetime)


def test_the_inbox_in_xlsx_holds_the_csvs_rows(client, department_staff):
    for title in ("Звіт про прибирання", "Заміна працівника"):
        HandoffFactory(title=title)
    client.force_login(department_staff)

    params = {"tab": "unassigned"}
    csv_rows = read_csv(client.get(reverse("handoffs:inbox_export"), params))
    sheet = read_xlsx(client.get(reverse("handoffs:inbox_export_xlsx"), params))

    xlsx_rows = [[as_csv_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    assert len(xlsx_rows) == 3
    assert xlsx_rows == csv_rows
    assert isinstance(sheet["J2"].value, datetime.datetime)  # due
