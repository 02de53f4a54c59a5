import pytest

from claims.models import Claim
from clients.models import Client
from contracts.models import Contract
from handoffs.models import Handoff
from org.relations import related_model


def test_a_forward_relation_names_the_model_it_points_at():
    assert related_model(Handoff, "contract") is Contract
    assert related_model(Handoff, "claim") is Claim


def test_a_reverse_relation_names_the_model_that_points_here():
    assert related_model(Client, "handoffs") is Handoff


def test_a_plain_field_is_not_a_relation():
    with pytest.raises(LookupError):
        related_model(Handoff, "title")
