"""The frozen figures as the report page and the PDF show them: labelled rows, working
hours, money and dates the Ukrainian way. Labels are read at render time, so that the
page follows the user's language; the PDF is rendered in Ukrainian."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any, TypedDict, cast

from django.utils.dates import MONTHS
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from contracts.choices import AgreementKind
from contracts.models import RecordChange
from contracts.selectors.record_changes import record_change_entry
from handoffs.models import Kind as HandoffKind
from org import formatting


class Row(TypedDict):
    label: str | Promise
    value: str


def month_label(month: datetime.date) -> str:
    """«листопад 2026»: the month's name, as a Ukrainian writes it in a title."""
    return f"{str(MONTHS[month.month]).lower()} {month.year}"


def _day(value: str | None) -> str:
    if not value:
        return formatting.MISSING
    return datetime.date.fromisoformat(value[:10]).strftime("%d.%m.%Y")


def _hours(value: float | None) -> str:
    if value is None:
        return formatting.MISSING
    return formatting.working_hours(datetime.timedelta(hours=value)) or formatting.MISSING


def _split(total: int, on_time: int, late: int) -> str:
    if not total:
        return "0"
    return _("%(total)s (on time %(on_time)s, late %(late)s)") % {
        "total": total,
        "on_time": on_time,
        "late": late,
    }


def claim_rows(claims: Mapping[str, Any]) -> list[Row]:
    if not claims:
        return []
    return [
        {"label": _("Claims received"), "value": str(claims["received"])},
        {
            "label": _("Claims answered"),
            "value": _split(
                claims["responded"], claims["responded_on_time"], claims["responded_late"]
            ),
        },
        {
            "label": _("Claims fixed"),
            "value": _split(
                claims["resolved"], claims["resolved_on_time"], claims["resolved_late"]
            ),
        },
        {"label": _("Claims open at the end of the month"), "value": str(claims["open_at_end"])},
        {
            "label": _("Time to answer, working hours: median / average"),
            "value": f"{_hours(claims['median_respond_hours'])} / "
            f"{_hours(claims['average_respond_hours'])}",
        },
        {
            "label": _("Time to fix, working hours: median / average"),
            "value": f"{_hours(claims['median_fix_hours'])} / {_hours(claims['average_fix_hours'])}",
        },
    ]


def satisfaction_text(satisfaction: Mapping[str, Any]) -> str:
    if not satisfaction or not satisfaction.get("rated"):
        return _("No claim closed in the month was rated.")
    return _("%(average)s of 5 (marks given: %(count)s)") % {
        "average": formatting.number(satisfaction["average"], 1),
        "count": satisfaction["rated"],
    }


def agreement_rows(agreements: list[Mapping[str, Any]]) -> list[dict[str, str]]:
    labels = dict(AgreementKind.choices)
    return [
        {
            "date": _day(item.get("date")),
            "kind": str(labels.get(item.get("kind", ""), item.get("kind", ""))),
            "summary": item.get("summary", ""),
            "confirmed_by": item.get("confirmed_by", ""),
        }
        for item in agreements
    ]


def staffing_rows(staffing: list[Mapping[str, Any]]) -> list[dict[str, str]]:
    rows = []
    for item in staffing:
        # The contract timeline's words for the same change, from the frozen copy.
        frozen = SimpleNamespace(
            record=item.get("record", ""),
            action=item.get("action", ""),
            label=item.get("label", ""),
            changes=item.get("changes", []),
            actor=None,
            on_behalf_of=None,
        )
        entry = record_change_entry(cast(RecordChange, frozen))
        rows.append(
            {"date": _day(item.get("at")), "text": entry["text"], "detail": entry["detail"]}
        )
    return rows


def handoff_rows(handoffs: Mapping[str, Any]) -> list[dict[str, str]]:
    labels = dict(HandoffKind.choices)
    return [
        {"kind": str(labels.get(item["kind"], item["kind"])), "count": str(item["count"])}
        for item in handoffs.get("by_kind", [])
    ]


def contract_rows(contract: Mapping[str, Any]) -> list[Row]:
    if not contract:
        return []
    return [
        {"label": _("Client"), "value": contract["client_legal_name"]},
        {"label": _("EDRPOU code"), "value": contract["client_edrpou"]},
        {
            "label": _("Contract"),
            "value": _("No. %(number)s of %(date)s")
            % {
                "number": contract["number"],
                "date": _day(contract["signed_on"] or contract["start_date"]),
            },
        },
        {
            "label": _("Term"),
            "value": f"{_day(contract['start_date'])} – {_day(contract['end_date'])}",
        },
        {"label": _("Monthly value"), "value": formatting.money(contract["monthly_value"])},
        {"label": _("Support manager"), "value": contract["manager"]},
    ]


def report_context(figures: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the page and the PDF show of the frozen figures."""
    if not figures:
        return {"has_figures": False}
    handoffs = figures.get("handoffs", {})
    return {
        "has_figures": True,
        "contract_rows": contract_rows(figures.get("contract", {})),
        "claim_rows": claim_rows(figures.get("claims", {})),
        "satisfaction": satisfaction_text(figures.get("satisfaction", {})),
        "agreements": agreement_rows(figures.get("agreements", [])),
        "staffing": staffing_rows(figures.get("staffing", [])),
        "handoffs_completed": handoffs.get("completed", 0),
        "handoff_rows": handoff_rows(handoffs),
    }
