"""Open claims' and hand-offs' due times recomputed in working time (issue 14).

Claims: from their receipt, by their contract's SLA (or the company default) in working
hours on the contract's calendar. Hand-offs: a claim's fix hand-off due when the claim's
fix was becomes due when it is now; one that had the old default (three wall days after it
was asked) gets the new one (27 working hours on its department's calendar); a due time a
person chose is left alone. Each recomputed row gets a note on its timeline (its
registrant or requester as the actor: the system has no user of its own).
"""

from collections import defaultdict
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations
from django.db.models import Q

from calendars.working_time import Schedule, add_working_time

BATCH = 500
OPEN_CLAIMS = ("new", "in_progress")
OPEN_HANDOFFS = ("open", "in_progress")
OLD_HANDOFF_DUE = timedelta(days=3)
NEW_HANDOFF_DUE = timedelta(hours=27)
NOTE = "Строки перераховано за робочим календарем: {what}."


class Schedules:
    """The calendars as `Schedule`s, read once each (the logic of calendars.selectors)."""

    def __init__(self, apps):
        self.apps = apps
        calendar_model = apps.get_model("calendars", "WorkingCalendar")
        self.calendars = {c.pk: c for c in calendar_model.objects.all()}
        self.default_id = next((pk for pk, c in self.calendars.items() if c.is_default), None)
        self.cache = {}

    def get(self, calendar_id):
        calendar_id = calendar_id or self.default_id
        if calendar_id not in self.cache:
            self.cache[calendar_id] = self._read(self.calendars[calendar_id])
        return self.cache[calendar_id]

    def _read(self, calendar):
        zone = ZoneInfo(calendar.time_zone)
        if calendar.always_open:
            return Schedule(zone=zone, always_open=True)
        weekly = defaultdict(list)
        for hours in calendar.hours.order_by("weekday", "starts"):
            weekly[hours.weekday].append((hours.starts, hours.ends))
        day_model = self.apps.get_model("calendars", "CalendarDay")
        rows = day_model.objects.filter(Q(calendar=calendar) | Q(calendar=None))
        days = {}
        for row in sorted(rows, key=lambda r: r.calendar_id is not None):
            if row.kind == "public_holiday":
                if settings.HOLIDAYS_ARE_DAYS_OFF:
                    days[row.day] = ()
                else:
                    days.pop(row.day, None)
            elif row.kind == "day_off":
                days[row.day] = ()
            elif row.starts is not None and row.ends is not None:
                days[row.day] = ((row.starts, row.ends),)
        return Schedule(zone=zone, weekly={k: tuple(v) for k, v in weekly.items()}, days=days)


def _local(moment, schedule):
    return f"{moment.astimezone(schedule.zone):%d.%m.%Y %H:%M}"


def _sla_hours(contract, priority):
    default_response, default_fix = settings.CLAIM_SLA_DEFAULTS[priority]
    response = getattr(contract, f"sla_{priority}_response_hours")
    fix = getattr(contract, f"sla_{priority}_resolution_hours")
    return (
        default_response if response is None else response,
        default_fix if fix is None else fix,
    )


def _recompute_claim(claim, schedules):
    schedule = schedules.get(claim.contract.calendar_id)
    response_hours, fix_hours = _sla_hours(claim.contract, claim.priority)
    claim.response_due_at = add_working_time(
        schedule, claim.received_at, timedelta(hours=response_hours)
    )
    claim.resolution_due_at = add_working_time(
        schedule, claim.received_at, timedelta(hours=fix_hours)
    )
    response = _local(claim.response_due_at, schedule)
    fix = _local(claim.resolution_due_at, schedule)
    return f"відповідь до {response}, усунення до {fix}"


def recompute_claims(apps, schema_editor, schedules=None):
    """Every open claim's due times; returns {claim id: (old fix due, new fix due)}."""
    claim_model = apps.get_model("claims", "Claim")
    event_model = apps.get_model("claims", "ClaimEvent")
    schedules = schedules or Schedules(apps)
    moved = {}
    batch, events = [], []
    rows = claim_model.objects.filter(status__in=OPEN_CLAIMS).select_related("contract")
    for claim in rows.order_by("pk").iterator(chunk_size=BATCH):
        old_fix = claim.resolution_due_at
        what = _recompute_claim(claim, schedules)
        moved[claim.pk] = (old_fix, claim.resolution_due_at)
        batch.append(claim)
        events.append(
            event_model(
                claim_id=claim.pk,
                kind="due_recomputed",
                from_status=claim.status,
                to_status=claim.status,
                actor_id=claim.registered_by_id,
                note=NOTE.format(what=what),
            )
        )
        if len(batch) >= BATCH:
            _write(
                claim_model, event_model, batch, events, ["response_due_at", "resolution_due_at"]
            )
    _write(claim_model, event_model, batch, events, ["response_due_at", "resolution_due_at"])
    return moved


def _write(model, event_model, batch, events, fields):
    model.objects.bulk_update(batch, fields, batch_size=BATCH)
    event_model.objects.bulk_create(events, batch_size=BATCH)
    batch.clear()
    events.clear()


def _new_handoff_due(handoff, moved, schedules):
    if handoff.claim_id in moved and handoff.due_at == moved[handoff.claim_id][0]:
        return moved[handoff.claim_id][1]
    if handoff.due_at == handoff.created_at + OLD_HANDOFF_DUE:
        department = handoff.department
        schedule = schedules.get(department.calendar_id if department else None)
        return add_working_time(schedule, handoff.created_at, NEW_HANDOFF_DUE)
    return None


def recompute_handoffs(apps, moved, schedules):
    handoff_model = apps.get_model("handoffs", "Handoff")
    event_model = apps.get_model("handoffs", "HandoffEvent")
    batch, events = [], []
    rows = handoff_model.objects.filter(status__in=OPEN_HANDOFFS).select_related("department")
    for handoff in rows.order_by("pk").iterator(chunk_size=BATCH):
        due = _new_handoff_due(handoff, moved, schedules)
        if due is None or due == handoff.due_at:
            continue
        handoff.due_at = due
        batch.append(handoff)
        department = handoff.department
        schedule = schedules.get(department.calendar_id if department else None)
        events.append(
            event_model(
                handoff_id=handoff.pk,
                from_status=handoff.status,
                to_status=handoff.status,
                actor_id=handoff.requested_by_id,
                assignee_id=handoff.assignee_id,
                note=NOTE.format(what=f"виконати до {_local(due, schedule)}"),
            )
        )
        if len(batch) >= BATCH:
            _write(handoff_model, event_model, batch, events, ["due_at"])
    _write(handoff_model, event_model, batch, events, ["due_at"])


def recompute(apps, schema_editor):
    schedules = Schedules(apps)
    if schedules.default_id is None:
        return  # no calendars yet: nothing is due by one
    moved = recompute_claims(apps, schema_editor, schedules)
    recompute_handoffs(apps, moved, schedules)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0012_waiting_for_the_client"),
        ("calendars", "0002_company_calendars_and_holidays"),
        ("contracts", "0007_contract_calendar"),
        ("handoffs", "0006_done_tab_index"),
        ("org", "0008_department_calendar"),
    ]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
