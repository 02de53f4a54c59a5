"""Working calendars: when the company's clocks (claim SLAs, hand-off due times) run.

A calendar has weekly working hours and dated exceptions. Public holidays are
company-wide exceptions (no calendar); whether they are days off is a setting
(``HOLIDAYS_ARE_DAYS_OFF``), because under martial law they are working days in
Ukraine. A 24/7 calendar (security posts) runs around the clock and ignores them.
"""

from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

DEFAULT_ZONE = "Europe/Kyiv"
MIDNIGHT = time(0)


def validate_zone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("Unknown time zone: %(zone)s."), params={"zone": name}) from None


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class WorkingCalendar(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    always_open = models.BooleanField(
        _("around the clock"),
        default=False,
        help_text=_("24/7, holidays included: the weekly hours and exceptions are not used."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=DEFAULT_ZONE, validators=[validate_zone]
    )
    is_default = models.BooleanField(
        _("company default"),
        default=False,
        help_text=_("Used where a contract or a department names no calendar of its own."),
    )

    class Meta:
        verbose_name = _("working calendar")
        verbose_name_plural = _("working calendars")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_calendar"
            )
        ]

    def __str__(self):
        return self.name


class WorkingHours(models.Model):
    """One span of working time on a day of the week; a day without spans is a day off."""

    calendar = models.ForeignKey(
        WorkingCalendar, verbose_name=_("calendar"), on_delete=models.CASCADE, related_name="hours"
    )
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday.choices)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"), help_text=_("00:00 means until midnight."))

    class Meta:
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        ordering = ["calendar", "weekday", "starts"]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"

    def clean(self):
        check_span(self.starts, self.ends)


class DayKind(models.TextChoices):
    PUBLIC_HOLIDAY = "public_holiday", _("Public holiday")
    DAY_OFF = "day_off", _("Day off")
    WORKING_DAY = "working_day", _("Working day")
    SHORT_DAY = "short_day", _("Short day")


class CalendarDay(models.Model):
    """A dated exception: a holiday, a day off, a transferred working day, a short day.

    Without a calendar it applies to every calendar that is not 24/7 (public holidays);
    a calendar's own entry for the same day wins over the company-wide one.
    """

    calendar = models.ForeignKey(
        WorkingCalendar,
        verbose_name=_("calendar"),
        on_delete=models.CASCADE,
        related_name="days",
        null=True,
        blank=True,
        help_text=_("Empty: every calendar (public holidays)."),
    )
    day = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    starts = models.TimeField(_("from"), null=True, blank=True)
    ends = models.TimeField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["calendar", "day"], name="one_exception_per_calendar_day"
            ),
            models.UniqueConstraint(
                fields=["day"], condition=Q(calendar=None), name="one_company_exception_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.day:%d.%m.%Y} {self.name or self.get_kind_display()}"

    @property
    def works(self) -> bool:
        return self.kind in (DayKind.WORKING_DAY, DayKind.SHORT_DAY)

    def clean(self):
        if self.works:
            if self.starts is None or self.ends is None:
                raise ValidationError(_("A working or short day needs its hours."))
            check_span(self.starts, self.ends)
        elif self.starts is not None or self.ends is not None:
            raise ValidationError(_("A day off has no hours."))


def check_span(starts: time, ends: time) -> None:
    if ends != MIDNIGHT and ends <= starts:
        raise ValidationError(_("The span must end after it starts."))
