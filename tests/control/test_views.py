"""The work pages (DOMAIN.md section 3) through the views: the inbox, one task with its
resolution form, execution, extensions, dispatch of answers, absences and routing rules.

Pages are asked for in English (tests/english.py), so the checks read English text.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kancelaria.audit.models import AuditEvent
from kancelaria.control import services
from kancelaria.control.models import (
    Absence,
    Assignment,
    AssignmentNote,
    Dispatch,
    Extension,
    RoutingRule,
)
from kancelaria.control.templatetags.control_tags import deadline_state
from kancelaria.registry.models import CaseStatus
from kancelaria.registry.services import Correspondent, Registration, entry_register
from kancelaria.workcalendar.selectors import office_calendar
from tests import factories
from tests.english import _english, client  # noqa: F401

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
Action = AuditEvent.Action


def pdf(name="draft.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def admin_user(org):
    return factories.user("admin", role="administrator", unit=org["municipality"])


@pytest.fixture
def as_user(client):  # noqa: F811
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def incoming(registrar, mayor, index):
    """An application registered at the desk: routed to the mayor to resolve."""
    return factories.entry(registrar, subject="Искане за скица на имот",
                           correspondent=Correspondent(name="Иван Петров Иванов", kind="person",
                                                       egn=factories.VALID_EGN, email="ivan@example.bg"))


def resolve_task(entry) -> Assignment:
    return Assignment.objects.get(entry=entry, role=Assignment.Role.RESOLVE)


def task_of(entry, user) -> Assignment:
    return Assignment.objects.get(entry=entry, assignee=user, status="open")


def resolution_data(lead=None, others=(), **overrides) -> dict:
    data = {"resolution-kind": "execute", "resolution-task": "Да се подготви скица.",
            "resolution-lead": str(lead.pk) if lead else "", "resolution-deadline": ""}
    if others:
        data["resolution-others"] = [str(u.pk) for u in others]
    data.update(overrides)
    return data


def resolve(client, task, **kwargs):  # noqa: F811
    return client.post(reverse("control:resolve", args=[task.pk]), resolution_data(**kwargs))


def assign_to(mayor, entry, *executors, **kwargs):
    return services.resolution_create(actor=mayor, assignment=resolve_task(entry), kind="execute",
                                      task="Да се подготви отговор.", executors=list(executors), **kwargs)


# --------------------------------------------------------------------------- the inbox

class TestInbox:
    def test_the_first_resolver_sees_the_document_to_resolve(self, as_user, mayor, incoming):
        """DOMAIN 3: incoming documents go the same day to the first resolver."""
        # Given an application routed to the mayor; when he opens My work
        response = as_user(mayor).get(reverse("control:inbox"))
        body = response.content.decode()
        # Then it is listed under "To resolve" with its number (a link to the card), subject and case
        groups = dict(response.context["groups"])
        assert [a.entry for a in groups["resolve"]] == [incoming]
        assert reverse("registry:entry", args=[incoming.pk]) in body
        assert incoming.subject in body and incoming.case.number in body
        assert reverse("control:assignment", args=[resolve_task(incoming).pk]) in body
        # and the navigation counts his open task
        assert 'data-work-count="1"' in body

    def test_lead_and_co_executors_are_told_apart_with_the_opinion_deadline(
            self, as_user, mayor, expert, expert2, incoming):
        """DOMAIN 3: the lead leads; the others give their opinion a working day before the deadline."""
        # Given a resolution to two executors, expert2 leading
        resolution = assign_to(mayor, incoming, expert, expert2, lead=expert2)
        opinion = task_of(incoming, expert).opinion_deadline
        # When each opens his inbox
        lead_groups = dict(as_user(expert2).get(reverse("control:inbox")).context["groups"])
        page = as_user(expert).get(reverse("control:inbox"))
        groups = dict(page.context["groups"])
        # Then the lead sees it to execute, the co-executor as an opinion with its own deadline
        assert [a.entry for a in lead_groups["lead"]] == [incoming] and not lead_groups["opinion"]
        assert [a.entry for a in groups["opinion"]] == [incoming] and not groups["lead"]
        assert opinion < resolution.deadline
        assert opinion.strftime("%d.%m.%Y") in page.content.decode()

    def test_deadline_states(self):
        """Overdue (red), due today, due within 3 working days, on time."""
        today = dt.date(2026, 11, 16)
        soon = dt.date(2026, 11, 19)
        assert deadline_state(dt.date(2026, 11, 13), today, soon) == "overdue"
        assert deadline_state(today, today, soon) == "today"
        assert deadline_state(soon, today, soon) == "soon"
        assert deadline_state(dt.date(2026, 11, 20), today, soon) == "on_time"
        assert deadline_state(None, today, soon) == "none"

    def test_rows_carry_their_deadline_tag(self, as_user, mayor, expert, registrar, index):
        # Given four tasks of the expert: overdue, due today, due soon and on time
        today = timezone.localdate()
        calendar = office_calendar()
        deadlines = [today - dt.timedelta(days=2), today, calendar.add_working_days(today, 2),
                     calendar.add_working_days(today, 10)]
        for day in deadlines:
            entry = factories.entry(registrar)
            assign_to(mayor, entry, expert)
            Assignment.objects.filter(entry=entry, assignee=expert).update(deadline=day)
        # When he opens My work
        response = as_user(expert).get(reverse("control:inbox"))
        body = response.content.decode()
        # Then each row is tagged by its state, the overdue one first and red
        rows = dict(response.context["groups"])["lead"]
        assert [r.state for r in rows] == ["overdue", "today", "soon", "on_time"]
        assert 'govuk-tag--red" data-deadline-state="overdue"' in body
        for state in ("today", "soon", "on_time"):
            assert f'data-deadline-state="{state}"' in body

    def test_the_query_count_does_not_grow_with_the_rows(
            self, as_user, mayor, expert, expert2, registrar, index, django_assert_max_num_queries):
        # Given the expert substitutes expert2 and both have tasks
        today = timezone.localdate()
        services.absence_record(actor=expert2, employee=expert2, first_day=today, last_day=today, substitute=expert)
        for person in (expert, expert2):
            assign_to(mayor, factories.entry(registrar), person)
        client = as_user(expert)  # noqa: F811
        client.get(reverse("control:inbox"))
        with django_assert_max_num_queries(20) as few:
            client.get(reverse("control:inbox"))
        # When eight more tasks arrive
        for n in range(4):
            for person in (expert, expert2):
                assign_to(mayor, factories.entry(registrar, subject=f"Документ {n}"), person)
        # Then the page needs no more queries
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(reverse("control:inbox"))
        assert response.context["count"] == 10

    def test_login_is_required(self, client):  # noqa: F811
        response = client.get(reverse("control:inbox"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --------------------------------------------------------------------------- resolving

class TestResolve:
    def test_resolve_execute_and_close_the_task(self, as_user, mayor, head, expert, incoming):
        """DOMAIN 3: mayor -> head -> expert (cascade), the expert notes and marks done."""
        # Given the mayor's task; when he resolves it to the head
        client = as_user(mayor)  # noqa: F811
        page = client.get(reverse("control:assignment", args=[resolve_task(incoming).pk]))
        assert page.status_code == 200 and page.context["resolution_form"] is not None
        response = resolve(client, resolve_task(incoming), lead=head)
        # Then he is back at his inbox with a success banner, and the head has the task
        assert response.status_code == 302 and response["Location"] == reverse("control:inbox")
        banner = client.get(response["Location"]).content.decode()
        assert f"The resolution on {incoming.number} was recorded." in banner
        head_task = task_of(incoming, head)
        assert head_task.is_lead and resolve_task(incoming).status == "delegated"

        # When the head, himself a manager, resolves further to the expert with a date
        client = as_user(head)
        page = client.get(reverse("control:assignment", args=[head_task.pk]))
        assert page.context["cascade"] is True
        deadline = office_calendar().add_working_days(timezone.localdate(), 2)
        response = resolve(client, head_task, lead=expert, **{"resolution-deadline": deadline.isoformat()})
        assert response.status_code == 302
        head_task.refresh_from_db()
        expert_task = task_of(incoming, expert)
        assert head_task.status == "delegated" and expert_task.deadline == deadline

        # When the expert adds a note with a draft and marks the task done
        client = as_user(expert)
        page = client.get(reverse("control:assignment", args=[expert_task.pk]))
        assert page.context["note_form"] is not None and "resolution_form" not in page.context
        chain = page.context["chain"]
        assert [r.resolver for r in chain] == [mayor, head]
        response = client.post(reverse("control:note", args=[expert_task.pk]),
                               {"note-text": "Скицата е готова.", "note-file": pdf()})
        assert response.status_code == 302
        note = AssignmentNote.objects.get(assignment=expert_task)
        assert note.original_name == "draft.pdf" and note.sha256
        response = client.post(reverse("control:complete", args=[expert_task.pk]), {"complete-note": ""})
        # Then the task is done and the inbox says so
        assert response.status_code == 302
        expert_task.refresh_from_db()
        assert expert_task.status == "done"
        assert f"The task on {incoming.number} is marked done." in client.get(response["Location"]).content.decode()

    def test_to_file_closes_the_case(self, as_user, mayor, incoming):
        """DOMAIN 3: "to file" closes a document that needs no answer."""
        response = resolve(as_user(mayor), resolve_task(incoming), **{"resolution-kind": "to_file",
                                                                       "resolution-task": ""})
        assert response.status_code == 302
        incoming.case.refresh_from_db()
        assert incoming.case.status == CaseStatus.CLOSED

    def test_several_executors_the_lead_chosen(self, as_user, mayor, expert, expert2, incoming):
        """DOMAIN 3: several executors; the one named as lead leads."""
        resolve(as_user(mayor), resolve_task(incoming), lead=expert2, others=[expert])
        assert task_of(incoming, expert2).is_lead
        assert task_of(incoming, expert).opinion_deadline is not None

    def test_a_resolution_without_executor_is_a_field_error(self, as_user, mayor, incoming):
        # When the mayor resolves for execution but names nobody
        response = resolve(as_user(mayor), resolve_task(incoming))
        # Then the form says so at the executor field, and nothing is recorded
        assert response.status_code == 200
        assert response.context["resolution_form"].errors["lead"] == ["Name at least one executor."]
        body = response.content.decode()
        assert "govuk-error-summary" in body and 'href="#id_resolution-lead"' in body
        assert resolve_task(incoming).status == "open"

    def test_a_deadline_beyond_the_law_is_refused(self, as_user, mayor, expert, registrar, index):
        """DOMAIN 3: statutory limits cannot be exceeded."""
        entry = factories.entry(registrar, doc_type="info_request")
        too_late = timezone.localdate() + dt.timedelta(days=60)
        response = resolve(as_user(mayor), resolve_task(entry), lead=expert,
                           **{"resolution-deadline": too_late.isoformat()})
        assert response.status_code == 200
        assert "The law allows no later than" in response.context["resolution_form"].errors["deadline"][0]

    def test_the_page_explains_the_default_deadline(self, as_user, mayor, expert, incoming):
        """DOMAIN 3: with no deadline in the law or the resolution, 7 days; the page explains it."""
        resolution = assign_to(mayor, incoming, expert)
        body = as_user(expert).get(reverse("control:assignment", args=[task_of(incoming, expert).pk])).content.decode()
        assert resolution.deadline_basis == "default"
        assert "7 days from the assignment" in body
        assert "How the deadline was counted" in body
        assert "7 days, counted from the day after the start" in body
        assert f"Due: {resolution.deadline:%d.%m.%Y}" in body

    def test_the_correspondent_egn_is_masked_for_the_executor(self, as_user, mayor, expert, incoming):
        assign_to(mayor, incoming, expert)
        response = as_user(expert).get(reverse("control:assignment", args=[task_of(incoming, expert).pk]))
        assert factories.VALID_EGN not in response.content.decode()
        assert response.context["correspondent_egn"] != factories.VALID_EGN

    def test_an_executor_who_is_no_manager_cannot_resolve_further(self, as_user, mayor, expert, expert2, incoming):
        assign_to(mayor, incoming, expert)
        task = task_of(incoming, expert)
        response = resolve(as_user(expert), task, lead=expert2)
        assert response.status_code == 403
        assert not Assignment.objects.filter(assignee=expert2).exists()


# --------------------------------------------------------------------------- who may see and act

class TestPermissions:
    def test_outside_the_need_to_know_is_404(self, as_user, mayor, outsider, incoming):
        task = resolve_task(incoming)
        client = as_user(outsider)  # noqa: F811
        assert client.get(reverse("control:assignment", args=[task.pk])).status_code == 404
        assert resolve(client, task, lead=outsider).status_code == 404

    def test_a_colleague_who_sees_the_case_gets_403_and_it_is_audited(
            self, as_user, mayor, expert, expert2, incoming):
        """Employees work only on documents resolved to them (or to whom they substitute)."""
        # Given expert2, co-executor on the same document, and the expert's lead task
        assign_to(mayor, incoming, expert, expert2)
        task = task_of(incoming, expert)
        client = as_user(expert2)  # noqa: F811
        # When expert2 opens or completes the expert's task
        assert client.get(reverse("control:assignment", args=[task.pk])).status_code == 403
        response = client.post(reverse("control:complete", args=[task.pk]), {"complete-note": ""})
        # Then both are refused, recorded in the audit trail, and the task stays open
        assert response.status_code == 403
        assert AuditEvent.objects.filter(action=Action.DENIED, actor=expert2).count() == 2
        task.refresh_from_db()
        assert task.is_open

    def test_the_resolver_reads_the_task_but_cannot_act(self, as_user, mayor, expert, incoming):
        assign_to(mayor, incoming, expert)
        task = task_of(incoming, expert)
        client = as_user(mayor)  # noqa: F811
        page = client.get(reverse("control:assignment", args=[task.pk]))
        assert page.status_code == 200 and "note_form" not in page.context
        assert page.context["extension_form"] is not None
        assert client.post(reverse("control:note", args=[task.pk]), {"note-text": "x"}).status_code == 403

    def test_the_draft_download_is_audited(self, as_user, mayor, expert, outsider, incoming):
        # Given a draft on the expert's task
        assign_to(mayor, incoming, expert)
        note = services.assignment_note(actor=expert, assignment=task_of(incoming, expert), file=pdf())
        # When the expert downloads it
        response = as_user(expert).get(reverse("control:draft", args=[note.pk]))
        # Then the file streams as an attachment and the download is recorded
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert AuditEvent.objects.filter(action=Action.DOWNLOAD, actor=expert,
                                         object_type="control.assignmentnote").exists()
        # and someone outside the need to know gets 404
        assert as_user(outsider).get(reverse("control:draft", args=[note.pk])).status_code == 404


# --------------------------------------------------------------------------- extensions

    def test_co_executors_download_each_others_drafts(self, as_user, mayor, expert, expert2, incoming):
        """DOMAIN 3: co-executors send their opinion to the lead and co-sign the common document."""
        # Given a draft of the co-executor
        assign_to(mayor, incoming, expert, expert2)
        note = services.assignment_note(actor=expert2, assignment=task_of(incoming, expert2), file=pdf())
        # When the lead opens his task, the draft is listed and downloads
        page = as_user(expert).get(reverse("control:assignment", args=[task_of(incoming, expert).pk]))
        assert reverse("control:draft", args=[note.pk]) in page.content.decode()
        assert as_user(expert).get(reverse("control:draft", args=[note.pk])).status_code == 200


class TestExtensions:
    def test_the_resolver_extends_and_the_case_page_lists_it(self, as_user, mayor, expert, incoming, mailoutbox,
                                                             django_capture_on_commit_callbacks):
        """DOMAIN 3: the resolver may extend (recorded, with the interested person told)."""
        resolution = assign_to(mayor, incoming, expert)
        task = task_of(incoming, expert)
        new = office_calendar().next_working_day(resolution.deadline + dt.timedelta(days=7))
        client = as_user(mayor)  # noqa: F811
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("control:extend", args=[resolution.pk]), {
                "extend-new_deadline": new.isoformat(), "extend-reason": "Нужна е проверка на място",
                "extend-assignment": str(task.pk)})
        assert response.status_code == 302 and response["Location"] == reverse("control:assignment", args=[task.pk])
        task.refresh_from_db()
        assert task.deadline == new
        extension = Extension.objects.get(resolution=resolution)
        assert extension.by == "resolver" and extension.citizen_notified
        assert [m.to for m in mailoutbox] == [["ivan@example.bg"]]
        # The case page lists the extension: old -> new, who, why
        case_page = client.get(reverse("registry:case", args=[incoming.case_id])).content.decode()
        assert f"{resolution.deadline:%d.%m.%Y} → {new:%d.%m.%Y}" in case_page
        assert "Нужна е проверка на място" in case_page

    def test_the_direct_manager_extends_only_with_the_memo(self, as_user, mayor, head, expert, incoming):
        """DOMAIN 3: the direct manager may change it only after a written memo from the executor."""
        resolution = assign_to(mayor, incoming, expert)
        task = task_of(incoming, expert)
        client = as_user(head)  # noqa: F811
        page = client.get(reverse("control:assignment", args=[task.pk]))
        assert "memo" in page.context["extension_form"].fields
        new = office_calendar().next_working_day(resolution.deadline + dt.timedelta(days=3))
        data = {"extend-new_deadline": new.isoformat(), "extend-reason": "Голям обем"}
        refused = client.post(reverse("control:extend", args=[resolution.pk]), data)
        assert refused.status_code == 200 and "memo" in refused.context["form"].errors
        done = client.post(reverse("control:extend", args=[resolution.pk]), {**data, "extend-memo": pdf("memo.pdf")})
        assert done.status_code == 302
        assert Extension.objects.get(resolution=resolution).by == "manager"

    def test_someone_else_cannot_extend(self, as_user, mayor, expert, expert2, incoming):
        resolution = assign_to(mayor, incoming, expert, expert2)
        response = as_user(expert2).post(reverse("control:extend", args=[resolution.pk]),
                                         {"extend-new_deadline": "2099-01-01", "extend-reason": "x"})
        assert response.status_code == 403
        assert not Extension.objects.exists()

    def test_the_form_shows_the_statutory_limit(self, as_user, mayor, expert, registrar, index):
        """DOMAIN 3: statutory limits cannot be exceeded; the form names the limit."""
        entry = factories.entry(registrar, doc_type="info_request")
        resolution = assign_to(mayor, entry, expert)
        page = as_user(mayor).get(reverse("control:extend", args=[resolution.pk])).content.decode()
        assert f"The law allows no later than {resolution.statutory_limit:%d.%m.%Y}." in page


# --------------------------------------------------------------------------- dispatch

class TestDispatch:
    def _answer(self, registrar, entry, channel="desk"):
        return entry_register(actor=registrar, registration=Registration(
            kind="outgoing", doc_type="answer", subject="Отговор", channel=channel, answers=entry,
            correspondent=Correspondent(name="Иван Петров Иванов")))

    def test_handover_closes_the_case(self, as_user, registrar, mayor, expert, incoming):
        """DOMAIN 3: an answer closes the case when it is handed over (name and date recorded)."""
        answer = self._answer(registrar, incoming)
        client = as_user(registrar)  # noqa: F811
        card = client.get(reverse("registry:entry", args=[answer.pk])).content.decode()
        assert reverse("control:dispatch", args=[answer.pk]) in card and 'id="conditional-dispatch-handover"' in card
        today = timezone.localdate().isoformat()
        missing = client.post(reverse("control:dispatch", args=[answer.pk]),
                              {"dispatch-method": "handover", "dispatch-on": today, "dispatch-recipient_name": ""})
        assert missing.status_code == 200
        assert missing.context["form"].errors["recipient_name"] == ["Enter the name of the person who received it."]
        done = client.post(reverse("control:dispatch", args=[answer.pk]),
                           {"dispatch-method": "handover", "dispatch-on": today,
                            "dispatch-recipient_name": "Иван Петров Иванов"})
        assert done.status_code == 302 and done["Location"] == reverse("registry:entry", args=[answer.pk])
        incoming.case.refresh_from_db()
        assert incoming.case.status == CaseStatus.CLOSED
        card = client.get(done["Location"]).content.decode()
        assert 'id="dispatch-record"' in card and "Иван Петров Иванов" in card
        assert reverse("control:dispatch", args=[answer.pk]) not in card

    def test_only_the_desk_records_a_dispatch(self, as_user, registrar, mayor, controller, incoming):
        answer = self._answer(registrar, incoming)
        response = as_user(controller).post(reverse("control:dispatch", args=[answer.pk]),
                                            {"dispatch-method": "post", "dispatch-on": timezone.localdate()})
        assert response.status_code == 403 and not Dispatch.objects.exists()


# --------------------------------------------------------------------------- absences

class TestAbsences:
    def test_the_substitute_sees_and_works_the_absent_experts_task(self, as_user, mayor, expert, expert2, incoming):
        """DOMAIN 3: a substitute takes over an absent employee's documents."""
        assign_to(mayor, incoming, expert)
        today = timezone.localdate()
        # When the expert records his own absence with expert2 as substitute
        response = as_user(expert).post(reverse("control:absences"), {
            "absence-employee": str(expert.pk), "absence-first_day": today.isoformat(),
            "absence-last_day": (today + dt.timedelta(days=2)).isoformat(),
            "absence-substitute": str(expert2.pk), "absence-reason": "отпуск"})
        assert response.status_code == 302
        # Then expert2's inbox lists the task "as substitute for" the expert
        client = as_user(expert2)  # noqa: F811
        inbox = client.get(reverse("control:inbox"))
        rows = dict(inbox.context["groups"])["lead"]
        assert [r.entry for r in rows] == [incoming] and rows[0].standing_in is not None
        assert "as substitute for" in inbox.content.decode()
        # and he may complete it
        task = task_of(incoming, expert)
        assert client.post(reverse("control:complete", args=[task.pk]), {"complete-note": ""}).status_code == 302
        task.refresh_from_db()
        assert task.status == "done"

    def test_an_employee_records_only_his_own_absence(self, as_user, expert, expert2, org):
        other = factories.user("other", role="executor", unit=org["planning"])
        today = timezone.localdate().isoformat()
        response = as_user(expert).post(reverse("control:absences"), {
            "absence-employee": str(other.pk), "absence-first_day": today, "absence-last_day": today,
            "absence-substitute": str(expert2.pk)})
        assert response.status_code == 200
        assert "employee" in response.context["form"].errors
        assert not Absence.objects.exists()

    def test_the_manager_reassigns_urgent_tasks_after_five_working_days(self, as_user, mayor, head, expert, expert2,
                                                                       incoming):
        """DOMAIN 3: after more than 5 working days of absence the manager may reassign urgent tasks."""
        assign_to(mayor, incoming, expert, urgent=True)
        today = timezone.localdate()
        last = office_calendar().add_working_days(today, 7)
        absence = services.absence_record(actor=head, employee=expert, first_day=today, last_day=last,
                                          substitute=expert2)
        client = as_user(head)  # noqa: F811
        page = client.get(reverse("control:absences"))
        row = next(r for r in page.context["rows"] if r.pk == absence.pk)
        assert row.may_reassign and row.urgent == 1
        assert "Reassign 1 urgent task" in page.content.decode()
        response = client.post(reverse("control:absence_reassign", args=[absence.pk]),
                               {f"reassign-{absence.pk}-to": str(expert2.pk)})
        assert response.status_code == 302
        assert task_of(incoming, expert2).reassigned_from is not None
        assert Assignment.objects.get(entry=incoming, assignee=expert).status == "reassigned"

    def test_an_employee_cannot_reassign(self, as_user, mayor, head, expert, expert2, incoming):
        assign_to(mayor, incoming, expert, urgent=True)
        today = timezone.localdate()
        absence = services.absence_record(actor=head, employee=expert, first_day=today,
                                          last_day=office_calendar().add_working_days(today, 7), substitute=expert2)
        response = as_user(expert2).post(reverse("control:absence_reassign", args=[absence.pk]),
                                         {f"reassign-{absence.pk}-to": str(expert2.pk)})
        assert response.status_code == 403
        assert task_of(incoming, expert).is_open

    def test_the_list_query_count_is_constant(self, as_user, head, org, django_assert_max_num_queries):
        # Given a manager and absences in his units
        today = timezone.localdate()
        people = [factories.user(f"worker{n}", role="executor", unit=org["planning"]) for n in range(12)]
        for n in range(2):
            services.absence_record(actor=head, employee=people[n], first_day=today,
                                    last_day=today + dt.timedelta(days=10), substitute=people[-1])
        client = as_user(head)  # noqa: F811
        client.get(reverse("control:absences"))
        with django_assert_max_num_queries(20) as few:
            client.get(reverse("control:absences"))
        for n in range(2, 10):
            services.absence_record(actor=head, employee=people[n], first_day=today,
                                    last_day=today + dt.timedelta(days=10), substitute=people[-1])
        # When the list has five times as many rows, it needs no more queries
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(reverse("control:absences"))
        assert len(response.context["rows"]) == 10


# --------------------------------------------------------------------------- routing rules

class TestRouting:
    def test_administrators_add_and_delete_rules_audited(self, as_user, admin_user, head, index):
        client = as_user(admin_user)  # noqa: F811
        assert client.get(reverse("control:routing")).status_code == 200
        response = client.post(reverse("control:routing"), {"rule-index": str(index.pk), "rule-doc_type": "",
                                                            "rule-resolver": str(head.pk)})
        assert response.status_code == 302
        rule = RoutingRule.objects.get()
        assert rule.index == index and rule.resolver == head
        assert AuditEvent.objects.filter(action=Action.CREATE, object_type="control.routingrule").exists()
        # The same index and type again is a clear error
        again = client.post(reverse("control:routing"), {"rule-index": str(index.pk), "rule-doc_type": "",
                                                         "rule-resolver": str(head.pk)})
        assert again.status_code == 200
        assert "exists already" in str(again.context["form"].errors)
        # Deleting
        assert client.post(reverse("control:routing_delete", args=[rule.pk])).status_code == 302
        assert not RoutingRule.objects.exists()
        assert AuditEvent.objects.filter(action=Action.DELETE, object_type="control.routingrule").exists()

    def test_a_rule_routes_the_next_document(self, as_user, admin_user, registrar, mayor, head, index):
        """DOMAIN 3: incoming documents go to the first resolver named by the routing."""
        as_user(admin_user).post(reverse("control:routing"), {"rule-index": "", "rule-doc_type": "signal",
                                                              "rule-resolver": str(head.pk)})
        entry = factories.entry(registrar, doc_type="signal")
        assert resolve_task(entry).assignee == head

    def test_others_are_refused(self, as_user, mayor, head):
        client = as_user(mayor)  # noqa: F811
        assert client.get(reverse("control:routing")).status_code == 403
        assert client.post(reverse("control:routing"), {"rule-resolver": str(head.pk)}).status_code == 403
        assert not RoutingRule.objects.exists()

    def test_the_list_query_count_is_constant(self, as_user, admin_user, head, django_assert_max_num_queries):
        client = as_user(admin_user)  # noqa: F811
        RoutingRule.objects.create(doc_type="signal", resolver=head)
        client.get(reverse("control:routing"))
        with django_assert_max_num_queries(20) as few:
            client.get(reverse("control:routing"))
        for code in ("complaint", "proposal", "application", "letter"):
            RoutingRule.objects.create(doc_type=code, resolver=head)
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(reverse("control:routing"))


# --------------------------------------------------------------------------- the case and entry pages

class TestRegistryPages:
    def test_the_case_page_shows_resolutions_and_a_link_to_work(self, as_user, mayor, expert, expert2, incoming):
        assign_to(mayor, incoming, expert, expert2)
        task = task_of(incoming, expert)
        body = as_user(expert).get(reverse("registry:case", args=[incoming.case_id])).content.decode()
        assert "Resolutions and tasks" in body and "Да се подготви отговор." in body
        assert str(expert2) in body and "lead executor" in body
        assert f'data-work-on="{task.pk}"' in body

    def test_the_entry_page_shows_the_pending_resolution(self, as_user, mayor, registrar, incoming):
        body = as_user(registrar).get(reverse("registry:entry", args=[incoming.pk])).content.decode()
        assert "Waiting for the resolution of" in body

    def test_the_case_page_query_count_does_not_grow_with_resolutions(
            self, as_user, mayor, head, expert, expert2, registrar, incoming, django_assert_max_num_queries):
        # Given a case with a cascade of resolutions, a note and an extension
        resolution = assign_to(mayor, incoming, head)
        services.resolution_create(actor=head, assignment=task_of(incoming, head), kind="execute", task="x",
                                   executors=[expert, expert2])
        services.assignment_note(actor=expert, assignment=task_of(incoming, expert), text="бележка")
        services.deadline_extend(actor=mayor, resolution=resolution, reason="x",
                                 new_deadline=resolution.deadline + dt.timedelta(days=7))
        client = as_user(registrar)  # noqa: F811
        url = reverse("registry:case", args=[incoming.case_id])
        client.get(url)
        with django_assert_max_num_queries(60) as few:
            client.get(url)
        # When a later document of the case is resolved to three more executors, with notes
        later = factories.entry(registrar, case=incoming.case, subject="Допълнение")
        assign_to(mayor, later, expert, expert2, head)
        for person in (expert, expert2):
            services.assignment_note(actor=person, assignment=task_of(later, person), text="бележка")
        # Then the case page needs no more queries
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(url)
        assert len(response.content.decode().split("data-resolution=")) == 4


class TestNavigation:
    def test_my_work_for_every_staff_member_with_its_count(self, as_user, mayor, expert, registrar, incoming):
        # Given the mayor with one document to resolve
        mayor_page = as_user(mayor).get(reverse("registry:entries")).content.decode()
        # Then every staff member has My work, the mayor with his count and the control dashboard
        assert f'href="{reverse("control:inbox")}"' in mayor_page and 'data-work-count="1"' in mayor_page
        assert f'href="{reverse("control:dashboard")}"' in mayor_page
        expert_page = as_user(expert).get(reverse("registry:entries")).content.decode()
        assert 'data-work-count="0"' in expert_page
        assert f'href="{reverse("control:dashboard")}"' not in expert_page

    def test_the_count_follows_the_users_own_actions(self, as_user, mayor, expert, incoming):
        client = as_user(mayor)  # noqa: F811
        assert 'data-work-count="1"' in client.get(reverse("registry:entries")).content.decode()
        resolve(client, resolve_task(incoming), lead=expert)
        assert 'data-work-count="0"' in client.get(reverse("registry:entries")).content.decode()
