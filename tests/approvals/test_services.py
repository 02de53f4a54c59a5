import datetime
from decimal import Decimal

import pytest

from approvals import services
from approvals.models import (
    Action,
    ApprovalEvent,
    ApprovalRequest,
    ApproverRole,
    Kind,
    PeriodType,
    Status,
)
from org.errors import DomainError
from org.models import AbsenceCover
from org.roles import Role
from tests.approvals.factories import ApprovalRequestFactory

pytestmark = pytest.mark.django_db

EXEC = ApproverRole.EXECUTIVE_DIRECTOR
GEN = ApproverRole.GENERAL_DIRECTOR


def steps_of(request):
    return list(request.steps.filter(round=request.round).order_by("order"))


def test_create_draft_records_an_event_and_history(manager):
    draft = services.approval_create_draft(
        actor=manager,
        kind=Kind.PROPOSAL,
        title="Електронний журнал скарг",
        content="Пропоную вести журнал",
    )

    assert draft.status == Status.DRAFT
    assert draft.author == manager
    assert draft.events.get().to_status == Status.DRAFT
    assert draft.history.count() == 1
    assert draft.history.first().history_user == manager


def test_extra_funds_need_amount_and_purpose(manager):
    with pytest.raises(DomainError):
        services.approval_create_draft(actor=manager, kind=Kind.EXTRA_FUNDS, title="Гроші")
    with pytest.raises(DomainError):
        services.approval_create_draft(
            actor=manager, kind=Kind.EXTRA_FUNDS, title="Гроші", amount=Decimal("10")
        )


def test_plan_period_must_be_a_calendar_period(manager):
    with pytest.raises(DomainError):
        services.approval_create_draft(
            actor=manager,
            kind=Kind.WORK_PLAN,
            title="План",
            period_start=datetime.date(2025, 3, 2),
            period_end=datetime.date(2025, 3, 31),
        )
    plan = services.approval_create_draft(
        actor=manager,
        kind=Kind.WORK_PLAN,
        title="План",
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2025, 6, 30),
    )
    assert plan.period_type == PeriodType.QUARTER


def test_only_managers_write_requests(department_staff):
    with pytest.raises(DomainError) as refused:
        services.approval_create_draft(actor=department_staff, kind=Kind.PROPOSAL, title="x")
    assert refused.value.code == "forbidden"


def test_submit_lays_out_one_step_for_a_monthly_plan(submitted):
    plan = submitted(kind=Kind.WORK_PLAN, period_type=PeriodType.MONTH)

    assert plan.status == Status.SUBMITTED
    assert plan.submitted_at is not None
    assert [s.approver_role for s in steps_of(plan)] == [EXEC]
    assert plan.current_approver_role == EXEC


def test_monthly_plan_is_approved_by_the_executive_alone(submitted, executive_director):
    plan = submitted(kind=Kind.WORK_PLAN)

    plan = services.approval_approve(actor=executive_director, request=plan)

    assert plan.status == Status.APPROVED
    assert plan.decided_at is not None
    assert plan.current_approver_role == ""
    step = steps_of(plan)[0]
    assert step.decision == Action.APPROVE and step.decided_by == executive_director


def test_quarterly_plan_goes_to_the_general_director_after_the_executive(
    submitted, executive_director, general_director
):
    plan = submitted(
        kind=Kind.WORK_PLAN,
        period_type=PeriodType.QUARTER,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 3, 31),
    )
    assert [s.approver_role for s in steps_of(plan)] == [EXEC, GEN]

    with pytest.raises(DomainError):
        services.approval_approve(actor=general_director, request=plan)

    plan = services.approval_approve(actor=executive_director, request=plan, comment="Так")
    assert plan.status == Status.SUBMITTED
    assert plan.current_approver_role == GEN

    with pytest.raises(DomainError):
        services.approval_approve(actor=executive_director, request=plan)

    plan = services.approval_approve(actor=general_director, request=plan)
    assert plan.status == Status.APPROVED
    assert [s.decided_by for s in steps_of(plan)] == [executive_director, general_director]


def test_extra_funds_above_the_threshold_need_both_directors(
    submitted, executive_director, general_director
):
    small = submitted(kind=Kind.EXTRA_FUNDS, amount=Decimal("100000.00"))
    big = submitted(kind=Kind.EXTRA_FUNDS, amount=Decimal("100000.01"))

    assert [s.approver_role for s in steps_of(small)] == [EXEC]
    assert [s.approver_role for s in steps_of(big)] == [EXEC, GEN]

    big = services.approval_approve(actor=executive_director, request=big)
    big = services.approval_reject(actor=general_director, request=big, comment="Немає коштів")
    assert big.status == Status.REJECTED
    assert steps_of(big)[1].comment == "Немає коштів"


def test_proposal_is_decided_by_the_general_director_only(
    submitted, executive_director, general_director
):
    proposal = submitted(kind=Kind.PROPOSAL)

    assert [s.approver_role for s in steps_of(proposal)] == [GEN]
    with pytest.raises(DomainError):
        services.approval_approve(actor=executive_director, request=proposal)
    assert services.approval_approve(actor=general_director, request=proposal).status == (
        Status.APPROVED
    )


def test_notice_is_acknowledged_not_approved(submitted, executive_director):
    notice = submitted(kind=Kind.SHORTCOMINGS_NOTICE)

    with pytest.raises(DomainError):
        services.approval_approve(actor=executive_director, request=notice)
    notice = services.approval_acknowledge(actor=executive_director, request=notice)

    assert notice.status == Status.ACKNOWLEDGED
    assert notice.events.filter(action=Action.ACKNOWLEDGE).exists()


@pytest.mark.parametrize("service", [services.approval_reject, services.approval_return])
def test_reject_and_return_need_a_comment(submitted, executive_director, service):
    plan = submitted(kind=Kind.WORK_PLAN)

    with pytest.raises(DomainError):
        service(actor=executive_director, request=plan, comment="   ")

    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED
    assert not plan.steps.exclude(decision="").exists()


def test_a_director_cannot_decide_their_own_request(make_user):
    director = make_user(Role.EXECUTIVE_DIRECTOR)
    director.groups.add(*make_user(Role.SUPPORT_MANAGER).groups.all())
    director = type(director).objects.get(pk=director.pk)
    plan = services.approval_submit(actor=director, request=ApprovalRequestFactory(author=director))

    with pytest.raises(DomainError):
        services.approval_approve(actor=director, request=plan)


def test_non_directors_cannot_decide(submitted, manager):
    plan = submitted(kind=Kind.WORK_PLAN)

    with pytest.raises(DomainError) as refused:
        services.approval_approve(actor=manager, request=plan)
    assert refused.value.code == "forbidden"


def test_returned_request_is_edited_and_resubmitted_with_new_steps(
    submitted, manager, executive_director
):
    plan = submitted(kind=Kind.WORK_PLAN)
    plan = services.approval_return(
        actor=executive_director, request=plan, comment="Додайте графік"
    )
    assert plan.status == Status.RETURNED
    assert plan.decided_at is None

    plan = services.approval_update_draft(actor=manager, request=plan, content="З графіком")
    plan = services.approval_submit(actor=manager, request=plan)

    assert plan.status == Status.SUBMITTED
    assert plan.round == 2
    assert plan.steps.count() == 2
    assert steps_of(plan)[0].is_pending
    moves = list(plan.events.order_by("created_at", "pk").values_list("from_status", "to_status"))
    assert moves == [
        (Status.DRAFT, Status.SUBMITTED),
        (Status.SUBMITTED, Status.RETURNED),
        (Status.RETURNED, Status.SUBMITTED),
    ]


def test_decided_requests_cannot_be_decided_again_or_edited(submitted, manager, executive_director):
    plan = submitted(kind=Kind.WORK_PLAN)
    plan = services.approval_approve(actor=executive_director, request=plan)

    with pytest.raises(DomainError):
        services.approval_reject(actor=executive_director, request=plan, comment="Ні")
    with pytest.raises(DomainError):
        services.approval_update_draft(actor=manager, request=plan, title="Інше")
    with pytest.raises(DomainError):
        services.approval_submit(actor=manager, request=plan)


def test_submitted_request_cannot_be_edited(submitted, manager):
    plan = submitted(kind=Kind.WORK_PLAN)

    with pytest.raises(DomainError):
        services.approval_update_draft(actor=manager, request=plan, title="Інше")


def test_another_manager_cannot_submit(make_user):
    draft = ApprovalRequestFactory()
    other = make_user(Role.SUPPORT_MANAGER)

    with pytest.raises(DomainError) as refused:
        services.approval_submit(actor=other, request=draft)
    assert refused.value.code == "forbidden"


def test_cover_submits_for_the_absent_manager_and_is_recorded_as_such(make_user, manager):
    from django.utils import timezone

    cover = make_user(Role.SUPPORT_MANAGER)
    today = timezone.localdate()
    AbsenceCover.objects.create(
        absent=manager, cover=cover, starts_on=today, ends_on=today + datetime.timedelta(days=5)
    )
    draft = ApprovalRequestFactory(author=manager)

    services.approval_submit(actor=cover, request=draft)

    event = ApprovalEvent.objects.get(request=draft, action=Action.SUBMIT)
    assert event.actor == cover and event.on_behalf_of == manager
    assert ApprovalRequest.objects.visible_to(cover).filter(pk=draft.pk).exists()


def test_cover_writes_on_behalf_only_while_covering(make_user, manager):
    cover = make_user(Role.SUPPORT_MANAGER)

    with pytest.raises(DomainError):
        services.approval_create_draft(
            actor=cover, kind=Kind.PROPOSAL, title="x", content="y", on_behalf_of=manager
        )


def test_awaiting_lists_the_current_step_of_each_director_but_not_their_own(
    submitted, executive_director, general_director
):
    plan = submitted(kind=Kind.WORK_PLAN)
    proposal = submitted(kind=Kind.PROPOSAL)

    assert list(ApprovalRequest.objects.awaiting_decision_by(executive_director)) == [plan]
    assert list(ApprovalRequest.objects.awaiting_decision_by(general_director)) == [proposal]


def test_report_cannot_be_submitted_without_figures(manager):
    report = ApprovalRequestFactory(author=manager, kind=Kind.REPORT, figures={})

    with pytest.raises(DomainError):
        services.approval_submit(actor=manager, request=report)


def test_each_director_in_turn_is_told_and_the_manager_hears_the_outcome(
    manager, executive_director, general_director
):
    from org.models import Notification

    draft = ApprovalRequestFactory(
        author=manager,
        kind=Kind.WORK_PLAN,
        period_type=PeriodType.QUARTER,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 3, 31),
    )
    plan = services.approval_submit(actor=manager, request=draft)
    assert list(Notification.objects.values_list("recipient", flat=True)) == [executive_director.pk]

    plan = services.approval_approve(actor=executive_director, request=plan)
    assert Notification.objects.filter(recipient=general_director).count() == 1
    assert not Notification.objects.filter(recipient=manager).exists()

    services.approval_approve(actor=general_director, request=plan)
    outcome = Notification.objects.get(recipient=manager)
    assert outcome.url == plan.get_absolute_url()
    assert general_director.get_full_name() in outcome.text
