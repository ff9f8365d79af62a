"""`kancelaria verify-attachments`: the scans of the paper originals are where the
register says and unchanged (DOMAIN.md 2: scans attached to the entry; 11: restores
checked for integrity)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests import factories

from .conftest import run_command

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def scanned(registrar, index):
    """Given an entry with two scanned attachments."""
    entry = factories.entry(registrar, files=[ContentFile(PDF, name="zaiavlenie.pdf"),
                                              ContentFile(PDF + b"% page 2\n", name="skica.pdf")])
    return list(entry.attachments.order_by("id"))


def test_intact_attachments_exit_zero(scanned):
    """Given files as stored at registration, then the command exits 0 and counts them."""
    code, output = run_command("verify_attachments")

    assert code == 0, output
    assert "attachments intact: 2 files checked, no orphans" in output


def test_missing_file_is_found(scanned):
    """Given a file removed from storage, then the command exits 1 naming it."""
    default_storage.delete(scanned[0].file.name)

    code, output = run_command("verify_attachments")

    assert code == 1
    assert "“zaiavlenie.pdf”" in output and "file missing from storage" in output
    assert "skica.pdf" not in output


def test_changed_file_is_found(scanned):
    """Given a file whose bytes were changed in storage, then its SHA-256 no longer
    matches and the command exits 1 naming it."""
    path = default_storage.path(scanned[1].file.name)
    with open(path, "ab") as handle:
        handle.write(b"% tampered\n")

    code, output = run_command("verify_attachments")

    assert code == 1
    assert "“skica.pdf”" in output and "content changed" in output


def test_orphan_file_is_found(scanned):
    """Given a file under attachments/ that no attachment refers to, then it is listed
    as an orphan and the command exits 1."""
    name = default_storage.save("attachments/2020/01/stray.pdf", ContentFile(PDF))

    code, output = run_command("verify_attachments")

    assert code == 1
    assert f"orphan file in storage, no attachment refers to it: {name}" in output


def test_no_attachments_and_no_storage_folder_is_fine(db):
    """Given an empty system (no attachments/ folder yet), then the command exits 0."""
    code, output = run_command("verify_attachments")

    assert code == 0, output
    assert "0 files checked" in output
