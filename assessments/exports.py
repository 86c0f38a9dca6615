"""A plan as a calendar (iCalendar), a spreadsheet (CSV) and a document (Markdown).

Only the items still to do are exported: done items have nothing left to schedule. Each
item's days come from the plan's month grid (`planning.item_dates`), the same grid as the
month cards, so the calendar and the page agree.
"""

import csv
import io
from datetime import datetime, timedelta

from icalendar import Calendar, Event

from assessments import planning
from assessments.scoring import LEVEL_NAMES
from assessments.services.plans import PlanDetail

PRODID = "-//Skillgap//Learning plan//EN"


def item_summary(item: planning.PlannedItem) -> str:
    """ "Learn PyTorch: Beginner → Working (55 h)"."""
    return f"Learn {item.name}: {item.from_name} → {item.to_name} ({item.hours} h)"


def item_uid(*, detail: PlanDetail, item: planning.PlannedItem) -> str:
    """Stable across downloads and re-plans while the same level steps are planned, so a
    re-imported calendar updates its events instead of duplicating them."""
    return f"plan-{detail.plan.pk}-{item.skill}-{item.from_level}-{item.to_level}@skillgap"


def _description(detail: PlanDetail, item: planning.PlannedItem) -> str:
    lines = [
        f"Month {item.start_month}"
        + (f"-{item.end_month}" if item.end_month > item.start_month else "")
        + f" of your plan for {detail.target_label} ({detail.plan.hours_per_week} h/week).",
    ]
    if item.is_prerequisite:
        lines.append("Prerequisite: needed before a skill the target asks for.")
    if item.resources:
        lines.append("Resources:")
        lines += [f"- {r.title}: {r.url}" for r in item.resources]
    return "\n".join(lines)


def plan_ical(*, detail: PlanDetail, now: datetime) -> bytes:
    """One all-day VEVENT per item still to do, from its first to its last day."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Skillgap plan: {detail.target_label}")
    schedule = detail.schedule
    for item in schedule.items:
        first, last = planning.item_dates(item=item, grid=schedule.grid)
        event = Event()
        event.add("uid", item_uid(detail=detail, item=item))
        event.add("dtstamp", now)
        event.add("dtstart", first)
        event.add("dtend", last + timedelta(days=1))  # exclusive for all-day events
        event.add("summary", item_summary(item))
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
]


def plan_csv(*, detail: PlanDetail) -> str:
    """One row per item still to do, in plan order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    schedule = detail.schedule
    for position, item in enumerate(schedule.items, start=1):
        first, last = planning.item_dates(item=item, grid=schedule.grid)
        writer.writerow(
            [
                position,
                item.name,
                item.from_level,
                item.from_name,
                item.to_level,
                item.to_name,
                item.hours,
                item.start_month,
                item.end_month,
                first.isoformat(),
                last.isoformat(),
                item.phase,
                "yes" if item.is_prerequisite else "no",
                " | ".join(f"{r.title} <{r.url}>" for r in item.resources),
            ]
        )
    return out.getvalue()


def _hours(value) -> str:
    rounded = round(float(value), 1)
    return f"{rounded:g}"


def plan_markdown(*, detail: PlanDetail) -> str:
    """The plan as a Markdown document: summary, then month by month."""
    schedule = detail.schedule
    lines = [
        f"# Learning plan: {detail.target_label}",
        "",
        detail.duration_sentence,
        "",
        f"- Readiness now: {detail.readiness_now:.1f}%",
        f"- Hours per week: {detail.plan.hours_per_week} ({_hours(schedule.capacity)} h per month)",
        f"- Hours to learn: {schedule.total_hours} h",
        f"- Market snapshot: {detail.plan.snapshot.label}",
    ]
    if detail.done:
        lines += ["", "## Done", ""]
        lines += [
            f"- [x] {row.skill.name}: {LEVEL_NAMES[row.from_level]} → "
            f"{LEVEL_NAMES[row.to_level]} ({row.hours} h), {row.done_at:%Y-%m-%d}"
            for row in detail.done
        ]
    for month in schedule.months:
        title = f"## Month {month.index}: {month.start:%B %Y}"
        if month.phase:
            title += f" ({month.phase})"
        lines += [
            "",
            title,
            "",
            f"{_hours(month.hours_used)} of {_hours(month.capacity)} h; projected readiness "
            f"at the end of the month: {month.readiness:.1f}%",
            "",
        ]
        for portion in month.portions:
            item = portion.item
            note = "" if portion.starts_here else " (continued)"
            lines.append(
                f"- [ ] {item_summary(item)}{note}: {_hours(portion.hours)} h this month"
                + (" (prerequisite)" if item.is_prerequisite else "")
            )
        if month.resources:
            lines += ["", "Resources:", ""]
            lines += [f"- [{r.title}]({r.url})" for r in month.resources]
    return "\n".join(lines) + "\n"
