"""Sign-in lockout on top of django-axes: per user name and address, per address, per account.

Axes counts failures for its lockout parameters (user name + address) and compares the
count with one limit. This handler adds two counts over the same cool-off window:
every failure from the address (whatever the user names), and every failure on the
account (whatever the addresses). Each count is scaled onto axes' limit, so that a
count reaches that limit exactly when it reaches its own: with limits of 5 and 20,
``count * 5 // 20 >= 5`` holds exactly when ``count >= 20``.
"""

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def _failures(**filters: object) -> int:
    total = AccessAttempt.objects.filter(**filters).aggregate(total=Sum("failures_since_start"))
    return total["total"] or 0


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        per_pair = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        recent = {"attempt_time__gt": get_cool_off_threshold(request)}
        scaled = [per_pair]
        address = getattr(request, "axes_ip_address", None)
        if address:
            per_address = _failures(ip_address=address, **recent)
            scaled.append(per_address * limit // settings.LOCKOUT_FAILURES_PER_ADDRESS)
        username = get_client_username(request, credentials)
        if username:
            per_account = _failures(username=username, **recent)
            scaled.append(per_account * limit // settings.LOCKOUT_FAILURES_PER_ACCOUNT)
        return max(scaled)
