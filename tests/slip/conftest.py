"""Tests here read English text."""

from tests.english import _english, client  # noqa: F401
