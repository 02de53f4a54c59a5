"""The directors' dashboard: top clients and sites, the on-time table, contracts by stage."""

from __future__ import annotations

from typing import TypedDict

from django.utils.translation import gettext as _

from dashboards import charts
from dashboards.charts import MUTED, NORMAL, Chart, Row, link
from dashboards.figures import OnTime, OnTimeCell, OnTimeMonth, StageTotal, TopRow
from dashboards.selectors import TOP_WINDOW_DAYS
from org.formatting import money
from org.models import Department


def top_chart(rows: list[TopRow], param: str, label_width: int = 200) -> Chart:
    """The clients (or sites) with the most claims, each leading to those claims."""
    shapes: list[Row] = []
    for row in rows:
        url = link("dashboards:claims", days=TOP_WINDOW_DAYS, **{param: row["id"]})
        shapes.append(
            {
                "label": row["label"],
                "sublabel": row.get("client", ""),
                "url": url,
                "segments": [
                    {"value": row["count"], "css": NORMAL, "title": _("Claims"), "url": url}
                ],
            }
        )
    return charts.stacked_rows(shapes, width=560, label_width=label_width, value_width=40)


class OnTimeLink(OnTimeCell):
    url: str
    on_time_url: str
    late_url: str
    late: int
    on_time_w: float


class OnTimeLinkRow(TypedDict):
    department: Department
    cells: list[OnTimeLink]


class OnTimeTable(TypedDict):
    months: list[OnTimeMonth]
    rows: list[OnTimeLinkRow]


def _on_time_link(department: Department, cell: OnTimeCell) -> OnTimeLink:
    month = cell["month"]

    def claims(**fixed: str) -> str:
        return link("dashboards:claims", department=department.pk, resolved=month, **fixed)

    return {
        **cell,
        "url": claims(),
        "on_time_url": claims(fixed="on_time"),
        "late_url": claims(fixed="late"),
        "late": cell["resolved"] - cell["on_time"],
        "on_time_w": round(100 * cell["on_time"] / cell["resolved"], 1) if cell["resolved"] else 0,
    }


def on_time_table(on_time: OnTime) -> OnTimeTable:
    """The on-time table with the links of each cell: all, on time, late."""
    return {
        "months": on_time["months"],
        "rows": [
            {
                "department": row["department"],
                "cells": [_on_time_link(row["department"], cell) for cell in row["cells"]],
            }
            for row in on_time["rows"]
        ],
    }


def stage_chart(stages: list[StageTotal]) -> Chart:
    """Contracts by stage: their total monthly value, each leading to the contract list."""
    rows: list[Row] = [
        {
            "label": stage["label"],
            "url": link("contracts:list", stage=stage["stage"]),
            "total_label": f"{stage['count']} · {money(stage['value'])}",
            "segments": [
                {
                    "value": float(stage["value"]),
                    "css": MUTED if stage["stage"] in ("closed", "cancelled") else NORMAL,
                    "title": _("Monthly value"),
                    "value_label": money(stage["value"]),
                    "url": link("contracts:list", stage=stage["stage"]),
                }
            ],
        }
        for stage in stages
    ]
    return charts.stacked_rows(rows, width=900, label_width=140, value_width=260)
