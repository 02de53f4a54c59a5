import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, ClaimStatus
from claims.services import claim_respond
from contracts.models import Stage
from handoffs.models import Status as HandoffStatus
from org.roles import Role
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.clients.factories import ContactFactory, SiteFactory
from tests.contracts.factories import ContractFactory

pytestmark = pytest.mark.django_db


def form_data(contract, **overrides):
    data = {
        "contract": contract.pk,
        "subject": "Не вийшов охоронець",
        "description": "Пост №2 порожній з 8:00",
        "category": "staff_absence",
        "priority": "high",
        "channel": "phone",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }
    data.update(overrides)
    return data


# --- register ----------------------------------------------------------------------------


def test_register_preselects_the_contract_and_limits_sites_and_contacts_to_its_client(
    manager_client, contract, site, contact
):
    other_site = SiteFactory(client__account_manager=contract.manager)
    other_contact = ContactFactory(client=other_site.client)

    response = manager_client.get(reverse("claims:register"), {"contract": contract.pk})

    assert response.status_code == 200
    form = response.context["form"]
    assert form["contract"].value() == str(contract.pk)
    assert list(form.fields["site"].queryset) == [site]
    assert list(form.fields["reported_by"].queryset) == [contact]
    assert other_contact not in form.fields["reported_by"].queryset
    assert form["channel"].value() == "phone"
    assert form["priority"].value() == "normal"
    assert form["received_at"].value() is not None


def test_register_offers_only_visible_contracts_in_support_or_termination(
    manager_client, manager, contract, termination_contract
):
    ContractFactory(manager=manager, client__account_manager=manager, stage=Stage.PREPARATION)
    SupportContractFactory()  # another manager's

    response = manager_client.get(reverse("claims:register"))

    choices = set(response.context["form"].fields["contract"].queryset)
    assert choices == {contract, termination_contract}


def test_register_creates_the_claim_and_goes_to_its_page(manager_client, contract, site):
    response = manager_client.post(
        reverse("claims:register"), form_data(contract, site=site.pk), follow=True
    )

    claim = Claim.objects.get()
    assert response.redirect_chain[-1][0] == reverse("claims:detail", kwargs={"pk": claim.pk})
    assert claim.site == site
    assert claim.priority == "high"
    assert sorted(claim.handoffs.values_list("department__code", flat=True)) == [
        "hr",
        "production",
    ]


def test_register_shows_field_errors_and_keeps_what_was_typed(manager_client, contract):
    foreign_site = SiteFactory()

    response = manager_client.post(
        reverse("claims:register"),
        form_data(contract, subject="", site=foreign_site.pk, description="Що сталося"),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "subject" in form.errors
    assert "site" in form.errors
    assert form["description"].value() == "Що сталося"
    assert not Claim.objects.exists()


def test_a_formal_claim_needs_its_number(manager_client, contract):
    response = manager_client.post(reverse("claims:register"), form_data(contract, is_formal="on"))

    assert "formal_number" in response.context["form"].errors


def test_register_refuses_a_contract_in_preparation(manager_client, manager):
    preparing = ContractFactory(
        manager=manager, client__account_manager=manager, stage=Stage.PREPARATION
    )

    response = manager_client.post(reverse("claims:register"), form_data(preparing))

    assert "contract" in response.context["form"].errors
    assert not Claim.objects.exists()


def test_register_without_routing_rules_says_to_set_them(manager_client, contract):
    from claims.models import RoutingRule

    RoutingRule.objects.all().delete()

    response = manager_client.post(reverse("claims:register"), form_data(contract))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Claim.objects.exists()


def test_department_staff_may_not_register(client, department_staff):
    client.force_login(department_staff)

    assert client.get(reverse("claims:register")).status_code == 403


# --- visibility --------------------------------------------------------------------------


def test_department_staff_see_only_claims_routed_to_their_department(
    client, register, department_staff
):
    to_production = register(category="equipment", subject="Зламався пилосос")
    register(category="billing", subject="Рахунок")
    client.force_login(department_staff)

    response = client.get(reverse("claims:list"))

    assert [c.pk for c in response.context["claims"]] == [to_production.pk]
    assert client.get(reverse("claims:detail", args=[to_production.pk])).status_code == 200


def test_department_staff_cannot_open_a_claim_not_routed_to_them(client, register, make_user):
    claim = register(category="billing")
    client.force_login(make_user(Role.DEPARTMENT_STAFF, department="hr"))

    assert client.get(reverse("claims:detail", args=[claim.pk])).status_code == 404


def test_department_staff_read_only_get_403_on_every_post(client, register, department_staff):
    claim = register(category="equipment")
    client.force_login(department_staff)

    for name, data in [
        ("respond", {"note": "x"}),
        ("comment", {"text": "x"}),
        ("reopen", {"reason": "x"}),
    ]:
        response = client.post(reverse(f"claims:{name}", args=[claim.pk]), data)
        assert response.status_code == 403, name
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NEW
    page = client.get(reverse("claims:detail", args=[claim.pk])).content.decode()
    assert reverse("claims:respond", args=[claim.pk]) not in page


def test_a_manager_gets_404_on_another_managers_claim(client, make_user):
    claim = ClaimFactory()
    client.force_login(make_user(Role.SUPPORT_MANAGER))

    assert client.get(reverse("claims:detail", args=[claim.pk])).status_code == 404
    assert client.post(reverse("claims:respond", args=[claim.pk]), {"note": "x"}).status_code == 404


def test_a_director_sees_and_acts_on_any_claim(client, register, executive_director):
    claim = register()
    client.force_login(executive_director)

    client.post(reverse("claims:respond", args=[claim.pk]), {"note": "Дзвонив директор"})

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_PROGRESS


# --- claim page and actions --------------------------------------------------------------


def test_claim_page_shows_only_the_forms_the_table_allows(manager_client, register):
    claim = register()

    page = manager_client.get(reverse("claims:detail", args=[claim.pk]))

    assert [action for action, _form in page.context["action_forms"]] == ["respond"]
    html = page.content.decode()
    assert reverse("claims:respond", args=[claim.pk]) in html
    assert reverse("claims:resolve", args=[claim.pk]) not in html


def test_respond_resolve_close_through_the_page(manager_client, register):
    claim = register()
    url = lambda name: reverse(f"claims:{name}", args=[claim.pk])  # noqa: E731

    manager_client.post(url("respond"), {"note": "Передзвонили"})
    claim.handoffs.update(status=HandoffStatus.DONE)
    manager_client.post(url("resolve"), {"resolution": "Прибрали"})
    manager_client.post(url("close"), {"client_confirmation": "Так", "satisfaction": "4"})

    claim.refresh_from_db()
    assert (claim.status, claim.satisfaction) == (ClaimStatus.CLOSED, 4)


def test_a_refused_action_is_a_message_not_a_500(manager_client, register):
    claim = register()
    claim = claim_respond(actor=claim.contract.manager, claim=claim, note="Так")

    response = manager_client.post(
        reverse("claims:resolve", args=[claim.pk]), {"resolution": "Прибрали"}, follow=True
    )

    assert response.status_code == 200
    assert any(m.level_tag == "error" for m in response.context["messages"])
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_PROGRESS


def test_actions_are_post_only(manager_client, register):
    claim = register()

    assert manager_client.get(reverse("claims:respond", args=[claim.pk])).status_code == 405


def test_htmx_comment_returns_the_comments_fragment(manager_client, register):
    claim = register()

    response = manager_client.post(
        reverse("claims:comment", args=[claim.pk]), {"text": "Дзвонила"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="comments">')
    assert "Дзвонила" in html
    assert claim.comments.get().text == "Дзвонила"


def test_plain_comment_post_redirects_back(manager_client, register):
    claim = register()

    response = manager_client.post(reverse("claims:comment", args=[claim.pk]), {"text": "Так"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("claims:detail", args=[claim.pk]))
    assert claim.comments.count() == 1


def test_an_empty_htmx_comment_answers_422_with_the_form(manager_client, register):
    claim = register()

    response = manager_client.post(
        reverse("claims:comment", args=[claim.pk]), {"text": ""}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 422
    assert not claim.comments.exists()


def test_register_preselects_the_only_site_and_the_primary_contact(manager_client, contract, site):
    ContactFactory(client=contract.client)
    primary = ContactFactory(client=contract.client, is_primary=True)

    form = manager_client.get(reverse("claims:register"), {"contract": contract.pk}).context["form"]

    assert form["site"].value() == site.pk
    assert form["reported_by"].value() == primary.pk


def test_register_form_refreshes_for_another_contract_over_htmx(
    manager_client, contract, termination_contract
):
    other_site = SiteFactory(client=termination_contract.client)

    response = manager_client.get(
        reverse("claims:register"),
        {"contract": termination_contract.pk, "subject": "Набране"},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert html.lstrip().startswith("<form")
    assert "Набране" in html
    assert list(response.context["form"].fields["site"].queryset) == [other_site]
