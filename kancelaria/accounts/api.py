"""API access for staff: who the token or session belongs to, and the documentation
page of the API drawn from its OpenAPI schema.

The documentation page is rendered on the server from the same schema that
`/api/v1/schema/` serves, so it works offline and under the Content Security Policy
(no scripts from elsewhere). Every endpoint also answers in DRF's browsable HTML when
opened in a browser with a session.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.template import engines
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views import View
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from kancelaria.registry import selectors as registry_selectors

from .models import Role


class UnitOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class MeOutput(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField(source="get_full_name")
    unit = UnitOutput(allow_null=True)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices))
    sees_whole_register = serializers.BooleanField()
    sees_personal_numbers = serializers.BooleanField()


class MeView(GenericAPIView):
    """The employee the request is authenticated as: a quick check of a token."""

    @extend_schema(operation_id="me_retrieve", responses={200: MeOutput},
                   summary=gettext_lazy("Who am I"))
    def get(self, request):
        user = request.user
        data = {
            "username": user.get_username(),
            "get_full_name": user.get_full_name(),
            "unit": user.unit,
            "roles": sorted(user.role_codes),
            "sees_whole_register": registry_selectors.sees_whole_register(user),
            "sees_personal_numbers": registry_selectors.sees_personal_numbers(user),
        }
        return Response(MeOutput(data).data)


# --------------------------------------------------------------------------- documentation page

METHODS = ("get", "post", "put", "patch", "delete")


def _resolve(schema: dict, node: dict | None) -> dict:
    """Follow a `$ref` into components/schemas."""
    node = node or {}
    seen = 0
    while "$ref" in node and seen < 10:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema.get("components", {}).get("schemas", {}).get(name, {})
        seen += 1
    return node


def _type_label(schema: dict, node: dict) -> str:
    node = node or {}
    if "$ref" in node:
        target = _resolve(schema, node)
        if "enum" in target:
            return " | ".join(str(v) for v in target["enum"] if v not in ("", None))
        return node["$ref"].rsplit("/", 1)[-1]
    if "allOf" in node or "oneOf" in node or "anyOf" in node:
        parts = node.get("allOf") or node.get("oneOf") or node.get("anyOf")
        labels = [_type_label(schema, p) for p in parts if p.get("type") != "null" and p]
        return " | ".join(label for label in labels if label)
    if node.get("type") == "array":
        return f"[{_type_label(schema, node.get('items', {}))}]"
    if "enum" in node:
        return " | ".join(str(v) for v in node["enum"] if v not in ("", None))
    label = node.get("type", "")
    if node.get("format"):
        label = f"{label} ({node['format']})"
    return label


def _fields(schema: dict, node: dict) -> list[dict]:
    node = _resolve(schema, node)
    if node.get("type") == "array":
        node = _resolve(schema, node.get("items"))
    required = set(node.get("required", []))
    rows = []
    for name, prop in node.get("properties", {}).items():
        rows.append({
            "name": name,
            "type": _type_label(schema, prop),
            "required": name in required,
            "read_only": prop.get("readOnly", False),
            "description": prop.get("description", ""),
        })
    return rows


def endpoints_from_schema(schema: dict) -> list[dict]:
    """The operations of an OpenAPI document as rows for the documentation page."""
    endpoints = []
    for path, operations in schema.get("paths", {}).items():
        for method in METHODS:
            op = operations.get(method)
            if not op:
                continue
            body = op.get("requestBody", {}).get("content", {})
            body_types = list(body)
            request_fields = _fields(schema, body[body_types[0]]["schema"]) if body_types else []
            responses = []
            for code, answer in op.get("responses", {}).items():
                content = answer.get("content", {})
                first = next(iter(content.values()), None)
                fields = _fields(schema, first["schema"]) if first else []
                if first and {"count", "results"} <= {f["name"] for f in fields}:
                    results = _resolve(schema, first["schema"]).get("properties", {}).get("results", {})
                    fields = _fields(schema, results)
                responses.append({"code": code, "description": answer.get("description", ""),
                                  "fields": fields})
            endpoints.append({
                "id": op.get("operationId", f"{method}-{path}"),
                "method": method.upper(),
                "path": path,
                "browsable": method == "get" and "{" not in path,
                "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "parameters": [
                    {"name": p.get("name"), "in": p.get("in"), "required": p.get("required", False),
                     "type": _type_label(schema, p.get("schema", {})), "description": p.get("description", "")}
                    for p in op.get("parameters", [])
                ],
                "body_types": body_types,
                "request_fields": request_fields,
                "responses": responses,
                "tags": op.get("tags", []),
            })
    return endpoints


DOCS_TEMPLATE = """{% extends "base.html" %}
{% load i18n %}
{% block title %}{% translate "API documentation" %}{% endblock %}
{% block content %}
<h1 class="govuk-heading-xl">{% translate "API documentation" %}</h1>
<p class="govuk-body-l">{{ info.title }}, {% translate "version" %} {{ info.version }}</p>
<p class="govuk-body">{{ info.description }}</p>

<h2 class="govuk-heading-m">{% translate "Authentication" %}</h2>
<p class="govuk-body">{% blocktranslate trimmed %}
  Send your personal token in the <code>Authorization</code> header:
  <code>Authorization: Token &lt;your token&gt;</code>. An administrator issues it with the
  command <code>kancelaria api-token USERNAME</code> (add <code>--rotate</code> to replace it).
  In a browser where you are signed in, each address below also opens as a browsable page.
{% endblocktranslate %}</p>
<p class="govuk-body">{% blocktranslate trimmed %}
  Lists are paginated: <code>count</code>, <code>next</code>, <code>previous</code> and
  <code>results</code>; ask for a page with <code>?page=2</code>. Errors answer with the field
  names and their messages, in the language of the <code>Accept-Language</code> header.
{% endblocktranslate %}</p>
<p class="govuk-body">
  <a class="govuk-link" href="{{ schema_url }}">{% translate "Download the OpenAPI schema (YAML)" %}</a>
  · <a class="govuk-link" href="{{ schema_url }}?format=json">{% translate "JSON" %}</a>
</p>

<h2 class="govuk-heading-m">{% translate "Endpoints" %}</h2>
<ul class="govuk-list">
{% for ep in endpoints %}
  <li><a class="govuk-link" href="#{{ ep.id }}"><strong>{{ ep.method }}</strong> {{ ep.path }}</a>{% if ep.summary %} – {{ ep.summary }}{% endif %}</li>
{% endfor %}
</ul>

{% for ep in endpoints %}
<section class="govuk-!-margin-bottom-9" id="{{ ep.id }}">
  <h3 class="govuk-heading-s"><span class="govuk-tag">{{ ep.method }}</span> <code>{{ ep.path }}</code></h3>
  {% if ep.summary %}<p class="govuk-body"><strong>{{ ep.summary }}</strong></p>{% endif %}
  {% if ep.description %}<p class="govuk-body">{{ ep.description|linebreaksbr }}</p>{% endif %}
  {% if ep.browsable %}<p class="govuk-body"><a class="govuk-link" href="{{ ep.path }}">{% translate "Open in the browsable API" %}</a></p>{% endif %}
  {% if ep.parameters %}
  <table class="govuk-table">
    <caption class="govuk-table__caption govuk-table__caption--s">{% translate "Parameters" %}</caption>
    <thead class="govuk-table__head"><tr class="govuk-table__row">
      <th scope="col" class="govuk-table__header">{% translate "Name" %}</th>
      <th scope="col" class="govuk-table__header">{% translate "In" %}</th>
      <th scope="col" class="govuk-table__header">{% translate "Type" %}</th>
      <th scope="col" class="govuk-table__header">{% translate "Description" %}</th>
    </tr></thead>
    <tbody class="govuk-table__body">
    {% for p in ep.parameters %}
      <tr class="govuk-table__row">
        <td class="govuk-table__cell"><code>{{ p.name }}</code>{% if p.required %} ({% translate "required" %}){% endif %}</td>
        <td class="govuk-table__cell">{{ p.in }}</td>
        <td class="govuk-table__cell">{{ p.type }}</td>
        <td class="govuk-table__cell">{{ p.description }}</td>
      </tr>
    {% endfor %}
    </tbody>
  </table>
  {% endif %}
  {% if ep.request_fields %}
  <table class="govuk-table">
    <caption class="govuk-table__caption govuk-table__caption--s">{% translate "Request body" %} ({{ ep.body_types|join:", " }})</caption>
    <thead class="govuk-table__head"><tr class="govuk-table__row">
      <th scope="col" class="govuk-table__header">{% translate "Field" %}</th>
      <th scope="col" class="govuk-table__header">{% translate "Type" %}</th>
      <th scope="col" class="govuk-table__header">{% translate "Description" %}</th>
    </tr></thead>
    <tbody class="govuk-table__body">
    {% for f in ep.request_fields %}
      <tr class="govuk-table__row">
        <td class="govuk-table__cell"><code>{{ f.name }}</code>{% if f.required %} ({% translate "required" %}){% endif %}</td>
        <td class="govuk-table__cell">{{ f.type }}</td>
        <td class="govuk-table__cell">{{ f.description }}</td>
      </tr>
    {% endfor %}
    </tbody>
  </table>
  {% endif %}
  <dl class="govuk-summary-list">
  {% for r in ep.responses %}
    <div class="govuk-summary-list__row">
      <dt class="govuk-summary-list__key">{{ r.code }}</dt>
      <dd class="govuk-summary-list__value">
        {% if r.description %}<p class="govuk-body">{{ r.description }}</p>{% endif %}
        {% if r.fields %}<p class="govuk-body-s">{% for f in r.fields %}<code>{{ f.name }}</code> <span class="govuk-hint">{{ f.type }}</span>{% if not forloop.last %}, {% endif %}{% endfor %}</p>{% endif %}
      </dd>
    </div>
  {% endfor %}
  </dl>
</section>
{% endfor %}
{% endblock %}
"""


class ApiDocsView(View):
    """The API documentation page: every endpoint, parameter and field of the schema."""

    def get(self, request):
        generator = spectacular_settings.DEFAULT_GENERATOR_CLASS()
        schema = generator.get_schema(request=None, public=True)
        template = engines["django"].from_string(DOCS_TEMPLATE)
        html = template.render({
            "info": schema.get("info", {}),
            "endpoints": endpoints_from_schema(schema),
            "schema_url": reverse("schema"),
        }, request)
        return HttpResponse(html)
