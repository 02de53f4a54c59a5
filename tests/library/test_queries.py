"""The library's list and pages read a bounded number of queries: the same for 1 row and 50."""

import pytest
from django.urls import reverse

from library import services
from org.roles import Role

pytestmark = pytest.mark.django_db

PAGE_QUERIES = 12


@pytest.fixture
def documents(make_document, approve, manager):
    def make(count):
        versions = [
            approve(make_document(number=f"Н-{index}").versions.get()) for index in range(count)
        ]
        for version in versions[::2]:
            services.acknowledgement_record(actor=manager, version=version)
        return versions

    return make


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("who", ["manager", "general_director", "department_head"])
def test_list_queries_do_not_grow_with_its_rows(
    request, client, documents, django_assert_max_num_queries, rows, who
):
    documents(rows)
    client.force_login(request.getfixturevalue(who))

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(reverse("library:list"), {"q": "Посадова"})

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_document_page_queries_do_not_grow_with_its_versions(
    client, make_document, approve, executive_director, django_assert_max_num_queries, rows
):
    document = make_document()
    approve(document.versions.get())
    for _ in range(rows - 1):
        draft = services.version_create(actor=executive_director, document=document, text="Нова")
        approve(draft)
    client.force_login(executive_director)

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(reverse("library:document", args=[document.pk]))

    assert len(response.context["versions"]) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_version_page_queries_do_not_grow_with_its_readers(
    client, make_user, approve, make_document, general_director, django_assert_max_num_queries, rows
):
    readers = [make_user(Role.SUPPORT_MANAGER) for _ in range(rows * 2)]
    version = approve(make_document().versions.get())
    for reader in readers[:rows]:
        services.acknowledgement_record(actor=reader, version=version)
    client.force_login(general_director)

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(reverse("library:version", args=[version.pk]))

    status = response.context["status"]
    assert (len(status.acknowledged), len(status.pending)) == (rows, rows)


@pytest.mark.parametrize("rows", [1, 50])
def test_the_menu_badge_is_one_query(
    client, documents, manager, django_assert_max_num_queries, rows
):
    documents(rows)
    client.force_login(manager)
    client.get(reverse("library:badge"))  # the session and user are read once

    with django_assert_max_num_queries(3):
        response = client.get(reverse("library:badge"))

    pending = rows // 2
    assert (f">{pending}</span>" in response.content.decode()) == bool(pending)
