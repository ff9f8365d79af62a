"""The public catalogue pages (DOMAIN.md 1): no login; every service with its legal basis,
who may apply, documents (which ones the office collects), fees per tier with deadlines,
unit, technology card and channels; texts in the reader's language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def bg():
    return Client(headers={"accept-language": "bg"})


def en():
    return Client(headers={"accept-language": "en"})


def test_index_lists_services_and_situations_without_login(catalogue, django_assert_max_num_queries):
    """Given the catalogue, when an anonymous reader opens /services/ in Bulgarian, then
    the offered services, the life situations and the units are listed (in few queries),
    and the retired service is not."""
    with django_assert_max_num_queries(12):
        response = bg().get(reverse("catalogue:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Издаване на удостоверение за наследници" in html
    assert "Раждане и семейство" in html
    assert "Отменена услуга" not in html
    assert 'data-unit="ustr-plan"' in html


def test_index_in_english(catalogue):
    """When the reader's browser asks for English, then names and situations are English."""
    html = en().get(reverse("catalogue:index")).content.decode()
    assert "Certificate of heirs" in html
    assert "Birth and family" in html
    assert "Издаване на удостоверение за наследници" not in html


def test_browse_by_life_situation(catalogue):
    """When the reader picks the life situation "property", then only its services show."""
    response = bg().get(reverse("catalogue:index"), {"situation": "property"})
    html = response.content.decode()
    assert 'data-code="2073"' in html
    assert 'data-code="2079"' not in html


def test_browse_by_unit(catalogue):
    """When the reader picks a directorate, then the services of its departments show."""
    html = bg().get(reverse("catalogue:index"), {"unit": "ustr"}).content.decode()
    assert 'data-code="2073"' in html
    assert 'data-code="2094"' not in html


def test_search_any_case(catalogue):
    """When the reader searches "НАСЛЕДНИЦИ" in capitals, then the certificate of heirs is found."""
    html = bg().get(reverse("catalogue:index"), {"q": "НАСЛЕДНИЦИ"}).content.decode()
    assert 'data-code="2079"' in html
    assert 'data-code="2094"' not in html


def test_search_in_english(catalogue):
    """When an English reader searches "permanent address", then that certificate is found."""
    html = en().get(reverse("catalogue:index"), {"q": "Permanent ADDRESS"}).content.decode()
    assert 'data-code="2094"' in html
    assert 'data-code="2079"' not in html
    assert "1 service matches" in html


def test_search_nothing_found(catalogue):
    html = en().get(reverse("catalogue:index"), {"q": "zzzz"}).content.decode()
    assert 'id="no-services"' in html


@pytest.mark.parametrize(("params", "status", "message"), [
    ({"situation": "nope"}, 404, "There is no such life situation"),
    ({"unit": "nope"}, 404, "There is no such unit"),
    ({"q": "x" * 101}, 400, "Enter at most 100 characters"),
])
def test_bad_browse_input_is_a_clear_error(catalogue, params, status, message):
    """Given an unknown situation or unit, or too long a search, then the page says so
    clearly (not a 500)."""
    response = en().get(reverse("catalogue:index"), params)
    assert response.status_code == status
    assert message in response.content.decode()


def test_service_page_in_bulgarian(catalogue):
    """When a reader opens the certificate of heirs, then everything about it is there:
    code, legal basis, who may apply, documents (the death certificate collected by the
    office), the three tiers with fees and deadlines, unit, steps, channels."""
    response = bg().get(reverse("catalogue:service", args=["2079"]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Издаване на удостоверение за наследници", "2079", "Закон за гражданската регистрация, чл. 24",
                 "Наследник или упълномощено лице", "Удостоверение за наследниците на починало лице.",
                 "Акт за смърт", "Изготвяне на удостоверението", "Център за административно обслужване"):
        assert text in html, text
    assert 'data-source="office"' in html and 'data-source="applicant"' in html
    for tier in ("regular", "fast", "express"):
        assert f'data-tier="{tier}"' in html
    assert 'data-channel="e_delivery"' in html and 'data-channel="post"' in html


def test_service_page_in_english(catalogue):
    """When an English reader opens it, then the service's texts are English; the interface
    strings are English; the unit's Bulgarian name is marked lang="bg"."""
    html = en().get(reverse("catalogue:service", args=["2079"])).content.decode()
    for text in ("Certificate of heirs", "Civil Registration Act, Art. 24", "Death certificate",
                 "Preparing the certificate", "Fees and deadlines", "The office collects it"):
        assert text in html, text
    assert "Издаване на удостоверение за наследници" not in html
    assert '<span lang="bg">Център за административно обслужване</span>' in html


def test_missing_translation_falls_back_to_bulgarian_marked(catalogue):
    """Given a service without a Polish text, when a Polish reader opens it, then the
    Bulgarian text shows, marked lang="bg"."""
    html = Client(headers={"accept-language": "pl"}).get(
        reverse("catalogue:service", args=["2094"])).content.decode()
    assert '<span lang="bg">Издаване на удостоверение за постоянен адрес</span>' in html


def test_unknown_or_retired_service_is_404(catalogue):
    """An unknown code and a service no longer offered answer 404."""
    assert bg().get(reverse("catalogue:service", args=["0000"])).status_code == 404
    assert bg().get(reverse("catalogue:service", args=["1999"])).status_code == 404


def test_service_page_queries(catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert bg().get(reverse("catalogue:service", args=["2079"])).status_code == 200


def test_apply_link_only_when_applications_route_exists(catalogue, settings):
    """The "Apply online" link shows only when the applications app offers the route."""
    from django.urls import NoReverseMatch

    html = en().get(reverse("catalogue:service", args=["2079"])).content.decode()
    try:
        url = reverse("applications:apply", args=["2079"])
    except NoReverseMatch:
        assert 'id="apply"' not in html
    else:
        assert f'href="{url}"' in html


def test_form_download_link(catalogue):
    """Given a service with an application form, then the page links to it."""
    from django.core.files.base import ContentFile

    service = catalogue["heirs"]
    service.form_template.save("zayavlenie-2079.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    html = en().get(reverse("catalogue:service", args=["2079"])).content.decode()
    assert 'id="form-download"' in html
    assert service.form_template.url in html
    assert 'id="form-download"' not in en().get(reverse("catalogue:service", args=["2094"])).content.decode()
