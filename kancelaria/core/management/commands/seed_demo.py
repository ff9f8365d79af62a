"""`kancelaria seed-demo`: load the demo municipality (Община Момчилград).

Idempotent: what exists is left alone; documents are registered only into an empty
register. The demo users' passwords are their user names, so the command refuses to
run unless the installation is a demo (KANCELARIA_DEMO=true) or in DEBUG, or --force
is given.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kancelaria.core.demo import USERS, demo_seed


def _demo_mode() -> bool:
    return os.environ.get("KANCELARIA_DEMO", "").strip().lower() in {"1", "true", "yes", "on"}


class Command(BaseCommand):
    help = "Load the demo municipality: units, employees, nomenclature and registered documents."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="run although this is neither a demo (KANCELARIA_DEMO) nor DEBUG")

    def handle(self, *args, force: bool = False, **options):
        if not (force or settings.DEBUG or _demo_mode()):
            raise CommandError(
                "seed-demo creates users whose password is their user name. It runs only with "
                "KANCELARIA_DEMO=true or DEBUG=true, or with --force."
            )
        report = demo_seed()
        self.stdout.write(self.style.MIGRATE_HEADING(f"Demo municipality: {settings.OFFICE_NAME}"))
        for line in report.lines():
            self.stdout.write(f"  {line}")
        logins = ", ".join(f"{u.username}/{u.username}" for u in USERS)
        self.stdout.write(f"  demo logins (user/password): {logins}")
        self.stdout.write(self.style.SUCCESS("seed-demo: done"))
