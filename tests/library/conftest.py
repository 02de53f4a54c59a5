import pytest
from django.contrib.auth.models import Group

from library import services
from org.models import Department
from org.roles import Role


@pytest.fixture
def make_document(executive_director):
    """A document applying to the given roles and departments, its first version a draft."""

    def make(*, number="ПІ-01", roles=(Role.SUPPORT_MANAGER,), departments=(), **kwargs):
        kwargs.setdefault("title", "Посадова інструкція менеджера")
        kwargs.setdefault("kind", "instruction")
        kwargs.setdefault("text", "1. Загальні положення")
        return services.document_create(
            actor=executive_director,
            number=number,
            roles=list(Group.objects.filter(name__in=[role.value for role in roles])),
            departments=list(Department.objects.filter(code__in=departments)),
            **kwargs,
        )

    return make


@pytest.fixture
def approve(executive_director, general_director):
    """Submit a draft and approve it, in force from today."""
    from django.utils import timezone

    def approve_version(version):
        services.version_submit(actor=executive_director, version=version)
        return services.version_approve(
            actor=general_director, version=version, effective_from=timezone.localdate()
        )

    return approve_version


@pytest.fixture
def document(make_document):
    return make_document()


@pytest.fixture
def approved(document, approve):
    """The document's first version, approved and in force."""
    return approve(document.versions.get())


@pytest.fixture
def next_version(executive_director, approved, approve):
    """A second version approved: the first is now superseded."""
    draft = services.version_create(
        actor=executive_director, document=approved.document, text="Нова редакція"
    )
    return approve(draft)
