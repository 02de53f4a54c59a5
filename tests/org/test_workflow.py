import pytest

from org.errors import DomainError
from org.workflow import Transition, Workflow

FLOW = Workflow(
    Transition("start", frozenset({"new"}), "started", "Start"),
    Transition("note", frozenset({"new", "started"}), None, "Note", requires=frozenset({"text"})),
    Transition("finish", frozenset({"started"}), "done", "Finish"),
    refusal=lambda transition, state: f"{transition.label} is not possible from {state}",
    code="status",
)


def test_allowed_lists_the_moves_from_a_state_in_table_order():
    assert [t.name for t in FLOW.allowed("new")] == ["start", "note"]
    assert [t.name for t in FLOW.allowed("done")] == []


def test_check_returns_the_move_and_where_it_leads():
    assert FLOW.check("start", "new").leaves("new") == "started"
    assert FLOW.check("note", "started").leaves("started") == "started"


def test_check_refuses_a_move_from_the_wrong_state_with_the_tables_words_and_code():
    with pytest.raises(DomainError) as refused:
        FLOW.check("finish", "new")

    assert refused.value.code == "status"
    assert refused.value.message == "Finish is not possible from new"


def test_an_unknown_move_is_a_programming_error_not_a_refusal():
    with pytest.raises(KeyError):
        FLOW.check("fly", "new")


def test_two_moves_may_not_share_a_name():
    move = Transition("start", frozenset({"new"}), "started", "Start")
    with pytest.raises(ValueError):
        Workflow(move, move, refusal=lambda t, s: "")
