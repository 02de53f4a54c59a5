import pytest

from clients.forms import ClientForm, ContactForm, SiteForm
from clients.models import ClientStatus
from tests.clients.factories import ClientFactory, ContactFactory, valid_edrpou

pytestmark = pytest.mark.django_db

IBAN = "UA213223130000026007233566001"


def client_data(manager, **overrides):
    data = {
        "legal_name": 'ТОВ "Прибудинкова територія"',
        "short_name": "Прибудинкова",
        "edrpou": "32855961",
        "vat_number": "",
        "legal_address": "м. Київ, вул. Хрещатик, 22",
        "iban": "",
        "status": ClientStatus.ACTIVE,
        "account_manager": manager.pk,
        "notes": "",
    }
    data.update(overrides)
    return data


def test_client_form_accepts_valid_details(manager):
    form = ClientForm(client_data(manager), user=manager)

    assert form.is_valid(), form.errors


def test_client_form_stores_iban_compact_and_upper_case(manager):
    form = ClientForm(client_data(manager, iban="ua21 3223 1300 0002 6007 2335 6600 1"))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["iban"] == IBAN


def test_client_form_shows_stored_iban_in_groups_of_four(manager):
    client = ClientFactory(account_manager=manager, iban=IBAN)

    form = ClientForm(instance=client)

    assert form.initial["iban"] == "UA21 3223 1300 0002 6007 2335 6600 1"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("edrpou", "32855968"),
        ("edrpou", "1234"),
        ("vat_number", "12345"),
        ("iban", "UA21 3223 1300 0002 6007 2335 6600 2"),
        ("iban", "DE89370400440532013000"),
        ("legal_name", ""),
        ("status", "bankrupt"),
    ],
)
def test_client_form_reports_bad_value_on_its_field(manager, field, value):
    form = ClientForm(client_data(manager, **{field: value}))

    assert not form.is_valid()
    assert field in form.errors


def test_duplicate_edrpou_names_the_existing_client(manager):
    ClientFactory(edrpou="32855961", short_name="Сонячний дім")

    form = ClientForm(client_data(manager, edrpou="32855961"))

    assert not form.is_valid()
    assert form.has_error("edrpou", code="duplicate_edrpou")
    assert "Сонячний дім" in form.errors["edrpou"][0]
    assert len(form.errors["edrpou"]) == 1  # not the model's generic "already exists" too


def test_editing_a_client_keeps_its_own_edrpou(manager):
    client = ClientFactory(account_manager=manager, edrpou=valid_edrpou(501))

    form = ClientForm(
        client_data(manager, edrpou=client.edrpou, version=client.version), instance=client
    )

    assert form.is_valid(), form.errors


def test_account_manager_defaults_to_the_signed_in_manager(manager):
    assert ClientForm(user=manager).initial["account_manager"] == manager.pk


def test_account_manager_must_be_a_support_manager(manager, department_staff):
    form = ClientForm(client_data(manager, account_manager=department_staff.pk))

    assert not form.is_valid()
    assert "account_manager" in form.errors


def test_contact_form_normalises_the_phone():
    form = ContactForm({"name": "Іваненко Іван", "phone": "+380 (44) 123-45-67"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "+380441234567"


def test_contact_form_refuses_a_foreign_phone():
    form = ContactForm({"name": "Іваненко Іван", "phone": "+48 123 456 789"})

    assert not form.is_valid()
    assert "phone" in form.errors


def test_contact_form_shows_the_stored_phone_formatted():
    contact = ContactFactory.build(phone="+380671234567")

    assert ContactForm(instance=contact).initial["phone"] == "+380 67 123 45 67"


def test_site_form_refuses_negative_area():
    form = SiteForm({"name": "Склад", "address": "м. Львів", "area_m2": "-5"})

    assert not form.is_valid()
    assert "area_m2" in form.errors
