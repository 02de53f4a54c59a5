"""The triage list and a message's page: one click makes a claim, adds to one, or dismisses."""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimMessage
from intake.models import InboundMessage, Outcome
from intake.services import message_ingest
from intake.services.ingest import eml_incoming
from org.roles import Role
from tests.claims.factories import ClaimFactory
from tests.intake import messages

pytestmark = pytest.mark.django_db


def unmatched(raw=None, **kwargs):
    return message_ingest(
        incoming=eml_incoming(raw or messages.plain(sender="stranger@elsewhere.example", **kwargs))
    )


def test_the_triage_list_shows_unmatched_mail_in_ukrainian(client, manager):
    row = unmatched(subject="Хто ми?")
    client.force_login(manager)
    response = client.get(reverse("intake:list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Нерозібрана пошта" in page
    assert "Хто ми?" in page
    assert row.get_absolute_url() in page


def test_the_list_leaves_out_mail_that_reached_a_claim(client, manager, contact, contract):
    message_ingest(incoming=eml_incoming(messages.plain(subject="Вже заявка")))
    client.force_login(manager)
    assert "Вже заявка" not in client.get(reverse("intake:list")).content.decode()


def test_one_click_makes_a_claim_on_the_chosen_contract(client, manager, contract):
    row = unmatched(subject="Прибирання")
    client.force_login(manager)
    response = client.post(
        reverse("intake:make_claim", args=[row.pk]),
        {"contract": contract.pk, "category": "service_quality"},
    )
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == claim.get_absolute_url()
    assert (claim.contract, claim.category, claim.subject, claim.registered_by) == (
        contract,
        "service_quality",
        "Прибирання",
        manager,
    )
    row.refresh_from_db()
    assert (row.outcome, row.claim, row.handled_by) == (Outcome.CLAIMED, claim, manager)


def test_a_claim_on_another_manager_s_contract_is_refused(client, manager, make_user):
    other = make_user(Role.SUPPORT_MANAGER)
    from tests.claims.factories import SupportContractFactory

    foreign = SupportContractFactory(client__account_manager=other, manager=other)
    row = unmatched()
    client.force_login(manager)
    response = client.post(
        reverse("intake:make_claim", args=[row.pk]), {"contract": foreign.pk, "category": "other"}
    )
    assert response.status_code == 302  # the picker does not offer it: a form error, shown
    assert not Claim.objects.exists()
    row.refresh_from_db()
    assert row.outcome == Outcome.TRIAGE


def test_one_click_adds_the_message_to_a_claim(client, manager, contract):
    claim = ClaimFactory(contract=contract)
    row = unmatched(body="Ось подробиці")
    client.force_login(manager)
    response = client.post(reverse("intake:attach", args=[row.pk]), {"claim": claim.pk})
    assert response["Location"] == claim.get_absolute_url()
    letter = ClaimMessage.objects.get(claim=claim)
    assert (letter.direction, letter.from_address) == ("in", "stranger@elsewhere.example")
    assert "Ось подробиці" in letter.body
    row.refresh_from_db()
    assert (row.outcome, row.claim) == (Outcome.ATTACHED, claim)


def test_a_handled_message_cannot_be_handled_again(client, manager, contract):
    row = unmatched()
    client.force_login(manager)
    client.post(reverse("intake:dismiss", args=[row.pk]))
    response = client.post(
        reverse("intake:make_claim", args=[row.pk]), {"contract": contract.pk, "category": "other"}
    )
    assert response.status_code == 302
    assert not Claim.objects.exists()
    assert InboundMessage.objects.get().outcome == Outcome.IGNORED


def test_the_original_html_is_served_sanitised_in_a_sandbox(client, manager):
    row = unmatched(messages.html_only(sender="stranger@elsewhere.example"))
    client.force_login(manager)
    detail = client.get(row.get_absolute_url()).content.decode()
    assert 'sandbox=""' in detail
    response = client.get(reverse("intake:html", args=[row.pk]))
    body = response.content.decode()
    assert "<b>не вийшла</b>" in body
    assert "script" not in body and "onclick" not in body and "javascript:" not in body
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_kept_attachments_download_and_skipped_ones_are_listed(client, manager):
    row = unmatched(messages.with_attachments(sender="stranger@elsewhere.example"))
    client.force_login(manager)
    page = client.get(row.get_absolute_url()).content.decode()
    assert "run.bat" in page
    attachment = row.attachments.get(filename="акт.pdf")
    response = client.get(reverse("intake:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_triage_list_takes_the_same_queries_for_1_and_50_rows(
    client, manager, rows, django_assert_max_num_queries
):
    for n in range(rows):
        unmatched(messages.with_attachments(sender=f"s{n}@elsewhere.example") if n % 2 else None)
    client.force_login(manager)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("intake:list"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == rows
