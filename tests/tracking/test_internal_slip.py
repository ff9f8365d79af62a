"""The slip of an internal document still leads to its case file (internal documents are
not shown to the public, so their own numbers do not open the tracking page)."""

from urllib.parse import parse_qs, urlparse

import pytest

from kancelaria.portal.selectors import case_track
from kancelaria.registry.services import Correspondent
from kancelaria.registry.slip import tracking_url_for
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_slip_of_an_internal_document_tracks_its_case_file(registrar):
    orders = factories.index(code="РД-01", name="Заповеди")
    order = factories.entry(registrar, index=orders, kind="internal", doc_type="order",
                            subject="Заповед", correspondent=Correspondent())
    query = parse_qs(urlparse(tracking_url_for(order)).query)
    assert query["number"] == [order.case.number]
    assert case_track(number=query["number"][0], code=query["code"][0]) is not None
    assert case_track(number=order.number, code=order.case.tracking_code) is None
