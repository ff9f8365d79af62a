"""The catalogue as linked data: CPSV-AP (the Core Public Service Vocabulary Application
Profile of the EU) in JSON-LD, so that national and European portals can read it.

Every service is a cpsv:PublicService with its identifier (the code in the national
register of services), title and description as language maps, the competent authority
(the responsible unit, part of the municipality), costs per tier, the evidence required,
the channels, the legal resource, the processing time of the regular tier (ISO 8601) and
the life events it is grouped by.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .models import RequiredDocument, Service

CONTEXT = {
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "dct": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:title": {"@container": "@language"},
    "dct:description": {"@container": "@language"},
    "skos:prefLabel": {"@container": "@language"},
    "cv:processingTime": {"@type": "xsd:duration"},
    "cv:value": {"@type": "xsd:decimal"},
    "cv:currency": {"@type": "@id"},
}
CURRENCY = "http://publications.europa.eu/resource/authority/currency/"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def language_map(value: dict | str | None) -> dict[str, str]:
    """A JSON-LD language map: the non-empty texts of a catalogue field."""
    if not value:
        return {}
    if isinstance(value, str):
        return {settings.LANGUAGE_CODE: value}
    return {lang: text for lang, text in value.items() if text}


def gettext_map(message: str, **params) -> dict[str, str]:
    """An interface string in every language of the installation."""
    result = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            result[lang] = _(message) % params if params else _(message)
    return result


def duration(days: int) -> str:
    return f"P{int(days)}D"


def _organisation(unit, base_url: str) -> dict:
    return {
        "@id": f"{base_url}#unit-{unit.code}",
        "@type": "cv:PublicOrganisation",
        "skos:prefLabel": {settings.LANGUAGE_CODE: unit.name},
        "dct:isPartOf": {"@type": "cv:PublicOrganisation",
                         "skos:prefLabel": {settings.LANGUAGE_CODE: settings.OFFICE_NAME}},
    }


def service_jsonld(service: Service, *, base_url: str, labels: dict) -> dict:
    base = base_url.rstrip("/")
    page = base + reverse("catalogue:service", args=[service.code])
    node: dict = {
        "@id": page,
        "@type": "cpsv:PublicService",
        "dct:identifier": service.code,
        "dct:title": language_map(service.name),
        "dct:description": language_map(service.description),
        "cv:hasCompetentAuthority": _organisation(service.unit, base + "/"),
    }
    costs = []
    for tier in service.tiers.all():
        costs.append({
            "@id": f"{page}#cost-{tier.tier}",
            "@type": "cv:Cost",
            "cv:value": f"{tier.amount:.2f}",
            "cv:currency": CURRENCY + tier.currency,
            "dct:description": labels["tier"](tier.tier, tier.days),
        })
    node["cv:hasCost"] = costs
    node["cv:hasInput"] = [
        {"@id": f"{page}#evidence-{n}", "@type": "cv:Evidence",
         "dct:title": language_map(doc.name),
         "dct:description": labels["source"][doc.source]}
        for n, doc in enumerate(service.documents.all(), start=1)
    ]
    channels = [
        {"@id": f"{page}#submit-{code}", "@type": "cv:Channel", "dct:identifier": code,
         "dct:type": "submit", "dct:description": labels["submit"](label)}
        for code, label in service.submit_channel_choices()
    ] + [
        {"@id": f"{page}#receive-{code}", "@type": "cv:Channel", "dct:identifier": code,
         "dct:type": "receive", "dct:description": labels["receive"](label)}
        for code, label in service.receive_channel_choices()
    ]
    node["cv:hasChannel"] = channels
    legal = language_map(service.legal_basis)
    node["cv:hasLegalResource"] = [{"@type": "eli:LegalResource", "dct:description": legal}] if legal else []
    regular = service.regular_tier()
    if regular is not None:
        node["cv:processingTime"] = duration(regular.days)
    node["cv:isGroupedBy"] = [
        {"@id": f"{base}{reverse('catalogue:index')}?situation={situation.code}", "@type": "cv:LifeEvent",
         "dct:identifier": situation.code, "dct:title": language_map(situation.name)}
        for situation in service.life_situations.all()
    ]
    steps = [
        {"@id": f"{page}#step-{step.order}", "@type": "cpsv:PublicService",
         "dct:identifier": f"{service.code}-{step.order}", "dct:title": language_map(step.title),
         "cv:processingTime": duration(step.days),
         "cv:hasCompetentAuthority": _organisation(step.unit, base + "/")}
        for step in service.steps.all()
    ]
    if steps:
        node["dct:hasPart"] = steps
    return node


TIER_TEXT = {
    "regular": gettext_noop("Regular service; deadline in days: %(days)d"),
    "fast": gettext_noop("Fast service; deadline in days: %(days)d"),
    "express": gettext_noop("Express service; deadline in days: %(days)d"),
}
SOURCE_TEXT = {
    RequiredDocument.Source.APPLICANT: gettext_noop("Brought by the applicant"),
    RequiredDocument.Source.OFFICE: gettext_noop("Collected by the office from other registers"),
}
SUBMIT_TEXT = gettext_noop("Submit the application: %(channel)s")
RECEIVE_TEXT = gettext_noop("Receive the result: %(channel)s")


def _labels() -> dict:
    """Translated descriptions of tiers, document sources and channels."""

    def channel(message):
        def describe(label) -> dict[str, str]:
            result = {}
            for lang in LANGUAGES:
                with translation.override(lang):
                    result[lang] = _(message) % {"channel": str(label)}
            return result
        return describe

    return {
        "tier": lambda tier, days: gettext_map(TIER_TEXT[tier], days=days),
        "source": {source: gettext_map(message) for source, message in SOURCE_TEXT.items()},
        "submit": channel(SUBMIT_TEXT),
        "receive": channel(RECEIVE_TEXT),
    }


def catalogue_jsonld(services: Iterable[Service], *, base_url: str) -> dict:
    labels = _labels()
    return {
        "@context": CONTEXT,
        "@graph": [service_jsonld(service, base_url=base_url, labels=labels) for service in services],
    }
