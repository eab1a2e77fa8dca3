"""The volunteers' and the staff's pages: the board to claim from, my requests and tasks,
the coloured staff list, one request's page with its actions, and unmasking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from core.exports import SafeTableExport
from core.permissions import role_required
from wishes import selectors, services
from wishes.codes import display_code, normalize_code
from wishes.deadlines import LABELS, Palette
from wishes.errors import WishError
from wishes.forms import (
    AcceptForm,
    AssignForm,
    MergeForm,
    NoteForm,
    ReasonForm,
    ResolveForm,
    RevealForm,
)
from wishes.models import OverdueDigest, Status
from wishes.selectors import STAFF_ROLES
from wishes.tables import WishTable
from wishes.views.common import add_service_error, refused, steps_for, with_colours

PER_PAGE = 50


@login_required
def mine(request):
    palette = Palette.on()
    context = {
        "filed": selectors.filed_by_user(request.user)[:50],
        "tasks": with_colours(selectors.tasks_of(request.user, palette)[:50]),
        "is_volunteer": selectors.active_volunteer(request.user) is not None,
    }
    return render(request, "wishes/mine.html", context)


@login_required
def board(request):
    rows = with_colours(selectors.board(Palette.on())[: PER_PAGE * 2])
    return render(request, "wishes/board.html", {"rows": rows})


@role_required(*STAFF_ROLES)
def staff_list(request):
    """Everything the user answers for, open items red first; ``?status=open`` for only
    those, ``?_export=csv|xlsx`` for a spreadsheet (formula-safe)."""
    queryset = selectors.staff_wishes(request.user)
    if request.GET.get("status") == "open":
        queryset = queryset.filter(status__in=selectors.OPEN_STATUSES)
    for name in ("station", "township", "kind"):  # the station's or the township's list
        value = request.GET.get(name, "")
        if value.isdigit():
            queryset = queryset.filter(**{f"{name}_id": int(value)})
    table = WishTable(selectors.coloured(queryset, Palette.on()))
    export = request.GET.get("_export")
    if SafeTableExport.is_valid_format(export):
        return SafeTableExport(export, table).response(f"wishes.{export}")
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    digests = OverdueDigest.objects.filter(station__managers=request.user)[:3]
    context = {"table": table, "digests": digests, "filters": selectors.list_filters(request.user)}
    return render(request, "wishes/staff_list.html", context)


def _viewable(request, pk):
    wish = selectors.wish_detail(pk)
    if wish is None:
        raise Http404
    if not selectors.may_view(request.user, wish):
        raise PermissionDenied
    return wish


@login_required
def detail(request, pk, forms=None):
    wish = _viewable(request, pk)
    user, forms = request.user, forms or {}
    staff = selectors.is_staff_of(user, wish)
    colour = Palette.on().colour(wish.due_on) if wish.is_open else None
    context = {
        "colour": colour, "colour_label": LABELS.get(colour, ""),
        "wish": wish, "code": display_code(wish.code), "staff": staff,
        "handler": selectors.may_handle(user, wish),
        "assigned": selectors.is_assigned(user, wish),
        "may_claim": wish.status == Status.ACCEPTED and selectors.active_volunteer(user),
        "may_reveal": selectors.may_see_contact(user, wish),
        "steps": steps_for(selectors.timeline(wish), staff=True),
        "photos": selectors.filing_photos(wish),
        "hours": selectors.hours_of(wish),
        **_forms(forms),
    }  # fmt: skip
    return render(request, "wishes/detail.html", context)


FORMS = {"accept": AcceptForm, "decline": ReasonForm, "merge": MergeForm, "assign": AssignForm,
         "release": ReasonForm, "progress": NoteForm, "resolve": ResolveForm,
         "reveal": RevealForm}  # fmt: skip


def _forms(given: dict) -> dict:
    return {f"{name}_form": given.get(name) or form(prefix=name) for name, form in FORMS.items()}


# Who may try each action: checked before the form or the status is looked at, so a
# refusal says "not yours" (403) whatever the request carried.
MAY = {"accept": selectors.is_staff_of, "decline": selectors.is_staff_of,
       "merge": selectors.is_staff_of, "assign": selectors.is_staff_of,
       "release": selectors.may_handle, "progress": selectors.may_handle,
       "resolve": selectors.may_handle, "reveal": selectors.may_see_contact}  # fmt: skip


def _act(request, pk, name, call):
    """Check the permission, bind the action's form, call the service, and come back to
    the page: with the message on success, with the form and its errors otherwise."""
    wish = _viewable(request, pk)
    if not MAY[name](request.user, wish):
        raise PermissionDenied
    form = FORMS[name](request.POST, request.FILES or None, prefix=name)
    if form.is_valid():
        try:
            done = call(wish, form.cleaned_data, form)
        except WishError as error:
            if error.http_status in (403, 404, 409) and error.code not in _FIELD_CODES:
                return refused(request, error)
            add_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect("wishes:detail", pk=wish.pk)
    return detail(request, pk, forms={name: form})


_FIELD_CODES = {"volunteer_unsuitable", "volunteer_not_found"}


@require_POST
@login_required
def accept(request, pk):
    def call(wish, data, _form):
        services.wish_accept(wish=wish, actor=request.user, station=data["station"],
                             note=data["note"])  # fmt: skip
        return _("Accepted: volunteers can take it now.")

    return _act(request, pk, "accept", call)


@require_POST
@login_required
def decline(request, pk):
    def call(wish, data, _form):
        services.wish_decline(wish=wish, actor=request.user, reason=data["reason"])
        return _("Declined; the filer sees your reason.")

    return _act(request, pk, "decline", call)


@require_POST
@login_required
def merge(request, pk):
    def call(wish, data, _form):
        original = selectors.wish_by_code(normalize_code(data["duplicate_code"]))
        if original is None:
            raise WishError(_("No request has this tracking code."), "duplicate_invalid")
        services.wish_merge(wish=wish, actor=request.user, duplicate_of=original)
        return _("Merged into %(code)s.") % {"code": display_code(original.code)}

    return _act(request, pk, "merge", call)


def _volunteer_user(number: str):
    volunteer = selectors.volunteer_by_number(number)
    if volunteer is None:
        raise WishError(_("No volunteer has the number %(n)s.") % {"n": number},
                        "volunteer_not_found")  # fmt: skip
    return volunteer.user


@require_POST
@login_required
def assign(request, pk):
    def call(wish, data, _form):
        number = data["volunteer_number"].strip()
        volunteer = _volunteer_user(number) if number else None
        services.wish_assign(wish=wish, actor=request.user, volunteer=volunteer, team=data["team"])
        return _("Assigned.")

    return _act(request, pk, "assign", call)


@require_POST
@login_required
def claim(request, pk):
    wish = _claimable(request, pk)
    try:
        services.wish_claim(wish=wish, user=request.user)
    except WishError as error:
        return refused(request, error)
    messages.success(request, _("It is yours now. The filer's contact details are on this page."))
    return redirect("wishes:detail", pk=wish.pk)


def _claimable(request, pk):
    """Any logged-in person may try; the service says whether they suit it and whether
    it is still free."""
    wish = selectors.wish_detail(pk)
    if wish is None:
        raise Http404
    return wish


@require_POST
@login_required
def release(request, pk):
    def call(wish, data, _form):
        services.wish_release(wish=wish, actor=request.user, reason=data["reason"])
        return _("Given back: other volunteers can take it.")

    return _act(request, pk, "release", call)


@require_POST
@login_required
def progress(request, pk):
    def call(wish, data, _form):
        services.wish_progress(wish=wish, actor=request.user, note=data["note"],
                               photos=data["photos"])  # fmt: skip
        return _("Progress noted; the filer sees it.")

    return _act(request, pk, "progress", call)


@require_POST
@login_required
def resolve(request, pk):
    def call(wish, data, form):
        helpers = [services.Helper(request.user, data["minutes"])]
        helpers += [services.Helper(_volunteer_user(n), m) for n, m in form.helper_rows()]
        services.wish_resolve(wish=wish, actor=request.user, note=data["note"],
                              helpers=helpers, photos=data["photos"])  # fmt: skip
        return _("Done. The filer is asked to confirm; the hours await the station's confirmation.")

    return _act(request, pk, "resolve", call)


@require_POST
@login_required
def contact(request, pk):
    """The filer's full phone and address, for one reason, audited; never cached."""
    wish = _viewable(request, pk)
    if not selectors.may_see_contact(request.user, wish):
        raise PermissionDenied
    form = RevealForm(request.POST, prefix="reveal")
    if not form.is_valid():
        return detail(request, pk, forms={"reveal": form})
    try:
        shown = services.wish_contact_reveal(wish=wish, actor=request.user,
                                             reason=form.cleaned_data["reason"])  # fmt: skip
    except WishError as error:
        return refused(request, error)
    response = render(request, "wishes/contact.html", {"wish": wish, **shown})
    response["Cache-Control"] = "no-store"
    return response
