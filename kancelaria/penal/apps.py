from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PenalConfig(AppConfig):
    name = "kancelaria.penal"
    label = "penal"
    verbose_name = _("Administrative-penal proceedings")
