"""Registration through the staff API (DOMAIN.md section 2): numbering without gaps,
case files, validation with field errors, and who may register."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kancelaria.audit.models import AuditEvent
from kancelaria.registry.models import Attachment, CaseFile, Counter, Entry, RegisterRecord
from tests import factories
from tests.api.conftest import payload, token_client

pytestmark = pytest.mark.django_db



def today() -> str:
    return f"{timezone.localdate():%d.%m.%Y}"


def register(api, **overrides):
    return api.post("/api/v1/entries/", payload(**overrides), format="json")


class TestRegister:
    def test_answers_201_with_the_number_and_the_whole_entry(self, api, registrar):
        """Given the desk, when a valid document is posted, then 201 with its number,
        index, sequence, ordinal, tracking code and case file, and a Location header."""
        response = register(api)
        assert response.status_code == 201, response.json()
        body = response.json()
        entry = Entry.objects.get()
        assert body["id"] == entry.pk
        assert body["number"] == f"94-00-1/{today()}"
        assert body["index"] == "94-00"
        assert body["sequence"] == 1
        assert body["ordinal"] == 1
        assert body["registered_at"]
        assert body["tracking_code"] == entry.case.tracking_code
        assert body["case"] == {"id": entry.case_id, "number": "94-00-1", "status": "registered"}
        assert body["kind"] == "incoming"
        assert body["doc_type"] == "application"
        assert body["pages"] == 2
        assert body["registered_by"] == "registrar"
        # The desk sees the personal number in full.
        assert body["correspondent"]["egn"] == factories.VALID_EGN
        assert body["correspondent"]["name"] == "Иван Петров Иванов"
        assert body["attachments"] == [] and body["corrections"] == []
        assert response.headers["Location"].endswith(f"/api/v1/entries/{entry.pk}/")

    def test_the_registration_is_audited_and_chained(self, api, registrar):
        """DOMAIN 2 and 11: the service writes the audit event and the register record."""
        body = register(api).json()
        assert AuditEvent.objects.filter(action="create", object_type="registry.entry",
                                         object_id=str(body["id"]), actor=registrar).count() == 1
        assert RegisterRecord.objects.filter(entry_id=body["id"], kind="registration").count() == 1

    def test_sequence_numbers_follow_one_another_in_an_index(self, api):
        """DOMAIN 2: numbers are unique and have no gaps."""
        sequences = [register(api).json()["sequence"] for _ in range(3)]
        assert sequences == [1, 2, 3]

    def test_doc_type_defaults_to_letter(self, api):
        data = payload(kind="outgoing")
        del data["doc_type"]
        response = api.post("/api/v1/entries/", data, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["doc_type"] == "letter"

    def test_joining_a_case_by_number_gives_the_next_ordinal_under_the_same_sequence(self, api):
        """DOMAIN 2: a later document of the same matter is registered under the first
        document's index and number with its own date: the case file."""
        register(api)
        first = register(api).json()
        second = register(api, case="94-00-2", index="", subject="Допълнение към искането").json()
        assert second["sequence"] == first["sequence"] == 2
        assert second["ordinal"] == 2
        assert second["number"] == f"94-00-2-[2]/{today()}"
        assert second["case"]["id"] == first["case"]["id"]
        assert CaseFile.objects.count() == 2

    def test_joining_a_case_by_id_or_by_an_entry_number(self, api):
        first = register(api).json()
        by_id = register(api, case=str(first["case"]["id"])).json()
        by_entry = register(api, case=first["number"]).json()
        assert (by_id["ordinal"], by_entry["ordinal"]) == (2, 3)
        assert by_id["sequence"] == by_entry["sequence"] == first["sequence"]

    def test_an_answer_joins_the_case_it_answers(self, api):
        """DOMAIN 2: an outgoing answer is registered into the case file it answers."""
        incoming = register(api).json()
        answer = register(api, kind="outgoing", doc_type="answer", index="", answers=incoming["number"],
                          your_reference="ref-7", subject="Отговор").json()
        assert answer["case"]["id"] == incoming["case"]["id"]
        assert answer["ordinal"] == 2
        assert answer["answers"] == {"id": incoming["id"], "number": incoming["number"]}
        assert answer["case"]["status"] == "answered"

    def test_an_anonymous_document_is_registered_without_proceedings(self, api):
        """DOMAIN 2: anonymous documents are registered, but no proceedings are opened."""
        data = payload(is_anonymous=True)
        del data["correspondent"]
        response = api.post("/api/v1/entries/", data, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["case"]["status"] == "no_proceedings"

    def test_multipart_with_attachments(self, api):
        """Scans travel as multipart/form-data in `attachments`; nested correspondent
        fields use dotted names."""
        scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n% test\n", content_type="application/pdf")
        response = api.post("/api/v1/entries/", {
            "kind": "incoming", "index": "94-00", "subject": "Жалба", "channel": "post",
            "doc_type": "complaint", "correspondent.name": "Мария Георгиева", "attachments": [scan],
        }, format="multipart")
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["correspondent"]["name"] == "Мария Георгиева"
        [attachment] = body["attachments"]
        stored = Attachment.objects.get()
        assert attachment["name"] == "scan.pdf"
        assert attachment["size"] == stored.size
        assert attachment["type"] == "application/pdf"
        assert attachment["sha256"] == stored.sha256
        assert attachment["download_url"].endswith(f"/attachments/{stored.pk}/")


class TestInvalidInput:
    """Every refusal is a 400 with field errors; nothing is registered and no number is
    used up, so the next registration takes the next number (DOMAIN 2: no gaps)."""

    @pytest.mark.parametrize(("overrides", "expected"), [
        ({"correspondent": {"name": "Иван", "egn": "7501020019"}}, {"correspondent": {"egn": [
            "This personal number (EGN) is not valid: check the digits."]}}),
        ({"correspondent": {"name": "Фирма ООД", "kind": "organisation", "eik": "831902089"}},
         {"correspondent": {"eik": ["This EIK/BULSTAT is not valid: check the digits."]}}),
        ({"subject": ""}, {"subject": ["This field may not be blank."]}),
        ({"subject": None}, {"subject": ["This field may not be null."]}),
        ({"index": "99-99"}, {"index": ["There is no index “99-99” in the nomenclature."]}),
        ({"channel": "pigeon"}, {"channel": ['"pigeon" is not a valid choice.']}),
        ({"case": "94-00-77"}, {"case": ["No case file with this number or id in the current numbering year."]}),
        ({"case": "123456"}, {"case": ["No case file with this number or id in the current numbering year."]}),
        ({"answers": "94-00-77/01.01.2020"}, {"answers": ["No register entry with this number or id."]}),
        ({"correspondent": {"name": "Иван", "email": "not-an-address"}},
         {"correspondent": {"email": ["Enter a valid email address."]}}),
        ({"correspondent": {}}, {"correspondent": {"name": [
            "Enter the sender or recipient, or mark the document as anonymous."]}}),
        ({"pages": -1}, {"pages": ["Ensure this value is greater than or equal to 0."]}),
    ])
    def test_refused_with_field_errors_and_no_number_used(self, api, overrides, expected):
        register(api)
        response = register(api, **overrides)
        assert response.status_code == 400
        body = response.json()
        for field, messages in expected.items():
            assert body[field] == messages, body
        assert Entry.objects.count() == 1
        assert Counter.objects.get().last_value == 1
        assert register(api).json()["sequence"] == 2

    def test_lookups_are_reported_with_the_other_field_errors(self, api):
        """Given an unknown index, case and channel and a blank subject, then all four are
        reported at once."""
        response = register(api, index="99-99", case="94-00-55", channel="pigeon", subject="")
        assert response.status_code == 400
        assert set(response.json()) == {"index", "case", "channel", "subject"}
        assert not Entry.objects.exists()

    def test_missing_subject_is_a_required_field(self, api):
        data = payload()
        del data["subject"]
        response = api.post("/api/v1/entries/", data, format="json")
        assert response.status_code == 400
        assert response.json() == {"subject": ["This field is required."]}

    def test_service_errors_come_with_code_and_detail(self, api):
        """Given an EGN for an organisation (a rule of the service), then the answer carries
        the service's code and message and the nested field error."""
        response = register(api, correspondent={"name": "Фирма ООД", "kind": "organisation",
                                                "egn": factories.VALID_EGN})
        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "invalid"
        assert body["detail"] == "The document was not registered: correct the marked fields."
        assert body["correspondent"] == {"egn": [
            "An organisation is identified by its EIK/BULSTAT, not an EGN."]}

    def test_a_case_of_another_index_is_refused(self, api):
        """DOMAIN 2: a document joins its case file under the case file's index."""
        factories.index(code="05-01", name="Заповеди")
        register(api)
        response = register(api, index="05-01", case="94-00-1")
        assert response.status_code == 400
        assert response.json()["case"] == ["A document joins its case file under the case file's index."]
        assert Entry.objects.count() == 1

    def test_a_refused_attachment_registers_nothing(self, api):
        exe = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
        response = api.post("/api/v1/entries/", {
            "kind": "incoming", "index": "94-00", "subject": "Жалба", "channel": "post",
            "correspondent.name": "Мария Георгиева", "attachments": [exe],
        }, format="multipart")
        assert response.status_code == 400
        assert response.json()["attachments"] == ["“scan.pdf” does not contain what its name says (application/pdf)."]
        assert not Entry.objects.exists() and not Attachment.objects.exists()

    def test_malformed_json_is_a_400(self, api):
        response = api.post("/api/v1/entries/", "{not json", content_type="application/json")
        assert response.status_code == 400
        assert "JSON parse error" in response.json()["detail"]

    def test_errors_follow_accept_language(self, registrar, index):
        """Error bodies are translated to the language the client asks for."""
        for language, message in (("bg", "Това поле е задължително."), ("pl", "To pole jest wymagane.")):
            client = token_client(registrar, language=language)
            data = payload()
            del data["subject"]
            response = client.post("/api/v1/entries/", data, format="json")
            assert response.status_code == 400
            assert response.json() == {"subject": [message]}


class TestWhoMayRegister:
    @pytest.mark.parametrize("who", ["expert", "controller"])
    def test_only_registrars_and_administrators_register(self, request, index, who):
        """Given an executor or a controller, when he posts a document, then 403 and nothing
        is registered."""
        client = token_client(request.getfixturevalue(who))
        response = client.post("/api/v1/entries/", payload(), format="json")
        assert response.status_code == 403
        assert response.json() == {"detail": "Only registrars and administrators may register or correct documents."}
        assert not Entry.objects.exists()

    def test_an_administrator_registers(self, org, index):
        admin = factories.user("admin", role="administrator", unit=org["municipality"])
        response = token_client(admin).post("/api/v1/entries/", payload(), format="json")
        assert response.status_code == 201


class TestCorrections:
    def test_a_correction_is_a_new_register_record(self, api, registrar):
        """DOMAIN 2: the register keeps the registration; a correction is recorded with its
        reason and the number never changes."""
        entry = register(api).json()
        response = api.post(f"/api/v1/entries/{entry['id']}/corrections/", {
            "changes": {"subject": "Искане за скица (поправено)", "correspondent": {"phone": "0899 000 000"}},
            "reason": "Грешно изписан предмет",
        }, format="json")
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["number"] == entry["number"]
        assert body["subject"] == "Искане за скица (поправено)"
        assert body["correspondent"]["phone"] == "0899 000 000"
        assert body["correspondent"]["name"] == "Иван Петров Иванов"
        [correction] = body["corrections"]
        assert correction["reason"] == "Грешно изписан предмет"
        assert correction["recorded_by"] == "registrar"
        assert RegisterRecord.objects.filter(entry_id=entry["id"], kind="correction").count() == 1

    def test_a_correction_with_a_bad_egn_is_refused(self, api):
        entry = register(api).json()
        response = api.post(f"/api/v1/entries/{entry['id']}/corrections/", {
            "changes": {"correspondent": {"egn": "7501020019"}}, "reason": "ЕГН",
        }, format="json")
        assert response.status_code == 400
        assert response.json()["changes"] == {"correspondent": {"egn": [
            "This personal number (EGN) is not valid: check the digits."]}}
        assert not RegisterRecord.objects.filter(kind="correction").exists()

    def test_number_and_kind_cannot_be_corrected(self, api):
        entry = register(api).json()
        response = api.post(f"/api/v1/entries/{entry['id']}/corrections/", {
            "changes": {"number": "94-00-9/01.01.2020", "kind": "outgoing"}, "reason": "x",
        }, format="json")
        assert response.status_code == 400
        assert response.json()["changes"] == {"kind": ["This field cannot be corrected."],
                                               "number": ["This field cannot be corrected."]}

    def test_a_reason_is_required(self, api):
        entry = register(api).json()
        response = api.post(f"/api/v1/entries/{entry['id']}/corrections/",
                            {"changes": {"notes": "x"}, "reason": ""}, format="json")
        assert response.status_code == 400
        assert response.json() == {"reason": ["This field may not be blank."]}

    def test_an_executor_cannot_correct(self, api, expert):
        entry = register(api).json()
        response = token_client(expert).post(f"/api/v1/entries/{entry['id']}/corrections/",
                                             {"changes": {"notes": "x"}, "reason": "x"}, format="json")
        assert response.status_code == 403
