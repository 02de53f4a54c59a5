"""The contract's choices: its stages, the claim priorities its SLA is set for, the work
schedules of its posts, the kinds of agreements and of stage events, the VAT rates of its
invoices and the units its services are billed in."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Stage(models.TextChoices):
    PREPARATION = "preparation", _("Preparation")
    SUPPORT = "support", _("Support")
    TERMINATION = "termination", _("Termination")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Priority(models.TextChoices):
    """Claim priority; the contract sets an SLA per priority (claims use these values)."""

    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Low")


class Schedule(models.TextChoices):
    ROUND_THE_CLOCK = "24/7", _("24/7")
    DAY_12 = "day_12", _("Day shifts, 12 h")
    FIVE_BY_EIGHT = "5x8", _("5×8 (weekdays, 8 h)")
    SIX_BY_EIGHT = "6x8", _("6×8 (six days, 8 h)")
    TWO_BY_TWO = "2x2", _("2×2 (12 h shifts)")
    OTHER = "other", _("Other")


class AgreementKind(models.TextChoices):
    TECHNICAL = "technical", _("Agreement with the technical side")
    SUPPLEMENTARY = "supplementary", _("Supplementary agreement")


class StageEventKind(models.TextChoices):
    STAGE = "stage", _("Stage change")
    ARCHIVED = "archived", _("Archived")
    RESTORED = "restored", _("Restored from the archive")
    # The contract moved to another manager (a portfolio transfer, `staffing`).
    MANAGER = "manager", _("Manager changed")


class VatRate(models.IntegerChoices):
    """The VAT rates of the Tax Code (art. 193) a facility-services contract may bill at."""

    STANDARD = 20, _("20 %")
    REDUCED_14 = 14, _("14 %")
    REDUCED_7 = 7, _("7 %")
    ZERO = 0, _("0 %")


class Unit(models.TextChoices):
    """The unit a service line is billed in, written as BAS's units of measure name them."""

    MONTH = "month", pgettext_lazy("unit of measure", "month")
    HOUR = "hour", pgettext_lazy("unit of measure", "hour")
    SQUARE_METRE = "m2", pgettext_lazy("unit of measure", "m²")
    SERVICE = "service", pgettext_lazy("unit of measure", "service")
    PIECE = "piece", pgettext_lazy("unit of measure", "piece")
