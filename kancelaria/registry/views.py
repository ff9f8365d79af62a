"""The registry desk: registering documents, the register, registration cards, case
files and their actions (DOMAIN.md sections 2 and 11).

Views are thin: each write calls one service; reads go through the need-to-know
selectors, so an entry or case file outside the user's scope answers 404, and every
staff read is recorded in the audit trail.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kancelaria.accounts.models import Role
from kancelaria.audit.services import Action, audit_read
from kancelaria.core.errors import ValidationFailed
from kancelaria.core.validators import mask_egn

from . import services
from .forms import (
    CaseForwardForm,
    CaseSendForm,
    CaseWithdrawForm,
    EntryCorrectForm,
    EntrySearchForm,
    OffensiveLogForm,
    RegistrationForm,
    desk_initial,
)
from .models import Attachment, CaseFile, OffensiveAnonymousRecord, RegisterRecord
from .selectors import (
    case_timeline,
    cases_visible,
    entries_search,
    entries_visible,
    sees_personal_numbers,
)

PAGE_SIZE = 50
SESSION_INDEX = "desk.index"
SESSION_REGISTERED = "desk.registered"


def can_register(user) -> bool:
    return user.has_role(Role.REGISTRAR, Role.ADMINISTRATOR)


def can_send(user) -> bool:
    return user.has_role(Role.REGISTRAR, Role.ADMINISTRATOR, Role.RESOLVER, Role.CONTROLLER)


def can_see_offensive_log(user) -> bool:
    return user.has_role(Role.ADMINISTRATOR) or user.has_perm("registry.view_offensive_log")


def _egn_shown(user, value: str) -> str:
    return value if sees_personal_numbers(user) else mask_egn(value)


def _flash(request, text: str) -> None:
    messages.success(request, text)


# --------------------------------------------------------------------------- the desk

@login_required
@require_http_methods(["GET", "POST"])
def desk(request):
    """Register a document (registrars); everyone else starts at the register."""
    if not can_register(request.user):
        return redirect("registry:entries")
    if request.method == "POST":
        form = RegistrationForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                entry = services.entry_register(actor=request.user, registration=form.registration(),
                                                request=request)
            except ValidationFailed as exc:
                form.add_service_errors(exc)
            else:
                request.session[SESSION_INDEX] = entry.case.index_id
                request.session[SESSION_REGISTERED] = entry.pk
                return redirect("registry:entry", pk=entry.pk)
    else:
        form = RegistrationForm(user=request.user,
                                initial=desk_initial(request.user, request.GET, request.session.get(SESSION_INDEX)))
    today = timezone.localdate()
    recent = (entries_visible(request.user)
              .filter(registered_by=request.user, registered_on=today).order_by("-registered_at", "-id")[:8])
    return render(request, "registry/desk.html", {
        "form": form, "recent": recent, "files_lost": bool(request.method == "POST" and request.FILES),
    })


@login_required
@require_http_methods(["GET", "POST"])
def offensive_log(request):
    """Anonymous documents with insults are not registered: the desk logs them for the
    Secretary (DOMAIN.md 2), who sees the log."""
    may_add = can_register(request.user)
    may_see = can_see_offensive_log(request.user)
    if not (may_add or may_see):
        raise PermissionDenied
    form = OffensiveLogForm()
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied
        form = OffensiveLogForm(request.POST)
        if form.is_valid():
            try:
                services.offensive_anonymous_log(actor=request.user, channel=form.cleaned_data["channel"],
                                                 description=form.cleaned_data["description"], request=request)
            except ValidationFailed as exc:
                form.add_service_errors(exc)
            else:
                _flash(request, _("The document was logged for the Secretary. It is not registered."))
                return redirect("registry:offensive_log")
    page = None
    if may_see:
        records = OffensiveAnonymousRecord.objects.select_related("recorded_by").order_by("-received_at", "-id")
        page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registry/offensive_log.html", {
        "form": form, "may_add": may_add, "page": page
    })


# --------------------------------------------------------------------------- the register

@login_required
def entries(request):
    """Search and filter the register; a GET form, so every result page is a link."""
    form = EntrySearchForm(request.GET or None)
    qs = entries_visible(request.user)
    if form.is_bound:
        form.is_valid()
        qs = entries_search(qs, **form.search_kwargs())
    qs = qs.order_by(*(form.ordering() if form.is_bound else ("-registered_at", "-id")))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    personal = sees_personal_numbers(request.user)
    for row in page.object_list:
        row.egn_shown = row.correspondent_egn if personal else mask_egn(row.correspondent_egn)
    context = {"form": form, "page": page, "sort": form.sort_order if form.is_bound else "-date",
               "searching": bool(form.is_bound and (request.GET.get("q") or form.filters_used)),
               "can_register": can_register(request.user)}
    if request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == "results":
        return render(request, "registry/_entries_results.html", {**context, "oob": True})
    return render(request, "registry/entries.html", context)


@login_required
def entry(request, pk: int):
    """The registration card of one document; recorded as a read."""
    entry = get_object_or_404(entries_visible(request.user), pk=pk)
    audit_read(actor=request.user, obj=entry, request=request)
    visible = entries_visible(request.user)
    just_registered = request.session.get(SESSION_REGISTERED) == entry.pk
    if just_registered:
        del request.session[SESSION_REGISTERED]
    linked_ids = [pk for pk in (entry.answers_id, entry.related_id) if pk]
    linked_visible = set(visible.filter(pk__in=linked_ids).values_list("pk", flat=True)) if linked_ids else set()
    return render(request, "registry/entry.html", {
        "entry": entry, "case": entry.case,
        "egn_shown": _egn_shown(request.user, entry.correspondent_egn),
        "attachments": entry.attachments.all(),
        "answered_by": visible.filter(answers=entry).order_by("registered_at"),
        "amended_by": visible.filter(related=entry).order_by("registered_at"),
        "answers_visible": entry.answers_id in linked_visible,
        "related_visible": entry.related_id in linked_visible,
        "corrections": entry.records.filter(kind=RegisterRecord.Kind.CORRECTION)
                                    .select_related("recorded_by").order_by("position"),
        "just_registered": just_registered, "can_register": can_register(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def entry_correct(request, pk: int):
    """Correct a registered document with a reason; the register keeps both versions."""
    entry = get_object_or_404(entries_visible(request.user), pk=pk)
    if not can_register(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = EntryCorrectForm(request.POST, request.FILES, entry=entry)
        if form.is_valid():
            try:
                services.entry_correct(actor=request.user, entry=entry, changes=form.changes(),
                                       reason=form.cleaned_data["reason"],
                                       files=form.cleaned_data.get("files") or [], request=request)
            except ValidationFailed as exc:
                form.add_service_errors(exc)
            else:
                _flash(request, _("The correction was recorded in the register."))
                return redirect("registry:entry", pk=entry.pk)
    else:
        form = EntryCorrectForm(entry=entry)
    return render(request, "registry/entry_correct.html", {
        "entry": entry, "form": form, "egn_shown": _egn_shown(request.user, entry.correspondent_egn),
    })


@login_required
def attachment(request, pk: int):
    """Stream an attachment as a download; recorded in the audit trail."""
    att = get_object_or_404(Attachment.objects.select_related("entry"), pk=pk,
                            entry__in=entries_visible(request.user).values("pk"))
    try:
        handle = att.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404(_("The file of this attachment is missing from the storage.")) from exc
    audit_read(actor=request.user, obj=att, request=request, action=Action.DOWNLOAD)
    response = FileResponse(handle, as_attachment=True, filename=att.original_name,
                            content_type=att.content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --------------------------------------------------------------------------- case files

def _case_page(request, case, **forms):
    user = request.user
    may_register = can_register(user) and not case.is_finished
    may_send = can_send(user) and not case.is_finished
    first = case.entries.order_by("ordinal").first()
    answerable = case.entries.filter(kind="incoming").order_by("ordinal").first()
    # Forwarding and withdrawal concern a request that came in.
    may_request = may_register and first is not None and first.kind == "incoming"
    context = {
        "case": case, "first": first, "answerable": answerable,
        "timeline": case_timeline(case), "deadline_state": case.deadline_state(),
        "may_register": may_register, "may_send": may_send,
        "send_form": forms.get("send_form") or (CaseSendForm() if may_send else None),
        "forward_form": forms.get("forward_form") or (CaseForwardForm() if may_request else None),
        "withdraw_form": forms.get("withdraw_form") or (CaseWithdrawForm() if may_request else None),
        "open_action": next((name for name, form in forms.items() if form is not None), ""),
    }
    return render(request, "registry/case.html", context)


def _case_for_action(request, pk: int, allowed) -> CaseFile:
    case = get_object_or_404(cases_visible(request.user), pk=pk)
    if not allowed(request.user):
        raise PermissionDenied
    return case


@login_required
def case(request, pk: int):
    """The case file: its documents and movements in order; recorded as a read."""
    case = get_object_or_404(cases_visible(request.user), pk=pk)
    audit_read(actor=request.user, obj=case, request=request)
    return _case_page(request, case)


@login_required
@require_POST
def case_send(request, pk: int):
    case = _case_for_action(request, pk, can_send)
    form = CaseSendForm(request.POST)
    if form.is_valid():
        try:
            services.case_send(actor=request.user, case=case, unit=form.cleaned_data["unit"],
                               note=form.cleaned_data["note"], request=request)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        else:
            _flash(request, _("The case file was sent to %(unit)s.") % {"unit": form.cleaned_data["unit"]})
            return redirect("registry:case", pk=case.pk)
    return _case_page(request, case, send_form=form)


@login_required
@require_POST
def case_forward(request, pk: int):
    case = _case_for_action(request, pk, can_register)
    form = CaseForwardForm(request.POST)
    if form.is_valid():
        try:
            entry = services.case_forward(actor=request.user, case=case, body=form.body(),
                                          channel=form.cleaned_data["channel"],
                                          note=form.cleaned_data["note"], request=request)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        else:
            _flash(request, _("Forwarded under No. %(number)s; the case file is closed at the registry.")
                   % {"number": entry.number})
            return redirect("registry:case", pk=case.pk)
    return _case_page(request, case, forward_form=form)


@login_required
@require_POST
def case_withdraw(request, pk: int):
    case = _case_for_action(request, pk, can_register)
    form = CaseWithdrawForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            entry = services.case_withdraw(actor=request.user, case=case, channel=form.cleaned_data["channel"],
                                           pages=form.cleaned_data["pages"], notes=form.cleaned_data["notes"],
                                           files=form.cleaned_data["files"], request=request)
        except ValidationFailed as exc:
            form.add_service_errors(exc)
        else:
            _flash(request, _("The withdrawal was registered under No. %(number)s; the case file is archived.")
                   % {"number": entry.number})
            return redirect("registry:case", pk=case.pk)
    return _case_page(request, case, withdraw_form=form)
