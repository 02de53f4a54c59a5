from django.contrib import admin

from calendars.models import CalendarDay, WorkingCalendar, WorkingHours


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    extra = 0


class OwnDaysInline(admin.TabularInline):
    model = CalendarDay
    extra = 0
    fields = ("day", "kind", "name", "starts", "ends")


@admin.register(WorkingCalendar)
class WorkingCalendarAdmin(admin.ModelAdmin):
    list_display = ("name", "always_open", "time_zone", "is_default")
    inlines = [WorkingHoursInline, OwnDaysInline]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("day", "kind", "name", "calendar", "starts", "ends")
    list_filter = ("kind", "calendar")
    date_hierarchy = "day"
    search_fields = ("name",)
