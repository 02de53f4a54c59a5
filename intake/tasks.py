from celery import shared_task

from intake.services import mailboxes_fetch


@shared_task
def fetch_support_mail() -> str:
    """Read the support mailboxes; safe to run twice at once (each message is recorded once)."""
    return str(mailboxes_fetch())
