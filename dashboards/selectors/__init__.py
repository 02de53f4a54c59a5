"""Every figure the dashboards show, each a function of the user and the moment, by
dashboard: `manager`, `department`, `directors`, and the `lists` behind the figures.

Each function runs a fixed number of queries whatever the data size: counts and
sums are aggregated in the database, and medians are taken in Python over the
bounded rows of one period (the same answer on SQLite and PostgreSQL). Months
and days are Kyiv's, whatever the server's clock.
"""

from dashboards.selectors.common import (
    AGE_BUCKET_KEYS,
    AGE_BUCKETS,
    FIGURES_MAX_AGE,
    FIGURES_REFRESH,
    KYIV,
    AgeBucket,
    age_range,
    month_range,
    month_start,
)
from dashboards.selectors.department import (
    COMPLETION_WINDOW,
    completion_snapshot_name,
    completion_times,
    department_completion_times,
    department_dashboard,
    kept_completion_times,
    open_handoffs_load,
    refresh_completion_figures,
)
from dashboards.selectors.directors import (
    DIRECTORS_FIGURES,
    ON_TIME_MONTHS,
    TOP_LIMIT,
    TOP_WINDOW_DAYS,
    claims_per_client,
    claims_per_site,
    contracts_by_stage,
    directors_dashboard,
    on_time_by_department,
    refresh_directors_figures,
)
from dashboards.selectors.lists import (
    MAX_WINDOW_DAYS,
    figure_claims,
    figure_handoffs,
    received_within_days,
)
from dashboards.selectors.manager import (
    DUE_LIMIT,
    DUE_WINDOW,
    EXPIRY_DAYS,
    EXPIRY_LIMIT,
    contracts_expiring,
    due_this_week,
    kept_manager_figures,
    manager_dashboard,
    manager_snapshot_name,
    my_claims,
    open_claims_by_age,
    promptness,
    refresh_manager_figures,
)
from dashboards.selectors.places import (
    PLACES_WINDOW_DAYS,
    claims_by_post,
    claims_by_site,
    linked_breakdown,
    places_breakdown,
)

__all__ = [
    "AGE_BUCKETS",
    "AGE_BUCKET_KEYS",
    "COMPLETION_WINDOW",
    "DIRECTORS_FIGURES",
    "DUE_LIMIT",
    "DUE_WINDOW",
    "EXPIRY_DAYS",
    "EXPIRY_LIMIT",
    "FIGURES_MAX_AGE",
    "FIGURES_REFRESH",
    "KYIV",
    "MAX_WINDOW_DAYS",
    "ON_TIME_MONTHS",
    "PLACES_WINDOW_DAYS",
    "TOP_LIMIT",
    "TOP_WINDOW_DAYS",
    "AgeBucket",
    "age_range",
    "claims_by_post",
    "claims_by_site",
    "claims_per_client",
    "claims_per_site",
    "completion_snapshot_name",
    "completion_times",
    "contracts_by_stage",
    "contracts_expiring",
    "department_completion_times",
    "department_dashboard",
    "directors_dashboard",
    "due_this_week",
    "figure_claims",
    "figure_handoffs",
    "kept_completion_times",
    "kept_manager_figures",
    "linked_breakdown",
    "manager_dashboard",
    "manager_snapshot_name",
    "month_range",
    "month_start",
    "my_claims",
    "on_time_by_department",
    "open_claims_by_age",
    "open_handoffs_load",
    "places_breakdown",
    "promptness",
    "received_within_days",
    "refresh_completion_figures",
    "refresh_directors_figures",
    "refresh_manager_figures",
]
