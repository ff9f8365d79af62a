"""Public tracking of a case file ("virtual registry", DOMAIN.md 2) and the protection of
personal data on it (DOMAIN.md 11): the page /track/ and the API /api/v1/public/track/."""

from __future__ import annotations

import datetime as dt
import math
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from kancelaria.registry import numbering
from kancelaria.registry.models import CaseFile
from kancelaria.registry.services import Correspondent, case_send
from tests import factories

API = "public_api:track"
PAGE = "portal:track"

CITIZEN = "Радослава Кирилова Маринова"
ADDRESS = "гр. Момчилград, ул. „Охрид“ 7"
EMAIL = "radoslava.marinova@example.bg"
PHONE = "0888123456"
SUBJECT = "Искане за скица на поземлен имот 48174.501.1234"
NOTE = "Спешно: виж бележката на колегата"
OTHER_CITIZEN = "Гинка Тодорова Добрева"
OTHER_SUBJECT = "Жалба срещу шум от заведение"
CLERK = {"username": "s.vrancheva", "first_name": "Стилияна", "last_name": "Вранчева"}
EXPERT = {"username": "d.kochanov", "first_name": "Драгомир", "last_name": "Кочанов"}


@pytest.fixture
def clerk(org):
    return factories.user(CLERK["username"], role="registrar", unit=org["desk"],
                          first_name=CLERK["first_name"], last_name=CLERK["last_name"])


@pytest.fixture
def expert_named(org):
    return factories.user(EXPERT["username"], role="executor", unit=org["planning"],
                          first_name=EXPERT["first_name"], last_name=EXPERT["last_name"])


@pytest.fixture
def case(clerk, expert_named, index, org):
    """Given an application of a citizen (with EGN, address, e-mail, phone), registered at
    the desk with a deadline, sent with a note to the planning unit, plus an internal memo;
    and another citizen's case in the same index."""
    first = factories.entry(
        clerk, index=index, subject=SUBJECT, deadline=timezone.localdate() + dt.timedelta(days=10),
        correspondent=Correspondent(name=CITIZEN, kind="person", egn=factories.VALID_EGN,
                                    address=ADDRESS, email=EMAIL, phone=PHONE),
    )
    case_send(actor=clerk, case=first.case, unit=org["planning"], note=NOTE)
    factories.entry(expert_named, case=first.case, kind="internal", doc_type="memo", channel="internal",
                    subject="Служебна бележка за огледа", correspondent=Correspondent())
    factories.entry(clerk, index=index, subject=OTHER_SUBJECT, doc_type="complaint",
                    correspondent=Correspondent(name=OTHER_CITIZEN, kind="person"))
    return CaseFile.objects.get(pk=first.case_id)


def first_number(case: CaseFile) -> str:
    return case.entries.get(ordinal=1).number


def api(client, number, code):
    return client.get(reverse(API), {"number": number, "code": code})


def page(client, number, code):
    return client.get(reverse(PAGE), {"number": number, "code": code})


def a_valid_code_of_no_case() -> str:
    code = "00000-00000"
    assert not CaseFile.objects.filter(tracking_code=code).exists()
    return code


# --- the right number and code --------------------------------------------------------

def test_api_answers_status_deadline_and_movements(client, case, org):
    """DOMAIN.md 2. Given a case sent to a unit, when the citizen asks with the number and
    the code from the slip, then the API answers the status, deadline and movements."""
    response = api(client, first_number(case), case.tracking_code)
    assert response.status_code == 200
    data = response.json()
    assert data["number"] == first_number(case)
    assert data["case_number"] == case.number
    assert data["status"] == "in_progress"
    assert data["status_label"] == "in progress"
    assert data["registered_on"] == case.opened_on.isoformat()
    assert data["deadline"] == case.deadline.isoformat()
    assert data["deadline_state"] == "on_time"
    assert [m["action"] for m in data["movements"]] == ["registered", "sent", "document_added"]
    assert data["movements"][0]["unit"] == org["desk"].name
    assert data["movements"][1]["unit"] == org["planning"].name
    assert data["movements"][1]["action_label"] == "sent to unit"


def test_internal_documents_are_not_listed(client, case):
    """Given a case with an internal memo, when tracked, then only the citizen-facing
    documents are listed (by number, date, kind and type), and the memo's number is no key."""
    data = api(client, first_number(case), case.tracking_code).json()
    assert data["documents"] == [{
        "number": first_number(case), "registered_on": case.opened_on.isoformat(), "kind": "incoming",
        "kind_label": "incoming", "doc_type": "application", "doc_type_label": "application",
    }]
    memo = case.entries.get(ordinal=2)
    assert api(client, memo.number, case.tracking_code).status_code == 404


def test_case_number_and_later_document_numbers_are_keys(client, case, clerk):
    """Given a case with an outgoing answer, when the citizen types the case number or the
    answer's number with the code, then the case is found, closed, deadline met."""
    answer = factories.entry(clerk, answers=case.entries.get(ordinal=1), kind="outgoing", doc_type="answer",
                             channel="e_delivery", subject="Отговор",
                             correspondent=Correspondent(name=CITIZEN, kind="person"))
    for number in (case.number, answer.number):
        response = api(client, number, case.tracking_code)
        assert response.status_code == 200, number
        data = response.json()
        assert data["status"] == "closed"  # sent electronically (DOMAIN.md 3)
        assert data["deadline_state"] == "met"
        assert [d["kind"] for d in data["documents"]] == ["incoming", "outgoing"]
        assert data["movements"][-1]["action"] == "answered"


def test_page_shows_status_deadline_tag_and_movements(client, case, org):
    """Given a case, when the page is opened with number and code (as from the QR code),
    then it shows the result directly: status, an 'on time' tag and the movements."""
    response = page(client, first_number(case), case.tracking_code)
    assert response.status_code == 200
    body = response.content.decode()
    assert first_number(case) in body
    assert "in progress" in body
    assert 'data-deadline-state="on_time"' in body
    assert ">on time<" in body
    assert org["planning"].name.replace("„", "&bdquo;") in body or org["planning"].name in body
    assert "Sent to unit" in body
    assert "govuk-summary-list" in body


def test_overdue_case_is_marked_overdue(client, clerk, index):
    """DOMAIN.md 3 (deadlines). Given an open case whose deadline has passed, when it is
    tracked, then the page and the API say 'overdue'."""
    past = timezone.now() - dt.timedelta(days=40)
    entry = factories.entry(clerk, index=index, deadline=timezone.localdate() - dt.timedelta(days=5))
    CaseFile.objects.filter(pk=entry.case_id).update(opened_on=past.date())
    data = api(client, entry.number, entry.case.tracking_code).json()
    assert data["deadline_state"] == "overdue"
    body = page(client, entry.number, entry.case.tracking_code).content.decode()
    assert 'data-deadline-state="overdue"' in body
    assert "govuk-tag--red" in body


# --- no personal data -----------------------------------------------------------------

SECRETS = [CITIZEN, "Радослава", "Маринова", factories.VALID_EGN, factories.VALID_EGN[:6], ADDRESS, "Охрид",
           EMAIL, PHONE, SUBJECT, "48174.501.1234", NOTE, OTHER_CITIZEN, OTHER_SUBJECT,
           "Служебна бележка", CLERK["username"], CLERK["first_name"], CLERK["last_name"],
           EXPERT["username"], EXPERT["first_name"], EXPERT["last_name"]]


@pytest.mark.parametrize("ask", [api, page], ids=["api", "page"])
def test_answer_has_no_personal_data(client, case, clerk, ask):
    """DOMAIN.md 11 (personal data). Given a case whose correspondent has a name, EGN,
    address, e-mail and phone, handled by named staff, next to another citizen's case,
    when it is tracked, then none of those appear in the answer, nor the subject or note."""
    factories.entry(clerk, answers=case.entries.get(ordinal=1), kind="outgoing", doc_type="answer",
                    subject="Отговор на Радослава Маринова",
                    correspondent=Correspondent(name=CITIZEN, kind="person", address=ADDRESS))
    response = ask(client, first_number(case), case.tracking_code)
    assert response.status_code == 200
    body = response.content.decode("utf-8")
    if ask is page:
        body = re.sub(r'<input[^>]*name="code"[^>]*>', "", body)
    for secret in SECRETS:
        assert secret not in body, secret


# --- what a wrong answer reveals -------------------------------------------------------

def test_wrong_code_and_unknown_number_answer_byte_identically(client, case):
    """Given a real case, when asked with its number and a wrong code, and with a number
    that does not exist and its right code, then the API answers the same 404 with the
    very same bytes: nothing tells which half was wrong."""
    wrong_code = api(client, first_number(case), a_valid_code_of_no_case())
    wrong_number = api(client, "94-00-99999/01.01.2020", case.tracking_code)
    assert wrong_code.status_code == wrong_number.status_code == 404
    assert wrong_code.content == wrong_number.content
    assert wrong_code.json()["code"] == "not_found"
    assert wrong_code["Content-Type"] == wrong_number["Content-Type"]


def test_wrong_code_and_unknown_number_show_the_same_page(client, case):
    """Given the same two look-ups on the page, then status and page are the same except
    for the typed values echoed in the form."""
    wrong_code = page(client, first_number(case), a_valid_code_of_no_case())
    wrong_number = page(client, "94-00-99999/01.01.2020", case.tracking_code)
    assert wrong_code.status_code == wrong_number.status_code == 404

    def normalise(response) -> str:
        body = response.content.decode()
        body = re.sub(r'value="[^"]*"', 'value=""', body)
        body = re.sub(r'nonce="[^"]*"', 'nonce=""', body)
        body = re.sub(r'name="csrfmiddlewaretoken"[^>]*', "", body)
        return re.sub(r'"X-CSRFToken": "[^"]*"', "", body)

    assert normalise(wrong_code) == normalise(wrong_number)
    assert "No case file has this register number and tracking code." in wrong_code.content.decode()


def test_lookup_queries_are_the_same_whatever_is_wrong(client, case, django_assert_num_queries):
    """Given a wrong code or a wrong number, then the same queries run: one look-up by
    code for the documents and one for the movements."""
    real, wrong = first_number(case), a_valid_code_of_no_case()
    for number, code in ((real, wrong), ("94-00-99999/01.01.2020", case.tracking_code),
                         (real, case.tracking_code)):
        with django_assert_num_queries(2):
            api(client, number, code)


# --- the code -------------------------------------------------------------------------

def test_code_alphabet_and_length_give_at_least_40_bits():
    """Given the code's alphabet and length, then a code carries at least 40 bits."""
    assert len(set(numbering.ALPHABET)) == len(numbering.ALPHABET)
    assert numbering.CODE_LENGTH * math.log2(len(numbering.ALPHABET)) >= 40


def test_code_comes_from_the_secrets_module(monkeypatch):
    """Given the code generator, when secrets.choice is replaced, then the code follows
    it: the code is drawn from the operating system's random source, not from the number."""
    monkeypatch.setattr(numbering.secrets, "choice", lambda seq: seq[0])
    assert numbering.tracking_code_new() == "00000-00000"
    monkeypatch.setattr(numbering.secrets, "choice", lambda seq: seq[-1])
    assert numbering.tracking_code_new() == "ZZZZZ-ZZZZZ"


def test_codes_do_not_repeat_over_2000_draws():
    """Given 2,000 draws, then no two codes are equal and all have the printed format."""
    codes = [numbering.tracking_code_new() for _ in range(2000)]
    assert len(set(codes)) == 2000
    assert all(re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}", c) for c in codes)


def test_codes_of_consecutive_registrations_share_no_pattern(clerk, index):
    """Given 30 consecutive registrations, then their codes are all different and no
    position of the code is constant across them (no counter, no date inside)."""
    codes = [factories.entry(clerk, index=index).case.tracking_code for _ in range(30)]
    assert len(set(codes)) == 30
    for position in range(11):
        if position == 5:
            continue
        assert len({c[position] for c in codes}) > 1, position


# --- what people type -----------------------------------------------------------------

@pytest.mark.parametrize(("number", "code"), [
    ("{number}", "{code_lower}"),
    ("{number}", "{code_nodash}"),
    ("  {number} ", " {code_spaced} "),
    ("№{number}", "{code}"),
    ("№ {number}", "{code_lower_nodash}"),
    ("{case_number}", "{code}"),
    ("{number_spaced}", "{code}"),
])
def test_lookup_tolerates_case_spaces_missing_dash_and_sign(client, case, number, code):
    """Given a case, when the number and code are typed in lower case, without the dash,
    with spaces or with a leading №, then the case is found all the same."""
    real = case.tracking_code
    values = {
        "number": first_number(case), "case_number": case.number,
        "number_spaced": first_number(case).replace("/", " / "),
        "code": real, "code_lower": real.lower(), "code_nodash": real.replace("-", ""),
        "code_spaced": " ".join(real.replace("-", "")), "code_lower_nodash": real.replace("-", "").lower(),
    }
    number, code = number.format(**values), code.format(**values)
    assert api(client, number, code).status_code == 200
    assert page(client, number, code).status_code == 200


@pytest.mark.parametrize(("params", "field"), [
    ({"number": "94-00-1"}, "code"),
    ({"code": "AB3DE-FG7HJ"}, "number"),
    ({"number": "94-00-1", "code": "ABC"}, "code"),
    ({"number": "94-00-1", "code": "AB3DE-FG7H!"}, "code"),
    ({"number": "9" * 200, "code": "AB3DE-FG7HJ"}, "number"),
])
def test_bad_input_gets_a_clear_error(client, db, params, field):
    """Given a missing or malformed number or code, then the API answers 400 naming the
    field and the page shows a GOV.UK error message, never a 500."""
    response = client.get(reverse(API), params)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"][field])
    response = client.get(reverse(PAGE), params)
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert f'href="#id_{field}"' in body


def test_empty_form_is_shown_without_looking_anything_up(client, db, django_assert_num_queries):
    """Given no parameters, when /track/ is opened, then the empty form is shown, with the
    hints and no autocomplete on the code, and no query runs."""
    with django_assert_num_queries(0):
        response = client.get(reverse(PAGE))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="number"' in body and 'name="code"' in body
    assert re.search(r'<input[^>]*name="code"[^>]*autocomplete="off"', body, re.S)
    assert 'aria-describedby="id_number-hint' in body or 'aria-describedby="number-hint' in body
    assert "AB3DE-FG7HJ" in body


# --- rate limit -----------------------------------------------------------------------

def test_api_rate_limit(client, case, settings):
    """DOMAIN.md 11 (unauthorised access attempts). Given a limit of 3 look-ups per window,
    when an address makes a 4th, then the API answers 429 with Retry-After and a detail."""
    settings.TRACKING_RATE_LIMIT = 3
    settings.TRACKING_RATE_WINDOW = 600
    for _ in range(3):
        assert api(client, first_number(case), a_valid_code_of_no_case()).status_code == 404
    response = api(client, first_number(case), case.tracking_code)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 600
    assert response.json()["code"] == "rate_limited"
    assert "Too many look-ups" in response.json()["detail"]
    other = client.get(reverse(API), {"number": first_number(case), "code": case.tracking_code},
                       REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_page_rate_limit(client, case, settings):
    """Given a limit of 3, when the page is asked a 4th time, then it answers 429 with a
    GOV.UK error message, even for the right code."""
    settings.TRACKING_RATE_LIMIT = 3
    settings.TRACKING_RATE_WINDOW = 600
    for _ in range(3):
        assert page(client, first_number(case), a_valid_code_of_no_case()).status_code == 404
    response = page(client, first_number(case), case.tracking_code)
    assert response.status_code == 429
    assert response["Retry-After"]
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Too many look-ups" in body
    assert CITIZEN not in body and "in progress" not in body


def test_page_and_api_share_the_limit(client, case, settings):
    """Given a limit of 2, when the page is used twice, then the API refuses the third."""
    settings.TRACKING_RATE_LIMIT = 2
    page(client, first_number(case), case.tracking_code)
    page(client, first_number(case), case.tracking_code)
    assert api(client, first_number(case), case.tracking_code).status_code == 429


# --- caching, queries, schema ---------------------------------------------------------

@pytest.mark.parametrize("ask", [api, page], ids=["api", "page"])
def test_answers_are_not_cached(client, case, ask):
    """Given any answer (found or not), then it carries Cache-Control: no-store."""
    assert "no-store" in ask(client, first_number(case), case.tracking_code)["Cache-Control"]
    assert "no-store" in ask(client, first_number(case), a_valid_code_of_no_case())["Cache-Control"]


@pytest.mark.parametrize("ask", [api, page], ids=["api", "page"])
def test_query_count_is_small_and_constant(client, case, clerk, org, ask, django_assert_max_num_queries):
    """Given a case, when it grows by more documents and movements, then tracking it still
    takes the same two queries."""
    number, code = first_number(case), case.tracking_code
    with django_assert_max_num_queries(2):
        assert ask(client, number, code).status_code == 200
    for _ in range(5):
        factories.entry(clerk, case=case, subject="Допълнение", correspondent=Correspondent(name=CITIZEN))
        case_send(actor=clerk, case=case, unit=org["spatial"])
    with django_assert_max_num_queries(2):
        response = ask(client, number, code)
    assert response.status_code == 200


def test_api_needs_no_authentication_and_ignores_sessions(client, case, clerk):
    """Given a logged-in member of staff, when he uses the public API, then the answer is
    the same as for anyone: the API uses no session (and so needs no CSRF token)."""
    anonymous = api(client, first_number(case), case.tracking_code).content
    client.force_login(clerk)
    assert api(client, first_number(case), case.tracking_code).content == anonymous
    assert client.post(reverse(API), {"number": "x", "code": "y"}).status_code == 405


def test_openapi_schema_describes_the_public_track_endpoint():
    """Given the OpenAPI schema, then the endpoint has its two parameters, no security,
    and a 200 answer with the tracking serializer and 404/429 error answers."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/public/track/"]["get"]
    assert {p["name"] for p in operation["parameters"] if p["in"] == "query"} == {"number", "code"}
    assert all(p["required"] for p in operation["parameters"] if p["name"] in {"number", "code"})
    assert operation.get("security", []) in ([], [{}])
    assert "security" not in schema
    assert set(operation["responses"]) >= {"200", "400", "404", "429"}
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    assert {"number", "status", "status_label", "deadline_state", "movements", "documents"} <= set(component["properties"])
