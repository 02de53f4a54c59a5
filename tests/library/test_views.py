"""The library's screens, in Ukrainian, driven as a user would."""

import pytest
from django.urls import reverse
from django.utils import timezone

from library import services
from library.models import Acknowledgement, Document, VersionStatus

pytestmark = pytest.mark.django_db


def page(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_list_is_in_ukrainian_and_marks_what_waits_for_me(client, manager, approved):
    html = page(client, manager, reverse("library:list"))

    assert "<title>Документи · Case desk</title>" in html
    assert "Чекають на моє ознайомлення" in html
    assert "Ознайомлений(-а)" in html
    assert "ПІ-01" in html


def test_the_menu_has_documents_for_everyone_with_a_badge_loaded_after_the_page(
    client, department_staff
):
    html = page(client, department_staff, reverse("library:list"))

    assert "Документи" in html
    assert f'hx-get="{reverse("library:badge")}"' in html


def test_search_covers_titles_and_numbers(client, manager, make_document, approve):
    approve(make_document(number="Н-15", title="Про порядок реєстрації претензій").versions.get())
    approve(make_document(number="ПЯ-01", title="Політика у сфері якості").versions.get())
    client.force_login(manager)

    by_title = client.get(reverse("library:list"), {"q": "якості"}).context["page"].object_list
    by_number = client.get(reverse("library:list"), {"q": "Н-15"}).context["page"].object_list

    assert [document.number for document in by_title] == ["ПЯ-01"]
    assert [document.number for document in by_number] == ["Н-15"]


def test_search_with_a_nul_shows_everything_instead_of_failing(client, manager, approved):
    client.force_login(manager)

    response = client.get(reverse("library:list"), {"q": "a\x00b"})

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 1


def test_one_click_acknowledges_and_a_second_records_nothing_more(client, manager, approved):
    client.force_login(manager)
    url = reverse("library:acknowledge", args=[approved.pk])

    client.post(url)
    response = client.post(url, follow=True)

    assert Acknowledgement.objects.filter(user=manager, version=approved).count() == 1
    assert "Ви ознайомилися з цією редакцією" in response.content.decode()


def test_a_superseded_version_stays_readable_marked_and_refuses_acknowledgement(
    client, manager, approved, next_version
):
    html = page(client, manager, approved.get_absolute_url())
    assert "Замінена" in html
    assert "вона вже не чинна" in html
    assert 'action="{}"'.format(reverse("library:acknowledge", args=[approved.pk])) not in html

    response = client.post(reverse("library:acknowledge", args=[approved.pk]), follow=True)

    assert "Цю редакцію замінено новішою" in response.content.decode()
    assert not Acknowledgement.objects.exists()


def test_directors_see_who_has_not_yet_acknowledged(
    client, executive_director, manager, make_user, approved
):
    html = page(client, executive_director, approved.get_absolute_url())

    assert "Ще не ознайомилися: 1" in html
    assert str(manager) in html
    assert "Ознайомилися: 0 з 1" in html


def test_managers_do_not_see_the_acknowledgement_list(client, manager, approved):
    html = page(client, manager, approved.get_absolute_url())

    assert "Ще не ознайомилися" not in html


def test_a_director_writes_a_document_and_the_general_director_approves_it(
    client, executive_director, general_director, manager
):
    client.force_login(executive_director)
    response = client.post(
        reverse("library:create"),
        {
            "kind": "policy",
            "number": "ПЯ-02",
            "title": "Політика щодо персональних даних",
            "applies_to_everyone": "on",
            "text": "1. Ми збираємо лише потрібні дані.",
        },
    )
    document = Document.objects.get(number="ПЯ-02")
    version = document.versions.get()
    assert response.status_code == 302
    client.post(reverse("library:submit", args=[version.pk]))

    client.force_login(general_director)
    html = page(client, general_director, reverse("library:list"))
    assert "Чекають на моє затвердження" in html
    client.post(
        reverse("library:approve", args=[version.pk]),
        {"effective_from": timezone.localdate().isoformat()},
    )

    version.refresh_from_db()
    assert (version.status, version.approved_by) == (VersionStatus.APPROVED, general_director)


def test_the_create_form_says_whom_a_document_must_apply_to(client, executive_director):
    client.force_login(executive_director)

    response = client.post(
        reverse("library:create"), {"kind": "order", "number": "Н-1", "title": "Наказ"}
    )

    assert response.status_code == 200
    assert "Зазначте, кого стосується документ" in response.content.decode()


def test_the_general_director_returns_a_version_with_a_reason(
    client, executive_director, general_director, document
):
    version = services.version_submit(actor=executive_director, version=document.versions.get())
    client.force_login(general_director)

    client.post(reverse("library:return", args=[version.pk]), {"comment": "Додайте розділ 5"})

    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT
    html = page(client, executive_director, version.get_absolute_url())
    assert "Додайте розділ 5" in html and "Повернуто на доопрацювання" in html


def test_editing_an_approved_version_is_refused_with_a_message(
    client, executive_director, approved
):
    client.force_login(executive_director)

    response = client.post(
        reverse("library:version_edit", args=[approved.pk]), {"text": "Інше"}, follow=True
    )

    assert response.status_code == 200
    approved.refresh_from_db()
    assert approved.text != "Інше"


def test_a_new_version_starts_from_the_text_in_force(client, executive_director, approved):
    html = page(
        client, executive_director, reverse("library:version_create", args=[approved.document_id])
    )

    assert "1. Загальні положення" in html


def test_the_badge_counts_what_waits_for_me(client, manager, approved):
    client.force_login(manager)

    html = client.get(reverse("library:badge")).content.decode()

    assert ">1</span>" in html


def test_the_search_selector_finds_documents_by_title_or_number_as_the_user_sees_them(
    manager, executive_director, document, make_document, approve
):
    from library.selectors import documents_matching

    approve(make_document(number="ПЯ-01", title="Політика у сфері якості").versions.get())

    assert [d.number for d in documents_matching(manager, "ПЯ")] == ["ПЯ-01"]
    assert documents_matching(manager, "ПІ-01") == []  # a draft only its editors see
    assert [d.number for d in documents_matching(executive_director, "ПІ-01")] == ["ПІ-01"]


def test_a_huge_department_id_is_a_form_error_not_a_500(client, executive_director):
    client.force_login(executive_director)

    response = client.post(
        reverse("library:create"),
        {"kind": "order", "number": "Н-2", "title": "Наказ", "departments": "9" * 30},
    )

    assert response.status_code == 200
    assert not Document.objects.exists()
