"""Checks that the register is what the application wrote: `kancelaria verify-register`.

A problem is named by the first record (or entry) where the stored data stops agreeing
with the chain, so an edit or deletion made behind the application's back (with SQL,
say) is found and located.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from .models import CaseFile, Counter, Entry, Index, RegisterChain, RegisterRecord
from .register import GENESIS, chain_hash, entry_snapshot


@dataclass
class Problem:
    index: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"[{self.index}] {self.where}: {self.message}"


def verify_register(*, index_codes: list[str] | None = None) -> tuple[list[Problem], int]:
    """Returns (problems, records checked). Problems are in chain order per index."""
    problems: list[Problem] = []
    checked = 0
    indexes = Index.objects.order_by("code")
    if index_codes:
        indexes = indexes.filter(code__in=index_codes)
    chains = {c.index_id: c for c in RegisterChain.objects.all()}
    for index in indexes:
        index_problems, count = _verify_index(index, chains.get(index.pk))
        problems.extend(index_problems)
        checked += count
    return problems, checked


def _verify_index(index: Index, chain: RegisterChain | None) -> tuple[list[Problem], int]:
    problems: list[Problem] = []
    code = index.code
    prev = GENESIS
    expected_position = 1
    latest_payload: dict[int, dict] = {}
    latest_record: dict[int, RegisterRecord] = {}
    count = 0
    records = RegisterRecord.objects.filter(index=index).order_by("position").iterator(chunk_size=2000)
    for record in records:
        count += 1
        where = f"record {record.position}"
        if record.position != expected_position:
            problems.append(Problem(code, f"record {expected_position}",
                                    f"missing (next stored record is {record.position}): a record was deleted"))
            return problems, count
        if record.prev_hash != prev:
            problems.append(Problem(code, where, "does not follow the previous record: the chain was altered"))
            return problems, count
        if chain_hash(record.prev_hash, record.payload) != record.hash:
            problems.append(Problem(code, where, "its content does not match its hash: the record was edited"))
            return problems, count
        try:
            payload = json.loads(record.payload)
        except ValueError:
            problems.append(Problem(code, where, "its content is not readable"))
            return problems, count
        if payload.get("position") != record.position or payload.get("kind") != record.kind:
            problems.append(Problem(code, where, "its header does not match its content: the record was edited"))
            return problems, count
        latest_payload[record.entry_id] = payload["entry"]
        latest_record[record.entry_id] = record
        prev = record.hash
        expected_position += 1

    length = expected_position - 1
    if chain is None:
        if length:
            problems.append(Problem(code, "chain", "the head of the chain is missing"))
        chain_length, head = 0, GENESIS
    else:
        chain_length, head = chain.length, chain.head_hash
    if chain is not None and (chain_length != length or head != prev):
        problems.append(Problem(
            code, f"record {length + 1}" if chain_length > length else "chain",
            f"the register holds {length} records but the chain head says {chain_length}: "
            "records at the end were deleted" if chain_length > length else "the chain head was altered",
        ))

    entries = (Entry.objects.filter(case__index=index).select_related("case__index", "registered_by",
                                                                          "answers", "related")
               .prefetch_related("attachments").order_by("registered_at", "id"))
    for entry in entries.iterator(chunk_size=2000):
        if entry.pk not in latest_payload:
            problems.append(Problem(code, f"entry {entry.number}", "has no register record: it was inserted "
                                                                   "behind the application's back"))
            continue
        current = entry_snapshot(entry, entry.attachments.all())
        recorded = latest_payload.pop(entry.pk)
        if current != recorded:
            fields = sorted(k for k in set(current) | set(recorded) if current.get(k) != recorded.get(k))
            problems.append(Problem(code, f"entry {entry.number} (record {latest_record[entry.pk].position})",
                                    f"differs from the register in: {', '.join(fields)}"))
    for entry_id in latest_payload:
        record = latest_record[entry_id]
        problems.append(Problem(code, f"record {record.position}", "its entry was deleted"))

    problems.extend(_verify_sequences(index))
    return problems, count


def _verify_sequences(index: Index) -> list[Problem]:
    """Case numbers run 1..N without gaps in every numbering year."""
    problems = []
    by_year: dict[int, list[int]] = defaultdict(list)
    for year, sequence in CaseFile.objects.filter(index=index).values_list("year", "sequence"):
        by_year[year].append(sequence)
    counters = dict(Counter.objects.filter(index=index).values_list("year", "last_value"))
    for year in sorted(set(by_year) | set(counters)):
        numbers = sorted(by_year.get(year, []))
        top = counters.get(year, 0)
        expected = list(range(1, top + 1))
        if numbers != expected:
            missing = sorted(set(expected) - set(numbers))
            label = year or "-"
            if missing:
                problems.append(Problem(index.code, f"{index.code}-{missing[0]} ({label})",
                                        "missing from the sequence: a case file was deleted"))
            else:
                problems.append(Problem(index.code, f"year {label}", "sequence numbers disagree with the counter"))
    return problems


def register_heads() -> list[tuple[str, int, str]]:
    """(index code, length, head hash) to record outside the system, e.g. daily."""
    return [(c.index.code, c.length, c.head_hash) for c in RegisterChain.objects.select_related("index")
            .order_by("index__code")]
