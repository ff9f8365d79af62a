"""Demo requests for public information of Община Момчилград (DOMAIN.md 5): sixteen
requests over the last twelve months, one in each state the procedure knows, made through
the services so that their documents, clocks and letters are what users would make.

`demo_seed(today=..., units=..., report=None)` is idempotent: a request whose description
is already registered is not made again. The secretary and the registrar receive the
permission to handle requests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from kancelaria.accounts.models import User
from kancelaria.registry.models import CorrespondentKind
from kancelaria.registry.services import Correspondent, Registration
from kancelaria.workcalendar.selectors import office_calendar

from . import services
from .models import (
    AccessForm,
    ConsentAnswer,
    ExtensionReason,
    InfoChannel,
    InfoRequest,
    RefusalGround,
    RequesterType,
    RequestKind,
    TariffItem,
)

HANDLERS = ("secretary", "registrar")

PERSON, ORGANISATION = CorrespondentKind.PERSON, CorrespondentKind.ORGANISATION

PEOPLE = {
    "prozrachnost": Correspondent(name="Сдружение „Прозрачна община“", kind=ORGANISATION,
                                  address="гр. Момчилград, ул. „Родопи“ № 4", email="info@prozrachna-obshtina.example.bg"),
    "journalist": Correspondent(name="Емине Рамадан Мюмюн", kind=PERSON,
                                address="гр. Кърджали, ул. „Булаир“ № 8", email="emine.myumyun@example.bg",
                                phone="0887 321 654"),
    "kolev": Correspondent(name="Николай Димитров Колев", kind=PERSON,
                           address="гр. Момчилград, ул. „Милосърдие“ № 3", phone="0878 303 404"),
    "salieva": Correspondent(name="Гюлбие Ахмедова Салиева", kind=PERSON, address="с. Нановица № 18",
                             email="gyulbie.salieva@example.bg"),
    "redzheb": Correspondent(name="Севгин Мустафа Реджеб", kind=PERSON, address="с. Прогрес, ул. „Родопи“ № 9",
                             email="sevgin.redzheb@example.bg", phone="0886 777 888"),
    "hristov": Correspondent(name="Стоян Атанасов Христов", kind=PERSON,
                             address="гр. Момчилград, бул. „България“ № 44", phone="0361 6 22 33"),
    "agro": Correspondent(name="Агро Момчилград ЕООД", kind=ORGANISATION,
                          address="гр. Момчилград, ул. „Източна индустриална зона“ № 2",
                          email="office@agro-momchilgrad.example.bg"),
    "geo": Correspondent(name="Гео Карта Кърджали ООД", kind=ORGANISATION,
                         address="гр. Кърджали, бул. „България“ № 60", email="geokarta@example.bg"),
    "foreigner": Correspondent(name="Hans Becker", kind=PERSON, address="Kastanienallee 12, 10435 Berlin, Deutschland",
                               email="hans.becker@example.de"),
    "angelova": Correspondent(name="Росица Петкова Ангелова", kind=PERSON,
                              address="гр. Момчилград, ул. „Кирил и Методий“ № 15", email="rosica.angelova@example.bg"),
    "mehmed": Correspondent(name="Ердинч Халил Мехмед", kind=PERSON, address="с. Садовица № 27"),
    "yusein": Correspondent(name="Фатме Исмаил Юсеин", kind=PERSON, address="с. Звездел № 41",
                            email="fatme.yusein@example.bg"),
    "anonymous_name": Correspondent(name="Хасан", kind=PERSON),
}


@dataclass
class Demo:
    key: str
    ago: int  # registered this many days before today (moved to a working day)
    requester: str
    requester_type: str
    channel: str
    description: str
    then: Callable[[InfoRequest, DemoContext], None] | None = None
    kind: str = RequestKind.ACCESS
    preferred_forms: tuple[str, ...] = ()
    publish_consent: tuple[str, ...] = ()
    notes: str = ""
    protocol_signed: bool = False


@dataclass
class DemoContext:
    today: dt.date
    secretary: User
    registrar: User
    made: dict[str, InfoRequest] = field(default_factory=dict)

    def day(self, request: InfoRequest, after: int) -> dt.date:
        """A working day `after` days after the registration (never later than today)."""
        return min(working(request.received_on + dt.timedelta(days=after)), self.today)


def working(day: dt.date) -> dt.date:
    return office_calendar().next_working_day(day)


def tariff(code: str) -> TariffItem:
    return TariffItem.objects.get(code=code)


def pdf(name: str, title: str) -> SimpleUploadedFile:
    body = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"% " + title.encode("utf-8") + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    return SimpleUploadedFile(name, body, content_type="application/pdf")


# --------------------------------------------------------------------------- what happens next

def granted_by_email(r: InfoRequest, c: DemoContext) -> None:
    on = c.day(r, 8)
    services.decision_grant(
        actor=c.secretary, info_request=r, extent="Пълен достъп: договорите за зимно поддържане на общинската "
        "пътна мрежа за сезон 2025/2026 с анексите към тях.", access_until=on + dt.timedelta(days=30), place="",
        officer=c.registrar, forms=[AccessForm.ELECTRONIC],
        information_text="Договор № 87/15.10.2025 г. с „Родопи Строй“ ООД – 142 380,00 лв. с ДДС; анекс № 1 "
        "от 05.01.2026 г.", files=[pdf("dogovor-zimno-poddarzhane.pdf", "Dogovor 87/2025")], on=on)
    services.decision_deliver(actor=c.registrar, info_request=r, method="email", on=on)


def partial_third_party(r: InfoRequest, c: DemoContext) -> None:
    party = services.third_party_add(actor=c.registrar, info_request=r, name="Родопи Строй ООД",
                                     address="гр. Кърджали, ул. „Беломорска“ № 60")
    services.third_party_record(actor=c.registrar, third_party=party, unit_told_on=c.day(r, 2),
                                consent_asked_on=c.day(r, 4))
    services.extension_grant(actor=c.secretary, info_request=r, reason=ExtensionReason.THIRD_PARTY, days=14,
                             note="Необходимо е съгласието на изпълнителя по договора.", on=c.day(r, 5))
    services.third_party_record(actor=c.registrar, third_party=party, answer=ConsentAnswer.REFUSED,
                                answered_on=c.day(r, 12), note="Изпълнителят се позовава на търговска тайна "
                                "(единични цени и ценообразуване).")
    decided = c.day(r, 18)
    services.decision_grant(
        actor=c.secretary, info_request=r, partial=True,
        extent="Частичен достъп: договорът и приемо-предавателните протоколи, без приложение № 2 "
        "(ценово предложение на изпълнителя).", access_until=decided + dt.timedelta(days=30),
        place="Център за административно обслужване, гише № 3", officer=c.registrar, forms=[AccessForm.PAPER],
        cost_lines=[(tariff("copy-a4"), 24)], refusal_grounds=[RefusalGround.THIRD_PARTY],
        factual_grounds="Третото лице „Родопи Строй“ ООД изрично отказа съгласие за ценовото си предложение; "
        "не е налице надделяващ обществен интерес.", on=decided)
    services.decision_deliver(actor=c.registrar, info_request=r, method="post", on=c.day(r, 21))
    services.payment_record(actor=c.registrar, info_request=r, on=c.day(r, 24), document="Квитанция № 0004127")
    services.access_give(actor=c.registrar, info_request=r, on=c.day(r, 24),
                         notes="Предадени 24 страници копия срещу подпис.")


def refused_already_given(r: InfoRequest, c: DemoContext) -> None:
    first = c.made.get("email-grant")
    number = first.decision_entry.number if first and first.decision_entry_id else ""
    services.decision_refuse(
        actor=c.secretary, info_request=r, grounds=[RefusalGround.ALREADY_GIVEN],
        factual_grounds=f"Същата информация е предоставена на заявителя с решение {number} по-малко от "
        "шест месеца преди настоящото заявление.", on=c.day(r, 6))
    services.decision_deliver(actor=c.registrar, info_request=r, method="email", on=c.day(r, 6))


def clarification_pending(r: InfoRequest, c: DemoContext) -> None:
    services.clarification_ask(actor=c.registrar, info_request=r, on=c.day(r, 2),
                               question="Моля, уточнете за кой имот (УПИ, квартал) и за кой период искате "
                               "информацията за издадените разрешения за строеж.")


def clarification_answered(r: InfoRequest, c: DemoContext) -> None:
    services.clarification_ask(actor=c.registrar, info_request=r, on=c.day(r, 2),
                               question="Моля, уточнете за коя детска площадка и за коя година.")
    services.clarification_answer(actor=None, info_request=r, on=c.day(r, 9),
                                  answer="Площадката в кв. „Изток“ на гр. Момчилград, ремонтирана през 2025 г.")


def no_clarification(r: InfoRequest, c: DemoContext) -> None:
    clarification = services.clarification_ask(actor=c.registrar, info_request=r, on=c.day(r, 3),
                                               question="Моля, посочете за кой обект искате информацията.")
    services.clarifications_lapse(today=clarification.answer_by + dt.timedelta(days=1))


def forwarded(r: InfoRequest, c: DemoContext) -> None:
    services.request_forward(actor=c.registrar, info_request=r, on=c.day(r, 5),
                             to_body="Регионална инспекция по околната среда и водите – Хасково")


def not_held(r: InfoRequest, c: DemoContext) -> None:
    services.decision_not_held(actor=c.secretary, info_request=r, on=c.day(r, 9),
                               note="Общината не е възложител на проучването и не притежава данни за него; "
                               "органът, който ги притежава, не е известен.")


def requester_refused(r: InfoRequest, c: DemoContext) -> None:
    decided = c.day(r, 10)
    r = services.decision_grant(
        actor=c.secretary, info_request=r, extent="Пълен достъп: протоколите от общественото обсъждане на "
        "бюджета за 2026 г.", access_until=decided + dt.timedelta(days=14),
        place="Център за административно обслужване, гише № 3", officer=c.registrar,
        forms=[AccessForm.PAPER], cost_lines=[(tariff("copy-a4"), 9)], on=decided)
    services.decision_deliver(actor=c.registrar, info_request=r, method="post", on=c.day(r, 13))
    services.requester_refusals_check(today=r.access_until + dt.timedelta(days=1))


def delivered_waiting(r: InfoRequest, c: DemoContext) -> None:
    decided = c.day(r, 7)
    r = services.decision_grant(
        actor=c.secretary, info_request=r, extent="Пълен достъп: справка за изразходваните средства за "
        "улично осветление в с. Звездел за 2025 г.", access_until=decided + dt.timedelta(days=30),
        place="Кметство Звездел", officer=c.registrar, forms=[AccessForm.INSPECTION, AccessForm.ORAL],
        cost_lines=[(tariff("reference-a4"), 2)], on=decided)
    services.decision_deliver(actor=c.registrar, info_request=r, method="post", on=c.day(r, 9))


def decided_not_delivered(r: InfoRequest, c: DemoContext) -> None:
    decided = c.day(r, 8)
    services.decision_grant(
        actor=c.secretary, info_request=r, extent="Пълен достъп: списък на общинските имоти, отдадени под наем "
        "през 2026 г., с наемателите юридически лица и месечния наем.", access_until=decided + dt.timedelta(days=30),
        place="Център за административно обслужване, гише № 3", officer=c.registrar,
        forms=[AccessForm.MEDIUM], cost_lines=[(tariff("cd"), 1)], on=decided)


def reuse_granted(r: InfoRequest, c: DemoContext) -> None:
    services.extension_grant(actor=c.secretary, info_request=r, reason=ExtensionReason.COMPLEX_REUSE, days=14,
                             note="Данните се обединяват от три регистъра.", on=c.day(r, 6))
    decided = c.day(r, 20)
    services.decision_grant(
        actor=c.secretary, info_request=r, extent="Повторно използване на набора от данни „Общински пасища и "
        "мери“ в машинночетим формат (CSV), при условията на лиценз CC BY 4.0.",
        access_until=decided + dt.timedelta(days=30), place="", officer=c.registrar,
        forms=[AccessForm.WEB_ADDRESS], information_url="https://data.egov.bg/organisation/momchilgrad/pasishta",
        on=decided)
    services.decision_deliver(actor=c.registrar, info_request=r, method="email", on=decided)


def reuse_refused(r: InfoRequest, c: DemoContext) -> None:
    services.decision_refuse(
        actor=c.secretary, info_request=r, grounds=[RefusalGround.REUSE_THIRD_PARTY_IP],
        factual_grounds="Кадастралната карта е собственост на Агенцията по геодезия, картография и кадастър; "
        "общината не е носител на правата върху нея.", on=c.day(r, 10))
    services.decision_deliver(actor=c.registrar, info_request=r, method="email", on=c.day(r, 10))


DEMOS = [
    Demo("email-grant", 330, "prozrachnost", RequesterType.NGO, InfoChannel.EMAIL,
         "Копия от договорите за зимно поддържане на общинската пътна мрежа за сезон 2025/2026 и анексите към "
         "тях.", granted_by_email, preferred_forms=(AccessForm.ELECTRONIC,)),
    Demo("partial", 290, "journalist", RequesterType.JOURNALIST, InfoChannel.DESK,
         "Договорът за реконструкция на ул. „Васил Левски“ в гр. Момчилград с всички приложения и протоколите "
         "за приемане на извършените работи.", partial_third_party, preferred_forms=(AccessForm.PAPER,),
         publish_consent=("name",)),
    Demo("missing", 250, "anonymous_name", RequesterType.CITIZEN, InfoChannel.POST,
         "Колко пари е похарчила общината за празника на града?", None),
    Demo("already-given", 215, "prozrachnost", RequesterType.NGO, InfoChannel.EMAIL,
         "Копия от договорите за зимно поддържане на общинските пътища за сезон 2025/2026 с анексите.",
         refused_already_given, preferred_forms=(AccessForm.ELECTRONIC,)),
    Demo("reuse-granted", 200, "agro", RequesterType.COMPANY, InfoChannel.PLATFORM,
         "Повторно използване на данните за общинските пасища и мери (местност, площ, категория, ползвател) за "
         "разработване на приложение за животновъди.", reuse_granted, kind=RequestKind.REUSE,
         preferred_forms=(AccessForm.WEB_ADDRESS,)),
    Demo("forwarded", 170, "salieva", RequesterType.CITIZEN, InfoChannel.PORTAL,
         "Резултатите от проверката на замърсяването на река Върбица край с. Нановица през лятото.", forwarded),
    Demo("no-clarification", 150, "mehmed", RequesterType.CITIZEN, InfoChannel.ORAL,
         "Информация за ремонта на пътя.", no_clarification,
         notes="Лицето устно поиска информация за ремонта на пътя до с. Садовица. Протоколът е съставен от "
         "служител в ЦАО и подписан от лицето и служителя.", protocol_signed=True),
    Demo("not-held", 120, "foreigner", RequesterType.FOREIGNER, InfoChannel.EMAIL,
         "Данни от геоложкото проучване за златно находище край с. Звездел, извършено от частна компания.",
         not_held, preferred_forms=(AccessForm.ELECTRONIC,)),
    Demo("requester-refused", 90, "hristov", RequesterType.CITIZEN, InfoChannel.DESK,
         "Протоколите от общественото обсъждане на проекта на бюджет на общината за 2026 г.", requester_refused,
         preferred_forms=(AccessForm.PAPER,)),
    Demo("reuse-refused", 60, "geo", RequesterType.COMPANY, InfoChannel.E_DELIVERY,
         "Повторно използване на кадастралната карта на гр. Момчилград във векторен формат.", reuse_refused,
         kind=RequestKind.REUSE),
    Demo("overdue", 26, "kolev", RequesterType.CITIZEN, InfoChannel.DESK,
         "Колко разрешения за строеж е издала общината през 2025 г. и за кои обекти.", None,
         preferred_forms=(AccessForm.PAPER,)),
    Demo("clarified", 20, "angelova", RequesterType.CITIZEN, InfoChannel.PORTAL,
         "Стойността на ремонта на детската площадка и кой е изпълнителят.", clarification_answered,
         preferred_forms=(AccessForm.ELECTRONIC,), publish_consent=("name", "email")),
    Demo("delivered", 16, "yusein", RequesterType.CITIZEN, InfoChannel.DESK,
         "Колко е изразходвала общината за улично осветление в с. Звездел през 2025 г.", delivered_waiting,
         preferred_forms=(AccessForm.INSPECTION,)),
    Demo("decided", 11, "journalist", RequesterType.JOURNALIST, InfoChannel.POST,
         "Списък на общинските имоти, отдадени под наем през 2026 г., наемателите и размерът на наема.",
         decided_not_delivered, preferred_forms=(AccessForm.MEDIUM,)),
    Demo("due-soon", -1, "redzheb", RequesterType.CITIZEN, InfoChannel.EMAIL,
         "Списък на спортните клубове, получили финансиране от общинския бюджет през 2026 г., и размерът на "
         "средствата.", None, preferred_forms=(AccessForm.ELECTRONIC,)),
    Demo("clarification", 6, "kolev", RequesterType.CITIZEN, InfoChannel.POST,
         "Информация за издадените разрешения за строеж в моя квартал.", clarification_pending),
]


def _registered_at(today: dt.date, ago: int) -> dt.datetime:
    day = today - dt.timedelta(days=ago)
    calendar = office_calendar()
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 15)))


def _due_in_two_days(today: dt.date) -> int:
    """How many days ago a request registered today-N is due in (about) two days."""
    best = 12
    for ago in range(8, 16):
        start = _registered_at(today, ago).date()
        due = services.decision_clock(start).due
        if (due - today).days == 2:
            return ago
        if 0 < (due - today).days <= 3:
            best = ago
    return best


def _permissions() -> None:
    permission = Permission.objects.get(content_type__app_label="publicinfo", codename="handle_inforequest")
    for user in User.objects.filter(username__in=HANDLERS):
        user.user_permissions.add(permission)


def _publish(context: DemoContext) -> None:
    """The decided requests go to the public register (redacted), as the officer would
    publish them a few days after the decision."""
    from .models import Outcome
    from .publication import request_publish

    decided = InfoRequest.objects.filter(
        outcome__in=[Outcome.GRANTED, Outcome.PARTIAL, Outcome.REFUSED, Outcome.NOT_HELD],
        published=False).order_by("decided_on", "pk")
    for info_request in decided:
        on = min(context.today, info_request.decided_on + dt.timedelta(days=3))
        request_publish(actor=context.secretary, info_request=info_request, on=on)


def demo_seed(*, today: dt.date, units=None, report=None) -> int:
    """The demo requests for information; returns how many were made now (0 when they
    exist). `units` (the demo units by code) is accepted for symmetry with the other
    seeds; `report` (the core SeedReport), when given, gets `info_requests`."""
    secretary = User.objects.filter(username="secretary").first()
    registrar = User.objects.filter(username="registrar").first()
    if secretary is None or registrar is None:
        return 0
    made = 0
    with transaction.atomic():
        _permissions()
        secretary, registrar = User.objects.get(pk=secretary.pk), User.objects.get(pk=registrar.pk)
        context = DemoContext(today=today, secretary=secretary, registrar=registrar)
        for demo in DEMOS:
            existing = InfoRequest.objects.filter(description=demo.description).first()
            if existing is not None:
                context.made[demo.key] = existing
                continue
            ago = _due_in_two_days(today) if demo.ago < 0 else demo.ago
            who = PEOPLE[demo.requester]
            channel_map = services.TO_REGISTRY_CHANNEL
            reg = Registration(kind="incoming", subject="", channel=channel_map[demo.channel],
                               correspondent=Correspondent(**who.__dict__), notes=demo.notes)
            actor = None if demo.channel == InfoChannel.PORTAL else registrar
            info_request = services.request_intake(
                actor=actor, registration=reg, kind=demo.kind, channel=demo.channel,
                requester_type=demo.requester_type, description=demo.description,
                preferred_forms=demo.preferred_forms, publish_consent=demo.publish_consent,
                protocol_signed=demo.protocol_signed, now=_registered_at(today, ago))
            if demo.then is not None:
                demo.then(info_request, context)
                info_request.refresh_from_db()
            context.made[demo.key] = info_request
            made += 1
        if made:
            _publish(context)
    if report is not None:
        report.info_requests = made
    return made
