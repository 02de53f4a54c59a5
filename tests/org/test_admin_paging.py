"""Admin lists of the big tables never count the whole table exactly."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from org import admin_paging
from tests.claims.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def counts_of_claims(queries):
    return [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"] and "claims_claim" in q["sql"]
    ]


def test_the_claim_admin_counts_once_and_shows_no_full_total(client, executive_director):
    ClaimFactory.create_batch(3)
    client.force_login(executive_director)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/claims/claim/")

    assert response.status_code == 200
    assert len(counts_of_claims(queries)) == 1


@pytest.mark.postgres
def test_an_unfiltered_claim_admin_reads_the_planners_estimate(
    client, executive_director, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's pg_class estimates: set DATABASE_URL")
    ClaimFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    monkeypatch.setattr(admin_paging, "ESTIMATE_FROM", 0)
    client.force_login(executive_director)

    with CaptureQueriesContext(connection) as queries:
        unfiltered = client.get("/admin/claims/claim/")
        filtered = client.get("/admin/claims/claim/", {"status__exact": "new"})

    assert unfiltered.status_code == filtered.status_code == 200
    # The filtered list still counts its rows exactly; the whole table is estimated.
    assert len(counts_of_claims(queries)) == 1


def test_the_claim_admin_lists_no_years_over_every_claim(client, executive_director):
    ClaimFactory.create_batch(2)
    client.force_login(executive_director)

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/claims/claim/").status_code == 200

    assert not [q for q in queries.captured_queries if "DISTINCT" in q["sql"]]


def test_the_row_checkbox_is_the_one_djangos_widget_renders():
    from django.contrib import admin
    from django.utils import translation

    from claims.admin import ClaimAdmin
    from claims.models import Claim

    claim = ClaimFactory(subject='Двері "А" & <вікна>')
    large = ClaimAdmin(Claim, admin.site)
    plain = admin.ModelAdmin(Claim, admin.site)

    for language in ("uk", "en"):
        with translation.override(language):
            assert large.action_checkbox(claim) == plain.action_checkbox(claim)


def test_a_claim_admin_page_shows_fifty_claims_and_selects_them_for_an_action(
    client, executive_director
):
    ClaimFactory.create_batch(51)
    client.force_login(executive_director)

    response = client.get("/admin/claims/claim/")

    assert response.status_code == 200
    assert response.content.decode().count('name="_selected_action"') == 50
    assert response.context["cl"].paginator.num_pages == 2


def large_table_admins():
    from django.contrib import admin

    return [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, admin_paging.LargeTableAdminMixin)
    ]


def test_every_large_table_admin_opens_in_an_order_an_index_serves():
    assert len(large_table_admins()) >= 15
    for model_admin in large_table_admins():
        first = model_admin.get_ordering(None)[0]
        assert admin_paging.sorts_by_index(model_admin.model, first), (model_admin, first)


def test_only_indexed_columns_sort_a_large_list(rf, executive_director):
    from django.contrib import admin

    from claims.models import Claim
    from handoffs.models import Handoff

    request = rf.get("/admin/")
    request.user = executive_director
    claim_columns = admin.site._registry[Claim].get_sortable_by(request)
    handoff_columns = admin.site._registry[Handoff].get_sortable_by(request)

    assert "pk" in claim_columns
    assert "subject" not in claim_columns
    # Over two million hand-offs no index sorts by the due time: a click would sort them all.
    assert "due_at" not in handoff_columns


def test_the_handoff_admin_lists_the_newest_first(client, executive_director):
    from tests.handoffs.factories import HandoffFactory

    older, newer = HandoffFactory(), HandoffFactory()
    client.force_login(executive_director)

    response = client.get("/admin/handoffs/handoff/")

    assert response.status_code == 200
    assert [handoff.pk for handoff in response.context["cl"].result_list] == [newer.pk, older.pk]


def searched(client, url, term):
    response = client.get(url, {"q": term})
    assert response.status_code == 200
    return {row.pk for row in response.context["cl"].result_list}


def test_the_claim_admin_finds_a_claim_by_each_of_its_search_fields(client, executive_director):
    dirty = ClaimFactory(subject="Не прибрано у холі", formal_number="ПР-17/2026")
    other = ClaimFactory(subject="Зламаний замок")
    client.force_login(executive_director)
    url = "/admin/claims/claim/"

    assert searched(client, url, "прибрано") == {dirty.pk}
    assert searched(client, url, "холі прибрано") == {dirty.pk}  # every word, any order
    assert searched(client, url, '"у холі"') == {dirty.pk}  # a quoted phrase
    assert searched(client, url, "ПР-17") == {dirty.pk}
    assert searched(client, url, other.contract.number) == {other.pk}
    assert searched(client, url, other.contract.client.short_name) == {other.pk}
    assert other.pk in searched(client, url, str(other.pk))  # (other fields may hold it too)
    assert searched(client, url, "прибрано замок") == set()  # the words in different claims
    assert searched(client, url, "   ") == {dirty.pk, other.pk}


def test_a_word_that_is_no_number_searches_the_text_fields_only(client, django_user_model):
    from tests.handoffs.factories import HandoffFactory

    handoff = HandoffFactory(title="Підписати акт")
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com"))

    assert searched(client, "/admin/claims/claimevent/", "акт") == set()
    assert searched(client, "/admin/webhooks/delivery/", "акт") == set()  # "=id", "=event_id"
    assert searched(client, "/admin/handoffs/handoffevent/", "акт") == set(
        handoff.events.values_list("pk", flat=True)
    )


def test_an_exact_search_compares_a_number_as_a_number_and_text_ignoring_case():
    from claims.models import ClaimEvent
    from webhooks.models import Delivery

    assert admin_paging.search_lookup(ClaimEvent, "=claim__id") == "claim__id__exact"
    assert admin_paging.search_lookup(Delivery, "=id") == "id__exact"
    assert admin_paging.search_lookup(ClaimEvent, "=claim__subject") == "claim__subject__iexact"
    assert admin_paging.search_lookup(ClaimEvent, "^note") == "note__istartswith"
    assert admin_paging.search_lookup(ClaimEvent, "note") == "note__icontains"


def test_a_search_shows_the_newest_matches_of_each_field(client, executive_director, monkeypatch):
    _older, newer, newest = (ClaimFactory(subject=f"Протікає дах {n}") for n in range(3))
    monkeypatch.setattr(admin_paging, "SEARCH_MATCHES", 2)
    client.force_login(executive_director)

    assert searched(client, "/admin/claims/claim/", "дах") == {newer.pk, newest.pk}
