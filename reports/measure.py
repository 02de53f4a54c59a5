"""Seconds to draft the month's client reports and seconds per PDF
(``python -m reports.measure``).

Against a throwaway database (SQLite in a temporary folder unless DATABASE_URL is set):
``--contracts`` contracts in support (1,000 by default), each with last month's claims
(answered, fixed on time and late, rated), an agreement, a staffing change and hand-offs
done and open, as the app relates them. ``--existing`` measures the database
DATABASE_URL points at instead (e.g. the seeded demo), drafting the current month's
reports, which nothing has drafted yet; they are deleted afterwards.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path


def _setup(database_dir: Path, *, existing: bool) -> None:
    if existing:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{database_dir / 'measure.sqlite3'}")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = database_dir / "media"
    if not existing:
        call_command("migrate", verbosity=0, interactive=False)


def _world(contracts: int, month: datetime.date) -> None:
    from django.utils import timezone

    from tests.reports.builders import served_contract

    with timezone.override("Europe/Kyiv"):
        for _n in range(contracts):
            served_contract()


def _measure(month: datetime.date, pdfs: int) -> dict[str, float]:
    from reports.models import ClientReport
    from reports.pdf import report_pdf
    from reports.services import client_reports_draft_month

    started = time.perf_counter()
    drafted = client_reports_draft_month(month=month)
    drafting = time.perf_counter() - started
    reports = list(ClientReport.objects.filter(month=month).select_related("contract")[:pdfs])
    if reports:
        report_pdf(reports[0])  # the first PDF of a process also loads the fonts
    started = time.perf_counter()
    for report in reports:
        report_pdf(report)
    rendering = time.perf_counter() - started
    return {
        "drafted": drafted,
        "draft_seconds": drafting,
        "pdfs": len(reports),
        "pdf_seconds": rendering / len(reports) if reports else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contracts", type=int, default=1000)
    parser.add_argument("--pdfs", type=int, default=10)
    parser.add_argument("--existing", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        _setup(Path(folder), existing=args.existing)
        from django.utils import timezone

        from reports.models import ClientReport

        if args.existing:
            month = timezone.localdate().replace(day=1)
        else:
            import time_machine

            from tests.reports.builders import MONTH, TODAY

            month = MONTH
            traveller = time_machine.travel(TODAY, tick=True)
            traveller.start()
            started = time.perf_counter()
            _world(args.contracts, month)
            print(f"seeded {args.contracts} contracts in {time.perf_counter() - started:.1f} s")
        figures = _measure(month, args.pdfs)
        print(
            f"drafted {figures['drafted']} reports in {figures['draft_seconds']:.2f} s "
            f"({figures['draft_seconds'] / max(figures['drafted'], 1) * 1000:.1f} ms each); "
            f"{figures['pdf_seconds']:.2f} s per PDF over {figures['pdfs']} (after one to warm up)"
        )
        if args.existing:
            ClientReport.objects.filter(month=month, approval__isnull=True).delete()
    return 0


if __name__ == "__main__":
    sys.exit(main())
