from django.core.management.base import BaseCommand

from intake.services import mailboxes_fetch


class Command(BaseCommand):
    help = "Read the support mailboxes (INTAKE_IMAP_URLS) once and process the new messages."

    def handle(self, *args, **options):
        self.stdout.write(str(mailboxes_fetch()))
