"""The money of an act of services and an invoice: each line's sum without VAT, its VAT
and its sum with VAT, in hryvnias with kopiykas.

Each line is rounded on its own, half up (2.675 → 2.68), as BAS rounds a document's
lines; a document's totals are the sums of its lines, never a rounding of the total.
So three lines of 33.33 at 20 % carry 6.67 VAT each and 20.01 together, where one line
of 3 × 33.33 carries 20.00.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

KOPIYKA = Decimal("0.01")
HUNDRED = Decimal(100)


def to_kopiykas(value: Decimal) -> Decimal:
    return value.quantize(KOPIYKA, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Figures:
    """Sums of a line or of a document: without VAT, the VAT, with VAT."""

    net: Decimal
    vat: Decimal
    gross: Decimal


ZERO = Figures(Decimal("0.00"), Decimal("0.00"), Decimal("0.00"))


def line_figures(*, quantity: Decimal, price: Decimal, vat_rate: int) -> Figures:
    """One line: quantity × price rounded to kopiykas, its VAT at ``vat_rate`` % rounded."""
    net = to_kopiykas(quantity * price)
    vat = to_kopiykas(net * Decimal(vat_rate) / HUNDRED)
    return Figures(net, vat, net + vat)


def total(lines: Iterable[Figures]) -> Figures:
    """A document's totals: the sums of its lines."""
    net = vat = Decimal("0.00")
    for line in lines:
        net += line.net
        vat += line.vat
    return Figures(net, vat, net + vat)
