from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

if TYPE_CHECKING:
    from org.models import Notification


def notification_email(notification: Notification) -> EmailMessage:
    """The e-mail for a notification, in Ukrainian (the company's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "notification": notification,
            "text": notification.text,
            "link": f"{settings.SITE_URL.rstrip('/')}{notification.url}"
            if notification.url
            else "",
        }
        subject = render_to_string("org/email/notification_subject.txt", context).strip()
        body = render_to_string("org/email/notification_body.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
    )
