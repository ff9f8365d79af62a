"""The OpenAPI schema of the API: served, valid, documented offline, and the committed
copy in docs/openapi.yaml never drifts from the code."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.utils import translation
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
UPDATE = ".venv/bin/python manage.py spectacular --lang en --validate --fail-on-warn --file docs/openapi.yaml"


def test_the_schema_endpoint_answers_valid_openapi_3_with_the_entry_paths():
    """Given no credentials, when /api/v1/schema/ is asked for as JSON, then a valid
    OpenAPI 3 document with the staff and public paths and the token scheme."""
    response = APIClient().get("/api/v1/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    for path in ("/api/v1/entries/", "/api/v1/entries/{id}/", "/api/v1/entries/{id}/corrections/",
                 "/api/v1/indexes/", "/api/v1/cases/{id}/"):
        assert path in schema["paths"], path
    assert set(schema["paths"]["/api/v1/entries/"]) == {"get", "post"}
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    register = schema["paths"]["/api/v1/entries/"]["post"]
    assert {"application/json", "multipart/form-data"} <= set(register["requestBody"]["content"])


def test_generation_has_no_warnings_and_validates(tmp_path):
    """`spectacular --validate --fail-on-warn` passes (it raises on any warning)."""
    call_command("spectacular", "--lang", "en", "--validate", "--fail-on-warn",
                 "--file", str(tmp_path / "schema.yaml"))
    assert yaml.safe_load((tmp_path / "schema.yaml").read_text(encoding="utf-8"))["paths"]


def test_the_committed_schema_matches_the_code(tmp_path):
    """Given the code as it is, when the schema is generated, then it equals the committed
    docs/openapi.yaml. When the API changes on purpose, regenerate the file (see the
    assertion message) and commit it with the change."""
    target = tmp_path / "openapi.yaml"
    with translation.override("en"):
        call_command("spectacular", "--lang", "en", "--file", str(target))
    generated = target.read_text(encoding="utf-8")
    committed = COMMITTED.read_text(encoding="utf-8") if COMMITTED.exists() else ""
    assert generated == committed, (
        f"docs/openapi.yaml is out of date with the API. Regenerate it from the repository root "
        f"with:\n    {UPDATE}\nreview the difference (git diff docs/openapi.yaml) and commit it."
    )


def test_the_docs_page_lists_the_endpoints_without_outside_scripts(client):
    """/api/v1/docs/ is rendered on the server from the schema, so it works offline and
    under the Content Security Policy."""
    response = client.get("/api/v1/docs/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("/api/v1/entries/", "Register a document", "/api/v1/cases/{id}/", "Authorization: Token",
                 "correspondent", 'href="/api/v1/schema/"'):
        assert text in html, text
    assert "<script" not in html.split("</main>")[0].split('<main')[-1]
    assert "cdn" not in html.lower()
