"""`kancelaria verify-attachments`: every attachment's file is in storage and unchanged
(SHA-256), and no file under "attachments/" is unaccounted for (orphans).

Exit code 0 when all is well, 1 on any problem.
"""

from __future__ import annotations

import hashlib

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from kancelaria.registry.models import Attachment

PREFIX = "attachments"


def _walk(directory: str):
    try:
        dirs, files = default_storage.listdir(directory)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{directory}/{name}"
    for name in dirs:
        yield from _walk(f"{directory}/{name}")


def _sha256(name: str) -> str:
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Command(BaseCommand):
    help = "Verify attachment files: present, unchanged (SHA-256), and no orphans in storage."

    def handle(self, *args, **options):
        problems: list[str] = []
        known: set[str] = set()
        count = 0
        rows = Attachment.objects.select_related("entry").order_by("id")
        for attachment in rows.iterator(chunk_size=500):
            count += 1
            name = attachment.file.name
            known.add(name)
            label = f"attachment {attachment.pk} “{attachment.original_name}” of {attachment.entry.number}"
            try:
                exists = default_storage.exists(name)
            except OSError as exc:
                problems.append(f"{label}: storage error: {exc}")
                continue
            if not exists:
                problems.append(f"{label}: file missing from storage ({name})")
                continue
            try:
                actual = _sha256(name)
            except OSError as exc:
                problems.append(f"{label}: cannot be read: {exc}")
                continue
            if actual != attachment.sha256:
                problems.append(f"{label}: content changed (SHA-256 {actual[:16]}…, "
                                f"registered {attachment.sha256[:16]}…)")
        orphans = sorted(name for name in _walk(PREFIX) if name not in known)
        for name in orphans:
            problems.append(f"orphan file in storage, no attachment refers to it: {name}")
        if problems:
            self.stderr.write(self.style.ERROR(f"attachments NOT intact: {len(problems)} problem(s) "
                                               f"({count} attachments checked)"))
            for problem in problems:
                self.stderr.write(f"  {problem}")
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(f"attachments intact: {count} files checked, no orphans"))
