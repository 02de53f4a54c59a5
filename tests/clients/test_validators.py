import pytest
from django.core.exceptions import ValidationError
from stdnum import iban

from clients.validators import (
    format_iban,
    normalize_phone,
    validate_edrpou,
    validate_ua_iban,
    validate_vat_number,
)

VALID_IBAN = "UA213223130000026007233566001"


@pytest.mark.parametrize("code", ["32855961", "14360570"])
def test_edrpou_with_right_check_digit_passes(code):
    validate_edrpou(code)


@pytest.mark.parametrize("code", ["32855968", "14360571"])
def test_edrpou_with_wrong_check_digit_is_refused(code):
    with pytest.raises(ValidationError) as error:
        validate_edrpou(code)
    assert error.value.code == "edrpou_checksum"


@pytest.mark.parametrize("code", ["3285596", "328559611", "3285596a", ""])
def test_edrpou_must_be_eight_digits(code):
    with pytest.raises(ValidationError) as error:
        validate_edrpou(code)
    assert error.value.code == "edrpou_format"


def test_vat_number_is_twelve_digits():
    validate_vat_number("123456789012")
    for bad in ("12345678901", "1234567890123", "12345678901a"):
        with pytest.raises(ValidationError):
            validate_vat_number(bad)


def test_valid_ua_iban_passes_with_or_without_spaces():
    assert iban.is_valid(VALID_IBAN)
    validate_ua_iban(VALID_IBAN)
    validate_ua_iban(format_iban(VALID_IBAN).lower())


def test_iban_with_wrong_check_digits_is_refused():
    wrong = VALID_IBAN[:-1] + "2"
    with pytest.raises(ValidationError) as error:
        validate_ua_iban(wrong)
    assert error.value.code == "iban_checksum"


@pytest.mark.parametrize("value", ["DE89370400440532013000", "UA21322313000002600723356600"])
def test_foreign_or_short_iban_is_refused(value):
    with pytest.raises(ValidationError) as error:
        validate_ua_iban(value)
    assert error.value.code == "iban_format"


def test_iban_is_shown_in_groups_of_four():
    assert format_iban(VALID_IBAN) == "UA21 3223 1300 0002 6007 2335 6600 1"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("067 123 45 67", "+380671234567"),
        ("+380 (44) 123-45-67", "+380441234567"),
        ("380671234567", "+380671234567"),
        ("0671234567", "+380671234567"),
    ],
)
def test_phone_is_normalised_to_e164(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "067 123 45", "+48 123 456 789", "phone", ""])
def test_phone_that_is_not_ukrainian_is_refused(typed):
    with pytest.raises(ValidationError):
        normalize_phone(typed)
