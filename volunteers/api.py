"""Volunteers API: register, my profile, and the staff list and detail.

Volunteers are keyed by their volunteer number, the public identifier; no schema has a
field for a full ID number, so none can leak. The API calls the same services as the
web pages, and answers a broken rule with 422 and a Chinese message per field.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from core.masking import mask_mobile
from core.models import Region
from core.permissions import OFFICE_ROLES
from core.ratelimits import limited
from core.roles import Role
from core.selectors import user_has_role
from volunteers.choices import Availability, GuardianRelationship, PoliticalStatus, ServiceCategory
from volunteers.models import Volunteer
from volunteers.rules import Registration
from volunteers.selectors import volunteer_age, volunteer_list, volunteer_of
from volunteers.services import volunteer_register

router = Router(tags=["volunteers"])
STAFF_ROLES = (Role.TEAM_LEADER, *OFFICE_ROLES)


class RegisterIn(Schema):
    name: str = Field(max_length=50)
    id_number: str = Field(max_length=22, description="18 characters, GB 11643")
    mobile: str = Field(max_length=11, description="Also the login")
    password: str = Field(min_length=1, max_length=128)
    township: str = Field(max_length=12, description="Township code, e.g. 130131110")
    village: str = Field(max_length=12, description="Village code under that township")
    residence: str = Field("", max_length=200)
    service_categories: list[ServiceCategory] = Field(min_length=1, max_length=10)
    skills: str = Field("", max_length=200)
    availability: list[Availability] = Field(min_length=1, max_length=5)
    emergency_contact_name: str = Field(max_length=50)
    emergency_contact_mobile: str = Field(max_length=11)
    political_status: PoliticalStatus | None = None
    guardian_name: str = Field("", max_length=50)
    guardian_mobile: str = Field("", max_length=11)
    guardian_relationship: GuardianRelationship | None = None
    guardian_consent: bool = False
    consent: bool = Field(description="Separate consent to processing the ID number")


class RegisterOut(Schema):
    status: str
    status_label: str
    message: str


class FieldError(Schema):
    field: str
    message: str


class ErrorsOut(Schema):
    detail: str
    errors: list[FieldError]


class VolunteerOut(Schema):
    """What staff see of a volunteer: the number, never the full ID number."""

    number: str | None
    name: str
    status: str
    status_label: str
    gender: str
    age: int
    township: str
    village: str | None
    mobile_masked: str
    id_number_masked: str
    teams: list[str]

    @staticmethod
    def resolve_name(volunteer: Volunteer) -> str:
        return volunteer.user.name

    @staticmethod
    def resolve_status_label(volunteer: Volunteer) -> str:
        return volunteer.get_status_display()

    @staticmethod
    def resolve_age(volunteer: Volunteer) -> int:
        return volunteer_age(volunteer)

    @staticmethod
    def resolve_township(volunteer: Volunteer) -> str:
        return volunteer.township.name

    @staticmethod
    def resolve_village(volunteer: Volunteer) -> str | None:
        return volunteer.village.name if volunteer.village else None

    @staticmethod
    def resolve_mobile_masked(volunteer: Volunteer) -> str:
        return mask_mobile(volunteer.user.mobile)

    @staticmethod
    def resolve_teams(volunteer: Volunteer) -> list[str]:
        return [membership.team.name for membership in volunteer.current_memberships]


class MyVolunteerOut(VolunteerOut):
    """The volunteer's own record: their status and its reason too."""

    status_reason: str
    birth_date: date


@router.post(
    "/register",
    response={201: RegisterOut, 422: ErrorsOut},
    summary="Register as a volunteer (pending review)",
)
@limited("register")
def register(request: HttpRequest, payload: RegisterIn):
    try:
        volunteer = volunteer_register(
            registration=_registration(payload), password=payload.password, consent=payload.consent
        )
    except ValidationError as error:
        return Status(422, field_errors(error))
    message = _("Thank you for registering. Your office will review it.")
    out = RegisterOut(
        status=volunteer.status, status_label=volunteer.get_status_display(), message=message
    )
    return Status(201, out)


def _registration(payload: RegisterIn) -> Registration:
    township = Region.objects.filter(code=payload.township, level="township").first()
    village = Region.objects.filter(code=payload.village, level="village").first()
    return Registration(
        **payload.model_dump(
            exclude={"township", "village", "password", "consent", "political_status"}
            | {"guardian_relationship"}
        ),
        township=township,
        village=village,
        political_status=payload.political_status or "",
        guardian_relationship=payload.guardian_relationship or "",
    )


def field_errors(error: ValidationError) -> dict:
    """A Django ValidationError as the API's 422 body: one entry per message, by field."""
    if not hasattr(error, "error_dict"):
        return {"detail": error.messages[0], "errors": []}
    errors = [
        {"field": name, "message": message}
        for name, messages in error.message_dict.items()
        for message in messages
    ]
    return {"detail": _("Please correct the fields listed."), "errors": errors}


@router.get("/me", response=MyVolunteerOut, auth=django_auth, summary="My volunteer record")
def me(request: HttpRequest):
    volunteer = volunteer_of(request.auth)
    if volunteer is None:
        raise Http404
    return volunteer


@router.get(
    "/",
    response=list[VolunteerOut],
    auth=django_auth,
    summary="Volunteers the caller may see (offices: their region; leaders: their teams)",
)
@paginate(LimitOffsetPagination)
def volunteer_index(
    request: HttpRequest,
    status: str | None = Query(None, max_length=10),
    township: str | None = Query(None, max_length=12, description="Township code"),
):
    queryset = _staff_queryset(request)
    if status:
        queryset = queryset.filter(status=status)
    if township:
        queryset = queryset.filter(township__code=township)
    return queryset.order_by("number", "id")


@router.get(
    "/{number}", response=VolunteerOut, auth=django_auth, summary="One volunteer, by number"
)
def volunteer_detail(request: HttpRequest, number: str):
    return get_object_or_404(_staff_queryset(request), number=number)


def _staff_queryset(request):
    if not user_has_role(request.auth, *STAFF_ROLES):
        raise PermissionDenied
    return volunteer_list(user=request.auth)
