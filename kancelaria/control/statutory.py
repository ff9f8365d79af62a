"""Statutory periods by document type (DOMAIN.md 4 and 5): the period the law gives
and the longest it may become with extensions. Counted from the registration date."""

from __future__ import annotations

from dataclasses import dataclass

from kancelaria.registry.models import DocumentType


@dataclass(frozen=True)
class StatutoryPeriod:
    days: int | None = None
    months: int | None = None
    max_days: int | None = None
    max_months: int | None = None


STATUTORY = {
    # Proposals: 2 months, extendable up to 6 months for longer study.
    DocumentType.PROPOSAL: StatutoryPeriod(months=2, max_months=6),
    # Signals: 2 months, extendable by no more than 2 more months.
    DocumentType.SIGNAL: StatutoryPeriod(months=2, max_months=4),
    # Complaints: one month (from receipt by the responsible officer).
    DocumentType.COMPLAINT: StatutoryPeriod(months=1, max_months=1),
    # Access to public information: 14 days, extendable by up to 14 (third-party consent).
    DocumentType.INFO_REQUEST: StatutoryPeriod(days=14, max_days=28),
}
