import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from approvals import services
from approvals.models import WRITTEN_ELSEWHERE, ApprovalRequest, Kind, Status
from org.roles import Role
from tests.approvals.factories import ApprovalRequestFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes(part="word/document.xml"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<document/>")
    return buffer.getvalue()


@pytest.fixture
def signed_in(client, manager):
    client.force_login(manager)
    return client


def test_my_requests_lists_mine_by_tab(signed_in, manager, make_user):
    ApprovalRequestFactory(author=manager, title="Мій план")
    ApprovalRequestFactory(author=make_user(Role.SUPPORT_MANAGER), title="Чужий план")
    submitted = ApprovalRequestFactory(
        author=manager, title="Подана пропозиція", kind=Kind.PROPOSAL
    )
    services.approval_submit(actor=manager, request=submitted)

    drafts = signed_in.get(reverse("approvals:mine")).content.decode()
    on_submitted = signed_in.get(reverse("approvals:mine") + "?tab=submitted").content.decode()

    assert "Мій план" in drafts and "Чужий план" not in drafts
    assert "Подана пропозиція" not in drafts
    assert "Подана пропозиція" in on_submitted


def test_another_managers_request_is_404(signed_in, make_user):
    theirs = ApprovalRequestFactory(author=make_user(Role.SUPPORT_MANAGER))

    assert signed_in.get(reverse("approvals:detail", args=[theirs.pk])).status_code == 404
    assert signed_in.get(reverse("approvals:edit", args=[theirs.pk])).status_code == 404
    assert signed_in.post(reverse("approvals:submit", args=[theirs.pk])).status_code == 404


def test_create_extra_funds_draft_and_submit(signed_in, manager):
    response = signed_in.post(
        reverse("approvals:create", args=[Kind.EXTRA_FUNDS]),
        {
            "title": "Пилососи",
            "amount": "150000.00",
            "purpose": "Два промислові пилососи",
            "content": "Старі зламалися",
        },
    )
    approval = ApprovalRequest.objects.get(title="Пилососи")
    assert response.status_code == 302
    assert response.url == approval.get_absolute_url()
    assert approval.amount == Decimal("150000.00") and approval.status == Status.DRAFT

    signed_in.post(reverse("approvals:submit", args=[approval.pk]))

    approval.refresh_from_db()
    assert approval.status == Status.SUBMITTED
    assert approval.steps.count() == 2


def test_create_quarterly_plan_from_type_year_and_number(signed_in):
    signed_in.post(
        reverse("approvals:create", args=[Kind.WORK_PLAN]),
        {
            "title": "План на II квартал",
            "period_type": "quarter",
            "period_year": "2025",
            "period_number": "2",
            "content": "Обійти всі об'єкти",
        },
    )

    plan = ApprovalRequest.objects.get(title="План на II квартал")
    assert (plan.period_start, plan.period_end) == (
        datetime.date(2025, 4, 1),
        datetime.date(2025, 6, 30),
    )


def test_quarter_number_out_of_range_is_a_form_error(signed_in):
    response = signed_in.post(
        reverse("approvals:create", args=[Kind.WORK_PLAN]),
        {
            "title": "План",
            "period_type": "quarter",
            "period_year": "2025",
            "period_number": "7",
            "content": "x",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["period_number"]
    assert not ApprovalRequest.objects.exists()


def test_edit_draft_and_see_it(signed_in, manager):
    draft = ApprovalRequestFactory(author=manager, kind=Kind.PROPOSAL, title="Стара назва")

    signed_in.post(
        reverse("approvals:edit", args=[draft.pk]),
        {"title": "Нова назва", "content": "Текст", "version": draft.version},
    )

    draft.refresh_from_db()
    assert draft.title == "Нова назва"
    page = signed_in.get(draft.get_absolute_url()).content.decode()
    assert "Нова назва" in page


def test_editing_a_submitted_request_is_refused_with_a_message(signed_in, manager):
    plan = services.approval_submit(actor=manager, request=ApprovalRequestFactory(author=manager))

    response = signed_in.get(reverse("approvals:edit", args=[plan.pk]), follow=True)

    assert response.redirect_chain[-1][0] == plan.get_absolute_url()
    assert list(response.context["messages"])


def test_detail_shows_the_decision_with_comments_and_steps(signed_in, manager, executive_director):
    plan = services.approval_submit(actor=manager, request=ApprovalRequestFactory(author=manager))
    services.approval_return(actor=executive_director, request=plan, comment="Уточніть терміни")

    page = signed_in.get(plan.get_absolute_url()).content.decode()

    assert "Уточніть терміни" in page
    assert str(executive_director) in page


def test_draft_report_preview_then_save(signed_in, manager):
    query = {"period_type": "month", "period_year": "2025", "period_number": "3"}

    preview = signed_in.get(reverse("approvals:draft_report"), query)
    assert preview.status_code == 200 and preview.context["previewed"]
    assert not ApprovalRequest.objects.exists()

    saved = signed_in.post(reverse("approvals:draft_report"), query)

    report = ApprovalRequest.objects.get()
    assert saved.url == report.get_absolute_url()
    assert report.kind == Kind.REPORT and report.figures["period_start"] == "2025-03-01"


def test_attach_a_real_pdf_and_download_it(signed_in, manager, client, make_user):
    draft = ApprovalRequestFactory(author=manager)

    signed_in.post(
        reverse("approvals:attach", args=[draft.pk]),
        {"file": SimpleUploadedFile("кошторис.pdf", PDF, content_type="application/pdf")},
    )

    attachment = draft.attachments.get()
    assert attachment.original_name == "кошторис.pdf"
    response = signed_in.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]

    client.force_login(make_user(Role.SUPPORT_MANAGER))
    assert client.get(attachment.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("fake.pdf", b"MZ\x90\x00 not a pdf"),
        ("script.exe", b"MZ\x90\x00"),
        ("table.xlsx", docx_bytes("word/document.xml")),
        ("photo.png", b"\xff\xd8\xff\xe0 a jpeg"),
    ],
)
def test_attachment_content_must_match_its_name(signed_in, manager, name, content):
    draft = ApprovalRequestFactory(author=manager)

    response = signed_in.post(
        reverse("approvals:attach", args=[draft.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )

    assert not draft.attachments.exists()
    assert list(response.context["messages"])


def test_real_docx_is_accepted(signed_in, manager):
    draft = ApprovalRequestFactory(author=manager)

    signed_in.post(
        reverse("approvals:attach", args=[draft.pk]),
        {"file": SimpleUploadedFile("план.docx", docx_bytes())},
    )

    assert draft.attachments.get().content_type.endswith("wordprocessingml.document")


def test_remove_attachment_only_while_draft(signed_in, manager):
    draft = ApprovalRequestFactory(author=manager)
    attachment = services.approval_attach_file(
        actor=manager, request=draft, file=SimpleUploadedFile("a.pdf", PDF)
    )

    signed_in.post(reverse("approvals:remove_attachment", args=[draft.pk, attachment.pk]))

    assert not draft.attachments.exists()


def test_submit_is_post_only(signed_in, manager):
    draft = ApprovalRequestFactory(author=manager)

    assert signed_in.get(reverse("approvals:submit", args=[draft.pk])).status_code == 405


def test_department_staff_cannot_write_requests(client, department_staff):
    client.force_login(department_staff)

    assert client.get(reverse("approvals:choose_kind")).status_code == 403
    assert client.post(reverse("approvals:create", args=[Kind.PROPOSAL]), {}).status_code == 403


@pytest.mark.parametrize("kind", sorted(set(Kind.values) - WRITTEN_ELSEWHERE))
def test_new_request_form_opens_for_every_kind(signed_in, kind):
    assert signed_in.get(reverse("approvals:choose_kind")).status_code == 200

    response = signed_in.get(reverse("approvals:create", args=[kind]))

    assert response.status_code == 200
    assert ("amount" in response.context["form"].fields) == (kind == Kind.EXTRA_FUNDS)
    assert ("period_type" in response.context["form"].fields) == (
        kind in (Kind.WORK_PLAN, Kind.REPORT)
    )


def test_a_client_report_is_written_on_its_own_page_not_here(signed_in):
    """The monthly client report is an approvals request written by the reports app."""
    kinds = signed_in.get(reverse("approvals:choose_kind")).context["kinds"]

    assert Kind.CLIENT_REPORT not in dict(kinds)
    assert signed_in.get(reverse("approvals:create", args=[Kind.CLIENT_REPORT])).status_code == 404


def test_cover_may_write_on_behalf_of_the_absent_manager(client, manager, make_user):
    from django.utils import timezone

    from org.models import AbsenceCover

    cover = make_user(Role.SUPPORT_MANAGER)
    today = timezone.localdate()
    AbsenceCover.objects.create(absent=manager, cover=cover, starts_on=today, ends_on=today)
    client.force_login(cover)

    client.post(
        reverse("approvals:create", args=[Kind.PROPOSAL]),
        {"on_behalf_of": manager.pk, "title": "За колегу", "content": "Текст"},
    )

    approval = ApprovalRequest.objects.get(title="За колегу")
    assert approval.author == cover and approval.on_behalf_of == manager
    client.force_login(manager)
    page = client.get(approval.get_absolute_url())
    assert page.status_code == 200
