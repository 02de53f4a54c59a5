"""The staffing post and shift a claim concerns: offered from the contract's staffing at
the chosen site, checked on the server, shown on the claim, filtered in the list."""

import pytest
from django.urls import reverse

from claims.models import Claim, Shift
from claims.post_fields import POST_OPTIONS_LIMIT
from contracts.models import Schedule, StaffingRequirement
from org.errors import DomainError
from tests.claims.factories import ClaimFactory, SupportContractFactory
from tests.claims.test_views import form_data
from tests.clients.factories import SiteFactory
from tests.contracts.factories import StaffingRequirementFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def guard_post(contract, site):
    return StaffingRequirementFactory(
        contract=contract, site=site, post="Охоронець", schedule=Schedule.ROUND_THE_CLOCK
    )


@pytest.fixture
def other_site_post(contract):
    return StaffingRequirementFactory(contract=contract, site=SiteFactory(client=contract.client))


def test_the_register_form_offers_the_contracts_posts_at_the_chosen_site(
    manager_client, contract, site, guard_post, other_site_post
):
    StaffingRequirementFactory()  # another contract's

    response = manager_client.get(
        reverse("claims:register"), {"contract": contract.pk, "site": site.pk}
    )

    assert list(response.context["form"].fields["post"].queryset) == [guard_post]
    assert "Охоронець × 3" in response.content.decode()


def test_registering_with_a_post_and_shift_stores_them_and_shows_them(
    manager_client, contract, site, guard_post
):
    response = manager_client.post(
        reverse("claims:register"),
        form_data(contract, site=site.pk, post=guard_post.pk, shift=Shift.NIGHT),
    )

    claim = Claim.objects.get()
    assert response.status_code == 302
    assert (claim.post, claim.shift) == (guard_post, Shift.NIGHT)
    page = manager_client.get(claim.get_absolute_url()).content.decode()
    assert "Охоронець" in page and "Нічна зміна" in page


@pytest.mark.parametrize(
    ("which", "shift", "field"),
    [
        ("another_contract", "", "post"),
        ("another_site", "", "post"),
        ("day_post", "night", "shift"),
    ],
)
def test_the_register_form_refuses_a_post_of_another_contract_or_site_or_a_shift_it_lacks(
    manager_client, contract, site, other_site_post, which, shift, field
):
    post = {
        "another_contract": lambda: StaffingRequirementFactory(),
        "another_site": lambda: other_site_post,
        "day_post": lambda: StaffingRequirementFactory(contract=contract, site=site),
    }[which]()

    response = manager_client.post(
        reverse("claims:register"), form_data(contract, site=site.pk, post=post.pk, shift=shift)
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Claim.objects.exists()


def test_the_service_refuses_a_post_at_another_site_and_takes_the_posts_site_when_none(
    register, site, other_site_post, guard_post
):
    with pytest.raises(DomainError, match="at the claim's site"):
        register(site=site, post=other_site_post)

    claim = register(site=None, post=guard_post, shift=Shift.ROUND_THE_CLOCK)

    assert (claim.site, claim.post, claim.shift) == (site, guard_post, Shift.ROUND_THE_CLOCK)


def test_a_contract_with_many_posts_gets_a_server_side_picker(manager_client, contract, site):
    StaffingRequirement.objects.bulk_create(
        StaffingRequirement(contract=contract, site=site, post=f"Пост {n}", headcount=1)
        for n in range(POST_OPTIONS_LIMIT + 1)
    )

    response = manager_client.get(
        reverse("claims:register"), {"contract": contract.pk, "site": site.pk}
    )

    page = response.content.decode()
    assert page.count("Пост ") < POST_OPTIONS_LIMIT
    assert reverse("autocomplete", kwargs={"source": "posts"}) in page


def test_the_claim_page_edit_changes_the_post_and_refuses_a_wrong_one(
    manager_client, register, site, guard_post, other_site_post
):
    claim = register(site=site)
    url = reverse("claims:post", args=[claim.pk])
    assert manager_client.get(url).status_code == 200

    refused = manager_client.post(url, {"site": site.pk, "post": other_site_post.pk})
    assert refused.status_code == 200 and refused.context["form"].errors["post"]

    saved = manager_client.post(url, {"site": site.pk, "post": guard_post.pk, "shift": "day"})
    assert saved.status_code == 302
    claim.refresh_from_db()
    assert (claim.post, claim.shift) == (guard_post, Shift.DAY)


def test_another_managers_claim_edit_is_not_found(manager_client):
    claim = ClaimFactory(contract=SupportContractFactory())

    assert manager_client.get(reverse("claims:post", args=[claim.pk])).status_code == 404


def test_the_claim_list_filters_by_site_and_by_post(manager_client, contract, site, guard_post):
    at_post = ClaimFactory(contract=contract, site=site, post=guard_post)
    at_site = ClaimFactory(contract=contract, site=site)
    ClaimFactory(contract=contract, site=SiteFactory(client=contract.client))

    by_site = manager_client.get(reverse("claims:list"), {"site": site.pk}).context["claims"]
    by_post = manager_client.get(reverse("claims:list"), {"post": guard_post.pk}).context["claims"]

    assert {c.pk for c in by_site} == {at_post.pk, at_site.pk}
    assert [c.pk for c in by_post] == [at_post.pk]


def test_the_posts_picker_offers_only_posts_of_visible_contracts(
    manager_client, contract, guard_post
):
    StaffingRequirementFactory(post="Охоронець")  # another manager's contract

    answer = manager_client.get(
        reverse("autocomplete", kwargs={"source": "posts"}), {"q": "Охорон"}
    ).json()

    assert [row["id"] for row in answer["results"]] == [guard_post.pk]
