from celery import shared_task

from library.services import acknowledgements_remind


@shared_task
def remind_acknowledgements() -> str:
    """Daily: remind who has not yet acknowledged a version (once per person and version)."""
    return str(acknowledgements_remind())
