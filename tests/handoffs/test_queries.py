"""Every hand-off screen costs the same number of queries, at most 12, for 1 row or 50."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from handoffs import services
from handoffs.models import HandoffComment, HandoffEvent, Kind, Status
from tests.claims.factories import ClaimFactory
from tests.contracts.factories import ContractFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db

# Session, user (with roles), the bell and the page itself.
PAGE_QUERIES = 12
DAY = datetime.timedelta(days=1)
TABS = ["mine", "unassigned", "department", "overdue", "done"]


def fill_department(rows, *, assignee):
    """``rows`` hand-offs in every tab's state, each tied to a contract, client and claim."""
    now = timezone.now()
    contract = ContractFactory()
    for i in range(rows):
        claim = ClaimFactory(contract=contract)
        common = {"contract": contract, "client": contract.client, "claim": claim}
        HandoffFactory(assignee=assignee, due_at=now - DAY, kind=Kind.CLAIM_FIX, **common)
        HandoffFactory(assignee=None, due_at=now + i * DAY, **common)
        HandoffFactory(
            assignee=assignee,
            status=Status.DONE,
            completed_at=now - DAY,
            due_at=now - 2 * DAY,
            **common,
        )


def in_tab(tab, rows):
    return rows if tab in ("mine", "unassigned", "done") else 2 * rows


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("tab", TABS)
def test_head_inbox_tabs_cost_the_same_for_1_or_50_rows(
    client, head, tab, rows, django_assert_max_num_queries
):
    fill_department(rows, assignee=head)
    client.force_login(head)

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(reverse("handoffs:inbox"), {"tab": tab})

    assert len(response.context["rows"]) == min(50, in_tab(tab, rows))


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("tab", ["mine", "unassigned", "overdue", "done"])
def test_staff_inbox_tabs_cost_the_same_for_1_or_50_rows(
    client, staff, tab, rows, django_assert_max_num_queries
):
    fill_department(rows, assignee=staff)
    client.force_login(staff)

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(reverse("handoffs:inbox"), {"tab": tab})

    assert response.status_code == 200
    assert response.context["rows"]


def test_a_deep_inbox_page_costs_the_same_as_the_first(client, head, django_assert_max_num_queries):
    fill_department(60, assignee=head)
    client.force_login(head)
    first = client.get(reverse("handoffs:inbox"), {"tab": "department"})
    cursor = first.context["page"].next_cursor
    assert cursor

    with django_assert_max_num_queries(PAGE_QUERIES):
        deeper = client.get(reverse("handoffs:inbox"), {"tab": "department", "cursor": cursor})

    first_rows = {row.pk for row in first.context["rows"]}
    assert len(deeper.context["rows"]) == 50
    assert first_rows.isdisjoint(row.pk for row in deeper.context["rows"])


@pytest.mark.parametrize("rows", [1, 50])
def test_hand_off_page_query_count_does_not_grow(
    client, staff, manager, rows, django_assert_max_num_queries
):
    contract = ContractFactory()
    handoff = HandoffFactory(
        contract=contract,
        client=contract.client,
        claim=ClaimFactory(contract=contract),
        requested_by=manager,
    )
    for i in range(rows):
        HandoffComment.objects.create(handoff=handoff, author=manager, text=f"№{i}")
        HandoffEvent.objects.create(
            handoff=handoff,
            from_status=Status.OPEN,
            to_status=Status.OPEN,
            actor=staff,
            assignee=staff,
        )
        services.handoff_attach(
            actor=staff, handoff=handoff, file=SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4")
        )
    client.force_login(staff)

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(reverse("handoffs:detail", args=[handoff.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("tab", ["open", "done"])
def test_my_hand_offs_query_count_does_not_grow(
    client, manager, tab, rows, django_assert_max_num_queries
):
    contract = ContractFactory(manager=manager, client__account_manager=manager)
    done = {"status": Status.DONE, "completed_at": timezone.now()} if tab == "done" else {}
    HandoffFactory.create_batch(
        rows, requested_by=manager, contract=contract, client=contract.client, **done
    )
    client.force_login(manager)

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(reverse("handoffs:mine"), {"tab": tab})

    assert len(response.context["rows"]) == rows


def test_fifty_inbox_rows_stay_light(client, staff, django_assert_max_num_queries):
    """The rows carry no complete or decline forms: each loads when its row opens it."""
    fill_department(50, assignee=staff)
    client.force_login(staff)

    html = client.get(reverse("handoffs:inbox"), {"tab": "mine"}).content
    body = html[html.index(b"<tbody") : html.index(b"</tbody>")]

    assert body.count(b"<tr") == 50
    assert b'name="result"' not in body
    assert b"hx-trigger" not in body
    # Bounded for the rows: the page around them (top bar, menu, filters) is constant. Each
    # row offers one action and a "more" menu, and says how long it has waited.
    assert len(html) < 72_000, len(html)


@pytest.mark.parametrize("action", ["complete", "decline"])
def test_a_row_opens_its_complete_or_decline_form(client, staff, action):
    handoff = HandoffFactory(assignee=staff, status=Status.IN_PROGRESS)
    client.force_login(staff)
    url = reverse(f"handoffs:{action}", args=[handoff.pk])

    fragment = client.get(url, headers={"HX-Request": "true", "HX-Current-URL": "/handoffs/"})
    plain = client.get(url)

    assert f'action="{url}"' in fragment.content.decode()
    assert 'name="next" value="/handoffs/"' in fragment.content.decode()
    assert plain.status_code == 302
    assert plain["Location"] == handoff.get_absolute_url()
