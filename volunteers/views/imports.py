"""Roster imports for offices: upload → preview every row's problems → commit in the background."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import role_required
from core.roles import Role
from volunteers.forms import ImportForm
from volunteers.models import RosterImport
from volunteers.roster import errors_xlsx, template_xlsx
from volunteers.selectors import roster_import_committable, roster_import_stalled, roster_imports
from volunteers.services import (
    roster_import_discard,
    roster_import_enqueue,
    roster_import_preview,
)

IMPORT_ROLES = (Role.TOWNSHIP_OFFICE, Role.COUNTY_OFFICE, Role.ADMIN)
PREVIEW_ROWS = 200


@role_required(*IMPORT_ROLES)
def upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            roster_import = roster_import_preview(
                filename=upload.name, content=upload.read(), actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("volunteers:import_detail", pk=roster_import.pk)
    recent = roster_imports(user=request.user)[:20]
    return render(request, "volunteers/import_upload.html", {"form": form, "recent": recent})


def _own(request, pk) -> RosterImport:
    return get_object_or_404(roster_imports(user=request.user), pk=pk)


@role_required(*IMPORT_ROLES)
def detail(request, pk):
    roster_import = _own(request, pk)
    stalled = roster_import_stalled(roster_import)
    working = roster_import.status in {RosterImport.Status.QUEUED, RosterImport.Status.RUNNING}
    context = {
        "import": roster_import,
        "problems": roster_import.problems[:PREVIEW_ROWS],
        "more": max(roster_import.error_rows - PREVIEW_ROWS, 0),
        "working": working and not stalled,
        "stalled": stalled,
        "can_commit": roster_import_committable(roster_import),
    }
    return render(request, "volunteers/import_detail.html", context)


@require_POST
@role_required(*IMPORT_ROLES)
def commit(request, pk):
    return _act(request, _own(request, pk), roster_import_enqueue, _("Import queued."))


@require_POST
@role_required(*IMPORT_ROLES)
def discard(request, pk):
    return _act(request, _own(request, pk), roster_import_discard, _("File discarded."))


def _act(request, roster_import, service, done):
    try:
        service(roster_import=roster_import, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("volunteers:import_detail", pk=roster_import.pk)


@role_required(*IMPORT_ROLES)
def errors(request, pk):
    roster_import = _own(request, pk)
    if not roster_import.problems:
        raise Http404
    return _file(
        *errors_xlsx(roster_import.columns, roster_import.problems, roster_import.filename)
    )


@role_required(*IMPORT_ROLES)
def template(request):
    return _file(*template_xlsx())


def _file(filename: str, mimetype: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
