"""Whom a transfer tells: both managers, the head of each department whose open hand-offs
change requester (once per department, however many hand-offs), the executive director."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.urls import reverse

from handoffs.models import Handoff
from org.models import Department, User
from org.roles import Role
from org.services import Notice
from staffing import notifications
from staffing.models import PortfolioTransfer
from staffing.selectors import PortfolioCounts


def executive_directors() -> list[User]:
    return list(
        User.objects.filter(is_active=True, groups__name=Role.EXECUTIVE_DIRECTOR).order_by("pk")
    )


def transfer_notices(
    transfer: PortfolioTransfer, counts: PortfolioCounts, handoffs: Sequence[Handoff]
) -> list[Notice]:
    old, new = transfer.from_manager, transfer.to_manager
    url = transfer.get_absolute_url()
    names = {"from": str(old), "to": str(new), "actor": str(transfer.actor)}
    figures = {**counts.as_dict(), **names}
    my_work = reverse("claims:my_work")
    notices = [
        Notice(recipient=old, message=notifications.TRANSFERRED_AWAY, params=figures, url=my_work),
        Notice(
            recipient=new, message=notifications.TRANSFERRED_TO_YOU, params=figures, url=my_work
        ),
    ]
    by_department = Counter(row.department_id for row in handoffs if row.department_id)
    heads = Department.objects.filter(pk__in=by_department, head__isnull=False).select_related(
        "head"
    )
    for department in heads.order_by("pk"):
        if department.head is None or department.head.pk in (old.pk, new.pk):
            continue
        notices.append(
            Notice(
                recipient=department.head,
                message=notifications.HANDOFFS_NEW_REQUESTER,
                params={**names, "count": by_department[department.pk]},
                url=reverse("handoffs:inbox"),
            )
        )
    notices += [
        Notice(
            recipient=executive,
            message=notifications.TRANSFER_FOR_EXECUTIVE,
            params=figures,
            url=url,
        )
        for executive in executive_directors()
        if executive.pk != transfer.actor_id
    ]
    return notices
