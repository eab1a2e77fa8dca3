"""The volunteer's points and the rewards pages; the manager's pick-up; the county's bonuses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.models import Region
from core.permissions import OFFICE_ROLES, role_required
from core.roles import Role
from core.selectors import user_region_codes, user_sees_county
from exchange import rates, selectors, services
from exchange.errors import ExchangeError
from exchange.forms import GrantForm, OptionalReasonForm, PickupForm, ReasonForm, RewardForm
from exchange.models import PointsEntry, Redemption, Reward
from volunteers.cards import qr_svg

PICKUP_ROLES = (Role.STATION_MANAGER, *OFFICE_ROLES)
catch_up = services.points_catch_up


@login_required
def my_points(request):
    catch_up()
    user = request.user
    page = Paginator(selectors.points_history(user), 30).get_page(request.GET.get("page"))
    balance = selectors.points_summary(user)
    rewards = list(selectors.rewards_for(user))
    return render(
        request,
        "exchange/points.html",
        {
            "balance": balance,
            "page": page,
            "rewards": rewards,
            "rates": rates.rate_table(),
            "redemptions": selectors.redemptions_of(user)[:20],
        },
    )


@require_POST
@login_required
def redeem(request, pk):
    reward = get_object_or_404(Reward, pk=pk)
    catch_up()
    try:
        redemption = services.reward_redeem(reward=reward, volunteer=request.user)
    except ExchangeError as error:
        messages.error(request, error.message)
        return redirect("exchange:points")
    messages.success(request, _("Redeemed: show the pick-up code where you collect it."))
    return redirect("exchange:redemption", pk=redemption.pk)


def _visible_redemption(request, pk) -> Redemption:
    redemption = get_object_or_404(
        Redemption.objects.select_related("reward", "reward__station", "reward__township"), pk=pk
    )
    own = redemption.volunteer_id == request.user.pk
    if not (own or selectors.may_manage_township(request.user, redemption.reward.township)):
        raise Http404
    return redemption


@login_required
def redemption_detail(request, pk):
    redemption = _visible_redemption(request, pk)
    waiting = redemption.status == Redemption.Status.RESERVED
    return render(
        request,
        "exchange/redemption.html",
        {
            "redemption": redemption,
            "qr": qr_svg(redemption.code) if waiting else None,
            "form": OptionalReasonForm(),
        },
    )


@require_POST
@login_required
def redemption_cancel(request, pk):
    redemption = _visible_redemption(request, pk)
    form = OptionalReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.redemption_cancel(redemption=redemption, actor=request.user, reason=reason)
    except ExchangeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Cancelled: the points are back and the item is in stock."))
    return redirect("exchange:redemption", pk=redemption.pk)


@role_required(*PICKUP_ROLES)
def pickup(request):
    """Scan (or type) a pick-up code; the item is handed over on confirmation."""
    form = PickupForm(request.POST or request.GET or None)
    found = None
    if form.is_bound and form.is_valid():
        found = selectors.redemption_by_code(form.cleaned_data["code"])
        if found is None or not selectors.may_collect(request.user, found):
            form.add_error("code", _("No redemption waiting here has this pick-up code."))
            found = None
        elif request.method == "POST" and "confirm" in request.POST:
            return _collect(request, form, found)
    waiting = selectors.redemptions_collectable_by(request.user)[:50]
    return render(
        request, "exchange/pickup.html", {"form": form, "found": found, "waiting": waiting}
    )


def _collect(request, form, found):
    try:
        services.redemption_collect(code=found.code, actor=request.user)
    except ExchangeError as error:
        form.add_error("code", error.message)
        return render(
            request, "exchange/pickup.html", {"form": form, "found": found, "waiting": []}
        )
    messages.success(
        request,
        _("Handed over: %(item)s to %(name)s.")
        % {"item": found.reward.name, "name": found.volunteer.name},
    )
    return redirect("exchange:pickup")


def _catalogue_townships(user):
    townships = Region.objects.filter(level=Region.Level.TOWNSHIP)
    if user_sees_county(user):
        return Region.objects.filter(level__in=[Region.Level.COUNTY, Region.Level.TOWNSHIP])
    codes = user_region_codes(user)
    return townships.filter(code__in=codes)


@role_required(*OFFICE_ROLES)
def rewards(request):
    townships = _catalogue_townships(request.user)
    form = RewardForm(request.POST or None, townships=townships)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.reward_create(actor=request.user, **data)
        except PermissionDenied:
            form.add_error("township", _("You do not manage this township's catalogue."))
        else:
            messages.success(request, _("Added to the catalogue."))
            return redirect("exchange:rewards")
    listed = selectors.rewards_managed_by(request.user)
    return render(request, "exchange/rewards.html", {"form": form, "rewards": listed})


@role_required(*OFFICE_ROLES)
def reward_edit(request, pk):
    reward = get_object_or_404(selectors.rewards_managed_by(request.user), pk=pk)
    form = RewardForm(
        request.POST or None, instance=reward, townships=_catalogue_townships(request.user)
    )
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        if changed:
            services.reward_update(reward=reward, actor=request.user, **changed)
        messages.success(request, _("Saved."))
        return redirect("exchange:rewards")
    redemptions = reward.redemptions.select_related("volunteer")[:50]
    return render(
        request,
        "exchange/reward_edit.html",
        {"form": form, "reward": reward, "redemptions": redemptions},
    )


@role_required(Role.COUNTY_OFFICE)
def grant(request):
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.points_grant(actor=request.user, **form.cleaned_data)
        except ExchangeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Bonus granted."))
            return redirect("exchange:grant")
    recent = selectors.points_entries_visible_to(request.user).filter(
        kind__in=["bonus", "reversal"], actor__isnull=False
    )[:50]
    return render(
        request,
        "exchange/grant.html",
        {"form": form, "recent": recent, "reverse_form": ReasonForm()},
    )


@require_POST
@role_required(Role.COUNTY_OFFICE)
def reverse(request, pk):
    entry = get_object_or_404(PointsEntry, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a reason."))
        return redirect("exchange:grant")
    try:
        services.points_reverse(entry=entry, actor=request.user, **form.cleaned_data)
    except ExchangeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Reversed by a counter-entry."))
    return redirect("exchange:grant")
