"""`kancelaria verify-register`: check the hash-chained register against the data.

Exit code 0 when the register is intact (the chain heads are printed, to be recorded
outside the system, e.g. daily); 1 with every problem found, each naming the first bad
record or entry of its index.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from kancelaria.registry.integrity import register_heads, verify_register
from kancelaria.registry.models import Index


class Command(BaseCommand):
    help = "Verify the hash-chained register: every record, entry and sequence number."

    def add_arguments(self, parser):
        parser.add_argument("--index", action="append", dest="indexes", metavar="CODE",
                            help="check only this index (may be repeated)")

    def handle(self, *args, indexes: list[str] | None = None, **options):
        codes = indexes or None
        if codes:
            known = set(Index.objects.filter(code__in=codes).values_list("code", flat=True))
            unknown = [c for c in codes if c not in known]
            if unknown:
                raise CommandError(f"unknown index: {', '.join(unknown)}")
        problems, count = verify_register(index_codes=codes)
        if problems:
            self.stderr.write(self.style.ERROR(f"register NOT intact: {len(problems)} problem(s) "
                                               f"({count} records read)"))
            for problem in problems:
                self.stderr.write(f"  {problem}")
            raise SystemExit(1)
        heads = [h for h in register_heads() if not codes or h[0] in codes]
        index_count = len(codes) if codes else Index.objects.count()
        noun = "index" if index_count == 1 else "indexes"
        self.stdout.write(self.style.SUCCESS(f"register intact: {count} records in {index_count} {noun}"))
        for code, length, head in heads:
            self.stdout.write(f"  {code:<12} {length:>8}  {head}")
