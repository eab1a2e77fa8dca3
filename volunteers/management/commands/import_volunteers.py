from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.models import User
from core.progress import Progress
from volunteers.roster import check_rows, errors_xlsx, read_roster
from volunteers.services import roster_import_commit, roster_import_preview


class Command(BaseCommand):
    help = (
        "Check a volunteer roster (XLSX or CSV) and list every row's problems. "
        "With --commit, import all valid rows in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--commit", action="store_true", help="import the valid rows")
        parser.add_argument("--by", metavar="MOBILE", help="the staff member importing (audited)")
        parser.add_argument("--errors", type=Path, metavar="XLSX", help="write the bad rows here")

    def handle(self, *, file, commit, by, errors, **options):
        actor = self._actor(by)
        content = self._read(file)
        try:
            if commit:
                report = self._commit(file.name, content, actor)
            else:
                report = self._check(file.name, content, actor)
        except ValidationError as error:
            raise CommandError(_separator().join(error.messages)) from error
        self._print(report)
        if errors and report["problems"]:
            errors.write_bytes(errors_xlsx(report["columns"], report["problems"], file.name)[2])
            self.stdout.write(_("Rows with problems written to %s.") % errors)

    def _actor(self, mobile):
        if not mobile:
            return None
        actor = User.objects.filter(mobile=mobile).first()
        if actor is None:
            raise CommandError(_("No user logs in with %s.") % mobile)
        return actor

    def _read(self, path: Path) -> bytes:
        if not path.exists():
            raise CommandError(_("%s does not exist.") % path)
        return path.read_bytes()

    def _check(self, filename, content, actor) -> dict:
        columns, rows = read_roster(filename, content)
        bar = Progress.on(self.stderr)
        checked = lambda done: bar.show("roster rows checked", done, len(rows))  # noqa: E731
        check_rows(rows, actor=actor, today=timezone.localdate(), progress=checked)
        problems = [row.report() for row in rows if row.problems]
        return {"columns": columns, "rows": len(rows), "problems": problems, "imported": None}

    def _commit(self, filename, content, actor) -> dict:
        roster_import = roster_import_preview(filename=filename, content=content, actor=actor)
        if roster_import.valid_rows:
            roster_import = roster_import_commit(roster_import_id=roster_import.pk, waiting=False)
        return {
            "columns": roster_import.columns,
            "rows": roster_import.total_rows,
            "problems": roster_import.problems,
            "imported": roster_import.imported_rows,
        }

    def _print(self, report: dict) -> None:
        for problem in report["problems"]:
            self.stdout.write(_line(problem))
        bad = len(report["problems"])
        self.stdout.write(
            _("%(rows)d rows: %(valid)d valid, %(bad)d with problems.")
            % {"rows": report["rows"], "valid": report["rows"] - bad, "bad": bad}
        )
        if report["imported"] is None:
            self.stdout.write(
                _("Dry run: nothing imported. Add --commit to import the valid rows.")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(count)s volunteers imported.") % {"count": report["imported"]}
                )
            )


def _separator() -> str:
    return pgettext("message separator", "; ")


def _line(problem: dict) -> str:
    """``第 4 行（张三）：身份证号码：校验位不符…``: the row, the name as the file wrote it."""
    values = {"row": problem["row"], "problems": _separator().join(problem["messages"])}
    if not problem["name"]:
        return _("Row %(row)d: %(problems)s") % values
    return _("Row %(row)d (%(name)s): %(problems)s") % {**values, "name": problem["name"]}
