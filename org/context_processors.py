from __future__ import annotations

from django.http import HttpRequest

from org.models import Notification
from org.navigation import menu_for

UNREAD_CAP = 99


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Counting at most CAP + 1 rows keeps the bell cheap however many are unread.
    unread = Notification.objects.unread().filter(recipient=user)[: UNREAD_CAP + 1].count()
    return {
        "menu": menu_for(user, request.path),
        "unread_notifications": unread,
        "unread_notifications_display": f"{UNREAD_CAP}+" if unread > UNREAD_CAP else unread,
    }
