"""The claim's moves: the table, the events, the refusals."""

import pytest
import time_machine

from claims.models import ClaimEvent, ClaimStatus
from claims.services import (
    claim_close,
    claim_comment,
    claim_register,
    claim_reopen,
    claim_resolve,
    claim_respond,
)
from claims.transitions import CLAIM_WORKFLOW, allowed_actions
from handoffs.models import Status as HandoffStatus
from org.errors import DomainError
from org.models import AbsenceCover
from org.roles import Role
from tests.claims.factories import ClaimFactory
from tests.claims.steps import MONDAY_9, finish_handoffs, in_progress, resolved

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


# --- transitions -------------------------------------------------------------------------


def test_the_table_allows_exactly_these_moves():
    assert {t.name: (set(t.sources), t.target) for t in CLAIM_WORKFLOW.values()} == {
        "respond": ({ClaimStatus.NEW}, ClaimStatus.IN_PROGRESS),
        "resolve": ({ClaimStatus.IN_PROGRESS}, ClaimStatus.RESOLVED),
        "close": ({ClaimStatus.RESOLVED}, ClaimStatus.CLOSED),
        "reopen": ({ClaimStatus.RESOLVED, ClaimStatus.CLOSED}, ClaimStatus.IN_PROGRESS),
        "wait": ({ClaimStatus.IN_PROGRESS}, ClaimStatus.WAITING),
        "resume": ({ClaimStatus.WAITING}, ClaimStatus.IN_PROGRESS),
    }


@pytest.mark.parametrize(
    ("status", "actions"),
    [
        (ClaimStatus.NEW, ["respond"]),
        (ClaimStatus.IN_PROGRESS, ["resolve", "wait"]),
        (ClaimStatus.WAITING, ["resume"]),
        (ClaimStatus.RESOLVED, ["close", "reopen"]),
        (ClaimStatus.CLOSED, ["reopen"]),
    ],
)
def test_allowed_actions_read_the_table(status, actions):
    assert allowed_actions(ClaimFactory.build(status=status)) == actions


def test_each_transition_writes_an_event_and_history(register, manager):
    claim = resolved(register)
    claim = claim_close(actor=manager, claim=claim, client_confirmation="Так", satisfaction=5)
    claim = claim_reopen(actor=manager, claim=claim, reason="Знову")

    moves = list(
        claim.events.order_by("created_at", "pk").values_list("from_status", "to_status", "note")
    )
    assert moves == [
        ("", "new", ""),
        ("new", "in_progress", "Передзвонили"),
        ("in_progress", "resolved", "Прибрали"),
        ("resolved", "closed", "Так"),
        ("closed", "in_progress", "Знову"),
    ]
    assert claim.history.count() >= 5


ILLEGAL = [
    (ClaimStatus.IN_PROGRESS, claim_respond, {"note": "x"}),
    (ClaimStatus.RESOLVED, claim_respond, {"note": "x"}),
    (ClaimStatus.NEW, claim_resolve, {"resolution": "x"}),
    (ClaimStatus.CLOSED, claim_resolve, {"resolution": "x"}),
    (ClaimStatus.NEW, claim_close, {"client_confirmation": "x", "satisfaction": 5}),
    (ClaimStatus.IN_PROGRESS, claim_close, {"client_confirmation": "x", "satisfaction": 5}),
    (ClaimStatus.NEW, claim_reopen, {"reason": "x"}),
    (ClaimStatus.IN_PROGRESS, claim_reopen, {"reason": "x"}),
]


@pytest.mark.parametrize(("status", "service", "kwargs"), ILLEGAL)
def test_an_illegal_move_is_refused_without_change(manager, contract, status, service, kwargs):
    claim = ClaimFactory(contract=contract, status=status)
    before = claim.history.count()

    with pytest.raises(DomainError):
        service(actor=manager, claim=claim, **kwargs)

    claim.refresh_from_db()
    assert claim.status == status
    assert not ClaimEvent.objects.filter(claim=claim).exists()
    assert claim.history.count() == before


def test_resolve_is_refused_while_a_hand_off_is_open_and_names_it(register):
    claim = in_progress(register, category="staff_absence")
    hr = claim.handoffs.get(department__code="hr")
    claim.handoffs.exclude(pk=hr.pk).update(status=HandoffStatus.DONE)

    with pytest.raises(DomainError) as refused:
        claim_resolve(actor=claim.contract.manager, claim=claim, resolution="Прибрали")

    assert f"#{hr.pk}" in refused.value.message
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_PROGRESS
    assert claim.resolved_at is None


def test_resolve_accepts_declined_hand_offs(register):
    claim = in_progress(register)
    finish_handoffs(claim, HandoffStatus.DECLINED)

    claim = claim_resolve(actor=claim.contract.manager, claim=claim, resolution="Без відділу")

    assert claim.status == ClaimStatus.RESOLVED


@pytest.mark.parametrize("satisfaction", [0, 6, None])
def test_close_needs_a_satisfaction_from_1_to_5(register, satisfaction):
    claim = resolved(register)

    with pytest.raises(DomainError):
        claim_close(
            actor=claim.contract.manager,
            claim=claim,
            client_confirmation="Так",
            satisfaction=satisfaction,
        )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.RESOLVED


def test_close_records_the_confirmation_and_satisfaction(register):
    claim = resolved(register)

    claim = claim_close(
        actor=claim.contract.manager,
        claim=claim,
        client_confirmation="Підтвердила телефоном",
        satisfaction=4,
    )

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CLOSED
    assert claim.closed_at is not None
    assert (claim.client_confirmation, claim.satisfaction) == ("Підтвердила телефоном", 4)


def test_a_cover_acts_on_behalf_of_the_absent_manager(register, manager, make_user):
    cover = make_user(Role.SUPPORT_MANAGER)
    with time_machine.travel(MONDAY_9, tick=False):
        AbsenceCover.objects.create(
            absent=manager, cover=cover, starts_on=MONDAY_9.date(), ends_on=MONDAY_9.date()
        )
        claim = register(actor=cover)
        claim = claim_respond(actor=cover, claim=claim, note="Я замість Олени")

    events = claim.events.order_by("pk")
    assert [(e.actor, e.on_behalf_of) for e in events] == [(cover, manager), (cover, manager)]
    assert {h.on_behalf_of for h in claim.handoffs.all()} == {manager}


def test_comment_is_stored_and_an_empty_one_refused(register, manager):
    claim = register()

    claim_comment(actor=manager, claim=claim, text="  Дзвонила ще раз ")
    with pytest.raises(DomainError):
        claim_comment(actor=manager, claim=claim, text="   ")

    assert list(claim.comments.values_list("text", flat=True)) == ["Дзвонила ще раз"]


def test_only_the_manager_their_cover_or_a_director_moves_a_claim(department_staff, make_user):
    claim = ClaimFactory()
    other_manager = make_user(Role.SUPPORT_MANAGER)

    for outsider in (department_staff, other_manager):
        with pytest.raises(DomainError):
            claim_respond(actor=outsider, claim=claim, note="Зателефонували клієнту")
        with pytest.raises(DomainError):
            claim_register(
                actor=outsider,
                contract=claim.contract,
                category="service_quality",
                priority="normal",
                subject="Сторонній",
                description="—",
                channel="phone",
            )

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NEW
    assert not ClaimEvent.objects.filter(claim=claim).exists()
