"""One shape for every workflow: a table of `Transition`s and one `Workflow.check`.

Each app states its moves in its own ``transitions.py`` as a `Workflow`; its services call
``check`` on the locked row before changing anything, and its screens read ``allowed`` to
show only the actions that would work. What a button looks like (icon, colour, the
confirmation text) is the view layer's business, not the table's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django_stubs_ext import StrOrPromise

from org.errors import DomainError

Label = StrOrPromise


@dataclass(frozen=True)
class Transition:
    """A move called ``name`` from any of ``sources`` to ``target``.

    ``target`` None: the move leaves the state as it is (assigning a hand-off, editing a
    draft). ``requires`` names what the actor must give with it, e.g. ``{"reason"}``.
    """

    name: str
    sources: frozenset[str]
    target: str | None
    label: Label
    requires: frozenset[str] = frozenset()

    def leaves(self, state: str) -> str:
        """The state after the move from ``state``."""
        return state if self.target is None else self.target


class Workflow:
    """The table of one kind of record's moves, and the one check the services make."""

    def __init__(
        self,
        *transitions: Transition,
        refusal: Callable[[Transition, str], str],
        code: str = "state",
    ) -> None:
        """``refusal(transition, state)`` words the refusal for a move not allowed from
        ``state``; ``code`` is the `DomainError` code it is raised with."""
        self._table = {transition.name: transition for transition in transitions}
        if len(self._table) != len(transitions):
            raise ValueError("two transitions share a name")
        self._refusal = refusal
        self.code = code

    def __getitem__(self, name: str) -> Transition:
        return self._table[name]

    def __contains__(self, name: object) -> bool:
        return name in self._table

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def values(self) -> list[Transition]:
        return list(self._table.values())

    def allowed(self, state: str) -> list[Transition]:
        """The moves the table allows from ``state``, in the table's order."""
        return [t for t in self._table.values() if state in t.sources]

    def check(self, name: str, state: str) -> Transition:
        """The move ``name`` if the table allows it from ``state``; else `DomainError`.

        An unknown ``name`` is a programming error (KeyError), not a refusal.
        """
        transition = self._table[name]
        if state not in transition.sources:
            raise DomainError(self._refusal(transition, state), code=self.code)
        return transition
