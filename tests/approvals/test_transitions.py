"""The request's moves and the one rule for who may decide a request now."""

import pytest

from approvals import services
from approvals.models import Action, Kind, PeriodType, Status
from approvals.rules import decision_refusal, may_decide
from approvals.transitions import APPROVAL_WORKFLOW, allowed_actions, is_editable
from org.roles import Role
from tests.approvals.factories import ApprovalRequestFactory

pytestmark = pytest.mark.django_db


def test_the_table_allows_exactly_these_moves():
    moves = {t.name: (set(t.sources), t.target) for t in APPROVAL_WORKFLOW.values()}

    assert moves == {
        Action.EDIT: ({Status.DRAFT, Status.RETURNED}, None),
        Action.SUBMIT: ({Status.DRAFT, Status.RETURNED}, Status.SUBMITTED),
        Action.APPROVE: ({Status.SUBMITTED}, Status.APPROVED),
        Action.ACKNOWLEDGE: ({Status.SUBMITTED}, Status.ACKNOWLEDGED),
        Action.RETURN: ({Status.SUBMITTED}, Status.RETURNED),
        Action.REJECT: ({Status.SUBMITTED}, Status.REJECTED),
    }
    assert APPROVAL_WORKFLOW[Action.EDIT].leaves(Status.RETURNED) == Status.RETURNED


@pytest.mark.parametrize(
    ("status", "kind", "actions"),
    [
        (Status.DRAFT, Kind.PROPOSAL, ["edit", "submit"]),
        (Status.RETURNED, Kind.WORK_PLAN, ["edit", "submit"]),
        (Status.SUBMITTED, Kind.WORK_PLAN, ["approve", "return", "reject"]),
        (Status.SUBMITTED, Kind.SHORTCOMINGS_NOTICE, ["acknowledge"]),
        (Status.APPROVED, Kind.WORK_PLAN, []),
    ],
)
def test_allowed_actions_read_the_table_and_the_kind(status, kind, actions):
    request = ApprovalRequestFactory.build(status=status, kind=kind)

    assert allowed_actions(request) == actions
    assert is_editable(request) == (status in (Status.DRAFT, Status.RETURNED))


def test_only_the_director_the_step_waits_for_may_decide(
    submitted, manager, executive_director, make_user
):
    plan = submitted(kind=Kind.WORK_PLAN, period_type=PeriodType.MONTH)
    general = make_user(Role.GENERAL_DIRECTOR)

    assert may_decide(executive_director, plan)
    assert not may_decide(general, plan)
    assert not may_decide(manager, plan)
    assert decision_refusal(manager, plan).code == "forbidden"

    plan = services.approval_approve(actor=executive_director, request=plan)

    assert not may_decide(executive_director, plan)


def test_a_director_may_not_decide_their_own_request(executive_director, make_user):
    executive_director.groups.add(*make_user(Role.SUPPORT_MANAGER).groups.all())
    director = type(executive_director).objects.get(pk=executive_director.pk)
    plan = services.approval_submit(actor=director, request=ApprovalRequestFactory(author=director))

    assert not may_decide(director, plan)
