import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim
from contracts import services
from contracts.models import ExpiryWarning
from contracts.selectors import contract_timeline

pytestmark = pytest.mark.django_db


def make_claim(contract, user, at):
    return Claim.objects.create(
        contract=contract,
        category="service_quality",
        subject="Брудні вікна",
        description="x",
        registered_by=user,
        received_at=at,
        response_due_at=at + datetime.timedelta(hours=8),
        resolution_due_at=at + datetime.timedelta(hours=72),
    )


@pytest.fixture
def history(manager, cover, ready_contract):
    """A contract with one entry of every kind, an hour apart, oldest first."""
    steps = []
    with time_machine.travel(timezone.now(), tick=False) as clock:
        survey = services.contract_request_site_survey(actor=manager, contract=ready_contract)
        steps.append("handoff")
        clock.shift(datetime.timedelta(hours=1))
        services.contract_conclude(actor=cover, contract=ready_contract)
        # Staffing, billing data and the deal handover are opened with the stage change.
        steps.extend(["stage", "handoff", "handoff", "handoff"])
        clock.shift(datetime.timedelta(hours=1))
        services.agreement_add(
            actor=manager, contract=ready_contract, date=timezone.localdate(), summary="Графік"
        )
        steps.append("agreement")
        clock.shift(datetime.timedelta(hours=1))
        make_claim(ready_contract, manager, timezone.now())
        steps.append("claim")
        clock.shift(datetime.timedelta(hours=1))
        ExpiryWarning.objects.create(
            contract=ready_contract, threshold_days=90, deadline=ready_contract.end_date
        )
        steps.append("warning")
        clock.shift(datetime.timedelta(hours=1))
        services.service_line_add(actor=manager, contract=ready_contract, service="Вікна")
        steps.append("record")
    assert survey
    return steps


def test_timeline_merges_every_kind_newest_first(manager, ready_contract, history):
    page = contract_timeline(ready_contract, user=manager)

    assert [entry.source for entry in page.entries] == list(reversed(history))
    assert page.older_cursor is None
    times = [entry.at for entry in page.entries]
    assert times == sorted(times, reverse=True)


def test_timeline_says_who_acted_for_whom(manager, cover, ready_contract, history):
    page = contract_timeline(ready_contract, user=manager)

    stage = next(e for e in page.entries if e.source == "stage")
    assert (stage.actor, stage.on_behalf_of) == (cover, manager)
    warning = next(e for e in page.entries if e.source == "warning")
    assert warning.actor is None


def test_timeline_pages_cover_every_entry_once_even_with_equal_times(
    manager, ready_contract, history
):
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=5), tick=False):
        for i in range(7):
            services.obligation_add(actor=manager, contract=ready_contract, description=str(i))
            services.agreement_add(
                actor=manager, contract=ready_contract, date=timezone.localdate(), summary=str(i)
            )
            make_claim(ready_contract, manager, timezone.now())
    everything = contract_timeline(ready_contract, user=manager, size=1000).entries

    seen, cursor = [], None
    while True:
        page = contract_timeline(ready_contract, user=manager, cursor=cursor, size=4)
        seen.extend((e.source, e.pk) for e in page.entries)
        if page.older_cursor is None:
            break
        cursor = page.older_cursor

    assert seen == [(e.source, e.pk) for e in everything]
    assert len(seen) == len(set(seen)) == len(history) + 14


def test_contract_timeline_shows_the_newest_50_and_a_link_to_older(client, manager, client_of):
    from tests.contracts.factories import ContractFactory

    contract = ContractFactory(client=client_of)
    for i in range(55):
        services.obligation_add(actor=manager, contract=contract, description=str(i))
        services.agreement_add(
            actor=manager, contract=contract, date=timezone.localdate(), summary=f"Угода {i}"
        )
    client.force_login(manager)

    # The contract page's timeline tab loads this fragment when it is first shown.
    page = client.get(reverse("contracts:timeline", args=[contract.pk]), HTTP_HX_REQUEST="true")
    timeline = page.context["timeline"]
    assert len(timeline.entries) == 50
    assert "Показати давніші" in page.content.decode()
    older = client.get(
        reverse("contracts:timeline", args=[contract.pk]),
        {"before": timeline.older_cursor},
        HTTP_HX_REQUEST="true",
    )
    assert older.status_code == 200
    assert len(older.context["timeline"].entries) == 5
    plain = client.get(
        reverse("contracts:timeline", args=[contract.pk]), {"before": timeline.older_cursor}
    )
    assert "<html" in plain.content.decode()


def test_garbage_cursor_gives_the_newest_page(manager, ready_contract, history):
    page = contract_timeline(ready_contract, user=manager, cursor="rubbish")

    assert len(page.entries) == len(history)


def test_department_user_sees_only_their_departments_handoffs_in_the_timeline(
    make_user, ready_contract, history
):
    from org.roles import Role

    hr = make_user(Role.DEPARTMENT_STAFF, department="hr")

    sources = [(e.source, e.text) for e in contract_timeline(ready_contract, user=hr).entries]

    handoff_texts = [text for source, text in sources if source == "handoff"]
    assert len(handoff_texts) == 1  # the staffing request; not billing, not the survey
    assert not [s for s, _ in sources if s == "claim"]
    assert {s for s, _ in sources} >= {"stage", "agreement", "warning"}
