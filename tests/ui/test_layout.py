"""The layout every page shares: skip link, header, staff navigation by role, the
language switch (Bulgarian first, then English, Polish, Ukrainian), footer, messages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_anonymous_page_has_skip_link_language_switch_tracking_and_footer(client, settings):
    # given an anonymous visitor; when the login page opens
    settings.OFFICE_NAME = "Община Тестово"
    html = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="bg").content.decode()
    # then the shared layout is there
    assert 'class="govuk-skip-link"' in html and 'href="#main-content"' in html
    assert 'id="main-content"' in html
    assert "Община Тестово" in html and "kancelaria" in html
    assert 'lang="bg"' in html
    assert 'href="/track/"' in html
    assert 'href="/api/v1/docs/"' in html
    # and the language switch is a real form posting to set_language, each language in its own words
    assert f'action="{reverse("set_language")}"' in html
    for name in ("български", "English", "polski", "українська"):
        assert name in html
    assert 'name="next" value="/accounts/login/"' in html
    # and no staff navigation
    assert "/accounts/logout/" not in html


def test_staff_navigation_shows_audit_only_to_controllers(client, registrar, controller):
    # given a registrar; when they open a page
    client.force_login(registrar)
    html = client.get(reverse("registry:index_list")).content.decode()
    # then they see the staff links and log-out button, but not the audit trail
    assert reverse("registry:index_list") in html
    assert 'aria-current="page"' in html
    assert reverse("audit:list") not in html
    assert 'action="/accounts/logout/"' in html and "Log out" in html
    # given a controller; then the audit trail link is there
    client.force_login(controller)
    html = client.get(reverse("registry:index_list")).content.decode()
    assert reverse("audit:list") in html


def test_language_switch_sets_the_language_and_returns_to_the_page(registrar):
    # given a registrar whose browser asks for Bulgarian, on the nomenclature page
    client = Client(HTTP_ACCEPT_LANGUAGE="bg")
    client.force_login(registrar)
    assert '<html lang="bg"' in client.get("/nomenclature/").content.decode()
    # when they choose English in the switch
    response = client.post(reverse("set_language"), {"language": "en", "next": "/nomenclature/?x=1"})
    # then they are sent back to the same page, now in English
    assert response.status_code == 302 and response["Location"] == "/nomenclature/?x=1"
    assert response.cookies["django_language"].value == "en"
    html = client.get("/nomenclature/").content.decode()
    assert '<html lang="en"' in html
    # when they switch back to Bulgarian, the page is Bulgarian again
    client.post(reverse("set_language"), {"language": "bg", "next": "/nomenclature/"})
    assert '<html lang="bg"' in client.get("/nomenclature/").content.decode()


def test_language_switch_refuses_a_foreign_next_address(client, org):
    # given a crafted form; when it asks to go to another site after switching
    response = client.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    # then the switch stays on this site
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_messages_render_as_notification_banners(client, org):
    # given an administrator who adds an index; when the list page follows
    admin = factories.user("admin", role="administrator")
    client.force_login(admin)
    response = client.post(reverse("registry:index_create"),
                           {"code": "05-01", "name": "Заповеди", "numbering_scope": "yearly", "is_active": "on"},
                           follow=True)
    html = response.content.decode()
    # then the confirmation is a GOV.UK success banner
    assert "govuk-notification-banner--success" in html
    assert "05-01" in html


def test_scripts_carry_the_csp_nonce_and_no_inline_styles(client, org):
    # given any page; when it is served
    response = client.get(reverse("accounts:login"))
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    # then every script carries the nonce of the policy and no element has a style attribute
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert html.count("<script") == html.count(f'nonce="{nonce}"')
    assert ' style="' not in html and "<style" not in html
    assert "style-src 'self'" in policy
