"""The demo catalogue of Община Момчилград: real municipal services of the national
register of administrative services (codes of the register, Bulgarian texts with English,
Polish and Ukrainian translations), their legal basis, documents, fees in EUR per tier,
technology cards across the demo units, channels and life situations (DOMAIN.md 1).

`catalogue_seed(units)` is idempotent: life situations and services are created only when
missing (by code); an existing service is left as the office edited it. Fees are
illustrative amounts of a municipal ordinance on local fees, converted to EUR.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from kancelaria.accounts.models import Unit
from kancelaria.registry.models import Index

from .models import FeeTier, LifeSituation, RequiredDocument, Service, TechnologyStep

DEMO_INDEX = "94-00"

# --------------------------------------------------------------------------------------
# Life situations
# --------------------------------------------------------------------------------------

SITUATIONS: list[tuple[str, dict]] = [
    ("family", {"bg": "Раждане и семейство", "en": "Birth and family", "pl": "Narodziny i rodzina",
                "uk": "Народження і сім'я"}),
    ("inheritance", {"bg": "Смърт и наследяване", "en": "Death and inheritance", "pl": "Śmierć i dziedziczenie",
                     "uk": "Смерть і спадкування"}),
    ("address", {"bg": "Адрес и местоживеене", "en": "Address and residence", "pl": "Adres i zamieszkanie",
                 "uk": "Адреса і місце проживання"}),
    ("property", {"bg": "Имоти и строителство", "en": "Property and construction",
                  "pl": "Nieruchomości i budownictwo", "uk": "Нерухомість і будівництво"}),
    ("taxes", {"bg": "Местни данъци и такси", "en": "Local taxes and fees", "pl": "Podatki i opłaty lokalne",
               "uk": "Місцеві податки і збори"}),
    ("business", {"bg": "Бизнес и търговия", "en": "Business and trade", "pl": "Działalność gospodarcza i handel",
                  "uk": "Бізнес і торгівля"}),
]

# --------------------------------------------------------------------------------------
# Laws: the legal basis is written from (law, article, paragraph) in every language.
# --------------------------------------------------------------------------------------

LAWS: dict[str, dict[str, str]] = {
    "zgr": {"bg": "Закон за гражданската регистрация", "en": "Civil Registration Act",
            "pl": "Ustawa o rejestracji cywilnej", "uk": "Закон про цивільну реєстрацію"},
    "zmdt": {"bg": "Закон за местните данъци и такси", "en": "Local Taxes and Fees Act",
             "pl": "Ustawa o podatkach i opłatach lokalnych", "uk": "Закон про місцеві податки і збори"},
    "zut": {"bg": "Закон за устройство на територията", "en": "Spatial Development Act",
            "pl": "Ustawa o zagospodarowaniu przestrzennym", "uk": "Закон про облаштування території"},
    "dopk": {"bg": "Данъчно-осигурителен процесуален кодекс", "en": "Tax and Social Insurance Procedure Code",
             "pl": "Kodeks postępowania podatkowego i ubezpieczeniowego",
             "uk": "Податково-страховий процесуальний кодекс"},
    "zvmd": {"bg": "Закон за ветеринарномедицинската дейност", "en": "Veterinary Activities Act",
             "pl": "Ustawa o działalności weterynaryjnej", "uk": "Закон про ветеринарну діяльність"},
    "zkir": {"bg": "Закон за кадастъра и имотния регистър", "en": "Cadastre and Property Register Act",
             "pl": "Ustawa o katastrze i rejestrze nieruchomości", "uk": "Закон про кадастр і реєстр нерухомості"},
    "naredba": {"bg": "Наредба за определянето и администрирането на местните такси и цени на услуги "
                      "на територията на Община Момчилград",
                "en": "Ordinance on determining and administering local fees and prices of services "
                      "in Momchilgrad Municipality",
                "pl": "Rozporządzenie w sprawie ustalania i administrowania opłat lokalnych i cen usług "
                      "w gminie Momczilgrad",
                "uk": "Положення про визначення та адміністрування місцевих зборів і цін на послуги "
                      "в общині Момчилград"},
    "trade": {"bg": "Наредба за реда и условията за извършване на търговска дейност на територията "
                    "на Община Момчилград",
              "en": "Ordinance on the conduct of trade in Momchilgrad Municipality",
              "pl": "Rozporządzenie w sprawie prowadzenia działalności handlowej w gminie Momczilgrad",
              "uk": "Положення про порядок здійснення торговельної діяльності в общині Момчилград"},
}
_ARTICLE = {"bg": "чл. {a}", "en": "Art. {a}", "pl": "art. {a}", "uk": "ст. {a}"}
_PARAGRAPH = {"bg": ", ал. {p}", "en": "({p})", "pl": " ust. {p}", "uk": ", ч. {p}"}


def legal_basis(*refs: tuple) -> dict[str, str]:
    """refs: (law, article, paragraph or None); article may be a text such as "§ 16 ПР"."""
    result = {}
    for lang in ("bg", "en", "pl", "uk"):
        parts = []
        for law, article, paragraph in refs:
            if article is None:
                parts.append(LAWS[law][lang])
                continue
            where = article if isinstance(article, dict) else _ARTICLE[lang].format(a=article)
            if isinstance(where, dict):
                where = where[lang]
            if paragraph:
                where += _PARAGRAPH[lang].format(p=paragraph)
            parts.append(f"{LAWS[law][lang]}, {where}")
        result[lang] = "; ".join(parts)
    return result


# --------------------------------------------------------------------------------------
# Texts shared by several services
# --------------------------------------------------------------------------------------

def T(bg: str, en: str, pl: str, uk: str) -> dict[str, str]:  # noqa: N802 - a short constructor
    return {"bg": bg, "en": en, "pl": pl, "uk": uk}


APPLICATION = T("Заявление по образец", "Application on the standard form", "Wniosek według wzoru",
                "Заява за зразком")
IDENTITY = T("Документ за самоличност (показва се)", "Identity document (shown at the desk)",
             "Dokument tożsamości (do okazania)", "Документ, що посвідчує особу (пред'являється)")
PROXY = T("Нотариално заверено пълномощно, когато заявлението се подава от пълномощник",
          "Notarised power of attorney, when an authorised person applies",
          "Notarialnie poświadczone pełnomocnictwo, gdy wniosek składa pełnomocnik",
          "Нотаріально засвідчена довіреність, якщо заяву подає представник")
OWNERSHIP = T("Документ за собственост или за учредено право на строеж",
              "Title deed or document granting the right to build",
              "Akt własności lub dokument ustanawiający prawo zabudowy",
              "Документ про право власності або про право забудови")
FEE_RECEIPT = T("Документ за платена такса, когато не е платена на място",
                "Proof of payment of the fee, when not paid at the desk",
                "Dowód uiszczenia opłaty, jeśli nie zapłacono na miejscu",
                "Документ про сплату збору, якщо його не сплачено на місці")
CIVIL_REGISTER = T("Данни от регистъра на актовете за гражданско състояние",
                   "Data from the register of civil status records",
                   "Dane z rejestru aktów stanu cywilnego", "Дані з реєстру актів цивільного стану")
POPULATION_REGISTER = T("Данни от Националната база данни „Население“",
                        "Data from the national population database",
                        "Dane z krajowej bazy danych ludności", "Дані з національної бази даних «Населення»")
CADASTRE = T("Скица от кадастралната карта (служебно от Агенцията по геодезия, картография и кадастър)",
             "Sketch from the cadastral map (obtained from the Geodesy, Cartography and Cadastre Agency)",
             "Wyrys z mapy katastralnej (pozyskiwany z Agencji Geodezji, Kartografii i Katastru)",
             "Витяг з кадастрової карти (отримується від Агентства геодезії, картографії та кадастру)")
TAX_RECORD = T("Данни от данъчния регистър на общината", "Data from the municipality's tax register",
               "Dane z gminnego rejestru podatkowego", "Дані з податкового реєстру общини")

RECEIVE = T("Приемане и регистриране на заявлението", "Receiving and registering the application",
            "Przyjęcie i rejestracja wniosku", "Приймання та реєстрація заяви")
HAND_OVER = T("Предаване на резултата на заявителя", "Handing the result to the applicant",
              "Przekazanie wyniku wnioskodawcy", "Передача результату заявникові")
SIGN_MAYOR = T("Подписване от кмета или упълномощен заместник-кмет",
               "Signature of the mayor or an authorised deputy mayor",
               "Podpis burmistrza lub upoważnionego zastępcy", "Підпис кмета або уповноваженого заступника")
SIGN_ARCHITECT = T("Одобряване и подписване от главния архитект", "Approval and signature of the chief architect",
                   "Zatwierdzenie i podpis głównego architekta", "Погодження і підпис головного архітектора")

ANYONE = T("Всяко заинтересовано лице", "Any interested person", "Każda zainteresowana osoba",
           "Будь-яка заінтересована особа")
THE_PERSON = T("Лицето, за което се отнася, или упълномощено от него лице",
               "The person concerned, or someone they have authorised",
               "Osoba, której dotyczy, lub osoba przez nią upoważniona",
               "Особа, якої це стосується, або уповноважена нею особа")
HEIR = T("Наследник или упълномощено от него лице", "An heir, or someone an heir has authorised",
         "Spadkobierca lub osoba przez niego upoważniona", "Спадкоємець або уповноважена ним особа")
OWNER = T("Собственикът на имота, лице с вещно право върху него или упълномощено лице",
          "The owner of the property, a holder of a real right in it, or an authorised person",
          "Właściciel nieruchomości, osoba mająca do niej prawo rzeczowe lub osoba upoważniona",
          "Власник нерухомості, особа з речовим правом на неї або уповноважена особа")
TAXPAYER = T("Задълженото лице (данъкоплатецът) или упълномощено от него лице",
             "The taxpayer, or someone the taxpayer has authorised",
             "Podatnik lub osoba przez niego upoważniona", "Платник податків або уповноважена ним особа")
TRADER = T("Търговец – собственик или ползвател на търговския обект",
           "A trader who owns or uses the commercial premises",
           "Przedsiębiorca będący właścicielem lub użytkownikiem obiektu handlowego",
           "Підприємець – власник або користувач торговельного об'єкта")

DESK, POST, EMAIL, PORTAL, E_DELIVERY = "desk", "post", "email", "portal", "e_delivery"
ALL_SUBMIT = [DESK, POST, EMAIL, E_DELIVERY, PORTAL]
ALL_RECEIVE = [DESK, POST, EMAIL, E_DELIVERY]


@dataclass
class Spec:
    code: str
    name: dict
    description: dict
    unit: str
    legal: dict
    who: dict
    situations: list[str]
    documents: list[tuple[dict, str, bool]]  # (name, source, mandatory)
    fees: list[tuple[str, str, int]]  # (tier, amount EUR, days)
    steps: list[tuple[str, dict, int]]  # (unit code, title, working days)
    submit: list[str] = field(default_factory=lambda: list(ALL_SUBMIT))
    receive: list[str] = field(default_factory=lambda: list(ALL_RECEIVE))


A, O = RequiredDocument.Source.APPLICANT, RequiredDocument.Source.OFFICE  # noqa: E741
R, F, X = FeeTier.Tier.REGULAR, FeeTier.Tier.FAST, FeeTier.Tier.EXPRESS
BASIC = [(APPLICATION, A, True), (IDENTITY, A, True), (PROXY, A, False)]
CIVIL_FEES = [(R, "2.60", 7), (F, "5.10", 3), (X, "7.70", 1)]
NAREDBA = ("naredba", None, None)

SERVICES: list[Spec] = [
    Spec("2079",
         T("Издаване на удостоверение за наследници", "Issuing a certificate of heirs",
           "Wydanie zaświadczenia o spadkobiercach", "Видача довідки про спадкоємців"),
         T("Удостоверението посочва наследниците по закон на починало лице. Нужно е за наследяване на имоти, "
           "банкови сметки и пенсии.",
           "The certificate names the legal heirs of a deceased person. It is needed to inherit property, "
           "bank accounts and pensions.",
           "Zaświadczenie wskazuje ustawowych spadkobierców zmarłej osoby. Jest potrzebne do dziedziczenia "
           "nieruchomości, rachunków bankowych i emerytur.",
           "Довідка визначає спадкоємців за законом померлої особи. Потрібна для успадкування нерухомості, "
           "банківських рахунків і пенсій."),
         "apo", legal_basis(("zgr", 24, 1), NAREDBA), HEIR, ["inheritance", "family"],
         [*BASIC, (T("Акт за смърт на наследодателя", "Death certificate of the deceased",
                     "Akt zgonu spadkodawcy", "Свідоцтво про смерть спадкодавця"), O, True),
          (CIVIL_REGISTER, O, True)],
         [(R, "5.10", 7), (F, "10.20", 3), (X, "15.30", 1)],
         [("cao", RECEIVE, 1),
          ("apo", T("Проверка в регистрите и изготвяне на удостоверението",
                    "Checking the registers and preparing the certificate",
                    "Sprawdzenie rejestrów i przygotowanie zaświadczenia",
                    "Перевірка реєстрів і підготовка довідки"), 4),
          ("apo", SIGN_MAYOR, 1), ("cao", HAND_OVER, 1)]),
    Spec("2094",
         T("Издаване на удостоверение за постоянен адрес", "Issuing a certificate of permanent address",
           "Wydanie zaświadczenia o adresie stałym", "Видача довідки про постійну адресу"),
         T("Удостоверява постоянния адрес на лицето, вписан в регистъра на населението.",
           "Certifies the person's permanent address as recorded in the population register.",
           "Poświadcza adres stały osoby wpisany do rejestru ludności.",
           "Засвідчує постійну адресу особи, внесену до реєстру населення."),
         "apo", legal_basis(("zgr", 24, 1), ("zgr", 106, 1), NAREDBA), THE_PERSON, ["address"],
         [*BASIC, (POPULATION_REGISTER, O, True)],
         CIVIL_FEES,
         [("cao", RECEIVE, 1), ("apo", T("Справка в регистъра на населението и изготвяне на удостоверението",
                                         "Looking up the population register and preparing the certificate",
                                         "Sprawdzenie rejestru ludności i przygotowanie zaświadczenia",
                                         "Довідка в реєстрі населення і підготовка довідки"), 1),
          ("cao", HAND_OVER, 1)]),
    Spec("2092",
         T("Издаване на удостоверение за настоящ адрес", "Issuing a certificate of current address",
           "Wydanie zaświadczenia o adresie bieżącym", "Видача довідки про теперішню адресу"),
         T("Удостоверява настоящия адрес – там, където лицето живее в момента.",
           "Certifies the current address – where the person lives now.",
           "Poświadcza adres bieżący – miejsce, w którym osoba obecnie mieszka.",
           "Засвідчує теперішню адресу – місце, де особа зараз проживає."),
         "apo", legal_basis(("zgr", 24, 1), ("zgr", 106, 1), NAREDBA), THE_PERSON, ["address"],
         [*BASIC, (POPULATION_REGISTER, O, True)],
         CIVIL_FEES,
         [("cao", RECEIVE, 1), ("apo", T("Справка в регистъра на населението и изготвяне на удостоверението",
                                         "Looking up the population register and preparing the certificate",
                                         "Sprawdzenie rejestru ludności i przygotowanie zaświadczenia",
                                         "Довідка в реєстрі населення і підготовка довідки"), 1),
          ("cao", HAND_OVER, 1)]),
    Spec("2093",
         T("Адресна регистрация при заявяване или промяна на настоящ адрес",
           "Registering or changing a current address",
           "Rejestracja lub zmiana adresu bieżącego", "Реєстрація або зміна теперішньої адреси"),
         T("Вписване на нов настоящ адрес в регистъра на населението. Адресната регистрация е безплатна.",
           "Recording a new current address in the population register. Address registration is free.",
           "Wpisanie nowego adresu bieżącego do rejestru ludności. Rejestracja adresu jest bezpłatna.",
           "Внесення нової теперішньої адреси до реєстру населення. Реєстрація адреси безкоштовна."),
         "apo", legal_basis(("zgr", 92, None), ("zgr", 99, None)), THE_PERSON, ["address"],
         [(T("Адресна карта за заявяване на настоящ адрес", "Address card declaring the current address",
             "Karta adresowa zgłoszenia adresu bieżącego", "Адресна картка про теперішню адресу"), A, True),
          (IDENTITY, A, True),
          (T("Документ за собственост или договор за наем, или писмено съгласие на собственика",
             "Title deed, tenancy agreement, or the owner's written consent",
             "Akt własności, umowa najmu lub pisemna zgoda właściciela",
             "Документ про власність, договір оренди або письмова згода власника"), A, True),
          (POPULATION_REGISTER, O, True)],
         [(R, "0.00", 1)],
         [("cao", RECEIVE, 1), ("apo", T("Вписване на адреса в регистъра на населението",
                                         "Recording the address in the population register",
                                         "Wpis adresu do rejestru ludności",
                                         "Внесення адреси до реєстру населення"), 1)],
         submit=[DESK], receive=[DESK]),
    Spec("2057",
         T("Издаване на дубликат на удостоверение за раждане", "Issuing a duplicate birth certificate",
           "Wydanie duplikatu aktu urodzenia", "Видача дубліката свідоцтва про народження"),
         T("Нов екземпляр на удостоверението за раждане, когато първото е изгубено, унищожено или повредено.",
           "A new copy of the birth certificate when the first one is lost, destroyed or damaged.",
           "Nowy egzemplarz aktu urodzenia, gdy pierwszy został zgubiony, zniszczony lub uszkodzony.",
           "Новий примірник свідоцтва про народження, якщо перше втрачене, знищене або пошкоджене."),
         "apo", legal_basis(("zgr", 40, 2), NAREDBA), THE_PERSON, ["family"],
         [*BASIC, (T("Акт за раждане", "Birth record", "Akt urodzenia", "Актовий запис про народження"), O, True)],
         [(R, "5.10", 7), (F, "10.20", 3), (X, "15.30", 1)],
         [("cao", RECEIVE, 1), ("apo", T("Изготвяне на дубликата от акта за раждане",
                                         "Preparing the duplicate from the birth record",
                                         "Przygotowanie duplikatu na podstawie aktu urodzenia",
                                         "Підготовка дубліката за актовим записом"), 4),
          ("cao", HAND_OVER, 1)]),
    Spec("2116",
         T("Издаване на удостоверение за семейно положение", "Issuing a certificate of marital status",
           "Wydanie zaświadczenia o stanie cywilnym", "Видача довідки про сімейний стан"),
         T("Удостоверява семейното положение на лицето – например за сключване на брак в чужбина.",
           "Certifies the person's marital status – for example, to marry abroad.",
           "Poświadcza stan cywilny osoby – na przykład w celu zawarcia małżeństwa za granicą.",
           "Засвідчує сімейний стан особи – наприклад, для укладення шлюбу за кордоном."),
         "apo", legal_basis(("zgr", 24, 1), NAREDBA), THE_PERSON, ["family"],
         [*BASIC, (CIVIL_REGISTER, O, True), (POPULATION_REGISTER, O, True)],
         CIVIL_FEES,
         [("cao", RECEIVE, 1), ("apo", T("Проверка в регистрите и изготвяне на удостоверението",
                                         "Checking the registers and preparing the certificate",
                                         "Sprawdzenie rejestrów i przygotowanie zaświadczenia",
                                         "Перевірка реєстрів і підготовка довідки"), 3),
          ("cao", HAND_OVER, 1)]),
    Spec("2006",
         T("Издаване на удостоверение за идентичност на лице с различни имена",
           "Issuing a certificate of identity of a person with different names",
           "Wydanie zaświadczenia o tożsamości osoby o różnych imionach i nazwiskach",
           "Видача довідки про тотожність особи з різними іменами"),
         T("Удостоверява, че документи с различно изписани имена се отнасят за едно и също лице.",
           "Certifies that documents with differently written names refer to the same person.",
           "Poświadcza, że dokumenty z różnie zapisanymi imionami i nazwiskami dotyczą tej samej osoby.",
           "Засвідчує, що документи з різним написанням імен стосуються однієї й тієї ж особи."),
         "apo", legal_basis(("zgr", 24, 1), NAREDBA), THE_PERSON, ["family", "inheritance"],
         [*BASIC, (T("Документи, в които имената са изписани различно",
                     "Documents in which the names are written differently",
                     "Dokumenty, w których imiona i nazwiska zapisano różnie",
                     "Документи, у яких імена написані по-різному"), A, True),
          (CIVIL_REGISTER, O, True)],
         [(R, "5.10", 7), (F, "10.20", 3), (X, "15.30", 1)],
         [("cao", RECEIVE, 1), ("apo", T("Проверка на документите и в регистрите",
                                         "Checking the documents and the registers",
                                         "Sprawdzenie dokumentów i rejestrów", "Перевірка документів і реєстрів"), 4),
          ("apo", SIGN_MAYOR, 1), ("cao", HAND_OVER, 1)]),
    Spec("2153",
         T("Издаване на удостоверение за данъчна оценка на недвижим имот",
           "Issuing a certificate of the tax valuation of real property",
           "Wydanie zaświadczenia o wycenie podatkowej nieruchomości",
           "Видача довідки про податкову оцінку нерухомого майна"),
         T("Удостоверението посочва данъчната оценка на имота. Нужно е при продажба, дарение, наследяване "
           "и пред нотариус.",
           "The certificate states the tax valuation of a property. It is needed to sell, donate or inherit "
           "property and at the notary.",
           "Zaświadczenie podaje wycenę podatkową nieruchomości. Jest potrzebne przy sprzedaży, darowiźnie, "
           "dziedziczeniu i u notariusza.",
           "Довідка зазначає податкову оцінку майна. Потрібна для продажу, дарування, спадкування та "
           "в нотаріуса."),
         "fb-danaci", legal_basis(("zmdt", 264, 1), ("zmdt", 110, 1), NAREDBA), OWNER,
         ["property", "taxes", "inheritance"],
         [*BASIC, (OWNERSHIP, A, True), (CADASTRE, O, True), (TAX_RECORD, O, True)],
         [(R, "10.20", 5), (F, "20.40", 3), (X, "30.70", 1)],
         [("cao", RECEIVE, 1), ("fb-danaci", T("Изчисляване на данъчната оценка и изготвяне на удостоверението",
                                               "Computing the tax valuation and preparing the certificate",
                                               "Obliczenie wyceny podatkowej i przygotowanie zaświadczenia",
                                               "Розрахунок податкової оцінки і підготовка довідки"), 3),
          ("cao", HAND_OVER, 1)]),
    Spec("2135",
         T("Издаване на удостоверение за наличие или липса на задължения",
           "Issuing a certificate of outstanding or no outstanding local tax liabilities",
           "Wydanie zaświadczenia o istnieniu lub braku zaległości podatkowych",
           "Видача довідки про наявність або відсутність заборгованості"),
         T("Удостоверява дали лицето дължи местни данъци и такси на общината.",
           "Certifies whether the person owes local taxes and fees to the municipality.",
           "Poświadcza, czy osoba ma zaległości w podatkach i opłatach lokalnych wobec gminy.",
           "Засвідчує, чи має особа заборгованість з місцевих податків і зборів перед общиною."),
         "fb-danaci", legal_basis(("dopk", 87, 6), ("zmdt", 4, None)), TAXPAYER, ["taxes", "business"],
         [*BASIC, (TAX_RECORD, O, True)],
         [(R, "0.00", 7), (F, "5.10", 3)],
         [("cao", RECEIVE, 1), ("fb-danaci", T("Проверка на задълженията в данъчния регистър",
                                               "Checking liabilities in the tax register",
                                               "Sprawdzenie zobowiązań w rejestrze podatkowym",
                                               "Перевірка зобов'язань у податковому реєстрі"), 5),
          ("cao", HAND_OVER, 1)]),
    Spec("2131",
         T("Издаване на удостоверение за декларирани данни", "Issuing a certificate of declared data",
           "Wydanie zaświadczenia o zadeklarowanych danych", "Видача довідки про задекларовані дані"),
         T("Удостоверява данните, които лицето е декларирало пред общината за имоти и превозни средства.",
           "Certifies what the person has declared to the municipality about property and vehicles.",
           "Poświadcza dane zadeklarowane przez osobę w gminie w sprawie nieruchomości i pojazdów.",
           "Засвідчує дані, задекларовані особою в общині щодо майна і транспортних засобів."),
         "fb-danaci", legal_basis(("dopk", 87, 10), NAREDBA), TAXPAYER, ["taxes"],
         [*BASIC, (TAX_RECORD, O, True)],
         [(R, "5.10", 7), (F, "10.20", 3), (X, "15.30", 1)],
         [("cao", RECEIVE, 1), ("fb-danaci", T("Справка в данъчния регистър и изготвяне на удостоверението",
                                               "Looking up the tax register and preparing the certificate",
                                               "Sprawdzenie rejestru podatkowego i przygotowanie zaświadczenia",
                                               "Довідка в податковому реєстрі і підготовка довідки"), 5),
          ("cao", HAND_OVER, 1)]),
    Spec("2073",
         T("Издаване на скица на поземлен имот", "Issuing a sketch of a land property",
           "Wydanie szkicu działki gruntu", "Видача схеми земельної ділянки"),
         T("Скица на имота по действащия подробен устройствен план, с регулационните линии и застрояването.",
           "A sketch of the property under the detailed development plan in force, with the regulation lines "
           "and buildings.",
           "Szkic działki według obowiązującego szczegółowego planu zagospodarowania, z liniami regulacyjnymi "
           "i zabudową.",
           "Схема ділянки за чинним детальним планом забудови, з лініями регулювання і забудовою."),
         "ut-kadastar", legal_basis(("zut", 133, 1), ("zkir", 52, None), NAREDBA), OWNER, ["property"],
         [*BASIC, (OWNERSHIP, A, True), (CADASTRE, O, False)],
         [(R, "10.20", 7), (F, "20.40", 3), (X, "30.70", 1)],
         [("cao", RECEIVE, 1), ("ut-kadastar", T("Изготвяне на скицата по подробния устройствен план",
                                                 "Drawing the sketch from the detailed development plan",
                                                 "Przygotowanie szkicu według planu zagospodarowania",
                                                 "Підготовка схеми за детальним планом"), 4),
          ("ut", SIGN_ARCHITECT, 1), ("cao", HAND_OVER, 1)]),
    Spec("1996",
         T("Издаване на виза за проектиране", "Issuing a design permission (design visa)",
           "Wydanie wizy projektowej (warunków zabudowy)", "Видача візи на проєктування"),
         T("Виза с изискванията, по които се проектира строеж в имота, според подробния устройствен план.",
           "A visa stating the requirements for designing a building on the property under the detailed "
           "development plan.",
           "Wiza określająca wymagania dla projektowania budynku na działce zgodnie z planem zagospodarowania.",
           "Віза з вимогами для проєктування будівлі на ділянці відповідно до детального плану."),
         "ut-kadastar", legal_basis(("zut", 140, None), NAREDBA), OWNER, ["property"],
         [*BASIC, (OWNERSHIP, A, True), (CADASTRE, O, True),
          (T("Скица на имота по подробния устройствен план", "Sketch of the property under the detailed plan",
             "Szkic działki według planu zagospodarowania", "Схема ділянки за детальним планом"), O, True)],
         [(R, "25.60", 14), (F, "51.10", 7)],
         [("cao", RECEIVE, 1), ("ut-kadastar", T("Проверка на плана и изготвяне на визата",
                                                 "Checking the plan and preparing the visa",
                                                 "Sprawdzenie planu i przygotowanie wizy",
                                                 "Перевірка плану і підготовка візи"), 10),
          ("ut", SIGN_ARCHITECT, 2), ("cao", HAND_OVER, 1)]),
    Spec("1987",
         T("Издаване на разрешение за строеж", "Issuing a building permit", "Wydanie pozwolenia na budowę",
           "Видача дозволу на будівництво"),
         T("Разрешение да се построи сграда или съоръжение по одобрения инвестиционен проект.",
           "Permission to build a building or structure under the approved investment project.",
           "Pozwolenie na budowę budynku lub obiektu według zatwierdzonego projektu inwestycyjnego.",
           "Дозвіл на будівництво будівлі або споруди за затвердженим інвестиційним проєктом."),
         "ut-stroitelstvo", legal_basis(("zut", 148, None), ("zut", 149, None), NAREDBA), OWNER, ["property"],
         [*BASIC, (OWNERSHIP, A, True),
          (T("Одобрен инвестиционен проект", "Approved investment project", "Zatwierdzony projekt inwestycyjny",
             "Затверджений інвестиційний проєкт"), A, True),
          (T("Виза за проектиране", "Design visa", "Wiza projektowa", "Віза на проєктування"), O, True),
          (CADASTRE, O, True)],
         [(R, "51.10", 7)],
         [("cao", RECEIVE, 1), ("ut-stroitelstvo", T("Проверка на проекта и на документите",
                                                     "Checking the project and the documents",
                                                     "Sprawdzenie projektu i dokumentów",
                                                     "Перевірка проєкту і документів"), 4),
          ("ut", SIGN_ARCHITECT, 1), ("cao", HAND_OVER, 1)]),
    Spec("2046",
         T("Издаване на удостоверение за търпимост на строеж", "Issuing a certificate of tolerance of a building",
           "Wydanie zaświadczenia o tolerowaniu obiektu budowlanego",
           "Видача довідки про допустимість (терпимість) будівлі"),
         T("Удостоверява, че стар строеж без строителни книжа може да остане, защото е допустим по правилата "
           "от времето на построяването и сега.",
           "Certifies that an old building without permits may stay because it was allowed by the rules then "
           "and is allowed now.",
           "Poświadcza, że stary obiekt bez pozwoleń może pozostać, bo był dopuszczalny według ówczesnych "
           "i obecnych przepisów.",
           "Засвідчує, що стара будівля без дозвільних документів може залишитися, бо була допустимою за "
           "правилами того часу і тепер."),
         "ut-stroitelstvo",
         legal_basis(("zut", {"bg": "§ 16 от преходните разпоредби", "en": "§ 16 of the transitional provisions",
                              "pl": "§ 16 przepisów przejściowych", "uk": "§ 16 перехідних положень"}, None),
                     NAREDBA),
         OWNER, ["property"],
         [*BASIC, (OWNERSHIP, A, True),
          (T("Архитектурно заснемане на строежа", "Architectural survey of the building",
             "Inwentaryzacja architektoniczna obiektu", "Архітектурні обміри будівлі"), A, True),
          (T("Декларации от двама свидетели за годината на построяване",
             "Declarations of two witnesses on the year of construction",
             "Oświadczenia dwóch świadków o roku budowy", "Декларації двох свідків про рік будівництва"), A, True),
          (CADASTRE, O, True)],
         [(R, "51.10", 30), (F, "102.30", 14)],
         [("cao", RECEIVE, 1), ("ut-stroitelstvo", T("Оглед на място и проверка на документите",
                                                     "Site inspection and checking the documents",
                                                     "Oględziny na miejscu i sprawdzenie dokumentów",
                                                     "Огляд на місці і перевірка документів"), 20),
          ("ut", SIGN_ARCHITECT, 5), ("cao", HAND_OVER, 1)]),
    Spec("2076",
         T("Издаване на разрешение за поставяне на преместваем обект",
           "Issuing a permit to place a movable object (kiosk, stall)",
           "Wydanie zezwolenia na umieszczenie obiektu przenośnego (kiosku, stoiska)",
           "Видача дозволу на розміщення пересувного об'єкта (кіоску, павільйону)"),
         T("Разрешение за поставяне на павилион, будка, маса или друг преместваем обект на общинска или "
           "частна земя.",
           "Permission to place a kiosk, stall, table or other movable object on municipal or private land.",
           "Zezwolenie na umieszczenie pawilonu, budki, stolika lub innego obiektu przenośnego na gruncie "
           "gminnym lub prywatnym.",
           "Дозвіл на розміщення павільйону, кіоску, столу чи іншого пересувного об'єкта на комунальній або "
           "приватній землі."),
         "ut", legal_basis(("zut", 56, 2), NAREDBA), TRADER, ["business", "property"],
         [*BASIC, (T("Схема за поставяне и конструктивно становище",
                     "Placement scheme and structural opinion", "Schemat rozmieszczenia i opinia konstrukcyjna",
                     "Схема розміщення і конструктивний висновок"), A, True),
          (T("Удостоверение за актуално състояние на търговеца", "Certificate of the trader's current status",
             "Zaświadczenie o aktualnym stanie przedsiębiorcy", "Довідка про актуальний стан підприємця"), O, True)],
         [(R, "25.60", 14), (F, "51.10", 7)],
         [("cao", RECEIVE, 1), ("ut-kadastar", T("Съгласуване на схемата за поставяне",
                                                 "Approving the placement scheme",
                                                 "Uzgodnienie schematu rozmieszczenia",
                                                 "Погодження схеми розміщення"), 7),
          ("ut", SIGN_ARCHITECT, 2), ("cao", HAND_OVER, 1)]),
    Spec("2136",
         T("Съгласуване на удължено работно време на търговски обект",
           "Approving extended opening hours of commercial premises",
           "Uzgodnienie wydłużonych godzin otwarcia obiektu handlowego",
           "Погодження подовженого робочого часу торговельного об'єкта"),
         T("Разрешение търговски обект или заведение да работи след 23:00 часа.",
           "Permission for a shop or restaurant to stay open after 11 p.m.",
           "Zezwolenie na pracę sklepu lub lokalu gastronomicznego po godzinie 23:00.",
           "Дозвіл магазину чи закладу харчування працювати після 23:00."),
         "apo-pravno", legal_basis(("trade", None, None), NAREDBA), TRADER, ["business"],
         [*BASIC, (T("Декларация от живущите в сградата (за обект в жилищна сграда)",
                     "Declaration of the residents of the building (for premises in a residential building)",
                     "Oświadczenie mieszkańców budynku (dla obiektu w budynku mieszkalnym)",
                     "Декларація мешканців будинку (для об'єкта в житловому будинку)"), A, False),
          (T("Удостоверение за актуално състояние на търговеца", "Certificate of the trader's current status",
             "Zaświadczenie o aktualnym stanie przedsiębiorcy", "Довідка про актуальний стан підприємця"), O, True),
          (TAX_RECORD, O, True)],
         [(R, "51.10", 14)],
         [("cao", RECEIVE, 1), ("apo-pravno", T("Проверка на документите и становище",
                                                "Checking the documents and giving an opinion",
                                                "Sprawdzenie dokumentów i opinia", "Перевірка документів і висновок"), 7),
          ("kmet", SIGN_MAYOR, 2), ("cao", HAND_OVER, 1)]),
    Spec("2091",
         T("Регистрация на куче и издаване на регистрационна марка", "Registering a dog and issuing a tag",
           "Rejestracja psa i wydanie znaczka rejestracyjnego", "Реєстрація собаки і видача реєстраційного жетона"),
         T("Регистрация на домашно куче в общината и плащане на годишната такса за притежаване на куче.",
           "Registering a pet dog with the municipality and paying the yearly dog fee.",
           "Rejestracja psa domowego w gminie i uiszczenie rocznej opłaty za posiadanie psa.",
           "Реєстрація домашнього собаки в общині і сплата річного збору за утримання собаки."),
         "ut-stroitelstvo", legal_basis(("zvmd", 174, 1), ("zmdt", 116, None), NAREDBA),
         T("Собственикът на кучето", "The dog's owner", "Właściciel psa", "Власник собаки"), ["taxes", "address"],
         [(APPLICATION, A, True), (IDENTITY, A, True),
          (T("Ветеринарномедицински паспорт на кучето", "The dog's veterinary passport",
             "Paszport weterynaryjny psa", "Ветеринарний паспорт собаки"), A, True)],
         [(R, "5.10", 3)],
         [("cao", RECEIVE, 1), ("ut-stroitelstvo", T("Вписване в регистъра на кучетата и издаване на марка",
                                                     "Recording in the dog register and issuing the tag",
                                                     "Wpis do rejestru psów i wydanie znaczka",
                                                     "Внесення до реєстру собак і видача жетона"), 2)],
         submit=[DESK, POST], receive=[DESK, POST]),
]


def _unit(units: dict, code: str) -> Unit:
    unit = units.get(code) or Unit.objects.filter(code=code).first()
    if unit is None:
        raise ValueError(f"The demo unit {code!r} is missing; load the demo municipality first.")
    return unit


def catalogue_seed(units: dict) -> int:
    """Create the demo life situations and services that are missing; returns how many
    services were created."""
    created = 0
    with transaction.atomic():
        situations = {}
        for order, (code, name) in enumerate(SITUATIONS, start=1):
            situations[code], _new = LifeSituation.objects.get_or_create(
                code=code, defaults={"name": name, "order": order})
        index = Index.objects.filter(code=DEMO_INDEX).first()
        existing = set(Service.objects.filter(code__in=[s.code for s in SERVICES]).values_list("code", flat=True))
        for spec in SERVICES:
            if spec.code in existing:
                continue
            step_units = {step[0] for step in spec.steps}
            service = Service.objects.create(
                code=spec.code, name=spec.name, description=spec.description, legal_basis=spec.legal,
                who_may_apply=spec.who, unit=_unit(units, spec.unit), submit_channels=spec.submit,
                receive_channels=spec.receive, index=index,
                is_complex=len(step_units - {"cao"}) > 1,
            )
            service.life_situations.set([situations[code] for code in spec.situations])
            RequiredDocument.objects.bulk_create([
                RequiredDocument(service=service, name=name, source=source, is_mandatory=mandatory, order=n)
                for n, (name, source, mandatory) in enumerate(spec.documents, start=1)
            ])
            FeeTier.objects.bulk_create([
                FeeTier(service=service, tier=tier, amount=Decimal(amount), days=days)
                for tier, amount, days in spec.fees
            ])
            TechnologyStep.objects.bulk_create([
                TechnologyStep(service=service, order=n, unit=_unit(units, unit_code), title=title, days=days)
                for n, (unit_code, title, days) in enumerate(spec.steps, start=1)
            ])
            created += 1
    return created
