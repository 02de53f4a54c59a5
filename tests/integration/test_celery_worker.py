import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from contracts.models import ExpiryWarning, Stage
from org.models import EmailStatus, Notification
from org.tasks import send_pending_notification_emails
from tests.claims.factories import SupportContractFactory
from tests.contracts.factories import ContractFactory
from tests.integration.conftest import wait_for

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def mails_to(mail_dir, address):
    return [path for path in mail_dir.iterdir() if address in path.read_text(errors="replace")]


def test_worker_delivers_the_expiry_warning_email_and_a_doubled_beat_makes_no_duplicate(
    worker, mail_dir
):
    today = timezone.localdate()
    contract = ContractFactory(
        stage=Stage.SUPPORT,
        start_date=today - datetime.timedelta(days=300),
        end_date=today + datetime.timedelta(days=50),
        notice_period_days=30,
    )

    # The beat job twice at once, as a duplicated scheduler would send it.
    worker.send_task("contracts.tasks.send_expiry_warnings")
    worker.send_task("contracts.tasks.send_expiry_warnings")

    sent = wait_for(
        lambda: (
            Notification.objects.filter(
                recipient=contract.manager, email_status=EmailStatus.SENT
            ).exists()
            and mails_to(mail_dir, contract.manager.email)
        ),
        timeout=60,
    )
    assert sent, f"the worker did not deliver the warning's e-mail:\n{worker.worker_log()}"
    time.sleep(2)  # let the second job finish too
    assert sorted(ExpiryWarning.objects.values_list("threshold_days", flat=True)) == [30, 90]
    assert Notification.objects.filter(recipient=contract.manager).count() == 1
    assert len(mails_to(mail_dir, contract.manager.email)) == 1
    assert "Договір" in mails_to(mail_dir, contract.manager.email)[0].read_text()


def test_claim_registration_is_quick_with_the_broker_down_and_its_email_goes_out_later(
    worker, broker_url, publish_to, client, mail_dir, department_head, executive_director
):
    contract = SupportContractFactory()
    client.force_login(executive_director)
    publish_to("redis://127.0.0.1:1/0")  # nothing listens there

    started = time.monotonic()
    response = client.post(
        reverse("claims:register") + f"?contract={contract.pk}",
        {
            "contract": contract.pk,
            "channel": "phone",
            "category": "service_quality",
            "priority": "normal",
            "subject": "Не прибрано у холі",
            "description": "Клієнт телефонував зранку",
            "received_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        },
    )
    elapsed = time.monotonic() - started

    assert response.status_code == 302, response.content.decode()[:2000]
    assert elapsed < 2.0, f"registering took {elapsed:.2f} s with the broker down"
    pending = Notification.objects.filter(email_status=EmailStatus.PENDING)
    assert set(pending.values_list("recipient", flat=True)) == {
        contract.manager.pk,
        department_head.pk,
    }

    publish_to(broker_url)  # the broker is back: the periodic sweep finds the outbox rows
    assert send_pending_notification_emails() == 2

    assert wait_for(
        lambda: not Notification.objects.filter(email_status=EmailStatus.PENDING).exists(),
        timeout=60,
    ), f"the worker did not send the e-mails left in the outbox:\n{worker.worker_log()}"
    assert mails_to(mail_dir, contract.manager.email)
    assert mails_to(mail_dir, department_head.email)
