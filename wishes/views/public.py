"""Filing without an account, following by tracking code, and the filer's last steps."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.links import public_url
from core.permissions import role_required
from core.ratelimits import limited
from stations.models import Station
from wishes import geo, selectors, services
from wishes.codes import display_code, normalize_code
from wishes.errors import WishError
from wishes.forms import FilingForm, FollowForm, RateForm, ReasonForm
from wishes.models import Status, WishKind, WishPhoto
from wishes.selectors import STAFF_ROLES
from wishes.views.common import add_service_error, refused, steps_for, with_status_labels


def wall(request):
    """The public wall: what people asked for and where it stands, never who asked."""
    rows = with_status_labels(selectors.recent_public())
    context = {"rows": rows, "follow_form": FollowForm()}
    return render(request, "wishes/wall.html", context)


def _picker():
    outline = geo.county_outline()
    if outline is None:
        return None
    return geo.picker_svg_parts(outline, Station.objects.order_by("pk"))


def _initial(request) -> dict:
    kind = WishKind.objects.filter(code=request.GET.get("kind", ""), active=True).first()
    station = request.GET.get("station", "")
    initial = {"kind": kind, "station": int(station) if station.isdigit() else None}
    if request.user.is_authenticated:
        initial["phone"] = request.user.mobile
        initial["filer_name"] = request.user.name
    return initial


def _filing(data: dict) -> services.Filing:
    fields = ("kind", "title", "phone", "description", "filer_name", "address", "station",
              "township", "latitude", "longitude")  # fmt: skip
    return services.Filing(**{name: data.get(name) or _EMPTY.get(name) for name in fields})


_EMPTY = {"description": "", "filer_name": "", "address": "", "title": "", "phone": ""}


@limited("wish_ip", method="POST")
@limited("wish_phone", method="POST")
def file_view(request):
    """A resident or a visitor, with or without an account (a logged-in filer follows it
    from "我的" too)."""
    filer = request.user if request.user.is_authenticated else None
    return _file(request, filer=filer, filed_by=None, template="wishes/file.html")


@role_required(*STAFF_ROLES)
def file_for_resident(request):
    """A station manager (or an office) files on a resident's behalf."""
    return _file(request, filer=None, filed_by=request.user, template="wishes/file_staff.html")


def _file(request, *, filer, filed_by, template):
    form = FilingForm(request.POST or None, request.FILES or None,
                      initial={} if filed_by else _initial(request))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            wish = services.wish_file(filing=_filing(form.cleaned_data),
                                      photos=form.cleaned_data["photos"], filer=filer,
                                      filed_by=filed_by)  # fmt: skip
        except WishError as error:
            add_service_error(form, error)
        else:
            return redirect("wishes:filed", code=wish.code)
    context = {"form": form, "picker": _picker(), "max_photos": settings.HONGYI_WISH_PHOTOS_MAX}
    return render(request, template, context)


def filed(request, code):
    """Right after filing: the code to keep and the link (and its QR code) to follow it."""
    wish = selectors.wish_by_code(normalize_code(code))
    if wish is None:
        raise Http404
    from wishes.qr import qr_svg

    url = public_url(_track_url(wish.code))
    context = {"wish": wish, "code": display_code(wish.code), "url": url, "qr": qr_svg(url)}
    return render(request, "wishes/filed.html", context)


def _track_url(code: str) -> str:
    from django.urls import reverse

    return reverse("wishes:track", args=[code])


@limited("follow")
def follow(request):
    form = FollowForm(request.GET or None)
    if form.is_valid():
        code = normalize_code(form.cleaned_data["code"])
        if selectors.wish_by_code(code):
            return redirect("wishes:track", code=code)
        form.add_error("code", _("No request has this tracking code. Please check it."))
    return render(request, "wishes/follow.html", {"form": form}, status=404 if form.errors else 200)


def _by_code(code: str):
    wish = selectors.wish_by_code(normalize_code(code))
    if wish is None:
        raise Http404
    return wish


@limited("follow")
def track(request, code, forms=None):
    """The filer's own page: status, timeline, and confirm, reopen or rate when it is done."""
    wish = _by_code(code)
    forms = forms or {}
    context = {
        "wish": wish, "code": display_code(wish.code),
        "steps": steps_for(selectors.timeline(wish), staff=False),
        "photos": selectors.filing_photos(wish),
        "may_rate": wish.rating is None and wish.status in (Status.RESOLVED, Status.CONFIRMED),
        "reopen_form": forms.get("reopen") or ReasonForm(prefix="reopen"),
        "rate_form": forms.get("rate") or RateForm(prefix="rate"),
    }  # fmt: skip
    response = render(request, "wishes/track.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@limited("follow")
def confirm(request, code):
    wish = _by_code(code)
    try:
        services.wish_confirm(wish=wish, actor=request.user)
    except WishError as error:
        return refused(request, error)
    messages.success(request, _("Thank you: the request is closed."))
    return redirect("wishes:track", code=wish.code)


@require_POST
@limited("follow")
def reopen(request, code):
    wish = _by_code(code)
    form = ReasonForm(request.POST, prefix="reopen")
    if not form.is_valid():
        return track(request, code, forms={"reopen": form})
    try:
        services.wish_reopen(wish=wish, reason=form.cleaned_data["reason"], actor=request.user)
    except WishError as error:
        return refused(request, error)
    messages.success(request, _("Sent back to the volunteer with your words."))
    return redirect("wishes:track", code=wish.code)


@require_POST
@limited("follow")
def rate(request, code):
    wish = _by_code(code)
    form = RateForm(request.POST, prefix="rate")
    if not form.is_valid():
        return track(request, code, forms={"rate": form})
    try:
        services.wish_rate(wish=wish, stars=form.cleaned_data["stars"],
                           comment=form.cleaned_data["comment"], actor=request.user)  # fmt: skip
    except WishError as error:
        return refused(request, error)
    messages.success(request, _("Thank you for your rating."))
    return redirect("wishes:track", code=wish.code)


def photo(request, secret):
    """A stored photo by its random secret, which only pages allowed to show it carry."""
    row = get_object_or_404(WishPhoto, secret=secret)
    with row.image.open("rb") as handle:  # re-encoded photos are small: no streaming
        response = HttpResponse(handle.read(), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response
