"""Write the example files of the README's "Експорт для BAS" from the demo data:
`docs/bas/example-<document>.csv` and `.xlsx` for a month, as the general director
(who sees every contract) would download them.

    python manage.py seed_demo && python manage.py bas_examples --month 2026-11
"""

from __future__ import annotations

import datetime
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounting.bas import DOCUMENTS, Batch, bas_download
from accounting.forms import previous_month
from accounting.selectors import billed_contracts
from org.models import User
from org.roles import Role

DEFAULT_FOLDER = Path(settings.BASE_DIR) / "docs" / "bas"


class Command(BaseCommand):
    help = "Write docs/bas/example-*.csv and .xlsx, the BAS export of the demo's month."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--month", help="YYYY-MM; default: the previous month")
        parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)

    def handle(self, *args: Any, month: str | None, folder: Path, **options: Any) -> None:
        day = self._month(month)
        director = User.objects.filter(groups__name=Role.GENERAL_DIRECTOR).order_by("pk").first()
        if director is None:
            raise CommandError("No general director: run `manage.py seed_demo` first.")
        batch = Batch(day, list(billed_contracts(director, month=day)))
        if not batch.contracts:
            raise CommandError(f"No contract is in force in {day:%m.%Y}.")
        folder.mkdir(parents=True, exist_ok=True)
        for document, _label in DOCUMENTS:
            for fmt in ("csv", "xlsx"):
                response = bas_download(batch, document=document, fmt=fmt)
                target = folder / f"example-{document}.{fmt}"
                target.write_bytes(b"".join(response.streaming_content))  # type: ignore[arg-type]
                self.stdout.write(f"{target}: {target.stat().st_size} bytes")

    def _month(self, month: str | None) -> datetime.date:
        if not month:
            return previous_month()
        try:
            return datetime.datetime.strptime(month, "%Y-%m").date()  # noqa: DTZ007 (a month, no time)
        except ValueError:
            raise CommandError("--month takes YYYY-MM, e.g. 2026-11") from None
