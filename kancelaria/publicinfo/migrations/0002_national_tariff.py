"""The national tariff of the costs of access to public information (Заповед
ЗМФ-1472/29.11.2011 на министъра на финансите), in EUR at 1.95583 BGN, rounded to the
cent. Items the office already has (by code) are left as they are."""

from decimal import Decimal

from django.db import migrations

TARIFF = [
    # code, name, unit, price in EUR (BGN in the order)
    ("print-a4", "Разпечатване на страница формат А4", "страница", Decimal("0.06")),        # 0.12 лв.
    ("copy-a4", "Ксерокопие на страница формат А4", "страница", Decimal("0.05")),           # 0.09 лв.
    ("cd", "Компактдиск (CD)", "брой", Decimal("0.26")),                                     # 0.50 лв.
    ("dvd", "DVD", "брой", Decimal("0.31")),                                                 # 0.60 лв.
    ("fax-a4", "Факс на страница формат А4", "страница", Decimal("0.31")),                 # 0.60 лв.
    ("reference-a4", "Писмена справка на страница формат А4", "страница", Decimal("0.43")),  # 0.84 лв.
]


def seed(apps, schema_editor):
    TariffItem = apps.get_model("publicinfo", "TariffItem")
    for order, (code, name, unit, price) in enumerate(TARIFF, start=1):
        if not TariffItem.objects.filter(code=code).exists():
            TariffItem.objects.create(code=code, name=name, unit=unit, price=price, currency="EUR",
                                      is_active=True, ordering=order * 10)


def unseed(apps, schema_editor):
    TariffItem = apps.get_model("publicinfo", "TariffItem")
    CostLine = apps.get_model("publicinfo", "CostLine")
    codes = [code for code, *_rest in TARIFF]
    TariffItem.objects.filter(code__in=codes).exclude(
        pk__in=CostLine.objects.values("item_id")).delete()


class Migration(migrations.Migration):
    dependencies = [("publicinfo", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
