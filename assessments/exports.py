"""A plan as a calendar (iCalendar), a spreadsheet (CSV) and a document (Markdown); a job ad's
report as a spreadsheet.

The spreadsheet and the document hold every item, done ones with the day they were done (the
document ticks them, without their resources, as the page shows them). The calendar holds the
items still to do: a done item has nothing left to schedule, and an event kept on its planned
days would ask for it again (the calendar's description says they are left out).
Each item's days come from the plan's month grid (`planning.item_dates`), the same grid as
the month cards, so every export and the page agree.
"""

import csv
import io
import re
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event, vText

from assessments import planning
from assessments.scoring import LEVEL_NAMES, decimal_text
from assessments.services.ads import AdReport
from assessments.services.plans import DoneEarlier, PlanDetail
from market.names import spreadsheet_cell

PRODID = "-//Skillgap//Learning plan//EN"


def to_do(schedule: planning.Plan) -> list[planning.PlannedItem]:
    """The schedule's items not checked off, in plan order."""
    return [item for item in schedule.items if not item.done]


def item_summary(item: planning.PlannedItem, *, nice_to_have: bool = False) -> str:
    """ "Learn PyTorch: Beginner → Working (55 h)"; a job ad's `nice_to_have` says so after
    its name, as the plan page tags it: "Learn Scala (nice-to-have): ..."."""
    name = f"{item.name} (nice-to-have)" if nice_to_have else item.name
    return f"Learn {name}: {item.from_name} → {item.to_name} ({item.hours} h)"


def item_uid(*, detail: PlanDetail, item: planning.PlannedItem) -> str:
    """Stable across downloads and re-plans while the same level steps are planned, so a
    re-imported calendar updates its events instead of duplicating them."""
    return f"plan-{detail.plan.pk}-{item.skill}-{item.from_level}-{item.to_level}@skillgap"


# Control characters but HTAB (C0, DEL, C1): an ad's typed title can carry ESC or BEL, pasted
# from a terminal or a PDF. RFC 5545 3.1 allows none in a calendar's lines, and in a Markdown
# file `cat` shows, ESC starts a terminal's escape sequence.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def _calendar_text(text: str) -> str:
    """`text` on one line with its control characters left out (the calendar library escapes
    the line breaks a description puts between its lines)."""
    return CONTROL_CHARACTERS.sub("", text)


def _description(detail: PlanDetail, item: planning.PlannedItem) -> str:
    lines = [
        f"Month {item.start_month}"
        + (f"-{item.end_month}" if item.end_month > item.start_month else "")
        + f" of your plan for {detail.target_label} ({detail.plan.hours_per_week} h/week).",
    ]
    if item.is_prerequisite:
        lines.append("Prerequisite: needed before a skill the target asks for.")
    if detail.is_nice_to_have(item.skill):
        lines.append("Nice-to-have: the job ad asks for it as a plus, not a must-have.")
    if item.resources:
        lines.append("Resources:")
        lines += [f"- {r.title}: {r.url}" for r in item.resources]
    return "\n".join(_calendar_text(line) for line in lines)


def _calendar_description(detail: PlanDetail) -> str:
    text = "The items still to do, each over its days."
    if detail.done:
        text += (
            f" Items checked off ({len(detail.done)} so far) are left out: plan.csv and plan.md "
            "list them with the day they were done."
        )
    return text


def plan_ical(*, detail: PlanDetail, now: datetime) -> bytes:
    """One all-day VEVENT per item still to do, from its first to its last day."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # A TEXT value (RFC 5545 3.3.11: \\ ; , and line breaks escaped). VALUE=TEXT says so to
    # parsers that keep an X- property of no declared type verbatim (icalendar >= 7.2 does).
    name = _calendar_text(f"Skillgap plan: {detail.target_label}")
    cal.add("x-wr-calname", vText(name), {"VALUE": "TEXT"})
    about = _calendar_description(detail)
    cal.add("description", about)  # RFC 7986
    cal.add("x-wr-caldesc", vText(about), {"VALUE": "TEXT"})  # what most calendar apps read
    schedule = detail.schedule
    for item in to_do(schedule):
        first, last = planning.item_dates(item=item, grid=schedule.grid)
        event = Event()
        event.add("uid", item_uid(detail=detail, item=item))
        event.add("dtstamp", now)
        event.add("dtstart", first)
        event.add("dtend", last + timedelta(days=1))  # exclusive for all-day events
        event.add("summary", _calendar_text(item_summary(item)))
        event.add("description", _description(detail, item))
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()


CSV_COLUMNS = [
    "order",
    "skill",
    "from_level",
    "from",
    "to_level",
    "to",
    "hours",
    "start_month",
    "end_month",
    "first_day",
    "last_day",
    "phase",
    "prerequisite",
    "resources",
    # Columns are only ever added at the end: scripts may read them by position.
    "done",
    "nice_to_have",  # "yes" for a job ad's nice-to-have, "no" otherwise
]


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _csv_row(
    detail: PlanDetail,
    item: planning.PlannedItem | DoneEarlier,
    *,
    months: tuple[int, int] | None = None,
    days: tuple[date, date] | None = None,
    resources: tuple[planning.Resource, ...] = (),
    done_at: datetime | None = None,
) -> list:
    """The row of CSV_COLUMNS but `order`, in their order, of an item of the months or of one
    checked off before them (skill, levels, hours, phase and prerequisite read from `item`):
    the one place a column is filled. `months` and `days` (first, last) are None for one done
    before a re-plan (an older plan's); `done_at` None for an item still to do."""
    start_month, end_month = months or ("", "")
    first, last = (day.isoformat() for day in days) if days else ("", "")
    return [
        item.name,
        item.from_level,
        LEVEL_NAMES[item.from_level],
        item.to_level,
        LEVEL_NAMES[item.to_level],
        item.hours,
        start_month,
        end_month,
        first,
        last,
        item.phase,
        _yes_no(item.is_prerequisite),
        " | ".join(f"{r.title} <{r.url}>" for r in resources),
        f"{done_at:%Y-%m-%d}" if done_at else "",
        _yes_no(detail.is_nice_to_have(item.skill)),
    ]


def _scheduled_row(detail: PlanDetail, item: planning.PlannedItem) -> list:
    """An item of the months: its months and days, its resources while it is to do."""
    row = detail.rows.get(item.order)
    return _csv_row(
        detail,
        item,
        months=(item.start_month, item.end_month),
        days=planning.item_dates(item=item, grid=detail.schedule.grid),
        resources=() if item.done else item.resources,
        done_at=row.done_at if item.done and row else None,
    )


def plan_csv(*, detail: PlanDetail) -> str:
    """One row per item, in plan order, done ones with the day they were done (`done`, empty
    for an item still to do); a done item's resources are left out, and the months and days
    of one done before a re-plan (an older plan's) too; no cell can run as a formula."""
    # Items checked off before the months were made keep their place in plan order.
    earlier = [(e.order, _csv_row(detail, e, done_at=e.done_at)) for e in detail.done_earlier]
    scheduled = [(item.order, _scheduled_row(detail, item)) for item in detail.schedule.items]
    rows = sorted([*earlier, *scheduled], key=lambda pair: pair[0])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for position, (_, row) in enumerate(rows, start=1):
        writer.writerow([spreadsheet_cell(cell) for cell in [position, *row]])
    return out.getvalue()


# What Markdown reads as formatting, a link, HTML or an entity ("&amp;" shows as "&") inside a
# line (CommonMark's inline syntax; ~ is GitHub's strikethrough): a backslash before each
# shows it as typed.
MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>~&])")


def _one_line(text: str) -> str:
    """Any run of white space (a newline in a name) made one space, control characters left
    out."""
    return CONTROL_CHARACTERS.sub("", " ".join(str(text).split()))


def _line(text: str) -> str:
    """Text on one Markdown line, shown as typed: on one line, and its formatting characters
    (an ad's title: "<Remote> *urgent*") escaped."""
    return MARKDOWN_INLINE.sub(r"\\\1", _one_line(text))


def _link(title: str, url: str) -> str:
    """A Markdown link that no title or address can break out of."""
    label = _line(title)
    target = _one_line(url).replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
    return f"[{label}](<{target}>)"


def _day(day) -> str:
    return f"{day.day} {day:%B %Y}"


def plan_markdown(*, detail: PlanDetail) -> str:
    """The plan as a Markdown document: summary, then month by month, each item with its
    days (the same as the calendar's and the spreadsheet's). Names are kept on their line."""
    schedule = detail.schedule
    lines = [
        f"# Learning plan: {_line(detail.target_label)}",
        "",
        _line(detail.duration_sentence),
        "",
        f"- Starts: {_day(schedule.start)}",
        f"- Readiness now: {detail.readiness_now:.1f}%",
        f"- Hours per week: {detail.plan.hours_per_week} ({schedule.capacity_text} h per month)",
        f"- Hours to learn: {schedule.total_hours} h",
        f"- Market snapshot: {_line(detail.plan.snapshot.label)}",
    ]
    if detail.done:
        lines += ["", "## Done", ""]
        lines += [
            f"- [x] {_line(row.skill.name)}"
            + (" (nice-to-have)" if detail.is_nice_to_have(row.skill.slug) else "")
            + f": {LEVEL_NAMES[row.from_level]} → "
            f"{LEVEL_NAMES[row.to_level]} ({row.hours} h), {row.done_at:%Y-%m-%d}"
            for row in detail.done
        ]
    for month in schedule.months:
        title = f"## Month {month.index}: {month.start:%B %Y}"
        if month.phase:
            title += f" ({_line(month.phase)})"
        lines += [
            "",
            title,
            "",
            f"{_day(month.start)} to {_day(month.end)}: {month.hours_used_text} of "
            f"{month.capacity_text} h; projected readiness at the end of the month: "
            f"{month.readiness_text}%",
            "",
        ]
        for portion in month.portions:
            item = portion.item
            first, last = planning.item_dates(item=item, grid=schedule.grid)
            note = "" if portion.starts_here else " (continued)"
            summary = item_summary(item, nice_to_have=detail.is_nice_to_have(item.skill))
            lines.append(
                f"- [{'x' if item.done else ' '}] {_line(summary)}{note}: "
                f"{portion.hours_text} h this month"
                + (" (prerequisite)" if item.is_prerequisite else "")
                + f"; {_day(first)} to {_day(last)}"
            )
        if month.resources:
            lines += ["", "Resources:", ""]
            lines += [f"- {_link(r.title, r.url)}" for r in month.resources]
    return "\n".join(lines) + "\n"


# ---- A job ad's report ----------------------------------------------------------------------

# Columns are only ever added at the end: scripts may read them by position.
AD_CSV_COLUMNS = [
    "skill",
    "required_level",
    "your_level",
    "gap",
    "must_have",
    "share_pct",
    "share_is_lower_bound",
    "alternative_to",
    "share_of",
    # Appended after the columns scripts read by position: the page's last two figures.
    "readiness_points_to_gain",
    "hours_to_close",
]


def ad_csv(*, report: AdReport) -> str:
    """One row per skill the ad asks for, in the report's order (must-haves first), then the
    alternatives that do not count (required level 0): share_pct is the skill's share of
    postings at the nearest market level that measures it, a number, empty where not
    measured. The weight starts from it but can differ (`ad_analysis.ad_requirements`): a
    must-have below the floor counts at the floor, a nice-to-have half, at least half the
    floor and at most 1/3 of the lightest must-have, a list of alternatives as its most
    asked-for skill; the page's "counted at ..." says where a floor gives the weight.
    share_is_lower_bound is "yes" where
    that share is a lower bound (the page's "at least"), "no" where it is not, empty with no
    share; alternative_to is, on an alternative's row, the name of the skill of its list that
    counts for the person ("Python, Scala or Java" asks for one), empty on every skill the ad
    asks for, so the alternative's level-0 row does not read as a requirement; share_of names
    the postings share_pct is a share of ("2,853 Senior ML Engineer postings", or "all 21,359
    postings" where the market has no figures for the ad's role or seniority), empty with no
    share; readiness_points_to_gain and hours_to_close are the page's "Readiness points to
    gain" (one decimal, as rounded there; 0.0 where met) and "Hours to close", 0 on an
    alternative's row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(AD_CSV_COLUMNS)
    for ask in report.result.gaps:
        gap, share = ask.gap, ask.share
        row = [
            gap.name,
            gap.required_level,
            gap.current_level,
            gap.gap,
            "yes" if ask.must_have else "no",
            f"{share.share_pct:.1f}" if share is not None else "",
            ("yes" if share.lower_bound else "no") if share is not None else "",
            "",
            share.level.postings_text if share is not None else "",
            decimal_text(ask.points),
            gap.hours_to_close,
        ]
        writer.writerow([spreadsheet_cell(cell) for cell in row])
    for other in report.result.alternatives:
        row = [other.name, 0, other.level, 0, "no", "", "", other.counted, "", "0.0", 0]
        writer.writerow([spreadsheet_cell(cell) for cell in row])
    return out.getvalue()
