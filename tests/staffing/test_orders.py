import datetime

import pytest
from django.utils import timezone

from contracts.models import Contract
from org.blockers import BlockedError
from org.errors import DomainError
from org.models import AbsenceCover, Notification, User
from org.roles import Role
from staffing import notifications
from staffing.models import OrderKind, PortfolioTransfer, StaffOrder
from staffing.services import NewUser, OrderDetails, manager_appoint, manager_dismiss

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


def order(number="15-к"):
    return OrderDetails(number=number, date=TODAY, notes="За заявою")


NEW_PERSON = NewUser(
    username="m.hnatenko",
    first_name="Марія",
    last_name="Гнатенко",
    email="m.hnatenko@example.com",
    password="Kyiv-2026-support",
)


def test_an_existing_user_is_appointed_and_the_order_recorded(make_user, general_director):
    person = make_user(Role.DEPARTMENT_STAFF, department="sales")

    recorded = manager_appoint(actor=general_director, order=order(), user=person)

    assert person.groups.filter(name=Role.SUPPORT_MANAGER).exists()
    assert (recorded.kind, recorded.number, recorded.date) == (OrderKind.APPOINTMENT, "15-к", TODAY)
    assert (recorded.person, recorded.issued_by, recorded.notes) == (
        person,
        general_director,
        "За заявою",
    )
    assert recorded.history.get().history_user == general_director
    assert Notification.objects.filter(recipient=person, message=notifications.APPOINTED).exists()


def test_a_new_user_is_created_with_the_role_and_can_sign_in(general_director):
    recorded = manager_appoint(actor=general_director, order=order(), new_user=NEW_PERSON)

    person = User.objects.get(username="m.hnatenko")
    assert recorded.person == person
    assert person.check_password("Kyiv-2026-support") and person.is_active
    assert person.is_support_manager
    assert (person.first_name, person.last_name, person.email) == (
        "Марія",
        "Гнатенко",
        "m.hnatenko@example.com",
    )


def test_appointment_refusals_write_nothing(make_user, manager, general_director):
    manager_appoint(actor=general_director, order=order("1-к"), new_user=NEW_PERSON)
    refusals = {}
    for label, kwargs in {
        "already": {"user": manager, "order": order("2-к")},
        "taken": {"new_user": NEW_PERSON, "order": order("3-к")},
        "same order": {"user": make_user(), "order": order("1-к")},
        "both": {"user": make_user(), "new_user": NEW_PERSON, "order": order("4-к")},
    }.items():
        with pytest.raises(DomainError) as refusal:
            manager_appoint(actor=general_director, **kwargs)
        refusals[label] = refusal.value.code

    assert refusals == {
        "already": "user",
        "taken": "username",
        "same order": "number",
        "both": "refused",
    }
    assert StaffOrder.objects.count() == 1


def test_only_the_general_director_appoints(make_user, executive_director):
    person = make_user()

    with pytest.raises(DomainError) as refusal:
        manager_appoint(actor=executive_director, order=order(), user=person)

    assert refusal.value.code == "forbidden"
    assert not person.groups.exists()


def test_dismissal_without_a_transfer_is_refused_with_a_link_to_it(
    build_portfolio, manager, general_director
):
    build_portfolio(manager)

    with pytest.raises(BlockedError) as refusal:
        manager_dismiss(actor=general_director, manager=manager, order=order())

    assert f"/staffing/transfer/?from_manager={manager.pk}" in str(refusal.value.message)
    manager.refresh_from_db()
    assert manager.is_active
    assert not StaffOrder.objects.exists()


def test_dismissal_transfers_in_the_same_step_and_deactivates(
    build_portfolio, manager, make_user, general_director
):
    successor = make_user(Role.SUPPORT_MANAGER)
    work = build_portfolio(manager, size=2)

    recorded = manager_dismiss(
        actor=general_director, manager=manager, order=order(), transfer_to=successor
    )

    manager.refresh_from_db()
    assert not manager.is_active and User.objects.filter(pk=manager.pk).exists()
    assert recorded.kind == OrderKind.DISMISSAL and recorded.transfer is not None
    assert recorded.transfer.whole and recorded.transfer.to_manager == successor
    assert set(Contract.objects.filter(manager=successor)) == set(work.contracts)


def test_a_manager_with_nothing_left_is_dismissed_without_a_transfer(manager, general_director):
    recorded = manager_dismiss(actor=general_director, manager=manager, order=order())

    assert recorded.transfer is None
    assert not PortfolioTransfer.objects.exists()
    manager.refresh_from_db()
    assert not manager.is_active


def test_dismissal_ends_the_covers_for_and_by_the_manager_and_tells_them(
    manager, make_user, general_director, executive_director
):
    absent_colleague, covering = make_user(Role.SUPPORT_MANAGER), make_user(Role.SUPPORT_MANAGER)
    today = timezone.localdate()
    week = datetime.timedelta(days=7)
    # The leaving manager is away, covered; and covers for a colleague who is away.
    for_them = AbsenceCover.objects.create(
        absent=manager, cover=covering, starts_on=today - week, ends_on=today + week
    )
    by_them = AbsenceCover.objects.create(
        absent=absent_colleague, cover=manager, starts_on=today, ends_on=today + week
    )

    manager_dismiss(actor=general_director, manager=manager, order=order())

    for_them.refresh_from_db()
    assert for_them.ends_on == today - datetime.timedelta(days=1)
    assert not AbsenceCover.objects.filter(pk=by_them.pk).exists()  # had not begun before today
    assert AbsenceCover.history.filter(id=by_them.pk, history_type="-").get().history_user == (
        general_director
    )
    messages = {
        user: list(Notification.objects.filter(recipient=user).values_list("message", flat=True))
        for user in (covering, absent_colleague, executive_director)
    }
    assert messages == {
        covering: [notifications.ABSENCE_ENDED_FOR_COVER],
        absent_colleague: [notifications.COVER_ENDED_FOR_ABSENT],
        executive_director: [notifications.COVER_ENDED_FOR_EXECUTIVE],
    }


def test_dismissal_refusals(manager, make_user, general_director):
    staff = make_user(Role.DEPARTMENT_STAFF, department="hr")
    manager_dismiss(actor=general_director, manager=make_user(Role.SUPPORT_MANAGER), order=order())
    codes = []
    for person, details in (
        (staff, order("2-к")),
        (manager, order()),
        (general_director, order("3-к")),
    ):
        with pytest.raises(DomainError) as refusal:
            manager_dismiss(actor=general_director, manager=person, order=details)
        codes.append(refusal.value.code)

    assert codes == ["manager", "number", "manager"]
    assert User.objects.filter(is_active=False).count() == 1
