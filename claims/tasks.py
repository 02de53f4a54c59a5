from celery import Task, shared_task

from claims.digest import digest_recipients, send_digest
from claims.escalation import escalate_overdue_claims as escalate_claims
from claims.reminders import remind_waiting_claims as remind_waiting
from claims.reply_sending import pending_reply_ids, send_reply
from org.models import User


@shared_task
def send_daily_digests() -> str:
    """Every morning: one digest task per user who wants it."""
    user_ids = list(digest_recipients().values_list("pk", flat=True))
    for user_id in user_ids:
        send_daily_digest.delay(user_id)
    return f"{len(user_ids)} digests queued"


@shared_task(bind=True, max_retries=5)
def send_daily_digest(self: Task, user_id: int) -> int:
    """One user's digest; safe to run twice (one per user and day)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    try:
        return send_digest(user)
    except OSError as error:  # the SMTP server: the log row rolled back, so retry
        raise self.retry(exc=error, countdown=300 * 2**self.request.retries) from error


@shared_task
def escalate_overdue_claims() -> str:
    """Hourly: escalate claims past their fix time (each level once per claim)."""
    return str(escalate_claims())


@shared_task
def remind_waiting_claims() -> str:
    """Daily: remind managers of claims waiting for the client too long (once a wait)."""
    return f"{remind_waiting(now=None)} waiting claims reminded"


MAX_REPLY_ATTEMPTS = 8


@shared_task(bind=True, max_retries=MAX_REPLY_ATTEMPTS)
def send_claim_reply(self: Task, reply_id: int) -> str:
    """Send one reply to the client; safe to run twice (the row is locked and marked sent)."""
    status, error = send_reply(reply_id, max_attempts=MAX_REPLY_ATTEMPTS)
    if error is None or status != "retry":
        return status
    # Retried after the attempt count committed, with exponential backoff.
    raise self.retry(exc=error, countdown=min(60 * 2**self.request.retries, 3600))


@shared_task
def send_pending_claim_replies() -> int:
    """The outbox sweep: enqueue every reply still waiting to be sent."""
    reply_ids = pending_reply_ids()
    for reply_id in reply_ids:
        send_claim_reply.delay(reply_id)
    return len(reply_ids)
