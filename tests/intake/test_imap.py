"""Against a real IMAP server (Dovecot on loopback): read, once, even when runs overlap or die."""

import threading

import pytest
from django.db import connection, connections

from claims.models import Claim, ClaimComment, ClaimMessage
from intake.models import InboundMessage, Outcome
from intake.services import mailbox_fetch, mailboxes_fetch, routing
from intake.services import mailboxes as mailboxes_module
from tests.intake import messages


def outcomes():
    return sorted(InboundMessage.objects.values_list("outcome", flat=True))


@pytest.mark.django_db
def test_new_mail_is_read_and_routed_once(mailbox, contact, contract):
    first = messages.plain(message_id="<first@client.example>")
    mailbox.deliver(
        first,
        messages.plain(sender="stranger@elsewhere.example"),
        messages.auto_reply(),
        messages.plain(
            subject="Re: Не прибрано", in_reply_to="<first@client.example>", body="Чекаємо"
        ),
    )
    report = mailbox_fetch(mailbox.config)
    assert (report.processed, report.failed) == (4, 0)
    assert outcomes() == ["created", "ignored", "threaded", "triage"]
    assert Claim.objects.count() == 1
    # The first letter and the answer threaded on it: the correspondence, not comments.
    assert ClaimMessage.objects.filter(direction="in").count() == 2
    assert not ClaimComment.objects.exists()
    row = InboundMessage.objects.get(message_id="<first@client.example>")
    assert row.source == mailbox.config.source
    assert row.uid == 1 and row.uidvalidity

    again = mailbox_fetch(mailbox.config)
    assert again.processed == 0
    assert InboundMessage.objects.count() == 4


@pytest.mark.django_db
def test_a_30_mb_message_is_recorded_in_triage_from_its_headers(
    mailbox, contact, contract, settings
):
    settings.INTAKE_MAX_MESSAGE_BYTES = 25 * 1024 * 1024
    mailbox.deliver(messages.large(30 * 1024 * 1024), messages.plain())
    mailbox_fetch(mailbox.config)
    large = InboundMessage.objects.get(subject="Фото з об'єкта")
    assert large.outcome == Outcome.TRIAGE
    assert large.size > 30 * 1024 * 1024
    assert large.body_text == ""
    assert InboundMessage.objects.filter(outcome=Outcome.CREATED).count() == 1


@pytest.mark.django_db
def test_a_message_that_fails_to_parse_never_blocks_the_next(mailbox, contact, contract):
    mailbox.deliver(messages.malformed(), messages.plain())
    mailbox_fetch(mailbox.config)
    assert outcomes() == ["created", "triage"]


@pytest.mark.django_db
def test_a_crash_while_processing_leaves_the_message_for_the_next_run(
    mailbox, contact, contract, monkeypatch
):
    mailbox.deliver(*(messages.plain(subject=f"Скарга {n}") for n in range(3)))
    real_route = routing.route

    def crash_on_the_second(row, parsed):
        if parsed.subject == "Скарга 1":
            raise RuntimeError("the database went away")
        real_route(row, parsed)

    monkeypatch.setattr("intake.services.ingest.route", crash_on_the_second)
    report = mailbox_fetch(mailbox.config)
    assert (report.processed, report.failed) == (2, 1)
    assert InboundMessage.objects.count() == 2  # the crashed one left no row, nor a claim
    assert Claim.objects.count() == 2

    monkeypatch.setattr("intake.services.ingest.route", real_route)
    assert mailbox_fetch(mailbox.config).processed == 1
    assert sorted(Claim.objects.values_list("subject", flat=True)) == [
        "Скарга 0",
        "Скарга 1",
        "Скарга 2",
    ]


@pytest.mark.django_db
def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_nothing(
    mailbox, contact, contract, monkeypatch
):
    mailbox.deliver(*(messages.plain(subject=f"Скарга {n}") for n in range(10)))
    real_ingest = mailboxes_module.message_ingest
    calls: list[int] = []

    def killed_after_four(**kwargs):
        if len(calls) == 4:
            raise SystemExit("killed")  # not an Exception: it ends the whole run, as a kill does
        calls.append(1)
        return real_ingest(**kwargs)

    monkeypatch.setattr(mailboxes_module, "message_ingest", killed_after_four)
    with pytest.raises(SystemExit):
        mailbox_fetch(mailbox.config)
    assert InboundMessage.objects.count() == 4

    monkeypatch.setattr(mailboxes_module, "message_ingest", real_ingest)
    assert mailbox_fetch(mailbox.config).processed == 6
    subjects = list(Claim.objects.values_list("subject", flat=True))
    assert sorted(subjects) == sorted(f"Скарга {n}" for n in range(10))
    assert InboundMessage.objects.filter(outcome=Outcome.CREATED).count() == 10


@pytest.mark.django_db
def test_an_unreachable_mailbox_does_not_stop_the_others(mailbox, contact, contract):
    from intake.config import parse_mailbox_url

    mailbox.deliver(messages.plain())
    wrong = parse_mailbox_url(f"imap://support:wrong@127.0.0.1:{mailbox.server.port}/INBOX")
    report = mailboxes_fetch([wrong, mailbox.config])
    assert (report.processed, report.failed) == (1, 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_overlapping_runs_process_each_message_exactly_once(mailbox, manager, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks on the unique index): set DATABASE_URL")
    from tests.claims.factories import SupportContractFactory
    from tests.clients.factories import ContactFactory

    contract = SupportContractFactory(client__account_manager=manager, manager=manager)
    ContactFactory(client=contract.client, email="olena@client.example")
    mailbox.deliver(*(messages.plain(subject=f"Скарга {n}") for n in range(30)))
    real_route = routing.route
    start = threading.Barrier(2)

    def slow_route(row, parsed):
        real_route(row, parsed)
        threading.Event().wait(0.01)  # hold the transaction open: the other run must wait

    monkeypatch.setattr("intake.services.ingest.route", slow_route)
    reports = []

    def run():
        try:
            start.wait()
            reports.append(mailbox_fetch(mailbox.config))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(report.processed for report in reports) == 30
    assert sum(report.failed for report in reports) == 0
    assert InboundMessage.objects.count() == 30
    assert Claim.objects.count() == 30
    assert sorted(Claim.objects.values_list("subject", flat=True)) == sorted(
        f"Скарга {n}" for n in range(30)
    )


@pytest.mark.django_db
def test_the_periodic_task_and_the_command_read_the_configured_mailboxes(
    mailbox, contact, contract, settings
):
    from django.core.management import call_command

    from intake.tasks import fetch_support_mail

    settings.INTAKE_IMAP_URLS = [
        f"imap://{mailbox.config.user}@127.0.0.1:{mailbox.server.port}/{mailbox.folder}"
    ]
    settings.INTAKE_IMAP_PASSWORD = mailbox.config.password
    mailbox.deliver(messages.plain())
    assert fetch_support_mail.delay().get().startswith("1 processed")
    mailbox.deliver(messages.plain(sender="stranger@elsewhere.example"))
    call_command("intake_fetch")
    assert outcomes() == ["created", "triage"]
    assert "fetch-support-mail" in settings.CELERY_BEAT_SCHEDULE
