"""Demo hand-offs: every state in every department, some overdue, made through the services."""

from __future__ import annotations

import datetime
from datetime import timedelta
from typing import Any

from django.utils import timezone

from handoffs import services, subjects
from handoffs.models import Handoff, HandoffEvent, Kind
from org.models import Department, DepartmentCode, User

# state, due in days from now (negative: overdue), who works it
STATES = (
    ("open", 5, None),
    ("open", -2, None),
    ("taken", 2, "staff"),
    ("in_progress", -1, "staff"),
    ("done", 1, "staff"),
    ("declined", 4, "head"),
)

# Per department: one (title, kind) per state above, in the same order.
PLAN = {
    DepartmentCode.PRODUCTION: (
        ("Обстеження нового об'єкта", Kind.SITE_SURVEY),
        ("Технічні параметри прибирання складу", Kind.TECHNICAL_PARAMETERS),
        ("Підтвердити домовленість про графік прибирання", Kind.AGREEMENT_CONFIRMATION),
        ("Усунути зауваження щодо прибирання холу", Kind.CLAIM_FIX),
        ("Перевірка зобов'язань перед припиненням договору", Kind.OBLIGATIONS_CHECK),
        ("Довідка про кількість постів охорони", Kind.INFORMATION_REQUEST),
    ),
    DepartmentCode.HR: (
        ("Підібрати двох прибиральників на новий об'єкт", Kind.STAFFING_REQUEST),
        ("Замінити охоронця нічної зміни", Kind.STAFF_REPLACEMENT),
        ("Попередження про вивільнення працівників", Kind.RELEASE_OF_WORKERS),
        ("Підібрати старшого зміни з досвідом", Kind.STAFFING_REQUEST),
        ("Заміна прибиральниці на час відпустки", Kind.STAFF_REPLACEMENT),
        ("Статистика плинності персоналу за квартал", Kind.INFORMATION_REQUEST),
    ),
    DepartmentCode.ACCOUNTING: (
        ("Дані для рахунку та акта за місяць", Kind.BILLING_DATA),
        ("Оплати за минулий квартал: акт звірки", Kind.PAYMENT_QUERY),
        ("Остаточний розрахунок з клієнтом", Kind.FINAL_SETTLEMENT),
        ("Дані для акта наданих послуг", Kind.BILLING_DATA),
        ("Запит щодо оплати за березень", Kind.PAYMENT_QUERY),
        ("Статистика дебіторської заборгованості", Kind.INFORMATION_REQUEST),
    ),
    DepartmentCode.QUALITY: (
        ("Покращення чек-листа перевірки прибирання", Kind.QUALITY_IMPROVEMENT),
        ("Розгляд скарги на якість прибирання", Kind.CLAIM_REVIEW),
        ("Аудит якості на об'єкті клієнта", Kind.QUALITY_IMPROVEMENT),
        ("Розгляд повторної скарги", Kind.CLAIM_REVIEW),
        ("Оновити інструкцію для персоналу", Kind.QUALITY_IMPROVEMENT),
        ("Статистика скарг за пів року", Kind.INFORMATION_REQUEST),
    ),
    DepartmentCode.LEGAL: (
        ("Перевірити проєкт договору", Kind.CONTRACT_REVIEW),
        ("Питання щодо штрафних санкцій", Kind.LEGAL_QUESTION),
        ("Перевірити додаткову угоду про продовження", Kind.CONTRACT_REVIEW),
        ("Відповідь на претензію клієнта", Kind.LEGAL_QUESTION),
        ("Перевірити умови автоматичної пролонгації", Kind.CONTRACT_REVIEW),
        ("Довідка про спірні договори", Kind.INFORMATION_REQUEST),
    ),
    DepartmentCode.SALES: (
        ("Передати документи укладеної угоди", Kind.DEAL_HANDOVER),
        ("Передати контакти клієнта після укладення", Kind.DEAL_HANDOVER),
        ("Передати комерційну пропозицію та розрахунок", Kind.DEAL_HANDOVER),
        ("Передати погоджений перелік послуг", Kind.DEAL_HANDOVER),
        ("Передати історію переговорів", Kind.DEAL_HANDOVER),
        ("Статистика нових клієнтів за місяць", Kind.INFORMATION_REQUEST),
    ),
}


def _workers(department):
    members = list(User.objects.filter(department=department, is_active=True).order_by("username"))
    head = department.head or (members[0] if members else None)
    staff = next((m for m in members if m.pk != department.head_id), head)
    return {"head": head, "staff": staff}


def _move_to(state: str, handoff: Handoff, worker: User | None) -> None:
    """Walk a fresh hand-off through the services to the demo ``state``."""
    if worker is None or state == "open":
        return
    if state == "taken":
        services.handoff_take(actor=worker, handoff=handoff)
    elif state == "in_progress":
        services.handoff_start(actor=worker, handoff=handoff)
    elif state == "done":
        services.handoff_start(actor=worker, handoff=handoff)
        services.handoff_complete(
            actor=worker, handoff=handoff, result="Виконано, деталі в коментарі."
        )
        services.handoff_comment(
            actor=worker, handoff=handoff, text="Усе зроблено, дані надіслано менеджеру."
        )
    elif state == "declined":
        services.handoff_decline(
            actor=worker,
            handoff=handoff,
            reason="Потрібні уточнення: недостатньо даних для виконання.",
        )


def _backdate(handoff: Handoff, asked: datetime.datetime) -> None:
    """Demo only: make it look asked for a few days ago, so waiting times mean something."""
    Handoff.objects.filter(pk=handoff.pk).update(created_at=asked)
    HandoffEvent.objects.filter(handoff=handoff).update(created_at=asked)
    handoff.refresh_from_db()


def _seed_department(
    department: Department,
    *,
    contracts: list[Any],
    managers: list[User],
    existing: set[str],
    offset: int,
    now: datetime.datetime,
) -> int:
    """One hand-off per state for ``department``; returns how many it created."""
    workers = _workers(department)
    if workers["staff"] is None:
        return 0
    created = 0
    for index, ((title, kind), (state, due_days, who)) in enumerate(
        zip(PLAN[DepartmentCode(department.code)], STATES, strict=True)
    ):
        if title in existing:
            continue
        contract = contracts[(index + offset + created) % len(contracts)] if contracts else None
        handoff = services.handoff_create(
            actor=contract.manager if contract else managers[index % len(managers)],
            kind=kind,
            title=title,
            department=department,
            details="Демонстраційне доручення.",
            due_at=now + timedelta(days=due_days),
            contract=contract,
        )
        _backdate(handoff, now - timedelta(days=3 + index))
        _move_to(state, handoff, workers[who] if who else None)
        created += 1
    return created


def _seed_follow_ups(contracts: list[Any], *, existing: set[str], now: datetime.datetime) -> int:
    """A manager's own follow-up on the first two contracts: propose an extension."""
    follow_ups = 0
    for contract in contracts[:2]:
        title = f"Запропонувати продовження договору № {contract.number}"
        if title in existing:
            continue
        services.handoff_create(
            actor=contract.manager,
            kind=Kind.EXTENSION_OPPORTUNITY,
            title=title,
            contract=contract,
            assignee=contract.manager,
            due_at=now + timedelta(days=14),
        )
        follow_ups += 1
    return follow_ups


def seed() -> list[str]:
    """Create the demo hand-offs once (keyed on the title); returns the lines to print."""
    managers = list(User.objects.filter(username__in=["manager", "manager2"]).order_by("username"))
    if not managers:
        return []
    contracts = list(
        subjects.open_contracts().select_related("client", "manager").order_by("pk")[:12]
    )
    existing = set(Handoff.objects.values_list("title", flat=True))
    now = timezone.now()
    created = 0
    for department in Department.objects.all():
        created += _seed_department(
            department,
            contracts=contracts,
            managers=managers,
            existing=existing,
            offset=created,
            now=now,
        )
    follow_ups = _seed_follow_ups(contracts, existing=existing, now=now)
    return [f"Hand-offs: {created} created, {follow_ups} follow-ups."]
