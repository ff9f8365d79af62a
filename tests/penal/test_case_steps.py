"""The case page offers only the steps the state of the case and the user allow, in the
order a clerk works (DOMAIN.md 9); a step not yet possible is one line on what comes
first, in the words its service refuses with. The state's side is `PenalCase.refuses_*`,
the checks the services make themselves."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from kancelaria.core.errors import ValidationFailed
from kancelaria.penal import selectors, services
from kancelaria.penal.models import PenalCase, Stage

from .conftest import DRAWN_UP, SOFIA, decided_case, open_case, statement

pytestmark = pytest.mark.django_db

PAGE_QUERIES = 25


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=SOFIA)


def _staged(stage: str, inspector, lawyer, mayor) -> PenalCase:
    """A case brought to `stage` through the services, dated March and April 2025."""
    if stage in (Stage.REGISTERED, Stage.DELIVERED, Stage.WITH_LAWYER, Stage.AWAITING_DECISION):
        penal = open_case(inspector)
        if stage == Stage.REGISTERED:
            return penal
        penal = services.case_deliver(actor=inspector, penal=penal, on=DRAWN_UP, how="signed")
        if stage == Stage.DELIVERED:
            return penal
        penal = services.case_to_lawyer(actor=inspector, penal=penal, lawyer=lawyer, on=dt.date(2025, 3, 11))
        if stage == Stage.WITH_LAWYER:
            return penal
        return services.case_opinion(actor=lawyer, penal=penal, legal_basis="чл. 48 от Наредбата",
                                     sanctions="глоба", minor=False, proposal="глоба 300 евро",
                                     on=dt.date(2025, 3, 12))
    penal = decided_case(inspector, lawyer, mayor)
    if stage == Stage.DRAFTING:
        return penal
    penal = services.decree_issue(actor=mayor, penal=penal, on=dt.date(2025, 3, 21), now=_at(dt.date(2025, 3, 21)))
    if stage == Stage.DECREE_ISSUED:
        return penal
    penal = services.decree_deliver(actor=inspector, penal=penal, on=dt.date(2025, 3, 25), how="signature")
    if stage == Stage.DECREE_DELIVERED:
        return penal
    penal = services.appeal_record(actor=inspector, penal=penal, lodged_on=dt.date(2025, 4, 1),
                                   letter_number="94-00-1/01.04.2025", letter_date=dt.date(2025, 4, 1))
    if stage == Stage.APPEALED:
        return penal
    return services.appeal_outcome_record(actor=inspector, penal=penal, outcome="confirmed", on=dt.date(2025, 5, 5))


def _page(client, user, penal, django_assert_max_num_queries) -> tuple[list[str], list[str], str]:
    """The open steps (forms) and the waiting ones (a line each), in page order."""
    client.force_login(user)
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(reverse("penal:case", args=[penal.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(r'<h3 class="govuk-heading-m" id="step-([a-z_]+)"', html), \
        re.findall(r'id="waiting-([a-z_]+)"', html), html


# stage: {user: (open steps, waiting steps)}, in the clerk's order
EXPECTED = {
    Stage.REGISTERED: {
        "inspector": (["delivery", "lawyer", "objection", "not_found"], ["opinion", "authority"]),
        "lawyer": (["delivery", "lawyer", "objection", "not_found"], ["opinion", "authority"]),
        "mayor": (["delivery", "lawyer", "objection", "decision", "not_found"], ["authority"]),
    },
    Stage.DELIVERED: {
        "inspector": (["lawyer", "objection", "authority", "not_found"], ["opinion"]),
        "mayor": (["lawyer", "objection", "authority", "decision", "not_found"], []),
    },
    Stage.WITH_LAWYER: {
        "inspector": (["objection", "authority", "not_found"], []),
        "lawyer": (["opinion", "objection", "authority", "not_found"], []),
        "mayor": (["objection", "authority", "decision", "not_found"], []),
    },
    Stage.AWAITING_DECISION: {
        "inspector": (["objection", "authority", "not_found"], []),
        "lawyer": (["objection", "authority", "not_found"], []),
        "mayor": (["objection", "authority", "decision", "not_found"], ["issue"]),
    },
    Stage.DRAFTING: {
        "inspector": (["objection", "authority", "not_found"], ["decree_delivery"]),
        "mayor": (["objection", "authority", "issue", "not_found"], ["decree_delivery"]),
    },
    Stage.DECREE_ISSUED: {
        "inspector": (["objection", "authority", "decree_delivery"], ["appeal"]),
        "mayor": (["objection", "authority", "decree_delivery"], ["appeal"]),
    },
    Stage.DECREE_DELIVERED: {
        "inspector": (["objection", "authority", "appeal"], []),
    },
    Stage.APPEALED: {
        "inspector": (["objection", "authority", "outcome"], []),
        "lawyer": (["objection", "authority", "outcome"], []),
    },
    Stage.FINAL: {
        "inspector": ([], []),
        "mayor": ([], []),
    },
}


@pytest.mark.parametrize("stage", list(EXPECTED))
def test_rule_the_case_page_offers_only_the_steps_the_stage_and_the_user_allow(
        stage, client, inspector, lawyer, mayor, django_assert_max_num_queries):
    """DOMAIN.md 9: at each stage of a case each holder of the register sees the forms of
    exactly the steps its state allows him, in the order a clerk works, and one line for
    the step that comes next but cannot be taken yet; a final case offers nothing."""
    penal = _staged(stage, inspector, lawyer, mayor)
    assert penal.stage == stage
    users = {"inspector": inspector, "lawyer": lawyer, "mayor": mayor}
    for who, (open_steps, waiting) in EXPECTED[stage].items():
        shown, lines, html = _page(client, users[who], penal, django_assert_max_num_queries)
        assert (shown, lines) == (open_steps, waiting), who
        assert ("Next steps" in html) == bool(open_steps or waiting)


def test_rule_a_step_not_yet_possible_says_what_comes_first_as_its_service_refuses(
        client, inspector, mayor, django_assert_max_num_queries):
    """DOMAIN.md 9: a step the state does not allow yet shows no form, only its service's
    refusal as the line on what comes first; the page and the service cannot disagree."""
    penal = open_case(inspector)
    _, _, html = _page(client, inspector, penal, django_assert_max_num_queries)
    with pytest.raises(ValidationFailed) as refused:
        services.case_to_authority(actor=inspector, penal=penal, on=DRAWN_UP)
    line = refused.value.fields["penal"][0]
    assert line == "First record the delivery of the statement: the 14 days run from it."
    assert re.search(r'id="waiting-authority">.*?' + re.escape(line), html)
    assert 'id="id_authority-on"' not in html
    # the mayor: no penal decree or warning before the delivery and the lawyer's opinion
    _, _, html = _page(client, mayor, penal, django_assert_max_num_queries)
    assert 'id="decision-waiting"' in html
    assert "First the lawyer gives the opinion." in html and "First record the delivery of the statement." in html
    assert 'value="termination"' in html and 'value="decree"' not in html and 'value="warning"' not in html
    assert 'id="id_decision-amount"' not in html
    with pytest.raises(ValidationFailed) as refused:
        services.case_decide(actor=mayor, penal=penal, kind="decree", sanction_type="fine", amount="100",
                             on=DRAWN_UP)
    assert refused.value.fields["penal"] == ["First the lawyer gives the opinion.",
                                             "First record the delivery of the statement."]


def test_rule_the_full_decision_once_delivered_with_the_lawyers_opinion(
        client, inspector, lawyer, mayor, django_assert_max_num_queries):
    """DOMAIN.md 9: after the delivery and the lawyer's opinion the mayor may choose a
    decree, a warning or termination, with the decree's fields."""
    penal = _staged(Stage.AWAITING_DECISION, inspector, lawyer, mayor)
    _, _, html = _page(client, mayor, penal, django_assert_max_num_queries)
    assert re.search(r'id="id_decision-kind_0"[^>]*value="decree"', html)
    assert 'value="warning"' in html and 'value="termination"' in html and 'id="id_decision-amount"' in html
    assert 'id="decision-waiting"' not in html


def test_rule_termination_is_open_before_the_opinion_and_goes_through_the_page(client, inspector, mayor):
    """DOMAIN.md 9 (art. 34): the mayor may terminate an undecided case at any stage: the
    only kind the page offers before the opinion, and the service takes it."""
    penal = open_case(inspector)
    client.force_login(mayor)
    response = client.post(reverse("penal:case_step", args=[penal.pk, "decision"]), {
        "decision-kind": "termination", "decision-on": "2025-03-11", "decision-termination_ground": "died"})
    assert response.status_code == 302
    penal.refresh_from_db()
    assert penal.stage == Stage.CLOSED
    html = client.get(reverse("penal:case", args=[penal.pk])).content.decode()
    assert 'id="step-' not in html and 'id="waiting-' not in html


def test_rule_after_a_late_statement_only_termination_on_its_ground_is_offered(
        client, inspector, lawyer, mayor, django_assert_max_num_queries):
    """DOMAIN.md 9 (art. 34(1)): a statement made after a limit leads only to termination
    on that ground: the decision offers nothing else, whatever has been done."""
    penal = open_case(inspector, statement=statement(violation_date=dt.date(2024, 3, 1)))
    penal = services.case_deliver(actor=inspector, penal=penal, on=DRAWN_UP, how="signed")
    penal = services.case_to_lawyer(actor=inspector, penal=penal, lawyer=lawyer, on=DRAWN_UP)
    penal = services.case_opinion(actor=lawyer, penal=penal, legal_basis="x", sanctions="глоба", minor=False,
                                  proposal="прекратяване", on=DRAWN_UP)
    shown, lines, html = _page(client, mayor, penal, django_assert_max_num_queries)
    assert "decision" in shown and "issue" not in lines
    assert 'value="decree"' not in html and 'value="warning"' not in html
    assert 'value="one_year"' in html and 'value="died"' not in html
    assert "the only decision allowed is termination on that ground" in html


def test_rule_while_the_offender_is_not_found_the_page_offers_his_finding(
        client, inspector, lawyer, mayor, django_assert_max_num_queries):
    """DOMAIN.md 9 (art. 34(3)): suspended, the case offers "found" instead of "not
    found", and no decree can be issued until then."""
    penal = decided_case(inspector, lawyer, mayor)
    services.not_found_start(actor=inspector, penal=penal, on=dt.date(2025, 3, 21))
    shown, lines, html = _page(client, mayor, penal, django_assert_max_num_queries)
    assert shown == ["objection", "authority", "found"] and lines == ["issue"]
    assert re.search(r'id="waiting-issue">.*?suspended while the offender cannot be found', html)
    assert selectors.may_take(inspector, penal, "issue") is False


def test_a_step_the_page_does_not_offer_is_refused_without_a_500(client, inspector, mayor):
    """The page's step URL answers a step the state does not allow with 400 and a message,
    one the role does not allow with 403."""
    penal = open_case(inspector)
    client.force_login(inspector)
    response = client.post(reverse("penal:case_step", args=[penal.pk, "authority"]), {"authority-on": "2025-03-10"})
    assert response.status_code == 400 and "not possible at this stage" in response.content.decode()
    response = client.post(reverse("penal:case_step", args=[penal.pk, "issue"]), {"issue-on": "2025-03-10"})
    assert response.status_code == 403
