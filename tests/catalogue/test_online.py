"""'Apply online' is offered only for a service that can be submitted electronically."""

import pytest

from kancelaria.catalogue.models import Service

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("channels", "online"), [
    ([], True), (["desk", "post"], False), (["desk", "portal"], True), (["email"], True),
])
def test_a_service_can_be_applied_for_online_only_through_an_electronic_channel(org, channels, online):
    service = Service.objects.create(code="9999", name={"bg": "Услуга"}, unit=org["desk"], submit_channels=channels)
    assert service.can_apply_online is online
    service.is_active = False
    assert service.can_apply_online is False
