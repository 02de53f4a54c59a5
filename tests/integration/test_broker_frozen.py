"""A request that enqueues work must not hang on a broker that accepts connections but
never answers (a stopped Redis): the publish gives up after CELERY_WEB_PUBLISH_TIMEOUT
and the outbox row waits for the sweep."""

import shutil
import signal
import socket
import subprocess
import time

import pytest
from django.urls import reverse

from org.models import EmailStatus, Notification
from tests.claims.factories import SupportContractFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


@pytest.fixture
def frozen_redis_url(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("needs the redis-server binary to freeze one")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _attempt in range(50):
            with socket.socket() as client:
                if client.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        process.send_signal(signal.SIGSTOP)  # the socket stays open; nothing answers
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.send_signal(signal.SIGCONT)
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize("broker", ["frozen", "refused"])
def test_claim_registration_returns_quickly_whatever_the_broker_does(
    broker,
    request,
    publish_to,
    client,
    department_head,
    executive_director,
    django_capture_on_commit_callbacks,
):
    url = (
        request.getfixturevalue("frozen_redis_url")
        if broker == "frozen"
        else "redis://127.0.0.1:1/0"
    )
    contract = SupportContractFactory()
    client.force_login(executive_director)
    publish_to(url)

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("claims:register"),
            {
                "contract": contract.pk,
                "channel": "phone",
                "category": "service_quality",
                "priority": "normal",
                "subject": "Не прибрано у холі",
                "description": "Клієнт телефонував зранку",
                "received_at": "2026-11-27 09:00",
            },
        )
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 2.0, f"registering took {elapsed:.2f} s with the broker {broker}"
    assert Notification.objects.filter(email_status=EmailStatus.PENDING).count() == 2
