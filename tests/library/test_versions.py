import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from library import services
from library.models import DocumentVersion, VersionAction, VersionStatus
from org.errors import DomainError

pytestmark = pytest.mark.django_db


def test_a_new_document_starts_with_a_draft_first_version(document, executive_director):
    version = document.versions.get()

    assert (version.number, version.status) == (1, VersionStatus.DRAFT)
    assert document.current_version is None
    assert list(version.events.values_list("action", "actor")) == [
        (VersionAction.CREATED, executive_director.pk)
    ]


def test_document_numbers_are_unique(make_document):
    make_document(number="Н-15")

    with pytest.raises(DomainError) as error:
        make_document(number=" Н-15 ")

    assert error.value.code == "number"


@pytest.mark.parametrize("role", ["manager", "department_staff"])
def test_only_directors_and_department_heads_write_documents(request, make_document, role):
    user = request.getfixturevalue(role)

    with pytest.raises(DomainError) as error:
        services.document_create(actor=user, kind="order", number="Н-1", title="Наказ")

    assert error.value.code == "forbidden"


def test_department_heads_write_documents(department_head):
    document = services.document_create(
        actor=department_head, kind="template", number="Ш-1", title="Шаблон", departments=[]
    )

    assert document.versions.get().created_by == department_head


def test_general_director_approval_is_recorded_with_who_and_when(approved, general_director):
    approved.refresh_from_db()

    assert approved.status == VersionStatus.APPROVED
    assert approved.approved_by == general_director
    assert approved.approved_at is not None
    assert approved.effective_from == timezone.localdate()
    assert approved.document.current_version == approved
    decision = approved.events.get(action=VersionAction.APPROVED)
    assert (decision.actor, decision.created_at is not None) == (general_director, True)


def test_only_the_general_director_approves(document, executive_director):
    version = services.version_submit(actor=executive_director, version=document.versions.get())

    with pytest.raises(DomainError) as error:
        services.version_approve(
            actor=executive_director, version=version, effective_from=timezone.localdate()
        )

    assert error.value.code == "forbidden"
    version.refresh_from_db()
    assert version.status == VersionStatus.SUBMITTED


def test_a_draft_is_not_approved_before_it_is_submitted(document, general_director):
    with pytest.raises(DomainError) as error:
        services.version_approve(
            actor=general_director,
            version=document.versions.get(),
            effective_from=timezone.localdate(),
        )

    assert error.value.code == "state"


def test_return_for_revision_needs_a_reason_and_reopens_the_draft(
    document, executive_director, general_director
):
    version = services.version_submit(actor=executive_director, version=document.versions.get())
    with pytest.raises(DomainError):
        services.version_return(actor=general_director, version=version, comment=" ")

    services.version_return(actor=general_director, version=version, comment="Уточніть п. 2")

    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT
    returned = version.events.get(action=VersionAction.RETURNED)
    assert (returned.actor, returned.comment) == (general_director, "Уточніть п. 2")


def test_approving_the_next_version_supersedes_the_one_in_force(approved, next_version):
    approved.refresh_from_db()

    assert (approved.status, next_version.number) == (VersionStatus.SUPERSEDED, 2)
    assert approved.superseded_at is not None
    assert approved.document.current_version == next_version


def test_one_version_in_preparation_at_a_time(approved, executive_director):
    services.version_create(actor=executive_director, document=approved.document, text="Нова")

    with pytest.raises(DomainError) as error:
        services.version_create(actor=executive_director, document=approved.document, text="Ще")

    assert error.value.code == "open_version"


def test_an_approved_version_no_longer_changes(approved, executive_director):
    with pytest.raises(DomainError):
        services.version_update(actor=executive_director, version=approved, data={"text": "X"})


def test_a_version_without_text_or_file_is_not_submitted(make_document, executive_director):
    document = make_document(text="")

    with pytest.raises(DomainError):
        services.version_submit(actor=executive_director, version=document.versions.get())


def test_a_renamed_file_is_refused_as_every_upload(make_document):
    fake = SimpleUploadedFile("policy.pdf", b"MZ\x90\x00 not a pdf")

    with pytest.raises(DomainError) as error:
        make_document(file=fake)

    assert error.value.code == "file"
    assert not DocumentVersion.objects.exists()


def test_approval_tells_the_people_it_applies_to(manager, department_staff, approved):
    texts = list(manager.notifications.values_list("params", flat=True))

    assert texts and texts[0]["number"] == "ПІ-01"
    assert not department_staff.notifications.exists()


def test_a_version_may_come_into_force_later(document, executive_director, general_director):
    later = timezone.localdate() + datetime.timedelta(days=14)
    version = services.version_submit(actor=executive_director, version=document.versions.get())

    version = services.version_approve(
        actor=general_director, version=version, effective_from=later
    )

    assert version.effective_from == later
