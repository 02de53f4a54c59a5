"""The department head's dashboard: load by assignee and kind, completion times."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dashboards import charts
from dashboards.charts import LATE, NORMAL, Chart, Row, Segment, link
from dashboards.figures import AssigneeCompletion, AssigneeLoad, KindLoad
from org.formatting import number


def _assignee_param(entry: AssigneeLoad | AssigneeCompletion) -> int | str:
    return entry["id"] if entry["id"] is not None else "none"


def _overdue_and_pending(
    entry: AssigneeLoad | KindLoad, *, overdue_url: str, pending_url: str
) -> list[Segment]:
    return [
        {"value": entry["overdue"], "css": LATE, "title": _("Overdue"), "url": overdue_url},
        {
            "value": entry["open"] - entry["overdue"],
            "css": NORMAL,
            "title": _("Open, not overdue"),
            "url": pending_url,
        },
    ]


def assignee_chart(by_assignee: list[AssigneeLoad]) -> Chart:
    """Open hand-offs per assignee, overdue and not, each part leading to its list."""
    rows: list[Row] = []
    for entry in by_assignee:
        assignee = _assignee_param(entry)
        rows.append(
            {
                "label": entry["name"],
                "url": link("dashboards:handoffs", state="open", assignee=assignee),
                "segments": _overdue_and_pending(
                    entry,
                    overdue_url=link("dashboards:handoffs", state="overdue", assignee=assignee),
                    pending_url=link("dashboards:handoffs", state="pending", assignee=assignee),
                ),
            }
        )
    return charts.stacked_rows(rows)


def kind_chart(by_kind: list[KindLoad]) -> Chart:
    """Open hand-offs per kind, overdue and not: the inbox's tabs filtered by the kind."""
    rows: list[Row] = [
        {
            "label": entry["label"],
            "url": link("handoffs:inbox", tab="department", kind=entry["kind"]),
            "segments": _overdue_and_pending(
                entry,
                overdue_url=link("handoffs:inbox", tab="overdue", kind=entry["kind"]),
                pending_url=link("dashboards:handoffs", state="pending", kind=entry["kind"]),
            ),
        }
        for entry in by_kind
    ]
    return charts.stacked_rows(rows, label_width=260)


def _median_label(entry: AssigneeCompletion) -> str:
    """A median of 0.0 h measures nothing (hand-offs done as soon as made): a dash."""
    count = entry["completed"]
    if not entry["median_hours"]:
        return "— · " + ngettext("%(count)s done", "%(count)s done", count) % {"count": count}
    return _("%(hours)s h · %(count)s done") % {
        "hours": number(entry["median_hours"], 1),
        "count": count,
    }


def median_chart(per_assignee: list[AssigneeCompletion]) -> Chart:
    """The median time to complete per assignee, each leading to what they completed."""
    rows: list[Row] = []
    for entry in per_assignee:
        url = link("dashboards:handoffs", state="done", assignee=_assignee_param(entry))
        rows.append(
            {
                "label": entry["name"] or "",
                "url": url,
                "total_label": _median_label(entry),
                "segments": [
                    {
                        "value": entry["median_hours"] or 0,
                        "css": NORMAL,
                        "title": _("Median time to complete"),
                        "url": url,
                    }
                ],
            }
        )
    return charts.stacked_rows(rows, width=900, label_width=220, value_width=170)
