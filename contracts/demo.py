"""Demo contracts in every stage, made through the services; safe to run again.

Built on the demo clients (clients/demo.py), found by their account managers. Every
stage change goes through contracts.services, so the events, hand-offs and history
are the real ones; the site surveys are completed through handoffs.services.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from calendars.models import WorkingCalendar
from clients.models import Client, ClientStatus
from contracts import services
from contracts.demo_plans import PLANS, SECURITY_SLA, Plan
from contracts.models import AgreementKind, Contract, Stage, Unit
from handoffs import services as handoff_services
from handoffs.models import OPEN_STATUSES, Handoff, Kind
from org.models import User

DEMO_MANAGERS = ("manager", "manager2")

# A one-page PDF, so that the document download can be tried on the demo.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _department_worker(department):
    if department is None:
        return None
    return (
        User.objects.filter(department=department, is_active=True)
        .exclude(pk=department.head_id)
        .order_by("username")
        .first()
    ) or department.head


def _complete(handoff, *, manager, result):
    """Finish a hand-off as its department (or, for a follow-up, the manager) would."""
    worker = manager if handoff.department_id is None else _department_worker(handoff.department)
    handoff_services.handoff_complete(actor=worker, handoff=handoff, result=result)


def _complete_open(contract, *, manager, result):
    for handoff in Handoff.objects.filter(contract=contract, status__in=OPEN_STATUSES).order_by(
        "pk"
    ):
        _complete(handoff, manager=manager, result=result)


def _clock_fields(plan: Plan) -> dict:
    """A 24/7 contract's calendar and SLA; nothing for the others (the company's)."""
    if not plan.around_the_clock:
        return {}
    calendar = WorkingCalendar.objects.filter(always_open=True).order_by("pk").first()
    return {"calendar": calendar, **SECURITY_SLA} if calendar is not None else {}


def _create(plan: Plan, client: Client, manager: User) -> Contract:
    """The contract in preparation with its services, posts and obligations."""
    today = timezone.localdate()
    start = today + timedelta(days=plan.start_days)
    sites = list(client.sites.all())
    contract = services.contract_create(
        actor=manager,
        client=client,
        number=plan.number,
        title=plan.title,
        start_date=start,
        end_date=today + timedelta(days=plan.end_days),
        signed_on=start - timedelta(days=10) if plan.stage != Stage.PREPARATION else None,
        monthly_value=Decimal(plan.monthly),
        notice_period_days=plan.notice_days,
        auto_renewal=plan.auto_renewal,
        sites=sites,
        **_clock_fields(plan),
    )
    for service, frequency, price, *billing in plan.services:
        quantity, unit = billing or ("1", Unit.MONTH)
        services.service_line_add(
            actor=manager,
            contract=contract,
            service=service,
            frequency=frequency,
            price=Decimal(price),
            quantity=Decimal(quantity),
            unit=unit,
        )
    for index, (post, headcount, schedule, requirements, uniform) in enumerate(plan.staffing):
        services.staffing_add(
            actor=manager,
            contract=contract,
            site=sites[index % len(sites)] if sites else None,
            post=post,
            headcount=headcount,
            schedule=schedule,
            requirements=requirements,
            uniform=uniform,
        )
    for description in plan.obligations:
        services.obligation_add(actor=manager, contract=contract, description=description)
    return contract


def _survey(plan: Plan, contract: Contract, manager: User) -> bool:
    """Ask production for the site survey and, if the plan says so, complete it."""
    survey = services.contract_request_site_survey(
        actor=manager,
        contract=contract,
        details="Оцінити площі, графік доступу та кількість постів.",
    )
    if plan.survey_done:
        _complete(
            survey,
            manager=manager,
            result="Об'єкт обстежено: площі та кількість постів підтверджено, доступ погоджено.",
        )
    return plan.survey_done


def _conclude(plan: Plan, contract: Contract, manager: User) -> None:
    """Conclude, finish the hand-offs it opens, record the plan's agreements."""
    services.contract_conclude(actor=manager, contract=contract)
    _complete_open(contract, manager=manager, result="Виконано.")
    today = timezone.localdate()
    for index, (summary, confirmed_by) in enumerate(plan.agreements):
        services.agreement_add(
            actor=manager,
            contract=contract,
            kind=AgreementKind.TECHNICAL,
            date=today - timedelta(days=20 + index),
            summary=summary,
            confirmed_by=confirmed_by,
            document=ContentFile(DEMO_PDF, name=f"pogodzhennia-{index + 1}.pdf"),
        )


def _extend(plan: Plan, contract: Contract, manager: User) -> None:
    """Extend a contract in termination by a year; its termination work becomes moot."""
    services.contract_extend(
        actor=manager,
        contract=contract,
        new_end_date=timezone.localdate() + timedelta(days=plan.end_days + 365),
        reason="Клієнт погодив продовження на рік на тих самих умовах.",
        document=ContentFile(DEMO_PDF, name="dodatkova-uhoda.pdf"),
    )
    # The follow-up is done, the rest declined.
    for handoff in Handoff.objects.filter(contract=contract, status__in=OPEN_STATUSES):
        if handoff.kind == Kind.EXTENSION_OPPORTUNITY:
            _complete(handoff, manager=manager, result="Продовжено на рік.")
        else:
            handoff_services.handoff_decline(
                actor=_department_worker(handoff.department),
                handoff=handoff,
                reason="Не потрібно: договір продовжено.",
            )


def _wind_down(plan: Plan, contract: Contract, manager: User) -> None:
    """Tick off the plan's obligations; for a closed contract all, then close it."""
    obligations = list(contract.obligations.order_by("pk"))
    ticked = len(obligations) if plan.stage == Stage.CLOSED else plan.fulfilled
    for obligation in obligations[:ticked]:
        services.obligation_fulfil(actor=manager, obligation=obligation)
    if plan.stage == Stage.CLOSED:
        _complete_open(contract, manager=manager, result="Виконано, розрахунки завершено.")
        services.contract_close(actor=manager, contract=contract, reason=plan.reason)


def _build(plan: Plan, client: Client, manager: User) -> Contract:
    """Take a new contract through the stages to where the plan wants it."""
    contract = _create(plan, client, manager)
    if plan.stage == Stage.CANCELLED:
        services.contract_cancel(actor=manager, contract=contract, reason=plan.reason)
        return contract
    if not _survey(plan, contract, manager) or plan.stage == Stage.PREPARATION:
        return contract
    _conclude(plan, contract, manager)
    if plan.stage == Stage.SUPPORT and not plan.extended:
        return contract
    services.contract_begin_termination(actor=manager, contract=contract, reason=plan.reason)
    if plan.extended:
        _extend(plan, contract, manager)
    else:
        _wind_down(plan, contract, manager)
    return contract


def seed():
    """Create the demo contracts once (keyed on client and number); returns the lines to print."""
    clients = list(
        Client.objects.filter(account_manager__username__in=DEMO_MANAGERS)
        .select_related("account_manager")
        .order_by("pk")
    )
    if not clients:
        return ["Contracts: no demo clients, so no demo contracts."]
    by_status: dict[str, list[Client]] = {
        status: [c for c in clients if c.status == status] for status in ClientStatus
    }
    used: dict[str, int] = dict.fromkeys(ClientStatus, 0)
    created = 0
    for plan in PLANS:
        pool = by_status[plan.for_status] or clients
        client = pool[used[plan.for_status] % len(pool)]
        used[plan.for_status] += 1
        if Contract.objects.filter(client=client, number=plan.number).exists():
            continue
        _build(plan, client, client.account_manager)
        created += 1
    by_stage = ", ".join(
        f"{stage.label}: {Contract.objects.filter(stage=stage).count()}" for stage in Stage
    )
    return [f"Contracts: {created} new; {by_stage}."]
