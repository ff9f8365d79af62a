"""The view tests read English text: the test client asks for English, so the
assertions hold whatever the translation catalogues say. Tests about the language
itself set the header or the cookie they need."""

from tests.english import _english, client  # noqa: F401
