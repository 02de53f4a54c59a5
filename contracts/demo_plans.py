"""What the demo contracts are: one `Plan` per contract, in every stage (contracts.demo
makes them)."""

from dataclasses import dataclass, field

from clients.models import ClientStatus
from contracts.models import Schedule, Stage, Unit


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
    around_the_clock: bool = False  # on the 24/7 calendar, with its own SLA (`SECURITY_SLA`)


# A security post works around the clock, and so do its claims' clocks: hours on the
# 24/7 calendar are wall hours, so they are set tighter than the company's working hours.
SECURITY_SLA = {
    "sla_critical_response_hours": 1,
    "sla_critical_resolution_hours": 4,
    "sla_high_response_hours": 1,
    "sla_high_resolution_hours": 12,
    "sla_normal_response_hours": 4,
    "sla_normal_resolution_hours": 48,
    "sla_low_response_hours": 12,
    "sla_low_resolution_hours": 120,
}
CLEANING = [
    ("Щоденне прибирання приміщень", "щодня, 06:00–22:00", "52000.00"),
    # (service, frequency, price[, quantity, unit]): a month of the service unless named.
    ("Миття вікон та фасадного скла", "1 раз на місяць", "7.50", "1200", Unit.SQUARE_METRE),
    ("Прибирання прилеглої території", "щодня", "14000.00"),
]
SECURITY = [
    ("Фізична охорона об'єкта", "цілодобово", "68000.00"),
    ("Відеоспостереження та реагування", "цілодобово", "12000.00"),
]
MAINTENANCE = [
    ("Технічне обслуговування інженерних мереж", "щотижня", "31000.00"),
    ("Аварійне реагування", "за викликом, до 2 год", "350.00", "20", Unit.HOUR),
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
        around_the_clock=True,
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
