from celery import shared_task

from handoffs.escalation import escalate_overdue as escalate


@shared_task
def escalate_overdue():
    """Hourly: escalate overdue hand-offs and claims (each level once per item)."""
    return str(escalate())
