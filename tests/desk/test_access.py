"""Need-to-know access, the audit of reads and the protection of personal numbers on
the desk pages (DOMAIN.md section 11)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kancelaria.audit.models import AuditEvent
from kancelaria.registry.services import case_send
from tests import factories
from tests.desk.conftest import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_by_planning(registrar, org, index):
    """An application with the citizen's EGN and a scan, sent to the planning department."""
    entry = factories.entry(
        registrar, files=[pdf()],
        correspondent=factories.Correspondent(name="Иван Петров Иванов", kind="person", egn=factories.VALID_EGN,
                                              address="гр. Момчилград"),
    )
    case_send(actor=registrar, case=entry.case, unit=org["planning"])
    return entry


def test_an_executor_of_another_unit_gets_404_everywhere(as_user, outsider, held_by_planning):
    """DOMAIN.md 11: need-to-know. A case held by planning is not there for finance."""
    client = as_user(outsider)
    entry = held_by_planning
    attachment = entry.attachments.get()
    # When an executor of finance tries the entry, its case file, its attachment and its correction page
    urls = [reverse("registry:entry", args=[entry.pk]), reverse("registry:case", args=[entry.case_id]),
            reverse("registry:attachment", args=[attachment.pk]),
            reverse("registry:entry_correct", args=[entry.pk])]
    # Then each answers 404, and nothing is recorded as read
    assert [client.get(url).status_code for url in urls] == [404, 404, 404, 404]
    assert not AuditEvent.objects.filter(action__in=["read", "download"], actor=outsider).exists()
    # and the register does not list it
    assert entry.number not in client.get(reverse("registry:entries")).content.decode()


def test_case_actions_outside_the_scope_answer_404(as_user, outsider, held_by_planning, org):
    client = as_user(outsider)
    response = client.post(reverse("registry:case_send", args=[held_by_planning.case_id]),
                           {"send-unit": org["finance"].pk})
    assert response.status_code == 404


def test_the_expert_of_the_holding_unit_reads_and_the_read_is_audited(as_user, expert, held_by_planning):
    """DOMAIN.md 11: access time recorded; every staff read is in the audit trail."""
    client = as_user(expert)
    entry = held_by_planning
    # When the planning expert opens the entry and the case file
    assert client.get(reverse("registry:entry", args=[entry.pk])).status_code == 200
    assert client.get(reverse("registry:case", args=[entry.case_id])).status_code == 200
    # Then both reads are in the audit trail under his name
    reads = AuditEvent.objects.filter(actor=expert, action="read")
    assert set(reads.values_list("object_type", "object_id")) == {
        ("registry.entry", str(entry.pk)), ("registry.casefile", str(entry.case_id))}


def test_the_egn_is_masked_for_an_expert_and_full_for_a_registrar(as_user, expert, registrar, held_by_planning):
    """DOMAIN.md 11: the EGN is disclosed only as the law needs."""
    url = reverse("registry:entry", args=[held_by_planning.pk])
    # When the expert opens the card
    expert_page = as_user(expert).get(url).content.decode()
    # Then he sees only the last four digits
    assert factories.VALID_EGN not in expert_page
    assert "******0018" in expert_page
    # and in the register list as well
    expert_list = as_user(expert).get(reverse("registry:entries")).content.decode()
    assert factories.VALID_EGN not in expert_list and "******0018" in expert_list
    # When the registrar opens it, he sees it in full
    assert factories.VALID_EGN in as_user(registrar).get(url).content.decode()
    assert factories.VALID_EGN in as_user(registrar).get(reverse("registry:entries")).content.decode()


def test_an_attachment_download_streams_the_file_and_is_audited(as_user, expert, held_by_planning):
    attachment = held_by_planning.attachments.get()
    # When the expert downloads the scan
    response = as_user(expert).get(reverse("registry:attachment", args=[attachment.pk]))
    # Then it comes as a download of the right type, not sniffed, and the download is recorded
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;") and "scan.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    event = AuditEvent.objects.get(action="download")
    assert (event.actor, event.object_type, event.object_id) == (expert, "registry.attachment", str(attachment.pk))


def test_a_missing_file_is_404_not_a_failure(as_user, registrar, held_by_planning):
    from django.core.files.storage import default_storage

    attachment = held_by_planning.attachments.get()
    default_storage.delete(attachment.file.name)
    response = as_user(registrar).get(reverse("registry:attachment", args=[attachment.pk]))
    assert response.status_code == 404


def test_the_card_lists_attachments_with_size_and_hash(as_user, registrar, held_by_planning):
    attachment = held_by_planning.attachments.get()
    page = as_user(registrar).get(reverse("registry:entry", args=[held_by_planning.pk])).content.decode()
    assert attachment.sha256 in page
    assert reverse("registry:attachment", args=[attachment.pk]) in page


def test_only_registrars_correct_entries(as_user, expert, held_by_planning):
    # Given an expert who may read the entry; when he opens the correction page
    response = as_user(expert).get(reverse("registry:entry_correct", args=[held_by_planning.pk]))
    # Then he is refused
    assert response.status_code == 403


def test_a_correction_needs_a_reason_and_shows_in_the_history(as_user, registrar, held_by_planning):
    client = as_user(registrar)
    url = reverse("registry:entry_correct", args=[held_by_planning.pk])
    form = client.get(url).context["form"]
    data = {name: ("" if value is None else value) for name, value in
            ((bf.html_name, bf.value()) for bf in form) if name != "files"}
    data = {k: v for k, v in data.items() if v is not False}
    data["subject"] = "Искане за издаване на скица на поземлен имот"
    # When the clerk corrects the subject without a reason
    no_reason = client.post(url, {**data, "reason": ""})
    # Then the reason field asks for one and nothing changes
    assert no_reason.context["form"].errors["reason"]
    held_by_planning.refresh_from_db()
    assert held_by_planning.subject == "Искане за издаване на скица на имот"
    # When he gives the reason
    done = client.post(url, {**data, "reason": "Грешка при въвеждане"})
    # Then the entry is corrected and the card shows the correction with reason and who
    assert done.status_code == 302
    held_by_planning.refresh_from_db()
    assert held_by_planning.subject == "Искане за издаване на скица на поземлен имот"
    card = client.get(reverse("registry:entry", args=[held_by_planning.pk])).content.decode()
    assert "Грешка при въвеждане" in card and "registrar" in card


def test_a_correction_that_changes_nothing_says_so(as_user, registrar, held_by_planning):
    client = as_user(registrar)
    url = reverse("registry:entry_correct", args=[held_by_planning.pk])
    form = client.get(url).context["form"]
    data = {bf.html_name: ("" if bf.value() is None else bf.value()) for bf in form if bf.html_name != "files"}
    data = {k: v for k, v in data.items() if v is not False}
    response = client.post(url, {**data, "reason": "Проверка"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
