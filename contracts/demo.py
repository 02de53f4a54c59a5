"""Demo contracts in every stage, made through the services; safe to run again.

Built on the demo clients (clients/demo.py), found by their account managers. Every
stage change goes through contracts.services, so the events, hand-offs and history
are the real ones; the site surveys are completed through handoffs.services.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from clients.models import Client, ClientStatus
from contracts import services
from contracts.models import AgreementKind, Contract, Schedule, Stage
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


@dataclass
class Plan:
    """One demo contract: where it should end up and what it carries."""

    number: str
    title: str
    stage: str
    for_status: str  # the client status it suits (prospects get contracts in preparation)
    start_days: int  # start date, days from today
    end_days: int  # end date, days from today
    notice_days: int = 30
    monthly: str = "85000.00"
    auto_renewal: bool = False
    survey_done: bool = True
    extended: bool = False
    services: list = field(default_factory=list)
    staffing: list = field(default_factory=list)
    obligations: list = field(default_factory=list)
    agreements: list = field(default_factory=list)
    fulfilled: int = 0  # how many obligations are ticked off
    reason: str = ""


CLEANING = [
    ("Щоденне прибирання приміщень", "щодня, 06:00–22:00", "52000.00"),
    ("Миття вікон та фасадного скла", "1 раз на місяць", "9000.00"),
    ("Прибирання прилеглої території", "щодня", "14000.00"),
]
SECURITY = [
    ("Фізична охорона об'єкта", "цілодобово", "68000.00"),
    ("Відеоспостереження та реагування", "цілодобово", "12000.00"),
]
MAINTENANCE = [
    ("Технічне обслуговування інженерних мереж", "щотижня", "31000.00"),
    ("Аварійне реагування", "за викликом, до 2 год", "7000.00"),
]
CLEANERS = [
    (
        "Прибиральник",
        6,
        Schedule.TWO_BY_TWO,
        "Досвід роботи з професійною технікою",
        "Синій костюм",
    ),
    ("Старший зміни", 1, Schedule.FIVE_BY_EIGHT, "Досвід керування бригадою від 1 року", ""),
]
GUARDS = [
    (
        "Охоронник",
        4,
        Schedule.ROUND_THE_CLOCK,
        "Посвідчення охоронника, без судимостей",
        "Чорна форма",
    ),
]
ENGINEERS = [
    (
        "Черговий електрик",
        2,
        Schedule.DAY_12,
        "Допуск з електробезпеки не нижче IV групи",
        "Спецодяг",
    ),
]
HANDOVER = [
    "Повернути ключі та перепустки",
    "Вивезти інвентар, техніку та миючі засоби",
    "Підписати акт приймання-передачі об'єкта",
]

PLANS = [
    Plan(
        "КП-2024/017",
        "Комплексне прибирання ТРЦ",
        Stage.SUPPORT,
        ClientStatus.ACTIVE,
        -300,
        60,
        monthly="75000.00",
        services=CLEANING,
        staffing=CLEANERS,
        obligations=HANDOVER,
        agreements=[("Погоджено прибирання фудкорту до 10:00", "Гордієнко М. О.")],
    ),
    Plan(
        "ОХ-2024/031",
        "Цілодобова охорона бізнес-центру",
        Stage.SUPPORT,
        ClientStatus.ACTIVE,
        -345,
        20,
        notice_days=45,
        monthly="80000.00",
        services=SECURITY,
        staffing=GUARDS,
        obligations=HANDOVER[:1],
    ),
    Plan(
        "ТО-2025/004",
        "Технічне обслуговування складського комплексу",
        Stage.SUPPORT,
        ClientStatus.ACTIVE,
        -60,
        305,
        monthly="38000.00",
        auto_renewal=True,
        services=MAINTENANCE,
        staffing=ENGINEERS,
        agreements=[("Погоджено графік планових оглядів щоп'ятниці", "Ковальчук А. Я.")],
    ),
    Plan(
        "КП-2025/012",
        "Прибирання офісної будівлі",
        Stage.SUPPORT,
        ClientStatus.ACTIVE,
        -120,
        85,
        monthly="61000.00",
        services=CLEANING[:2],
        staffing=CLEANERS[:1],
    ),
    Plan(
        "ОХ-2023/044",
        "Охорона складу в порту",
        Stage.TERMINATION,
        ClientStatus.ACTIVE,
        -700,
        25,
        monthly="72000.00",
        services=SECURITY[:1],
        staffing=GUARDS,
        obligations=HANDOVER,
        fulfilled=1,
        reason="Клієнт передає охорону власній службі безпеки.",
    ),
    Plan(
        "КП-2024/052",
        "Прибирання паркінгу",
        Stage.SUPPORT,
        ClientStatus.ACTIVE,
        -330,
        35,
        monthly="24000.00",
        services=CLEANING[2:],
        staffing=CLEANERS[:1],
        extended=True,
        reason="Клієнт розглядав інші пропозиції.",
    ),
    Plan(
        "КП-2026/003",
        "Прибирання лабораторії",
        Stage.PREPARATION,
        ClientStatus.PROSPECT,
        14,
        379,
        monthly="43000.00",
        services=CLEANING[:1],
        staffing=CLEANERS,
    ),
    Plan(
        "ОХ-2026/008",
        "Охорона бізнес-центру",
        Stage.PREPARATION,
        ClientStatus.PROSPECT,
        30,
        395,
        monthly="90000.00",
        survey_done=False,
        services=SECURITY,
        staffing=GUARDS,
    ),
    Plan(
        "КП-2023/009",
        "Прибирання виробничого цеху",
        Stage.CLOSED,
        ClientStatus.FORMER,
        -400,
        -35,
        monthly="47000.00",
        services=CLEANING[:1],
        staffing=CLEANERS[:1],
        obligations=HANDOVER,
        reason="Закінчився строк дії, клієнт не продовжує.",
    ),
    Plan(
        "ТО-2026/002",
        "Обслуговування прилеглої території",
        Stage.CANCELLED,
        ClientStatus.ACTIVE,
        20,
        385,
        monthly="18000.00",
        survey_done=False,
        services=MAINTENANCE[:1],
        reason="Клієнт відклав проєкт на наступний рік.",
    ),
]


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
    )
    for service, frequency, price in plan.services:
        services.service_line_add(
            actor=manager,
            contract=contract,
            service=service,
            frequency=frequency,
            price=Decimal(price),
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
