"""The endpoints and the delivery log in the admin: the allow-list on save, the secret
shown only to those who may change the endpoint, the log's filters and "resend"."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from org.outbox import Event
from tests.webhooks.helpers import an_event, endpoint_for, only_delivery
from webhooks.forms import EndpointForm
from webhooks.models import Delivery, DeliveryStatus, Endpoint
from webhooks.services import webhooks_relay

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def client(client, settings):
    """The admin in English, so that the tests can name its messages as the code does."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def admin_user(make_user):
    return make_user(is_staff=True, is_superuser=True, username="root")


def form(url, events=(Event.CLAIM_REGISTERED,)):
    return EndpointForm(data={"url": url, "events": list(events), "is_active": "on"})


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://crm.internal/hook", "not on the allowed list"),
        ("http://169.254.169.254/latest/meta-data", "not on the allowed list"),
        ("https://user:secret@hooks.example.com/x", "user name or password"),
        ("ftp://hooks.example.com/x", "Only http and https"),
        ("https://hooks.example.com.evil.net/x", "not on the allowed list"),
    ],
)
def test_the_form_refuses_urls_off_the_allow_list(settings, url, reason):
    settings.WEBHOOK_ALLOWED_HOSTS = ["hooks.example.com", ".partner.ua"]
    bound = form(url)
    assert not bound.is_valid()
    assert reason in " ".join(bound.errors["url"])


def test_the_form_takes_an_allowed_host_and_subdomains_of_a_dotted_entry(settings):
    settings.WEBHOOK_ALLOWED_HOSTS = ["hooks.example.com", ".partner.ua"]
    for url in (
        "https://hooks.example.com/in",
        "https://crm.partner.ua:8443/in",
        "http://partner.ua/",
    ):
        assert form(url).is_valid(), url


def test_an_empty_allow_list_allows_nothing(settings):
    settings.WEBHOOK_ALLOWED_HOSTS = []
    assert not form("https://hooks.example.com/in").is_valid()


def test_the_admin_add_page_shows_the_refusal_and_saves_nothing(client, admin_user, settings):
    settings.WEBHOOK_ALLOWED_HOSTS = ["hooks.example.com"]
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:webhooks_endpoint_add"),
        {"url": "http://127.0.0.1:6379/", "events": [Event.CLAIM_REGISTERED], "is_active": "on"},
    )
    assert response.status_code == 200
    assert "not on the allowed list" in response.content.decode()
    assert not Endpoint.objects.exists()

    response = client.post(
        reverse("admin:webhooks_endpoint_add"),
        {
            "url": "https://hooks.example.com/in",
            "events": [Event.HANDOFF_CREATED, Event.CLAIM_REGISTERED],
            "is_active": "on",
            "description": "CRM",
        },
    )
    assert response.status_code == 302
    endpoint = Endpoint.objects.get()
    # In the table's order, with a secret of its own.
    assert endpoint.events == [Event.CLAIM_REGISTERED, Event.HANDOFF_CREATED]
    assert len(endpoint.secret) == 64


def test_the_secret_is_shown_to_who_may_change_the_endpoint_only(client, admin_user, make_user):
    endpoint = Endpoint.objects.create(url="https://hooks.example.com/in", events=[])
    url = reverse("admin:webhooks_endpoint_change", args=[endpoint.pk])
    client.force_login(admin_user)
    assert endpoint.secret in client.get(url).content.decode()

    viewer = make_user(is_staff=True, username="viewer")
    viewer.user_permissions.set(Permission.objects.filter(codename="view_endpoint"))
    client.force_login(viewer)
    response = client.get(url)
    assert response.status_code == 200
    assert endpoint.secret not in response.content.decode()


def test_staff_without_the_permission_do_not_see_webhooks(client, make_user):
    endpoint = Endpoint.objects.create(url="https://hooks.example.com/in", events=[])
    client.force_login(make_user(is_staff=True, username="staff"))
    assert (
        client.get(reverse("admin:webhooks_endpoint_change", args=[endpoint.pk])).status_code == 403
    )
    assert client.get(reverse("admin:webhooks_delivery_changelist")).status_code == 403


def test_rotating_the_secret_gives_a_new_one(client, admin_user):
    endpoint = Endpoint.objects.create(url="https://hooks.example.com/in", events=[])
    old = endpoint.secret
    client.force_login(admin_user)
    client.post(
        reverse("admin:webhooks_endpoint_changelist"),
        {"action": "rotate_secret", "_selected_action": [endpoint.pk]},
    )
    endpoint.refresh_from_db()
    assert endpoint.secret != old and len(endpoint.secret) == 64


def test_resend_sends_a_delivered_event_again_with_the_same_delivery_id(
    client, admin_user, receiver, allow_loopback
):
    endpoint_for(receiver)
    an_event()
    webhooks_relay()
    delivery = only_delivery()
    assert delivery.status == "delivered"

    client.force_login(admin_user)
    response = client.post(
        reverse("admin:webhooks_delivery_changelist"),
        {"action": "resend", "_selected_action": [delivery.pk]},
        follow=True,
    )
    assert "1 delivery will be sent again now." in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.status == "pending"

    webhooks_relay()
    first, second = receiver.received
    assert first.headers["X-Casedesk-Delivery"] == second.headers["X-Casedesk-Delivery"]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)


def test_resend_leaves_a_delivery_being_sent_to_its_attempt(client, admin_user, receiver):
    endpoint_for(receiver)
    an_event()
    from webhooks import relay

    relay.outbox_fan_out()
    Delivery.objects.update(status=DeliveryStatus.SENDING, lease_token="abc")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:webhooks_delivery_changelist"),
        {"action": "resend", "_selected_action": [only_delivery().pk]},
        follow=True,
    )
    assert "being sent this moment" in response.content.decode()
    assert only_delivery().lease_token == "abc"


def test_resend_with_a_broker_is_queued_not_sent_in_the_request(
    client, admin_user, receiver, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_RELAY_ON_COMMIT = True
    queued = []
    monkeypatch.setattr(
        "webhooks.admin.enqueue_on_commit", lambda task, *args: queued.append((task.name, args))
    )
    endpoint_for(receiver)
    an_event()
    from webhooks import relay

    relay.outbox_fan_out()
    delivery = only_delivery()
    client.force_login(admin_user)
    client.post(
        reverse("admin:webhooks_delivery_changelist"),
        {"action": "resend", "_selected_action": [delivery.pk]},
    )
    assert queued == [("webhooks.tasks.send_webhook_deliveries", ([delivery.pk],))]
    assert receiver.received == []


@pytest.mark.parametrize("rows", [1, 50])
def test_the_delivery_log_costs_the_same_queries_for_1_and_50_rows(
    client, admin_user, rows, django_assert_max_num_queries
):
    endpoint = Endpoint.objects.create(url="https://hooks.example.com/in", events=[])
    Delivery.objects.bulk_create(
        Delivery(
            endpoint=endpoint,
            event_id=n,
            event=Event.CLAIM_REGISTERED,
            payload={"id": n},
            retry_until=endpoint.created_at,
        )
        for n in range(rows)
    )
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(
            reverse("admin:webhooks_delivery_changelist"), {"status__exact": "pending"}
        )
    assert response.status_code == 200
    assert response.content.decode().count('class="action-select"') == rows
    with django_assert_max_num_queries(12):
        assert (
            client.get(
                reverse("admin:webhooks_delivery_change", args=[Delivery.objects.first().pk])
            ).status_code
            == 200
        )
