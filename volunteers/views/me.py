"""The volunteer's own pages ("我的"): status, profile, card, their data, closing the account."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exports import csv_text
from ledger.selectors import latest_entries, volunteer_balance
from volunteers.cards import PdfFontMissingError, card_pdf, qr_svg
from volunteers.choices import Status
from volunteers.forms import CloseAccountForm
from volunteers.selectors import my_data, volunteer_age, volunteer_history, volunteer_of
from volunteers.services import card_rotate, volunteer_close_account

# Apps above volunteers (events) plug a reader of a user's upcoming shifts in here from
# their AppConfig.ready(); volunteers never imports them (see docs/architecture.md).
_upcoming_shift_readers = []


def register_upcoming_shifts(reader) -> None:
    """``reader(user)`` returns items whose ``str()`` describes one upcoming shift."""
    if reader not in _upcoming_shift_readers:
        _upcoming_shift_readers.append(reader)


# Apps above volunteers (exchange) add sections to "我的" the same way: ``reader(user)``
# returns ``{"template": name, ...context}`` or None.
_me_section_readers = []


def register_me_section(reader) -> None:
    if reader not in _me_section_readers:
        _me_section_readers.append(reader)


def me_sections(user) -> list[dict]:
    return [section for reader in _me_section_readers if (section := reader(user))]


def ledger_context(user) -> dict:
    """Hours, star level and the latest service records, read from the ledger."""
    balance = volunteer_balance(user)
    # Newest by service date, as the certificate's period ends (not by posting order: an
    # import or a late claim posts old dates after new ones).
    recent = latest_entries(user) if balance.entry_count else []
    upcoming = [item for reader in _upcoming_shift_readers for item in reader(user)]
    return {"balance": balance, "recent_entries": recent, "upcoming_shifts": upcoming}


@login_required
def me(request):
    volunteer = volunteer_of(request.user)
    context = {
        "volunteer": volunteer,
        **ledger_context(request.user),
        "me_sections": me_sections(request.user),
    }
    if volunteer is not None:
        context |= {"age": volunteer_age(volunteer), "history": volunteer_history(volunteer)}
    return render(request, "volunteers/me.html", context)


def _own_active(request):
    volunteer = volunteer_of(request.user)
    if volunteer is None or volunteer.status != Status.ACTIVE:
        raise Http404
    return volunteer


def _teams(volunteer) -> list[str]:
    return [m.team.name for m in volunteer.current_memberships]


@login_required
def card(request):
    volunteer = _own_active(request)
    context = {"volunteer": volunteer, "qr": qr_svg(volunteer.card_secret)}
    return render(request, "volunteers/card.html", context | {"teams": _teams(volunteer)})


@login_required
def card_download(request):
    volunteer = _own_active(request)
    try:
        filename, mimetype, content = card_pdf(volunteer, _teams(volunteer))
    except PdfFontMissingError as error:
        return render(request, "volunteers/pdf_unavailable.html", {"error": error}, status=503)
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_POST
@login_required
def card_renew(request):
    volunteer = _own_active(request)
    card_rotate(volunteer=volunteer, actor=request.user)
    messages.success(request, _("Your card is renewed: cards printed before no longer work."))
    return redirect("volunteers:card")


@login_required
def data_download(request, fmt):
    """Everything we hold about the volunteer (PIPL Art.45), ID number masked."""
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        raise Http404
    data = my_data(volunteer)
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2)
        return _attachment(body, "application/json", f"my-volunteer-data.{fmt}")
    return _attachment(_as_csv(data), "text/csv; charset=utf-8", f"my-volunteer-data.{fmt}")


def _as_csv(data: dict) -> str:
    """Two columns, item and value, readable in Excel (hence the BOM)."""
    rows = [[_("Item"), _("Value")], *data["profile"].items()]
    rows += [[_("Team"), " · ".join(str(v) for v in row.values())] for row in data["teams"]]
    return csv_text(rows)


def _attachment(body: str, mimetype: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=mimetype)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def close_account(request):
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        raise Http404
    form = CloseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            volunteer_close_account(volunteer=volunteer, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Your account is closed and your personal data erased."))
            return redirect("home")
    return render(request, "volunteers/close_account.html", {"form": form})
