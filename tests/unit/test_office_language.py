"""What the system writes into its records (registered documents' subjects, case
movements' notes, a decision's standard wording) is in the office's language
(LANGUAGE_CODE), whatever language the person acting reads the pages in: the register
is one official record (DOMAIN.md 2)."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from kancelaria.core.text import office_text
from kancelaria.registry import services
from tests import factories


def test_office_text_renders_in_the_office_language_with_its_parameters(settings):
    settings.LANGUAGE_CODE = "bg"
    with translation.override("en"):
        text = office_text(gettext_lazy("Forwarded to the competent body: %(body)s"), body="РЗИ – Кърджали")
        assert text == "Препращане по компетентност до РЗИ – Кърджали"
        # a plain string passes unchanged; a callable is called in the office's language
        assert office_text("Текст") == "Текст"
        assert office_text(lambda: str(gettext_lazy("Withdrawal of the request"))) == "Оттегляне на искането"


@pytest.mark.django_db
def test_rule_a_clerk_reading_english_registers_the_withdrawal_in_the_office_language(registrar, settings):
    """DOMAIN 2: the register is kept in the office's language; the clerk's own interface
    language does not change what is written into it."""
    settings.LANGUAGE_CODE = "bg"
    case = factories.entry(registrar).case
    with translation.override("en"):
        withdrawal = services.case_withdraw(actor=registrar, case=case)
    assert withdrawal.subject == "Оттегляне на искането"
