"""The general director's orders on support managers: appointment (an existing user or a
new one gets the role) and dismissal (the portfolio transferred first or in the same
step, absence covers ended, the user deactivated, never deleted)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from org.blockers import BlockedError, Blocker
from org.errors import DomainError
from org.models import AbsenceCover, User
from org.records import save_with_history
from org.roles import Role
from org.services import Notice, notify_many
from staffing import notifications
from staffing.models import OrderKind, PortfolioTransfer, StaffOrder
from staffing.selectors import Portfolio
from staffing.services.notices import executive_directors
from staffing.services.transfer import (
    ensure_general_director,
    is_support_manager,
    lock_people,
    portfolio_transfer,
)


@dataclass(frozen=True)
class NewUser:
    """A person the appointment creates an account for, with the password they start with."""

    username: str
    first_name: str
    last_name: str
    email: str
    password: str


@dataclass(frozen=True)
class OrderDetails:
    number: str
    date: datetime.date
    notes: str = ""


def _check_order_free(kind: OrderKind, order: OrderDetails) -> None:
    if StaffOrder.objects.filter(kind=kind, number=order.number, date=order.date).exists():
        raise DomainError(
            _("An order № %(number)s of %(date)s is already recorded.")
            % {"number": order.number, "date": f"{order.date:%d.%m.%Y}"},
            code="number",
        )


def _record(
    kind: OrderKind,
    order: OrderDetails,
    *,
    person: User,
    actor: User,
    transfer: PortfolioTransfer | None = None,
) -> StaffOrder:
    return save_with_history(
        StaffOrder(
            kind=kind,
            number=order.number,
            date=order.date,
            notes=order.notes,
            person=person,
            transfer=transfer,
            issued_by=actor,
        ),
        actor=actor,
    )


def _create_user(new_user: NewUser, actor: User) -> User:
    if User.objects.filter(username__iexact=new_user.username).exists():
        raise DomainError(_("This username is taken."), code="username")
    user = User(
        username=new_user.username,
        first_name=new_user.first_name,
        last_name=new_user.last_name,
        email=new_user.email,
        position=str(Role.SUPPORT_MANAGER.label),
    )
    user.set_password(new_user.password)
    return save_with_history(user, actor=actor)


@transaction.atomic
def manager_appoint(
    *,
    actor: User,
    order: OrderDetails,
    user: User | None = None,
    new_user: NewUser | None = None,
) -> StaffOrder:
    """Appoint ``user`` (or a new user made from ``new_user``) support manager by ``order``.

    Refused unless the actor is the general director, exactly one of the two is given,
    an existing user is active and not a support manager yet, and the order is new."""
    ensure_general_director(actor)
    if (user is None) == (new_user is None):
        raise DomainError(_("Choose an existing user or describe a new one, not both."))
    _check_order_free(OrderKind.APPOINTMENT, order)
    if user is not None:
        lock_people(user)
        if not user.is_active:
            raise DomainError(_("This user is deactivated."), code="user")
        if is_support_manager(user):
            raise DomainError(_("This user is a support manager already."), code="user")
        person = user
    else:
        if new_user is None:  # pragma: no cover - one of the two, checked above
            raise TypeError("an existing user or a new one")
        person = _create_user(new_user, actor)
    person.groups.add(Group.objects.get(name=Role.SUPPORT_MANAGER))
    recorded = _record(OrderKind.APPOINTMENT, order, person=person, actor=actor)
    notify_many(
        [
            Notice(
                recipient=person,
                message=notifications.APPOINTED,
                params={"number": order.number, "date": f"{order.date:%d.%m.%Y}"},
                url=reverse("claims:my_work"),
            )
        ]
    )
    return recorded


def _portfolio_blocker(manager: User) -> BlockedError:
    counts = Portfolio(manager.pk).counts()
    text = _(
        "%(manager)s still holds a portfolio (%(contracts)s contracts, %(clients)s clients, "
        "%(handoffs)s open hand-offs, %(approvals)s requests being written): transfer it "
        "first, or choose whom it goes to in this step."
    ) % {"manager": manager, **counts.as_dict()}
    url = reverse("staffing:transfer") + f"?from_manager={manager.pk}"
    return BlockedError.of(
        Blocker("portfolio_not_transferred", text, url, _("Transfer the portfolio")),
        code="transfer_to",
    )


def _end_cover(cover: AbsenceCover, *, actor: User, today: datetime.date) -> None:
    """A cover under way ends yesterday; one that has not begun before today is removed
    (its history keeps it)."""
    cover._history_user = actor  # type: ignore[attr-defined]
    if cover.starts_on < today:
        cover.ends_on = today - datetime.timedelta(days=1)
        save_with_history(cover, actor=actor, update_fields=["ends_on"])
    else:
        cover.delete()


def end_covers_of(manager: User, *, actor: User, successor: User | None) -> list[Notice]:
    """End every cover for ``manager`` and every cover by them that is not over; returns
    whom to tell: the covers of the leaving manager, the managers they covered for, and
    the executive director."""
    today = timezone.localdate()
    covers = _covers_touching(manager, today)
    notices: list[Notice] = []
    executives = executive_directors()
    for cover in covers:
        names = {"absent": str(cover.absent), "cover": str(cover.cover), "to": str(successor or "")}
        _end_cover(cover, actor=actor, today=today)
        if cover.absent_id == manager.pk:
            notices.append(Notice(cover.cover, notifications.ABSENCE_ENDED_FOR_COVER, params=names))
            continue
        notices.append(Notice(cover.absent, notifications.COVER_ENDED_FOR_ABSENT, params=names))
        notices += [
            Notice(executive, notifications.COVER_ENDED_FOR_EXECUTIVE, params=names)
            for executive in executives
        ]
    return notices


def _covers_touching(manager: User, today: datetime.date) -> list[AbsenceCover]:
    return list(
        AbsenceCover.objects.select_for_update(of=("self",))
        .filter(Q(absent=manager) | Q(cover=manager), ends_on__gte=today)
        .select_related("absent", "cover")
        .order_by("pk")
    )


@transaction.atomic
def manager_dismiss(
    *,
    actor: User,
    manager: User,
    order: OrderDetails,
    transfer_to: User | None = None,
) -> StaffOrder:
    """Dismiss ``manager`` by ``order``: deactivated (never deleted), covers for and by
    them ended. Refused while they still hold a portfolio, unless ``transfer_to`` names
    whom it goes to in the same step (the whole of it, as `portfolio_transfer`)."""
    ensure_general_director(actor)
    if manager.pk == actor.pk:
        raise DomainError(_("You cannot dismiss yourself."), code="manager")
    if not (manager.is_active and is_support_manager(manager)):
        raise DomainError(_("Choose an active support manager."), code="manager")
    _check_order_free(OrderKind.DISMISSAL, order)
    lock_people(manager)
    notices = end_covers_of(manager, actor=actor, successor=transfer_to)
    transfer = None
    if not Portfolio(manager.pk).counts().is_empty:
        if transfer_to is None:
            raise _portfolio_blocker(manager)
        transfer = portfolio_transfer(
            actor=actor,
            from_manager=manager,
            to_manager=transfer_to,
            reason=_("Dismissal, order № %(number)s of %(date)s")
            % {"number": order.number, "date": f"{order.date:%d.%m.%Y}"},
        )
    manager.is_active = False
    save_with_history(manager, actor=actor, update_fields=["is_active"])
    recorded = _record(OrderKind.DISMISSAL, order, person=manager, actor=actor, transfer=transfer)
    notify_many(notices)
    return recorded
