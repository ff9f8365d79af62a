"""The nomenclature of case files in the staff pages: the list for every member of
staff, creating and changing indexes for administrators only, through index_save
(DOMAIN.md section 2: the register number starts with the index; section 10: the
nomenclature sets each group's retention period)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kancelaria.audit.models import AuditEvent
from kancelaria.registry.models import Index
from tests import factories

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action
LIST = "/nomenclature/"


@pytest.fixture
def administrator(org):
    return factories.user("admin", role="administrator")


def _form(**overrides):
    data = {"code": "05-01", "name": "Заповеди на кмета", "retention_years": "20",
            "numbering_scope": "yearly", "description": "", "is_active": "on"}
    data.update(overrides)
    return data


def test_url_names():
    assert reverse("registry:index_list") == LIST
    assert reverse("registry:index_create") == "/nomenclature/new/"
    assert reverse("registry:index_edit", args=[3]) == "/nomenclature/3/edit/"


def test_list_shows_retention_scope_and_case_counts_in_bounded_queries(
        client, registrar, index, django_assert_max_num_queries):
    # given two indexes, one permanent, and three case files under the first
    factories.index(code="ARH", name="Технически архив", retention_years=None, numbering_scope="continuous")
    for _ in range(3):
        factories.entry(registrar, index=index)
    for number in range(20):
        factories.index(code=f"X-{number:02}", name=f"Група {number}")
    client.force_login(registrar)
    # when a registrar opens the list (7: the menu reads the user's permissions once)
    with django_assert_max_num_queries(7):
        response = client.get(LIST)
    # then every index is listed with its retention ("permanent" when empty) and its case count
    assert response.status_code == 200
    rows = {i.code: i for i in response.context["indexes"]}
    assert rows["94-00"].case_count == 3 and rows["ARH"].case_count == 0
    html = response.content.decode()
    assert "permanent" in html and "one continuous sequence" in html
    # and, not being an administrator, they get no add or change links
    assert reverse("registry:index_create") not in html
    assert "/edit/" not in html


def test_people_without_a_staff_role_are_refused_and_it_is_recorded(client, org):
    nobody = factories.user("nobody")
    client.force_login(nobody)
    response = client.get(LIST)
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action=Action.DENIED, actor=nobody, object_type="registry.index").exists()


def test_anonymous_visitors_are_sent_to_login(client, org):
    response = client.get(LIST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", ["/nomenclature/new/", "EDIT"])
def test_only_administrators_create_or_change(client, registrar, controller, index, url):
    url = reverse("registry:index_edit", args=[index.pk]) if url == "EDIT" else url
    for user in (registrar, controller):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, _form(code="ZZ")).status_code == 403
    assert not Index.objects.filter(code="ZZ").exists()
    assert AuditEvent.objects.filter(action=Action.DENIED).count() == 4


def test_administrator_creates_an_index_through_the_service(client, administrator):
    client.force_login(administrator)
    # when the administrator fills the form (lower-case code, spaces in the name)
    response = client.post("/nomenclature/new/", _form(code="05-01", name="  Заповеди   на кмета "))
    # then the index exists, normalised, and its creation is in the audit trail
    assert response.status_code == 302 and response["Location"] == LIST
    created = Index.objects.get(code="05-01")
    assert created.name == "Заповеди на кмета" and created.retention_years == 20
    assert created.numbering_scope == "yearly" and created.is_active
    event = AuditEvent.objects.get(action=Action.CREATE, object_type="registry.index")
    assert event.actor == administrator and event.changes["code"] == [None, "05-01"]
    # and the register chain of the new index is ready (index_save did the work)
    assert created.chain.length == 0


def test_empty_retention_means_permanent(client, administrator):
    client.force_login(administrator)
    client.post("/nomenclature/new/", _form(code="ARH", retention_years=""))
    assert Index.objects.get(code="ARH").retention_years is None


def test_codes_are_upper_cased(client, administrator):
    client.force_login(administrator)
    client.post("/nomenclature/new/", _form(code="zdoi"))
    assert Index.objects.filter(code="ZDOI").exists()


@pytest.mark.parametrize("overrides, message", [
    ({"code": ""}, "Enter the code of the index"),
    ({"code": "94 00"}, "without spaces or slashes"),
    ({"code": "94/00"}, "without spaces or slashes"),
    ({"code": "-94"}, "without spaces or slashes"),
    ({"name": "   "}, "Enter the name of the index."),
    ({"retention_years": "0"}, "Enter a number of years from 1 to 200"),
    ({"retention_years": "abc"}, "whole number"),
    ({"numbering_scope": "weekly"}, "Select a valid choice"),
])
def test_invalid_input_gives_form_errors(client, administrator, overrides, message):
    client.force_login(administrator)
    response = client.post("/nomenclature/new/", _form(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert not Index.objects.exists()


def test_duplicate_code_is_refused(client, administrator, index):
    client.force_login(administrator)
    response = client.post("/nomenclature/new/", _form(code="94-00"))
    assert response.status_code == 200
    assert "An index with this code already exists." in response.content.decode()
    assert Index.objects.filter(code="94-00").count() == 1


def test_administrator_changes_an_index(client, administrator, index):
    client.force_login(administrator)
    page = client.get(reverse("registry:index_edit", args=[index.pk]))
    assert page.status_code == 200 and 'value="94-00"' in page.content.decode()
    response = client.post(reverse("registry:index_edit", args=[index.pk]),
                           _form(code="94-00", name="Заявления, искания и жалби", retention_years="", is_active=""))
    assert response.status_code == 302
    index.refresh_from_db()
    assert index.name == "Заявления, искания и жалби"
    assert index.retention_years is None and not index.is_active
    event = AuditEvent.objects.filter(action=Action.UPDATE, object_type="registry.index").get()
    assert event.changes["is_active"] == [True, False]


def test_service_refusal_becomes_a_form_error(client, administrator, registrar, index):
    # given an index with a registered document (DOMAIN.md section 2: numbers never change)
    factories.entry(registrar, index=index)
    client.force_login(administrator)
    # when the administrator tries to change its code
    response = client.post(reverse("registry:index_edit", args=[index.pk]), _form(code="94-01"))
    # then index_save's ValidationFailed is shown on the form and nothing changes
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and "In use: the code cannot change." in html
    assert "Change index 94-00" in html
    index.refresh_from_db()
    assert index.code == "94-00"


def test_editing_a_missing_index_is_404(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("registry:index_edit", args=[999])).status_code == 404
