"""Online payment of fees through a payment provider (DOMAIN.md 7: "online payment").

A provider takes the citizen to its own page (`start` gives the address) and later tells
us how it went (`confirm` checks the provider's callback and answers the payment status).
The provider is chosen by settings.PAYMENT_PROVIDER; "fake" is a stand-in for tests and
the demo whose page (/requests/pay/fake/<reference>/) pays or declines at a click and
signs its callback with an HMAC of settings.SECRET_KEY, so nobody can forge one.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.translation import gettext as _

from kancelaria.core.errors import ValidationFailed

from .models import Payment


class PaymentProvider(Protocol):
    name: str

    def start(self, payment: Payment) -> str:
        """The address the citizen is sent to, to pay `payment`."""

    def confirm(self, reference: str, data: dict) -> str:
        """Check the provider's callback for the payment `reference`; the payment status
        it reports (Payment.Status.PAID or FAILED). Raises ValidationFailed when the
        callback is not genuine."""


def _sign(reference: str, outcome: str, amount: str) -> str:
    message = f"fake-provider|{reference}|{outcome}|{amount}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


class FakeProvider:
    """Pays or declines at a click on its own page; for tests and the demo only."""

    name = "fake"
    OUTCOMES = {"paid": Payment.Status.PAID, "declined": Payment.Status.FAILED}

    def start(self, payment: Payment) -> str:
        return reverse("applications:pay_fake", kwargs={"reference": payment.reference})

    @staticmethod
    def callback(payment: Payment, outcome: str) -> dict:
        """What the provider sends back when the citizen pays or declines on its page."""
        amount = f"{payment.amount:.2f}"
        return {"reference": payment.reference, "outcome": outcome, "amount": amount,
                "transaction": f"FAKE-{payment.reference}",
                "signature": _sign(payment.reference, outcome, amount)}

    def confirm(self, reference: str, data: dict) -> str:
        outcome = str(data.get("outcome") or "")
        amount = str(data.get("amount") or "")
        signature = str(data.get("signature") or "")
        expected = _sign(reference, outcome, amount)
        if (not signature or not hmac.compare_digest(signature, expected)
                or str(data.get("reference") or reference) != reference or outcome not in self.OUTCOMES):
            raise ValidationFailed(_("The payment provider's answer could not be verified."),
                                   code="payment_not_verified")
        return self.OUTCOMES[outcome]


PROVIDERS = {"fake": FakeProvider}


def provider_get(name: str | None = None) -> PaymentProvider:
    name = name or settings.PAYMENT_PROVIDER
    try:
        return PROVIDERS[name]()
    except KeyError:
        raise ImproperlyConfigured(f"PAYMENT_PROVIDER: unknown provider {name!r}") from None
