"""The county report: a monthly, quarterly or annual PDF in an official style.

Figures come from the summary tables for the period; charts are the same SVG the
dashboard shows. A renderer returns ``(filename, mimetype, bytes)``.
"""

from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone

from core.quantities import format_hours
from reports import charts, selectors
from reports.fonts import prepared_font_url, require_cjk_font
from wishes.reporting import report_section

Dimension = selectors.Dimension
# The printed report lists this many held events; the page and its export list them all
# (up to the second bound, far beyond a county's year of 50-odd performances).
EVENT_ROWS_PRINTED, EVENT_ROWS_EXPORTED = 100, 5000


@dataclass(frozen=True)
class Period:
    kind: str  # month, quarter or year
    year: int
    number: int = 1  # the month (1–12) or the quarter (1–4)

    @property
    def start(self) -> date:
        first_month = {"month": self.number, "quarter": 3 * self.number - 2, "year": 1}[self.kind]
        return date(self.year, first_month, 1)

    @property
    def end(self) -> date:
        """The first day of the period's last month (summaries are monthly)."""
        last_month = {"month": self.number, "quarter": 3 * self.number, "year": 12}[self.kind]
        return date(self.year, last_month, 1)

    @property
    def stop(self) -> date:
        """The first day after the period."""
        last = self.end
        return date(last.year + 1, 1, 1) if last.month == 12 else date(last.year, last.month + 1, 1)

    @property
    def title(self) -> str:
        if self.kind == "month":
            return f"{self.year}年{self.number}月"
        if self.kind == "quarter":
            return f"{self.year}年第{self.number}季度"
        return f"{self.year}年度"


def report_data(user, scope, period: Period) -> dict:
    tables = {
        "township": selectors.breakdown(Dimension.TOWNSHIP, scope, limit=50, start=period.start,
                                        end=period.end),
        "station": selectors.breakdown(Dimension.STATION, scope, limit=50, start=period.start,
                                       end=period.end),
        "program": selectors.breakdown(Dimension.PROGRAM, scope, limit=50, start=period.start,
                                       end=period.end),
    }  # fmt: skip
    minutes = selectors.minutes_in(scope, since=period.start, until=period.end)
    held = {"since": period.start, "until": period.stop}
    events = selectors.event_figures(scope, **held)
    rows = selectors.events_held(scope, **held, limit=EVENT_ROWS_EXPORTED)
    return {"period": period, "scope": scope, "tables": tables, "minutes": minutes,
            "hours": format_hours(minutes),
            "months": selectors.by_month(scope, start=period.start, end=period.end),
            "events": events, "event_rows": rows}  # fmt: skip


def county_report_pdf(user, scope, period: Period) -> tuple[str, str, bytes]:
    require_cjk_font()
    from weasyprint import HTML

    data = report_data(user, scope, period)
    township_rows = data["tables"]["township"][:15]
    labels = [r["label"] for r in township_rows]
    values = [r["minutes"] / 60 for r in township_rows]
    chart = charts.bar_chart(labels, values, title="按乡镇服务时长（小时）", size=charts.PAGE)
    wishes = report_section(user, period.start, period.stop, title=period.title)
    wish_map = charts.as_image_source(wishes["map"]) if wishes["map"] else ""
    html = render_to_string("reports/county_report.html", {
        **data, "chart": charts.as_image_source(chart) if township_rows else "",
        "event_rows": data["event_rows"][:EVENT_ROWS_PRINTED],
        "events_unlisted": max(data["events"]["events_held"] - EVENT_ROWS_PRINTED, 0),
        "wishes": wishes, "wish_map": wish_map,
        "font_url": prepared_font_url(),
        "printed_on": timezone.localdate(),
    })  # fmt: skip
    filename = f"county-report-{period.kind}-{period.year}-{period.number}.pdf"
    return filename, "application/pdf", HTML(string=html).write_pdf()
