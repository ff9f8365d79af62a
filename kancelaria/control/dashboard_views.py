"""The control dashboard page (DOMAIN.md 3)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


@login_required
def dashboard(request):
    raise PermissionDenied
