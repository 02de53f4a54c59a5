from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CalendarsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "calendars"
    verbose_name = _("Working calendars")

    def ready(self) -> None:
        from calendars.models import CalendarDay, WorkingCalendar, WorkingHours
        from calendars.selectors import clear_schedule_cache

        # An edit in the admin takes effect at once in this process (see the cache's note).
        for model in (WorkingCalendar, WorkingHours, CalendarDay):
            post_save.connect(
                clear_schedule_cache, sender=model, dispatch_uid=f"schedule-{model.__name__}"
            )
            post_delete.connect(
                clear_schedule_cache, sender=model, dispatch_uid=f"schedule-del-{model.__name__}"
            )
