"""Downloads of the lists, as CSV or XLSX: the same columns and rows either way.

CSV is streamed row by row, readable by Excel (a BOM for the Cyrillic) and safe to open
(a cell that starts like a formula is made plain text). XLSX is written with openpyxl's
write-only mode, which keeps one row in memory at a time, into a temporary file that is
then sent: real dates and numbers in the cells, the header row frozen, columns sized."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

Format = Literal["csv", "xlsx"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
DATE_FORMAT = "DD.MM.YYYY"


@dataclass(frozen=True)
class Column:
    """A column of a download: its header, its width in characters and the number format
    of its numbers (XLSX: "0.00" keeps the kopiykas on screen)."""

    title: str
    width: int = 14
    number_format: str | None = None


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its name (at most 31 characters), columns and rows."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Iterable[object]]


class _Echo:
    """A file-like object whose write returns the line, for csv.writer to stream."""

    def write(self, value: str) -> str:
        return value


def cell(value: object) -> str:
    """``value`` as CSV text: dates the Ukrainian way, formulas neutralised."""
    if isinstance(value, datetime):
        return local_datetime(value)
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    text = "" if value is None else str(value)
    # A cell that starts like a formula is run by Excel: make it plain text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def local_datetime(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else ""


def csv_response(
    *, filename: str, header: Iterable[object], rows: Iterable[Iterable[object]]
) -> StreamingHttpResponse:
    """Stream ``header`` and ``rows`` (iterables of values) as UTF-8 CSV with a BOM, so
    that Excel reads the Cyrillic; every cell neutralised against formulas."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow([cell(value) for value in header])
        for row in rows:
            yield writer.writerow([cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _XlsxCells:
    """Values as typed cells of one sheet: local, naive date-times (Excel has no time
    zones) and dates with the Ukrainian formats, numbers as numbers, the rest as text (a
    formula-like text stays text: a write-only cell starting with "=" is a formula)."""

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        self.sheet = sheet
        self.zone = timezone.get_current_timezone()

    def row(self, values: Iterable[object], formats: Sequence[str | None]) -> list[object]:
        """A row's cells; a number in a column with a number format gets that format."""
        cells: list[object] = []
        for value, number_format in zip(values, formats, strict=False):
            if number_format and isinstance(value, int | Decimal) and not isinstance(value, bool):
                cells.append(self._formatted(value, number_format))
            else:
                cells.append(self(value))
        return cells

    def __call__(self, value: object) -> object:
        if isinstance(value, datetime):
            local = value.astimezone(self.zone) if value.tzinfo is not None else value
            return self._formatted(local.replace(tzinfo=None), DATETIME_FORMAT)
        if isinstance(value, date):
            return self._formatted(value, DATE_FORMAT)
        if value is None or isinstance(value, bool):
            return "" if value is None else str(value)
        if isinstance(value, int | float | Decimal):
            return value
        text = str(value)
        if text.startswith("="):
            written = WriteOnlyCell(self.sheet, value=text)
            written.data_type = "s"
            return written
        return text

    def _formatted(self, value: datetime | date | int | Decimal, number_format: str) -> Cell:
        # openpyxl takes dates too, which its stubs leave out.
        written = WriteOnlyCell(self.sheet, value=value)  # type: ignore[arg-type]
        written.number_format = number_format
        return written


def _write_sheet(workbook: Workbook, content: Sheet) -> None:
    sheet = workbook.create_sheet(content.title or None)
    sheet.freeze_panes = "A2"
    for number, column in enumerate(content.columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    bold = Font(bold=True)
    header = []
    for column in content.columns:
        title = WriteOnlyCell(sheet, value=column.title)
        title.font = bold
        header.append(title)
    sheet.append(header)
    typed = _XlsxCells(sheet)
    formats = [column.number_format for column in content.columns]
    if any(formats):
        for row in content.rows:
            sheet.append(typed.row(row, formats))
        return
    for row in content.rows:  # the big lists: one call a cell, nothing else
        sheet.append([typed(value) for value in row])


def xlsx_response(
    *, filename: str, columns: Sequence[Column], rows: Iterable[Iterable[object]]
) -> FileResponse:
    """``rows`` under ``columns`` as an XLSX workbook of one sheet."""
    return xlsx_sheets_response(filename=filename, sheets=[Sheet("", columns, rows)])


def xlsx_sheets_response(*, filename: str, sheets: Sequence[Sheet]) -> FileResponse:
    """An XLSX workbook of ``sheets``, in that order (the first is the one it opens on)."""
    workbook = Workbook(write_only=True)
    for content in sheets:
        _write_sheet(workbook, content)
    # Spooled: small downloads stay in memory, big ones go to disk while being written.
    target = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    workbook.save(target)
    target.seek(0)
    return FileResponse(target, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def table_response(
    fmt: Format,
    *,
    filename: str,
    columns: Sequence[Column],
    rows: Iterable[Iterable[object]],
) -> StreamingHttpResponse | FileResponse:
    """The download of a list in ``fmt``: ``filename`` gets the format's extension."""
    if fmt == "xlsx":
        return xlsx_response(filename=f"{filename}.xlsx", columns=columns, rows=rows)
    header = [column.title for column in columns]
    return csv_response(filename=f"{filename}.csv", header=header, rows=rows)
