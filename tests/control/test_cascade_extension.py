"""An extension by the first resolver after the work was resolved further (DOMAIN.md 3:
resolutions cascade; the resolver may extend when objective obstacles arise)."""

from __future__ import annotations

import datetime as dt

import pytest

from kancelaria.control import services
from kancelaria.control.models import Assignment
from kancelaria.core.errors import ValidationFailed
from tests import factories

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 16)


def _cascade(registrar, mayor, head, expert):
    entry = factories.entry(registrar)
    top = services.resolution_create(actor=mayor, assignment=Assignment.objects.get(entry=entry, role="resolve"),
                                     kind="execute", task="За изпълнение", executors=[head], today=MONDAY)
    head_task = Assignment.objects.get(entry=entry, assignee=head)
    services.resolution_create(actor=head, assignment=head_task, kind="execute", task="Скица",
                               executors=[expert], today=MONDAY)
    return entry, top


def test_the_mayor_extends_while_the_work_is_open_further_down(registrar, mayor, head, expert):
    """DOMAIN 3: the resolver may extend; his executor resolving further does not end the work."""
    # Given mayor -> head -> expert, the head's own task now "resolved further"
    entry, top = _cascade(registrar, mayor, head, expert)
    assert not top.assignments.filter(status="open").exists()
    # When the mayor extends his deadline while the expert still works
    extension = services.deadline_extend(actor=mayor, resolution=top, new_deadline=dt.date(2026, 12, 4),
                                         reason="Проверка на място", today=MONDAY)
    # Then the extension is recorded and the case deadline follows it
    top.refresh_from_db()
    entry.case.refresh_from_db()
    assert extension.new_deadline == top.deadline == entry.case.deadline == dt.date(2026, 12, 4)


def test_nothing_to_extend_once_all_work_below_is_done(registrar, mayor, head, expert):
    # Given the cascade finished: the expert's task is done
    entry, top = _cascade(registrar, mayor, head, expert)
    services.assignment_complete(actor=expert, assignment=Assignment.objects.get(entry=entry, assignee=expert),
                                 today=MONDAY)
    # When the mayor tries to extend, then he is told no work is open
    with pytest.raises(ValidationFailed) as error:
        services.deadline_extend(actor=mayor, resolution=top, new_deadline=dt.date(2026, 12, 4), reason="x",
                                 today=MONDAY)
    assert "resolution" in error.value.fields
