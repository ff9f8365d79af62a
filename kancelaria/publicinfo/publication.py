"""The public register of requests for information (DOMAIN.md 5: "requests, decisions and
the information given are published with the requester's personal data protected").

Three parts:

- **Redaction** (`Redactor`, `redact_text`). For a private person
  (`RequesterType.private_persons()`) the name, address, e-mail and phone are never
  shown and are removed from every published text, each unless he agreed to that field
  being published (`InfoRequest.publish_consent`, `PublishField` values). An
  organisation's name and the address of its seat are public; its e-mail and phone are
  not shown (they often name a contact person). Whoever asks, any EGN-like number
  (10 digits on their own: an EGN or a foreigner's personal number), any e-mail address
  and any phone number found in a text is removed, except the requester's own e-mail or
  phone when he agreed to publish it. Third parties' names are removed from the texts.
  The public summary written by staff is redacted the same way, for safety. A request
  whose correspondent was registered as a person counts as a private person's whatever
  its requester type.
- **The public register** (`public_requests`, `public_record`): only published requests;
  what a page shows is a `PublicRecord`, built from the request and never the request
  itself, so no template can reach a personal field.
- **Publishing** (`request_publish`, `request_withdraw`, `public_summary_save`): by the
  people who handle requests; one transaction each, audited.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kancelaria.audit.services import Action, audit_record
from kancelaria.core.errors import PermissionRefused, ValidationFailed
from kancelaria.registry.models import Attachment, CorrespondentKind

from .models import InfoRequest, PublishField, RefusalGround, RequesterType
from .selectors import can_handle

# What stands in the text where personal data were.
REMOVED = gettext_lazy("[personal data removed]")

# Letters and digits only: an underscore or a hyphen separates words (file names).
_WORD_BEFORE = r"(?<![^\W_])"
_WORD_AFTER = r"(?![^\W_])"

# An EGN or a foreigner's personal number: ten digits standing on their own.
EGN_LIKE = re.compile(r"(?<!\d)\d{10}(?!\d)")
# Anything with an @ between characters that cannot end an address in running text.
_EMAIL_CHARS = r"[^\s<>()\[\],;:\"“”„«»]"
EMAIL_LIKE = re.compile(rf"{_EMAIL_CHARS}+@{_EMAIL_CHARS}+")
# A phone number: international (+359 …, 00359 …, +44 …) or national (0 and the code,
# with spaces, dashes, slashes or brackets between the digits). Dots never separate, so
# dates (05.01.2026), amounts and register numbers are left alone.
PHONE_LIKE = re.compile(
    r"(?<![\w+])(?:\+|00)\d(?:[\s\-/()]{0,2}\d){6,13}(?!\d)"
    r"|(?<![\w+])\(?0\d(?:[\s\-/()]{0,2}\d){6,10}(?!\d)"
)
# A company's EIK/BULSTAT is public: kept when the word stands right before it.
_EIK_BEFORE = re.compile(r"(?:ЕИК|EIK|БУЛСТАТ|BULSTAT)[\s:№No.]*$", re.IGNORECASE)
# Short words of a name (initials, particles) are not removed on their own.
NAME_WORD_MIN = 3
# Endings a Bulgarian name takes (Петров -> Петрова, Иван -> Ивана, Иванов -> Иванови).
NAME_ENDING = r"\w{0,3}"


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def phone_key(value: str) -> str:
    """The same phone however it is written: +359 88 …, 00359 88 … and 088 … compare equal."""
    digits = _digits(value)
    if digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith("359"):
        digits = "0" + digits[3:]
    return digits


def _email_key(value: str) -> str:
    return (value or "").strip().rstrip(".").casefold()


def _phrase_pattern(phrase: str) -> str:
    """A phrase matched whatever the spacing between its words."""
    words = [re.escape(w) for w in phrase.split()]
    return _WORD_BEFORE + r"\s+".join(words) + _WORD_AFTER if words else ""


def _address_phrases(address: str) -> list[str]:
    """The whole address, and each comma-separated part that carries a number (the street
    and number, the block and flat); the town alone identifies no one."""
    address = (address or "").strip()
    if not address:
        return []
    phrases = [address]
    for part in re.split(r"[,;\n]", address):
        part = part.strip()
        if len(part) >= 4 and re.search(r"\d", part):
            phrases.append(part)
    return phrases


# The official Bulgarian transliteration (names appear in Latin in file names and e-mails).
_LATIN = dict(zip("абвгдежзийклмнопрстуфхцчшщъьюя",
                  ["a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
                   "t", "u", "f", "h", "ts", "ch", "sh", "sht", "a", "y", "yu", "ya"], strict=True))


def transliterate(word: str) -> str:
    return "".join(_LATIN.get(ch, ch) for ch in word.lower())


def _name_words(name: str) -> list[str]:
    """The words of a name long enough to be removed on their own, in Cyrillic and in
    the official Latin transliteration."""
    words = [w for w in re.split(r"[^\w]+|_", name or "") if len(w) >= NAME_WORD_MIN and not w.isdigit()]
    return words + [transliterate(w) for w in words if transliterate(w) != w.lower()]


@dataclass(frozen=True)
class Redactor:
    """What to remove from the texts of one request.

    `names`: names removed word by word (a private requester's); `phrases`: removed as
    a whole (addresses, third parties); `keep_emails` / `keep_phones`: the requester's own
    contacts he agreed to publish."""

    names: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    keep_emails: frozenset[str] = frozenset()
    keep_phones: frozenset[str] = frozenset()

    def _spans(self, text: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        spans.extend(m.span() for m in EGN_LIKE.finditer(text))
        for match in EMAIL_LIKE.finditer(text):
            start, end = match.span()
            while end > start and text[end - 1] in ".'":  # the full stop of the sentence
                end -= 1
            if _email_key(text[start:end]) not in self.keep_emails:
                spans.append((start, end))
        for match in PHONE_LIKE.finditer(text):
            value = match.group()
            if value.isdigit() and len(value) in (9, 13) and \
                    _EIK_BEFORE.search(text[max(0, match.start() - 12):match.start()]):
                continue  # a company's EIK, written as a plain number after the word
            if phone_key(value) not in self.keep_phones:
                spans.append(match.span())
        for phrase in self.phrases:
            pattern = _phrase_pattern(phrase)
            if pattern:
                spans.extend(m.span() for m in re.finditer(pattern, text, re.IGNORECASE))
        for word in self.names:
            pattern = _WORD_BEFORE + re.escape(word) + NAME_ENDING + _WORD_AFTER
            spans.extend(m.span() for m in re.finditer(pattern, text, re.IGNORECASE))
        return spans

    def __call__(self, text: str) -> str:
        """The text with every span of personal data replaced by one marker."""
        text = text or ""
        spans = sorted(s for s in self._spans(text) if s[1] > s[0])
        if not spans:
            return text
        marker = str(REMOVED)
        out, position = [], 0
        merged: list[list[int]] = []
        for start, end in spans:
            # Overlapping, or only spaces between: "Иван Петров" becomes one marker.
            if merged and (start <= merged[-1][1] or not text[merged[-1][1]:start].strip(" \t")):
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        for start, end in merged:
            out.append(text[position:start])
            out.append(marker)
            position = end
        out.append(text[position:])
        return "".join(out)


def redact_text(text: str, *, names: Iterable[str] = (), addresses: Iterable[str] = (),
                phrases: Iterable[str] = (), keep_emails: Iterable[str] = (),
                keep_phones: Iterable[str] = ()) -> str:
    """`text` without EGN-like numbers, e-mails, phones, the words of `names`, the
    `addresses` (whole, and their numbered parts) and the `phrases` (see `Redactor`)."""
    phrases = [*phrases, *(p for a in addresses for p in _address_phrases(a))]
    return Redactor(names=tuple(_dedupe(w for n in names for w in _name_words(n))),
                    phrases=tuple(p for p in phrases if p.strip()),
                    keep_emails=frozenset(_email_key(e) for e in keep_emails if e),
                    keep_phones=frozenset(phone_key(p) for p in keep_phones if p))(text)


def _dedupe(items: Iterable[str]) -> list[str]:
    seen, out = set(), []
    for item in items:
        key = item.casefold()
        if key not in seen:
            seen.add(key)
            out.append(item)
    # Longer words first, so "Иванова" goes whole before "Иван" could split it.
    return sorted(out, key=len, reverse=True)


def is_private(info_request: InfoRequest) -> bool:
    """A private person: by the requester type, or a person registered as the
    correspondent whatever the type says (a sole trader, a typing slip)."""
    return (info_request.requester_type in RequesterType.private_persons()
            or info_request.entry.correspondent_kind == CorrespondentKind.PERSON)


def consented(info_request: InfoRequest) -> set[str]:
    """The fields a private requester agreed to publish (organisations: name and address)."""
    if not is_private(info_request):
        return {PublishField.NAME, PublishField.ADDRESS}
    return {f for f in (info_request.publish_consent or []) if f in PublishField.values}


def redactor_for(info_request: InfoRequest) -> Redactor:
    """The redaction of one request: needs its `entry` and `third_parties` (prefetched on
    lists)."""
    entry = info_request.entry
    agreed = consented(info_request)
    names: list[str] = []
    phrases: list[str] = []
    if is_private(info_request):
        if PublishField.NAME not in agreed:
            names.append(entry.correspondent_name)
        if PublishField.ADDRESS not in agreed:
            phrases.extend(_address_phrases(entry.correspondent_address))
    for party in info_request.third_parties.all():
        phrases.append(party.name)
        phrases.extend(_address_phrases(party.address))
    keep_emails = [entry.correspondent_email] if PublishField.EMAIL in agreed and is_private(info_request) else []
    keep_phones = [entry.correspondent_phone] if PublishField.PHONE in agreed and is_private(info_request) else []
    return Redactor(names=tuple(_dedupe(w for n in names for w in _name_words(n))),
                    phrases=tuple(p for p in phrases if p and p.strip()),
                    keep_emails=frozenset(_email_key(e) for e in keep_emails if e),
                    keep_phones=frozenset(phone_key(p) for p in keep_phones if p))


# --------------------------------------------------------------------------- the record

@dataclass(frozen=True)
class PublicFile:
    pk: int
    name: str
    size: int
    content_type: str


@dataclass(frozen=True)
class PublicRecord:
    """One request as the public register shows it: nothing personal can be reached
    from here (the request itself is not kept)."""

    pk: int
    number: str
    received_on: dt.date
    kind: str
    kind_label: str
    requester_type: str
    requester_type_label: str
    # The requester as published: an organisation's name, a person's name only with his
    # consent; the contacts only with consent.
    requester: str
    address: str
    email: str
    phone: str
    description: str
    outcome: str
    outcome_label: str
    decided_on: dt.date | None
    extent: str
    refusal_grounds: list[str]
    factual_grounds: str
    other_bodies: str
    forwarded_to: str
    information_text: str
    information_url: str
    files: list[PublicFile] = field(default_factory=list)
    published_on: dt.date | None = None

    def as_dict(self) -> dict:
        return {
            "id": self.pk, "number": self.number, "received_on": self.received_on,
            "kind": self.kind, "requester_type": self.requester_type, "requester": self.requester,
            "address": self.address, "email": self.email, "phone": self.phone,
            "description": self.description, "outcome": self.outcome, "decided_on": self.decided_on,
            "extent": self.extent, "refusal_grounds": self.refusal_grounds,
            "factual_grounds": self.factual_grounds, "other_bodies": self.other_bodies,
            "forwarded_to": self.forwarded_to, "information_text": self.information_text,
            "information_url": self.information_url, "published_on": self.published_on,
            "files": [{"id": f.pk, "name": f.name, "size": f.size, "content_type": f.content_type}
                      for f in self.files],
        }


def public_record(info_request: InfoRequest) -> PublicRecord:
    """The published form of a request (see the module's docstring for what is removed)."""
    redact = redactor_for(info_request)
    entry = info_request.entry
    agreed = consented(info_request)
    private = is_private(info_request)
    grounds = dict(RefusalGround.choices)
    files = []
    if info_request.decision_entry_id:
        files = [PublicFile(a.pk, redact(a.original_name), a.size, a.content_type)
                 for a in info_request.decision_entry.attachments.all()]
    return PublicRecord(
        pk=info_request.pk,
        number=entry.number,
        received_on=info_request.received_on,
        kind=info_request.kind,
        kind_label=str(info_request.get_kind_display()),
        requester_type=info_request.requester_type,
        requester_type_label=str(info_request.get_requester_type_display()),
        requester=entry.correspondent_name if PublishField.NAME in agreed else "",
        address=entry.correspondent_address if PublishField.ADDRESS in agreed else "",
        email=entry.correspondent_email if private and PublishField.EMAIL in agreed else "",
        phone=entry.correspondent_phone if private and PublishField.PHONE in agreed else "",
        description=redact(info_request.public_summary or info_request.description),
        outcome=info_request.outcome,
        outcome_label=str(info_request.get_outcome_display()) if info_request.outcome else "",
        decided_on=info_request.decided_on or info_request.forwarded_on,
        extent=redact(info_request.extent),
        refusal_grounds=[str(grounds.get(g, g)) for g in info_request.refusal_grounds or []],
        factual_grounds=redact(info_request.factual_grounds),
        other_bodies=redact(info_request.other_bodies),
        forwarded_to=info_request.forwarded_to,
        information_text=redact(info_request.information_text),
        information_url=info_request.information_url,
        files=files,
        published_on=info_request.published_on,
    )


def _with_joins(qs: QuerySet) -> QuerySet:
    return (qs.select_related("entry", "decision_entry")
            .prefetch_related("third_parties",
                              Prefetch("decision_entry__attachments", queryset=Attachment.objects.order_by("id"))))


def public_requests(*, year: int | None = None, kind: str = "", outcome: str = "") -> QuerySet:
    """The published requests, newest first, with what `public_record` needs joined."""
    qs = InfoRequest.objects.filter(published=True)
    if year:
        qs = qs.filter(received_on__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if outcome:
        qs = qs.filter(outcome=outcome)
    return _with_joins(qs).order_by("-received_on", "-id")


def public_years() -> list[int]:
    return sorted({d.year for d in InfoRequest.objects.filter(published=True).dates("received_on", "year")},
                  reverse=True)


def public_file(info_request: InfoRequest, attachment_id: int) -> Attachment | None:
    """A file of a published decision (None otherwise)."""
    if not info_request.published or not info_request.decision_entry_id:
        return None
    return Attachment.objects.filter(pk=attachment_id, entry_id=info_request.decision_entry_id).first()


# --------------------------------------------------------------------------- publishing

def can_publish(user) -> bool:
    """The people who handle requests: the permission, resolvers, administrators."""
    return can_handle(user)


def publication_queue() -> QuerySet:
    """Decided requests not yet published, the oldest decision first (a list: no texts)."""
    return (InfoRequest.objects.filter(published=False).exclude(outcome="").select_related("entry")
            .order_by("decided_on", "received_on", "id"))


def publication_candidates() -> QuerySet:
    """Every decided request, published or not (the staff's preview)."""
    return _with_joins(InfoRequest.objects.exclude(outcome=""))


def publication_published() -> QuerySet:
    return InfoRequest.objects.filter(published=True).select_related("entry").order_by("-published_on", "-id")


def _require_publisher(actor) -> None:
    if not can_publish(actor):
        raise PermissionRefused(_("Only the officers who handle requests for information publish them."))


def _lock(info_request: InfoRequest) -> InfoRequest:
    return InfoRequest.objects.select_for_update(of=("self",)).select_related("entry").get(pk=info_request.pk)


SUMMARY_MAX = 5000


def _clean_summary(value) -> str:
    value = (value or "").strip()
    if len(value) > SUMMARY_MAX:
        raise ValidationFailed(_("The summary was not saved: correct the marked fields."),
                               fields={"public_summary": [_("The summary may have at most %(max)d characters.")
                                                          % {"max": SUMMARY_MAX}]})
    return value


def public_summary_save(*, actor, info_request: InfoRequest, public_summary: str, request=None) -> InfoRequest:
    """The text published instead of the requester's own description."""
    with transaction.atomic():
        _require_publisher(actor)
        info_request = _lock(info_request)
        summary = _clean_summary(public_summary)
        old = info_request.public_summary
        info_request.public_summary = summary
        info_request.save(update_fields=["public_summary"])
        audit_record(actor=actor, action=Action.UPDATE, obj=info_request,
                     changes={"public_summary": [old, summary]}, request=request)
    return info_request


def request_publish(*, actor, info_request: InfoRequest, public_summary: str | None = None,
                    on: dt.date | None = None, request=None) -> InfoRequest:
    """Put a decided request in the public register (DOMAIN.md 5), redacted as the module
    says; `public_summary`, when given, replaces the description."""
    with transaction.atomic():
        _require_publisher(actor)
        info_request = _lock(info_request)
        errors: dict[str, list[str]] = {}
        if not info_request.outcome:
            errors["info_request"] = [_("Only a decided request is published: this one has no decision yet.")]
        elif info_request.published:
            errors["info_request"] = [_("This request is already published.")]
        summary = info_request.public_summary if public_summary is None else public_summary
        try:
            summary = _clean_summary(summary)
        except ValidationFailed as exc:
            errors.update(exc.fields)
        if errors:
            raise ValidationFailed(_("The request was not published."), fields=errors)
        before = {"published": False, "published_on": None, "public_summary": info_request.public_summary}
        info_request.published = True
        info_request.published_on = on or timezone.localdate()
        info_request.public_summary = summary
        info_request.save(update_fields=["published", "published_on", "public_summary"])
        after = {"published": True, "published_on": info_request.published_on.isoformat(),
                 "public_summary": summary}
        audit_record(actor=actor, action=Action.UPDATE, obj=info_request,
                     changes={k: [before[k], after[k]] for k in after if before[k] != after[k]}, request=request)
    return info_request


def request_withdraw(*, actor, info_request: InfoRequest, reason: str = "", request=None) -> InfoRequest:
    """Take a request out of the public register (its files stop being downloadable)."""
    with transaction.atomic():
        _require_publisher(actor)
        info_request = _lock(info_request)
        if not info_request.published:
            raise ValidationFailed(_("The request was not withdrawn."),
                                   fields={"info_request": [_("This request is not published.")]})
        old_on = info_request.published_on
        info_request.published = False
        info_request.published_on = None
        info_request.save(update_fields=["published", "published_on"])
        changes = {"published": [True, False], "published_on": [old_on.isoformat() if old_on else None, None]}
        if reason.strip():
            changes["reason"] = reason.strip()[:500]
        audit_record(actor=actor, action=Action.UPDATE, obj=info_request, changes=changes, request=request)
    return info_request
