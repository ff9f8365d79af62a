"""The machine-readable catalogue (DOMAIN.md 1: information complete and the same
everywhere): CPSV-AP in JSON-LD at /services/catalogue.jsonld."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def graph(catalogue):
    response = Client().get(reverse("catalogue:jsonld"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    document = json.loads(response.content.decode("utf-8"))
    return document


def test_context_declares_the_vocabularies(graph):
    """The @context names cpsv, dct and cv (Core Vocabularies), and titles are language maps."""
    context = graph["@context"]
    assert context["cpsv"] == "http://purl.org/vocab/cpsv#"
    assert context["dct"] == "http://purl.org/dc/terms/"
    assert context["cv"] == "http://data.europa.eu/m8g/"
    assert context["dct:title"] == {"@container": "@language"}


def test_every_offered_service_is_a_public_service(graph):
    """Given three offered services and a retired one, then the graph holds the three, each
    a cpsv:PublicService with its code and an absolute @id."""
    nodes = {node["dct:identifier"]: node for node in graph["@graph"]}
    assert set(nodes) == {"2073", "2079", "2094"}
    for node in nodes.values():
        assert node["@type"] == "cpsv:PublicService"
        assert node["@id"].startswith("http://testserver/services/")


def test_service_shape(graph):
    """The certificate of heirs carries titles per language, its unit within the
    municipality, three costs in EUR, two pieces of evidence (one collected by the
    office), channels, legal resource, the regular processing time P7D and its life event."""
    heirs = next(node for node in graph["@graph"] if node["dct:identifier"] == "2079")
    assert heirs["dct:title"] == {"bg": "Издаване на удостоверение за наследници", "en": "Certificate of heirs"}
    assert heirs["dct:description"]["en"] == "A certificate naming the heirs of a deceased person."

    authority = heirs["cv:hasCompetentAuthority"]
    assert authority["@type"] == "cv:PublicOrganisation"
    assert authority["skos:prefLabel"]["bg"] == "Център за административно обслужване"
    assert authority["dct:isPartOf"]["skos:prefLabel"]["bg"]

    costs = heirs["cv:hasCost"]
    assert [(c["@type"], c["cv:value"]) for c in costs] == [
        ("cv:Cost", "5.00"), ("cv:Cost", "10.00"), ("cv:Cost", "15.00")]
    assert all(c["cv:currency"].endswith("/currency/EUR") for c in costs)
    assert set(costs[0]["dct:description"]) >= {"bg", "en", "pl", "uk"}
    assert "7" in costs[0]["dct:description"]["en"]

    evidence = heirs["cv:hasInput"]
    assert [e["@type"] for e in evidence] == ["cv:Evidence", "cv:Evidence"]
    assert evidence[1]["dct:title"]["en"] == "Death certificate"
    assert evidence[1]["dct:description"]["en"] == "Collected by the office from other registers"

    channels = {(c["dct:type"], c["dct:identifier"]) for c in heirs["cv:hasChannel"]}
    assert channels == {("submit", "desk"), ("submit", "post"), ("submit", "e_delivery"),
                        ("receive", "desk"), ("receive", "post")}
    assert all(c["@type"] == "cv:Channel" for c in heirs["cv:hasChannel"])
    assert heirs["cv:hasLegalResource"][0]["dct:description"]["bg"].startswith("Закон за гражданската регистрация")
    assert heirs["cv:processingTime"] == "P7D"
    assert [(g["@type"], g["dct:identifier"]) for g in heirs["cv:isGroupedBy"]] == [("cv:LifeEvent", "family")]
    assert [part["cv:processingTime"] for part in heirs["dct:hasPart"]] == ["P1D", "P5D"]


def test_jsonld_queries(catalogue, django_assert_max_num_queries):
    """The whole catalogue comes in a fixed number of queries."""
    with django_assert_max_num_queries(6):
        assert Client().get(reverse("catalogue:jsonld")).status_code == 200
