"""The client screens cost the same number of queries, at most 12, for 1 row or 50."""

import pytest
from django.urls import reverse

from contracts.models import Stage
from tests.clients.factories import ClientFactory, ContactFactory, SiteFactory
from tests.contracts.factories import ContractFactory

pytestmark = pytest.mark.django_db


def detail_url(client):
    return reverse("clients:detail", kwargs={"pk": client.pk})


@pytest.mark.parametrize("rows", [1, 50])
def test_client_list_query_count_does_not_grow_with_rows(
    signed_in, manager, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        ContractFactory(client=ClientFactory(account_manager=manager), stage=Stage.SUPPORT)
    http = signed_in(manager)

    with django_assert_max_num_queries(10) as queries:
        response = http.get(reverse("clients:list"))

    assert len(response.context["clients"]) == rows
    counts = [q["sql"] for q in queries.captured_queries if '"clients_client"' in q["sql"]]
    assert sum("COUNT(*)" in sql for sql in counts) == 1


@pytest.mark.parametrize("rows", [1, 50])
def test_client_page_query_count_does_not_grow_with_rows(
    signed_in, manager, django_assert_max_num_queries, rows
):
    client = ClientFactory(account_manager=manager)
    for _ in range(rows):
        ContactFactory(client=client)
        SiteFactory(client=client)
        ContractFactory(client=client)
    http = signed_in(manager)

    with django_assert_max_num_queries(12):
        response = http.get(detail_url(client))

    assert len(response.context["contracts"]) == rows
    assert len(response.context["contacts"]) == rows
