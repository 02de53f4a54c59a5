from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from org.models import Notification
from org.pagination import keyset_page
from org.requests import AuthenticatedRequest
from org.services import (
    notification_mark_all_read,
    notification_mark_read,
    user_set_notification_preferences,
)
from org.token_views import ApiTokenForm, active_tokens


class NotificationSettingsForm(forms.Form):
    email_notifications = forms.BooleanField(
        label=gettext_lazy("Send my notifications by e-mail too"), required=False
    )
    daily_digest = forms.BooleanField(
        label=gettext_lazy("Send me a morning digest of what is due today and overdue"),
        required=False,
    )


def notification_list(request: AuthenticatedRequest) -> HttpResponse:
    notifications = Notification.objects.filter(recipient=request.user).select_related(
        "addressed_to"
    )
    page = keyset_page(
        notifications,
        field="created_at",
        cursor=request.GET.get("cursor"),
        size=30,
        descending=True,
    )
    settings_form = NotificationSettingsForm(
        initial={
            "email_notifications": request.user.email_notifications,
            "daily_digest": request.user.daily_digest,
        }
    )
    return render(
        request,
        "org/notifications.html",
        {
            "page": page,
            "settings_form": settings_form,
            "api_tokens": active_tokens(request),
            "api_token_form": ApiTokenForm(),
        },
    )


@require_POST
def notification_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Mark read and follow the notification's link."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(actor=request.user, notification=notification)
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        target = "notifications"
    return redirect(target)


@require_POST
def notification_read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(actor=request.user, notification=notification)
    if request.htmx:
        notification.refresh_from_db()
        return render(request, "org/_notification_row.html", {"notification": notification})
    return redirect("notifications")


@require_POST
def notification_read_all(request: AuthenticatedRequest) -> HttpResponse:
    count = notification_mark_all_read(actor=request.user)
    messages.success(request, _("Marked %(count)d notifications as read.") % {"count": count})
    return redirect("notifications")


@require_POST
def notification_settings(request: AuthenticatedRequest) -> HttpResponse:
    form = NotificationSettingsForm(request.POST)
    if form.is_valid():
        user_set_notification_preferences(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Your notification settings are saved."))
    return redirect("notifications")
