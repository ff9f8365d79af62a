"""The hash-chained register: canonical snapshots of entries and the chain arithmetic.

Pure functions over model instances; the services append records, `verify_register`
checks them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

GENESIS = "0" * 64


def canonical(data: dict) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def chain_hash(prev_hash: str, payload: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{payload}".encode()).hexdigest()


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    return value.isoformat()


def entry_snapshot(entry, attachments) -> dict:
    """Everything the register vouches for about one entry."""
    return {
        "number": entry.number,
        "case": entry.case.number,
        "index": entry.case.index.code,
        "year": entry.case.year,
        "sequence": entry.case.sequence,
        "ordinal": entry.ordinal,
        "kind": entry.kind,
        "doc_type": entry.doc_type,
        "registered_at": _iso(entry.registered_at),
        "registered_on": _iso(entry.registered_on),
        "registered_by": entry.registered_by.get_username() if entry.registered_by_id else None,
        "subject": entry.subject,
        "correspondent": {
            "kind": entry.correspondent_kind,
            "name": entry.correspondent_name,
            "egn": entry.correspondent_egn,
            "eik": entry.correspondent_eik,
            "address": entry.correspondent_address,
            "email": entry.correspondent_email,
            "phone": entry.correspondent_phone,
        },
        "channel": entry.channel,
        "pages": entry.pages,
        "attachments_description": entry.attachments_description,
        "deadline": _iso(entry.deadline),
        "notes": entry.notes,
        "your_reference": entry.your_reference,
        "is_anonymous": entry.is_anonymous,
        "is_incomplete": entry.is_incomplete,
        "incomplete_warning": entry.incomplete_warning,
        "answers": entry.answers.number if entry.answers_id else None,
        "related": entry.related.number if entry.related_id else None,
        "relation": entry.relation,
        "attachments": [
            {"name": a.original_name, "sha256": a.sha256, "size": a.size, "type": a.content_type}
            for a in sorted(attachments, key=lambda a: (a.sha256, a.original_name))
        ],
    }


def record_payload(*, position: int, kind: str, recorded_at, reason: str,
                   corrects_position: int | None, snapshot: dict) -> str:
    return canonical({
        "position": position,
        "kind": kind,
        "recorded_at": _iso(recorded_at),
        "reason": reason,
        "corrects": corrects_position,
        "entry": snapshot,
    })
