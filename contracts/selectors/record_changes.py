"""How the contract's timeline words a change to a service line or a staffing requirement:
what was added, changed or removed, and each field's old and new value."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from contracts.models import RecordChange, Schedule, ServiceLine, StaffingRequirement, Unit
from contracts.record_models import RecordAction, RecordKind

if TYPE_CHECKING:
    from contracts.selectors.timeline import EntryFields

MODELS: dict[str, Any] = {
    RecordKind.SERVICE_LINE: ServiceLine,
    RecordKind.STAFFING: StaffingRequirement,
}


def _titles() -> dict[tuple[str, str], str]:
    return {
        (RecordKind.SERVICE_LINE, RecordAction.ADDED): _("Service added: %(name)s"),
        (RecordKind.SERVICE_LINE, RecordAction.CHANGED): _("Service changed: %(name)s"),
        (RecordKind.SERVICE_LINE, RecordAction.REMOVED): _("Service removed: %(name)s"),
        (RecordKind.STAFFING, RecordAction.ADDED): _("Post added: %(name)s"),
        (RecordKind.STAFFING, RecordAction.CHANGED): _("Post changed: %(name)s"),
        (RecordKind.STAFFING, RecordAction.REMOVED): _("Post removed: %(name)s"),
    }


def _field_label(record: str, name: str) -> str:
    try:
        return str(capfirst(MODELS[record]._meta.get_field(name).verbose_name))
    except (KeyError, FieldDoesNotExist):
        return name


def _shown(name: str, value: str) -> str:
    """A kept value as the page shows it: the schedule and the unit by their labels, money
    with two decimals, a quantity without trailing zeros."""
    if not value:
        return "—"
    if name == "schedule" and value in Schedule.values:
        return str(Schedule(value).label)
    if name == "unit" and value in Unit.values:
        return str(Unit(value).label)
    if name == "quantity":
        try:
            return formats.number_format(Decimal(value).normalize(), force_grouping=True)
        except InvalidOperation:
            return value
    if name == "price":
        try:
            return formats.number_format(Decimal(value), 2, force_grouping=True)
        except InvalidOperation:
            return value
    return value


def _line(record: str, action: str, change: dict[str, str]) -> str:
    name = change.get("field", "")
    label = _field_label(record, name)
    if action == RecordAction.ADDED:
        return f"{label}: {_shown(name, change.get('new', ''))}"
    if action == RecordAction.REMOVED:
        return f"{label}: {_shown(name, change.get('old', ''))}"
    return f"{label}: {_shown(name, change.get('old', ''))} → {_shown(name, change.get('new', ''))}"


def record_change_entry(change: RecordChange) -> EntryFields:
    """The timeline entry of ``change`` (the fields of `TimelineEntry` it gives)."""
    title = _titles().get((change.record, change.action), "%(name)s")
    changes = change.changes if isinstance(change.changes, list) else []
    return {
        "icon": "bi-list-check" if change.record == RecordKind.SERVICE_LINE else "bi-people",
        "text": title % {"name": change.label},
        "detail": "\n".join(
            _line(change.record, change.action, item) for item in changes if isinstance(item, dict)
        ),
        "actor": change.actor,
        "on_behalf_of": change.on_behalf_of,
    }
