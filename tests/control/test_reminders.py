"""Reminders and the heads' morning digest (DOMAIN.md 3; 004 chapter 5: executors "or
their temporary substitutes" carry out their tasks on time; control levels check
deadlines). Each is sent once, to the right people, with `today` fixed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import translation

from kancelaria.accounts.models import User
from kancelaria.control import reminders, services
from kancelaria.control.models import Assignment, ScheduledRun
from tests.control.test_dashboard import assign

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 16)
THURSDAY = dt.date(2026, 11, 19)
FRIDAY = dt.date(2026, 11, 20)
NEXT_MONDAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _english(settings):
    """Mail goes out in the site language: English here, so the texts can be read."""
    settings.LANGUAGE_CODE = "en"
    settings.PUBLIC_URL = "https://deloproizvodstvo.example.bg"
    with translation.override("bg"):  # whoever runs the task, the mail uses the site language
        yield


@pytest.fixture
def people(mayor, head, expert, expert2, outsider):
    """Given everyone with an e-mail address."""
    for user in (mayor, head, expert, expert2, outsider):
        User.objects.filter(pk=user.pk).update(email=f"{user.username}@momchilgrad.example")
        user.email = f"{user.username}@momchilgrad.example"
    return {"mayor": mayor, "head": head, "expert": expert, "expert2": expert2, "outsider": outsider}


def sent_to(outbox, words: str = "") -> list[str]:
    return sorted(address for message in outbox if words in message.subject for address in message.to)


class TestExecutorReminders:
    def test_the_executor_is_reminded_the_working_day_before_once(self, registrar, people, mailoutbox):
        """Given a task due on Friday, when the reminders run on Thursday twice and on
        Friday, then the executor gets one reminder, on Thursday."""
        task = assign(registrar, people["mayor"], [people["expert"]], resolved_on=MONDAY, deadline=FRIDAY)[0]

        first = reminders.reminders_send(today=THURSDAY)
        again = reminders.reminders_send(today=THURSDAY)
        on_the_day = reminders.reminders_send(today=FRIDAY)

        assert (first.due, again.due, on_the_day.due) == (1, 0, 0)
        assert [m.to for m in mailoutbox] == [["expert@momchilgrad.example"]]
        message = mailoutbox[0]
        assert message.subject == f"Reminder: {task.entry.number} is due on 20.11.2026"
        assert "due on the next working day, 20.11.2026" in message.body
        assert f"Open the task: https://deloproizvodstvo.example.bg/work/{task.pk}/" in message.body
        task.refresh_from_db()
        assert task.reminded_due_on == THURSDAY

    def test_on_friday_a_task_due_on_monday_is_reminded(self, registrar, people, mailoutbox):
        """The working day before Monday is Friday (DOMAIN 3: working days)."""
        assign(registrar, people["mayor"], [people["expert"]], resolved_on=MONDAY, deadline=NEXT_MONDAY)
        assert reminders.reminders_send(today=THURSDAY).due == 0
        assert reminders.reminders_send(today=FRIDAY).due == 1
        assert sent_to(mailoutbox) == ["expert@momchilgrad.example"]

    def test_an_overdue_task_is_reminded_once(self, registrar, people, mailoutbox):
        """Given a task due on Monday not done, then on Wednesday (and only then) its
        executor hears it is overdue, with the days overdue."""
        task = assign(registrar, people["mayor"], [people["expert"]], resolved_on=dt.date(2026, 11, 10),
                      deadline=MONDAY)[0]
        reports = [reminders.reminders_send(today=day) for day in (MONDAY, dt.date(2026, 11, 18), THURSDAY)]
        assert [r.overdue for r in reports] == [0, 1, 0]
        overdue = [m for m in mailoutbox if m.subject.startswith("Overdue")]
        assert [m.to for m in overdue] == [["expert@momchilgrad.example"]]
        assert overdue[0].subject == f"Overdue: {task.entry.number} was due on 16.11.2026"
        assert "is 2 days overdue" in overdue[0].body

    def test_finished_work_is_not_reminded(self, registrar, people, mailoutbox):
        task = assign(registrar, people["mayor"], [people["expert"]], resolved_on=MONDAY, deadline=FRIDAY)[0]
        services.assignment_complete(actor=people["expert"], assignment=task, today=MONDAY)
        report = reminders.reminders_send(today=THURSDAY)
        assert report.messages == 0 and mailoutbox == []

    def test_co_executors_are_reminded_of_their_opinion(self, registrar, people, mailoutbox):
        """DOMAIN 3: the others send their opinion to the lead no later than one working
        day before the deadline; they are reminded the working day before that."""
        lead, other = assign(registrar, people["mayor"], [people["expert"], people["expert2"]],
                             lead=people["expert"], resolved_on=MONDAY, deadline=dt.date(2026, 11, 24))
        assert other.opinion_deadline == NEXT_MONDAY

        report = reminders.reminders_send(today=FRIDAY)

        assert (report.opinion, report.due) == (1, 0)
        assert [m.to for m in mailoutbox] == [["expert2@momchilgrad.example"]]
        assert "send your opinion to the lead executor by 23.11.2026" in mailoutbox[0].body
        assert reminders.reminders_send(today=FRIDAY).opinion == 0
        # On Monday both are reminded that the task itself is due on Tuesday.
        assert reminders.reminders_send(today=NEXT_MONDAY).due == 2

    def test_an_absent_executors_substitute_gets_the_reminder_too(self, registrar, people, mailoutbox):
        """DOMAIN 3: a substitute takes over an absent employee's documents."""
        assign(registrar, people["mayor"], [people["expert"]], resolved_on=MONDAY, deadline=FRIDAY)
        services.absence_record(actor=people["expert"], employee=people["expert"], first_day=THURSDAY,
                                last_day=FRIDAY, substitute=people["expert2"])

        reminders.reminders_send(today=THURSDAY)

        assert sent_to(mailoutbox) == ["expert2@momchilgrad.example", "expert@momchilgrad.example"]
        to_substitute = next(m for m in mailoutbox if m.to == ["expert2@momchilgrad.example"])
        assert "as the substitute of expert, who is absent until 20.11.2026" in to_substitute.body

    def test_an_extension_brings_new_reminders_for_the_new_deadline(self, registrar, people, mailoutbox):
        """DOMAIN 3: an extended deadline is a new deadline; its reminders go again."""
        task = assign(registrar, people["mayor"], [people["expert"]], resolved_on=MONDAY, deadline=FRIDAY)[0]
        reminders.reminders_send(today=THURSDAY)
        services.deadline_extend(actor=people["mayor"], resolution=task.resolution, new_deadline=dt.date(2026, 11, 27),
                                 reason="Нужна е проверка на място", today=THURSDAY)
        assert reminders.reminders_send(today=dt.date(2026, 11, 26)).due == 1
        assert len([m for m in mailoutbox if m.subject.startswith("Reminder")]) == 2

    def test_a_mail_server_that_is_down_gets_the_reminder_at_the_next_run(self, registrar, people, settings,
                                                                            mailoutbox):
        """A failed send gives the record back: nothing is lost, nothing is sent twice."""
        task = assign(registrar, people["mayor"], [people["expert"]], resolved_on=MONDAY, deadline=FRIDAY)[0]
        settings.EMAIL_BACKEND = "tests.control.test_reminders.BrokenBackend"
        assert reminders.reminders_send(today=THURSDAY).failed == 1
        task.refresh_from_db()
        assert task.reminded_due_on is None
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert reminders.reminders_send(today=THURSDAY).due == 1
        assert len(mail.outbox) == 1


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


class TestDigest:
    @pytest.fixture
    def work(self, registrar, people):
        """Given in planning (the head's directorate): one overdue task, one due today,
        one due soon and one due later; in finance: one overdue task."""
        mayor, expert, outsider = people["mayor"], people["expert"], people["outsider"]
        return {
            "overdue": assign(registrar, mayor, [expert], resolved_on=dt.date(2026, 11, 10), deadline=MONDAY,
                              subject="Просрочена задача")[0],
            "today": assign(registrar, mayor, [expert], resolved_on=MONDAY, deadline=THURSDAY,
                            subject="Задача за днес")[0],
            "soon": assign(registrar, mayor, [people["expert2"]], resolved_on=MONDAY, deadline=NEXT_MONDAY,
                           subject="Скоро")[0],
            "later": assign(registrar, mayor, [expert], resolved_on=MONDAY, deadline=dt.date(2026, 12, 4),
                            subject="По-късно")[0],
            "finance": assign(registrar, mayor, [outsider], resolved_on=dt.date(2026, 11, 10), deadline=MONDAY,
                              subject="Финансова задача")[0],
        }

    def test_each_head_gets_his_subtrees_pressing_work_once_a_day(self, work, people, mailoutbox):
        """DOMAIN 3: the mayor sees everything, the head his directorate; executors get no
        digest; a second run the same day sends nothing."""
        first = reminders.digests_send(today=THURSDAY)
        second = reminders.digests_send(today=THURSDAY)

        assert (first.digests, second.digests) == (2, 0)
        assert sent_to(mailoutbox) == ["head@momchilgrad.example", "mayor@momchilgrad.example"]
        to_head = next(m for m in mailoutbox if m.to == ["head@momchilgrad.example"])
        to_mayor = next(m for m in mailoutbox if m.to == ["mayor@momchilgrad.example"])
        assert to_head.subject == "Deadline control on 19.11.2026: 1 overdue, 1 due today, 1 due soon"
        assert "Просрочена задача" in to_head.body and "Финансова задача" not in to_head.body
        assert "По-късно" not in to_head.body
        assert "3 days overdue" in to_head.body
        assert "https://deloproizvodstvo.example.bg/work/control/?state=overdue#tasks" in to_head.body
        assert to_mayor.subject == "Deadline control on 19.11.2026: 2 overdue, 1 due today, 1 due soon"
        assert "Финансова задача" in to_mayor.body
        assert set(ScheduledRun.objects.filter(day=THURSDAY).values_list("job", flat=True)) == {
            f"digest:{people['head'].pk}", f"digest:{people['mayor'].pk}"}
        # the next day is a new digest
        assert reminders.digests_send(today=FRIDAY).digests == 2

    def test_nothing_pressing_no_digest(self, registrar, people, mailoutbox):
        assign(registrar, people["mayor"], [people["expert"]], resolved_on=MONDAY, deadline=dt.date(2026, 12, 4))
        assert reminders.digests_send(today=THURSDAY).digests == 0
        assert mailoutbox == []

    def test_an_absent_heads_substitute_gets_the_digest_too(self, work, people, mailoutbox):
        services.absence_record(actor=people["head"], employee=people["head"], first_day=THURSDAY,
                                last_day=THURSDAY, substitute=people["expert"])
        reminders.digests_send(today=THURSDAY)
        assert "expert@momchilgrad.example" in sent_to(mailoutbox)
        to_substitute = next(m for m in mailoutbox if m.to == ["expert@momchilgrad.example"])
        assert "as the substitute of head" in to_substitute.body
        assert "Финансова задача" not in to_substitute.body  # the head's subtree, not more


def test_resolve_tasks_are_not_reminded_to_executors_but_count_for_heads(registrar, people, mailoutbox):
    """A document still to resolve is the resolver's work: it is in the heads' digest
    (the mayor's own) but gets no executor reminder."""
    from kancelaria.registry.services import entry_register
    from tests import factories
    from tests.control.test_dashboard import at

    entry = entry_register(actor=registrar, now=at(MONDAY), registration=factories.registration(
        index=factories.index()))
    assert Assignment.objects.get(entry=entry).role == "resolve"
    assert reminders.reminders_send(today=THURSDAY).messages == 0
    assert reminders.digests_send(today=THURSDAY).digests == 1
    assert sent_to(mailoutbox) == ["mayor@momchilgrad.example"]
