"""Reply templates: placeholders filled safely, unknown ones refused in the admin."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from claims.models import ReplyTemplate
from claims.reply_text import fill, placeholder_errors, placeholder_values
from tests.clients.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(register, contract):
    contact = ContactFactory(client=contract.client, name="Олена Петренко")
    claim = register(reported_by=contact, is_formal=True, formal_number="П-17")
    kyiv = zoneinfo.ZoneInfo("Europe/Kyiv")
    claim.resolution_due_at = datetime.datetime(2026, 3, 5, 14, 30, tzinfo=datetime.UTC)
    assert claim.resolution_due_at.astimezone(kyiv).hour == 16
    return claim


def test_every_placeholder_is_filled_from_the_claim_and_the_writer(claim, manager):
    manager.first_name, manager.last_name, manager.position = "Ірина", "Коваль", "Менеджер"
    text = "{client} {contract} №{claim} {contact} {due} {formal_number} {manager}, {position}"

    filled = fill(text, placeholder_values(claim, manager))

    assert filled == (
        f"{claim.contract.client} {claim.contract.number} №{claim.pk} Олена Петренко "
        "05.03.2026 16:30 П-17 Ірина Коваль, Менеджер"
    )


@pytest.mark.parametrize(
    "text",
    ["{client.__class__}", "{client!r}", "{0}", "{}", "{manager.password}", "{клієнт}"],
)
def test_anything_but_a_known_name_in_braces_is_refused(text):
    assert "{" in placeholder_errors(text)


def test_an_unknown_placeholder_left_in_a_text_is_kept_as_it_is(claim, manager):
    assert fill("{client.__class__} {nothing}", placeholder_values(claim, manager)) == (
        "{client.__class__} {nothing}"
    )


def test_text_without_placeholders_and_other_braces_are_fine():
    assert placeholder_errors("Дякуємо { за звернення } — {claim}") == ""


def test_the_admin_refuses_an_unknown_placeholder_with_a_form_error(client, executive_director):
    executive_director.is_superuser = True
    executive_director.save()
    client.force_login(executive_director)
    data = {
        "name": "Зламаний",
        "kind": "other",
        "subject": "{claim}",
        "body": "Шановний {client.__init__.__globals__}",
        "is_active": "on",
        "position": "1",
    }

    response = client.post(reverse("admin:claims_replytemplate_add"), data)

    assert response.status_code == 200
    assert "{client.__init__.__globals__}" in response.content.decode()
    assert not ReplyTemplate.objects.filter(name="Зламаний").exists()
    data["body"] = "Шановний {contact}, ваша претензія {formal_number}."
    response = client.post(reverse("admin:claims_replytemplate_add"), data)
    assert response.status_code == 302
    assert ReplyTemplate.objects.filter(name="Зламаний").exists()
