"""One bulk writer per table, flushed parents first."""

from __future__ import annotations

from django.db import models

from bench.writer import TableWriter

HISTORY_COLUMNS = ["history_date", "history_change_reason", "history_type", "history_user_id"]


def history_model(model: type[models.Model]) -> type[models.Model]:
    """The django-simple-history model that records ``model``'s changes."""
    # simple_history sets `history` on the class when it is created; the stubs cannot know.
    return model.history.model  # type: ignore[attr-defined]


class Tables:
    """One writer per table, flushed in dependency order."""

    def __init__(self) -> None:
        self.order: list[TableWriter] = []

    def add(
        self, model: type[models.Model], columns: list[str], *, history: bool = False
    ) -> TableWriter:
        target = history_model(model) if history else model
        writer = TableWriter(target, columns + (HISTORY_COLUMNS if history else []))
        self.order.append(writer)
        return writer

    def flush(self) -> None:
        for writer in self.order:
            writer.flush()

    def counts(self) -> dict[str, int]:
        return {w.table: w.written for w in self.order}
