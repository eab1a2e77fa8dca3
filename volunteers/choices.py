"""The fixed vocabularies of a volunteer's record: the lowest layer of the app.

Stored values are short English words; labels are translated. A roster file may name a
choice by its Chinese label, so ``choice_by_label`` reads either.
"""

from functools import lru_cache

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    PENDING = "pending", _("Pending review")
    ACTIVE = "active", _("Active")
    REJECTED = "rejected", _("Not approved")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Account closed")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class ServiceCategory(models.TextChoices):
    RED_GUIDE = "red_guide", _("Red history guiding")
    ARTS = "arts", _("Arts and performance")
    VISITORS = "visitors", _("Help for visitors")
    WISHES = "wishes", _("Small wishes of residents")
    ELDERLY = "elderly", _("Care for the elderly and disabled")
    ENVIRONMENT = "environment", _("Environment and village upkeep")
    EDUCATION = "education", _("Tutoring and education")
    HEALTH = "health", _("Health and first aid")
    TRAFFIC = "traffic", _("Order and traffic")
    CIVILIZATION = "civilization", _("Civilization practice")


class Availability(models.TextChoices):
    WEEKDAY_DAYTIME = "weekday_day", _("Weekday daytime")
    WEEKDAY_EVENING = "weekday_evening", _("Weekday evenings")
    WEEKEND = "weekend", _("Weekends")
    HOLIDAYS = "holidays", _("Public holidays")
    ANY_TIME = "any", _("Any time")


class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "party_member", _("CPC member")
    PROBATIONARY = "probationary", _("CPC probationary member")
    LEAGUE_MEMBER = "league_member", _("Communist Youth League member")
    DEMOCRATIC_PARTY = "democratic_party", _("Member of a democratic party")
    MASSES = "masses", _("Ordinary citizen")


class GuardianRelationship(models.TextChoices):
    FATHER = "father", _("Father")
    MOTHER = "mother", _("Mother")
    GRANDPARENT = "grandparent", _("Grandparent")
    OTHER = "other", _("Other guardian")


class ConsentSource(models.TextChoices):
    ONLINE = "online", _("Given online at registration")
    PAPER = "paper", _("Given on paper, imported by staff")


class AgeBand(models.TextChoices):
    """Bands for filtering: the legal thresholds (14, 18) and common statistics bands."""

    UNDER_14 = "under_14", _("Under 14")
    FROM_14_TO_17 = "14_17", _("14 to 17")
    FROM_18_TO_35 = "18_35", _("18 to 35")
    FROM_36_TO_59 = "36_59", _("36 to 59")
    FROM_60 = "60_plus", _("60 and over")


# (lowest age, highest age) of each band, inclusive; None is open-ended.
AGE_BAND_LIMITS = {
    AgeBand.UNDER_14: (0, 13),
    AgeBand.FROM_14_TO_17: (14, 17),
    AgeBand.FROM_18_TO_35: (18, 35),
    AgeBand.FROM_36_TO_59: (36, 59),
    AgeBand.FROM_60: (60, None),
}


def choice_by_label(choices: type[models.TextChoices], text: str) -> str | None:
    """The stored value for ``text``, given as a value or as its label in any of the site's
    languages: a roster written in Chinese reads the same on an English command line."""
    return _by_label(choices).get(text.strip())


@lru_cache(maxsize=64)
def _by_label(choices: type[models.TextChoices]) -> dict[str, str]:
    """Every way of writing each choice, built once per vocabulary."""
    names = {}
    for value, label in choices.choices:
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                names[str(label)] = value
        names[value] = value
    return names
