"""An inbox row offers one action as a button and keeps the others behind its "more"
menu, loaded when opened: fifty rows of four buttons each made the inbox too heavy."""

import pytest
from django.urls import reverse

from handoffs import services

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/handoffs/"}


def row_html(client, handoff, tab):
    html = client.get(reverse("handoffs:inbox"), {"tab": tab}).content.decode()
    start = html.index(f'<tr id="handoff-{handoff.pk}"')
    return html[start : html.index("</tr>", start)]


def test_an_unassigned_row_offers_take_and_loads_the_rest(client, staff, handoff):
    client.force_login(staff)

    row = row_html(client, handoff, "unassigned")

    assert f'formaction="{reverse("handoffs:take", args=[handoff.pk])}"' in row
    assert reverse("handoffs:complete", args=[handoff.pk]) not in row
    assert reverse("handoffs:decline", args=[handoff.pk]) not in row
    assert f'data-load="{reverse("handoffs:row_more", args=[handoff.pk])}"' in row


def test_the_more_menu_holds_the_other_actions(client, staff, handoff):
    client.force_login(staff)

    response = client.get(reverse("handoffs:row_more", args=[handoff.pk]), **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert reverse("handoffs:take", args=[handoff.pk]) not in html
    for action in ("start", "complete", "decline"):
        assert reverse(f"handoffs:{action}", args=[handoff.pk]) in html


def test_a_taken_row_offers_complete_first(client, staff, handoff):
    services.handoff_take(actor=staff, handoff=handoff)
    client.force_login(staff)

    row = row_html(client, handoff, "mine")

    assert f'data-load="{reverse("handoffs:complete", args=[handoff.pk])}"' in row
    assert reverse("handoffs:take", args=[handoff.pk]) not in row
    menu = client.get(reverse("handoffs:row_more", args=[handoff.pk]), **HTMX).content.decode()
    assert reverse("handoffs:start", args=[handoff.pk]) in menu
    assert reverse("handoffs:decline", args=[handoff.pk]) in menu
    assert reverse("handoffs:complete", args=[handoff.pk]) not in menu


def test_without_htmx_the_menu_leads_to_the_hand_off_page(client, staff, handoff):
    client.force_login(staff)

    response = client.get(reverse("handoffs:row_more", args=[handoff.pk]))

    assert response.status_code == 302
    assert response.url == handoff.get_absolute_url()


def test_another_departments_hand_off_has_no_menu(client, hr_staff, handoff):
    client.force_login(hr_staff)

    response = client.get(reverse("handoffs:row_more", args=[handoff.pk]), **HTMX)

    assert response.status_code == 404


def test_the_inbox_styles_its_columns_once_not_on_every_row(client, staff, handoff):
    client.force_login(staff)

    row = row_html(client, handoff, "unassigned")

    assert "text-nowrap" not in row
    assert "hx-trigger" not in row


def test_the_menu_only_answers_get(client, staff, handoff):
    client.force_login(staff)

    response = client.post(reverse("handoffs:row_more", args=[handoff.pk]), **HTMX)

    assert response.status_code == 405
