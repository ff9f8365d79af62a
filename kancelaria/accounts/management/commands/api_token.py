"""`kancelaria api-token USERNAME [--rotate]`: print the employee's API token,
creating it when there is none; `--rotate` replaces it (the old one stops working).

Only the token goes to standard output, so `TOKEN=$(kancelaria api-token maria)` works;
notes go to standard error. Creating and replacing a token are recorded in the audit
trail (DOMAIN.md 11); the token itself never is.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from kancelaria.audit.services import Action, audit_record


def api_token_issue(*, user, rotate: bool = False) -> tuple[Token, str]:
    """The user's token and what happened: "existing", "created" or "rotated"."""
    with transaction.atomic():
        token = Token.objects.select_for_update().filter(user=user).first()
        if token is not None and not rotate:
            return token, "existing"
        outcome = "rotated" if token is not None else "created"
        if token is not None:
            token.delete()
        token = Token.objects.create(user=user)
        audit_record(
            actor=None, action=Action.UPDATE if outcome == "rotated" else Action.CREATE,
            object_type="authtoken.token", object_id=str(user.pk),
            object_repr=_("API token of %(user)s") % {"user": user.get_username()},
            changes={"user": user.get_username(), "token": outcome, "via": "command line"},
        )
    return token, outcome


class Command(BaseCommand):
    help = "Print the API token of an employee, creating it if needed; --rotate replaces it."

    def add_arguments(self, parser):
        parser.add_argument("username", help="The employee's user name.")
        parser.add_argument("--rotate", action="store_true",
                            help="Replace the token: the old one stops working at once.")

    def handle(self, *args, username: str, rotate: bool = False, **options):
        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(_("There is no employee with the user name “%(username)s”.") % {"username": username})
        if not user.is_active:
            raise CommandError(_("The account “%(username)s” is disabled: it cannot have an API token.")
                               % {"username": username})
        token, outcome = api_token_issue(user=user, rotate=rotate)
        notes = {
            "existing": _("The existing token of %(username)s:"),
            "created": _("A new token was created for %(username)s:"),
            "rotated": _("The token of %(username)s was replaced; the old one no longer works:"),
        }
        self.stderr.write(notes[outcome] % {"username": user.get_username()})
        self.stdout.write(token.key)
