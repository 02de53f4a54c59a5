"""Writing records the same way everywhere: locked, with the acting user in the history.

- `lock_row` re-reads a row under a lock for the rest of the transaction (two clicks at
  once must not both pass the guards);
- `save_with_history` saves with the acting user recorded by django-simple-history, also
  outside a request (the seed, tasks, the shell);
- `model_update` sets the named fields a service allows and saves them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def lock_row(queryset: models.QuerySet[M], *, pk: Any) -> M:
    """The row ``pk`` of ``queryset``, locked until the transaction ends (only the
    queryset's own table: its ``select_related`` rows are read, not locked)."""
    return queryset.select_for_update(of=("self",)).get(pk=pk)


def save_with_history(
    instance: M, *, actor: Any, clean: bool = False, update_fields: Collection[str] | None = None
) -> M:
    """Save ``instance`` with ``actor`` as the history's user; ``clean``: validate the
    fields first (``full_clean`` without the uniqueness checks the services make)."""
    instance._history_user = actor  # type: ignore[attr-defined]
    if clean:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    instance.save(update_fields=update_fields)
    return instance


def model_update(
    instance: M,
    *,
    fields: Collection[str],
    data: Mapping[str, Any],
    actor: Any,
    clean: bool = False,
) -> list[str]:
    """Set on ``instance`` the values of ``data``, which may name only ``fields``, and save
    it if anything changed. Returns the names of the fields that changed.

    Naming a field the service does not change is a programming error (TypeError), so
    that a form cannot slip a field past the service's rules.
    """
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"{type(instance).__name__} update does not change {sorted(unknown)}")
    changed = [name for name, value in data.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, data[name])
    if changed:
        save_with_history(instance, actor=actor, clean=clean)
    return changed
