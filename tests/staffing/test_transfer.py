import datetime
import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext

from approvals.models import ApprovalRequest
from claims.models import Claim
from clients.models import Client
from contracts.models import Contract, StageEvent, StageEventKind
from contracts.selectors.timeline import contract_timeline
from contracts.services.expiry import contracts_warn_expiry
from handoffs.models import Handoff, HandoffEvent
from org.errors import DomainError
from org.models import Notification
from org.roles import Role
from staffing import notifications
from staffing.models import PortfolioTransfer
from staffing.selectors import Portfolio
from staffing.services import portfolio_transfer
from staffing.services import transfer as transfer_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def old(make_user):
    return make_user(Role.SUPPORT_MANAGER, first_name="Олена", last_name="Стара")


@pytest.fixture
def new(make_user):
    return make_user(Role.SUPPORT_MANAGER, first_name="Іван", last_name="Новий")


def _owners(work):
    """Who holds each row of ``work`` now, read from the database."""
    return {
        "clients": set(
            Client.objects.filter(pk__in=[c.pk for c in work.clients]).values_list(
                "account_manager_id", flat=True
            )
        ),
        "contracts": set(
            Contract.objects.filter(pk__in=[c.pk for c in work.contracts]).values_list(
                "manager_id", flat=True
            )
        ),
        "handoffs": set(
            Handoff.objects.filter(pk__in=[h.pk for h in work.handoffs]).values_list(
                "requested_by_id", flat=True
            )
        ),
        "drafts": set(
            ApprovalRequest.objects.filter(pk__in=[d.pk for d in work.drafts]).values_list(
                "author_id", flat=True
            )
        ),
    }


def test_every_kind_moves_and_nothing_else(build_portfolio, old, new, general_director):
    work = build_portfolio(old, size=2)
    others_requester = work.others_handoff.requested_by_id

    transfer = portfolio_transfer(actor=general_director, from_manager=old, to_manager=new)

    assert _owners(work) == {
        "clients": {new.pk},
        "contracts": {new.pk},
        "handoffs": {new.pk},
        "drafts": {new.pk},
    }
    # Open claims follow their contract; the manager's own follow-up is assigned to the new one.
    assert set(Claim.objects.of_managers([new.pk]).open()) == set(work.open_claims)
    follow_up = Handoff.objects.get(kind="extension_opportunity")
    assert follow_up.assignee == new
    taken = work.handoffs[0]
    assert Handoff.objects.get(pk=taken.pk).assignee_id == taken.assignee_id is not None
    # What stays: the closed contract, the done hand-off, the submitted request, another
    # manager's hand-off; the closed claim keeps its registration and history.
    work.closed_contract.refresh_from_db()
    work.done_handoff.refresh_from_db()
    work.submitted.refresh_from_db()
    work.others_handoff.refresh_from_db()
    assert work.closed_contract.manager == old
    assert work.done_handoff.requested_by == old
    assert work.submitted.author == old
    assert work.others_handoff.requested_by_id == others_requester
    assert Claim.objects.get(pk=work.closed_claim.pk).registered_by == old
    assert transfer.counts == {
        "clients": 2,
        "contracts": 2,
        "claims": 2,
        "handoffs": 4,
        "approvals": 2,
        "expiry_warnings": 2,
    }
    assert Portfolio(old.pk).counts().is_empty


def test_a_cover_filing_for_the_old_manager_moves_to_the_new_one(
    build_portfolio, old, new, make_user, general_director
):
    cover = make_user(Role.SUPPORT_MANAGER)
    work = build_portfolio(old, cover=cover)
    filed = work.handoffs[0]

    portfolio_transfer(actor=general_director, from_manager=old, to_manager=new)

    filed.refresh_from_db()
    assert (filed.requested_by, filed.on_behalf_of) == (new, None)


def test_the_work_on_chosen_clients_moves_alone(build_portfolio, old, new, general_director):
    work = build_portfolio(old, size=3)
    chosen = work.clients[1]

    transfer = portfolio_transfer(
        actor=general_director, from_manager=old, to_manager=new, clients=[chosen]
    )

    assert Client.objects.get(pk=chosen.pk).account_manager == new
    assert set(Client.objects.filter(account_manager=old)) == {work.clients[0], work.clients[2]}
    assert list(Contract.objects.filter(manager=new)) == [work.contracts[1]]
    assert set(Handoff.objects.filter(requested_by=new)) == {work.handoffs[3]}
    assert list(ApprovalRequest.objects.filter(author=new)) == [work.drafts[1]]
    assert (transfer.whole, transfer.client_ids) == (False, [chosen.pk])
    assert transfer.counts["contracts"] == 1


def test_a_client_outside_the_portfolio_is_refused(build_portfolio, old, new, general_director):
    build_portfolio(old)
    stranger = build_portfolio(new).clients[0]

    with pytest.raises(DomainError) as refusal:
        portfolio_transfer(
            actor=general_director, from_manager=old, to_manager=new, clients=[stranger]
        )

    assert refusal.value.code == "clients"
    assert not PortfolioTransfer.objects.exists()


def test_the_preview_counts_what_moves_and_changes_nothing(
    build_portfolio, old, new, general_director
):
    work = build_portfolio(old, size=2)
    before = _owners(work)

    preview = Portfolio(old.pk).counts()

    assert _owners(work) == before
    transfer = portfolio_transfer(actor=general_director, from_manager=old, to_manager=new)
    assert preview.as_dict() == transfer.counts


def test_a_failure_half_way_moves_nothing(build_portfolio, old, new, general_director):
    work = build_portfolio(old, size=2)
    before = _owners(work)
    events = StageEvent.objects.count()

    with (
        mock.patch.object(transfer_module, "_move_approvals", side_effect=RuntimeError("down")),
        pytest.raises(RuntimeError),
    ):
        portfolio_transfer(actor=general_director, from_manager=old, to_manager=new)

    assert _owners(work) == before
    assert StageEvent.objects.count() == events
    assert not PortfolioTransfer.objects.exists()
    assert not Notification.objects.filter(recipient=new).exists()
    assert not Contract.history.filter(history_user=general_director).exists()


def test_each_contract_timeline_and_history_record_the_move(
    build_portfolio, old, new, general_director
):
    work = build_portfolio(old, size=2)
    versions = {contract.pk: contract.version for contract in work.contracts}

    portfolio_transfer(
        actor=general_director, from_manager=old, to_manager=new, reason="Звільнення"
    )

    for contract in work.contracts:
        event = StageEvent.objects.get(contract=contract, kind=StageEventKind.MANAGER)
        assert event.actor == general_director
        assert event.reason == f"{old} → {new}. Звільнення"
        latest = contract.history.latest()
        assert (latest.manager_id, latest.history_user) == (new.pk, general_director)
        contract.refresh_from_db()
        assert contract.version == versions[contract.pk] + 1
        entries = contract_timeline(contract, user=general_director).entries
        moved = [entry for entry in entries if entry.text == gettext("Manager changed")]
        assert [entry.detail for entry in moved] == [event.reason]
    handoff = work.handoffs[0]
    assert handoff.history.latest().history_user == general_director
    assert HandoffEvent.objects.filter(handoff=handoff, note__contains=str(new)).exists()
    client = work.clients[0]
    assert client.history.latest().account_manager_id == new.pk


def test_both_managers_the_department_heads_once_and_the_executive_are_told(
    build_portfolio, old, new, general_director, executive_director, production_head, hr_head
):
    build_portfolio(old, size=3)

    portfolio_transfer(actor=general_director, from_manager=old, to_manager=new)

    def told(user):
        return list(Notification.objects.filter(recipient=user).values_list("message", "params"))

    assert [message for message, _ in told(old)] == [notifications.TRANSFERRED_AWAY]
    assert [message for message, _ in told(new)] == [notifications.TRANSFERRED_TO_YOU]
    # Production has three of the moved hand-offs, HR one: one notification each.
    assert [(m, p["count"]) for m, p in told(production_head)] == [
        (notifications.HANDOFFS_NEW_REQUESTER, 3)
    ]
    assert [(m, p["count"]) for m, p in told(hr_head)] == [
        (notifications.HANDOFFS_NEW_REQUESTER, 1)
    ]
    assert [message for message, _ in told(executive_director)] == [
        notifications.TRANSFER_FOR_EXECUTIVE
    ]
    assert not Notification.objects.filter(recipient=general_director).exists()


def test_future_expiry_warnings_go_to_the_new_manager(build_portfolio, old, new, general_director):
    work = build_portfolio(old)
    contract = work.contracts[0]
    portfolio_transfer(actor=general_director, from_manager=old, to_manager=new)

    # Later, the contract's notice deadline nears.
    later = contract.end_date - datetime.timedelta(days=contract.notice_period_days + 10)
    warned = contracts_warn_expiry(contract_ids=[contract.pk], today=later)

    assert warned
    assert Notification.objects.filter(recipient=new, url=contract.get_absolute_url()).exists()
    assert not Notification.objects.filter(recipient=old, url=contract.get_absolute_url()).exists()


@pytest.mark.parametrize("role", [Role.EXECUTIVE_DIRECTOR, Role.SUPPORT_MANAGER])
def test_only_the_general_director_transfers(build_portfolio, old, new, make_user, role):
    build_portfolio(old)

    with pytest.raises(DomainError) as refusal:
        portfolio_transfer(actor=make_user(role), from_manager=old, to_manager=new)

    assert refusal.value.code == "forbidden"
    assert Contract.objects.filter(manager=old).exists()


def test_refuses_nothing_to_move_and_a_deactivated_successor(old, new, general_director):
    with pytest.raises(DomainError) as empty:
        portfolio_transfer(actor=general_director, from_manager=old, to_manager=new)
    new.is_active = False
    new.save()
    with pytest.raises(DomainError) as inactive:
        portfolio_transfer(actor=general_director, from_manager=old, to_manager=new)

    assert (empty.value.code, inactive.value.code) == ("empty", "to_manager")
    assert not PortfolioTransfer.objects.exists()


def _transfer_queries(build_portfolio, make_user, size):
    """(statements, history inserts) of a transfer of ``size`` contracts."""
    old, new = make_user(Role.SUPPORT_MANAGER), make_user(Role.SUPPORT_MANAGER)
    actor = make_user(Role.GENERAL_DIRECTOR)
    build_portfolio(old, size=size)
    with CaptureQueriesContext(connection) as queries:
        transfer = portfolio_transfer(actor=actor, from_manager=old, to_manager=new)
    assert transfer.counts["contracts"] == size
    history = [q for q in queries.captured_queries if HISTORY_INSERT.match(q["sql"])]
    return len(queries) - len(history), len(history)


HISTORY_INSERT = re.compile(r'INSERT INTO "\w+_historical\w+"')


def test_the_query_count_does_not_grow_with_the_portfolio(
    build_portfolio, make_user, production_head, hr_head
):
    one, one_history = _transfer_queries(build_portfolio, make_user, 1)
    fifty, fifty_history = _transfer_queries(build_portfolio, make_user, 50)

    assert one == fifty
    # One history INSERT per kind: on PostgreSQL for any size (up to the chunk of 1,000
    # rows); SQLite splits them by its 999 parameters a statement (20 rows or so).
    assert one_history == 4
    if connection.vendor == "postgresql":
        assert fifty_history == one_history
