"""The login form: Django's authentication with a per-address, per-username limit on
failed attempts (DOMAIN.md section 11: unauthorised access attempts are tracked)."""

from __future__ import annotations

import hashlib

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from kancelaria.audit.models import AuditEvent
from kancelaria.audit.services import audit_record
from kancelaria.core.ratelimit import client_address, hit

# At most this many failed logins per address and username in the window (seconds);
# after that the pair is refused, without checking the password, until the window ends.
FAILED_LOGIN_LIMIT = 10
FAILED_LOGIN_WINDOW = 5 * 60


def _limit_key(request, username: str) -> str:
    address = client_address(request) if request is not None else "unknown"
    raw = f"{address}\n{username.strip().casefold()}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def _blocked_key(key: str) -> str:
    return f"login-blocked:{key}"


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username"), max_length=150,
        widget=forms.TextInput(attrs={
            "autofocus": True, "autocomplete": "username", "autocapitalize": "none",
            "spellcheck": "false", "class": "govuk-input govuk-!-width-one-half",
        }),
    )
    password = forms.CharField(
        label=_("Password"), strip=False,
        widget=forms.PasswordInput(attrs={
            "autocomplete": "current-password", "spellcheck": "false",
            "autocapitalize": "none",
            "class": "govuk-input govuk-password-input__input govuk-js-password-input-input govuk-!-width-one-half",
        }),
    )

    error_messages = {
        "invalid_login": _(
            "The username or password is not right. Check both and try again; "
            "capital and small letters count."
        ),
        "inactive": _("This account is switched off. Ask an administrator to enable it."),
        "rate_limited": _(
            "Too many failed attempts to log in with this username from your computer. "
            "Wait five minutes and try again, or ask an administrator to reset your password."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password")
        if not (username and password):
            return super().clean()
        key = _limit_key(self.request, username)
        if cache.get(_blocked_key(key)):
            self._refuse(username)
        try:
            return super().clean()
        except forms.ValidationError as error:
            if getattr(error, "code", None) == "invalid_login" and not hit(
                "login-failed", key, limit=FAILED_LOGIN_LIMIT, window=FAILED_LOGIN_WINDOW
            ):
                cache.set(_blocked_key(key), True, timeout=FAILED_LOGIN_WINDOW)
                raise forms.ValidationError(self.error_messages["rate_limited"], code="rate_limited") from None
            raise

    def _refuse(self, username: str):
        # The password is not checked, so Django sends no user_login_failed signal:
        # the refused attempt is recorded here.
        audit_record(
            actor=None, action=AuditEvent.Action.LOGIN_FAILED, object_type="accounts.user",
            object_repr=username[:150], changes={"reason": "rate_limited"}, request=self.request,
        )
        raise forms.ValidationError(self.error_messages["rate_limited"], code="rate_limited")
