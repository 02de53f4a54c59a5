from celery import shared_task

from handoffs.escalation import escalate_overdue as escalate


@shared_task
def escalate_overdue():
    """Hourly: escalate overdue hand-offs (each level once per hand-off); claims have their own task."""
    return str(escalate())
