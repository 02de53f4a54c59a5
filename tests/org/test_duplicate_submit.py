"""The same create form submitted twice creates one record (issue 10, finding 8)."""

import pytest

from claims.models import Claim
from clients.models import Client
from contracts.models import Contract
from org.models import SubmittedForm
from tests.create_forms import CREATE_FORMS, claim_form

pytestmark = pytest.mark.django_db


def token_of(client, url):
    form = client.get(url).context["form"]
    token = form["once_token"].value()
    assert token and len(token) >= 16
    return token


@pytest.mark.parametrize("make", CREATE_FORMS, ids=lambda make: make.__name__)
def test_the_same_form_posted_twice_creates_one_record(client, manager, make):
    url, model, data = make(manager)
    client.force_login(manager)
    data["once_token"] = token_of(client, url)
    before = model.objects.count()

    first = client.post(url, data)
    second = client.post(url, data, follow=True)

    assert model.objects.count() == before + 1
    record = model.objects.latest("pk")
    assert first.status_code == 302 and first.url == record.get_absolute_url()
    assert second.redirect_chain[0][0] == record.get_absolute_url()
    assert any(m.level_tag == "info" for m in second.context["messages"])


@pytest.mark.parametrize("make", CREATE_FORMS, ids=lambda make: make.__name__)
def test_two_pages_of_the_same_form_create_two_records(client, manager, make):
    url, model, data = make(manager)
    client.force_login(manager)
    before = model.objects.count()

    client.post(url, {**data, "once_token": token_of(client, url)})
    if model is Client:
        data["edrpou"] = "00032945"
    if model is Contract:
        data["number"] = "КД-78"
    client.post(url, {**data, "once_token": token_of(client, url)})

    assert model.objects.count() == before + 2


def test_a_refused_submit_leaves_the_token_free_for_the_corrected_one(client, manager):
    url, _model, data = claim_form(manager)
    client.force_login(manager)
    data["once_token"] = token_of(client, url)

    refused = client.post(url, {**data, "subject": ""})
    accepted = client.post(url, data)

    assert refused.status_code == 200 and "subject" in refused.context["form"].errors
    assert refused.context["form"]["once_token"].value() == data["once_token"]
    assert accepted.status_code == 302
    assert Claim.objects.count() == 1


@pytest.mark.parametrize("token", ["", "short", "a\x00" * 10, "x" * 500, "../../etc"])
def test_a_missing_or_tampered_token_still_registers(client, manager, token):
    url, _model, data = claim_form(manager)
    client.force_login(manager)

    response = client.post(url, {**data, "once_token": token})

    assert response.status_code == 302
    assert Claim.objects.count() == 1
    assert not SubmittedForm.objects.exists()


def test_another_user_with_the_same_token_gets_their_own_record(client, manager, make_user):
    from org.roles import Role

    url, _model, data = claim_form(manager)
    colleague = make_user(Role.SUPPORT_MANAGER)
    client.force_login(manager)
    data["once_token"] = token_of(client, url)
    client.post(url, data)

    client.force_login(colleague)
    response = client.post(url, data)

    # The colleague may not register on this contract: a form error, and no claim of theirs.
    assert response.status_code == 200
    assert Claim.objects.count() == 1
