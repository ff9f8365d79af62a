"""Helpers for the desk pages: a logged-in client per role and the registration form data."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def form_data(index=None, **overrides) -> dict:
    """What a clerk submits on the common path."""
    data = {
        "subject": "Искане за издаване на скица на имот",
        "doc_type": "application",
        "index": str(index.pk) if index is not None else "",
        "correspondent_name": "Иван Петров Иванов",
        "identifier": "",
        "correspondent_address": "гр. Момчилград, ул. „Трети март“ 12",
        "correspondent_email": "",
        "correspondent_phone": "",
        "kind": "incoming",
        "channel": "desk",
        "pages": "2",
        "deadline": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def secretary(org):
    """The Secretary: a resolver who may see the log of offensive anonymous documents."""
    from django.contrib.auth.models import Permission

    user = factories.user("secretary", role="resolver", unit=org["municipality"])
    user.user_permissions.add(Permission.objects.get(codename="view_offensive_log"))
    return user
