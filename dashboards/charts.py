"""Geometry for the server-side SVG charts: numbers in, shapes and links out.

The templates draw what these return; every shape carries the URL of the list behind
it. Colours are CSS classes (dashboards.css): normal, late, on time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any, NotRequired, TypedDict
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import Promise

NORMAL, LATE, ON_TIME, MUTED = "fig-normal", "fig-late", "fig-on-time", "fig-muted"

Label = str | Promise
# The shapes of a chart, as the templates read them.
Chart = dict[str, Any]


class Column(TypedDict):
    label: Label
    value: float
    css: str
    url: str


class Segment(TypedDict):
    value: float
    css: str
    title: Label
    url: str
    # What the tooltip says instead of the bare value (e.g. the amount with its currency).
    value_label: NotRequired[str]


class Row(TypedDict):
    label: Label
    url: str
    segments: list[Segment]
    sublabel: NotRequired[str]
    # Written after the bar instead of the total.
    total_label: NotRequired[Label]


def link(name: str, **params: object) -> str:
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    return f"{reverse(name)}?{query}" if query else reverse(name)


def columns(
    items: Sequence[Column],
    *,
    width: int = 480,
    height: int = 220,
    top: int = 24,
    bottom: int = 40,
    gap: int = 24,
) -> Chart:
    """Vertical bars, one per item (``label``, ``value``, ``url``, ``css``)."""
    peak = max((item["value"] for item in items), default=0) or 1
    plot = height - top - bottom
    step = (width - gap) / max(len(items), 1)
    bar_width = step - gap
    shapes = []
    for index, item in enumerate(items):
        bar_height = plot * item["value"] / peak
        x = gap + index * step
        shapes.append(
            {
                **item,
                "x": round(x, 1),
                "y": round(top + plot - bar_height, 1),
                "w": round(bar_width, 1),
                "h": round(max(bar_height, 0), 1),
                "cx": round(x + bar_width / 2, 1),
                "value_y": round(top + plot - bar_height - 6, 1),
                "label_y": height - bottom + 20,
            }
        )
    return {"width": width, "height": height, "baseline": top + plot, "bars": shapes}


def stacked_rows(
    rows: Sequence[Row],
    *,
    width: int = 640,
    label_width: int = 190,
    value_width: int = 70,
    row_height: int = 30,
    top: int = 8,
) -> Chart:
    """Horizontal bars, one row per item, each split into ``segments`` (``value``, ``css``,
    ``url``, ``title``) laid end to end; the total is written after the bar."""
    peak = max((sum(s["value"] for s in row["segments"]) for row in rows), default=0) or 1
    plot = width - label_width - value_width
    shapes = []
    for index, row in enumerate(rows):
        y = top + index * row_height
        x: float = label_width
        segments = []
        for segment in row["segments"]:
            w = plot * segment["value"] / peak
            if segment["value"]:
                segments.append({**segment, "x": round(x, 1), "w": round(max(w, 2), 1)})
            x += w
        total = sum(s["value"] for s in row["segments"])
        shapes.append(
            {
                **row,
                "y": y + 4,
                "h": row_height - 10,
                "text_y": y + row_height / 2 + 4,
                "total": row.get("total_label", total),
                "total_x": round(x + 6, 1),
                "segments": segments,
            }
        )
    return {
        "width": width,
        "height": top * 2 + row_height * max(len(rows), 1),
        "label_x": label_width - 8,
        "rows": shapes,
    }


def timeline(
    entries: Sequence[Mapping[str, Any]],
    *,
    today: date,
    days: int,
    width: int = 760,
    label_width: int = 220,
    row_height: int = 34,
) -> Chart:
    """One lane per contract across ``days`` from ``today``: a bar from its notice deadline
    to its end date, a marker at each, labelled with the date."""
    top, bottom, right = 34, 12, 24
    plot = width - label_width - right

    def x_of(day: date) -> float:
        offset = min(max((day - today).days, 0), days)
        return round(label_width + plot * offset / days, 1)

    ticks = []
    for offset in range(0, days + 1, 15):
        day = today + timedelta(days=offset)
        ticks.append({"x": x_of(day), "day": day})
    lanes = []
    for index, entry in enumerate(entries):
        y = top + index * row_height + row_height / 2
        notice_x, end_x = x_of(entry["notice_deadline"]), x_of(entry["end_date"])
        lanes.append(
            {
                **entry,
                "y": round(y, 1),
                "text_y": round(y + 4, 1),
                "notice_x": notice_x,
                "notice_passed": entry["notice_deadline"] < today,
                "notice_points": " ".join(
                    f"{px},{py}"
                    for px, py in (
                        (notice_x, round(y - 7, 1)),
                        (round(notice_x + 7, 1), round(y, 1)),
                        (notice_x, round(y + 7, 1)),
                        (round(notice_x - 7, 1), round(y, 1)),
                    )
                ),
                "end_x": end_x,
                "span_w": round(max(end_x - notice_x, 0), 1),
                "notice_label_y": round(y - 8, 1),
                "end_label_y": round(y + 16, 1),
            }
        )
    height = top + row_height * max(len(entries), 1) + bottom
    return {
        "width": width,
        "height": height,
        "label_x": label_width - 10,
        "plot_left": label_width,
        "plot_right": width - right,
        "axis_y": top - 12,
        "bottom": height - bottom,
        "ticks": ticks,
        "lanes": lanes,
    }
