import datetime
import zoneinfo

import pytest
import time_machine

from claims.models import ClaimEvent, ClaimEventKind, ClaimStatus
from claims.services import (
    TRANSITIONS,
    allowed_actions,
    claim_close,
    claim_comment,
    claim_register,
    claim_reopen,
    claim_resolve,
    claim_respond,
)
from contracts.models import Priority, Stage
from handoffs.models import Status as HandoffStatus
from handoffs.signals import handoff_status_changed
from org.errors import DomainError
from org.models import AbsenceCover
from org.roles import Role
from tests.claims.factories import ClaimFactory
from tests.clients.factories import ContactFactory, SiteFactory
from tests.contracts.factories import ContractFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

KYIV = zoneinfo.ZoneInfo("Europe/Kyiv")
MONDAY_9 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=KYIV)
H = datetime.timedelta(hours=1)


def finish_handoffs(claim, status=HandoffStatus.DONE):
    claim.handoffs.update(status=status)


def in_progress(register, **kwargs):
    claim = register(**kwargs)
    return claim_respond(actor=claim.contract.manager, claim=claim, note="Передзвонили")


def resolved(register, **kwargs):
    claim = in_progress(register, **kwargs)
    finish_handoffs(claim)
    return claim_resolve(actor=claim.contract.manager, claim=claim, resolution="Прибрали")


# --- registering: due times, formal deadline, guards -------------------------------------


@pytest.mark.parametrize(
    ("priority", "respond_hours", "fix_hours"),
    [
        (Priority.CRITICAL, 1, 8),
        (Priority.HIGH, 4, 24),
        (Priority.NORMAL, 8, 72),
        (Priority.LOW, 24, 168),
    ],
)
def test_due_times_follow_the_company_default_sla_from_receipt(
    register, priority, respond_hours, fix_hours
):
    received = MONDAY_9 - 2 * H
    with time_machine.travel(MONDAY_9, tick=False):
        claim = register(priority=priority, received_at=received)

    assert claim.response_due_at == received + respond_hours * H
    assert claim.resolution_due_at == received + fix_hours * H


def test_due_times_follow_the_contracts_own_sla_where_it_sets_one(register, contract):
    contract.sla_high_response_hours = 2
    contract.sla_high_resolution_hours = 10
    contract.sla_normal_resolution_hours = 48
    contract.save()

    with time_machine.travel(MONDAY_9, tick=False):
        high = register(priority=Priority.HIGH)
        normal = register(priority=Priority.NORMAL)

    assert (high.response_due_at, high.resolution_due_at) == (MONDAY_9 + 2 * H, MONDAY_9 + 10 * H)
    # The contract sets only the fix time for normal claims: the response is the default 8 h.
    assert (normal.response_due_at, normal.resolution_due_at) == (
        MONDAY_9 + 8 * H,
        MONDAY_9 + 48 * H,
    )


def test_received_at_defaults_to_now(register):
    with time_machine.travel(MONDAY_9, tick=False):
        claim = register()

    assert claim.received_at == MONDAY_9
    assert claim.status == ClaimStatus.NEW


def test_a_formal_claim_is_due_an_answer_the_contracts_days_after_the_received_date(
    register, contract
):
    contract.claim_answer_days = 14
    contract.save()
    late_evening = datetime.datetime(2026, 3, 2, 23, 30, tzinfo=KYIV)

    with time_machine.travel(late_evening + H, tick=False):
        claim = register(
            is_formal=True, formal_number="П-7", formal_amount="1500.00", received_at=late_evening
        )

    assert claim.answer_due_on == datetime.date(2026, 3, 16)
    assert claim.formal_number == "П-7"


def test_an_informal_claim_has_no_answer_deadline_nor_formal_details(register):
    claim = register(is_formal=False, formal_number="П-1", formal_amount="10")

    assert claim.answer_due_on is None
    assert claim.formal_number == ""
    assert claim.formal_amount is None


def test_registering_writes_the_first_event(register, manager):
    claim = register()

    event = claim.events.get()
    assert (event.from_status, event.to_status, event.actor) == ("", ClaimStatus.NEW, manager)


@pytest.mark.parametrize("stage", [Stage.PREPARATION, Stage.CLOSED, Stage.CANCELLED])
def test_register_is_refused_on_a_contract_not_in_support_or_termination(register, manager, stage):
    contract = ContractFactory(stage=stage, manager=manager, client__account_manager=manager)

    with pytest.raises(DomainError, match="support or termination"):
        register(contract=contract)

    assert not contract.claims.exists()


def test_register_is_allowed_on_a_contract_in_termination(register, termination_contract):
    assert register(contract=termination_contract).pk


def test_register_refuses_a_site_of_another_client(register, contract):
    with pytest.raises(DomainError, match="site"):
        register(site=SiteFactory())
    assert not contract.claims.exists()


def test_register_refuses_a_contact_of_another_client(register, contract):
    with pytest.raises(DomainError, match="contact"):
        register(reported_by=ContactFactory())
    assert not contract.claims.exists()


def test_register_keeps_a_site_and_contact_of_the_client(register, site, contact):
    claim = register(site=site, reported_by=contact)

    assert (claim.site, claim.reported_by) == (site, contact)


# --- promptness --------------------------------------------------------------------------


def test_promptness_of_a_claim_answered_and_fixed_on_time(register):
    with time_machine.travel(MONDAY_9, tick=False):
        claim = register(priority=Priority.NORMAL)
    with time_machine.travel(MONDAY_9 + 3 * H, tick=False):
        claim = claim_respond(actor=claim.contract.manager, claim=claim, note="Передзвонили")
    finish_handoffs(claim)
    with time_machine.travel(MONDAY_9 + 30 * H, tick=False):
        claim = claim_resolve(actor=claim.contract.manager, claim=claim, resolution="Прибрали")

    claim.refresh_from_db()
    assert claim.responded_at == MONDAY_9 + 3 * H
    assert claim.time_to_respond == 3 * H
    assert claim.responded_on_time is True
    assert claim.resolved_at == MONDAY_9 + 30 * H
    assert claim.time_to_fix == 30 * H
    assert claim.fixed_on_time is True


def test_promptness_of_a_claim_answered_and_fixed_late(register):
    with time_machine.travel(MONDAY_9, tick=False):
        claim = register(priority=Priority.CRITICAL)
    with time_machine.travel(MONDAY_9 + 2 * H, tick=False):
        claim = claim_respond(actor=claim.contract.manager, claim=claim, note="Передзвонили")
    finish_handoffs(claim)
    with time_machine.travel(MONDAY_9 + 9 * H, tick=False):
        claim = claim_resolve(actor=claim.contract.manager, claim=claim, resolution="Прибрали")

    claim.refresh_from_db()
    assert (claim.time_to_respond, claim.responded_on_time) == (2 * H, False)
    assert (claim.time_to_fix, claim.fixed_on_time) == (9 * H, False)


def test_exactly_at_the_due_time_is_on_time(register):
    with time_machine.travel(MONDAY_9, tick=False):
        claim = register(priority=Priority.CRITICAL)
    with time_machine.travel(MONDAY_9 + 1 * H, tick=False):
        claim = claim_respond(actor=claim.contract.manager, claim=claim, note="Так")

    assert claim.responded_on_time is True


def test_reopening_clears_the_fix_figures_and_keeps_the_response_ones(register):
    with time_machine.travel(MONDAY_9, tick=False):
        claim = resolved(register)
        claim = claim_close(
            actor=claim.contract.manager, claim=claim, client_confirmation="Так", satisfaction=4
        )
    with time_machine.travel(MONDAY_9 + 100 * H, tick=False):
        claim = claim_reopen(actor=claim.contract.manager, claim=claim, reason="Знову брудно")

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_PROGRESS
    assert claim.resolved_at is claim.closed_at is claim.time_to_fix is claim.fixed_on_time is None
    assert claim.satisfaction is None
    assert claim.time_to_respond == datetime.timedelta(0)
    assert claim.responded_on_time is True
    # The next resolve measures the fix again, from receipt.
    with time_machine.travel(MONDAY_9 + 120 * H, tick=False):
        claim = claim_resolve(actor=claim.contract.manager, claim=claim, resolution="Ще раз")
    assert (claim.time_to_fix, claim.fixed_on_time) == (120 * H, False)
    assert claim.history.filter(fixed_on_time=True).exists()


# --- transitions -------------------------------------------------------------------------


def test_the_table_allows_exactly_these_moves():
    assert {action: (set(src), dst) for action, (src, dst) in TRANSITIONS.items()} == {
        "respond": ({ClaimStatus.NEW}, ClaimStatus.IN_PROGRESS),
        "resolve": ({ClaimStatus.IN_PROGRESS}, ClaimStatus.RESOLVED),
        "close": ({ClaimStatus.RESOLVED}, ClaimStatus.CLOSED),
        "reopen": ({ClaimStatus.RESOLVED, ClaimStatus.CLOSED}, ClaimStatus.IN_PROGRESS),
    }


@pytest.mark.parametrize(
    ("status", "actions"),
    [
        (ClaimStatus.NEW, ["respond"]),
        (ClaimStatus.IN_PROGRESS, ["resolve"]),
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


# --- following the hand-offs -------------------------------------------------------------


def send(handoff, to_status, actor, from_status=HandoffStatus.IN_PROGRESS):
    handoff.status = to_status
    handoff.save()
    handoff_status_changed.send(
        sender=type(handoff),
        handoff=handoff,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
    )


def test_a_hand_off_starting_leaves_a_new_claim_as_it_is(register, department_staff):
    claim = register()
    handoff = claim.handoffs.get()

    send(handoff, HandoffStatus.IN_PROGRESS, department_staff, from_status=HandoffStatus.OPEN)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NEW
    assert claim.events.count() == 1


def test_the_last_hand_off_done_notes_ready_to_resolve_once(register, department_staff):
    claim = in_progress(register, category="safety")
    production, quality = claim.handoffs.order_by("department__code")

    send(production, HandoffStatus.DONE, department_staff)
    assert not claim.events.filter(kind=ClaimEventKind.HANDOFFS_DONE).exists()

    send(quality, HandoffStatus.DONE, department_staff)
    send(quality, HandoffStatus.DONE, department_staff)

    notes = claim.events.filter(kind=ClaimEventKind.HANDOFFS_DONE)
    assert notes.count() == 1
    note = notes.get()
    assert note.from_status == note.to_status == ClaimStatus.IN_PROGRESS
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_PROGRESS


def test_a_declined_last_hand_off_also_makes_the_claim_ready(register, department_staff):
    claim = in_progress(register)

    send(claim.handoffs.get(), HandoffStatus.DECLINED, department_staff)

    assert claim.events.filter(kind=ClaimEventKind.HANDOFFS_DONE).count() == 1


def test_hand_offs_of_a_resolved_claim_add_no_note(register, department_staff):
    claim = resolved(register)

    send(claim.handoffs.get(), HandoffStatus.DONE, department_staff)

    assert not claim.events.filter(kind=ClaimEventKind.HANDOFFS_DONE).exists()


def test_completing_the_hand_offs_through_their_service_notes_the_claim(register, department_head):
    from handoffs.services import handoff_complete

    claim = in_progress(register, category="equipment")

    handoff_complete(actor=department_head, handoff=claim.handoffs.get(), result="Замінили")

    assert claim.events.filter(kind=ClaimEventKind.HANDOFFS_DONE).count() == 1


def test_a_claim_registered_by_a_director_tells_the_manager(executive_director):
    from org.models import Notification
    from tests.claims.factories import SupportContractFactory

    contract = SupportContractFactory()
    from claims.services import claim_register

    claim = claim_register(
        actor=executive_director,
        contract=contract,
        category="service_quality",
        priority="normal",
        subject="Брудно в холі",
        description="Клієнт скаржиться",
        channel="phone",
    )

    note = Notification.objects.get(recipient=contract.manager)
    assert note.url == claim.get_absolute_url()


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
