"""Sign-in lockout: per user name and address, per address, per account; the address
comes from X-Forwarded-For only when a trusted proxy sent the request."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from org.client_address import client_ip_address

pytestmark = pytest.mark.django_db

PASSWORD = "password"
PROXY = "10.0.0.2"


def sign_in(client, username, password, **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


def signed_in(response):
    return response.status_code == 302 and "/accounts/login/" not in response["Location"]


def locked(response):
    return response.status_code == 429


def test_many_user_names_from_one_address_are_refused(client, make_user):
    user = make_user(username="olena")
    answers = [
        sign_in(client, f"guess{n % 11}", "wrong", REMOTE_ADDR="203.0.113.7") for n in range(44)
    ]

    assert sum(locked(answer) for answer in answers) >= 44 - 20
    assert all(not locked(answer) for answer in answers[:19])
    # The right password from that address is refused too while the lock lasts...
    assert locked(sign_in(client, user.username, PASSWORD, REMOTE_ADDR="203.0.113.7"))
    # ...and nobody elsewhere is affected.
    assert signed_in(sign_in(client, user.username, PASSWORD, REMOTE_ADDR="203.0.113.8"))


def test_five_wrong_passwords_lock_the_pair_but_not_the_user_elsewhere(client, make_user):
    user = make_user(username="petro")
    for _attempt in range(5):
        sign_in(client, user.username, "wrong", REMOTE_ADDR="198.51.100.1")

    assert locked(sign_in(client, user.username, PASSWORD, REMOTE_ADDR="198.51.100.1"))
    assert signed_in(sign_in(client, user.username, PASSWORD, REMOTE_ADDR="198.51.100.2"))


def test_one_account_is_locked_after_fifty_failures_from_many_addresses(client, make_user):
    user = make_user(username="ivan")
    for n in range(50):
        sign_in(client, user.username, "wrong", REMOTE_ADDR=f"192.0.2.{n + 1}")

    assert locked(sign_in(client, user.username, PASSWORD, REMOTE_ADDR="192.0.2.200"))


def test_a_spoofed_forwarded_for_from_a_non_proxy_is_ignored(client, make_user, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    user = make_user(username="andrii")
    for n in range(5):
        sign_in(
            client,
            user.username,
            "wrong",
            REMOTE_ADDR="203.0.113.50",
            HTTP_X_FORWARDED_FOR=f"198.18.0.{n}, {PROXY}",
        )

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.50"}
    assert locked(
        sign_in(
            client,
            user.username,
            PASSWORD,
            REMOTE_ADDR="203.0.113.50",
            HTTP_X_FORWARDED_FOR="198.18.0.99",
        )
    )


def test_behind_a_trusted_proxy_two_clients_are_counted_apart(client, make_user, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    user = make_user(username="maria")
    for _attempt in range(5):
        sign_in(
            client,
            user.username,
            "wrong",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="198.51.100.10",
        )

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.10"}
    assert locked(
        sign_in(
            client, user.username, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.10"
        )
    )
    assert signed_in(
        sign_in(
            client, user.username, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.11"
        )
    )


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "203.0.113.1", "198.51.100.1", "203.0.113.1"),
        (["10.0.0.0/8"], "203.0.113.1", "198.51.100.1", "203.0.113.1"),
        (["10.0.0.0/8"], "10.1.2.3", "198.51.100.1", "198.51.100.1"),
        # A client's own forged entries sit left of the address our proxy saw.
        (["10.0.0.0/8"], "10.1.2.3", "1.2.3.4, 198.51.100.1", "198.51.100.1"),
        (["10.0.0.0/8", "172.16.0.5"], "10.1.2.3", "198.51.100.1, 172.16.0.5", "198.51.100.1"),
        (["10.0.0.0/8"], "10.1.2.3", "198.51.100.1:4431", "198.51.100.1"),
        (["2001:db8::/32"], "2001:db8::1", "[2001:db8:ffff::1]:443, 2001:db9::7", "2001:db9::7"),
        (["10.0.0.0/8"], "10.1.2.3", "not-an-address", "10.1.2.3"),
        (["10.0.0.0/8"], "10.1.2.3", "", "10.1.2.3"),
    ],
)
def test_client_address(settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip_address(request) == expected
