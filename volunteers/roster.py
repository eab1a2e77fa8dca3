"""Roster files (XLSX or CSV): check every row, write the error report and the template.

Reading (``volunteers.roster_files``) and checking write nothing, so the preview and the
commit run the very same checks. Each row is checked with the registration rules
(``volunteers.rules``), then against the other rows of the file and against the
database, in bulk.
"""

import re
from collections import defaultdict
from collections.abc import Callable
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.exports import XLSX_MIME, xlsx_bytes
from core.models import Region
from core.selectors import user_region_codes, user_sees_county
from volunteers.choices import (
    Availability,
    GuardianRelationship,
    PoliticalStatus,
    ServiceCategory,
    choice_by_label,
)
from volunteers.identity import keyed_hash
from volunteers.roster_files import (
    COLUMNS,
    REQUIRED_COLUMNS,
    Row,
    brief,
    header_field,
    listing,
    read_roster,
)
from volunteers.rules import Registration, registration_problems
from volunteers.selectors import id_hashes_taken, mobiles_taken

__all__ = ["check_rows", "errors_xlsx", "header_field", "read_roster", "template_xlsx"]

MULTI_CHOICES = {"service_categories": ServiceCategory, "availability": Availability}
SINGLE_CHOICES = {
    "political_status": PoliticalStatus,
    "guardian_relationship": GuardianRelationship,
}
# Typed as text, so Excel keeps an ID number's 18 digits and a mobile's leading 1.
TEXT_COLUMNS = [list(COLUMNS).index(name) for name in ("id_number", "mobile",
                "emergency_contact_mobile", "guardian_mobile")]  # fmt: skip
SEPARATORS = re.compile(r"[;；,，、/\s]+")


# --- Checking ------------------------------------------------------------------------------


class Regions:
    """Townships and villages by name and by code, loaded once for the whole file."""

    def __init__(self):
        regions = list(Region.objects.filter(level__in=["township", "village"]))
        self.townships = {}
        self.villages = defaultdict(dict)
        for region in regions:
            if region.level == Region.Level.TOWNSHIP:
                self.townships[region.name] = self.townships[region.code] = region
        for region in regions:
            if region.level == Region.Level.VILLAGE:
                self.villages[region.parent_id][region.name] = region
                self.villages[region.parent_id][region.code] = region


def check_rows(
    rows: list[Row],
    *,
    actor,
    today: date,
    progress: Callable[[int], None] | None = None,
) -> list[Row]:
    """Every row with its problems filled in; rows without problems can be imported."""
    regions = Regions()
    allowed = None if actor is None or user_sees_county(actor) else user_region_codes(actor)
    for index, row in enumerate(rows, start=1):
        _check_row(row, regions, allowed, today)
        if progress and index % 1000 == 0:
            progress(index)
    _check_duplicates_in_file(rows)
    _check_duplicates_in_database(rows)
    if progress:
        progress(len(rows))
    return rows


def _check_row(row: Row, regions: Regions, allowed, today: date) -> None:
    cells = row.cells
    township = _township(cells.get("township", ""), regions, row, allowed)
    village = _village(cells.get("village", ""), township, regions, row)
    registration = Registration(
        name=cells.get("name", ""),
        id_number=cells.get("id_number", ""),
        mobile=cells.get("mobile", ""),
        township=township,
        village=village,
        residence=cells.get("residence", ""),
        skills=cells.get("skills", ""),
        emergency_contact_name=cells.get("emergency_contact_name", ""),
        emergency_contact_mobile=cells.get("emergency_contact_mobile", ""),
        guardian_name=cells.get("guardian_name", ""),
        guardian_mobile=cells.get("guardian_mobile", ""),
        **_choices(cells, row),
    )
    # A guardian named on the paper form signed it: staff vouch for that consent.
    registration.guardian_consent = bool(
        registration.guardian_name and registration.guardian_mobile
    )
    parsed, problems = registration_problems(registration, today=today)
    for name, messages in problems.items():
        if name not in row.problems and not _already_explained(name, row):
            row.problems.setdefault(name, []).extend(messages)
    row.registration, row.parsed = registration, parsed
    row.id_hash = keyed_hash(parsed.number) if parsed else ""


def _already_explained(name: str, row: Row) -> bool:
    """An unknown township already says why the village cannot be checked; a paper form
    signed by the guardian named on it is their consent, so only missing details count."""
    return (name == "village" and "township" in row.problems) or name == "guardian_consent"


def _township(text: str, regions: Regions, row: Row, allowed) -> Region | None:
    if not text:
        return None
    township = regions.townships.get(text)
    if township is None:
        row.problems.add(
            "township",
            _("No township of the county is called “%s”: write its full name or its 9-digit "
              "code, as the template's list of townships gives them.") % brief(text),
        )  # fmt: skip
    elif allowed is not None and not any(township.code.startswith(c) for c in allowed):
        row.problems.add(
            "township",
            _("%s is outside your office's area: leave this row to that township's office.")
            % township.name,
        )
    return township


def _village(text: str, township: Region | None, regions: Regions, row: Row) -> Region | None:
    if not text or township is None:
        return None
    village = regions.villages[township.pk].get(text)
    if village is None:
        row.problems.add(
            "village",
            _(
                "%(township)s has no village “%(village)s”: write the village's full name or "
                "its 12-digit code."
            )
            % {"township": township.name, "village": brief(text)},
        )
    return village


def _choices(cells: dict, row: Row) -> dict:
    values = {}
    for name, choices in MULTI_CHOICES.items():
        values[name] = [_choice(choices, part, name, row) for part in _parts(cells.get(name, ""))]
        values[name] = [value for value in values[name] if value]
    for name, choices in SINGLE_CHOICES.items():
        text = cells.get(name, "")
        values[name] = _choice(choices, text, name, row) if text else ""
    return values


def _parts(text: str) -> list[str]:
    return [part for part in SEPARATORS.split(text) if part]


def _choice(choices, text: str, name: str, row: Row) -> str:
    value = choice_by_label(choices, text)
    if value is None:
        allowed = listing(choice.label for choice in choices)
        row.problems.add(
            name,
            _("“%(text)s” is not one of: %(allowed)s.") % {"text": brief(text), "allowed": allowed},
        )
        return ""
    return value


def _check_duplicates_in_file(rows: list[Row]) -> None:
    for key, field_name in (("mobile", "mobile"), ("id_hash", "id_number")):
        seen = defaultdict(list)
        for row in rows:
            value = row.cells.get("mobile", "") if key == "mobile" else row.id_hash
            if value:
                seen[value].append(row)
        for same in seen.values():
            for row in same if len(same) > 1 else ():
                others = listing(other.number for other in same if other is not row)
                row.problems.add(
                    field_name, _("Same as row %s of this file: keep only one of them.") % others
                )


def _check_duplicates_in_database(rows: list[Row]) -> None:
    taken_mobiles = mobiles_taken(r.cells.get("mobile") for r in rows if r.cells.get("mobile"))
    taken_ids = id_hashes_taken(r.id_hash for r in rows if r.id_hash)
    for row in rows:
        if row.cells.get("mobile") in taken_mobiles:
            row.problems.add(
                "mobile",
                _("This mobile number is already registered: correct it, or remove the row."),
            )
        if row.id_hash in taken_ids:
            row.problems.add(
                "id_number",
                _("This ID number is already registered: the person need not be imported again."),
            )


# --- Output --------------------------------------------------------------------------------


def errors_xlsx(columns: list[str], problems: list[dict], filename: str) -> tuple[str, str, bytes]:
    """The rows that were not imported, as they were (ID numbers masked, long cells cut,
    formulas shown as text), with the reasons."""
    separator = pgettext("message separator", "; ")
    rows = [[_("Row"), *columns, _("Problems")]]
    rows += [
        [p["row"], *(p["cells"].get(c, "") for c in columns), separator.join(p["messages"])]
        for p in problems
    ]
    stem = filename.rsplit(".", 1)[0]
    return f"{stem}-errors.xlsx", XLSX_MIME, xlsx_bytes({_("Rows not imported"): rows})


def template_xlsx() -> tuple[str, str, bytes]:
    """An empty roster with every column (``*`` marks the required ones), and sheets listing
    the allowed values and the townships.

    No example row: an example left in by mistake would import a person who does not exist.
    """
    headers = [f"{label}*" if name in REQUIRED_COLUMNS else str(label)
               for name, label in COLUMNS.items()]  # fmt: skip
    notes = [[_("Column"), _("What to write")], ["*", _("A required column.")]]
    notes += [
        [str(COLUMNS[name]), listing(c.label for c in choices)]
        for name, choices in {**MULTI_CHOICES, **SINGLE_CHOICES}.items()
    ]
    notes.append([str(COLUMNS["id_number"]), _("Format the column as text: 18 characters.")])
    townships = [[_("Township"), _("Code")]]
    townships += [
        [t.name, t.code] for t in Region.objects.filter(level="township").order_by("code")
    ]
    sheets = {_("Volunteers"): [headers], _("Notes"): notes, _("Townships"): townships}
    return (
        "volunteer-roster-template.xlsx",
        XLSX_MIME,
        xlsx_bytes(sheets, text_columns=TEXT_COLUMNS),
    )
