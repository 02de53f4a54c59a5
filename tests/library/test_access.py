"""Who reaches which library URL: anonymous visitors sign in; everyone signed in reads what
is approved; drafts are their editors'; the general director alone decides; only the
people a document applies to acknowledge it; bad ids answer 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from library import services
from library.models import Acknowledgement
from org.roles import Role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 instruction"
VERSION_URLS = ("version", "version_edit", "submit", "approve", "return", "acknowledge", "file")
POST_ONLY = {"submit", "approve", "return", "acknowledge"}


@pytest.fixture
def people(make_user, manager, department_staff, department_head, general_director):
    return {
        "manager": manager,
        "staff": department_staff,
        "head": department_head,
        "executive": make_user(Role.EXECUTIVE_DIRECTOR, is_staff=True),
        "general": general_director,
        "roleless": make_user(),
    }


def login(client, user):
    client.force_login(user)
    return client


def url(name, pk=None):
    return reverse(f"library:{name}", args=[pk] if pk is not None else [])


@pytest.mark.parametrize(
    "name, pk",
    [("list", None), ("create", None), ("badge", None), ("document", 1)]
    + [(name, 1) for name in VERSION_URLS]
    + [("version_create", 1)],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, name, pk):
    response = client.get(url(name, pk))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["manager", "staff", "head", "executive", "general", "roleless"])
def test_everyone_signed_in_opens_the_library(client, people, who):
    assert login(client, people[who]).get(url("list")).status_code == 200


@pytest.mark.parametrize(
    "who, expected",
    [("manager", 403), ("staff", 403), ("roleless", 403), ("head", 200), ("executive", 200)],
)
def test_only_directors_and_heads_create_documents(client, people, who, expected):
    assert login(client, people[who]).get(url("create")).status_code == expected


@pytest.mark.parametrize(
    "who, expected", [("manager", 404), ("staff", 404), ("head", 200), ("general", 200)]
)
def test_drafts_are_for_their_editors_only(client, people, document, who, expected):
    version = document.versions.get()
    client = login(client, people[who])

    assert client.get(url("document", document.pk)).status_code == expected
    assert client.get(url("version", version.pk)).status_code == expected


@pytest.mark.parametrize("who", ["manager", "staff", "roleless"])
def test_approved_versions_are_readable_by_everyone(client, people, approved, who):
    client = login(client, people[who])

    assert client.get(url("document", approved.document_id)).status_code == 200
    assert client.get(url("version", approved.pk)).status_code == 200


@pytest.mark.parametrize("who", ["manager", "staff"])
def test_only_editors_write_versions(client, people, approved, who):
    client = login(client, people[who])

    assert client.get(url("version_create", approved.document_id)).status_code == 403
    assert client.get(url("version_edit", approved.pk)).status_code == 403


@pytest.mark.parametrize("who, expected", [("executive", 403), ("head", 403), ("general", 302)])
def test_only_the_general_director_approves(client, people, document, who, expected):
    version = services.version_submit(actor=people["executive"], version=document.versions.get())

    response = login(client, people[who]).post(
        url("approve", version.pk), {"effective_from": "2026-12-01"}
    )

    assert response.status_code == expected


def test_only_the_general_director_returns_for_revision(client, people, document):
    version = services.version_submit(actor=people["executive"], version=document.versions.get())

    refused = login(client, people["executive"]).post(url("return", version.pk), {"comment": "Ні"})

    assert refused.status_code == 403


@pytest.mark.parametrize("who, expected", [("staff", 403), ("roleless", 403), ("manager", 302)])
def test_only_the_people_a_document_applies_to_acknowledge_it(
    client, people, approved, who, expected
):
    response = login(client, people[who]).post(url("acknowledge", approved.pk))

    assert response.status_code == expected
    assert Acknowledgement.objects.filter(user=people[who]).exists() == (expected == 302)


def test_acknowledge_answers_only_post(client, people, approved):
    assert login(client, people["manager"]).get(url("acknowledge", approved.pk)).status_code == 405


@pytest.fixture
def with_file(make_document):
    def make(number):
        return make_document(
            number=number, file=SimpleUploadedFile("instruction.pdf", PDF)
        ).versions.get()

    return make


def test_an_approved_version_file_downloads_for_everyone(client, people, with_file, approve):
    version = approve(with_file("ПІ-02"))

    response = login(client, people["staff"]).get(url("file", version.pk))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize("who, expected", [("manager", 404), ("staff", 404), ("head", 200)])
def test_a_draft_file_downloads_only_for_its_editors(client, people, with_file, who, expected):
    version = with_file("ПІ-03")

    assert login(client, people[who]).get(url("file", version.pk)).status_code == expected


def test_a_version_without_a_file_has_nothing_to_download(client, people, approved):
    assert login(client, people["manager"]).get(url("file", approved.pk)).status_code == 404


@pytest.mark.parametrize("name", ["document", "version_create", *VERSION_URLS])
def test_bad_ids_answer_404(client, people, approved, name):
    client = login(client, people["general"])
    method = client.post if name in POST_ONLY else client.get

    assert method(url(name, 999_999)).status_code == 404
