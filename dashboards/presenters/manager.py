"""The manager's dashboard: open claims by age, promptness cards, the expiry timeline."""

from __future__ import annotations

import datetime
from typing import Literal, TypedDict

from django.utils.translation import gettext as _

from dashboards import charts
from dashboards.charts import NORMAL, Chart, link
from dashboards.figures import AgeCount, ExpiringContract, Label, MonthlyPromptness
from dashboards.selectors import EXPIRY_DAYS


def age_chart(by_age: list[AgeCount]) -> Chart:
    """Open claims by age, a column per bucket leading to its claims."""
    return charts.columns(
        [
            {
                "label": bucket["label"],
                "value": bucket["count"],
                "css": NORMAL,
                "url": link("dashboards:claims", mine=1, open=1, age=bucket["key"]),
            }
            for bucket in by_age
        ]
    )


class PromptnessCard(TypedDict):
    label: Label
    unit: Label
    this: float | None
    last: float | None
    change: float | None
    # None: no change, or nothing to compare with.
    better: bool | None
    this_w: float
    last_w: float
    this_url: str
    last_url: str


PromptnessFigure = Literal["fixed_on_time_pct", "median_hours_to_fix", "responded_on_time_pct"]


def _promptness_card(
    data: MonthlyPromptness,
    key: PromptnessFigure,
    label: Label,
    unit: Label,
    higher_is_better: bool,
    fixed: str | None,
) -> PromptnessCard:
    this, last = data["this_month"][key], data["last_month"][key]
    change = data["change"][key]
    peak = max((v for v in (this, last) if v is not None), default=0) or 1
    return {
        "label": label,
        "unit": unit,
        "this": this,
        "last": last,
        "change": change,
        "better": None if not change else (change > 0) == higher_is_better,
        "this_w": round(100 * (this or 0) / peak, 1),
        "last_w": round(100 * (last or 0) / peak, 1),
        "this_url": link("dashboards:claims", mine=1, resolved=data["this_key"], fixed=fixed),
        "last_url": link("dashboards:claims", mine=1, resolved=data["last_key"], fixed=fixed),
    }


def promptness_cards(data: MonthlyPromptness) -> list[PromptnessCard]:
    """Three figures, this month against last: the better direction of each decides the
    colour of the change."""
    return [
        _promptness_card(data, "fixed_on_time_pct", _("Fixed on time"), "%", True, "on_time"),
        _promptness_card(data, "median_hours_to_fix", _("Median time to fix"), _("h"), False, None),
        _promptness_card(data, "responded_on_time_pct", _("Responded on time"), "%", True, None),
    ]


class ExpiringLane(ExpiringContract):
    url: str


def expiring_with_links(expiring: list[ExpiringContract]) -> list[ExpiringLane]:
    """Each expiring contract with the link to its page (a lane of the timeline)."""
    return [{**entry, "url": entry["contract"].get_absolute_url()} for entry in expiring]


def expiry_timeline(expiring: list[ExpiringLane], *, today: datetime.date) -> Chart:
    return charts.timeline(expiring, today=today, days=EXPIRY_DAYS)
