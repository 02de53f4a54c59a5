"""The claim list's sortable columns: whitelisted, by severity, kept with the filters."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.listing import sort_of
from claims.models import ClaimStatus
from contracts.models import Priority
from tests.claims.factories import ClaimFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def four(contract):
    now = timezone.now()
    made = {}
    for hours, priority, status in [
        (1, Priority.LOW, ClaimStatus.CLOSED),
        (2, Priority.CRITICAL, ClaimStatus.NEW),
        (3, Priority.NORMAL, ClaimStatus.RESOLVED),
        (4, Priority.HIGH, ClaimStatus.IN_PROGRESS),
    ]:
        made[priority] = ClaimFactory(
            contract=contract,
            priority=priority,
            status=status,
            received_at=now - datetime.timedelta(hours=hours),
            resolution_due_at=now + datetime.timedelta(hours=10 - hours),
        )
    return made


def shown(response):
    return [claim.priority for claim in response.context["claims"]]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (None, ["low", "critical", "normal", "high"]),
        ("-received", ["low", "critical", "normal", "high"]),
        ("received", ["high", "normal", "critical", "low"]),
        ("due", ["high", "normal", "critical", "low"]),
        ("-priority", ["critical", "high", "normal", "low"]),
        ("priority", ["low", "normal", "high", "critical"]),
        ("status", ["critical", "high", "normal", "low"]),
        ("-status", ["low", "normal", "high", "critical"]),
    ],
)
def test_columns_sort_by_meaning_not_alphabet(manager_client, four, sort, expected):
    params = {"sort": sort} if sort else {}

    response = manager_client.get(reverse("claims:list"), params)

    assert shown(response) == expected


@pytest.mark.parametrize("bad", ["subject", "--priority", "priority;drop", "", "-", "x" * 500])
def test_a_sort_not_on_the_whitelist_is_ignored(manager_client, four, bad):
    response = manager_client.get(reverse("claims:list"), {"sort": bad})

    assert response.status_code == 200
    assert shown(response) == ["low", "critical", "normal", "high"]


def test_sorting_keeps_the_filters_and_pages_by_the_sort(manager_client, contract):
    now = timezone.now()
    for index in range(55):
        ClaimFactory(
            contract=contract,
            priority=[Priority.LOW, Priority.CRITICAL][index % 2],
            received_at=now - datetime.timedelta(minutes=index),
        )
    ClaimFactory(contract=contract, priority=Priority.HIGH, status=ClaimStatus.CLOSED)
    params = {"sort": "-priority", "status": "new"}

    first = manager_client.get(reverse("claims:list"), params)
    second = manager_client.get(
        reverse("claims:list"), {**params, "cursor": first.context["page"].next_cursor}
    )

    ranks = shown(first) + shown(second)
    assert len(ranks) == 55
    assert ranks == ["critical"] * 27 + ["low"] * 28
    ids = [c.pk for c in first.context["claims"]] + [c.pk for c in second.context["claims"]]
    assert len(set(ids)) == 55
    html = first.content.decode()
    assert 'name="sort" value="-priority"' in html  # the filter form keeps the sort
    assert "sort=-priority" in first.context["query"] and "status=new" in first.context["query"]


def test_the_active_column_has_the_arrow_and_its_header_reverses_it(manager_client, four):
    html = manager_client.get(reverse("claims:list"), {"sort": "-priority"}).content.decode()

    assert html.count("bi-sort-down") == 1
    assert "sort=priority" in html  # clicking the active column reverses it
    assert "sort=due" in html and "sort=-received" in html and "sort=status" in html


def test_sort_of_whitelists():
    assert sort_of("due").field == "resolution_due_at"
    assert sort_of("-priority").descending
    assert sort_of("nonsense").value == "-received"
    assert sort_of(None).value == "-received"
