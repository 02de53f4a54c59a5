from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intake.services import FetchReport, message_ingest
from intake.services.ingest import eml_incoming


class Command(BaseCommand):
    help = "Process the .eml files of a folder as if they had reached the support mailbox."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder, **options):
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder")
        report = FetchReport()
        for path in sorted(folder.glob("*.eml")):
            row = message_ingest(incoming=eml_incoming(path.read_bytes()))
            if row is None:
                report.skipped += 1
                continue
            report.processed += 1
            report.outcomes[row.outcome] = report.outcomes.get(row.outcome, 0) + 1
            self.stdout.write(f"{path.name}: {row.get_outcome_display()} {row.reason}".rstrip())
        self.stdout.write(str(report))
