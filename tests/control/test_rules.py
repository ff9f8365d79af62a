"""Resolutions and deadline control (DOMAIN.md section 3) through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kancelaria.control import services
from kancelaria.control.models import Assignment, Dispatch, Extension, Resolution, RoutingRule
from kancelaria.core.errors import PermissionRefused, ValidationFailed
from kancelaria.registry.models import CaseMovement, CaseStatus
from kancelaria.registry.selectors import entries_visible
from kancelaria.registry.services import Correspondent, Registration, entry_register
from tests import factories

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 16)


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def register(actor, *, when=None, **overrides):
    overrides.setdefault("index", factories.index())
    return entry_register(actor=actor, registration=factories.registration(**overrides), now=when or at(MONDAY))


def resolve_task(entry):
    return Assignment.objects.get(entry=entry, role=Assignment.Role.RESOLVE)


class TestRouting:
    def test_an_incoming_document_goes_to_the_first_resolver_the_same_day(self, registrar, mayor):
        """DOMAIN 3: incoming documents go the same day to the first resolver."""
        entry = register(registrar)
        task = resolve_task(entry)
        assert task.assignee == mayor and task.status == "open"
        assert task.deadline == MONDAY

    def test_after_half_past_two_it_is_resolved_by_the_next_working_day(self, registrar, mayor):
        """DOMAIN 3: by noon the next day if it arrived after 14:30."""
        friday = dt.date(2026, 11, 20)
        entry = register(registrar, when=at(friday, 15, 0))
        assert resolve_task(entry).deadline == dt.date(2026, 11, 23)  # Monday

    def test_a_routing_rule_by_index_or_type_picks_the_resolver(self, registrar, mayor, head, index):
        RoutingRule.objects.create(index=index, doc_type="", resolver=head)
        assert resolve_task(register(registrar, index=index)).assignee == head
        other = factories.index(code="70-00", name="Сигнали")
        RoutingRule.objects.create(index=None, doc_type="signal", resolver=mayor)
        assert resolve_task(register(registrar, index=other, doc_type="signal")).assignee == mayor

    def test_anonymous_and_outgoing_documents_are_not_routed(self, registrar, mayor):
        register(registrar, is_anonymous=True, correspondent=Correspondent())
        register(registrar, kind="outgoing")
        assert not Assignment.objects.exists()

    def test_a_statutory_period_gives_the_case_its_deadline(self, registrar, mayor):
        """DOMAIN 4: a signal is decided within 2 months of receipt."""
        entry = register(registrar, doc_type="signal")
        entry.case.refresh_from_db()
        assert entry.case.deadline == dt.date(2027, 1, 18)  # 16 Jan 2027 is a Saturday


class TestResolutions:
    def test_without_a_deadline_the_task_is_due_in_seven_days(self, registrar, mayor, expert):
        """DOMAIN 3: with no deadline in the law or the resolution, 7 days of assignment."""
        entry = register(registrar)
        resolution = services.resolution_create(actor=mayor, assignment=resolve_task(entry), kind="execute",
                                                task="Да се подготви скица.", executors=[expert], today=MONDAY)
        assert resolution.deadline == dt.date(2026, 11, 23) and resolution.deadline_basis == "default"
        task = Assignment.objects.get(entry=entry, assignee=expert)
        assert task.is_lead and task.deadline == dt.date(2026, 11, 23)
        assert resolve_task(entry).status == "delegated"
        entry.case.refresh_from_db()
        assert entry.case.status == CaseStatus.IN_PROGRESS and entry.case.holder_unit == expert.unit

    def test_seven_days_ending_on_a_holiday_move_to_the_next_working_day(self, registrar, mayor, expert):
        """DOMAIN 3: if the last day is a non-working day, it ends on the first working day after."""
        entry = register(registrar, when=at(dt.date(2026, 12, 17)))
        resolution = services.resolution_create(actor=mayor, assignment=resolve_task(entry), kind="execute",
                                                task="x", executors=[expert], today=dt.date(2026, 12, 17))
        # 17 Dec + 7 = 24 Dec (Christmas Eve), 25, 26 (Sat), 27 (Sun), 28 (observed) -> 29 Dec
        assert resolution.deadline == dt.date(2026, 12, 29)

    def test_urgent_is_due_the_same_day(self, registrar, mayor, expert):
        """DOMAIN 3: urgent documents are handled the same day."""
        entry = register(registrar)
        resolution = services.resolution_create(actor=mayor, assignment=resolve_task(entry), kind="execute",
                                                task="Спешно", executors=[expert], urgent=True, today=MONDAY)
        assert resolution.deadline == MONDAY

    def test_a_statutory_deadline_applies_and_cannot_be_exceeded(self, registrar, mayor, expert):
        """DOMAIN 3: statutory limits cannot be exceeded."""
        entry = register(registrar, doc_type="info_request")
        task = resolve_task(entry)
        with pytest.raises(ValidationFailed) as error:
            services.resolution_create(actor=mayor, assignment=task, kind="execute", task="x",
                                       executors=[expert], deadline=dt.date(2027, 1, 30), today=MONDAY)
        assert "deadline" in error.value.fields
        resolution = services.resolution_create(actor=mayor, assignment=task, kind="execute", task="x",
                                                executors=[expert], today=MONDAY)
        assert resolution.deadline_basis == "statutory"
        assert resolution.deadline == dt.date(2026, 11, 30)  # 16 + 14 = 30 Nov, a Monday

    def test_co_executors_give_their_opinion_a_working_day_before(self, registrar, mayor, expert, expert2):
        """DOMAIN 3: the others send their opinion to the lead no later than one working day before."""
        entry = register(registrar)
        services.resolution_create(actor=mayor, assignment=resolve_task(entry), kind="execute", task="x",
                                   executors=[expert, expert2], lead=expert2, today=MONDAY)
        lead = Assignment.objects.get(entry=entry, assignee=expert2)
        other = Assignment.objects.get(entry=entry, assignee=expert)
        assert lead.is_lead and not other.is_lead
        assert other.opinion_deadline == dt.date(2026, 11, 20)  # Friday before Monday the 23rd

    def test_resolutions_cascade_down_the_line(self, registrar, mayor, head, expert):
        """DOMAIN 3: resolutions can cascade (mayor -> director -> expert)."""
        entry = register(registrar)
        services.resolution_create(actor=mayor, assignment=resolve_task(entry), kind="execute", task="За изпълнение",
                                   executors=[head], today=MONDAY)
        head_task = Assignment.objects.get(entry=entry, assignee=head)
        child = services.resolution_create(actor=head, assignment=head_task, kind="execute", task="Скица",
                                           executors=[expert], deadline=dt.date(2026, 11, 20), today=MONDAY)
        head_task.refresh_from_db()
        assert head_task.status == "delegated" and child.parent == head_task
        assert Assignment.objects.get(entry=entry, assignee=expert).deadline == dt.date(2026, 11, 20)

    def test_work_passed_further_down_is_not_due_after_the_resolvers_own_deadline(self, registrar, mayor, head,
                                                                                  expert):
        """DOMAIN 3: resolutions cascade within the deadline the resolver himself was given."""
        entry = register(registrar)
        services.resolution_create(actor=mayor, assignment=resolve_task(entry), kind="execute", task="x",
                                   executors=[head], deadline=dt.date(2026, 11, 19), today=MONDAY)
        head_task = Assignment.objects.get(entry=entry, assignee=head)
        with pytest.raises(ValidationFailed) as error:
            services.resolution_create(actor=head, assignment=head_task, kind="execute", task="y",
                                       executors=[expert], deadline=dt.date(2026, 11, 20), today=MONDAY)
        assert "deadline" in error.value.fields
        child = services.resolution_create(actor=head, assignment=head_task, kind="execute", task="y",
                                           executors=[expert], today=MONDAY)
        assert child.deadline == dt.date(2026, 11, 19)  # not the default 23 Nov

    def test_to_file_closes_a_document_that_needs_no_answer(self, registrar, mayor):
        """DOMAIN 3: 'to file' / 'for information' close a document that needs no answer."""
        entry = register(registrar)
        services.resolution_create(actor=mayor, assignment=resolve_task(entry), kind="to_file", today=MONDAY)
        entry.case.refresh_from_db()
        assert entry.case.status == CaseStatus.CLOSED and entry.case.closed_on == MONDAY

    def test_only_the_person_it_is_resolved_to_may_work_on_it(self, registrar, mayor, expert):
        """DOMAIN 3 / issue: employees work only on registered documents resolved to them."""
        entry = register(registrar)
        with pytest.raises(PermissionRefused):
            services.resolution_create(actor=expert, assignment=resolve_task(entry), kind="to_file", today=MONDAY)

    def test_the_executor_sees_the_case_once_it_is_resolved_to_him(self, registrar, mayor, outsider):
        entry = register(registrar)
        assert not entries_visible(outsider).filter(pk=entry.pk).exists()
        services.resolution_create(actor=mayor, assignment=resolve_task(entry), kind="execute", task="x",
                                   executors=[outsider], today=MONDAY)
        assert entries_visible(outsider).filter(pk=entry.pk).exists()


class TestClosing:
    def _answer(self, registrar, entry, channel):
        return entry_register(actor=registrar, now=at(MONDAY, 12), registration=Registration(
            kind="outgoing", doc_type="answer", subject="Отговор", channel=channel, answers=entry,
            correspondent=Correspondent(name="Иван Петров Иванов")))

    def test_an_answer_sent_electronically_closes_the_case(self, registrar, mayor, expert):
        """DOMAIN 3: an outgoing answer closes the case when it is sent electronically."""
        entry = register(registrar)
        services.resolution_create(actor=mayor, assignment=resolve_task(entry), kind="execute", task="x",
                                   executors=[expert], today=MONDAY)
        self._answer(registrar, entry, "e_delivery")
        entry.case.refresh_from_db()
        assert entry.case.status == CaseStatus.CLOSED
        assert not Assignment.objects.filter(case=entry.case, status="open").exists()

    def test_a_paper_answer_closes_the_case_when_it_is_handed_over(self, registrar, mayor, expert):
        """DOMAIN 3: ... or when it is handed over (name, signature, date of the recipient)."""
        entry = register(registrar)
        answer = self._answer(registrar, entry, "desk")
        entry.case.refresh_from_db()
        assert entry.case.status == CaseStatus.ANSWERED and not entry.case.is_finished
        with pytest.raises(ValidationFailed) as error:
            services.entry_dispatch(actor=registrar, entry=answer, method="handover", on=MONDAY)
        assert "recipient_name" in error.value.fields
        services.entry_dispatch(actor=registrar, entry=answer, method="handover", on=MONDAY,
                                recipient_name="Иван Петров Иванов")
        entry.case.refresh_from_db()
        assert entry.case.status == CaseStatus.CLOSED and entry.case.closed_on == MONDAY
        assert Dispatch.objects.get(entry=answer).recipient_name == "Иван Петров Иванов"


class TestExtensions:
    def _resolved(self, registrar, mayor, expert, **kwargs):
        entry = register(registrar, correspondent=Correspondent(name="Мария Георгиева", email="maria@example.bg"),
                         **kwargs)
        return services.resolution_create(actor=mayor, assignment=resolve_task(entry), kind="execute", task="x",
                                          executors=[expert], today=MONDAY)

    def test_the_resolver_extends_with_a_reason_and_the_sender_is_told(
            self, registrar, mayor, expert, mailoutbox, django_capture_on_commit_callbacks):
        """DOMAIN 3: the resolver may extend (recorded, with the interested person told)."""
        resolution = self._resolved(registrar, mayor, expert)
        with django_capture_on_commit_callbacks(execute=True):
            extension = services.deadline_extend(actor=mayor, resolution=resolution,
                                                 new_deadline=dt.date(2026, 11, 30), reason="Нужна е проверка на място",
                                                 today=MONDAY)
        assert extension.by == Extension.By.RESOLVER and extension.old_deadline == dt.date(2026, 11, 23)
        assert Assignment.objects.get(resolution=resolution).deadline == dt.date(2026, 11, 30)
        resolution.case.refresh_from_db()
        assert resolution.case.deadline == dt.date(2026, 11, 30)
        assert resolution.case.movements.filter(action=CaseMovement.Action.EXTENDED).exists()
        assert [m.to for m in mailoutbox if "30.11.2026" in m.body] == [["maria@example.bg"]]

    def test_the_direct_manager_extends_only_on_the_executors_memo(self, registrar, mayor, head, expert):
        """DOMAIN 3: the direct manager may change it only after a written memo from the executor."""
        resolution = self._resolved(registrar, mayor, expert)
        with pytest.raises(ValidationFailed) as error:
            services.deadline_extend(actor=head, resolution=resolution, new_deadline=dt.date(2026, 11, 27),
                                     reason="Голям обем", today=MONDAY)
        assert "memo" in error.value.fields
        memo = SimpleUploadedFile("memo.pdf", b"%PDF-1.4 memo", content_type="application/pdf")
        extension = services.deadline_extend(actor=head, resolution=resolution, new_deadline=dt.date(2026, 11, 27),
                                             reason="Голям обем", memo=memo, today=MONDAY)
        assert extension.by == Extension.By.MANAGER and extension.memo_sha256

    def test_someone_else_cannot_extend(self, registrar, mayor, expert, expert2):
        resolution = self._resolved(registrar, mayor, expert)
        with pytest.raises(PermissionRefused):
            services.deadline_extend(actor=expert2, resolution=resolution, new_deadline=dt.date(2026, 11, 27),
                                     reason="x", today=MONDAY)

    def test_an_extension_past_the_statutory_limit_is_refused(self, registrar, mayor, expert):
        """DOMAIN 4: a signal's deadline may be extended by no more than 2 more months."""
        resolution = self._resolved(registrar, mayor, expert, doc_type="signal")
        assert resolution.statutory_limit == dt.date(2027, 3, 16)
        with pytest.raises(ValidationFailed) as error:
            services.deadline_extend(actor=mayor, resolution=resolution, new_deadline=dt.date(2027, 3, 17),
                                     reason="x", today=MONDAY)
        assert "new_deadline" in error.value.fields
        services.deadline_extend(actor=mayor, resolution=resolution, new_deadline=dt.date(2027, 3, 16),
                                 reason="Особено важни причини", today=MONDAY)


class TestAbsence:
    def test_the_substitute_sees_and_works_the_absent_employees_tasks(self, registrar, mayor, expert, expert2):
        """DOMAIN 3: a substitute takes over an absent employee's documents."""
        from kancelaria.control.selectors import inbox

        entry = register(registrar)
        services.resolution_create(actor=mayor, assignment=resolve_task(entry), kind="execute", task="x",
                                   executors=[expert], today=MONDAY)
        services.absence_record(actor=expert, employee=expert, first_day=MONDAY, last_day=dt.date(2026, 11, 18),
                                substitute=expert2)
        task = Assignment.objects.get(entry=entry, assignee=expert)
        assert list(inbox(expert2, today=MONDAY)) == [task]
        assert list(inbox(expert2, today=dt.date(2026, 11, 19))) == []
        services.assignment_complete(actor=expert2, assignment=task, note="Изпълнено от заместника", today=MONDAY)
        task.refresh_from_db()
        assert task.status == "done"

    def test_after_five_working_days_the_manager_reassigns_urgent_tasks(self, registrar, mayor, head, expert, expert2):
        """DOMAIN 3: after more than 5 working days of absence the manager may reassign urgent tasks."""
        entry = register(registrar)
        services.resolution_create(actor=mayor, assignment=resolve_task(entry), kind="execute", task="x",
                                   executors=[expert], urgent=True, today=MONDAY)
        short = services.absence_record(actor=head, employee=expert, first_day=MONDAY,
                                        last_day=dt.date(2026, 11, 20), substitute=expert2)
        with pytest.raises(ValidationFailed):
            services.absence_reassign_urgent(actor=head, absence=short, to=expert2, today=MONDAY)
        short.last_day = dt.date(2026, 11, 23)  # six working days
        short.save()
        moved = services.absence_reassign_urgent(actor=head, absence=short, to=expert2, today=MONDAY)
        assert [a.assignee for a in moved] == [expert2]
        assert Assignment.objects.get(entry=entry, assignee=expert).status == "reassigned"


class TestResolutionModel:
    def test_resolution_names_executors_task_deadline_date_and_resolver(self, registrar, mayor, expert):
        """DOMAIN 3: a resolution names the executor(s), the task, the deadline, the date and the resolver."""
        entry = register(registrar)
        r = services.resolution_create(actor=mayor, assignment=resolve_task(entry), kind="execute",
                                       task="Да се подготви отговор", executors=[expert], today=MONDAY)
        r = Resolution.objects.get(pk=r.pk)
        assert (r.resolver, r.task, r.resolved_on, r.deadline) == (mayor, "Да се подготви отговор", MONDAY,
                                                                   dt.date(2026, 11, 23))
        assert [a.assignee for a in r.assignments.all()] == [expert]
