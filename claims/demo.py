"""Demo claims in every state on the demo contracts in support or termination.

Registered and moved through the services, so due times, hand-offs, events and
promptness are real. Keyed on (contract, subject): running it again adds nothing.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from claims.demo_recurrence import post_and_shift, seed_recurring
from claims.models import Claim
from claims.services import (
    claim_close,
    claim_comment,
    claim_register,
    claim_reopen,
    claim_resolve,
    claim_respond,
    claim_wait,
)
from contracts.models import Contract, Stage
from org.errors import DomainError
from org.models import User

# subject, category, priority, formal (number, amount) or None, hours since received, final state
SCENARIOS = [
    ("Не прибрано в холі на першому поверсі", "service_quality", "normal", None, 2, "new"),
    ("Протікає дах над складом, слизька підлога", "safety", "critical", None, 20, "new"),
    ("Охоронець не вийшов на нічну зміну", "staff_absence", "high", None, 30, "in_progress"),
    (
        "Претензія щодо якості прибирання за лютий",
        "service_quality",
        "normal",
        ("П-12/2026", Decimal("18500.00")),
        24 * 5,
        "waiting_legal",
    ),
    ("Зламана підлогомийна машина", "equipment", "low", None, 24 * 3, "resolved"),
    ("Неправильна сума в акті за січень", "billing", "normal", None, 24 * 10, "closed"),
    ("Грубість працівника на рецепції", "staff_conduct", "normal", None, 24 * 8, "reopened"),
    ("Прохання змінити графік прибирання", "other", "low", None, 1, "new"),
    (
        "Сміття біля запасного виходу після ремонту",
        "service_quality",
        "normal",
        None,
        26,
        "waiting",
    ),
]
# What the manager asked the client in the "waiting" scenario.
WAITING_NOTE = "Попросили клієнта надіслати фото та сказати, чи ремонт у приміщенні вже завершено."


def _department_worker(department):
    if department.head_id:
        return department.head
    return User.objects.filter(department=department, is_active=True).order_by("pk").first()


def _finish_handoffs(claim, *, except_codes=()):
    """Complete the claim's hand-offs as their departments would, through their service."""
    from handoffs.services import handoff_complete

    for handoff in claim.handoffs.select_related("department").filter(
        status__in=["open", "in_progress"]
    ):
        if handoff.department.code in except_codes:
            continue
        worker = _department_worker(handoff.department)
        if worker is None:
            return False
        try:
            handoff_complete(actor=worker, handoff=handoff, result="Виконано, фото додано")
        except DomainError:
            return False
    return True


def _drive(claim, state):
    manager = claim.contract.manager
    if state == "new":
        return claim
    claim = claim_respond(
        actor=manager, claim=claim, note="Зв'язалися з клієнтом, прийняли в роботу"
    )
    if state == "in_progress":
        claim_comment(actor=manager, claim=claim, text="Виробничий відділ шукає заміну.")
        return claim
    if state == "waiting":
        return claim_wait(actor=manager, claim=claim, note=WAITING_NOTE)
    if state == "waiting_legal":
        _finish_handoffs(claim, except_codes={"legal"})
        return claim
    if not _finish_handoffs(claim):
        return claim
    claim = claim_resolve(actor=manager, claim=claim, resolution="Недолік усунуто, клієнт в курсі")
    if state == "resolved":
        return claim
    claim = claim_close(
        actor=manager,
        claim=claim,
        client_confirmation="Клієнт підтвердив телефоном",
        satisfaction=4,
    )
    if state == "reopened":
        claim = claim_reopen(actor=manager, claim=claim, reason="Клієнт повідомив, що повторилося")
    return claim


def seed():
    contracts = list(
        Contract.objects.filter(stage__in=[Stage.SUPPORT, Stage.TERMINATION])
        .select_related("client", "manager")
        .order_by("pk")[:4]
    )
    if not contracts:
        return ["Claims: no contract in support or termination, so no demo claims."]
    # The guard who missed a night shift is a claim on a 24/7 security contract, if any.
    around_the_clock = (
        Contract.objects.filter(
            stage__in=[Stage.SUPPORT, Stage.TERMINATION], calendar__always_open=True
        )
        .select_related("client", "manager")
        .order_by("pk")
        .first()
    )
    created = 0
    now = timezone.now()
    for index, (subject, category, priority, formal, hours_ago, state) in enumerate(SCENARIOS):
        contract = contracts[index % len(contracts)]
        if category == "staff_absence" and around_the_clock is not None:
            contract = around_the_clock
        if Claim.objects.filter(contract=contract, subject=subject).exists():
            continue
        site = contract.client.sites.order_by("pk").first()
        contact = contract.client.contacts.order_by("pk").first()
        post, shift = post_and_shift(contract, site)
        try:
            claim = claim_register(
                actor=contract.manager,
                contract=contract,
                category=category,
                priority=priority,
                subject=subject,
                description=f"{subject}. Повідомили о {(now - timedelta(hours=hours_ago)):%H:%M}.",
                channel="letter" if formal else "phone",
                site=site,
                reported_by=contact,
                is_formal=formal is not None,
                formal_number=formal[0] if formal else "",
                formal_amount=formal[1] if formal else None,
                received_at=now - timedelta(hours=hours_ago),
                post=post,
                shift=shift,
            )
        except DomainError as refused:
            return [f"Claims: demo claims not created: {refused.message}"]
        _drive(claim, state)
        created += 1
    total = Claim.objects.filter(contract__in=contracts).count()
    return [
        f"Claims: {created} demo claims created, {total} on the demo contracts.",
        *seed_recurring(contracts[0]),
    ]
