"""The money of a line and of a document: kopiykas rounded half up per line, totals
summed from the lines."""

from decimal import Decimal

import pytest

from accounting.figures import line_figures, to_kopiykas, total


def test_three_times_33_33_at_20_percent_is_99_99_and_20_00_vat():
    line = line_figures(quantity=Decimal(3), price=Decimal("33.33"), vat_rate=20)

    assert (line.net, line.vat, line.gross) == (
        Decimal("99.99"),
        Decimal("20.00"),  # 19.998 rounded
        Decimal("119.99"),
    )


def test_three_lines_of_33_33_round_each_line_so_the_vat_is_20_01():
    lines = [line_figures(quantity=Decimal(1), price=Decimal("33.33"), vat_rate=20)] * 3

    sums = total(lines)

    assert lines[0].vat == Decimal("6.67")  # 6.666
    assert (sums.net, sums.vat, sums.gross) == (
        Decimal("99.99"),
        Decimal("20.01"),
        Decimal("120.00"),
    )


@pytest.mark.parametrize(
    ("quantity", "price", "rate", "net", "vat"),
    [
        # Half a kopiyka rounds up, not to the even neighbour (banker's rounding: 0.12).
        ("1", "0.125", 0, "0.13", "0.00"),
        ("1", "0.125", 20, "0.13", "0.03"),  # VAT 0.026 → 0.03
        ("1", "0.025", 20, "0.03", "0.01"),  # 0.006 → 0.01
        ("2.5", "10.01", 20, "25.03", "5.01"),  # 25.025 → 25.03; 5.006 → 5.01
        ("1200", "7.50", 20, "9000.00", "1800.00"),
        ("0.333", "100.00", 7, "33.30", "2.33"),  # 2.331
        ("1", "1000.00", 14, "1000.00", "140.00"),
    ],
)
def test_rounding_is_half_up_per_line(quantity, price, rate, net, vat):
    line = line_figures(quantity=Decimal(quantity), price=Decimal(price), vat_rate=rate)

    assert (line.net, line.vat) == (Decimal(net), Decimal(vat))
    assert line.gross == Decimal(net) + Decimal(vat)


def test_no_lines_total_zero_with_kopiykas():
    assert total([]).gross == Decimal("0.00")
    assert str(to_kopiykas(Decimal("2.675"))) == "2.68"
