"""The periodic jobs Celery beat runs (and `manage.py run_scheduler` in the embedded
default)."""

from typing import Any

from celery.schedules import crontab


# The periodic work. Run by `celery -A config beat` in production and by
# `manage.py run_scheduler` in the embedded default.
def beat_schedule(
    *, expiry_hour: int, expiry_catch_up_seconds: float, webhook_sweep_seconds: float
) -> dict[str, dict[str, Any]]:
    return _first(expiry_hour, expiry_catch_up_seconds) | _second(webhook_sweep_seconds)


def _first(expiry_hour: int, expiry_catch_up_seconds: float) -> dict[str, dict[str, Any]]:
    return {
        "send-pending-notification-emails": {
            "task": "org.tasks.send_pending_notification_emails",
            "schedule": 300.0,
        },
        "send-expiry-warnings": {
            "task": "contracts.tasks.send_expiry_warnings",
            "schedule": crontab(hour=expiry_hour, minute=0),
        },
        # Warns what the daily job's batches left undone (a worker killed mid-job): within
        # one interval of a worker being back, not after the broker's visibility timeout.
        "catch-up-expiry-warnings": {
            "task": "contracts.tasks.catch_up_expiry_warnings",
            "schedule": expiry_catch_up_seconds,
        },
        "send-daily-digests": {
            "task": "claims.tasks.send_daily_digests",
            "schedule": crontab(hour=7, minute=30),
        },
        "escalate-overdue": {
            "task": "handoffs.tasks.escalate_overdue",
            "schedule": crontab(minute=5),
        },
        "escalate-overdue-claims": {
            "task": "claims.tasks.escalate_overdue_claims",
            "schedule": crontab(minute=5),
        },
        "remind-waiting-claims": {
            "task": "claims.tasks.remind_waiting_claims",
            "schedule": crontab(hour=9, minute=15),
        },
        # The directors' dashboard reads these figures instead of aggregating months of claims.
        "refresh-dashboard-figures": {
            "task": "dashboards.tasks.refresh_dashboard_figures",
            "schedule": 600.0,
        },
    }


def _second(webhook_sweep_seconds: float) -> dict[str, dict[str, Any]]:
    return {
        "bring-document-versions-into-force": {
            "task": "library.tasks.bring_versions_into_force",
            "schedule": crontab(hour=0, minute=5),
        },
        "remind-document-acknowledgements": {
            "task": "library.tasks.remind_acknowledgements",
            "schedule": crontab(hour=9, minute=0),
        },
        "fetch-support-mail": {"task": "intake.tasks.fetch_support_mail", "schedule": 60.0},
        # The outbox sweep of replies to clients that the broker missed or a send failed.
        "send-pending-claim-replies": {
            "task": "claims.tasks.send_pending_claim_replies",
            "schedule": 300.0,
        },
        # The 1st of the month, early: each contract served last month gets its report drafted
        # (once: one report per contract and month), for its manager to finish and submit.
        "draft-monthly-client-reports": {
            "task": "reports.tasks.draft_monthly_client_reports",
            "schedule": crontab(day_of_month=1, hour=6, minute=0),
        },
        # The outbox sweep of the reports sent to clients (a broker outage leaves them pending).
        "send-pending-client-reports": {
            "task": "reports.tasks.send_pending_client_reports",
            "schedule": 300.0,
        },
        # Fans the events outbox out to the webhook endpoints, sends what is due (retries
        # included) and requeues deliveries whose worker died (`webhooks.services`).
        "relay-webhooks": {
            "task": "webhooks.tasks.relay_webhooks",
            "schedule": webhook_sweep_seconds,
        },
    }
