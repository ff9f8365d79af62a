"""Writes on the organisation."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from .models import Role, Unit


@transaction.atomic
def unit_save(*, unit: Unit) -> Unit:
    """Save a unit and keep the materialised paths of it and its subtree right."""
    old_path = unit.path
    unit.save()
    parent_path = unit.parent.path if unit.parent_id else "/"
    new_path = f"{parent_path}{unit.pk}/"
    if new_path != old_path:
        Unit.objects.filter(pk=unit.pk).update(path=new_path)
        if old_path:
            for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
                Unit.objects.filter(pk=child.pk).update(path=new_path + child.path[len(old_path):])
        unit.path = new_path
    return unit


def roles_ensure() -> dict[str, Group]:
    return {role.value: Group.objects.get_or_create(name=role.value)[0] for role in Role}
