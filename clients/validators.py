"""Ukrainian identifiers, checked with python-stdnum; phones normalised with phonenumbers."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import iban
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.ua import edrpou

from org.params import is_ascii_digits


def validate_edrpou(value):
    if not (is_ascii_digits(value) and len(value) == 8):
        raise ValidationError(_("An EDRPOU code is exactly 8 digits."), code="edrpou_format")
    try:
        edrpou.validate(value)
    except StdnumError:
        raise ValidationError(
            _("This EDRPOU code fails its check digit: check it against the client's documents."),
            code="edrpou_checksum",
        ) from None


def validate_vat_number(value):
    if not (is_ascii_digits(value) and len(value) == 12):
        raise ValidationError(_("A VAT payer number is exactly 12 digits."), code="vat_format")


def normalize_iban(value: str) -> str:
    return "".join(value.split()).upper()


def validate_ua_iban(value):
    compact = normalize_iban(value)
    if not compact.startswith("UA") or len(compact) != 29:
        raise ValidationError(
            _("A Ukrainian IBAN starts with UA and has 29 characters."), code="iban_format"
        )
    try:
        iban.validate(compact)
    except StdnumError:
        raise ValidationError(
            _("This IBAN fails its check digits: check it against the bank details."),
            code="iban_checksum",
        ) from None


def format_iban(value: str) -> str:
    """The IBAN in groups of four, as banks print it."""
    compact = normalize_iban(value)
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def normalize_phone(value: str) -> str:
    """Return a Ukrainian phone number as E.164 (+380XXXXXXXXX), or raise ValidationError.

    Accepts +380…, 380…, the domestic 0XX XXX XX XX, with spaces, dashes and brackets.
    """
    raw = (value or "").strip()
    try:
        number = phonenumbers.parse(raw, "UA")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or number.country_code != 380 or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Enter a Ukrainian phone number, e.g. +380 44 123 45 67 or 067 123 45 67."),
            code="phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
