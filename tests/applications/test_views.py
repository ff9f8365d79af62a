"""Pages of service requests: the desk, the staff list and request page, the citizen's
online application and the fake payment provider (DOMAIN.md 2, 3 and 7)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kancelaria.applications import services
from kancelaria.applications.models import Payment, ServiceRequest
from kancelaria.applications.payments import FakeProvider
from kancelaria.registry.models import CaseStatus
from tests.factories import VALID_EGN

from .factories import service, submit

pytestmark = pytest.mark.django_db
Status = ServiceRequest.Status


def pdf(name="zayavlenie.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf")


# --------------------------------------------------------------------------- the desk

def test_the_desk_registers_a_request_with_documents_missing(client, org, index, registrar):
    """DOMAIN.md 2: the desk never refuses.
    Given the clerk unticks one document of the checklist, when he registers the request,
    then it is registered with the missing document recorded, and the request page shows
    the number, the fee and the payment form."""
    svc = service(org=org, index=index)
    first = svc.documents.filter(source="applicant").first()
    client.force_login(registrar)
    url = reverse("applications:new") + f"?service={svc.pk}"
    page = client.get(url)
    assert page.status_code == 200 and "Документ за собственост" in page.content.decode()
    response = client.post(url, {
        "documents": [str(first.pk)], "tier": "regular", "receive_channel": "desk", "channel": "desk",
        "name": "Иван Иванов", "identifier": VALID_EGN, "pages": "2", "files": pdf(),
    })
    obj = ServiceRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("applications:detail", args=[obj.pk])
    assert [m["name"] for m in obj.missing_documents] == ["Документ за собственост"]
    assert obj.entry.attachments.count() == 1
    detail = client.get(response["Location"]).content.decode()
    assert obj.entry.number in detail and "10,00 EUR" in detail and 'id="pay-form"' in detail


def test_the_desk_form_shows_field_errors(client, org, index, registrar):
    """Given no applicant name and no tier, when submitted, then 400 with the fields named."""
    svc = service(org=org, index=index)
    client.force_login(registrar)
    response = client.post(reverse("applications:new") + f"?service={svc.pk}",
                           {"receive_channel": "desk", "channel": "desk", "pages": "1"})
    assert response.status_code == 400
    assert "tier" in response.context["form"].errors and "name" in response.context["form"].errors
    assert ServiceRequest.objects.count() == 0


def test_only_the_desk_registers_requests(client, org, index, expert):
    """Given an executor, when he opens the intake, then 403."""
    client.force_login(expert)
    assert client.get(reverse("applications:new")).status_code == 403


def test_the_desk_records_a_payment(client, org, index, registrar):
    """Given an unpaid request, when the clerk records a card payment, then it is paid."""
    obj = submit(registrar, service(org=org, index=index))
    client.force_login(registrar)
    response = client.post(reverse("applications:pay", args=[obj.pk]), {"method": "card"})
    assert response.status_code == 302
    assert obj.payments.get().status == Payment.Status.PAID


def test_a_bad_action_shows_the_page_with_the_error(client, org, index, registrar):
    """DOMAIN.md 3: given a ready result, when issued at the desk without a name, then the
    request page comes back (400) naming the recipient field, and nothing closes."""
    svc = service(org=org, index=index, steps=[(org["desk"], 1)])
    obj = submit(registrar, svc)
    services.payment_record(actor=registrar, request=obj, method="cash")
    client.force_login(registrar)
    client.post(reverse("applications:step_done", args=[obj.pk]))
    obj.refresh_from_db()
    assert obj.status == Status.READY
    response = client.post(reverse("applications:issue", args=[obj.pk]),
                           {"how": "desk", "on": dt.date.today().isoformat()})
    assert response.status_code == 400 and "recipient_name" in response.context["issue_form"].errors
    response = client.post(reverse("applications:issue", args=[obj.pk]),
                           {"how": "desk", "recipient_name": "Мария", "on": dt.date.today().isoformat()})
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.status == Status.ISSUED and obj.case.status == CaseStatus.CLOSED


def test_deficiency_and_fix_from_the_page(client, org, index, registrar):
    """Given a request, when a deficiency is noticed and then fixed from the page, then the
    status goes to deficiency and back."""
    obj = submit(registrar, service(org=org, index=index))
    client.force_login(registrar)
    fix_by = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    client.post(reverse("applications:deficiency", args=[obj.pk]), {"description": "Липсва скица", "fix_by": fix_by})
    obj.refresh_from_db()
    assert obj.status == Status.DEFICIENCY
    client.post(reverse("applications:deficiency_fixed", args=[obj.pk]), {"on": dt.date.today().isoformat()})
    obj.refresh_from_db()
    assert obj.status == Status.AWAITING_PAYMENT


def test_withdraw_from_the_page(client, org, index, registrar):
    """DOMAIN.md 2: given a request, when the written withdrawal is registered, then the case is archived."""
    obj = submit(registrar, service(org=org, index=index))
    client.force_login(registrar)
    response = client.post(reverse("applications:withdraw", args=[obj.pk]), {"channel": "desk"})
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.case.status == CaseStatus.WITHDRAWN


def test_the_list_filters_and_runs_in_a_fixed_number_of_queries(client, org, index, registrar,
                                                                django_assert_max_num_queries):
    """Given requests in several states, when the list is filtered by status, service and
    unit, then only the matching ones show, in a fixed number of queries."""
    svc = service(org=org, index=index)
    other = service(org=org, index=index, steps=[(org["planning"], 2)])
    paid = submit(registrar, svc)
    services.payment_record(actor=registrar, request=paid, method="cash")
    for _ in range(5):
        submit(registrar, svc)
    in_planning = submit(registrar, other)
    client.force_login(registrar)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("applications:list"))
    assert page.status_code == 200 and len(page.context["page"].object_list) == 7
    rows = client.get(reverse("applications:list"), {"status": "registered"}).context["page"].object_list
    assert [r.pk for r in rows] == [paid.pk]
    rows = client.get(reverse("applications:list"), {"service": other.pk}).context["page"].object_list
    assert [r.pk for r in rows] == [in_planning.pk]
    rows = client.get(reverse("applications:list"), {"unit": org["planning"].pk}).context["page"].object_list
    assert [r.pk for r in rows] == [in_planning.pk]


def test_someone_outside_the_case_does_not_see_the_request(client, org, index, registrar, outsider):
    """DOMAIN.md 11 need-to-know: given an executor of an unrelated unit, then the request is 404 to him."""
    obj = submit(registrar, service(org=org, index=index))
    client.force_login(outsider)
    assert client.get(reverse("applications:detail", args=[obj.pk])).status_code == 404
    assert client.post(reverse("applications:step_done", args=[obj.pk])).status_code == 404


# --------------------------------------------------------------------------- the citizen

def apply_data(**overrides):
    data = {"name": "Мария Петрова", "egn": "", "address": "гр. Момчилград", "email": "maria@example.org",
            "phone": "", "tier": "regular", "receive_channel": "email", "files": pdf()}
    data.update(overrides)
    return data


def test_a_citizen_applies_online_and_pays(client, org, index):
    """DOMAIN.md 7: online application with online payment.
    Given a service offered online, when the citizen applies and pays at the provider,
    then the request is registered through the portal, paid, and the confirmation shows
    the number and the tracking code."""
    svc = service(org=org, index=index)
    response = client.post(reverse("applications:apply", args=[svc.code]), apply_data())
    obj = ServiceRequest.objects.get()
    payment = obj.payments.get()
    assert response.status_code == 302 and response["Location"] == reverse("applications:pay_fake",
                                                                           args=[payment.reference])
    assert obj.entry.channel == "portal" and obj.status == Status.AWAITING_PAYMENT
    assert obj.missing_documents == []
    page = client.get(response["Location"])
    assert page.status_code == 200 and "10,00 EUR" in page.content.decode()
    done = client.post(response["Location"], {"outcome": "paid"})
    assert done["Location"] == reverse("applications:done")
    payment.refresh_from_db()
    obj.refresh_from_db()
    assert payment.status == Payment.Status.PAID and obj.status == Status.REGISTERED
    html = client.get(done["Location"]).content.decode()
    assert obj.entry.number in html and obj.case.tracking_code in html and "/track/" in html


def test_a_declined_payment_can_be_tried_again(client, org, index):
    """Given a declined payment, when the citizen pays again from the confirmation, then a new payment starts."""
    svc = service(org=org, index=index)
    first = client.post(reverse("applications:apply", args=[svc.code]), apply_data())
    client.post(first["Location"], {"outcome": "declined"})
    obj = ServiceRequest.objects.get()
    assert obj.payments.get().status == Payment.Status.FAILED and obj.status == Status.AWAITING_PAYMENT
    assert 'govuk-tag govuk-tag--red' in client.get(reverse("applications:done")).content.decode()  # declined
    again = client.post(reverse("applications:done"))
    assert again.status_code == 302 and obj.payments.count() == 2


def test_the_online_form_validates_the_egn(client, org, index):
    """Given an EGN with a wrong check digit, when applying online, then 400 on the EGN and nothing registered."""
    svc = service(org=org, index=index)
    response = client.post(reverse("applications:apply", args=[svc.code]), apply_data(egn="7501020019"))
    assert response.status_code == 400 and "egn" in response.context["form"].errors
    assert ServiceRequest.objects.count() == 0
    response = client.post(reverse("applications:apply", args=[svc.code]), apply_data(egn=VALID_EGN))
    assert response.status_code == 302


def test_the_online_form_shows_fees_and_deadlines(client, org, index):
    """DOMAIN.md 1: given a service with tiers, then the form shows each tier's fee and deadline."""
    svc = service(org=org, index=index)
    page = client.get(reverse("applications:apply", args=[svc.code]))
    html = page.content.decode()
    assert "10,00 EUR" in html and "30,00 EUR" in html
    labels = [str(label) for _value, label in page.context["form"].fields["tier"].choices]
    assert any("10,00 EUR" in lb and " 10 " in lb for lb in labels)
    assert any("30,00 EUR" in lb and " 2 " in lb for lb in labels)


def test_a_service_not_offered_online_is_not_found(client, org, index):
    """Given a service submitted only at the desk, when applying online, then 404."""
    svc = service(org=org, index=index)
    svc.submit_channels = ["desk"]
    svc.save()
    assert client.get(reverse("applications:apply", args=[svc.code])).status_code == 404


def test_the_confirmation_is_only_for_the_applicant(client, org, index):
    """Given a browser that applied for nothing, when it opens the confirmation, then 404."""
    assert client.get(reverse("applications:done")).status_code == 404


# --------------------------------------------------------------------------- the provider

def test_a_forged_callback_changes_nothing(client, org, index):
    """The fake provider's callback is signed with an HMAC of SECRET_KEY: given a pending
    payment, when someone posts a callback with a made-up or altered signature, then 400
    and the payment stays pending; the genuine one pays it."""
    obj = submit(None, service(org=org, index=index), channel="portal")
    payment, _url = services.payment_online_start(request=obj)
    url = reverse("applications:pay_callback", args=[payment.reference])
    genuine = FakeProvider.callback(payment, "paid")
    forged = {**genuine, "signature": "0" * 64}
    assert client.post(url, forged).status_code == 400
    tampered = {**FakeProvider.callback(payment, "declined"), "outcome": "paid"}
    assert client.post(url, tampered).status_code == 400
    cheaper = {**genuine, "amount": "0.01"}
    assert client.post(url, cheaper).status_code == 400
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    response = client.post(url, genuine)
    assert response.status_code == 200 and response.json()["status"] == "paid"
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID


def test_a_callback_signed_with_another_key_is_refused(client, org, index, settings):
    """Given a callback signed under another SECRET_KEY, when posted, then it is refused."""
    obj = submit(None, service(org=org, index=index), channel="portal")
    payment, _url = services.payment_online_start(request=obj)
    original = settings.SECRET_KEY
    settings.SECRET_KEY = "another key entirely"
    other = FakeProvider.callback(payment, "paid")
    settings.SECRET_KEY = original
    assert client.post(reverse("applications:pay_callback", args=[payment.reference]), other).status_code == 400


def test_a_repeated_callback_does_not_change_a_settled_payment(client, org, index):
    """Given a payment declined, when a late "paid" callback for it arrives, then it stays failed."""
    obj = submit(None, service(org=org, index=index), channel="portal")
    payment, _url = services.payment_online_start(request=obj)
    services.payment_online_confirm(reference=payment.reference, data=FakeProvider.callback(payment, "declined"))
    services.payment_online_confirm(reference=payment.reference, data=FakeProvider.callback(payment, "paid"))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.FAILED


def test_the_fake_page_is_gone_with_another_provider(client, org, index, settings):
    """Given PAYMENT_PROVIDER is not "fake", then the fake payment page does not exist."""
    obj = submit(None, service(org=org, index=index), channel="portal")
    payment, _url = services.payment_online_start(request=obj)
    settings.PAYMENT_PROVIDER = "bank"
    assert client.get(reverse("applications:pay_fake", args=[payment.reference])).status_code == 404
