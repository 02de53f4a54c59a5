"""The claim page's correspondence, the reply page, and the claim's files."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.models import ClaimAttachment, ClaimMessage, ReplyTemplate
from claims.services import IncomingLetter, claim_comment, claim_record_incoming, claim_reply
from org.roles import Role
from tests.claims.factories import ClaimFactory
from tests.clients.factories import ContactFactory
from tests.handoffs.factories import HandoffFactory
from tests.org.factories import UserFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
# The page's clocks read the contract's calendar once (3 queries), as in test_query_counts.
DETAIL_QUERIES = 12 + 3
REPLY_QUERIES = 12


@pytest.fixture
def olena(contract):
    return ContactFactory(
        client=contract.client, name="Олена Петренко", email="olena@client.example"
    )


@pytest.fixture
def claim(register, olena):
    return register(reported_by=olena)


def letter(claim, n=1, **kwargs):
    values = {
        "message_id": f"<m{n}@client.example>",
        "from_address": "olena@client.example",
        "from_name": "Олена Петренко",
        "subject": "Не прибрано",
        "body": f"Лист {n}",
    }
    values.update(kwargs)
    return claim_record_incoming(claim=claim, letter=IncomingLetter(**values))


def test_the_claim_page_shows_letters_replies_and_comments_each_in_its_own_look(
    manager_client, manager, claim
):
    letter(claim, body="Вікна брудні")
    claim_reply(actor=manager, claim=claim, to=["olena@client.example"], subject="", body="Миємо")
    claim_comment(actor=manager, claim=claim, text="Бригадир попереджений")

    page = manager_client.get(claim.get_absolute_url()).content.decode()

    assert page.count('class="letter letter-in"') == 1
    assert page.count('class="letter letter-out"') == 1
    assert 'class="internal-notes"' in page
    # Words, not only colours: each kind names itself.
    assert "Лист клієнта" in page and "Наша відповідь" in page and "Внутрішні коментарі" in page
    assert "Вікна брудні" in page and "Миємо" in page and "Бригадир попереджений" in page


def test_the_reply_page_suggests_the_last_sender_and_fills_a_template(manager_client, claim, olena):
    ContactFactory(client=claim.contract.client, email="boss@client.example")
    template = ReplyTemplate.objects.get(kind="acknowledgement")

    response = manager_client.get(
        reverse("claims:reply", args=[claim.pk]), {"template": template.pk}
    )

    form = response.context["form"]
    assert form.initial["to"] == ["olena@client.example"]
    assert {value for value, _label in form.fields["to"].choices} == {
        "olena@client.example",
        "boss@client.example",
    }
    assert f"№ {claim.pk}" in form.initial["body"]
    assert form.initial["subject"].startswith(f"[#{claim.pk}]")


@pytest.mark.parametrize("value", ["abc", "999999", "1 OR 1=1", "\x00"])
def test_a_bad_template_choice_is_a_form_error_not_a_500(manager_client, claim, value):
    response = manager_client.get(reverse("claims:reply", args=[claim.pk]), {"template": value})

    assert response.status_code == 200
    assert response.context["pick"].errors


def post_reply(client, claim, **data):
    values = {"to": ["olena@client.example"], "subject": f"[#{claim.pk}] Re", "body": "Готово."}
    values.update(data)
    return client.post(reverse("claims:reply", args=[claim.pk]), values)


def test_a_reply_posted_from_the_page_is_recorded_and_sent(
    manager_client, claim, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_reply(
            manager_client, claim, attachments=[SimpleUploadedFile("фото.png", PNG)]
        )

    reply = ClaimMessage.objects.get(direction="out")
    assert response.status_code == 302
    assert response["Location"] == f"{claim.get_absolute_url()}#letter-{reply.pk}"
    assert reply.status == "sent"
    assert [email.to for email in mail.outbox if email.to == ["olena@client.example"]]
    assert claim.files.get().message == reply


def test_the_same_reply_form_sent_twice_sends_one_reply(manager_client, claim):
    form = manager_client.get(reverse("claims:reply", args=[claim.pk])).context["form"]
    token = form.initial["once_token"]

    first = post_reply(manager_client, claim, once_token=token)
    second = post_reply(manager_client, claim, once_token=token)

    assert first.status_code == second.status_code == 302
    assert ClaimMessage.objects.filter(direction="out").count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"to": ["stranger@elsewhere.example"]},
        {"to": []},
        {"body": ""},
        {"attachments": [SimpleUploadedFile("act.pdf", b"MZ\x90 not a pdf")]},
    ],
    ids=["stranger", "nobody", "empty", "renamed-file"],
)
def test_a_bad_reply_answers_400_with_the_reason_and_writes_nothing(manager_client, claim, data):
    response = post_reply(manager_client, claim, **data)

    assert response.status_code == 400
    assert response.context["form"].errors
    assert not ClaimMessage.objects.exists()
    assert not ClaimAttachment.objects.exists()


@pytest.mark.parametrize("role", ["other_manager", "department_staff"])
def test_only_who_may_act_on_the_claim_writes_to_the_client(client, claim, role, make_user):
    user = make_user(Role.SUPPORT_MANAGER) if role == "other_manager" else None
    if user is None:
        user = make_user(Role.DEPARTMENT_STAFF, department="production")
        HandoffFactory(claim=claim, contract=claim.contract, department=user.department)
    client.force_login(user)

    assert client.get(reverse("claims:reply", args=[claim.pk])).status_code in (403, 404)
    assert post_reply(client, claim).status_code in (403, 404)
    assert not ClaimMessage.objects.exists()


def test_the_manager_adds_a_photo_to_the_claim(manager_client, claim, manager):
    response = manager_client.post(
        reverse("claims:file_add", args=[claim.pk]), {"file": SimpleUploadedFile("хол.png", PNG)}
    )

    assert response.status_code == 302
    item = claim.files.get()
    assert (item.filename, item.content_type, item.uploaded_by, item.source) == (
        "хол.png",
        "image/png",
        manager,
        "manager",
    )
    download = manager_client.get(reverse("claims:file", args=[item.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("run.png", b"MZ\x90\x00"),
        SimpleUploadedFile("script.html", b"<script>"),
        SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024 + 1)),
    ],
    ids=["renamed", "not-allowed", "too-large"],
)
def test_a_file_against_the_upload_rules_is_refused_with_the_reason(manager_client, claim, upload):
    response = manager_client.post(reverse("claims:file_add", args=[claim.pk]), {"file": upload})

    assert response.status_code == 302
    assert not ClaimAttachment.objects.exists()
    page = manager_client.get(response["Location"])
    assert list(page.context["messages"])


def test_another_manager_neither_adds_nor_downloads_files(client, claim, manager_client):
    manager_client.post(
        reverse("claims:file_add", args=[claim.pk]), {"file": SimpleUploadedFile("a.png", PNG)}
    )
    item = claim.files.get()
    client.force_login(UserFactory(role=Role.SUPPORT_MANAGER))

    assert client.get(reverse("claims:file", args=[item.pk])).status_code == 404
    response = client.post(
        reverse("claims:file_add", args=[claim.pk]), {"file": SimpleUploadedFile("b.png", PNG)}
    )
    assert response.status_code in (403, 404)
    assert claim.files.count() == 1


def test_the_department_that_works_the_claim_downloads_its_files(
    client, claim, manager_client, department_staff
):
    HandoffFactory(claim=claim, contract=claim.contract, department=department_staff.department)
    manager_client.post(
        reverse("claims:file_add", args=[claim.pk]), {"file": SimpleUploadedFile("a.png", PNG)}
    )
    client.force_login(department_staff)

    assert client.get(reverse("claims:file", args=[claim.files.get().pk])).status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_claim_page_queries_do_not_grow_with_letters_and_files(
    manager_client, manager, contract, rows, django_assert_max_num_queries
):
    claim = ClaimFactory(contract=contract)
    for n in range(rows):
        incoming = letter(claim, n)
        ClaimAttachment.objects.create(
            claim=claim,
            message=incoming,
            file="claims/x.png",
            filename=f"{n}.png",
            content_type="image/png",
            size=10,
        )
        claim_comment(actor=manager, claim=claim, text=f"Коментар {n}")
        ClaimMessage.objects.create(
            claim=claim,
            direction="out",
            message_id=f"<r{n}@casedesk.example>",
            sent_by=manager,
            on_behalf_of=manager,
            to_addresses=["olena@client.example"],
            subject="Re",
            body="Так",
        )

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = manager_client.get(claim.get_absolute_url())

    assert len(response.context["letters"]) == 2 * rows
    assert len(response.context["files"]) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_reply_page_queries_do_not_grow_with_contacts_and_letters(
    manager_client, contract, rows, django_assert_max_num_queries
):
    claim = ClaimFactory(contract=contract)
    for n in range(rows):
        ContactFactory(client=contract.client)
        letter(claim, n, from_address=f"sender{n}@client.example")

    with django_assert_max_num_queries(REPLY_QUERIES):
        response = manager_client.get(reverse("claims:reply", args=[claim.pk]), {"template": 1})

    assert len(response.context["form"].fields["to"].choices) >= min(rows, 5)
