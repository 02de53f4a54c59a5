"""Demo requests in every status, decided by the demo directors through the services."""

import datetime
from decimal import Decimal

from django.utils import timezone

from approvals import services
from approvals.models import ApprovalRequest, Kind
from approvals.rules import period_bounds
from org.models import User


def _previous_month(today):
    first = today.replace(day=1) - datetime.timedelta(days=1)
    return first.year, first.month


def _periods(today):
    """The demo's periods: last month, this quarter, this month (first day, last day)."""
    year, month = _previous_month(today)
    quarter = (today.month - 1) // 3 + 1
    return {
        "last_month": period_bounds("month", year, month),
        "quarter": period_bounds("quarter", today.year, quarter),
        "this_month": period_bounds("month", today.year, today.month),
    }


def _plans(today):
    """(author, kind, title, fields, what the directors do: list of (director, action, comment))."""
    periods = _periods(today)
    return [*_first_managers_requests(periods), *_second_managers_requests(periods)]


def _first_managers_requests(periods):
    month_start, month_end = periods["last_month"]
    quarter_start, quarter_end = periods["quarter"]
    this_month = periods["this_month"]
    return [
        (
            "manager",
            Kind.WORK_PLAN,
            "План роботи на поточний місяць",
            {
                "period_start": this_month[0],
                "period_end": this_month[1],
                "content": "Обійти об'єкти клієнтів, провести опитування задоволеності.",
            },
            None,
        ),
        (
            "manager",
            Kind.WORK_PLAN,
            "План роботи на квартал",
            {
                "period_start": quarter_start,
                "period_end": quarter_end,
                "content": "Продовжити договори, що спливають; знизити кількість претензій на 10 %.",
            },
            [("executive", "approve", "Погоджую, передаю генеральному директору.")],
        ),
        (
            "manager",
            Kind.REPORT,
            "Звіт про виконану роботу за минулий місяць",
            {"period_start": month_start, "period_end": month_end, "report": True},
            [],
        ),
        (
            "manager",
            Kind.EXTRA_FUNDS,
            "Закупівля миючих засобів для ТЦ",
            {
                "amount": Decimal("18500.00"),
                "purpose": "Миючі засоби та інвентар на квартал",
                "content": "Клієнт збільшив площу прибирання.",
            },
            [("executive", "approve", "")],
        ),
        (
            "manager",
            Kind.EXTRA_FUNDS,
            "Нове обладнання для охорони бізнес-центру",
            {
                "amount": Decimal("240000.00"),
                "purpose": "Камери відеоспостереження та турнікети",
                "content": "Вимога клієнта за новою редакцією договору.",
            },
            [
                ("executive", "approve", "Потрібне для збереження клієнта."),
                ("general", "approve", "Погоджено в межах бюджету."),
            ],
        ),
    ]


def _second_managers_requests(periods):
    month_start, month_end = periods["last_month"]
    return [
        (
            "manager2",
            Kind.PROPOSAL,
            "Електронний журнал скарг для клієнтів",
            {"content": "Дати клієнтам змогу подавати скарги через вебформу."},
            [("general", "reject", "Не на часі: повернемося до цього наступного року.")],
        ),
        (
            "manager2",
            Kind.WORK_PLAN,
            "План роботи на місяць",
            {
                "period_start": month_start,
                "period_end": month_end,
                "content": "Провести наради з клієнтами.",
            },
            [("executive", "return", "Додайте строки та відповідальних.")],
        ),
        (
            "manager2",
            Kind.SHORTCOMINGS_NOTICE,
            "Затримки із заміною персоналу",
            {"content": "Відділ кадрів замінює працівників на об'єктах із запізненням до 5 днів."},
            [("executive", "acknowledge", "Взято до уваги, доручу відділу кадрів.")],
        ),
        (
            "manager2",
            Kind.PROPOSAL,
            "Щомісячні опитування задоволеності клієнтів",
            {"content": "Коротке опитування після кожного акта наданих послуг."},
            [],
        ),
        (
            "manager2",
            Kind.WORKING_CONDITIONS,
            "Робоче місце для зустрічей з клієнтами",
            {
                "content": "Потрібна окрема переговорна кімната або виділене місце в офісі "
                "для зустрічей з клієнтами щопонеділка, а також ноутбук для виїздів на об'єкти."
            },
            [],
        ),
    ]


def seed():
    """Create the demo requests once; running again changes nothing."""
    users = {
        user.username: user
        for user in User.objects.filter(
            username__in=["manager", "manager2", "executive", "general"]
        )
    }
    if len(users) < 4:
        return ["Approvals: demo users missing, skipped."]
    created = 0
    today = timezone.localdate()
    for username, kind, title, fields, decisions in _plans(today):
        author = users[username]
        if ApprovalRequest.objects.filter(author=author, kind=kind, title=title).exists():
            continue
        fields = dict(fields)
        if fields.pop("report", False):
            request = services.approval_draft_report(
                actor=author,
                period_start=fields["period_start"],
                period_end=fields["period_end"],
                title=title,
                content="Усі претензії опрацьовано, два договори продовжено.",
            )
        else:
            request = services.approval_create_draft(actor=author, kind=kind, title=title, **fields)
        created += 1
        if decisions is None:
            continue
        request = services.approval_submit(actor=author, request=request)
        for director, action, comment in decisions:
            service = services.DECISION_SERVICES[action]
            request = service(actor=users[director], request=request, comment=comment)
    return [f"Approvals: {created} demo requests created."]
