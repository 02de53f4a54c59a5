from celery import shared_task

from dashboards.selectors import refresh_completion_figures, refresh_directors_figures
from org.models import Department


@shared_task
def refresh_dashboard_figures():
    """Every few minutes: recompute the directors' figures over months of claims, and each
    department's completion times."""
    snapshot = refresh_directors_figures()
    for department_id in Department.objects.values_list("pk", flat=True):
        refresh_completion_figures(department_id)
    return f"directors' figures as of {snapshot.computed_at:%H:%M:%S}"
