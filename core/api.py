"""Foundation API: who am I, and the region tree."""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from core.masking import mask_mobile
from core.selectors import region_tree, user_roles

router = Router(tags=["foundation"])


class MeOut(Schema):
    name: str
    mobile_masked: str
    roles: list[str]


class RegionOut(Schema):
    code: str
    name: str
    level: str
    children: list["RegionOut"]


@router.get("/me", response=MeOut, auth=django_auth, summary="The logged-in user")
def me(request: HttpRequest):
    user = request.auth
    return MeOut(
        name=user.name,
        mobile_masked=mask_mobile(user.mobile),
        roles=sorted(role.value for role in user_roles(user)),
    )


@router.get("/regions", response=list[RegionOut], summary="County → townships → villages")
def regions(request: HttpRequest):
    return region_tree()
