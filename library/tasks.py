from celery import shared_task

from library.services import acknowledgements_remind, versions_bring_into_force


@shared_task
def remind_acknowledgements() -> str:
    """Daily: remind who has not yet acknowledged a version (once per person and version)."""
    return str(acknowledgements_remind())


@shared_task
def bring_versions_into_force() -> str:
    """Daily, just after midnight: versions approved for a later day replace the ones in
    force when their day comes."""
    return str(versions_bring_into_force())
