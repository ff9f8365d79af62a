"""The nomenclature of case files in the staff pages: the list of indexes for every
member of staff, creating and changing indexes for administrators (DOMAIN.md sections 2
and 10)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kancelaria.audit.models import AuditEvent
from kancelaria.audit.services import audit_record
from kancelaria.core.errors import ValidationFailed

from .models import Index
from .nomenclature_forms import IndexForm
from .services import index_save

STAFF_ROLES = ("registrar", "resolver", "executor", "controller", "administrator")
ADMINISTRATOR = "administrator"


def _refuse(request, what: str):
    audit_record(actor=request.user, action=AuditEvent.Action.DENIED, object_type="registry.index",
                 object_repr=what, request=request)
    return render(request, "registry/nomenclature/denied.html", status=403)


def _indexes_with_case_counts():
    return Index.objects.annotate(case_count=Count("cases")).order_by("code")


@login_required
def index_list(request):
    if not request.user.has_role(*STAFF_ROLES):
        return _refuse(request, "nomenclature of case files")
    return render(request, "registry/nomenclature/list.html", {
        "indexes": list(_indexes_with_case_counts()),
        "can_edit": request.user.has_role(ADMINISTRATOR),
    })


def _save(request, form: IndexForm):
    if not form.is_valid():
        return None
    try:
        return index_save(actor=request.user, index=form.save(commit=False), request=request)
    except ValidationFailed as error:
        for field, problems in (error.fields or {}).items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, str(problem))
        if not error.fields:
            form.add_error(None, str(error.message))
        return None


@login_required
def index_create(request):
    if not request.user.has_role(ADMINISTRATOR):
        return _refuse(request, "new index")
    form = IndexForm(request.POST or None, initial={"numbering_scope": Index.Scope.YEARLY})
    if request.method == "POST":
        index = _save(request, form)
        if index is not None:
            messages.success(request, _("Index %(code)s was added to the nomenclature.") % {"code": index.code})
            return redirect("registry:index_list")
    return render(request, "registry/nomenclature/form.html", {"form": form, "index": None})


@login_required
def index_edit(request, pk: int):
    if not request.user.has_role(ADMINISTRATOR):
        return _refuse(request, f"index {pk}")
    index = get_object_or_404(Index, pk=pk)
    original_code = index.code
    form = IndexForm(request.POST or None, instance=index)
    if request.method == "POST":
        saved = _save(request, form)
        if saved is not None:
            messages.success(request, _("Index %(code)s was saved.") % {"code": saved.code})
            return redirect("registry:index_list")
    # The heading names the index as it is stored, whatever was typed into the form.
    return render(request, "registry/nomenclature/form.html", {"form": form, "index": index,
                                                               "code": original_code})
