import pytest

from tests import factories


@pytest.fixture
def mayor(org):
    return factories.user("mayor", role="resolver", unit=org["municipality"])


@pytest.fixture
def head(org):
    user = factories.user("head", role="resolver", unit=org["spatial"])
    factories.user("head", role="controller")
    return user


@pytest.fixture
def expert2(org):
    return factories.user("expert2", role="executor", unit=org["planning"])
