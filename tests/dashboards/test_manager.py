import datetime
import statistics
from datetime import timedelta

import pytest

from claims.models import ClaimStatus
from contracts.models import Stage
from dashboards import selectors
from handoffs.models import Status
from org.models import AbsenceCover
from org.roles import Role
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.dashboards.conftest import KYIV, NOW, TODAY
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db

H = timedelta(hours=1)
D = timedelta(days=1)


@pytest.fixture
def team(make_user, manager):
    """The manager, a colleague they cover today, and an unrelated manager."""
    covered = make_user(Role.SUPPORT_MANAGER)
    other = make_user(Role.SUPPORT_MANAGER)
    AbsenceCover.objects.create(
        absent=covered,
        cover=manager,
        starts_on=TODAY - timedelta(days=2),
        ends_on=TODAY + timedelta(days=5),
    )
    return {
        "manager": manager,
        "mine": SupportContractFactory(client__account_manager=manager, manager=manager),
        "covered": SupportContractFactory(client__account_manager=covered, manager=covered),
        "other": SupportContractFactory(client__account_manager=other, manager=other),
    }


def bucket_of(age):
    if age < D:
        return "lt1"
    if age < 3 * D:
        return "1-3"
    if age < 7 * D:
        return "3-7"
    return "gt7"


def test_open_claims_by_age_counts_my_and_covered_open_claims_per_bucket(frozen, team):
    ages = {"mine": [2 * H, 30 * H, 50 * H, 4 * D, 6 * D, 10 * D, 40 * D], "covered": [5 * H]}
    for key, values in ages.items():
        for age in values:
            ClaimFactory(contract=team[key], received_at=NOW - age)
    ClaimFactory(contract=team["other"], received_at=NOW - 2 * H)
    ClaimFactory(contract=team["mine"], received_at=NOW - 2 * H, status=ClaimStatus.CLOSED)
    expected = {"lt1": 0, "1-3": 0, "3-7": 0, "gt7": 0}
    for age in ages["mine"] + ages["covered"]:
        expected[bucket_of(age)] += 1

    figure = selectors.open_claims_by_age(team["manager"], now=NOW)

    assert (
        {bar["key"]: bar["count"] for bar in figure}
        == expected
        == {
            "lt1": 2,
            "1-3": 2,
            "3-7": 2,
            "gt7": 2,
        }
    )


def test_age_bar_links_to_a_list_of_exactly_its_claims(frozen, team, signed_in):
    inside = [ClaimFactory(contract=team["mine"], received_at=NOW - age) for age in (4 * D, 6 * D)]
    ClaimFactory(contract=team["mine"], received_at=NOW - 2 * H)
    ClaimFactory(contract=team["other"], received_at=NOW - 4 * D)
    client = signed_in(team["manager"])
    page = client.get("/dashboards/manager/")
    bar = next(b for b in page.context["age_chart"]["bars"] if "age=3-7" in b["url"])
    assert bar["value"] == 2

    listed = client.get(bar["url"])

    assert listed.status_code == 200
    assert {c.pk for c in listed.context["claims"]} == {c.pk for c in inside}


def test_due_this_week_lists_claims_and_requested_handoffs_due_in_seven_days(frozen, team):
    manager = team["manager"]
    unanswered = ClaimFactory(
        contract=team["mine"], received_at=NOW - H, response_due_at=NOW + 3 * H
    )
    answered = ClaimFactory(
        contract=team["covered"],
        received_at=NOW - 2 * D,
        responded_at=NOW - D,
        response_due_at=NOW - D,
        resolution_due_at=NOW + 2 * D,
        status=ClaimStatus.IN_PROGRESS,
    )
    late = ClaimFactory(contract=team["mine"], received_at=NOW - 5 * H, response_due_at=NOW - 2 * H)
    ClaimFactory(contract=team["mine"], received_at=NOW, response_due_at=NOW + 9 * D)
    ClaimFactory(contract=team["other"], received_at=NOW, response_due_at=NOW + H)
    soon = HandoffFactory(requested_by=manager, due_at=NOW + 3 * D)
    HandoffFactory(requested_by=manager, due_at=NOW + 10 * D)
    HandoffFactory(requested_by=manager, due_at=NOW + D, status=Status.DONE)

    items = selectors.due_this_week(manager, now=NOW)

    assert [(i["type"], i["item"].pk) for i in items] == [
        ("claim", late.pk),
        ("claim", unanswered.pk),
        ("claim", answered.pk),
        ("handoff", soon.pk),
    ]
    assert [i["overdue"] for i in items] == [True, False, False, False]


def test_contracts_expiring_in_90_days_with_their_notice_deadlines(frozen, team):
    manager = team["manager"]
    near = SupportContractFactory(
        client=team["mine"].client,
        manager=manager,
        end_date=TODAY + timedelta(days=10),
        notice_period_days=30,
    )
    far = SupportContractFactory(
        client=team["mine"].client,
        manager=manager,
        end_date=TODAY + timedelta(days=60),
        notice_period_days=30,
        stage=Stage.TERMINATION,
    )
    covered = SupportContractFactory(
        client=team["covered"].client,
        manager=team["covered"].manager,
        end_date=TODAY + timedelta(days=90),
        notice_period_days=14,
    )
    SupportContractFactory(
        client=team["mine"].client, manager=manager, end_date=TODAY + timedelta(days=91)
    )
    SupportContractFactory(
        client=team["mine"].client,
        manager=manager,
        end_date=TODAY + timedelta(days=20),
        stage=Stage.PREPARATION,
    )
    SupportContractFactory(
        client=team["other"].client,
        manager=team["other"].manager,
        end_date=TODAY + timedelta(days=5),
    )

    entries = selectors.contracts_expiring(manager, today=TODAY)

    assert [(e["contract"].pk, e["end_date"], e["notice_deadline"]) for e in entries] == [
        (near.pk, TODAY + timedelta(days=10), TODAY - timedelta(days=20)),
        (far.pk, TODAY + timedelta(days=60), TODAY + timedelta(days=30)),
        (covered.pk, TODAY + timedelta(days=90), TODAY + timedelta(days=76)),
    ]


def test_timeline_draws_a_linked_lane_per_expiring_contract(frozen, team, signed_in):
    contract = SupportContractFactory(
        client=team["mine"].client,
        manager=team["manager"],
        end_date=TODAY + timedelta(days=45),
        notice_period_days=30,
    )
    page = signed_in(team["manager"]).get("/dashboards/manager/")
    lanes = page.context["timeline"]["lanes"]
    assert [lane["url"] for lane in lanes] == [contract.get_absolute_url()]
    assert lanes[0]["notice_x"] < lanes[0]["end_x"]
    assert f'href="{contract.get_absolute_url()}"' in page.content.decode()


def kyiv(*args):
    return datetime.datetime(*args, tzinfo=KYIV)


# (resolved at, fixed on time, responded on time, hours to fix)
THIS_MONTH = [
    (kyiv(2026, 5, 1, 0, 30), True, True, 10),
    (kyiv(2026, 5, 3, 9, 0), False, True, 80),
    (kyiv(2026, 5, 10, 9, 0), True, False, 20),
    (kyiv(2026, 5, 14, 11, 0), True, True, 4),
]
LAST_MONTH = [
    (kyiv(2026, 4, 1, 0, 10), False, False, 100),
    (kyiv(2026, 4, 15, 9, 0), True, True, 30),
    (kyiv(2026, 4, 30, 23, 30), False, True, 50),
]


def resolved_claim(contract, resolved_at, hours=2, fixed=True, responded=True):
    return ClaimFactory(
        contract=contract,
        received_at=resolved_at - timedelta(hours=hours),
        resolved_at=resolved_at,
        status=ClaimStatus.RESOLVED,
        fixed_on_time=fixed,
        responded_on_time=responded,
        time_to_fix=timedelta(hours=hours),
    )


def test_promptness_this_month_against_last_in_kyiv_months(frozen, team):
    for rows, contract in ((THIS_MONTH, team["mine"]), (LAST_MONTH, team["covered"])):
        for resolved_at, fixed, responded, hours in rows:
            resolved_claim(contract, resolved_at, hours, fixed, responded)
    ClaimFactory(
        contract=team["mine"],
        resolved_at=kyiv(2026, 3, 31, 23, 0),
        status=ClaimStatus.CLOSED,
        fixed_on_time=True,
        time_to_fix=timedelta(hours=1),
    )
    ClaimFactory(
        contract=team["other"],
        resolved_at=kyiv(2026, 5, 2),
        status=ClaimStatus.CLOSED,
        fixed_on_time=True,
        time_to_fix=timedelta(hours=1),
    )

    def expected(rows):
        return {
            "resolved": len(rows),
            "fixed_on_time_pct": round(100 * sum(r[1] for r in rows) / len(rows), 1),
            "median_hours_to_fix": round(statistics.median(r[3] for r in rows), 1),
            "responded_on_time_pct": round(100 * sum(r[2] for r in rows) / len(rows), 1),
        }

    figure = selectors.promptness(team["manager"], now=NOW)

    for key, rows in (("this_month", THIS_MONTH), ("last_month", LAST_MONTH)):
        got = {k: figure[key][k] for k in expected(rows)}
        assert got == expected(rows)
    assert figure["this_month"]["fixed_on_time_pct"] == 75.0
    assert figure["last_month"]["median_hours_to_fix"] == 50.0
    assert figure["change"] == {
        "fixed_on_time_pct": round(75.0 - 33.3, 1),
        "median_hours_to_fix": 15.0 - 50.0,
        "responded_on_time_pct": round(75.0 - 66.7, 1),
    }
    assert figure["this_key"] == "2026-05" and figure["last_key"] == "2026-04"


def test_promptness_links_list_the_claims_fixed_on_time_this_month(frozen, team, signed_in):
    on_time = ClaimFactory(
        contract=team["mine"],
        resolved_at=kyiv(2026, 5, 1, 0, 30),
        status=ClaimStatus.RESOLVED,
        fixed_on_time=True,
        time_to_fix=timedelta(hours=3),
    )
    ClaimFactory(
        contract=team["mine"],
        resolved_at=kyiv(2026, 4, 30, 23, 30),
        status=ClaimStatus.RESOLVED,
        fixed_on_time=True,
        time_to_fix=timedelta(hours=3),
    )
    ClaimFactory(
        contract=team["mine"],
        resolved_at=kyiv(2026, 5, 2),
        status=ClaimStatus.RESOLVED,
        fixed_on_time=False,
        time_to_fix=timedelta(hours=90),
    )
    client = signed_in(team["manager"])
    card = client.get("/dashboards/manager/").context["promptness_cards"][0]

    listed = client.get(card["this_url"])

    assert [c.pk for c in listed.context["claims"]] == [on_time.pk]


def test_promptness_without_resolved_claims_shows_no_figures(frozen, team):
    figure = selectors.promptness(team["manager"], now=NOW)
    assert figure["this_month"]["fixed_on_time_pct"] is None
    assert figure["change"]["median_hours_to_fix"] is None


def test_the_dashboard_reads_the_kept_figures_until_they_are_refreshed(frozen, team):
    resolved_claim(team["mine"], NOW - H)
    selectors.refresh_manager_figures(team["manager"], now=NOW)
    resolved_claim(team["mine"], NOW - 2 * H)

    kept = selectors.manager_dashboard(team["manager"], now=NOW + 5 * timedelta(minutes=1))
    assert kept["promptness"]["this_month"]["resolved"] == 1
    assert kept["computed_at"] == NOW
    assert kept["promptness"]["this_start"] == datetime.date(2026, 5, 1)

    selectors.refresh_manager_figures(team["manager"], now=NOW + timedelta(minutes=10))
    fresh = selectors.manager_dashboard(team["manager"], now=NOW + timedelta(minutes=11))
    assert fresh["promptness"]["this_month"]["resolved"] == 2


def test_stale_figures_a_new_month_or_a_new_cover_are_computed_on_the_spot(frozen, team):
    manager = team["manager"]
    resolved_claim(team["mine"], NOW - H)
    selectors.refresh_manager_figures(manager, now=NOW)
    resolved_claim(team["mine"], NOW - 2 * H)

    # Older than the refresh would leave them: computed again.
    later = NOW + selectors.FIGURES_MAX_AGE + timedelta(minutes=1)
    assert selectors.manager_dashboard(manager, now=later)["computed_at"] == later

    # The cover ends: the covered manager's claims no longer count, whatever the age.
    selectors.refresh_manager_figures(manager, now=NOW)
    AbsenceCover.objects.filter(cover=manager).update(ends_on=TODAY - timedelta(days=1))
    assert selectors.manager_dashboard(manager, now=NOW + H)["computed_at"] == NOW + H

    # The month changes (Kyiv time): last month's figures are not this month's.
    first_of_june = datetime.datetime(2026, 6, 1, 0, 5, tzinfo=KYIV)
    selectors.refresh_manager_figures(manager, now=first_of_june - timedelta(minutes=10))
    figures = selectors.manager_dashboard(manager, now=first_of_june)
    assert figures["computed_at"] == first_of_june
    assert figures["promptness"]["this_key"] == "2026-06"
