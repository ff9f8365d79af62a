"""The demo municipality: Община Момчилград with its units, employees, nomenclature of
case files and a few weeks of registered documents.

Everything is made through the services (units with `unit_save`, roles with
`roles_ensure`, indexes with `index_save`, documents with `entry_register`, sending with
`case_send`), so the register chain of the demo is valid and `verify-register` passes.

`demo_seed()` is idempotent: units, positions, users and indexes are created only when
missing, and documents only when the register is empty. All people, personal numbers
(EGN) and company numbers (EIK) are invented; the numbers carry valid checksums.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import random
from dataclasses import dataclass, field

from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from kancelaria.accounts.models import Position, Unit, User
from kancelaria.accounts.services import roles_ensure, unit_save
from kancelaria.calendars import previous_working_day
from kancelaria.catalogue.demo import catalogue_seed
from kancelaria.control import services as control
from kancelaria.control.models import Assignment, Resolution, RoutingRule
from kancelaria.core.validators import egn_is_valid, eik_is_valid
from kancelaria.penal import demo as penal_demo
from kancelaria.publicinfo import demo as publicinfo_demo
from kancelaria.registry import services as registry
from kancelaria.registry.models import (
    CaseFile,
    CaseMovement,
    Channel,
    CorrespondentKind,
    DocumentType,
    Entry,
    Index,
    Kind,
    OffensiveAnonymousRecord,
)
from kancelaria.registry.services import Correspondent, Registration
from kancelaria.workcalendar.selectors import office_calendar

# --------------------------------------------------------------------------------------
# Identifiers with valid checksums
# --------------------------------------------------------------------------------------

_EGN_WEIGHTS = (2, 4, 8, 5, 10, 9, 7, 3, 6)


def egn_make(birth: dt.date, serial: int) -> str:
    """A personal number for someone born on `birth`; `serial` (0-999) holds the region
    and sex digits (even: man, odd: woman)."""
    month = birth.month + (40 if birth.year >= 2000 else 20 if birth.year < 1900 else 0)
    head = f"{birth.year % 100:02d}{month:02d}{birth.day:02d}{serial % 1000:03d}"
    check = sum(int(d) * w for d, w in zip(head, _EGN_WEIGHTS, strict=True)) % 11
    value = head + str(0 if check == 10 else check)
    assert egn_is_valid(value), value
    return value


def eik_make(base: int) -> str:
    """A 9-digit EIK/BULSTAT whose first eight digits are `base`."""
    digits = [int(c) for c in f"{base % 10**8:08d}"]
    check = sum(d * w for d, w in zip(digits, range(1, 9), strict=True)) % 11
    if check == 10:
        check = sum(d * w for d, w in zip(digits, range(3, 11), strict=True)) % 11
        check = 0 if check == 10 else check
    value = "".join(map(str, digits)) + str(check)
    assert eik_is_valid(value), value
    return value


# --------------------------------------------------------------------------------------
# The organisation
# --------------------------------------------------------------------------------------

# (code, name, kind, parent code)
UNITS: list[tuple[str, str, str, str | None]] = [
    ("momchilgrad", "Община Момчилград", Unit.Kind.MUNICIPALITY, None),
    ("kmet", "Кмет", Unit.Kind.DEPARTMENT, "momchilgrad"),
    ("zam-kmetove", "Заместник-кметове", Unit.Kind.DEPARTMENT, "momchilgrad"),
    ("sekretar", "Секретар", Unit.Kind.DEPARTMENT, "momchilgrad"),
    ("apo", "Дирекция „Административно-правно обслужване“", Unit.Kind.DIRECTORATE, "momchilgrad"),
    ("cao", "Център за административно обслужване", Unit.Kind.SERVICE_CENTRE, "apo"),
    ("delovodstvo", "Деловодство", Unit.Kind.SECTOR, "apo"),
    ("apo-pravno", "Отдел „Правно обслужване и общинска собственост“", Unit.Kind.DEPARTMENT, "apo"),
    ("ut", "Дирекция „Устройство на територията“", Unit.Kind.DIRECTORATE, "momchilgrad"),
    ("ut-kadastar", "Отдел „Устройство на територията и кадастър“", Unit.Kind.DEPARTMENT, "ut"),
    ("ut-stroitelstvo", "Отдел „Строителство, инвестиции и екология“", Unit.Kind.DEPARTMENT, "ut"),
    ("fb", "Дирекция „Финанси и бюджет“", Unit.Kind.DIRECTORATE, "momchilgrad"),
    ("fb-budget", "Отдел „Бюджет и счетоводство“", Unit.Kind.DEPARTMENT, "fb"),
    ("fb-danaci", "Отдел „Местни данъци и такси“", Unit.Kind.DEPARTMENT, "fb"),
    ("hd", "Дирекция „Хуманитарни дейности“", Unit.Kind.DIRECTORATE, "momchilgrad"),
    ("hd-obrazovanie", "Отдел „Образование, култура и спорт“", Unit.Kind.DEPARTMENT, "hd"),
    ("hd-socialni", "Отдел „Социални дейности и здравеопазване“", Unit.Kind.DEPARTMENT, "hd"),
    ("kmetstvo-gruevo", "Кметство Груево", Unit.Kind.MAYORALTY, "momchilgrad"),
    ("kmetstvo-zvezdel", "Кметство Звездел", Unit.Kind.MAYORALTY, "momchilgrad"),
    ("kmetstvo-nanovica", "Кметство Нановица", Unit.Kind.MAYORALTY, "momchilgrad"),
    ("kmetstvo-progres", "Кметство Прогрес", Unit.Kind.MAYORALTY, "momchilgrad"),
]

# (unit code, position name)
POSITIONS: list[tuple[str, str]] = [
    ("kmet", "Кмет на община"),
    ("zam-kmetove", "Заместник-кмет"),
    ("sekretar", "Секретар на община"),
    ("apo", "Директор на дирекция"),
    ("cao", "Главен специалист „Административно обслужване“"),
    ("cao", "Старши специалист „Административно обслужване“"),
    ("delovodstvo", "Старши специалист „Деловодство и архив“"),
    ("apo-pravno", "Юрисконсулт"),
    ("apo-pravno", "Системен администратор"),
    ("ut", "Директор на дирекция"),
    ("ut-kadastar", "Началник на отдел"),
    ("ut-kadastar", "Главен експерт „Устройство на територията“"),
    ("ut-stroitelstvo", "Главен специалист „Строителство“"),
    ("fb", "Директор на дирекция"),
    ("fb-danaci", "Старши специалист „Местни данъци“"),
    ("hd", "Директор на дирекция"),
    ("hd-socialni", "Главен специалист „Социални дейности“"),
    ("kmetstvo-gruevo", "Кмет на кметство"),
    ("kmetstvo-zvezdel", "Кмет на кметство"),
    ("kmetstvo-nanovica", "Кмет на кметство"),
    ("kmetstvo-progres", "Кмет на кметство"),
]


@dataclass
class DemoUser:
    username: str
    first_name: str
    last_name: str
    unit: str
    position: str
    roles: tuple[str, ...]
    permissions: tuple[str, ...] = ()  # "app_label.codename"
    superuser: bool = False


USERS: list[DemoUser] = [
    DemoUser("registrar", "Елена", "Димитрова", "cao", "Главен специалист „Административно обслужване“",
             ("registrar",), permissions=("publicinfo.handle_inforequest",)),
    DemoUser("mayor", "Христо", "Стоянов", "kmet", "Кмет на община", ("resolver", "controller")),
    DemoUser("secretary", "Мария", "Николова", "sekretar", "Секретар на община", ("resolver", "controller"),
             permissions=("registry.view_offensive_log", "procedures.view_corruption_register",
                          "publicinfo.handle_inforequest")),
    DemoUser("head", "Георги", "Иванов", "ut", "Директор на дирекция", ("resolver", "controller")),
    DemoUser("expert", "Ивелина", "Атанасова", "ut-kadastar", "Главен експерт „Устройство на територията“",
             ("executor",)),
    DemoUser("admin", "Петър", "Методиев", "apo-pravno", "Системен администратор", ("administrator",),
             superuser=True),
    # Executors in other units and a deputy mayor, so that deadline control has people to follow.
    DemoUser("deputy", "Севда", "Хасанова", "zam-kmetove", "Заместник-кмет", ("resolver", "controller")),
    DemoUser("builder", "Николай", "Ненов", "ut-stroitelstvo", "Главен специалист „Строителство“", ("executor",)),
    DemoUser("lawyer", "Десислава", "Маринова", "apo-pravno", "Юрисконсулт", ("executor",)),
    DemoUser("social", "Айше", "Османова", "hd-socialni", "Главен специалист „Социални дейности“", ("executor",)),
    DemoUser("taxes", "Петя", "Колева", "fb-danaci", "Старши специалист „Местни данъци“", ("executor",)),
]

# --------------------------------------------------------------------------------------
# The nomenclature of case files
# --------------------------------------------------------------------------------------

# (code, name, retention years or None for permanent, numbering scope, description)
INDEXES: list[tuple[str, str, int | None, str, str]] = [
    ("11-00", "Входяща кореспонденция", 20, Index.Scope.YEARLY,
     "Писма от държавни органи, организации и граждани, които не са по друг индекс."),
    ("12-00", "Изходяща кореспонденция", 20, Index.Scope.YEARLY,
     "Писма на общината, които не са отговор по образувана преписка."),
    ("26-00", "Жалби", 20, Index.Scope.YEARLY, "Отделен регистър на жалбите."),
    ("31-00", "Вътрешни документи", 20, Index.Scope.YEARLY, "Докладни записки, становища, служебни бележки."),
    ("53-00", "Устройство на територията – заявления и разрешения", None, Index.Scope.YEARLY,
     "Технически архив: постоянен срок на съхранение."),
    ("70-00", "Предложения и сигнали", 20, Index.Scope.YEARLY, "Предложения и сигнали по АПК."),
    ("94-00", "Заявления за административни услуги", 20, Index.Scope.YEARLY,
     "Заявления и искания за административни услуги."),
    ("ЗДОИ", "Заявления по Закона за достъп до обществена информация", 20, Index.Scope.YEARLY,
     "Електронен регистър на заявленията по ЗДОИ."),
    ("ЛД-00", "Лични дела на служителите", 50, Index.Scope.CONTINUOUS, "Срок на съхранение 50 години."),
    ("РД-01", "Заповеди на кмета", None, Index.Scope.YEARLY, "Постоянен срок на съхранение."),
]

# --------------------------------------------------------------------------------------
# Correspondents
# --------------------------------------------------------------------------------------

_PERSONS = [
    # key, name, birth date, serial, address, e-mail, phone
    ("petrov", "Иван Петров Иванов", dt.date(1968, 3, 14), 482, "гр. Момчилград, ул. „Трети март“ № 12", "", "0888 123 456"),
    ("stoyanova", "Мария Георгиева Стоянова", dt.date(1975, 11, 2), 617, "гр. Момчилград, ул. „Гагарин“ № 7, ет. 2",
     "maria.stoyanova@example.bg", "0887 654 321"),
    ("hasan", "Ахмед Мехмед Хасан", dt.date(1959, 7, 23), 250, "с. Груево, ул. „Първа“ № 5", "", "0899 111 222"),
    ("yusein", "Фатме Исмаил Юсеин", dt.date(1982, 1, 30), 731, "с. Звездел № 41", "", ""),
    ("kolev", "Николай Димитров Колев", dt.date(1990, 5, 9), 118, "гр. Момчилград, ул. „Милосърдие“ № 3", "",
     "0878 303 404"),
    ("salieva", "Гюлбие Ахмедова Салиева", dt.date(1971, 9, 17), 845, "с. Нановица № 18", "", "0897 545 656"),
    ("hristov", "Стоян Атанасов Христов", dt.date(1948, 12, 1), 362, "гр. Момчилград, бул. „България“ № 44",
     "", "0361 6 22 33"),
    ("redzheb", "Севгин Мустафа Реджеб", dt.date(2001, 4, 21), 74, "с. Прогрес, ул. „Родопи“ № 9",
     "sevgin.redzheb@example.bg", "0886 777 888"),
    ("angelova", "Росица Петкова Ангелова", dt.date(1986, 8, 8), 913, "гр. Момчилград, ул. „Кирил и Методий“ № 15",
     "", "0889 202 303"),
    ("mehmed", "Ердинч Халил Мехмед", dt.date(1979, 2, 11), 436, "с. Садовица № 27", "", ""),
    ("georgiev", "Димитър Стефанов Георгиев", dt.date(1963, 10, 5), 528,
     "гр. Момчилград, ул. „Васил Левски“ № 21", "", "0885 404 505"),
]

_ORGANISATIONS = [
    # key, name, EIK base, address
    ("oblast", "Областна администрация – Кърджали", 10015901, "гр. Кърджали, бул. „България“ № 41"),
    ("riosv", "Регионална инспекция по околната среда и водите – Хасково", 17604122,
     "гр. Хасково, ул. „Добруджа“ № 14"),
    ("dfz", "Държавен фонд „Земеделие“ – ОД Кърджали", 12106701, "гр. Кърджали, ул. „Републиканска“ № 3"),
    ("api", "Агенция „Пътна инфраструктура“", 20006014, "гр. София, бул. „Македония“ № 3"),
    ("agro", "Агро Момчилград ЕООД", 20356188, "гр. Момчилград, ул. „Източна индустриална зона“ № 2"),
    ("rodopi", "Родопи Строй ООД", 10868402, "гр. Кърджали, ул. „Беломорска“ № 60"),
    ("prozrachnost", "Сдружение „Прозрачна община“", 17731555, "гр. Момчилград, ул. „Родопи“ № 4"),
    ("rzi", "Регионална здравна инспекция – Кърджали", 17604309, "гр. Кърджали, ул. „Беломорска“ № 1"),
    ("transport", "Кърджали Транс АД", 10819024, "гр. Кърджали, ул. „Тракия“ № 10"),
]


def correspondents() -> dict[str, Correspondent]:
    people = {
        key: Correspondent(name=name, kind=CorrespondentKind.PERSON, egn=egn_make(born, serial),
                           address=address, email=email, phone=phone)
        for key, name, born, serial, address, email, phone in _PERSONS
    }
    organisations = {
        key: Correspondent(name=name, kind=CorrespondentKind.ORGANISATION, eik=eik_make(base), address=address)
        for key, name, base, address in _ORGANISATIONS
    }
    return {**people, **organisations}


# --------------------------------------------------------------------------------------
# The documents
# --------------------------------------------------------------------------------------


@dataclass
class Doc:
    """One registration. `ago` is counted in working days before today; `time` is HH:MM."""

    key: str
    ago: int
    time: str
    index: str
    kind: str
    doc_type: str
    channel: str
    subject: str
    who: str = ""  # a correspondent key; "" for internal documents and anonymous ones
    deadline_days: int | None = None
    extra: dict = field(default_factory=dict)
    answers: str = ""  # the key of the document answered
    related: str = ""  # the key of the order amended or cancelled
    send_to: str = ""  # a unit code the case file is sent to after registration
    scan: bool = False


IN, OUT, INT = Kind.INCOMING, Kind.OUTGOING, Kind.INTERNAL
T = DocumentType
C = Channel

DOCUMENTS: list[Doc] = [
    Doc("order-hours", 29, "09:05", "РД-01", INT, T.ORDER, C.INTERNAL,
        "Заповед за работното време на Центъра за административно обслужване"),
    Doc("skica", 28, "08:47", "94-00", IN, T.APPLICATION, C.DESK,
        "Заявление за издаване на скица на поземлен имот в с. Груево", "hasan", 14, send_to="ut-kadastar",
        scan=True),
    Doc("naslednici", 28, "10:12", "94-00", IN, T.APPLICATION, C.DESK,
        "Искане за издаване на удостоверение за наследници", "petrov", 7),
    Doc("oblast-winter", 27, "11:30", "11-00", IN, T.LETTER, C.EXCHANGE,
        "Писмо относно подготовката за зимния сезон и снегопочистването", "oblast", 14,
        extra={"your_reference": "ОА-04-12-118"}, send_to="ut-stroitelstvo"),
    Doc("grave", 27, "14:30", "94-00", IN, T.APPLICATION, C.DESK,
        "Заявление за разрешение за ползване на гробно място в гробищен парк Момчилград", "georgiev", 14),
    Doc("street", 26, "08:35", "70-00", IN, T.SIGNAL, C.EMAIL,
        "Сигнал за разбита улична настилка на ул. „Родопи“", "mehmed", 10, send_to="ut-stroitelstvo"),
    Doc("lights", 26, "09:40", "70-00", IN, T.SIGNAL, C.PORTAL,
        "Сигнал за повредено улично осветление на ул. „Милосърдие“", "kolev", 60, send_to="ut-stroitelstvo"),
    Doc("benches", 25, "14:02", "70-00", IN, T.PROPOSAL, C.EMAIL,
        "Предложение за поставяне на пейки и кошчета в градския парк", "stoyanova", 60),
    Doc("zdoi-snow", 24, "10:20", "ЗДОИ", IN, T.INFO_REQUEST, C.EMAIL,
        "Заявление за достъп до обществена информация относно разходите за снегопочистване", "prozrachnost",
        14, send_to="fb-budget"),
    Doc("answer-naslednici", 23, "15:10", "94-00", OUT, T.ANSWER, C.DESK,
        "Издадено удостоверение за наследници", "petrov", answers="naslednici"),
    Doc("memo-access", 23, "11:20", "31-00", INT, T.MEMO, C.INTERNAL,
        "Служебна бележка за годишния преглед на правата за достъп до информационните системи"),
    Doc("dfz-check", 22, "09:15", "11-00", IN, T.LETTER, C.POST,
        "Уведомление за проверка на място по проект за рехабилитация на улици", "dfz", 10,
        extra={"your_reference": "01-6500/2841"}),
    Doc("tolerance", 21, "11:45", "94-00", IN, T.APPLICATION, C.DESK,
        "Заявление за издаване на удостоверение за търпимост на строеж", "angelova", 14,
        extra={"is_incomplete": True,
               "incomplete_warning": "Лицето е предупредено, че липсва документ за собственост; "
                                     "заявлението е прието и продължава по реда."},
        send_to="ut-kadastar"),
    Doc("memo-roof", 20, "13:30", "31-00", INT, T.REPORT, C.INTERNAL,
        "Докладна записка относно ремонт на покрива на кметство Звездел",
        extra={"notes": "От кмета на кметство Звездел."}),
    Doc("noise", 19, "10:05", "26-00", IN, T.COMPLAINT, C.DESK,
        "Жалба срещу шум от заведение на ул. „Трети март“ след 23:00 ч.", "hristov", 30, send_to="apo-pravno"),
    Doc("anonymous-dump", 18, "09:00", "70-00", IN, T.SIGNAL, C.POST,
        "Анонимен сигнал за нерегламентирано сметище край с. Звездел",
        extra={"is_anonymous": True}),
    Doc("land-lease", 18, "13:40", "11-00", IN, T.LETTER, C.POST,
        "Искане за наемане на общинска земеделска земя в землището на с. Нановица", "agro", 30,
        send_to="apo-pravno"),
    Doc("road-letter", 17, "16:05", "12-00", OUT, T.LETTER, C.E_DELIVERY,
        "Писмо относно ремонта на път II-59 в участъка Момчилград – Груево", "api"),
    Doc("permit", 16, "08:55", "53-00", IN, T.SPATIAL_APPLICATION, C.DESK,
        "Заявление за издаване на разрешение за строеж на еднофамилна жилищна сграда", "rodopi", 30,
        send_to="ut-kadastar", scan=True),
    Doc("help", 15, "10:50", "94-00", IN, T.APPLICATION, C.DESK,
        "Заявление за отпускане на еднократна помощ за лечение", "salieva", 14, send_to="hd-socialni"),
    Doc("answer-skica", 14, "14:20", "94-00", OUT, T.ANSWER, C.DESK, "Издадена скица на поземлен имот",
        "hasan", answers="skica"),
    Doc("order-commission", 13, "09:30", "РД-01", INT, T.ORDER, C.INTERNAL,
        "Заповед за определяне на експертна комисия за ценността на документите"),
    Doc("dogs", 13, "11:10", "70-00", IN, T.SIGNAL, C.DESK,
        "Сигнал за безстопанствени кучета в кв. „Изток“", "georgiev", 60, send_to="ut-stroitelstvo"),
    Doc("zdoi-contracts", 12, "15:35", "ЗДОИ", IN, T.INFO_REQUEST, C.PORTAL,
        "Заявление за достъп до обществена информация относно договорите за обществени поръчки през 2025 г.",
        "redzheb", 14, send_to="apo-pravno"),
    Doc("answer-oblast", 11, "10:00", "11-00", OUT, T.ANSWER, C.EXCHANGE,
        "Информация за готовността за зимния сезон", "oblast", answers="oblast-winter"),
    Doc("tax", 10, "09:25", "94-00", IN, T.APPLICATION, C.DESK,
        "Искане за издаване на удостоверение за данъчна оценка на недвижим имот", "yusein", 7,
        send_to="fb-danaci"),
    Doc("kiosk", 9, "13:15", "94-00", IN, T.APPLICATION, C.POST,
        "Заявление за издаване на разрешение за поставяне на преместваем обект", "agro", 14,
        send_to="ut-kadastar"),
    Doc("order-amend", 8, "09:45", "РД-01", INT, T.ORDER, C.INTERNAL,
        "Заповед за изменение на работното време на Центъра за административно обслужване през зимата",
        related="order-hours"),
    Doc("answer-zdoi-snow", 8, "16:00", "ЗДОИ", OUT, T.INFO_ANSWER, C.EMAIL,
        "Решение за предоставяне на достъп до информация за разходите за снегопочистване", "prozrachnost",
        answers="zdoi-snow"),
    Doc("rzi", 7, "11:00", "11-00", IN, T.LETTER, C.E_DELIVERY,
        "Писмо относно качеството на питейната вода в с. Нановица", "rzi", 14, send_to="ut-stroitelstvo"),
    Doc("opinion-tax", 6, "14:40", "31-00", INT, T.OPINION, C.INTERNAL,
        "Становище по проекта на Наредба за определяне на местните данъци"),
    Doc("bus", 5, "10:30", "70-00", IN, T.PROPOSAL, C.EMAIL,
        "Предложение за промяна в разписанието на автобусната линия Момчилград – Прогрес", "transport", 60),
    Doc("answer-help", 5, "15:45", "94-00", OUT, T.ANSWER, C.POST,
        "Уведомление за отпусната еднократна помощ", "salieva", answers="help"),
    Doc("heating", 4, "09:10", "94-00", IN, T.APPLICATION, C.DESK,
        "Заявление за издаване на удостоверение за семейно положение", "mehmed", 7),
    Doc("answer-lights", 3, "15:20", "70-00", OUT, T.ANSWER, C.PORTAL,
        "Отговор на сигнала: осветлението е възстановено", "kolev", answers="lights"),
    Doc("school", 2, "11:50", "94-00", IN, T.APPLICATION, C.DESK,
        "Заявление за отпускане на целева помощ за ученици от с. Прогрес", "redzheb", 14,
        send_to="hd-obrazovanie"),
    Doc("complaint-delay", 1, "10:15", "26-00", IN, T.COMPLAINT, C.EMAIL,
        "Жалба относно забавено издаване на удостоверение за търпимост", "angelova", 30),
    Doc("withdrawn", 1, "14:05", "94-00", IN, T.APPLICATION, C.DESK,
        "Заявление за издаване на удостоверение за идентичност на имена", "stoyanova", 7),
]

# Registered today, after all the others: a request the office is not competent for is
# forwarded at once; a request is withdrawn by its sender.
FORWARDED = Doc("river", 0, "", "70-00", IN, T.SIGNAL, C.DESK,
                "Сигнал за замърсяване на река Върбица от промишлено предприятие", "hasan", 60)
FORWARD_TO = "riosv"
WITHDRAW = "withdrawn"


def working_day(today: dt.date, ago: int) -> dt.date:
    """The working day (Monday-Friday) `ago` working days before `today`."""
    day = today
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    while ago > 0:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5:
            ago -= 1
    return day


def scan_pdf(title: str) -> bytes:
    """A one-page PDF standing in for the scan of a paper original."""
    text = title.encode("ascii", "replace").decode().replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 60 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# --------------------------------------------------------------------------------------
# Deadline control (DOMAIN.md 3): routing, resolutions, work done, an extension, an absence
# --------------------------------------------------------------------------------------

# The first resolver: applications for services (94-00) go to the secretary, the rest to
# the mayor.
ROUTING: list[tuple[str, str]] = [("94-00", "secretary"), ("", "mayor")]


@dataclass
class Work:
    """How a document of DOCUMENTS is resolved, on the day its first resolver must
    resolve it (the day it came, or the next working day after 14:30).

    `deadline`: ("after", N) calendar days after registration, moved to a working day;
    ("from_today", N) working days from today (the dashboards' overdue / due today / due
    soon work); None: the law's period, else 7 days. `via`: a director who resolves it
    further (cascade). `done`: the lead reports the task done that many working days ago.
    """

    key: str
    executors: tuple[str, ...]
    deadline: tuple[str, int] | None = None
    via: str = ""
    done: int | None = None
    task: str = "Да се разгледа и да се подготви отговор в срок."


WORK: list[Work] = [
    # done on time, then answered
    Work("skica", ("expert",), ("after", 14), done=19, task="Да се изготви скица на имота."),
    Work("naslednici", ("lawyer",), ("after", 7), done=24, task="Да се издаде удостоверение за наследници."),
    Work("help", ("social",), ("after", 14), done=6, task="Да се извърши социална анкета и да се предложи решение."),
    # answered after the deadline (the answer closes the task)
    Work("oblast-winter", ("builder",), ("after", 14), task="Да се подготви информация за готовността."),
    Work("zdoi-snow", ("taxes",), task="Да се подготви решение по заявлението."),
    # answered on time
    Work("lights", ("builder",), ("after", 40), task="Да се възстанови осветлението и да се уведоми подателят."),
    # overdue
    Work("grave", ("lawyer",), ("after", 14), task="Да се провери свободно гробно място и да се подготви разрешение."),
    Work("street", ("builder",), ("after", 10), task="Да се направи оглед и да се планира ремонт."),
    Work("dfz-check", ("expert",), ("after", 8), via="head", task="Да се подготвят документите за проверката."),
    Work("tolerance", ("expert",), ("after", 14), task="Да се изготви удостоверение за търпимост."),
    # due today and soon
    Work("tax", ("taxes",), ("from_today", 0), task="Да се издаде удостоверението."),
    Work("kiosk", ("expert", "builder"), ("from_today", 1), task="Да се подготви разрешение; строителство – становище."),
    Work("rzi", ("builder",), ("from_today", 2), task="Да се предприемат мерки и да се информира РЗИ."),
    Work("school", ("social",), ("from_today", 3), task="Да се провери правото на помощ."),
    Work("heating", ("social",), task="Да се издаде удостоверението."),
    Work("noise", ("lawyer",), task="Да се извърши проверка с полицията и да се отговори на жалбоподателя."),
    # later
    Work("land-lease", ("lawyer",), ("after", 30), task="Да се подготви предложение до Общинския съвет."),
    Work("permit", ("expert",), ("after", 28), via="head", task="Да се провери проектът и да се подготви разрешение."),
    Work("zdoi-contracts", ("lawyer",), task="Да се подготви решение; да се поиска съгласие от третите лица."),
    Work("benches", ("deputy",), task="Да се прецени възможността и да се отговори на предложението."),
    Work("dogs", ("builder",), task="Да се уведоми приютът и да се отговори на подателя."),
    Work("bus", ("builder",), task="Да се обсъди с превозвача и да се отговори."),
]
WORK_BY_KEY = {w.key: w for w in WORK}

# An answer on paper closes its case when it is handed over: (method, recipient).
DISPATCH = {"answer-skica": ("handover", "Ахмед Мехмед Хасан")}
# The request for public information is extended by its resolver (third parties are
# asked for consent), `ago` working days before today, to the latest date the law allows.
EXTEND = ("zdoi-contracts", 3, "Необходимо е съгласие на третите лица, за които се отнася информацията.")
# (employee, substitute, reason): absent from the working day before today to two
# working days after it.
ABSENCE = ("builder", "expert", "Платен годишен отпуск")


@dataclass
class PastCase:
    """A case of an earlier month, resolved, done and answered: the on-time history."""

    registered: dt.datetime
    subject: str
    who: str
    executor: str
    deadline: dt.date
    finished: dt.datetime
    reported_done: bool  # the executor reports it done; otherwise the answer closes it


_PAST_SUBJECTS = [
    "Искане за издаване на удостоверение за административен адрес",
    "Заявление за издаване на скица на поземлен имот",
    "Заявление за издаване на удостоверение за данъчна оценка",
    "Искане за издаване на удостоверение за липса на задължения",
    "Заявление за отпускане на еднократна социална помощ",
    "Заявление за издаване на разрешение за прекопаване на улица",
    "Искане за издаване на удостоверение за търпимост на строеж",
    "Заявление за заверка на план за безопасност и здраве",
]
_PAST_EXECUTORS = ["expert", "builder", "lawyer", "social", "taxes"]
_PAST_WHO = ["petrov", "hasan", "yusein", "kolev", "salieva", "hristov", "angelova", "mehmed", "georgiev"]


def _weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def past_cases(today: dt.date, months: int = 11) -> list[PastCase]:
    """Three applications in each of the 2nd to the `months`-th month before today's:
    resolved with a 10-day deadline; most finished in time, about one in four late."""
    tz = timezone.get_current_timezone()
    cases = []
    n = 0
    for back in range(months, 1, -1):
        index = today.year * 12 + today.month - 1 - back
        first = dt.date(index // 12, index % 12 + 1, 1)
        for j, day_of_month in enumerate((4, 11, 18)):
            registered = _weekday_on_or_after(first.replace(day=day_of_month))
            deadline = _weekday_on_or_after(registered + dt.timedelta(days=10))
            late = (back + j) % 4 == 0
            finished = _weekday_on_or_after(deadline + dt.timedelta(days=3) if late
                                            else registered + dt.timedelta(days=5 + j))
            cases.append(PastCase(
                registered=dt.datetime.combine(registered, dt.time(9 + j, 10), tzinfo=tz),
                subject=_PAST_SUBJECTS[n % len(_PAST_SUBJECTS)], who=_PAST_WHO[n % len(_PAST_WHO)],
                executor=_PAST_EXECUTORS[n % len(_PAST_EXECUTORS)], deadline=deadline,
                finished=dt.datetime.combine(finished, dt.time(15, 20), tzinfo=tz), reported_done=j != 2,
            ))
            n += 1
    return cases


def routing_seed(report: SeedReport) -> None:
    """The first resolver by index; the rule without an index is the default."""
    for code, username in ROUTING:
        index = Index.objects.filter(code=code).first() if code else None
        if RoutingRule.objects.filter(index=index, doc_type="").exists():
            continue
        control.routing_rule_add(actor=None, rule=RoutingRule(index=index, doc_type="",
                                                              resolver=User.objects.get(username=username)))
        report.routing_rules += 1


class ControlDemo:
    """Resolutions, reports of work done, answers, an extension and an absence, made
    through the control services in the order of time (`later` queues an action at its
    time; `run` performs them). The services date their work by `today=`; the case
    movements they record get the time of the event, like the registrations."""

    def __init__(self, *, users: dict[str, User], today: dt.date, report: SeedReport):
        self.users, self.today, self.report = users, today, report
        self.calendar = office_calendar()
        self.tz = timezone.get_current_timezone()
        self.queue: list = []
        self.seq = itertools.count()

    # ------------------------------------------------------------------ the clock

    def later(self, when: dt.datetime, action) -> None:
        heapq.heappush(self.queue, (when, next(self.seq), action))

    def run(self) -> None:
        while self.queue:
            when, _seq, action = heapq.heappop(self.queue)
            self.now = when
            last = CaseMovement.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            action()
            # the movements a control service just recorded happened at the event's time
            CaseMovement.objects.filter(pk__gt=last, at__gt=when).update(at=when)

    def day(self, day: dt.date, hour: int = 9, minute: int = 30) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=self.tz)

    def deadline(self, spec: tuple[str, int] | None, registered: dt.date) -> dt.date | None:
        if spec is None:
            return None
        how, n = spec
        if how == "after":
            return self.calendar.next_working_day(registered + dt.timedelta(days=n))
        if n >= 0:
            return self.calendar.add_working_days(self.today, n)
        day = self.today
        for _i in range(-n):
            day = previous_working_day(self.calendar, day)
        return day

    # ------------------------------------------------------------------ the work

    def resolve_later(self, plan: Work, entry: Entry, when: dt.datetime) -> None:
        """The first resolver resolves on the day he must (DOMAIN.md 3)."""
        task = Assignment.objects.filter(entry=entry, role=Assignment.Role.RESOLVE).first()
        if task is None:
            return
        resolve_at = when + dt.timedelta(hours=1) if task.deadline == when.date() else self.day(task.deadline)
        self.later(resolve_at, lambda: self.resolve(plan, entry, task, when.date()))

    def resolve(self, plan: Work, entry: Entry, task: Assignment, registered: dt.date) -> None:
        on = task.deadline
        deadline = self.deadline(plan.deadline, registered)
        executors = [self.users[name] for name in plan.executors]
        if plan.via:
            director = self.users[plan.via]
            own = self.calendar.next_working_day(deadline + dt.timedelta(days=2)) if deadline else None
            control.resolution_create(actor=task.assignee, assignment=task, kind=Resolution.Kind.EXECUTE,
                                      task="За изпълнение по компетентност.", executors=[director],
                                      deadline=own, today=on)
            task = Assignment.objects.get(entry=entry, assignee=director, status=Assignment.Status.OPEN)
        resolution = control.resolution_create(actor=task.assignee, assignment=task, kind=Resolution.Kind.EXECUTE,
                                               task=plan.task, executors=executors, deadline=deadline, today=on)
        self.report.resolutions += 1 + bool(plan.via)
        self.report.sent += 1  # the resolution sends the case file to the executor's unit
        if plan.done is not None:
            lead = resolution.assignments.get(is_lead=True)
            done_on = working_day(self.today, plan.done)
            self.later(self.day(done_on, 16, 0), lambda: control.assignment_complete(
                actor=lead.assignee, assignment=lead, note="Изпълнено.", today=done_on))

    def dispatch(self, entry: Entry, method: str, recipient: str, on: dt.date) -> None:
        control.entry_dispatch(actor=self.users["registrar"], entry=entry, method=method, on=on,
                               recipient_name=recipient)

    def extend(self, entry: Entry, reason: str) -> None:
        resolution = Resolution.objects.filter(entry=entry, kind=Resolution.Kind.EXECUTE).order_by("id").first()
        if resolution is None or resolution.deadline is None:
            return
        new = resolution.statutory_limit or resolution.deadline + dt.timedelta(days=14)
        control.deadline_extend(actor=resolution.resolver, resolution=resolution, new_deadline=new, reason=reason,
                                today=self.now.date())
        self.report.extensions += 1

    def past_case(self, case: PastCase, index: Index, people: dict[str, Correspondent]) -> None:
        registrar = self.users["registrar"]
        who = Correspondent(**vars(people[case.who]))
        entry = registry.entry_register(actor=registrar, now=case.registered, registration=Registration(
            kind=Kind.INCOMING, doc_type=DocumentType.APPLICATION, channel=Channel.DESK, subject=case.subject,
            index=index, correspondent=who))
        task = Assignment.objects.filter(entry=entry, role=Assignment.Role.RESOLVE).first()
        if task is None:
            return
        day = case.registered.date()
        resolution = control.resolution_create(
            actor=task.assignee, assignment=task, kind=Resolution.Kind.EXECUTE, task="Да се изпълни в срок.",
            executors=[self.users[case.executor]], deadline=case.deadline, today=day)
        self.report.resolutions += 1

        def finish() -> None:
            if case.reported_done:
                lead = resolution.assignments.get(is_lead=True)
                control.assignment_complete(actor=lead.assignee, assignment=lead, note="Изпълнено.",
                                            today=case.finished.date())
            registry.entry_register(actor=registrar, now=case.finished + dt.timedelta(minutes=30),
                                    registration=Registration(
                                        kind=Kind.OUTGOING, doc_type=DocumentType.ANSWER, channel=Channel.EMAIL,
                                        subject="Отговор: " + case.subject[0].lower() + case.subject[1:],
                                        answers=entry, correspondent=who))

        self.later(case.finished, finish)

    def absence(self) -> None:
        employee, substitute, reason = self.users[ABSENCE[0]], self.users[ABSENCE[1]], ABSENCE[2]
        control.absence_record(actor=employee, employee=employee,
                               first_day=previous_working_day(self.calendar, self.today),
                               last_day=self.calendar.add_working_days(self.today, 2), substitute=substitute,
                               reason=reason)
        self.report.absences += 1

    def count(self) -> None:
        open_work = Assignment.objects.filter(status=Assignment.Status.OPEN)
        self.report.open_tasks = open_work.count()
        self.report.overdue = open_work.filter(deadline__lt=self.today).count()


# --------------------------------------------------------------------------------------
# Seeding
# --------------------------------------------------------------------------------------


@dataclass
class SeedReport:
    units: int = 0
    positions: int = 0
    users: list[str] = field(default_factory=list)
    indexes: list[str] = field(default_factory=list)
    entries: int = 0
    cases: int = 0
    sent: int = 0
    routing_rules: int = 0
    resolutions: int = 0
    open_tasks: int = 0
    overdue: int = 0
    extensions: int = 0
    absences: int = 0
    services: int = 0
    info_requests: int = 0
    penal: dict = field(default_factory=dict)
    skipped_documents: str = ""

    def lines(self) -> list[str]:
        out = [
            f"units created: {self.units}",
            f"positions created: {self.positions}",
            f"users created: {', '.join(self.users) if self.users else 'none'}",
            f"indexes created: {', '.join(self.indexes) if self.indexes else 'none'}",
            f"routing rules created: {self.routing_rules}",
            f"catalogue services created: {self.services}",
        ]
        if self.skipped_documents:
            out.append(f"documents: none added ({self.skipped_documents})")
        else:
            out.append(f"documents registered: {self.entries} in {self.cases} case files, "
                       f"{self.sent} case files sent to units")
            out.append(f"resolutions: {self.resolutions}; open tasks: {self.open_tasks} ({self.overdue} overdue); "
                       f"extensions: {self.extensions}; absences: {self.absences}")
        out.append(f"requests for public information made: {self.info_requests}")
        if self.penal:
            out.append("penal proceedings made: " + ", ".join(f"{k} {v}" for k, v in self.penal.items()))
        return out


def organisation_seed(report: SeedReport) -> dict[str, Unit]:
    roles = roles_ensure()
    units: dict[str, Unit] = {}
    for code, name, kind, parent in UNITS:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            unit = unit_save(unit=Unit(code=code, name=name, kind=kind, parent=units.get(parent)))
            report.units += 1
        units[code] = unit
    positions: dict[tuple[str, str], Position] = {}
    for unit_code, name in POSITIONS:
        position, created = Position.objects.get_or_create(unit=units[unit_code], name=name)
        positions[(unit_code, name)] = position
        report.positions += int(created)
    for spec in USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(username=spec.username, first_name=spec.first_name, last_name=spec.last_name,
                        email=f"{spec.username}@momchilgrad.example", unit=units[spec.unit],
                        position=positions[(spec.unit, spec.position)],
                        is_staff=spec.superuser, is_superuser=spec.superuser)
            user.set_password(spec.username)
            user.save()
            report.users.append(spec.username)
        for role in spec.roles:
            user.groups.add(roles[role])
        for label in spec.permissions:
            app_label, codename = label.split(".")
            user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return units


def nomenclature_seed(report: SeedReport) -> dict[str, Index]:
    indexes = {}
    for code, name, years, scope, description in INDEXES:
        index = Index.objects.filter(code=code).first()
        if index is None:
            index = registry.index_save(actor=None, index=Index(
                code=code, name=name, retention_years=years, numbering_scope=scope, description=description))
            report.indexes.append(code)
        indexes[code] = index
    return indexes


def documents_seed(report: SeedReport, *, units: dict[str, Unit], indexes: dict[str, Index],
                   today: dt.date) -> None:
    if Entry.objects.exists():
        report.skipped_documents = f"the register already holds {Entry.objects.count()} entries"
        return
    users = {u.username: u for u in User.objects.filter(username__in=[s.username for s in USERS])}
    registrar, mayor = users["registrar"], users["mayor"]
    people = correspondents()
    made: dict[str, Entry] = {}
    rng = random.Random(572)
    tz = timezone.get_current_timezone()
    work = ControlDemo(users=users, today=today, report=report)

    def at(doc: Doc) -> dt.datetime:
        hour, minute = map(int, doc.time.split(":"))
        return dt.datetime.combine(working_day(today, doc.ago), dt.time(hour, minute), tzinfo=tz)

    def registration(doc: Doc) -> Registration:
        extra = dict(doc.extra)
        answers = made[doc.answers] if doc.answers else None
        related = made[doc.related] if doc.related else None
        day = working_day(today, doc.ago)
        files = []
        if doc.scan:
            files.append(ContentFile(scan_pdf(f"Momchilgrad - scan - {doc.key}"), name=f"{doc.key}-scan.pdf"))
        who = people[doc.who] if doc.who else Correspondent()
        return Registration(
            kind=doc.kind, doc_type=doc.doc_type, channel=doc.channel, subject=doc.subject,
            index=None if answers else indexes[doc.index],
            correspondent=Correspondent(**vars(who)),
            pages=rng.randint(1, 6), deadline=day + dt.timedelta(days=doc.deadline_days) if doc.deadline_days else None,
            answers=answers, related=related, relation=Entry.Relation.AMENDS if related else "",
            attachments_description="скица, нотариален акт (копие)" if doc.scan else "",
            files=files, **extra,
        )

    def register(doc: Doc) -> None:
        when = at(doc)
        entry = registry.entry_register(actor=registrar, registration=registration(doc), now=when)
        made[doc.key] = entry
        plan = WORK_BY_KEY.get(doc.key)
        if plan is not None:
            work.resolve_later(plan, entry, when)  # the resolution sends the case to the executor's unit
        elif doc.send_to:
            registry.case_send(actor=mayor, case=entry.case, unit=units[doc.send_to],
                               note="За изпълнение по компетентност.", now=when + dt.timedelta(hours=2))
            report.sent += 1
        if doc.key in DISPATCH:
            method, recipient = DISPATCH[doc.key]
            work.later(when + dt.timedelta(minutes=40), lambda: work.dispatch(entry, method, recipient, when.date()))
        if doc.key == EXTEND[0]:
            work.later(dt.datetime.combine(working_day(today, EXTEND[1]), dt.time(11, 0), tzinfo=tz),
                       lambda: work.extend(entry, EXTEND[2]))

    # Everything happens in the order of time: the past months' finished cases, then the
    # last weeks' documents with their resolutions, reports of work done and answers.
    for case in past_cases(today):
        work.later(case.registered, lambda case=case: work.past_case(case, indexes["94-00"], people))
    for doc in DOCUMENTS:
        work.later(at(doc), lambda doc=doc: register(doc))
    work.run()

    # Today: a signal outside the office's competence, forwarded at once; a withdrawal.
    river = registry.entry_register(actor=registrar, registration=registration(FORWARDED))
    made[FORWARDED.key] = river
    registry.case_forward(actor=registrar, case=river.case, body=Correspondent(**vars(people[FORWARD_TO])),
                          note="Сигналът е препратен по компетентност; подателят е уведомен.")
    withdrawn = CaseFile.objects.get(pk=made[WITHDRAW].case_id)
    registry.case_withdraw(actor=registrar, case=withdrawn, notes="Оттеглено писмено от заявителя на гишето.")

    # An anonymous document with insults is not registered: it is logged for the Secretary.
    if not OffensiveAnonymousRecord.objects.exists():
        registry.offensive_anonymous_log(
            actor=registrar, channel=Channel.POST,
            description="Анонимно писмо с обидни изрази към служители; не е регистрирано, предадено на секретаря.",
        )
    work.absence()

    report.entries = Entry.objects.count()
    report.cases = CaseFile.objects.count()
    work.count()


def demo_seed(*, today: dt.date | None = None) -> SeedReport:
    """Create the demo municipality where it is missing; returns what was created."""
    report = SeedReport()
    today = today or timezone.localdate()
    with transaction.atomic():
        units = organisation_seed(report)
        indexes = nomenclature_seed(report)
        routing_seed(report)
        report.services = catalogue_seed(units)
        documents_seed(report, units=units, indexes=indexes, today=today)
        report.info_requests = publicinfo_demo.demo_seed(today=today, units=units, report=report)
        penal_demo.demo_seed(today=today, units=units, report=report)
    return report
