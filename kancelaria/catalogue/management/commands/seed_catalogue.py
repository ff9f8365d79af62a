"""`kancelaria seed-catalogue`: load the demo catalogue of administrative services for
the demo municipality's units (idempotent: services that exist are left alone)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from kancelaria.accounts.models import Unit
from kancelaria.catalogue.demo import SERVICES, catalogue_seed
from kancelaria.core.demo import UNITS


class Command(BaseCommand):
    help = "Load the demo catalogue of administrative services (run seed-demo first)."

    def handle(self, *args, **options):
        units = {unit.code: unit for unit in Unit.objects.filter(code__in=[code for code, *_rest in UNITS])}
        needed = {spec.unit for spec in SERVICES} | {step[0] for spec in SERVICES for step in spec.steps}
        missing = sorted(needed - set(units))
        if missing:
            raise CommandError(f"The demo units {', '.join(missing)} are missing. Run `kancelaria seed-demo` first.")
        created = catalogue_seed(units)
        self.stdout.write(f"  services created: {created} (of {len(SERVICES)} in the demo catalogue)")
        self.stdout.write(self.style.SUCCESS("seed-catalogue: done"))
