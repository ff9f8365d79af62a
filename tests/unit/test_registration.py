"""Registration rules (DOMAIN.md section 2) through the service layer."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from kancelaria.audit.models import AuditEvent
from kancelaria.core.errors import ValidationFailed
from kancelaria.registry import services
from kancelaria.registry.integrity import verify_register
from kancelaria.registry.models import (
    Attachment,
    CaseFile,
    CaseMovement,
    CaseStatus,
    Entry,
    Index,
    OffensiveAnonymousRecord,
    RegisterRecord,
)
from kancelaria.registry.services import Correspondent
from tests import factories

pytestmark = pytest.mark.django_db


def pdf(name="scan.pdf", body=b"%PDF-1.4\n% test\n"):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def sequences(index):
    return list(CaseFile.objects.filter(index=index).order_by("sequence").values_list("sequence", flat=True))


class TestNumbering:
    def test_each_new_document_opens_a_case_file_under_the_next_number(self, registrar, index):
        """DOMAIN 2: numbers are unique and have no gaps."""
        numbers = [factories.entry(registrar, index=index).case.sequence for _ in range(3)]
        assert numbers == [1, 2, 3]

    def test_number_is_index_sequence_and_registration_date(self, registrar, index):
        entry = factories.entry(registrar, index=index)
        today = timezone.localdate()
        assert entry.number == f"94-00-1/{today:%d.%m.%Y}"
        assert entry.registered_on == today

    def test_a_refused_registration_takes_no_number(self, registrar, index):
        """DOMAIN 2 (no gaps): invalid input is refused before a number is drawn."""
        factories.entry(registrar, index=index)
        with pytest.raises(ValidationFailed):
            factories.entry(registrar, index=index, subject="   ")
        assert factories.entry(registrar, index=index).case.sequence == 2

    def test_a_registration_failing_after_the_number_leaves_no_gap_and_no_file(
            self, registrar, index, monkeypatch, settings):
        """DOMAIN 2 (no gaps) and 'nothing is lost': the number, entry and file go together."""
        factories.entry(registrar, index=index)

        def broken(**kwargs):
            raise DatabaseError("disk full")

        monkeypatch.setattr(services, "_append_record", broken)
        with pytest.raises(DatabaseError):
            factories.entry(registrar, index=index, files=[pdf()])
        monkeypatch.undo()
        assert Entry.objects.count() == 1
        assert Attachment.objects.count() == 0
        media = settings.STORAGES["default"]["OPTIONS"]["location"]
        stored = [f for _, _, files in os.walk(media) for f in files] if os.path.isdir(media) else []
        assert stored == []
        assert factories.entry(registrar, index=index).case.sequence == 2

    def test_a_new_year_starts_a_new_sequence(self, registrar, index):
        """DOMAIN 2 / nomenclature: a new sequence every calendar year."""
        late = timezone.make_aware(dt.datetime(2025, 12, 31, 16, 0))
        early = timezone.make_aware(dt.datetime(2026, 1, 2, 9, 0))
        reg = factories.registration(index=index)
        a = services.entry_register(actor=registrar, registration=reg, now=late)
        b = services.entry_register(actor=registrar, registration=factories.registration(index=index), now=late)
        c = services.entry_register(actor=registrar, registration=factories.registration(index=index), now=early)
        assert (a.case.sequence, b.case.sequence, c.case.sequence) == (1, 2, 1)
        assert c.number == "94-00-1/02.01.2026"
        assert not verify_register()[0]

    def test_a_continuous_index_does_not_restart(self, registrar):
        index = factories.index(code="РД-01", name="Заповеди", numbering_scope=Index.Scope.CONTINUOUS)
        late = timezone.make_aware(dt.datetime(2025, 12, 31, 16, 0))
        early = timezone.make_aware(dt.datetime(2026, 1, 2, 9, 0))
        a = services.entry_register(actor=registrar, registration=factories.registration(index=index), now=late)
        b = services.entry_register(actor=registrar, registration=factories.registration(index=index), now=early)
        assert (a.case.sequence, b.case.sequence) == (1, 2)

    def test_an_inactive_index_takes_no_new_case_files(self, registrar):
        index = factories.index(code="99-99", name="Стар индекс", is_active=False)
        with pytest.raises(ValidationFailed) as error:
            factories.entry(registrar, index=index)
        assert "index" in error.value.fields


class TestCaseFiles:
    def test_later_documents_join_the_case_file_under_its_number(self, registrar, index):
        """DOMAIN 2: every later document of the matter is registered under the first
        document's index and number, with its own date: together they form the case file."""
        first = factories.entry(registrar, index=index)
        later = factories.entry(registrar, case=first.case, subject="Допълнителни документи")
        assert later.case_id == first.case_id
        assert later.ordinal == 2
        assert later.number.startswith("94-00-1-[2]/")
        assert CaseFile.objects.count() == 1
        assert factories.entry(registrar, index=index).case.sequence == 2

    def test_a_document_cannot_join_a_case_file_of_another_index(self, registrar, index):
        """DOMAIN 2: documents of different numbers are never merged."""
        case = factories.entry(registrar, index=index).case
        other = factories.index(code="70-00", name="Сигнали")
        with pytest.raises(ValidationFailed) as error:
            factories.entry(registrar, index=other, case=case)
        assert "case" in error.value.fields

    def test_an_answer_is_registered_into_the_case_it_answers(self, registrar, index):
        """DOMAIN 2: an outgoing answer carries 'Your No.' and 'Our No.' and joins the case
        file; DOMAIN 3: on paper it closes the case only when handed over or posted."""
        incoming = factories.entry(registrar, index=index, your_reference="ИЗХ-45/20.11.2026")
        answer = factories.entry(registrar, kind="outgoing", doc_type="answer", answers=incoming,
                                 subject="Отговор", your_reference=incoming.your_reference)
        assert answer.case_id == incoming.case_id
        assert answer.answers_id == incoming.pk
        assert answer.your_reference == "ИЗХ-45/20.11.2026"
        incoming.case.refresh_from_db()
        assert incoming.case.status == CaseStatus.ANSWERED
        assert incoming.case.closed_on is None and not incoming.case.is_finished

    def test_an_answer_sent_electronically_closes_the_case(self, registrar, index):
        """DOMAIN 3: an outgoing answer closes the case when it is sent electronically."""
        incoming = factories.entry(registrar, index=index)
        answer = factories.entry(registrar, kind="outgoing", doc_type="answer", answers=incoming,
                                 subject="Отговор", channel="email")
        incoming.case.refresh_from_db()
        assert incoming.case.status == CaseStatus.CLOSED
        assert incoming.case.closed_on == answer.registered_on

    def test_only_an_outgoing_document_answers_an_incoming_one(self, registrar, index):
        incoming = factories.entry(registrar, index=index)
        with pytest.raises(ValidationFailed) as error:
            factories.entry(registrar, kind="incoming", answers=incoming)
        assert "answers" in error.value.fields

    def test_an_order_amends_or_cancels_another_order(self, registrar):
        orders = factories.index(code="РД-01", name="Заповеди")
        order = factories.entry(registrar, index=orders, kind="internal", doc_type="order",
                                subject="Заповед за работното време")
        amending = factories.entry(registrar, index=orders, kind="internal", doc_type="order",
                                   subject="Изменение", related=order, relation="amends")
        assert amending.related_id == order.pk and amending.relation == "amends"
        assert list(order.amended_by.all()) == [amending]
        with pytest.raises(ValidationFailed):
            factories.entry(registrar, index=orders, kind="internal", doc_type="letter",
                            subject="Писмо", related=order, relation="cancels")


class TestDeskRules:
    def test_incomplete_document_is_registered_with_the_warning_recorded(self, registrar, index):
        """DOMAIN 2: the desk may never refuse a document; the warning is recorded."""
        entry = factories.entry(registrar, index=index, is_incomplete=True,
                                incomplete_warning="Липсва скица; лицето е предупредено.")
        assert entry.pk and entry.is_incomplete
        assert entry.incomplete_warning == "Липсва скица; лицето е предупредено."
        assert entry.case.status == CaseStatus.REGISTERED

    def test_incomplete_without_a_written_warning_records_the_standard_one(self, registrar, index):
        entry = factories.entry(registrar, index=index, is_incomplete=True)
        assert entry.incomplete_warning.strip() != ""

    def test_anonymous_document_is_registered_without_proceedings(self, registrar, index):
        """DOMAIN 2: anonymous documents are registered, but no proceedings are opened."""
        entry = factories.entry(registrar, index=index, is_anonymous=True, correspondent=Correspondent())
        assert entry.case.status == CaseStatus.NO_PROCEEDINGS
        assert entry.case.is_finished

    def test_anonymous_document_has_no_sender(self, registrar, index):
        with pytest.raises(ValidationFailed) as error:
            factories.entry(registrar, index=index, is_anonymous=True)
        assert "is_anonymous" in error.value.fields

    def test_offensive_anonymous_document_is_logged_not_registered(self, registrar, index):
        """DOMAIN 2: anonymous documents with insults are not registered; they go to the Secretary."""
        record = services.offensive_anonymous_log(actor=registrar, channel="post",
                                                  description="Писмо без подател с обиди")
        assert OffensiveAnonymousRecord.objects.get() == record
        assert Entry.objects.count() == 0 and CaseFile.objects.count() == 0

    def test_forwarding_closes_the_case_at_the_registry(self, registrar, index):
        """DOMAIN 2: a request the office is not competent for is forwarded at once; the
        case closes at the registry with the forwarding."""
        case = factories.entry(registrar, index=index).case
        letter = services.case_forward(actor=registrar, case=case,
                                       body=Correspondent(name="Областна администрация Кърджали"))
        case.refresh_from_db()
        assert case.status == CaseStatus.FORWARDED
        assert letter.kind == "outgoing" and letter.doc_type == "forwarding" and letter.case_id == case.pk
        assert case.movements.last().action == CaseMovement.Action.FORWARDED

    def test_withdrawal_is_registered_and_the_case_archived(self, registrar, index):
        """DOMAIN 2: a citizen may withdraw a request in writing; the withdrawal is
        registered and the case archived."""
        case = factories.entry(registrar, index=index).case
        withdrawal = services.case_withdraw(actor=registrar, case=case)
        case.refresh_from_db()
        assert case.status == CaseStatus.WITHDRAWN
        assert withdrawal.doc_type == "withdrawal" and withdrawal.ordinal == 2
        assert withdrawal.correspondent_name == "Иван Петров Иванов"
        with pytest.raises(ValidationFailed):
            services.case_withdraw(actor=registrar, case=case)

    def test_only_a_request_that_came_in_is_forwarded_or_withdrawn(self, registrar, index):
        outgoing = factories.entry(registrar, index=index, kind="outgoing", subject="Писмо до АПИ").case
        with pytest.raises(ValidationFailed):
            services.case_withdraw(actor=registrar, case=outgoing)
        with pytest.raises(ValidationFailed):
            services.case_forward(actor=registrar, case=outgoing, body=Correspondent(name="Областна администрация"))
        assert outgoing.entries.count() == 1

    def test_sending_a_case_to_a_unit_moves_it(self, registrar, index, org):
        case = factories.entry(registrar, index=index).case
        services.case_send(actor=registrar, case=case, unit=org["planning"])
        case.refresh_from_db()
        assert case.holder_unit == org["planning"]
        assert case.status == CaseStatus.IN_PROGRESS
        assert [m.action for m in case.movements.all()] == ["registered", "sent"]


class TestCorrespondent:
    def test_invalid_egn_is_refused_with_a_field_error(self, registrar, index):
        with pytest.raises(ValidationFailed) as error:
            factories.entry(registrar, index=index,
                            correspondent=Correspondent(name="Иван Петров", egn="7501020019"))
        assert "correspondent.egn" in error.value.fields
        assert Entry.objects.count() == 0

    def test_invalid_eik_is_refused_with_a_field_error(self, registrar, index):
        with pytest.raises(ValidationFailed) as error:
            factories.entry(registrar, index=index, correspondent=Correspondent(
                name="Строй ЕООД", kind="organisation", eik="831902089"))
        assert "correspondent.eik" in error.value.fields

    def test_valid_identifiers_are_kept(self, registrar, index):
        entry = factories.entry(registrar, index=index, correspondent=Correspondent(
            name="Строй ЕООД", kind="organisation", eik=factories.VALID_EIK))
        assert entry.correspondent_eik == factories.VALID_EIK


class TestAttachments:
    def test_sha256_size_and_type_are_recorded(self, registrar, index):
        import hashlib

        body = b"%PDF-1.4\nscan of the application\n"
        entry = factories.entry(registrar, index=index, files=[pdf(body=body)])
        attachment = entry.attachments.get()
        assert attachment.sha256 == hashlib.sha256(body).hexdigest()
        assert attachment.size == len(body)
        assert attachment.content_type == "application/pdf"
        with attachment.file.open("rb") as fh:
            assert fh.read() == body

    def test_too_large_file_is_refused_clearly_and_nothing_is_registered(self, registrar, index, settings):
        settings.ATTACHMENT_MAX_BYTES = 10
        with pytest.raises(ValidationFailed) as error:
            factories.entry(registrar, index=index, files=[pdf()])
        message = error.value.fields["attachments"][0]
        assert "scan.pdf" in message and "10" in message  # names the file and the limit
        assert Entry.objects.count() == 0 and CaseFile.objects.count() == 0

    def test_file_type_outside_the_list_is_refused(self, registrar, index):
        with pytest.raises(ValidationFailed) as error:
            factories.entry(registrar, index=index,
                            files=[SimpleUploadedFile("tool.exe", b"MZ\x90\x00", "application/octet-stream")])
        assert "attachments" in error.value.fields

    def test_an_executable_renamed_to_pdf_is_refused(self, registrar, index):
        """DOMAIN 11: executables are not opened blind."""
        with pytest.raises(ValidationFailed) as error:
            factories.entry(registrar, index=index, files=[pdf(name="scan.pdf", body=b"MZ\x90\x00rest")])
        assert "attachments" in error.value.fields


class TestRegister:
    def test_every_registration_appends_a_chained_record(self, registrar, index):
        """The register is hash-chained: each record's hash covers its content and the previous hash."""
        a = factories.entry(registrar, index=index)
        b = factories.entry(registrar, index=index)
        first, second = RegisterRecord.objects.order_by("position")
        assert (first.entry, second.entry) == (a, b)
        assert second.prev_hash == first.hash
        assert verify_register() == ([], 2)

    def test_records_are_append_only_in_the_database(self, registrar, index):
        factories.entry(registrar, index=index)
        with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
            RegisterRecord.objects.update(reason="changed")
        with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
            RegisterRecord.objects.all().delete()

    def test_a_correction_is_a_new_record_pointing_to_what_it_corrects(self, registrar, index):
        entry = factories.entry(registrar, index=index)
        original = entry.records.get()
        record = services.entry_correct(actor=registrar, entry=entry, changes={"subject": "Скица на имот 12"},
                                        reason="грешка при въвеждане")
        entry.refresh_from_db()
        assert entry.subject == "Скица на имот 12"
        assert record.kind == "correction" and record.corrects == original
        assert RegisterRecord.objects.count() == 2
        assert verify_register()[0] == []

    def test_the_number_of_a_registered_document_cannot_be_corrected(self, registrar, index):
        entry = factories.entry(registrar, index=index)
        with pytest.raises(ValidationFailed):
            services.entry_correct(actor=registrar, entry=entry, changes={"number": "94-00-99"}, reason="x")

    def test_a_correction_needs_a_reason(self, registrar, index):
        entry = factories.entry(registrar, index=index)
        with pytest.raises(ValidationFailed):
            services.entry_correct(actor=registrar, entry=entry, changes={"subject": "Друго"}, reason=" ")


class TestAudit:
    def test_registration_and_correction_are_in_the_audit_trail(self, registrar, index):
        entry = factories.entry(registrar, index=index)
        services.entry_correct(actor=registrar, entry=entry, changes={"pages": 3}, reason="преброени отново")
        events = AuditEvent.objects.filter(object_type="registry.entry", object_id=str(entry.pk)).order_by("at", "id")
        assert [e.action for e in events] == ["create", "update"]
        assert events[1].changes["pages"] == [1, 3]
        assert events[1].actor == registrar


class TestSlipByEmail:
    def test_the_sender_gets_the_slip_by_email_with_a_working_tracking_link(
            self, registrar, index, mailoutbox, django_capture_on_commit_callbacks):
        """DOMAIN 2: the citizen receives the register number and a code to check the case online."""
        from urllib.parse import parse_qs, urlparse

        with django_capture_on_commit_callbacks(execute=True):
            entry = factories.entry(registrar, index=index, correspondent=Correspondent(
                name="Мария Георгиева", email="maria@example.bg"))
        assert len(mailoutbox) == 1
        message = mailoutbox[0]
        assert message.to == ["maria@example.bg"]
        assert entry.number in message.subject
        link = next(w for w in message.body.split() if "/track/?" in w)
        query = parse_qs(urlparse(link).query)
        assert query == {"number": [entry.number], "code": [entry.case.tracking_code]}

    def test_an_outgoing_document_sends_no_slip(self, registrar, index, mailoutbox,
                                                django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            factories.entry(registrar, index=index, kind="outgoing", correspondent=Correspondent(
                name="Мария Георгиева", email="maria@example.bg"))
        assert callbacks == []
        assert mailoutbox == []
