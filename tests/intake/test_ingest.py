"""Where each message goes: onto its claim, into a new claim, to triage, or nowhere."""

import pytest
from django.core.management import call_command

from claims.models import Channel, Claim, ClaimComment
from intake.config import configured_mailboxes
from intake.models import ClientMailDomain, InboundMessage, Outcome
from intake.services import Incoming, message_ingest
from intake.services.ingest import eml_incoming
from org.models import Notification
from tests.claims.factories import SupportContractFactory
from tests.clients.factories import ContactFactory
from tests.intake import messages

pytestmark = pytest.mark.django_db


def ingest(raw):
    return message_ingest(incoming=eml_incoming(raw))


def test_mail_from_a_contact_opens_a_claim_on_the_client_s_contract(contact, contract, manager):
    row = ingest(messages.plain())
    assert row.outcome == Outcome.CREATED
    claim = row.claim
    assert claim.contract == contract
    assert claim.reported_by == contact
    assert claim.channel == Channel.EMAIL
    assert claim.subject == "Не прибрано в холі"
    assert claim.description.strip() == "Доброго дня! Сьогодні в холі не прибрано."
    assert claim.registered_by == manager
    assert claim.handoffs.exists()  # routed as every registered claim
    notification = Notification.objects.get(recipient=manager)
    assert notification.params["number"] == claim.pk


def test_mail_from_the_client_s_domain_opens_a_claim_without_a_contact(contract):
    ClientMailDomain.objects.create(client=contract.client, domain="Client.Example")
    row = ingest(messages.plain(sender="Новий <new.person@client.example>"))
    assert row.outcome == Outcome.CREATED
    assert row.claim.contract == contract
    assert row.claim.reported_by is None


def test_an_unknown_sender_goes_to_triage(contract):
    row = ingest(messages.plain(sender="stranger@elsewhere.example"))
    assert row.outcome == Outcome.TRIAGE
    assert "не є контактною особою жодного клієнта" in row.reason
    assert not Claim.objects.exists()


def test_a_client_with_several_contracts_goes_to_triage_with_the_client(contact, contract):
    SupportContractFactory(client=contract.client, manager=contract.manager)
    row = ingest(messages.plain())
    assert row.outcome == Outcome.TRIAGE
    assert row.client == contract.client
    assert row.contact == contact


def test_a_client_without_a_contract_in_support_goes_to_triage(manager):
    other = ContactFactory(email="olena@client.example")
    row = ingest(messages.plain())
    assert row.outcome == Outcome.TRIAGE
    assert row.client == other.client


def test_a_reply_threaded_by_in_reply_to_becomes_a_letter_of_the_claim(contact, contract):
    first = ingest(messages.plain(message_id="<first@client.example>"))
    reply = ingest(
        messages.plain(
            subject="Re: Не прибрано в холі",
            body="Досі не прибрано!",
            in_reply_to="<first@client.example>",
        )
    )
    assert reply.outcome == Outcome.THREADED
    assert reply.claim == first.claim
    letters = list(first.claim.correspondence.order_by("pk"))
    assert [letter.direction for letter in letters] == ["in", "in"]
    assert letters[0].message_id == "<first@client.example>"
    answer = letters[1]
    assert (answer.from_name, answer.from_address) == ("Олена Петренко", "olena@client.example")
    assert answer.body == "Досі не прибрано!"
    assert answer.in_reply_to == "<first@client.example>"
    # The client's letters are correspondence, never internal comments.
    assert not ClaimComment.objects.exists()
    assert Claim.objects.count() == 1


def test_a_reply_threaded_by_references_only(contact, contract):
    first = ingest(messages.plain(message_id="<first@client.example>"))
    reply = ingest(messages.plain(references="<unknown@x> <first@client.example>"))
    assert reply.claim == first.claim
    assert reply.outcome == Outcome.THREADED


def test_a_reply_threaded_by_the_subject_tag_only(contact, contract):
    claim = ingest(messages.plain()).claim
    reply = ingest(messages.plain(subject=f"Re: [#{claim.pk}] Не прибрано в холі", body="Дякуємо"))
    assert reply.outcome == Outcome.THREADED
    assert reply.claim == claim


def test_a_colleague_from_the_client_s_domain_may_answer_on_the_thread(contact, contract):
    ClientMailDomain.objects.create(client=contract.client, domain="client.example")
    claim = ingest(messages.plain()).claim
    reply = ingest(messages.plain(sender="boss@client.example", subject=f"[#{claim.pk}] і ще"))
    assert reply.outcome == Outcome.THREADED


def test_a_tag_of_another_client_s_claim_goes_to_triage(contact, contract):
    claim = ingest(messages.plain()).claim
    ContactFactory(email="someone@other.example")
    row = ingest(messages.plain(sender="someone@other.example", subject=f"[#{claim.pk}] чуже"))
    assert row.outcome == Outcome.TRIAGE
    assert f"скарги №{claim.pk}" in row.reason
    # Only the letter that opened the claim is on it.
    assert claim.correspondence.count() == 1


def test_a_tag_of_a_claim_that_does_not_exist_is_ignored_for_threading(contact, contract):
    row = ingest(messages.plain(subject="[#999999] нова"))
    assert row.outcome == Outcome.CREATED


def test_a_forwarded_message_opens_a_claim_with_the_forwarded_text(contact, contract):
    row = ingest(messages.forwarded())
    assert row.outcome == Outcome.CREATED
    assert row.claim.subject == "Брудно на сходах"
    assert "На сходах третій день брудно." in row.claim.description


def test_html_only_mail_opens_a_claim_with_its_text(contact, contract):
    row = ingest(messages.html_only())
    assert row.claim.description == "Прибиральниця не вийшла на зміну.\n\nтут"
    assert "<script>" in row.body_html


def test_attachments_are_kept_only_under_the_upload_rules(contact, contract):
    row = ingest(messages.with_attachments())
    assert row.outcome == Outcome.CREATED
    assert [a.filename for a in row.attachments.all()] == ["акт.pdf", "лист.docx"]
    assert {s["name"] for s in row.skipped_attachments} == {"invoice.pdf", "run.bat"}
    assert row.attachments.first().file.read().startswith(b"%PDF-")


@pytest.mark.parametrize(
    "raw", [messages.auto_reply(), messages.bounce()], ids=["auto-reply", "bounce"]
)
def test_automatic_mail_never_opens_a_claim_nor_comments(contact, contract, raw):
    claim = ingest(messages.plain()).claim
    automatic = raw.replace(b"[#1]", f"[#{claim.pk}]".encode())
    row = ingest(automatic)
    assert row.outcome == Outcome.IGNORED
    assert Claim.objects.count() == 1
    assert claim.correspondence.count() == 1
    assert not ClaimComment.objects.exists()


def test_a_malformed_message_goes_to_triage_with_the_reason(contact, contract):
    row = ingest(messages.malformed())
    assert row.outcome == Outcome.TRIAGE
    assert "MIME" in row.reason
    assert not Claim.objects.exists()


def test_a_message_over_the_size_limit_is_recorded_in_triage_without_its_body(
    contact, contract, settings
):
    settings.INTAKE_MAX_MESSAGE_BYTES = 25 * 1024 * 1024
    row = ingest(messages.large(30 * 1024 * 1024))
    assert row.outcome == Outcome.TRIAGE
    assert "Лист завеликий (30,0\xa0Мб; щонайбільше 25,0\xa0Мб)" in row.reason
    assert row.subject == "Фото з об'єкта"
    assert row.body_text == ""
    assert row.size > 30 * 1024 * 1024
    assert not Claim.objects.exists()


def test_an_unreadable_message_goes_to_triage():
    row = message_ingest(incoming=Incoming(source="eml", raw=b"\r\n", size=2, uidvalidity=0, uid=1))
    assert row.outcome == Outcome.TRIAGE
    assert "Лист не вдалося прочитати" in row.reason


def test_the_same_message_is_processed_once(contact, contract):
    raw = messages.plain()
    assert ingest(raw).outcome == Outcome.CREATED
    assert ingest(raw) is None
    assert InboundMessage.objects.count() == 1


def test_the_same_message_id_from_another_mailbox_is_a_duplicate(contact, contract):
    raw = messages.plain(message_id="<same@client.example>")
    first = message_ingest(
        incoming=Incoming(source="a@h/INBOX", raw=raw, size=len(raw), uidvalidity=1, uid=1)
    )
    second = message_ingest(
        incoming=Incoming(source="b@h/INBOX", raw=raw, size=len(raw), uidvalidity=1, uid=1)
    )
    assert first.outcome == Outcome.CREATED
    assert second.outcome == Outcome.DUPLICATE
    assert Claim.objects.count() == 1


def test_a_refused_registration_goes_to_triage_with_the_service_s_reason(contact, contract):
    contract.manager.groups.clear()  # no longer a support manager: may not register
    row = ingest(messages.plain())
    assert row.outcome == Outcome.TRIAGE
    assert row.reason


def test_mailboxes_come_from_settings_with_the_password_from_a_file(settings, tmp_path):
    settings.INTAKE_IMAP_URLS = [
        "imaps://support@mail.example/INBOX",
        "imaps://b:x@mail.example/Claims",
    ]
    settings.INTAKE_IMAP_PASSWORD = "from-file"
    first, second = configured_mailboxes()
    assert first.password == "from-file"
    assert (second.user, second.password, second.folder) == ("b", "x", "Claims")


def test_intake_eml_imports_a_folder_once(contact, contract, tmp_path):
    (tmp_path / "1.eml").write_bytes(messages.plain())
    (tmp_path / "2.eml").write_bytes(messages.plain(sender="stranger@elsewhere.example"))
    (tmp_path / "3.eml").write_bytes(messages.auto_reply())
    call_command("intake_eml", str(tmp_path))
    call_command("intake_eml", str(tmp_path))
    assert sorted(InboundMessage.objects.values_list("outcome", flat=True)) == [
        "created",
        "ignored",
        "triage",
    ]
