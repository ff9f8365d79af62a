"""One error base for the whole system.

Services raise `KancelariaError` (or a subclass) with a stable `code` and a translated
message; `kancelaria.core.api.exception_handler` turns it into a 400 answer and views
turn it into a form message. Field errors travel in `fields`.
"""

from __future__ import annotations


class KancelariaError(Exception):
    code = "error"
    status = 400

    def __init__(self, message, *, code: str | None = None, fields: dict | None = None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.fields = fields or {}


class ValidationFailed(KancelariaError):
    code = "invalid"


class PermissionRefused(KancelariaError):
    code = "permission_denied"
    status = 403


class NotFound(KancelariaError):
    code = "not_found"
    status = 404
