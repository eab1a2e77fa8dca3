"""Stats API and public certificate verification."""

from datetime import date
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from core.ratelimits import limited
from core.replica import reading_replica
from reports import selectors
from reports.models import Certificate

router = Router(tags=["reports"])


class SummaryOut(Schema):
    scope: str
    volunteers_registered: int | None
    volunteers_by_star: dict[int, int] | None = Field(
        None, description="Registered volunteers by star level (0 = none yet); sums to the total"
    )
    volunteers_active_90d: int | None
    active_since: date | None = Field(None, description="First day of the 90 counted")
    minutes_total: int
    hours_total: str
    month_start: date
    minutes_this_month: int
    hours_this_month: str
    stations: int
    events_held: int
    audience_total: int
    pending_claims: int
    overdue_claims: int
    certificates_valid: int


class RowOut(Schema):
    key: str
    label: str
    minutes: int
    hours: str
    records: int


class MonthOut(Schema):
    month: str
    minutes: int
    hours: str


class VerificationOut(Schema):
    serial: str
    status: str
    name_masked: str
    number: str
    hours: str
    period_start: str | None
    period_end: str | None
    issuer: str
    issued_on: str


def _scope(request):
    scope = selectors.scope_for(request.auth)
    if scope is None:
        raise HttpError(403, _("Your roles do not give you access to statistics."))
    return scope


@router.get("/stats/summary", response=SummaryOut, auth=django_auth, summary="Headline figures")
@reading_replica()
def stats_summary(request):
    return selectors.summary(request.auth, _scope(request))


@router.get("/stats/by/{dimension}", response=list[RowOut], auth=django_auth,
            summary="Hours by township, station, program or team")  # fmt: skip
@reading_replica()
def stats_breakdown(request, dimension: Literal["township", "station", "program", "team"]):
    return selectors.breakdown(dimension, _scope(request))


@router.get("/stats/months", response=list[MonthOut], auth=django_auth, summary="Hours by month")
@reading_replica()
def stats_months(request):
    return selectors.by_month(_scope(request))


@router.get("/certificates/{serial}", response=VerificationOut, summary="Verify a certificate")
@limited("verify")
def certificate_verify(request, serial: str):
    from core.masking import mask_name

    certificate = get_object_or_404(Certificate, serial=serial.upper())
    facts = certificate.snapshot
    return {
        "serial": certificate.serial, "status": certificate.status,
        "name_masked": mask_name(facts["name"]), "number": facts["number"],
        "hours": facts["hours"], "period_start": facts["period"][0],
        "period_end": facts["period"][1], "issuer": facts["issuer"]["name"],
        "issued_on": facts["issued_on"],
    }  # fmt: skip
