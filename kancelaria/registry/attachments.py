"""Checking and storing attachments through Django's storage API."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from kancelaria.core.errors import ValidationFailed

# Formats with an unmistakable signature must carry it: a renamed executable is refused.
_SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/tiff": (b"II*\x00", b"MM\x00*"),
}
_EXECUTABLE = (b"MZ", b"\x7fELF", b"#!")


@dataclass
class CheckedFile:
    upload: File
    name: str
    content_type: str
    size: int
    sha256: str


def attachment_check(upload) -> CheckedFile:
    """Size, type and signature checks, and the SHA-256; raises ValidationFailed."""
    name = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:255]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    allowed = settings.ATTACHMENT_ALLOWED_TYPES
    if content_type not in allowed:
        raise ValidationFailed(
            _("“%(name)s”: files of this type are not accepted. Accepted: PDF, JPEG, PNG, TIFF, "
              "text, DOCX, ODT and XML.") % {"name": name},
            code="attachment_type", fields={"attachments": [_("File type not accepted.")]},
        )
    digest = hashlib.sha256()
    size = 0
    head = b""
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        if not head:
            head = chunk[:16]
        size += len(chunk)
        if size > settings.ATTACHMENT_MAX_BYTES:
            raise ValidationFailed(
                _("“%(name)s” is larger than the limit of %(limit)s.")
                % {"name": name, "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
                code="attachment_size", fields={"attachments": [_("File too large.")]},
            )
        digest.update(chunk)
    upload.seek(0)
    if size == 0:
        raise ValidationFailed(_("“%(name)s” is empty.") % {"name": name},
                               code="attachment_empty", fields={"attachments": [_("Empty file.")]})
    signatures = _SIGNATURES.get(content_type)
    if (signatures and not head.startswith(signatures)) or head.startswith(_EXECUTABLE):
        raise ValidationFailed(
            _("“%(name)s” does not contain what its name says (%(type)s).") % {"name": name, "type": content_type},
            code="attachment_content", fields={"attachments": [_("File content does not match its type.")]},
        )
    return CheckedFile(upload=upload, name=name, content_type=content_type, size=size, sha256=digest.hexdigest())


def attachment_store(checked: CheckedFile) -> str:
    """Write the file to storage; returns its storage name. The caller deletes it again
    when the surrounding transaction fails."""
    now = timezone.now()
    suffix = "." + checked.name.rsplit(".", 1)[-1].lower() if "." in checked.name else ""
    target = f"attachments/{now:%Y/%m}/{checked.sha256[:16]}{suffix}"
    checked.upload.seek(0)
    return default_storage.save(target, checked.upload)


def storage_delete_quietly(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # pragma: no cover - a storage that is down keeps its orphan; verify-attachments finds it
            pass
