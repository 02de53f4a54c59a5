"""The intake URLs, as tests/test_url_access.py and tests/hostile check the others: anonymous
users go to sign in, other roles get 403, bad ids 404; support managers and directors get in."""

import pytest
from django.test import Client
from django.urls import reverse

from intake.services import message_ingest
from intake.services.ingest import eml_incoming
from org.roles import Role
from tests.intake import messages

pytestmark = pytest.mark.django_db

GET_PAGES = ("intake:detail", "intake:html")
POST_ONLY = ("intake:make_claim", "intake:attach", "intake:dismiss")
BAD_IDS = ("0", "999999999", "9223372036854775807")


@pytest.fixture
def row():
    return message_ingest(
        incoming=eml_incoming(messages.with_attachments(sender="stranger@elsewhere.example"))
    )


def urls(row):
    attachment = row.attachments.first()
    yield reverse("intake:list")
    for name in (*GET_PAGES, *POST_ONLY):
        yield reverse(name, args=[row.pk])
    yield reverse("intake:attachment", args=[attachment.pk])


def test_anonymous_users_are_sent_to_sign_in(row):
    anonymous = Client()
    for url in urls(row):
        for method in ("get", "post"):
            response = getattr(anonymous, method)(url)
            assert response.status_code == 302, url
            assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", [None, Role.DEPARTMENT_STAFF, Role.DEPARTMENT_HEAD])
def test_other_roles_are_refused(row, make_user, role):
    client = Client()
    client.force_login(make_user(role, department="quality" if role else None))
    for url in urls(row):
        assert client.get(url).status_code in {403, 405}, url
        assert client.post(url).status_code == 403, url


@pytest.mark.parametrize("role", [Role.SUPPORT_MANAGER, Role.EXECUTIVE_DIRECTOR])
def test_support_managers_and_directors_get_in(row, make_user, role):
    client = Client()
    client.force_login(make_user(role))
    for url in urls(row):
        expected = {405} if url.endswith(("/claim/", "/attach/", "/dismiss/")) else {200}
        assert client.get(url).status_code in expected, url


def test_bad_ids_are_404(manager):
    client = Client()
    client.force_login(manager)
    for name in (*GET_PAGES, *POST_ONLY, "intake:attachment"):
        for bad in BAD_IDS:
            url = reverse(name, args=[bad])
            assert client.get(url).status_code in {404, 405}, url
            assert client.post(url).status_code == 404, url
    for junk in ("/intake/abc/", "/intake/-1/", "/intake/1e3/", "/intake/%00/"):
        assert client.get(junk).status_code == 404


def test_hostile_posts_are_refused_without_a_500(manager, row):
    client = Client()
    client.force_login(manager)
    for data in (
        {"contract": "1 OR 1=1", "category": "other"},
        {"contract": "9" * 40, "category": "<script>"},
        {"contract": "", "category": ""},
    ):
        assert client.post(reverse("intake:make_claim", args=[row.pk]), data).status_code == 302
    for value in ("abc", "-5", "9" * 40, "\x00"):
        assert (
            client.post(reverse("intake:attach", args=[row.pk]), {"claim": value}).status_code
            == 302
        )
    assert client.get(reverse("intake:list"), {"cursor": "junk'\""}).status_code == 200


def test_posts_need_the_csrf_token(manager, row):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    assert client.post(reverse("intake:dismiss", args=[row.pk])).status_code == 403


def test_mail_of_a_client_is_seen_by_its_manager_only_and_shared_mail_by_every_manager(
    manager, make_user, contact, contract
):
    from tests.claims.factories import SupportContractFactory

    SupportContractFactory(client=contract.client, manager=manager)  # two contracts: triage
    own = message_ingest(incoming=eml_incoming(messages.plain(subject="Наш клієнт")))
    shared = message_ingest(
        incoming=eml_incoming(messages.plain(sender="who@elsewhere.example", subject="Нічий"))
    )
    assert own.client == contract.client and shared.client is None
    other = Client()
    other.force_login(make_user(Role.SUPPORT_MANAGER))
    assert other.get(reverse("intake:detail", args=[own.pk])).status_code == 404
    assert other.post(reverse("intake:dismiss", args=[own.pk])).status_code == 404
    assert other.get(reverse("intake:detail", args=[shared.pk])).status_code == 200
    page = other.get(reverse("intake:list")).content.decode()
    assert "Нічий" in page and "Наш клієнт" not in page
    owner = Client()
    owner.force_login(manager)
    page = owner.get(reverse("intake:list")).content.decode()
    assert "Нічий" in page and "Наш клієнт" in page


def test_the_admin_pages_of_the_intake_open_for_a_superuser(row, make_user, contract):
    from intake.models import ClientMailDomain

    domain = ClientMailDomain.objects.create(client=contract.client, domain="@Client.Example")
    assert domain.domain == "client.example"
    client = Client()
    client.force_login(make_user(is_staff=True, is_superuser=True))
    for url in (
        reverse("admin:intake_inboundmessage_changelist"),
        reverse("admin:intake_inboundmessage_change", args=[row.pk]),
        reverse("admin:intake_clientmaildomain_changelist"),
        reverse("admin:intake_clientmaildomain_change", args=[domain.pk]),
        reverse("admin:intake_clientmaildomain_add"),
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("admin:intake_inboundmessage_add")).status_code == 403
