"""One meaning of "mine" on every screen: a hand-off a cover filed for a manager is that
manager's, on their hand-offs page, on My work, on their dashboard and in their digest."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from claims.digest import digest_for
from handoffs.models import Handoff, Kind
from org.models import AbsenceCover
from org.roles import Role
from tests.claims.factories import SupportContractFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db

# Monday 2 March 2026, 12:00 in Kyiv.
NOW = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def cover(make_user):
    return make_user(Role.SUPPORT_MANAGER)


@pytest.fixture
def filed_by_cover(manager, cover):
    """Filed last week by the cover while the manager was away; due tonight."""
    contract = SupportContractFactory(manager=manager, client__account_manager=manager)
    return HandoffFactory(
        contract=contract,
        client=contract.client,
        requested_by=cover,
        on_behalf_of=manager,
        title="Акт звірки за лютий",
        due_at=NOW + datetime.timedelta(hours=5),
    )


def _signed_in(client, user):
    client.force_login(user)
    return client


def test_the_managers_handoffs_page_lists_what_a_cover_filed_for_them(
    client, manager, filed_by_cover
):
    response = _signed_in(client, manager).get(reverse("handoffs:mine"))

    assert [row.pk for row in response.context["rows"]] == [filed_by_cover.pk]


def test_my_work_lists_it_among_my_requests_and_due_today(client, manager, filed_by_cover):
    response = _signed_in(client, manager).get(reverse("claims:my_work"))

    assert [h.pk for h in response.context["handoffs"]] == [filed_by_cover.pk]
    assert [e["item"].pk for e in response.context["due_today"]] == [filed_by_cover.pk]


def test_the_managers_dashboard_lists_it_as_due_this_week(client, manager, filed_by_cover):
    response = _signed_in(client, manager).get(reverse("dashboards:manager"))

    due = [e["item"].pk for e in response.context["due"] if e["type"] == "handoff"]
    assert due == [filed_by_cover.pk]


def test_the_managers_digest_lists_it(manager, filed_by_cover):
    assert digest_for(manager).requested_handoffs == [filed_by_cover]


def test_the_cover_still_sees_it_while_the_cover_lasts(client, manager, cover, filed_by_cover):
    AbsenceCover.objects.create(
        absent=manager, cover=cover, starts_on=NOW.date(), ends_on=NOW.date()
    )

    signed_in = _signed_in(client, cover)
    mine = signed_in.get(reverse("handoffs:mine"))
    my_work = signed_in.get(reverse("claims:my_work"))

    assert [row.pk for row in mine.context["rows"]] == [filed_by_cover.pk]
    assert [h.pk for h in my_work.context["handoffs"]] == [filed_by_cover.pk]
    assert digest_for(cover).requested_handoffs == [filed_by_cover]


def test_a_covered_managers_follow_up_reaches_the_covers_digest(manager, cover):
    AbsenceCover.objects.create(
        absent=manager, cover=cover, starts_on=NOW.date(), ends_on=NOW.date()
    )
    follow_up = HandoffFactory(
        kind=Kind.EXTENSION_OPPORTUNITY,
        department=None,
        requested_by=manager,
        assignee=manager,
        due_at=NOW + datetime.timedelta(hours=2),
    )

    assert digest_for(cover).requested_handoffs == [follow_up]


def test_nobody_else_counts_it_as_theirs(client, make_user, filed_by_cover):
    other = make_user(Role.SUPPORT_MANAGER)

    assert not Handoff.objects.requested_for({other.pk}).exists()
    assert digest_for(other).requested_handoffs == []
