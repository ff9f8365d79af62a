"""Turns service errors into API answers: 400 with `code`, `detail` and field errors."""

from __future__ import annotations

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import KancelariaError


def exception_handler(exc, context):
    if isinstance(exc, KancelariaError):
        body = {"code": exc.code, "detail": str(exc.message)}
        body.update({name: [str(m) for m in msgs] for name, msgs in exc.fields.items()})
        return Response(body, status=exc.status or status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
