"""The organisation: units as a tree, positions, employees and their roles."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles are Django groups with these names; permissions hang on the groups."""

    REGISTRAR = "registrar", _("Registrar")
    RESOLVER = "resolver", _("Resolver")
    EXECUTOR = "executor", _("Executor")
    CONTROLLER = "controller", _("Controller")
    ADMINISTRATOR = "administrator", _("Administrator")


class Unit(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        DIRECTORATE = "directorate", _("Directorate")
        DEPARTMENT = "department", _("Department")
        SECTOR = "sector", _("Sector")
        MAYORALTY = "mayoralty", _("Mayoralty")
        SERVICE_CENTRE = "service_centre", _("Service centre")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    # Materialised path of primary keys, "/1/4/9/": a subtree is one prefix query.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)

    def subtree(self):
        return Unit.objects.filter(path__startswith=self.path)


class Position(models.Model):
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="positions")

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["unit__path", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class User(AbstractUser):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="employees"
    )
    position = models.ForeignKey(
        Position, verbose_name=_("position"), null=True, blank=True, on_delete=models.SET_NULL, related_name="holders"
    )

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def role_codes(self) -> frozenset[str]:
        if not self.is_authenticated:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or bool(self.role_codes.intersection(roles))
