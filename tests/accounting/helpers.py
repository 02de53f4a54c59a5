import csv
import datetime
import io
from decimal import ROUND_HALF_UP, Decimal

from openpyxl import load_workbook


def content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def workbook(response):
    return load_workbook(io.BytesIO(content(response)))


def sheet_rows(sheet):
    """The header and the rows of a sheet, as values; a date cell as a date (Excel keeps
    every date as a date-time)."""
    rows = [
        [value.date() if isinstance(value, datetime.datetime) else value for value in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    return rows[0], rows[1:]


def csv_rows(response):
    text = content(response).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    return rows[0], rows[1:]


def kopiykas(value):
    """Computed here, by hand, not by the app: half up to two decimals."""
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
