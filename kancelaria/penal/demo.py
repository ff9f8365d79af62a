"""Demo administrative-penal proceedings of Община Момчилград: about eight cases at
different stages (one whose 6-month limit is 20 days away, one suspended while the
offender is not found, one decree final, one appealed, a warning, a statement made too
late), two findings and three tickets, all made through the services with dates
relative to `today`. Idempotent: nothing is added when a penal case exists.

The register's permission goes to the mayor, the secretary, the lawyer and the
construction inspector ("builder"); the offenders' personal numbers to the mayor, the
secretary and the lawyer. All people and numbers are invented.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.contrib.auth.models import Permission
from django.db import transaction

from kancelaria.accounts.models import User
from kancelaria.calendars import add_months

from . import services
from .models import PenalCase
from .services import Statement

SOFIA = zoneinfo.ZoneInfo("Europe/Sofia")
REGISTER_HOLDERS = ("mayor", "secretary", "lawyer", "builder")
OFFENDER_DATA = ("mayor", "secretary", "lawyer")

WASTE = {"act": "Наредба за управление на отпадъците на територията на Община Момчилград", "article": "28",
         "paragraph": "1", "point": "2"}
BUILDING = {"act": "Закон за устройство на територията", "article": "237", "paragraph": "1", "point": "1"}
ORDER = {"act": "Наредба № 1 за опазване на обществения ред на територията на Община Момчилград", "article": "9",
         "paragraph": "2", "point": ""}
TRADE = {"act": "Наредба за реда и условията за извършване на търговска дейност", "article": "15",
         "paragraph": "3", "point": ""}


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=SOFIA)


def permissions_seed() -> None:
    register = Permission.objects.get(content_type__app_label="penal", codename="view_penal_register")
    offender = Permission.objects.get(content_type__app_label="penal", codename="view_offender_data")
    for user in User.objects.filter(username__in=REGISTER_HOLDERS):
        user.user_permissions.add(register)
        if user.username in OFFENDER_DATA:
            user.user_permissions.add(offender)


def _statement(drawn: dt.date, *, name: str, egn: str, address: str, provision: dict, description: str,
               place: str, violation: dt.date | None = None, **extra) -> Statement:
    data = {
        "author_name": "Николай Стоянов Ненов", "author_position": "главен специалист „Строителство“",
        "drawn_up_on": drawn, "violation_date": violation or drawn - dt.timedelta(days=2), "violation_place": place,
        "description": description, "provisions": [provision], "offender_kind": "person", "offender_name": name,
        "offender_egn": egn, "offender_address": address, "witness_basis": "present",
        "witnesses": [{"name": "Сейхан Мехмедов Юсеинов", "address": "гр. Момчилград, ул. „Петър Берон“ 4"}],
        "evidence": "Снимки – 3 бр.; констативен протокол.",
    }
    data.update(extra)
    return Statement(**data)


def demo_seed(*, today: dt.date, units=None, report=None) -> dict:
    """Create the demo penal register when it is empty; returns what was created.
    `units` (the demo's units by code) and `report` (the demo's SeedReport) are accepted
    for the common signature; `report.penal` is set when the report allows it."""
    from kancelaria.core.demo import egn_make

    permissions_seed()
    created = {"cases": 0, "findings": 0, "tickets": 0}
    if PenalCase.objects.exists():
        return created
    users = {u.username: u for u in User.objects.filter(username__in=REGISTER_HOLDERS)}
    inspector, lawyer, mayor = users.get("builder"), users.get("lawyer"), users.get("mayor")
    if not (inspector and lawyer and mayor):
        return created
    day = lambda n: _weekday(today - dt.timedelta(days=n))  # noqa: E731

    with transaction.atomic():
        # Tickets: two paid on the spot, one refused (its statement follows below).
        for n, name, egn, outcome, text in (
            (40, "Ердинч Мустафов Алиев", egn_make(dt.date(1988, 6, 14), 122), "agreed", "Паркиране в зелена площ."),
            (25, "Гюлай Сабриева Хасанова", egn_make(dt.date(1979, 2, 3), 241), "agreed",
             "Изхвърляне на отпадъци извън съдовете."),
            (6, "Мехмед Али Юсеин", egn_make(dt.date(1975, 1, 2), 1), "refused", "Търговия на неразрешено място."),
        ):
            ticket = services.ticket_issue(
                actor=inspector, issued_on=day(n), issued_by="Николай Стоянов Ненов", offender_name=name,
                offender_egn=egn, offender_address="гр. Момчилград, ул. „Родопи“ 7", violation=text,
                violation_place="гр. Момчилград, пл. „Септемврийци“", provision="чл. 9, ал. 2 от Наредба № 1",
                outcome=outcome, amount=services.TICKET_FINE, now=_at(day(n), 11))
            created["tickets"] += 1
        refused_ticket = ticket

        # Findings: one with the offender known (statement due in about 20 days), one unknown.
        services.finding_register(
            actor=inspector, found_on=day(70), author_name="Николай Стоянов Ненов", violation_date=day(72),
            violation_place="с. Звездел, поземлен имот 30543.12.7", description="Незаконна сеч на 12 дъба.",
            provision="чл. 257, ал. 1 от Закона за горите", offender_known=True, offender_name="Али Реджеб Шукри",
            offender_address="с. Звездел", discovered_on=day(70), now=_at(day(70), 14))
        services.finding_register(
            actor=inspector, found_on=day(12), author_name="Николай Стоянов Ненов", violation_date=day(13),
            violation_place="гр. Момчилград, коритото на р. Върбица", description="Изхвърлени строителни отпадъци.",
            provision="чл. 28, ал. 1 от Наредбата за управление на отпадъците", now=_at(day(12), 15))
        created["findings"] = 2

        near = _weekday(add_months(today, -6) + dt.timedelta(days=20))
        plans = sorted([
            ("final", day(120)), ("appealed", day(100)), ("near", near), ("suspended", day(150)),
            ("warning", day(45)), ("late", day(30)), ("with_lawyer", day(9)), ("ticket", day(5)),
        ], key=lambda p: p[1])
        people = {
            "final": ("Невзат Исмаилов Реджебов", egn_make(dt.date(1969, 9, 21), 322), BUILDING,
                      "Строеж на навес без разрешение за строеж.", "гр. Момчилград, ул. „Беломорска“ 21"),
            "appealed": ("„Родопа Строй“ ЕООД", "", BUILDING, "Изкоп на тротоар без разрешение.",
                         "гр. Момчилград, ул. „Трети март“ 40"),
            "near": ("Сабри Осман Али", egn_make(dt.date(1984, 11, 5), 410), WASTE,
                     "Изгаряне на отпадъци в двора.", "с. Груево, ул. „Първа“ 5"),
            "suspended": ("Ивайло Петров Стоянов", egn_make(dt.date(1991, 4, 17), 502), ORDER,
                          "Нарушаване на нощната тишина в заведение.", "гр. Момчилград, ул. „Родопи“ 2"),
            "warning": ("Фатме Хасанова Мехмедова", egn_make(dt.date(1962, 3, 8), 611), WASTE,
                        "Изхвърляне на зелени отпадъци до контейнер.", "гр. Момчилград, ул. „Победа“ 11"),
            "late": ("Илхан Байрямов Салиев", egn_make(dt.date(1977, 12, 30), 702), BUILDING,
                     "Ограда, изградена без разрешение.", "с. Равен, ул. „Втора“ 3"),
            "with_lawyer": ("Гюлтен Хасан Ибрям", egn_make(dt.date(1986, 8, 2), 811), TRADE,
                            "Търговия с плодове на тротоар без разрешение.", "гр. Момчилград, ул. „Трети март“ 1"),
            "ticket": ("Мехмед Али Юсеин", egn_make(dt.date(1975, 1, 2), 1), ORDER,
                       "Отказал да плати глобата с фиш; търговия на неразрешено място.",
                       "гр. Момчилград, пл. „Септемврийци“"),
        }
        for key, drawn in plans:
            name, egn, provision, description, place = people[key]
            extra = {}
            if not egn:
                extra = {"offender_kind": "entity", "offender_eik": "831902088"}
            if key == "late":
                extra["violation_date"] = _weekday(drawn - dt.timedelta(days=400))
            penal = services.case_open(
                actor=inspector, now=_at(drawn), ticket=refused_ticket if key == "ticket" else None,
                statement=_statement(drawn, name=name, egn=egn, address=place, provision=provision,
                                     description=description, place=place, **extra))
            created["cases"] += 1
            _advance(key, penal, drawn, inspector=inspector, lawyer=lawyer, mayor=mayor, today=today)
        services.decrees_finalize(day=today)
    if report is not None and hasattr(report, "__dict__"):
        report.penal = created
    return created


def _advance(key: str, penal: PenalCase, drawn: dt.date, *, inspector, lawyer, mayor, today: dt.date) -> None:
    """Take a demo case to its stage."""
    plus = lambda n: min(drawn + dt.timedelta(days=n), today)  # noqa: E731
    if key in ("ticket",):
        return
    penal = services.case_deliver(actor=inspector, penal=penal, on=drawn, how="signed", today=today)
    if key == "with_lawyer":
        services.objection_register(actor=inspector, penal=penal, summary="Търговията е с разрешение от кмета на "
                                    "кметството.", now=_at(plus(3), 14))
        services.case_to_lawyer(actor=inspector, penal=penal, lawyer=lawyer, on=plus(2), today=today)
        return
    penal = services.case_to_lawyer(actor=inspector, penal=penal, lawyer=lawyer, on=plus(2), today=today)
    penal = services.case_opinion(actor=lawyer, penal=penal, legal_basis="Чл. 53, ал. 1 ЗАНН във връзка с "
                                  "нарушената разпоредба.", sanctions="глоба", minimum="100", maximum="2000",
                                  minor=key == "warning", proposal="Глоба в минимален размер."
                                  if key != "warning" else "Писмено предупреждение (маловажен случай).",
                                  on=plus(4), today=today)
    penal = services.case_to_authority(actor=inspector, penal=penal, on=plus(7), today=today)
    if key in ("near", "late"):
        return
    if key == "suspended":
        services.not_found_start(actor=inspector, penal=penal, on=plus(40), today=today,
                                 note="Не е открит на постоянния и настоящия адрес; издирва се чрез РУ – Момчилград.")
        return
    if key == "warning":
        services.case_decide(actor=mayor, penal=penal, kind="warning", on=plus(8), now=_at(plus(8), 15),
                             reasons="Маловажен случай: отпадъците са почистени веднага, нарушението е първо.")
        return
    penal = services.case_decide(actor=mayor, penal=penal, kind="decree", sanction_type="fine", amount="500.00",
                                 on=plus(10), today=today, mitigating="Първо нарушение.")
    penal = services.decree_issue(actor=mayor, penal=penal, on=plus(12), now=_at(plus(12), 11))
    penal = services.decree_deliver(actor=inspector, penal=penal, on=plus(20), how="post",
                                    note="Обратна разписка", today=today)
    if key == "appealed":
        services.appeal_record(actor=inspector, penal=penal, lodged_on=plus(26), register_letter=True,
                               now=_at(plus(28), 10))
