"""An extended deadline on the citizen's tracking page and in the public API (DOMAIN.md 3:
"the resolver may extend ... with the interested person told"; 004 chapter 5: the
citizen follows the movement of his case online), without anyone's name (DOMAIN.md 11)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kancelaria.control import services
from kancelaria.control.models import Assignment
from kancelaria.registry.services import Correspondent
from tests import factories

pytestmark = pytest.mark.django_db

REASON = "Необходимо е становище на Регионалната инспекция – инж. Петко Дамянов"


@pytest.fixture
def extended(org, registrar, index):
    """Given an application resolved by the mayor to an expert, whose deadline the mayor
    then extended with a reason that names someone."""
    mayor = factories.user("mayor", role="resolver", unit=org["municipality"], first_name="Христо",
                           last_name="Стоянов")
    expert = factories.user("expert", role="executor", unit=org["planning"], first_name="Ивелина",
                            last_name="Атанасова")
    today = timezone.localdate()
    entry = factories.entry(registrar, index=index, correspondent=Correspondent(
        name="Мария Георгиева Стоянова", kind="person"))
    task = Assignment.objects.get(entry=entry, role="resolve")
    resolution = services.resolution_create(actor=mayor, assignment=task, kind="execute", task="Скица",
                                            executors=[expert], deadline=today + dt.timedelta(days=7), today=today)
    new = today + dt.timedelta(days=20)
    extension = services.deadline_extend(actor=mayor, resolution=resolution, new_deadline=new, reason=REASON,
                                         today=today)
    return {"entry": entry, "extension": extension, "case": entry.case}


def test_the_api_says_to_when_the_deadline_was_extended(client, extended, django_assert_max_num_queries):
    """Given the extension, when the citizen asks the API, then the movement reads
    "deadline extended to <date>" and the case deadline is the new one; no name, no reason."""
    entry, extension = extended["entry"], extended["extension"]
    new = extension.new_deadline.strftime("%d.%m.%Y")
    with django_assert_max_num_queries(4):
        response = client.get(reverse("public_api:track"), {"number": entry.number,
                                                             "code": extended["case"].tracking_code})
    data = response.json()
    moves = [m for m in data["movements"] if m["action"] == "extended"]
    assert [m["action_label"] for m in moves] == [f"deadline extended to {new}"]
    assert data["deadline"] == extension.new_deadline.isoformat()
    body = response.content.decode()
    for private in ("Стоянов", "Атанасова", "Петко", REASON[:20]):
        assert private not in body


def test_the_page_shows_the_extension_clearly(client, extended):
    """Given the extension, when the citizen opens the tracking page, then the deadline
    row says when and to what it was extended, and the movement says to when."""
    entry, extension = extended["entry"], extended["extension"]
    new = extension.new_deadline.strftime("%d.%m.%Y")
    response = client.get(reverse("portal:track"), {"number": entry.number, "code": extended["case"].tracking_code})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"The office extended the deadline to {new} on {timezone.localdate():%d.%m.%Y}." in html
    movement = html.split('data-action="extended"')[1].split("</li>")[0]
    assert f"Deadline extended to {new}" in movement
    for private in ("Стоянов", "Атанасова", "Петко", REASON[:20]):
        assert private not in html


def test_a_case_never_extended_says_nothing_of_it(client, org, registrar, index):
    entry = factories.entry(registrar, index=index)
    html = client.get(reverse("portal:track"), {"number": entry.number,
                                                "code": entry.case.tracking_code}).content.decode()
    assert 'id="deadline-extended"' not in html and "extended" not in html
