"""Turns service errors into API answers: 400 with `code`, `detail` and field errors."""

from __future__ import annotations

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import KancelariaError


def nest_field_errors(fields: dict) -> dict:
    """Service field errors use dotted keys (`correspondent.egn`); DRF clients expect
    nested objects: {"correspondent": {"egn": ["..."]}}. Messages for a key that also has
    nested errors go under `non_field_errors` inside it."""
    nested: dict = {}
    for key, messages in fields.items():
        node = nested
        *parents, leaf = str(key).split(".")
        for part in parents:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {"non_field_errors": child} if child else {}
            node = child
        texts = [str(m) for m in messages]
        if isinstance(node.get(leaf), dict):
            node[leaf].setdefault("non_field_errors", []).extend(texts)
        else:
            node.setdefault(leaf, []).extend(texts)
    return nested


def exception_handler(exc, context):
    if isinstance(exc, KancelariaError):
        body = {"code": exc.code, "detail": str(exc.message)}
        body.update(nest_field_errors(exc.fields))
        return Response(body, status=exc.status or status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
