import pytest
from django.db import IntegrityError

from library import services
from library.models import Acknowledgement
from library.selectors import acknowledgement_status, not_yet_acknowledged, versions_awaiting_me
from org.errors import DomainError
from org.roles import Role

pytestmark = pytest.mark.django_db


def test_acknowledging_records_who_which_version_and_when(approved, manager):
    item = services.acknowledgement_record(actor=manager, version=approved)

    assert (item.user, item.version, item.acknowledged_at is not None) == (manager, approved, True)


def test_a_double_click_records_once(approved, manager):
    first = services.acknowledgement_record(actor=manager, version=approved)
    second = services.acknowledgement_record(actor=manager, version=approved)

    assert first.pk == second.pk
    assert Acknowledgement.objects.count() == 1


def test_the_database_refuses_a_second_acknowledgement(approved, manager):
    Acknowledgement.objects.create(version=approved, user=manager)

    with pytest.raises(IntegrityError):
        Acknowledgement.objects.create(version=approved, user=manager)


def test_each_new_version_is_acknowledged_anew(approved, manager, executive_director, approve):
    services.acknowledgement_record(actor=manager, version=approved)
    draft = services.version_create(
        actor=executive_director, document=approved.document, text="Нова редакція"
    )
    second = approve(draft)

    assert list(versions_awaiting_me(manager)) == [second]
    assert Acknowledgement.objects.filter(user=manager).count() == 1


def test_a_superseded_version_cannot_be_acknowledged(approved, manager, next_version):
    with pytest.raises(DomainError) as error:
        services.acknowledgement_record(actor=manager, version=approved)

    assert error.value.code == "state"
    assert "замінено" in str(error.value)
    assert not Acknowledgement.objects.exists()


def test_a_draft_cannot_be_acknowledged(document, manager):
    with pytest.raises(DomainError):
        services.acknowledgement_record(actor=manager, version=document.versions.get())


def test_only_the_people_it_applies_to_acknowledge(approved, department_staff):
    with pytest.raises(DomainError) as error:
        services.acknowledgement_record(actor=department_staff, version=approved)

    assert error.value.code == "forbidden"


def test_not_yet_acknowledged_lists_the_missing_people_by_role_and_department(
    make_document, approve, make_user, manager
):
    other_manager = make_user(Role.SUPPORT_MANAGER, last_name="Яковенко")
    production = make_user(Role.DEPARTMENT_STAFF, department="production")
    make_user(Role.DEPARTMENT_STAFF, department="hr")
    make_user(Role.SUPPORT_MANAGER, is_active=False)
    document = make_document(roles=(Role.SUPPORT_MANAGER,), departments=("production",))
    version = approve(document.versions.get())
    services.acknowledgement_record(actor=manager, version=version)

    status = acknowledgement_status(version)

    assert {person.pk for person in status.pending} == {other_manager.pk, production.pk}
    assert [item.user for item in status.acknowledged] == [manager]
    assert status.audience_count == 3


def test_a_document_for_everyone_applies_to_everyone_with_a_role(
    make_document, approve, manager, department_staff, make_user
):
    make_user()  # no role: not an employee of the desk
    version = approve(
        make_document(number="ПЯ-01", roles=(), applies_to_everyone=True).versions.get()
    )

    pending = set(not_yet_acknowledged(version).values_list("pk", flat=True))

    assert {manager.pk, department_staff.pk} <= pending
    assert len(pending) == 4  # with the two directors who made the document


def test_what_waits_for_me_leaves_out_what_i_have_read(approved, manager):
    assert list(versions_awaiting_me(manager)) == [approved]

    services.acknowledgement_record(actor=manager, version=approved)

    assert list(versions_awaiting_me(manager)) == []
