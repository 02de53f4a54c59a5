"""Demo: the order that appointed the demo support manager, recorded by the general
director (the appointment itself happened before the system: the user has the role)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from org.models import User
from org.records import save_with_history
from staffing.models import OrderKind, StaffOrder

ORDER_NUMBER = "12-к"


def seed() -> list[str]:
    manager = User.objects.get(username="manager")
    general = User.objects.get(username="general")
    date = timezone.localdate() - datetime.timedelta(days=400)
    order = StaffOrder.objects.filter(
        kind=OrderKind.APPOINTMENT, number=ORDER_NUMBER, person=manager
    ).first()
    if order is None:
        order = save_with_history(
            StaffOrder(
                kind=OrderKind.APPOINTMENT,
                number=ORDER_NUMBER,
                date=date,
                person=manager,
                issued_by=general,
                notes="Призначено на посаду менеджера з клієнтської підтримки з випробувальним терміном три місяці.",
            ),
            actor=general,
        )
    return [f"Staffing: appointment order № {order.number} of {order.date:%d.%m.%Y} for {manager}"]
