"""The top bar's search finds the library's documents by title and number, as the user
may see them (issue 16 part 2: "Search covers titles and numbers")."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_site_search_finds_documents_by_number_and_title(
    client, manager, make_document, approve
):
    policy = make_document(number="ПЯ-01", title="Політика у сфері якості", kind="policy")
    version = approve(policy.versions.get())
    client.force_login(manager)

    by_number = client.get(reverse("search"), {"q": "ПЯ-01"})
    by_title = client.get(reverse("search"), {"q": "сфері якості"})

    assert by_number.context["results"]["documents"] == [policy]
    assert by_title.context["results"]["documents"] == [policy]
    page = by_title.content.decode()
    assert version.get_absolute_url() in page  # straight to the version in force
    assert "Політика у сфері якості" in page


def test_a_draft_is_found_only_by_its_editors(client, manager, executive_director, make_document):
    draft = make_document(number="НК-07", title="Наказ про графік")

    client.force_login(manager)
    for_manager = client.get(reverse("search"), {"q": "НК-07"})
    client.force_login(executive_director)
    for_director = client.get(reverse("search"), {"q": "НК-07"})

    assert for_manager.context["results"]["documents"] == []
    assert "Наказ про графік" not in for_manager.content.decode()
    assert for_director.context["results"]["documents"] == [draft]
    assert draft.get_absolute_url() in for_director.content.decode()


@pytest.mark.parametrize("count", [1, 50])
def test_documents_cost_the_search_one_query_whatever_their_number(
    client, manager, make_document, approve, django_assert_max_num_queries, count
):
    for number in range(count):
        approve(make_document(number=f"ІН-{number:02d}", title="Інструкція").versions.get())
    client.force_login(manager)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("search"), {"q": "Інструкція"})

    assert len(response.context["results"]["documents"]) == min(count, 10)
