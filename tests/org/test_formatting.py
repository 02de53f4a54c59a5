"""Money and phone numbers are written one way: org.formatting and its template filters."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from org.formatting import money, phone, phone_e164

NBSP = "\u00a0"


@pytest.fixture
def uk():
    with translation.override("uk"):
        yield


@pytest.fixture
def en():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("125000.00"), f"125{NBSP}000,00{NBSP}грн"),
        (Decimal("1234567.891"), f"1{NBSP}234{NBSP}567,89{NBSP}грн"),
        (Decimal("0"), f"0,00{NBSP}грн"),
        (Decimal("-1500.5"), f"-1{NBSP}500,50{NBSP}грн"),
        (999, f"999,00{NBSP}грн"),
        (18500.0, f"18{NBSP}500,00{NBSP}грн"),
        ("240000", f"240{NBSP}000,00{NBSP}грн"),
    ],
)
def test_money_in_ukrainian_groups_with_no_break_spaces_and_a_decimal_comma(uk, value, shown):
    assert money(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("125000.00"), f"UAH{NBSP}125,000.00"),
        (Decimal("0"), f"UAH{NBSP}0.00"),
        (Decimal("-1500.5"), f"UAH{NBSP}-1,500.50"),
    ],
)
def test_money_in_english_puts_the_currency_code_first(en, value, shown):
    assert money(value) == shown


@pytest.mark.parametrize("value", [None, ""])
def test_no_amount_is_a_dash(uk, value):
    assert money(value) == "—"


@pytest.mark.parametrize("value", ["n/a", "NaN", "Infinity", True])
def test_what_is_not_an_amount_is_shown_as_it_is(uk, value):
    assert money(value) == str(value)


def test_money_filter_writes_what_the_function_writes(uk):
    template = Template("{% load org_tags %}{{ amount|money }}|{{ missing|money }}")

    shown = template.render(Context({"amount": Decimal("125000"), "missing": None}))

    assert shown == f"125{NBSP}000,00{NBSP}грн|—"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+380671234567", "+380 67 123 45 67"),
        ("+380441234567", "+380 44 123 45 67"),
        ("0501112233", "+380 50 111 22 33"),
        ("+48123456789", "+48 12 345 67 89"),
        ("+14155550123", "+1 415-555-0123"),
    ],
)
def test_ukrainian_numbers_are_grouped_2_3_2_2_and_foreign_ones_internationally(stored, shown):
    assert phone(stored) == shown


@pytest.mark.parametrize("stored", ["", None])
def test_no_phone_is_empty(stored):
    assert phone(stored) == ""


def test_what_is_not_a_phone_number_is_shown_as_it_is():
    assert phone("ask the reception") == "ask the reception"


@pytest.mark.parametrize(
    ("stored", "dialled"),
    [
        ("+380671234567", "+380671234567"),
        ("+380 67 123 45 67", "+380671234567"),
        ("067 123-45-67", "+380671234567"),
        ("+48 12 345 67 89", "+48123456789"),
        ("", ""),
    ],
)
def test_tel_links_dial_e164(stored, dialled):
    assert phone_e164(stored) == dialled


def test_phone_and_tel_filters_make_a_link_to_read_and_to_dial():
    template = Template('{% load org_tags %}<a href="tel:{{ p|tel }}">{{ p|phone }}</a>')

    shown = template.render(Context({"p": "+380671234567"}))

    assert shown == '<a href="tel:+380671234567">+380 67 123 45 67</a>'
