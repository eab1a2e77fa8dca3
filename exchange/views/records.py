"""National files and transfers: the office's pages, the volunteer's own, the public key."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pdf import refuses_without_font
from core.permissions import role_required
from core.roles import Role
from core.selectors import user_has_role
from exchange import people, selectors, services, signing
from exchange.errors import ExchangeError
from exchange.forms import ExportForm, ImportForm, PackageForm, TransferIssueForm, TrustForm
from exchange.models import NationalExport, TransferPackage, TrustedCounty
from exchange.services.imports import IMPORT_ROLES
from exchange.tasks import resume_stalled


def _attachment(filename: str, mimetype: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(*IMPORT_ROLES)
def national(request):
    """Exports (county office) and imports (offices) of the national system's files."""
    resume_stalled()
    county = user_has_role(request.user, Role.COUNTY_OFFICE)
    export_form = ExportForm(prefix="export")
    import_form = ImportForm(prefix="import")
    if request.method == "POST" and "export-reason" in request.POST and county:
        export_form = ExportForm(request.POST, prefix="export")
        if export_form.is_valid():
            return _export(request, export_form)
    elif request.method == "POST":
        import_form = ImportForm(request.POST, request.FILES, prefix="import")
        if import_form.is_valid():
            return _import(request, import_form)
    return render(
        request,
        "exchange/national.html",
        {
            "county": county,
            "export_form": export_form,
            "import_form": import_form,
            "exports": selectors.exports()[:30] if county else [],
            "imports": selectors.imports_visible_to(request.user)[:30],
        },
    )


def _export(request, form):
    try:
        export = services.export_create(actor=request.user, reason=form.cleaned_data["reason"])
    except ExchangeError as error:
        messages.error(request, error.message)
        return redirect("exchange:national")
    messages.success(request, _("The export is being written: this page shows its progress."))
    return redirect("exchange:export", pk=export.pk)


def _import(request, form):
    upload = form.cleaned_data["file"]
    try:
        made = services.import_create(
            actor=request.user,
            filename=upload.name,
            content=upload.read(),
            origin=form.cleaned_data["origin"],
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("exchange:national")
    messages.success(request, _("The file is being checked: this page shows its progress."))
    return redirect("exchange:import", pk=made.pk)


@role_required(Role.COUNTY_OFFICE)
def export_detail(request, pk):
    export = get_object_or_404(selectors.exports(), pk=pk)
    if export.status != NationalExport.Status.DONE:
        resume_stalled()
    return render(request, "exchange/export.html", {"export": export})


@role_required(Role.COUNTY_OFFICE)
def export_download(request, pk):
    export = get_object_or_404(NationalExport, pk=pk)
    try:
        return _attachment(*services.export_file(export=export, actor=request.user))
    except ExchangeError as error:
        messages.error(request, error.message)
        return redirect("exchange:export", pk=export.pk)


@role_required(*IMPORT_ROLES)
def import_detail(request, pk):
    made = get_object_or_404(selectors.imports_visible_to(request.user), pk=pk)
    if made.status in ("queued", "running"):
        resume_stalled()
    return render(request, "exchange/import.html", {"made": made})


# --- Transfers ---------------------------------------------------------------------------


@role_required(Role.COUNTY_OFFICE)
def transfers(request):
    forms = {
        "issue": TransferIssueForm(prefix="issue"),
        "package": PackageForm(prefix="package"),
        "trust": TrustForm(prefix="trust"),
    }
    action = next((name for name in forms if f"{name}-submit" in request.POST), None)
    if request.method == "POST" and action:
        forms[action] = form = type(forms[action])(request.POST, request.FILES, prefix=action)
        if form.is_valid():
            done = _TRANSFER_ACTIONS[action](request, form)
            if done is not None:
                return done
    return render(
        request,
        "exchange/transfers.html",
        {
            **forms,
            "fingerprint": signing.fingerprint(),
            "public_pem": signing.public_pem(),
            "packages": TransferPackage.objects.select_related("volunteer")[:30],
            "trusted": TrustedCounty.objects.all(),
        },
    )


@refuses_without_font
def _issue(request, form):
    volunteer = form.cleaned_data["volunteer"]
    return _attachment(*services.transfer_issue(volunteer=volunteer, actor=request.user))


def _receive(request, form, *, for_self=False):
    upload = form.cleaned_data["file"]
    try:
        made = services.transfer_import(
            content=upload.read(), actor=request.user, filename=upload.name, for_self=for_self
        )
    except ExchangeError as error:
        form.add_error("file", error.message)
        return None
    messages.success(
        request,
        _("Package verified: %(n)s records kept as external records.") % {"n": made.imported_rows},
    )
    return redirect("exchange:my_records" if for_self else "exchange:transfers")


def _trust(request, form):
    try:
        services.trusted_county_add(actor=request.user, **form.cleaned_data)
    except ExchangeError as error:
        form.add_error("public_key", error.message)
        return None
    messages.success(request, _("The county's key is trusted now."))
    return redirect("exchange:transfers")


_TRANSFER_ACTIONS = {"issue": _issue, "package": _receive, "trust": _trust}


def public_key(request):
    """This county's public key, for other counties to verify its packages offline."""
    response = HttpResponse(signing.public_pem(), content_type="application/x-pem-file")
    response["Content-Disposition"] = 'inline; filename="county-public-key.pem"'
    return response


# --- The volunteer's own ----------------------------------------------------------------------


@login_required
def my_records(request):
    form = PackageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        done = _receive(request, form, for_self=True)
        if done is not None:
            return done
    return render(
        request,
        "exchange/my_records.html",
        {
            "records": selectors.external_records_of(request.user)[:500],
            "totals": selectors.external_totals(request.user),
            "form": form,
            "fingerprint": signing.fingerprint(),
        },
    )


@require_POST
@login_required
@refuses_without_font
def my_transfer(request):
    if people.volunteer_profile(request.user) is None:
        raise Http404
    return _attachment(*services.transfer_issue(volunteer=request.user, actor=request.user))
