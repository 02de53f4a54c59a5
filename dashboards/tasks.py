from celery import shared_task

from dashboards.selectors import refresh_directors_figures


@shared_task
def refresh_dashboard_figures():
    """Every few minutes: recompute the directors' figures over months of claims."""
    snapshot = refresh_directors_figures()
    return f"directors' figures as of {snapshot.computed_at:%H:%M:%S}"
