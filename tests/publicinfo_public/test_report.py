"""The annual report on access to public information (DOMAIN.md 5: "annual report with the
number of requests, refusals and their reasons"): the figures, the page, the CSV, the PDF."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zoneinfo

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kancelaria.publicinfo import report, services
from kancelaria.publicinfo.models import RequestKind

from .conftest import DECIDED, RECEIVED, YEAR, grant, intake, organisation, person, refuse

pytestmark = pytest.mark.django_db

D = dt.date
SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=SOFIA)


@pytest.fixture
def year_of_requests(registrar, handler, secretary):
    """Eight requests of 2026 and one of 2025, each ending differently."""
    r = {}
    # A citizen at the desk, granted within the 14 days, in two forms.
    r["granted"] = grant(secretary, intake(registrar), forms=["electronic", "paper"])
    # A company on the portal, refused after the deadline (due 16.03).
    r["refused_late"] = refuse(secretary, intake(None, requester_type="company", correspondent=organisation(
        name="„Пътстрой“ ЕООД", email="office@patstroy.example.bg")), on=D(2026, 3, 20))
    # An NGO by e-mail, partly granted: part classified.
    r["partial"] = grant(secretary, intake(registrar, requester_type="ngo", channel="email",
                                           correspondent=organisation()),
                         partial=True, refusal_grounds=["classified"],
                         factual_grounds="Приложение 3 е класифицирано.")
    # No description: left without action at once.
    r["no_content"] = intake(registrar, description="")
    # A journalist by post: not held here, forwarded to the regional governor on day 3.
    r["forwarded"] = services.request_forward(actor=handler, info_request=intake(
        registrar, requester_type="journalist", channel="post"), to_body="Областна администрация Кърджали",
        on=D(2026, 3, 5))
    # A foreigner asked to clarify, never answers: left without action after 30 days.
    lapsing = intake(registrar, requester_type="foreigner", correspondent=person(name="John Smith"))
    services.clarification_ask(actor=handler, info_request=lapsing, question="Кой договор?", on=D(2026, 3, 3))
    services.clarifications_lapse(today=D(2026, 4, 20))
    # A citizen's large request: extended by 10 days, still being considered.
    pending = intake(registrar)
    services.extension_grant(actor=handler, info_request=pending, reason="large_volume", days=10, on=D(2026, 3, 12))
    # A re-use request: clarified, then still being considered.
    reuse = intake(registrar, kind=RequestKind.REUSE, requester_type="company", correspondent=organisation(
        name="Дейта ООД"))
    services.clarification_ask(actor=handler, info_request=reuse, question="Какъв формат?", on=D(2026, 3, 3))
    services.clarification_answer(actor=handler, info_request=reuse, answer="CSV.", on=D(2026, 3, 6), channel="post")
    # The year before: not counted.
    intake(registrar, now=at(D(2025, 6, 2)))
    return r


def lines(data: report.AnnualReport, table: str) -> dict[str, int]:
    return {line.key: line.count for line in data.table(table).lines}


def test_rule_annual_report_counts_requests_by_requester_channel_and_kind(year_of_requests,
                                                                        django_assert_max_num_queries):
    """Given eight requests of 2026 and one of 2025, when the 2026 report is made, then it
    counts the eight, by requester type, channel and kind, in three queries."""
    with django_assert_max_num_queries(3):
        data = report.annual_report(YEAR)
    assert data.received == 8
    assert lines(data, "requester_type") == {"citizen": 3, "foreigner": 1, "journalist": 1, "company": 2,
                                             "ngo": 1, "organisation": 0}
    assert lines(data, "channel") == {"portal": 1, "email": 1, "platform": 0, "e_delivery": 0, "post": 1,
                                      "desk": 5, "oral": 0}
    assert lines(data, "kind") == {"access": 7, "reuse": 1}
    assert data.table("requester_type").total == data.received


def test_rule_annual_report_outcomes_and_refusals_by_ground(year_of_requests):
    data = report.annual_report(YEAR)
    assert lines(data, "outcome") == {"granted": 1, "partial": 1, "refused": 1, "not_held": 0, "forwarded": 1,
                                      "without_action": 2, "pending": 2}
    assert data.refused == 2 and data.pending == 2 and data.decided == 6
    grounds = lines(data, "refusal_ground")
    assert grounds["classified"] == 2 and sum(grounds.values()) == 2
    assert data.table("refusal_ground").lines[0].share == 100.0


def test_rule_annual_report_decided_within_the_deadline_and_late(year_of_requests):
    """The refusal of 20.03 came after its due date of 16.03; the two grants within it."""
    data = report.annual_report(YEAR)
    assert (data.on_time, data.late) == (2, 1)
    assert data.on_time_share == 66.7
    assert lines(data, "deadline") == {"decided_on_time": 2, "decided_late": 1}
    assert lines(data, "forwarding") == {"forwarded_on_time": 1, "forwarded_late": 0}


def test_rule_annual_report_extensions_without_action_and_clarifications(year_of_requests):
    data = report.annual_report(YEAR)
    assert lines(data, "extension") == {"large_volume": 1, "third_party": 0, "complex_reuse": 0}
    assert lines(data, "without_action") == {"missing_content": 1, "no_clarification": 1}
    assert lines(data, "clarification") == {"asked": 2, "answered": 1, "lapsed": 1}
    assert lines(data, "access_form")["electronic"] == 2 and lines(data, "access_form")["paper"] == 1


def test_a_year_without_requests_has_zeros_and_no_shares(db):
    data = report.annual_report(2021)
    assert data.received == 0 and data.on_time_share is None
    assert all(line.count == 0 and line.share is None for table in data.tables for line in table.lines)


def test_report_page_shows_the_tables_with_captions_and_figures(client, year_of_requests,
                                                                django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("publicinfo:public_report", args=[YEAR]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Access to public information in 2026" in html
    assert html.count("<caption") == len(report.annual_report(YEAR).tables)
    assert 'data-received><strong class="govuk-!-font-size-27">8</strong>' in html
    assert "66.7 %" in html
    assert '<rect x="0" y="2" width="200" height="12" fill="#1d70b8"/>' in html  # classified: 100 %
    assert reverse("publicinfo:public_report_pdf", args=[YEAR]) in html


def test_report_index_lists_the_years(client, year_of_requests):
    html = client.get(reverse("publicinfo:public_report_index")).content.decode()
    assert reverse("publicinfo:public_report", args=[2026]) in html
    assert reverse("publicinfo:public_report", args=[2025]) in html


@pytest.mark.parametrize("year", [1999, 2999])
def test_report_of_an_impossible_year_is_404(client, db, year):
    assert client.get(reverse("publicinfo:public_report", args=[year])).status_code == 404
    assert client.get(reverse("publicinfo:public_report_pdf", args=[year])).status_code == 404


def test_report_csv_has_every_line_in_utf8_with_bom(client, year_of_requests):
    response = client.get(reverse("publicinfo:public_report", args=[YEAR]) + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="information-report-2026.csv"' in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == report.CSV_HEADER
    by_key = {(row[1], row[2]): row for row in rows[1:]}
    assert by_key[("summary", "received")][4] == "8"
    assert by_key[("refusal_ground", "classified")][4:] == ["2", "100.0"]
    assert by_key[("outcome", "pending")][4:] == ["2", "25.0"]


def test_report_pdf_renders_the_figures_in_cyrillic(client, year_of_requests):
    """The PDF is read back: the office's Cyrillic name came out as text (DejaVu Sans is
    embedded), with the year and the figures."""
    response = client.get(reverse("publicinfo:public_report_pdf", args=[YEAR]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="information-report-2026.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Община Момчилград" in text
    assert "Access to public information in 2026" in text and "Refusals and partial refusals by ground" in text
    fonts = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("DejaVu" in name for name in fonts), fonts


def test_received_date_decides_the_year(registrar):
    """A request registered on 31 December counts in that year's report."""
    intake(registrar, now=at(D(2025, 12, 31)))
    intake(registrar, now=RECEIVED)
    assert report.annual_report(2025).received == 1 and report.annual_report(2026).received == 1
    assert DECIDED.year == 2026
