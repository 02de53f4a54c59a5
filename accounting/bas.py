"""The BAS export: a month's acts of services and invoices, and the reference lists of
counterparties and contracts, laid out for BAS's "Завантаження даних з табличного
документа" (one row per line, one header row, Ukrainian headers as BAS names its fields).

The files are always in Ukrainian, whatever the user's language: they are read by BAS,
not by the screen. The README's "Експорт для BAS" maps each column to its BAS field.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy, pgettext

from accounting.figures import Figures, line_figures, total
from accounting.selectors import month_bounds
from contracts.models import Contract, ServiceLine, Unit
from org.exports import Column, Format, Sheet, csv_response, xlsx_sheets_response

Document = Literal["acts", "totals", "counterparties", "contracts"]
DOCUMENTS: tuple[tuple[Document, object], ...] = (
    ("acts", gettext_lazy("Acts of services and invoices: one row per service line")),
    ("totals", gettext_lazy("Document totals: one row per contract")),
    ("counterparties", gettext_lazy("Reference list of counterparties")),
    ("contracts", gettext_lazy("Reference list of contracts")),
)
MONEY = "#,##0.00"
CURRENCY = "грн"  # BAS's currency of accounts, code 980


@dataclass(frozen=True)
class Batch:
    """A month's contracts, their clients and service lines already read."""

    month: datetime.date
    contracts: Sequence[Contract]

    @property
    def document_date(self) -> datetime.date:
        """Acts and invoices for a month are dated its last day."""
        return month_bounds(self.month)[1]


def contract_date(contract: Contract) -> datetime.date | None:
    """The contract's date as BAS keeps it: the day it was signed, else its start."""
    return contract.signed_on or contract.start_date


def vat_label(rate: int) -> str:
    """A VAT rate as BAS's «Ставка ПДВ» names it: 20%, 7%, 0%."""
    return f"{rate}%"


def lines_of(contract: Contract) -> list[tuple[ServiceLine, Figures]]:
    rate = contract.vat_rate
    return [
        (line, line_figures(quantity=line.quantity, price=line.price, vat_rate=rate))
        for line in contract.service_lines.all()
    ]


def _quantity(value: Decimal) -> Decimal:
    """1.000 as 1, 1200.000 as 1200, 2.500 as 2.5: the quantity without trailing zeros."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


# --- acts and invoices ---------------------------------------------------------------


def _party_columns() -> list[Column]:
    return [
        Column(pgettext("BAS", "Counterparty"), 36),
        Column(pgettext("BAS", "EDRPOU code"), 12),
        Column(pgettext("BAS", "Contract"), 16),
        Column(pgettext("BAS", "Contract date"), 12),
    ]


def act_columns() -> list[Column]:
    return [
        Column(pgettext("BAS", "Document date"), 12),
        Column(pgettext("BAS", "Period"), 12),
        *_party_columns(),
        Column(pgettext("BAS", "Nomenclature"), 44),
        Column(pgettext("BAS", "Quantity"), 10),
        Column(pgettext("BAS", "Unit"), 10),
        Column(pgettext("BAS", "Price"), 14, MONEY),
        Column(pgettext("BAS", "Sum excl. VAT"), 14, MONEY),
        Column(pgettext("BAS", "VAT rate"), 10),
        Column(pgettext("BAS", "VAT sum"), 14, MONEY),
        Column(pgettext("BAS", "Sum incl. VAT"), 14, MONEY),
    ]


def _party(contract: Contract) -> tuple[object, ...]:
    client = contract.client
    return (client.legal_name, client.edrpou, contract.number, contract_date(contract))


def act_rows(batch: Batch, units: dict[str, str]) -> Iterator[tuple[object, ...]]:
    period = batch.month.replace(day=1)
    for contract in batch.contracts:
        rate = vat_label(contract.vat_rate)
        for line, figures in lines_of(contract):
            yield (
                batch.document_date,
                period,
                *_party(contract),
                line.service,
                _quantity(line.quantity),
                units.get(line.unit, line.unit),
                line.price,
                figures.net,
                rate,
                figures.vat,
                figures.gross,
            )


def total_columns() -> list[Column]:
    return [
        Column(pgettext("BAS", "Document date"), 12),
        Column(pgettext("BAS", "Period"), 12),
        *_party_columns(),
        Column(pgettext("BAS", "Lines"), 8),
        Column(pgettext("BAS", "VAT rate"), 10),
        Column(pgettext("BAS", "Sum excl. VAT"), 14, MONEY),
        Column(pgettext("BAS", "VAT sum"), 14, MONEY),
        Column(pgettext("BAS", "Sum incl. VAT"), 14, MONEY),
    ]


def total_rows(batch: Batch) -> Iterator[tuple[object, ...]]:
    """A row per contract with lines: the totals of its act and its invoice."""
    period = batch.month.replace(day=1)
    for contract in batch.contracts:
        lines = lines_of(contract)
        if not lines:
            continue
        sums = total(figures for _line, figures in lines)
        yield (
            batch.document_date,
            period,
            *_party(contract),
            len(lines),
            vat_label(contract.vat_rate),
            sums.net,
            sums.vat,
            sums.gross,
        )


# --- the reference lists -------------------------------------------------------------


def counterparty_columns() -> list[Column]:
    return [
        Column(pgettext("BAS", "Name"), 28),
        Column(pgettext("BAS", "Full name"), 40),
        Column(pgettext("BAS", "Legal or natural person"), 16),
        Column(pgettext("BAS", "EDRPOU code"), 12),
        Column(pgettext("BAS", "Individual tax number"), 14),
        Column(pgettext("BAS", "Legal address"), 48),
        Column(pgettext("BAS", "IBAN account"), 32),
    ]


def counterparty_rows(batch: Batch) -> Iterator[tuple[object, ...]]:
    """Each client of the batch once, in the batch's order."""
    legal_person = pgettext("BAS", "Legal person")
    seen: set[int] = set()
    for contract in batch.contracts:
        client = contract.client
        if client.pk in seen:
            continue
        seen.add(client.pk)
        yield (
            client.short_name,
            client.legal_name,
            legal_person,
            client.edrpou,
            client.vat_number,
            client.legal_address,
            client.iban,
        )


def contract_columns() -> list[Column]:
    return [
        Column(pgettext("BAS", "Contract kind"), 14),
        Column(pgettext("BAS", "Number"), 16),
        Column(pgettext("BAS", "Contract date"), 12),
        Column(pgettext("BAS", "Name of the contract"), 44),
        Column(pgettext("BAS", "Counterparty"), 36),
        Column(pgettext("BAS", "EDRPOU code"), 12),
        Column(pgettext("BAS", "Start date"), 12),
        Column(pgettext("BAS", "End date"), 12),
        Column(pgettext("BAS", "Currency"), 8),
        Column(pgettext("BAS", "VAT rate"), 10),
    ]


def contract_rows(batch: Batch) -> Iterator[tuple[object, ...]]:
    with_customer = pgettext("BAS", "With a customer")
    for contract in batch.contracts:
        yield (
            with_customer,
            contract.number,
            contract_date(contract),
            f"№ {contract.number} — {contract.title}",
            contract.client.legal_name,
            contract.client.edrpou,
            contract.start_date,
            contract.end_date,
            CURRENCY,
            vat_label(contract.vat_rate),
        )


# --- the download --------------------------------------------------------------------


def _sheets(batch: Batch, document: Document) -> list[Sheet]:
    """What ``document`` holds, read in Ukrainian now: the CSV streams it later, after
    the view has returned and the request's language is back."""
    with translation.override("uk"):
        units = {value: str(label) for value, label in Unit.choices}
        if document == "acts":
            return [
                Sheet(
                    pgettext("BAS", "Service lines"), act_columns(), list(act_rows(batch, units))
                ),
                Sheet(pgettext("BAS", "Totals"), total_columns(), list(total_rows(batch))),
            ]
        if document == "totals":
            return [Sheet(pgettext("BAS", "Totals"), total_columns(), list(total_rows(batch)))]
        if document == "counterparties":
            rows = list(counterparty_rows(batch))
            return [Sheet(pgettext("BAS", "Counterparties"), counterparty_columns(), rows)]
        return [Sheet(pgettext("BAS", "Contracts"), contract_columns(), list(contract_rows(batch)))]


def bas_download(
    batch: Batch, *, document: Document, fmt: Format
) -> StreamingHttpResponse | FileResponse:
    """``document`` of ``batch`` as XLSX (the acts with their totals on a second sheet)
    or CSV (one table: the acts' lines alone, the totals are their own download)."""
    sheets = _sheets(batch, document)
    filename = f"bas-{document}-{batch.month:%Y-%m}"
    if fmt == "xlsx":
        return xlsx_sheets_response(filename=f"{filename}.xlsx", sheets=sheets)
    first = sheets[0]
    header = [column.title for column in first.columns]
    return csv_response(filename=f"{filename}.csv", header=header, rows=first.rows)
