import pytest

from library import demo
from library.models import Document, DocumentVersion, VersionStatus
from library.selectors import acknowledgement_status
from org import demo as org_demo

pytestmark = pytest.mark.django_db


def test_demo_starts_with_the_job_description_and_is_idempotent():
    org_demo.seed()

    demo.seed()
    counts = (Document.objects.count(), DocumentVersion.objects.count())
    demo.seed()

    assert (Document.objects.count(), DocumentVersion.objects.count()) == counts
    job = Document.objects.earliest("pk")
    current = job.current_version
    assert job.number == "ПІ-01" and current is not None
    assert current.text.endswith("З інструкцією ознайомлений, згоден, примірник на руки отримав")
    status = acknowledgement_status(current)
    assert [person.username for person in status.pending] == ["manager2"]
    assert set(DocumentVersion.objects.values_list("status", flat=True)) == set(
        VersionStatus.values
    )
