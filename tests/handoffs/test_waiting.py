"""How long open hand-offs have waited, in the working hours of the company calendar."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from handoffs.models import Status
from handoffs.waiting import Schedules, waiting_hours, with_waiting
from org.formatting import working_hours
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db

KYIV = ZoneInfo("Europe/Kyiv")
FRIDAY_17 = datetime.datetime(2026, 11, 20, 17, 0, tzinfo=KYIV)
MONDAY_10 = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=KYIV)


def test_a_hand_off_opened_on_friday_evening_has_waited_two_working_hours_on_monday():
    with time_machine.travel(FRIDAY_17, tick=False):
        handoff = HandoffFactory()

    with time_machine.travel(MONDAY_10, tick=False):
        from django.utils import timezone

        waited = waiting_hours([handoff], timezone.now())

    assert waited == {handoff.pk: datetime.timedelta(hours=2)}


def test_closed_hand_offs_wait_on_no_one():
    handoff = HandoffFactory(status=Status.DONE)

    assert waiting_hours([handoff], MONDAY_10) == {}
    assert with_waiting([handoff], MONDAY_10) == []


def test_the_calendar_is_read_once_for_all_the_rows(django_assert_num_queries):
    with time_machine.travel(FRIDAY_17, tick=False):
        handoffs = list(HandoffFactory.create_batch(5))
    schedules = Schedules()

    with django_assert_num_queries(3):  # the calendar, its hours, its dated exceptions
        first = waiting_hours(handoffs, MONDAY_10, schedules=schedules)
    with django_assert_num_queries(0):
        again = waiting_hours(handoffs, MONDAY_10, schedules=schedules)

    assert first == again
    assert set(first.values()) == {datetime.timedelta(hours=2)}


def test_no_calendar_is_read_when_nothing_waits(django_assert_num_queries):
    handoff = HandoffFactory(status=Status.DONE)

    with django_assert_num_queries(0):
        waiting_hours([handoff], MONDAY_10)


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(0, "0 хв"), (25, "25 хв"), (60, "1 год"), (90, "1 год 30 хв"), (300, "5 год")],
)
def test_working_time_reads_the_ukrainian_way(minutes, shown):
    from django.utils import translation

    with translation.override("uk"):
        assert working_hours(datetime.timedelta(minutes=minutes)) == shown


def test_the_claim_page_says_which_department_it_waits_on_and_for_how_long(client, manager):
    contract = SupportContractFactory(manager=manager, client__account_manager=manager)
    with time_machine.travel(FRIDAY_17, tick=False):
        claim = ClaimFactory(contract=contract)
        HandoffFactory(claim=claim, contract=contract, client=contract.client)
    client.force_login(manager)

    with time_machine.travel(MONDAY_10, tick=False):
        page = client.get(reverse("claims:detail", args=[claim.pk]), HTTP_ACCEPT_LANGUAGE="uk")

    assert "Чекає на: Виробничий відділ · 2 год" in page.content.decode()


def test_the_claim_list_and_my_work_show_the_wait(client, manager):
    contract = SupportContractFactory(manager=manager, client__account_manager=manager)
    with time_machine.travel(FRIDAY_17, tick=False):
        claim = ClaimFactory(contract=contract)
        HandoffFactory(claim=claim, contract=contract, client=contract.client, requested_by=manager)
    client.force_login(manager)

    with time_machine.travel(MONDAY_10, tick=False):
        listed = client.get(reverse("claims:list")).content.decode()
        my_work = client.get(reverse("claims:my_work")).content.decode()

    # The list names the department under its "Waiting on" header.
    assert '<th scope="col">Чекає на</th>' in listed
    assert 'Виробничий відділ · <span class="text-nowrap">2 год</span>' in listed
    assert "Чекає на: Виробничий відділ · 2 год" in my_work


def test_the_hand_off_page_and_my_hand_offs_show_the_wait(client, manager):
    with time_machine.travel(FRIDAY_17, tick=False):
        handoff = HandoffFactory(requested_by=manager)
    client.force_login(manager)

    with time_machine.travel(MONDAY_10, tick=False):
        page = client.get(reverse("handoffs:detail", args=[handoff.pk])).content.decode()
        mine = client.get(reverse("handoffs:mine"))

    assert "чекає 2 год" in page
    assert mine.context["rows"][0].waited == datetime.timedelta(hours=2)
