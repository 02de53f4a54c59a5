"""From figures to what the pages draw: charts with a link on every shape, cards, labels.

The selectors compute the figures; these functions only shape them for the templates
(`dashboards.charts` does the geometry) and name the list behind each shape.
"""

from dashboards.presenters.department import assignee_chart, kind_chart, median_chart
from dashboards.presenters.directors import on_time_table, stage_chart, top_chart
from dashboards.presenters.lists import claim_filter_labels, handoff_filter_labels, handoff_state
from dashboards.presenters.manager import (
    age_chart,
    expiring_with_links,
    expiry_timeline,
    promptness_cards,
)

__all__ = [
    "age_chart",
    "assignee_chart",
    "claim_filter_labels",
    "expiring_with_links",
    "expiry_timeline",
    "handoff_filter_labels",
    "handoff_state",
    "kind_chart",
    "median_chart",
    "on_time_table",
    "promptness_cards",
    "stage_chart",
    "top_chart",
]
