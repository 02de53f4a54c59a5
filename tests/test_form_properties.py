"""Property tests over the main forms: arbitrary text in any field is refused with field
errors or accepted, never an exception, and through the page never a 500 (hypothesis)."""

import pytest
from django.test import Client as HttpClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.forms import ClaimRegisterForm
from clients.forms import ClientCreateForm
from contracts.forms import ContractForm
from handoffs.forms import HandoffCreateForm
from tests.create_forms import claim_form, client_form, contract_form, handoff_form

pytestmark = pytest.mark.django_db

BOUNDED = settings(
    max_examples=50,
    deadline=None,
    # The database and the user are set up once per test; the examples only read them
    # or write what the form accepts, inside the test's transaction.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FORMS = {
    "client": (ClientCreateForm, client_form),
    "contract": (ContractForm, contract_form),
    "claim registration": (ClaimRegisterForm, claim_form),
    "hand-off": (HandoffCreateForm, handoff_form),
}
text = st.text(max_size=300)


def field_names(form_class, manager):
    return list(form_class(user=manager).fields)


@pytest.mark.parametrize("name", FORMS)
@BOUNDED
@given(data=st.data())
def test_arbitrary_text_in_every_field_gives_field_errors_or_a_clean_form(manager, name, data):
    form_class, _make = FORMS[name]
    fields = field_names(form_class, manager)
    posted = {field: data.draw(text, label=field) for field in fields}

    form = form_class(posted, user=manager)
    valid = form.is_valid()

    assert valid or set(form.errors) <= {*fields, "__all__"}
    assert "once_token" not in getattr(form, "cleaned_data", {})


@pytest.mark.parametrize("name", FORMS)
@settings(BOUNDED, max_examples=30)
@given(data=st.data())
def test_arbitrary_text_in_one_field_of_a_good_submit_never_gives_a_500(manager, name, data):
    form_class, make = FORMS[name]
    url, model, good = make(manager)
    field = data.draw(st.sampled_from(field_names(form_class, manager)), label="field")
    value = data.draw(text, label="value")
    http = HttpClient(raise_request_exception=False)
    http.force_login(manager)
    before = model.objects.count()

    response = http.post(url, {**good, field: value})

    assert response.status_code < 500, getattr(response, "exc_info", None)
    created = model.objects.count() - before
    assert created == (1 if response.status_code == 302 else 0)
