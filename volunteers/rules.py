"""The rules a person's registration must meet, whichever way it arrives.

The web form, the API and a roster row all build a ``Registration`` and ask
``registration_problems`` what is wrong, so one rule is written once. Problems are keyed
by field name, in the user's language, ready for ``ValidationError(dict)``.
``account_problems`` asks the database whether the login is free; imports ask the same
in bulk (``volunteers.roster``).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.models import Region, User
from core.validators import MOBILE_PATTERN
from volunteers.choices import Availability, GuardianRelationship, PoliticalStatus, ServiceCategory
from volunteers.identity import IdNumber, age_on, guardian_needed, parse_id_number
from volunteers.selectors import id_number_registered, mobiles_taken

MOBILE = re.compile(MOBILE_PATTERN)
GUARDIAN_FIELDS = ("guardian_name", "guardian_mobile", "guardian_relationship")
REQUIRED_FIELDS = (
    "name", "id_number", "mobile", "township", "village", "service_categories", "availability",
    "emergency_contact_name", "emergency_contact_mobile",
)  # fmt: skip
# The longest text each free-text field keeps (the model's max_length, and the form's).
TEXT_LIMITS = {
    "name": 50, "residence": 200, "skills": 200, "emergency_contact_name": 50,
    "guardian_name": 50,
}  # fmt: skip
# Emoji and other pictographs (So, Sk), control and invisible format characters, private
# use and unassigned code points: nothing a name on an ID card or a certificate can hold.
NOT_IN_NAMES = {"So", "Sk", "Cc", "Cf", "Co", "Cs", "Cn"}


@dataclass
class Registration:
    """What a person gives when they register (Art.7; Art.5's basic fields)."""

    name: str
    id_number: str
    mobile: str
    township: Region | None
    village: Region | None
    residence: str = ""
    service_categories: list[str] = field(default_factory=list)
    skills: str = ""
    availability: list[str] = field(default_factory=list)
    emergency_contact_name: str = ""
    emergency_contact_mobile: str = ""
    political_status: str = ""
    guardian_name: str = ""
    guardian_mobile: str = ""
    guardian_relationship: str = ""
    guardian_consent: bool = False


class Problems(dict):
    """Field name → messages; the first message for a field is usually the useful one."""

    def add(self, field_name: str, message: str) -> None:
        self.setdefault(field_name, []).append(str(message))

    def as_error(self) -> ValidationError:
        return ValidationError({name: list(messages) for name, messages in self.items()})


def registration_problems(reg: Registration, *, today: date) -> tuple[IdNumber | None, Problems]:
    """The parsed ID number (when valid) and every problem found, by field."""
    problems = Problems()
    _check_lengths(reg, problems)
    _check_name(reg.name, problems)
    _check_required(reg, problems)
    identity = _check_id_number(reg, problems, today)
    _check_mobile(reg.mobile, "mobile", problems)
    if reg.emergency_contact_mobile:
        _check_mobile(reg.emergency_contact_mobile, "emergency_contact_mobile", problems)
    _check_region(reg, problems)
    _check_choices(reg, problems)
    if identity is not None:
        _check_guardian(reg, age_on(identity.birth_date, today), problems)
    return identity, problems


def _check_required(reg: Registration, problems: Problems) -> None:
    for name in REQUIRED_FIELDS:
        value = getattr(reg, name)
        if name not in problems and (not value or (isinstance(value, str) and not value.strip())):
            problems.add(name, _("This field is required."))


def _check_lengths(reg: Registration, problems: Problems) -> None:
    """Over-long text is refused with the limit, never stored cut and never echoed back."""
    for name, limit in TEXT_LIMITS.items():
        count = len(getattr(reg, name).strip())
        if count > limit:
            problems.add(name, too_long(limit, count))


def too_long(limit: int, count: int) -> str:
    return _("Too long: at most %(limit)d characters, and this has %(count)d. Shorten it.") % {
        "limit": limit,
        "count": count,
    }


def _check_name(name: str, problems: Problems) -> None:
    """A name is letters (any script), spaces and punctuation such as the middle dot.

    Chinese names may use rare characters beyond the basic plane (𠮷), which are letters
    too; an emoji, a symbol or an invisible character cannot be printed on a certificate.
    """
    if "name" in problems or not name.strip():
        return
    bad = list(dict.fromkeys(c for c in name if unicodedata.category(c) in NOT_IN_NAMES))
    if bad:
        shown = "".join(f"“{_visible(c)}”" for c in bad[:5])
        problems.add("name", _("A name holds letters, spaces and marks such as · only: "
                               "remove %(characters)s.") % {"characters": shown})  # fmt: skip
    elif not any(unicodedata.category(c).startswith("L") for c in name):
        problems.add("name", _("Write the name in letters (Chinese or another script)."))


def _visible(character: str) -> str:
    """A character as a reader can see it: invisible ones by their code point."""
    category = unicodedata.category(character)
    return character if category in {"So", "Sk"} else f"U+{ord(character):04X}"


def _check_id_number(reg: Registration, problems: Problems, today: date) -> IdNumber | None:
    if not reg.id_number:
        return None
    try:
        return parse_id_number(reg.id_number, today=today)
    except ValidationError as error:
        problems.add("id_number", error.messages[0])
        return None


def _check_mobile(value: str, field_name: str, problems: Problems) -> None:
    if value and not MOBILE.fullmatch(value):
        problems.add(field_name, _("Enter an 11-digit mainland mobile number starting with 13–19."))


def _check_region(reg: Registration, problems: Problems) -> None:
    if reg.township is not None and reg.township.level != Region.Level.TOWNSHIP:
        problems.add("township", _("Choose a township of the county."))
    if reg.village is None or reg.township is None:
        return
    if reg.village.level != Region.Level.VILLAGE or reg.village.parent_id != reg.township.pk:
        problems.add(
            "village",
            _("%(village)s does not belong to %(township)s.")
            % {"village": reg.village.name, "township": reg.township.name},
        )


def _check_choices(reg: Registration, problems: Problems) -> None:
    if set(reg.service_categories) - set(ServiceCategory.values):
        problems.add("service_categories", _("Choose service categories from the list."))
    if set(reg.availability) - set(Availability.values):
        problems.add("availability", _("Choose available times from the list."))
    if reg.political_status and reg.political_status not in PoliticalStatus.values:
        problems.add("political_status", _("Choose a political status from the list."))


def _check_guardian(reg: Registration, age: int, problems: Problems) -> None:
    """A minor's registration names a guardian who consents (PIPL Art.31)."""
    if not guardian_needed(age):
        return
    message = _("The volunteer is %(age)d: a guardian must fill this in.") % {"age": age}
    for name in GUARDIAN_FIELDS:
        if not getattr(reg, name).strip():
            problems.add(name, message)
    _check_mobile(reg.guardian_mobile, "guardian_mobile", problems)
    if reg.guardian_relationship and reg.guardian_relationship not in GuardianRelationship.values:
        problems.add("guardian_relationship", _("Choose a relationship from the list."))
    if not reg.guardian_consent:
        problems.add(
            "guardian_consent",
            _("The volunteer is %(age)d: a guardian's consent is required.") % {"age": age},
        )


def account_problems(reg: Registration, parsed: IdNumber | None, password, problems: Problems):
    """The login is free (mobile, ID number) and the password is strong enough.

    The form says so at once, with every other problem; the service asks again as it
    saves, and the database's unique keys catch a race between the two.
    """
    if reg.mobile and mobiles_taken([reg.mobile]):
        problems.add("mobile", _("This mobile number is already registered: please log in."))
    if parsed is not None and id_number_registered(parsed.number):
        problems.add("id_number", _("This ID number is already registered: please log in."))
    if password:
        try:
            validate_password(password, user=User(mobile=reg.mobile, name=reg.name))
        except ValidationError as error:
            for message in error.messages:
                problems.add("password", message)
