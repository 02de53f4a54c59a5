from celery import shared_task

from dashboards.selectors import (
    refresh_completion_figures,
    refresh_directors_figures,
    refresh_manager_figures,
)
from org.models import Department, User
from org.roles import Role


@shared_task
def refresh_dashboard_figures():
    """Every few minutes: recompute the directors' figures over months of claims, each
    department's completion times, and each support manager's promptness and claims by
    place."""
    snapshot = refresh_directors_figures()
    for department_id in Department.objects.values_list("pk", flat=True):
        refresh_completion_figures(department_id)
    for manager in User.objects.filter(groups__name=Role.SUPPORT_MANAGER, is_active=True):
        refresh_manager_figures(manager)
    return f"directors' figures as of {snapshot.computed_at:%H:%M:%S}"
