"""Reading the register through the staff API: filters, pagination, need-to-know,
masked personal numbers and recorded reads (DOMAIN.md sections 2 and 11)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kancelaria.audit.models import AuditEvent
from kancelaria.registry import services
from kancelaria.registry.services import Correspondent
from tests import factories
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db


def person(egn: str = factories.VALID_EGN) -> Correspondent:
    return Correspondent(name="Иван Петров Иванов", kind="person", egn=egn, address="Момчилград")


@pytest.fixture
def other_index(db):
    return factories.index(code="05-01", name="Заповеди на кмета")


class TestIndexes:
    def test_active_indexes_by_default_all_on_request(self, api, index, registrar):
        """Given an active and a retired index, the list shows the active one; ?all=1 both."""
        retired = factories.index(code="01-01", name="Стар индекс")
        retired.is_active = False
        services.index_save(actor=registrar, index=retired)
        body = api.get("/api/v1/indexes/").json()
        assert body["count"] == 1
        assert body["results"] == [{"code": "94-00", "name": "Заявления и искания", "retention_years": None,
                                    "numbering_scope": "yearly", "is_active": True, "description": ""}]
        codes = [i["code"] for i in api.get("/api/v1/indexes/?all=1").json()["results"]]
        assert codes == ["01-01", "94-00"]

    def test_query_count_does_not_grow_with_indexes(self, api, django_assert_max_num_queries):
        for n in range(10):
            factories.index(code=f"10-{n:02d}", name=f"Индекс {n}")
        with django_assert_max_num_queries(4):
            assert api.get("/api/v1/indexes/").json()["count"] == 11


class TestEntryList:
    def test_items_carry_the_register_fields(self, api, registrar, index):
        entry = factories.entry(registrar, index=index, correspondent=person(), deadline=dt.date(2030, 1, 31))
        [item] = api.get("/api/v1/entries/").json()["results"]
        assert item == {
            "id": entry.pk, "number": entry.number, "index": "94-00", "sequence": 1, "ordinal": 1,
            "kind": "incoming", "doc_type": "application",
            "registered_at": item["registered_at"], "registered_on": entry.registered_on.isoformat(),
            "subject": entry.subject,
            "correspondent": {"name": "Иван Петров Иванов", "kind": "person", "egn": factories.VALID_EGN,
                              "eik": "", "address": "Момчилград", "email": "", "phone": ""},
            "channel": "desk", "deadline": "2030-01-31",
            "case": {"id": entry.case_id, "number": "94-00-1", "status": "registered"},
            "is_anonymous": False, "is_incomplete": False,
        }

    def test_filter_by_index_and_kind(self, api, registrar, index, other_index):
        """Given entries in two indexes, ?index= keeps one index; ?kind= one kind."""
        factories.entry(registrar, index=index)
        factories.entry(registrar, index=other_index, doc_type="order", kind="internal")
        factories.entry(registrar, index=other_index, doc_type="order", kind="internal")
        body = api.get("/api/v1/entries/", {"index": "05-01"}).json()
        assert body["count"] == 2
        assert {item["index"] for item in body["results"]} == {"05-01"}
        assert api.get("/api/v1/entries/", {"kind": "incoming"}).json()["count"] == 1
        assert api.get("/api/v1/entries/", {"index": "77-77"}).json()["count"] == 0

    def test_full_text_status_and_dates(self, api, registrar, index):
        factories.entry(registrar, index=index, subject="Скица на имот в Звездел")
        factories.entry(registrar, index=index, subject="Жалба за шум", is_anonymous=True,
                        correspondent=Correspondent())
        assert [i["subject"] for i in api.get("/api/v1/entries/", {"q": "звездел"}).json()["results"]] == [
            "Скица на имот в Звездел"]
        assert api.get("/api/v1/entries/", {"status": "no_proceedings"}).json()["count"] == 1
        today = timezone.localdate()
        assert api.get("/api/v1/entries/", {"date_from": today.isoformat()}).json()["count"] == 2
        assert api.get("/api/v1/entries/", {"date_to": (today - dt.timedelta(days=1)).isoformat()}
                       ).json()["count"] == 0

    def test_bad_filters_are_field_errors(self, api):
        response = api.get("/api/v1/entries/", {"kind": "sideways", "date_from": "31.12.2026"})
        assert response.status_code == 400
        body = response.json()
        assert body["kind"] == ['"sideways" is not a valid choice.']
        assert body["date_from"][0].startswith("Date has wrong format.")

    def test_newest_first_unless_asked_otherwise(self, api, registrar, index):
        now = timezone.now()
        for hours in (3, 1, 2):
            services.entry_register(actor=registrar, registration=factories.registration(
                index=index, subject=f"{hours} hours ago"), now=now - dt.timedelta(hours=hours))
        newest = [i["subject"] for i in api.get("/api/v1/entries/").json()["results"]]
        assert newest == ["1 hours ago", "2 hours ago", "3 hours ago"]
        oldest = [i["subject"] for i in api.get("/api/v1/entries/", {"ordering": "registered_at"}).json()["results"]]
        assert oldest == ["3 hours ago", "2 hours ago", "1 hours ago"]

    def test_pagination(self, api, registrar, index):
        """Lists are paginated (50 a page by default; page_size up to 200)."""
        for _ in range(5):
            factories.entry(registrar, index=index)
        first = api.get("/api/v1/entries/", {"page_size": 2}).json()
        assert first["count"] == 5
        assert len(first["results"]) == 2
        assert first["previous"] is None and "page=2" in first["next"]
        last = api.get("/api/v1/entries/", {"page_size": 2, "page": 3}).json()
        assert len(last["results"]) == 1 and last["next"] is None
        seen = {i["id"] for p in (1, 2, 3) for i in api.get(
            "/api/v1/entries/", {"page_size": 2, "page": p}).json()["results"]}
        assert len(seen) == 5
        assert api.get("/api/v1/entries/", {"page": 9}).status_code == 404

    @pytest.mark.parametrize("who", ["registrar", "expert"])
    def test_query_count_does_not_grow_with_entries(self, request, registrar, index, org, who,
                                                    django_assert_max_num_queries):
        """Given 3, then 12 entries (their case files sent to the expert's unit), the list
        costs the same number of queries."""
        client = token_client(request.getfixturevalue(who))

        def add(n):
            for _ in range(n):
                entry = factories.entry(registrar, index=index, correspondent=person())
                services.case_send(actor=registrar, case=entry.case, unit=org["planning"])

        add(3)
        with django_assert_max_num_queries(50) as small:
            assert client.get("/api/v1/entries/").json()["count"] == 3
        add(9)
        with django_assert_max_num_queries(len(small.captured_queries)):
            assert client.get("/api/v1/entries/").json()["count"] == 12


class TestNeedToKnow:
    def test_an_executor_of_an_unrelated_unit_sees_nothing(self, registrar, outsider, index):
        """DOMAIN 11: need-to-know. The outsider's unit holds nothing: empty list, 404 on
        the entry and the case file, and the attempts are recorded."""
        entry = factories.entry(registrar, index=index)
        client = token_client(outsider)
        assert client.get("/api/v1/entries/").json() == {"count": 0, "next": None, "previous": None,
                                                         "results": []}
        response = client.get(f"/api/v1/entries/{entry.pk}/")
        assert response.status_code == 404
        assert response.json() == {"detail": "No register entry with this id, or it is outside your access."}
        assert client.get(f"/api/v1/cases/{entry.case_id}/").status_code == 404
        denied = AuditEvent.objects.filter(action="denied", actor=outsider)
        assert sorted(denied.values_list("object_type", flat=True)) == ["registry.casefile", "registry.entry"]
        assert not AuditEvent.objects.filter(action="read").exists()

    def test_a_missing_entry_is_404_without_a_denial(self, api):
        assert api.get("/api/v1/entries/999999/").status_code == 404
        assert not AuditEvent.objects.filter(action="denied").exists()

    def test_the_unit_holding_the_case_sees_it_with_the_egn_masked(self, registrar, expert, org, index):
        """DOMAIN 11: the EGN is shown in full only to the desk and administrators."""
        entry = factories.entry(registrar, index=index, correspondent=person())
        services.case_send(actor=registrar, case=entry.case, unit=org["planning"])
        client = token_client(expert)
        [item] = client.get("/api/v1/entries/").json()["results"]
        assert item["correspondent"]["egn"] == "******0018"
        detail = client.get(f"/api/v1/entries/{entry.pk}/").json()
        assert detail["correspondent"]["egn"] == "******0018"
        assert factories.VALID_EGN not in str(detail)
        assert token_client(registrar).get(f"/api/v1/entries/{entry.pk}/").json()[
            "correspondent"]["egn"] == factories.VALID_EGN

    def test_a_controller_sees_the_whole_register_but_masked(self, registrar, controller, index):
        entry = factories.entry(registrar, index=index, correspondent=person())
        [item] = token_client(controller).get("/api/v1/entries/").json()["results"]
        assert item["id"] == entry.pk
        assert item["correspondent"]["egn"] == "******0018"


class TestEntryDetail:
    def test_the_full_entry_with_attachments_links_and_corrections(self, api, registrar, index):
        from django.core.files.uploadedfile import SimpleUploadedFile

        scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n% test\n", content_type="application/pdf")
        incoming = factories.entry(registrar, index=index, files=[scan])
        answer = factories.entry(registrar, answers=incoming, kind="outgoing", doc_type="answer",
                                 subject="Отговор")
        services.entry_correct(actor=registrar, entry=incoming, changes={"notes": "Поправка"}, reason="Бележка")
        body = api.get(f"/api/v1/entries/{incoming.pk}/").json()
        assert body["notes"] == "Поправка"
        assert body["answered_by"] == [{"id": answer.pk, "number": answer.number}]
        [attachment] = body["attachments"]
        assert attachment["name"] == "scan.pdf" and len(attachment["sha256"]) == 64
        [correction] = body["corrections"]
        assert correction["reason"] == "Бележка" and correction["position"] == 3
        assert body["tracking_code"] == incoming.case.tracking_code

    def test_reading_an_entry_is_recorded(self, api, registrar, index):
        """DOMAIN 11: access time recorded: a staff read leaves an audit event."""
        entry = factories.entry(registrar, index=index)
        api.get(f"/api/v1/entries/{entry.pk}/")
        event = AuditEvent.objects.get(action="read")
        assert (event.actor, event.object_type, event.object_id) == (registrar, "registry.entry", str(entry.pk))
        assert event.path == f"/api/v1/entries/{entry.pk}/"


class TestCaseDetail:
    def test_the_case_with_its_entries_and_movements_read_recorded(self, api, registrar, org, index):
        first = factories.entry(registrar, index=index)
        second = factories.entry(registrar, case=first.case, subject="Допълнение")
        services.case_send(actor=registrar, case=first.case, unit=org["planning"], note="За становище")
        body = api.get(f"/api/v1/cases/{first.case_id}/").json()
        assert body["number"] == "94-00-1"
        assert body["index"] == "94-00"
        assert body["status"] == "in_progress"
        assert body["holder_unit"]["code"] == "ustr-plan"
        assert [(e["number"], e["ordinal"]) for e in body["entries"]] == [(first.number, 1), (second.number, 2)]
        assert [m["action"] for m in body["movements"]] == ["registered", "document_added", "sent"]
        assert body["movements"][2]["note"] == "За становище"
        assert body["deadline_state"] == "none"
        assert AuditEvent.objects.filter(action="read", object_type="registry.casefile",
                                         object_id=str(first.case_id), actor=registrar).exists()
