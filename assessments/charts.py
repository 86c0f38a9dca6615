"""Chart.js configs of the report and plan pages, built in Python and passed to the page as
JSON (static/js/charts.js draws them). Every chart's numbers are also in a table on the page."""

from collections.abc import Sequence

from assessments.planning import Plan, decimal_text
from assessments.scoring import GapResult, readiness_shown

YOU = "rgba(37, 99, 235, 0.85)"
YOU_FILL = "rgba(37, 99, 235, 0.15)"
REQUIRED = "rgba(220, 38, 38, 0.85)"
REQUIRED_FILL = "rgba(220, 38, 38, 0.08)"
POINT_ROOM = 5  # px beyond the plot a line chart's point needs: 4 px hovered + 1 px border


def report_charts(*, result: GapResult) -> dict:
    gaps = sorted(result.gaps, key=lambda g: (-g.weight, g.name))
    radar = {
        "type": "radar",
        "data": {
            "labels": [g.name for g in gaps],
            "datasets": [
                {
                    "label": "Required",
                    "data": [g.required_level for g in gaps],
                    "borderColor": REQUIRED,
                    "backgroundColor": REQUIRED_FILL,
                    "borderDash": [6, 4],
                },
                {
                    "label": "You",
                    "data": [g.current_level for g in gaps],
                    "borderColor": YOU,
                    "backgroundColor": YOU_FILL,
                },
            ],
        },
        "options": {
            "scales": {
                "r": {
                    "min": 0,
                    "max": 5,
                    "ticks": {"stepSize": 1},
                    # Chart.js draws radar labels at 10 px by default: too small on a phone.
                    "pointLabels": {"font": {"size": 13}},
                }
            },
            "plugins": {"legend": {"position": "bottom"}},
        },
    }
    missing = result.missing
    bars = {
        "type": "bar",
        "data": {
            "labels": [g.name for g in missing],
            "datasets": [
                {
                    "label": "Readiness points it costs",
                    # As the table beside it rounds them (floatformat: half up).
                    "data": [float(decimal_text(result.points(g))) for g in missing],
                    "backgroundColor": REQUIRED,
                }
            ],
        },
        "options": {
            "indexAxis": "y",
            "scales": {"x": {"min": 0, "title": {"display": True, "text": "Readiness points"}}},
            "plugins": {"legend": {"display": False}},
        },
    }
    return {"radar": radar, "bars": bars}


def history_chart(*, points: Sequence, label: str) -> dict:
    return {
        "type": "line",
        "data": {
            "labels": [f"{p.day:%Y-%m-%d}" for p in points],
            "datasets": [
                {
                    "label": f"Readiness for {label} (%)",
                    "data": [p.readiness for p in points],
                    "borderColor": YOU,
                    "backgroundColor": YOU_FILL,
                    "fill": True,
                }
            ],
        },
        "options": {"scales": {"y": {"min": 0, "max": 100}}},
    }


def ranking_chart(*, fits: Sequence) -> dict:
    return {
        "type": "bar",
        "data": {
            "labels": [f.target_label for f in fits],
            "datasets": [
                {
                    "label": "Readiness (%)",
                    "data": [f.result.readiness_display for f in fits],
                    "backgroundColor": YOU,
                }
            ],
        },
        "options": {
            "indexAxis": "y",
            "scales": {"x": {"min": 0, "max": 100}},
            "plugins": {"legend": {"display": False}},
        },
    }


# The first point of the plan's readiness, before its first month: the chart's and the table's.
NOW = "Now"


def _plan_month_name(month) -> str:
    """A plan month on the chart's axis: "Mar 2030"."""
    return f"{month.start:%b %Y}"


def _plan_readiness_values(*, schedule: Plan, readiness_now: float) -> list[float]:
    return [readiness_shown(r) for r in (readiness_now, *(m.readiness for m in schedule.months))]


def plan_readiness_rows(*, schedule: Plan, readiness_now: float) -> list[tuple[str, str]]:
    """The table beside the plan's chart: (when, readiness) for "Now" and each month, numbered
    as on the month cards ("Month 3 (Mar 2030)"), with the chart's figures."""
    labels = [NOW] + [f"Month {m.index} ({_plan_month_name(m)})" for m in schedule.months]
    values = _plan_readiness_values(schedule=schedule, readiness_now=readiness_now)
    return [(label, decimal_text(v)) for label, v in zip(labels, values, strict=True)]


def plan_readiness_chart(*, schedule: Plan, readiness_now: float) -> dict:
    """Projected readiness at the end of each month of the plan, from today's. Each month is
    named by its month and year alone ("Mar 2030"): on a phone several fit along the axis,
    where "Month 3 (Mar 2030)" left room for "Now" only (the table beside numbers them)."""
    labels = [NOW] + [_plan_month_name(m) for m in schedule.months]
    values = _plan_readiness_values(schedule=schedule, readiness_now=readiness_now)
    return {
        "type": "line",
        "data": {
            "labels": labels,
            "datasets": [
                {
                    "label": "Projected readiness (%)",
                    "data": values,
                    "borderColor": YOU,
                    "backgroundColor": YOU_FILL,
                    "fill": True,
                    # Straight segments: readiness is known at month ends only, and a curve
                    # (tension 0.2) dipped below two equal months and rose above the next.
                    "tension": 0,
                    # Points (3 px, 4 when hovered, 1 px border) drawn whole at 0 and 100%.
                    "clip": POINT_ROOM,
                }
            ],
        },
        "options": {
            "scales": {
                # Half a month's room at each end: the first and last points are not cut.
                "x": {"offset": True},
                "y": {"min": 0, "max": 100, "title": {"display": True, "text": "%"}},
            },
            "layout": {"padding": {"top": POINT_ROOM}},
            "plugins": {"legend": {"display": False}},
        },
    }
