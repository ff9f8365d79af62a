"""After a case closes, the citizen gets the rating link on the slip too (issue: 'on the
slip and by e-mail')."""

import pytest
from django.urls import reverse

from kancelaria.registry.services import Correspondent, Registration, entry_register
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_slip_of_a_closed_case_carries_the_rating_link(client, registrar, index):
    entry = factories.entry(registrar, index=index)
    client.force_login(registrar)
    assert "/feedback/rate/" not in client.get(reverse("slip:html", args=[entry.pk])).content.decode()
    entry_register(actor=registrar, registration=Registration(
        kind="outgoing", doc_type="answer", subject="Отговор", channel="email", answers=entry,
        correspondent=Correspondent(name="Иван Петров Иванов")))
    assert "/feedback/rate/" in client.get(reverse("slip:html", args=[entry.pk])).content.decode()
