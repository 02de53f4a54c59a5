import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from handoffs import services
from handoffs.models import Handoff, Kind, Status
from org.models import Department
from tests.contracts.factories import ContractFactory
from tests.handoffs.factories import HandoffFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_one_click_take_with_htmx_returns_the_row(client, staff, handoff):
    client.force_login(staff)

    response = client.post(reverse("handoffs:take", args=[handoff.pk]), **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith("<tr")
    assert f'id="handoff-{handoff.pk}"' in html
    assert "<html" not in html
    handoff.refresh_from_db()
    assert handoff.assignee == staff


def test_htmx_conflict_answers_409_with_the_reason_in_the_row(client, staff, colleague, handoff):
    services.handoff_take(actor=colleague, handoff=handoff)
    client.force_login(staff)

    response = client.post(reverse("handoffs:take", args=[handoff.pk]), **HTMX)

    assert response.status_code == 409
    html = response.content.decode()
    assert f'id="handoff-{handoff.pk}"' in html
    assert str(colleague) in html
    assert 'role="alert"' in html


def test_htmx_complete_twice_second_gets_409(client, staff, handoff):
    client.force_login(staff)
    url = reverse("handoffs:complete", args=[handoff.pk])

    first = client.post(url, {"result": "Готово"}, **HTMX)
    second = client.post(url, {"result": "Ще раз"}, **HTMX)

    assert first.status_code == 200
    assert second.status_code == 409
    handoff.refresh_from_db()
    assert handoff.result == "Готово"


def test_plain_post_redirects_back_with_a_message(client, staff, handoff):
    client.force_login(staff)
    back = reverse("handoffs:inbox") + "?tab=unassigned"

    response = client.post(reverse("handoffs:start", args=[handoff.pk]), {"next": back})

    assert response.status_code == 302
    assert response.url == back
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages
    handoff.refresh_from_db()
    assert handoff.status == Status.IN_PROGRESS


def test_plain_post_of_an_illegal_move_shows_the_error_not_a_500(client, staff, handoff):
    client.force_login(staff)

    response = client.post(
        reverse("handoffs:complete", args=[handoff.pk]), {"result": ""}, follow=True
    )

    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])
    handoff.refresh_from_db()
    assert handoff.status == Status.OPEN


def test_unsafe_next_is_ignored(client, staff, handoff):
    client.force_login(staff)

    response = client.post(
        reverse("handoffs:take", args=[handoff.pk]), {"next": "https://evil.example/"}
    )

    assert response.url == handoff.get_absolute_url()


def test_actions_are_post_only(client, staff, handoff):
    client.force_login(staff)

    assert client.get(reverse("handoffs:take", args=[handoff.pk])).status_code == 405


def test_actions_need_the_csrf_token(staff, handoff):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff)

    assert browser.post(reverse("handoffs:take", args=[handoff.pk])).status_code == 403


def test_another_department_gets_404_everywhere(client, hr_staff, handoff):
    attachment = services.handoff_attach(
        actor=handoff.requested_by,
        handoff=handoff,
        file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"),
    )
    client.force_login(hr_staff)

    assert client.get(reverse("handoffs:detail", args=[handoff.pk])).status_code == 404
    assert client.post(reverse("handoffs:take", args=[handoff.pk])).status_code == 404
    assert client.get(reverse("handoffs:attachment", args=[attachment.pk])).status_code == 404


def test_staff_cannot_assign_403(client, staff, colleague, handoff):
    client.force_login(staff)

    response = client.post(
        reverse("handoffs:assign", args=[handoff.pk]), {"assignee": colleague.pk}
    )

    assert response.status_code == 403
    handoff.refresh_from_db()
    assert handoff.assignee is None


def test_requester_may_see_but_not_work_the_hand_off(client, manager, handoff):
    client.force_login(manager)

    assert client.get(reverse("handoffs:detail", args=[handoff.pk])).status_code == 200
    assert client.post(reverse("handoffs:start", args=[handoff.pk])).status_code == 403


def test_head_assigns_from_the_hand_off_page(client, head, staff, handoff):
    client.force_login(head)

    response = client.post(reverse("handoffs:assign", args=[handoff.pk]), {"assignee": staff.pk})

    assert response.status_code == 302
    handoff.refresh_from_db()
    assert handoff.assignee == staff


def test_head_bulk_assigns_the_selected_rows(client, head, staff):
    rows = HandoffFactory.create_batch(3)
    client.force_login(head)

    client.post(
        reverse("handoffs:bulk"),
        {"action": "assign", "assignee": staff.pk, "ids": [rows[0].pk, rows[1].pk]},
    )

    assignees = dict(Handoff.objects.values_list("pk", "assignee_id"))
    assert assignees == {rows[0].pk: staff.pk, rows[1].pk: staff.pk, rows[2].pk: None}


def test_staff_bulk_takes_and_completes_with_one_result(client, staff, hr_staff):
    rows = HandoffFactory.create_batch(2)
    foreign = HandoffFactory(department=Department.objects.get(code="hr"))
    client.force_login(staff)
    ids = [rows[0].pk, rows[1].pk, foreign.pk]

    client.post(reverse("handoffs:bulk"), {"action": "take", "ids": ids})
    client.post(
        reverse("handoffs:bulk"), {"action": "complete", "result": "Дані надано", "ids": ids}
    )

    for row in rows:
        row.refresh_from_db()
        assert (row.assignee, row.status, row.result) == (staff, Status.DONE, "Дані надано")
    foreign.refresh_from_db()
    assert foreign.status == Status.OPEN and foreign.assignee is None


def test_staff_cannot_bulk_assign(client, staff, colleague):
    row = HandoffFactory()
    client.force_login(staff)

    response = client.post(
        reverse("handoffs:bulk"), {"action": "assign", "assignee": colleague.pk, "ids": [row.pk]}
    )

    assert response.status_code == 403


def test_hand_off_page_shows_the_forms_allowed_now(client, staff, handoff):
    client.force_login(staff)

    html = client.get(reverse("handoffs:detail", args=[handoff.pk])).content.decode()

    assert reverse("handoffs:complete", args=[handoff.pk]) in html
    assert reverse("handoffs:decline", args=[handoff.pk]) in html
    assert reverse("handoffs:assign", args=[handoff.pk]) not in html
    assert reverse("handoffs:reopen", args=[handoff.pk]) not in html


def test_overdue_hand_off_page_says_how_long(client, staff):
    late = HandoffFactory(due_at=timezone.now() - datetime.timedelta(days=2, hours=1))
    client.force_login(staff)

    html = client.get(reverse("handoffs:detail", args=[late.pk])).content.decode()

    assert 'class="overdue"' in html


def test_comment_with_htmx_returns_the_comments_block(client, manager, handoff):
    client.force_login(manager)

    response = client.post(
        reverse("handoffs:comment", args=[handoff.pk]), {"text": "Коли буде?"}, **HTMX
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="comments"' in html and "Коли буде?" in html
    assert "<html" not in html


def test_upload_and_download_an_attachment(client, staff, handoff):
    client.force_login(staff)

    client.post(
        reverse("handoffs:attach", args=[handoff.pk]),
        {"file": SimpleUploadedFile("act.pdf", b"%PDF-1.4 act")},
    )
    attachment = handoff.attachments.get()
    response = client.get(reverse("handoffs:attachment", args=[attachment.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 act"
    assert "attachment" in response["Content-Disposition"]


def test_disguised_upload_is_refused_with_a_message(client, staff, handoff):
    client.force_login(staff)

    response = client.post(
        reverse("handoffs:attach", args=[handoff.pk]),
        {"file": SimpleUploadedFile("act.pdf", b"MZ executable")},
        follow=True,
    )

    assert response.status_code == 200
    assert not handoff.attachments.exists()


# ------------------------------------------------------------------ create


def test_manager_creates_a_hand_off_from_a_contract(client, manager):
    contract = ContractFactory(manager=manager, client__account_manager=manager)
    client.force_login(manager)
    page = client.get(reverse("handoffs:create"), {"contract": contract.pk, "kind": "site_survey"})
    assert page.status_code == 200
    departments = list(page.context["form"].fields["department"].queryset)
    assert [d.code for d in departments] == ["production"]
    due = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(
        reverse("handoffs:create"),
        {
            "kind": Kind.SITE_SURVEY,
            "department": departments[0].pk,
            "title": "Обстежити об'єкт",
            "due_at": due,
            "contract": contract.pk,
        },
    )

    handoff = Handoff.objects.get()
    assert response.url == handoff.get_absolute_url()
    assert (handoff.contract, handoff.client, handoff.requested_by) == (
        contract,
        contract.client,
        manager,
    )


def test_manager_requests_information_from_any_department(client, manager):
    client.force_login(manager)
    legal = Department.objects.get(code="legal")
    due = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")

    client.post(
        reverse("handoffs:create"),
        {
            "kind": Kind.INFORMATION_REQUEST,
            "department": legal.pk,
            "title": "Статистика",
            "due_at": due,
        },
    )

    assert Handoff.objects.get().department == legal


def test_create_refuses_a_department_that_does_not_take_the_kind(client, manager):
    client.force_login(manager)
    due = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(
        reverse("handoffs:create"),
        {
            "kind": Kind.SITE_SURVEY,
            "department": Department.objects.get(code="hr").pk,
            "title": "x",
            "due_at": due,
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["department"]
    assert not Handoff.objects.exists()


def test_create_offers_only_visible_contracts(client, manager):
    mine = ContractFactory(manager=manager, client__account_manager=manager)
    ContractFactory()
    client.force_login(manager)

    form = client.get(reverse("handoffs:create")).context["form"]

    assert list(form.fields["contract"].queryset) == [mine]


def test_department_staff_cannot_create(client, staff):
    client.force_login(staff)

    assert client.get(reverse("handoffs:create")).status_code == 403


# -------------------------------------------------------------- my hand-offs


def test_my_hand_offs_show_what_waits_overdue_first(client, manager, staff, make_user):
    from org.roles import Role

    now = timezone.now()
    later = HandoffFactory(requested_by=manager, due_at=now + datetime.timedelta(days=2))
    late = HandoffFactory(requested_by=manager, due_at=now - datetime.timedelta(days=1))
    HandoffFactory(requested_by=make_user(Role.SUPPORT_MANAGER))
    done = HandoffFactory(requested_by=manager, status=Status.DONE, completed_at=now)
    follow_up = services.handoff_create(
        actor=manager, kind=Kind.EXTENSION_OPPORTUNITY, title="Подзвонити", assignee=manager
    )
    client.force_login(manager)

    response = client.get(reverse("handoffs:mine"))
    finished = client.get(reverse("handoffs:mine"), {"tab": "done"})

    assert [h.pk for h in response.context["rows"]] == [late.pk, later.pk]
    assert [h.pk for h in response.context["follow_ups"]] == [follow_up.pk]
    assert [h.pk for h in finished.context["rows"]] == [done.pk]
