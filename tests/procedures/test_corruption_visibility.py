"""Corruption signals are kept in a separate register visible only to the roles allowed
to see it (DOMAIN.md 4): the general register, its API and the case pages hide them."""

import pytest
from django.contrib.auth.models import Permission

from kancelaria.procedures.services import procedure_intake
from kancelaria.registry.selectors import cases_visible, entries_visible
from kancelaria.registry.services import Correspondent
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_corruption_signal_is_hidden_from_the_general_register(registrar, controller):
    procedure = procedure_intake(actor=registrar, kind="corruption_signal", registration=factories.registration(
        doc_type="signal", subject="Сигнал за искан подкуп",
        correspondent=Correspondent(name="Иван Петров Иванов")))
    ordinary = factories.entry(registrar)
    for user in (registrar, controller):
        assert list(entries_visible(user)) == [ordinary]
        assert list(cases_visible(user)) == [ordinary.case]
    keeper = factories.user("keeper", role="controller")
    keeper.user_permissions.add(Permission.objects.get(codename="view_corruption_register"))
    keeper = type(keeper).objects.get(pk=keeper.pk)
    assert procedure.case in cases_visible(keeper)
    assert entries_visible(keeper).filter(case=procedure.case).exists()
