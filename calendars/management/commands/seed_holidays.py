from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from calendars.services import public_holidays_seed


class Command(BaseCommand):
    help = "Add Ukraine's public holidays of the given years to the calendars (once per day)."

    def add_arguments(self, parser: CommandParser) -> None:
        this_year = timezone.localdate().year
        parser.add_argument("years", nargs="*", type=int, default=[this_year, this_year + 1])

    def handle(self, *args: object, years: list[int], **options: object) -> None:
        added = public_holidays_seed(years=years)
        self.stdout.write(f"{added} public holidays added for {', '.join(map(str, years))}.")
