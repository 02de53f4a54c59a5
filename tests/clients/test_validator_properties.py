"""Property tests over the Ukrainian identifier validators (hypothesis)."""

import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import iban as stdnum_iban
from stdnum.ua import edrpou as stdnum_edrpou

from clients.validators import (
    normalize_phone,
    validate_edrpou,
    validate_ua_iban,
    validate_vat_number,
)

BOUNDED = settings(max_examples=100, deadline=None)
ascii_digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


def passes(validator, value) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


def other_digit(draw, digit):
    return draw(st.sampled_from([d for d in "0123456789" if d != digit]))


# --- EDRPOU: 7 digits and a check digit (weights 1–7, or 7,1–6, mod 11) ------------------

edrpou_bodies = st.text(alphabet="0123456789", min_size=7, max_size=7)


def with_check_digit(body):
    return body + stdnum_edrpou.calc_check_digit(body)


@BOUNDED
@given(edrpou_bodies)
def test_an_edrpou_with_its_computed_check_digit_passes(body):
    assert passes(validate_edrpou, with_check_digit(body))


@BOUNDED
@given(st.data(), edrpou_bodies)
def test_a_changed_edrpou_check_digit_fails(data, body):
    code = with_check_digit(body)

    changed = code[:7] + other_digit(data.draw, code[7])

    assert not passes(validate_edrpou, changed)


@BOUNDED
@given(st.data(), edrpou_bodies, st.integers(min_value=0, max_value=6))
def test_a_changed_edrpou_digit_fails_unless_the_check_digit_happens_to_fit(data, body, index):
    # EDRPOU's mod-11 check is weak: about 2 % of one-digit changes keep the same check
    # digit (measured over 1.4 million changes). Such a change is a valid code; every
    # other one must fail.
    code = with_check_digit(body)
    changed = code[:index] + other_digit(data.draw, code[index]) + code[index + 1 :]
    still_fits = stdnum_edrpou.calc_check_digit(changed[:7]) == changed[7]

    assert passes(validate_edrpou, changed) == still_fits


# --- IBAN: UA, two check digits (mod 97), bank code and account -------------------------

ua_iban_bodies = st.text(alphabet="0123456789", min_size=25, max_size=25)


def ua_iban(body):
    return "UA" + stdnum_iban.calc_check_digits("UA00" + body) + body


@BOUNDED
@given(ua_iban_bodies)
def test_a_ua_iban_with_its_computed_check_digits_passes(body):
    assert passes(validate_ua_iban, ua_iban(body))


@BOUNDED
@given(st.data(), ua_iban_bodies, st.integers(min_value=2, max_value=28))
def test_any_one_digit_change_in_an_iban_fails(data, body, index):
    # Mod 97 catches every single-digit substitution.
    code = ua_iban(body)

    changed = code[:index] + other_digit(data.draw, code[index]) + code[index + 1 :]

    assert not passes(validate_ua_iban, changed)


@BOUNDED
@given(ua_iban_bodies)
def test_an_iban_in_groups_of_four_and_lower_case_passes(body):
    code = ua_iban(body)

    grouped = " ".join(code[i : i + 4] for i in range(0, len(code), 4)).lower()

    assert passes(validate_ua_iban, grouped)


# --- VAT payer number: 12 digits ---------------------------------------------------------


@BOUNDED
@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_twelve_ascii_digits_are_a_vat_number(value):
    assert passes(validate_vat_number, value)


@BOUNDED
@given(st.text(min_size=12, max_size=12).filter(lambda v: not v.isascii() or not v.isdigit()))
def test_twelve_characters_that_are_not_all_ascii_digits_are_no_vat_number(value):
    assert not passes(validate_vat_number, value)


@pytest.mark.parametrize("value", ["²" * 8, "٣" * 8, "１２３４５６７８"])
def test_unicode_digits_are_no_edrpou(value):
    assert not passes(validate_edrpou, value)


@pytest.mark.parametrize("value", ["²" * 12, "٣" * 12])
def test_unicode_digits_are_no_vat_number(value):
    assert not passes(validate_vat_number, value)


# --- phone -------------------------------------------------------------------------------

MOBILE_CODES = ("50", "63", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99")


@BOUNDED
@given(st.sampled_from(MOBILE_CODES), st.text(alphabet="0123456789", min_size=7, max_size=7))
def test_a_ukrainian_mobile_number_in_any_usual_spelling_normalises_to_one_e164(code, rest):
    e164 = f"+380{code}{rest}"
    spellings = [
        e164,
        f"380{code}{rest}",
        f"0{code} {rest[:3]} {rest[3:5]} {rest[5:]}",
        f"+38 (0{code}) {rest[:3]}-{rest[3:5]}-{rest[5:]}",
    ]

    assert {normalize_phone(spelling) for spelling in spellings} == {e164}
    assert normalize_phone(normalize_phone(e164)) == e164


# --- arbitrary text ----------------------------------------------------------------------


E164_UA = re.compile(r"\+380[0-9]{9}")


def check_whatever_it_is(value):
    """Each validator refuses with ValidationError (any other exception fails the test) or
    accepts only what its format allows."""
    if passes(validate_edrpou, value):
        assert re.fullmatch(r"[0-9]{8}", value)
    if passes(validate_vat_number, value):
        assert re.fullmatch(r"[0-9]{12}", value)
    if passes(validate_ua_iban, value):
        assert re.fullmatch(r"UA[0-9]{27}", "".join(value.split()).upper())
    try:
        phone = normalize_phone(value)
    except ValidationError:
        phone = None
    assert phone is None or E164_UA.fullmatch(phone)


@BOUNDED
@given(st.text(max_size=60))
def test_arbitrary_text_is_refused_with_validation_error_or_fits_the_format(value):
    check_whatever_it_is(value)


@BOUNDED
@given(st.text(alphabet=st.characters(categories=["Nd", "No"]), min_size=1, max_size=30))
def test_any_kind_of_digits_are_refused_with_validation_error_or_fit_the_format(value):
    check_whatever_it_is(value)


@BOUNDED
@given(st.from_regex(r"UA[0-9٣²]{27}", fullmatch=True))
def test_an_iban_with_unicode_digits_is_refused_with_validation_error(value):
    check_whatever_it_is(value)
