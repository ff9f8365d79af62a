from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicInfoConfig(AppConfig):
    name = "kancelaria.publicinfo"
    label = "publicinfo"
    verbose_name = _("Access to public information")
