"""The gap report (target or any role x seniority), its what-if mode, and the best-fit ranking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from assessments import report_charts as charts
from assessments.models import LEVEL_DESCRIPTIONS, Level
from assessments.scoring import (
    ROADMAP_REQUIRED_LEVEL,
    ROADMAP_WEIGHT,
    TIER_REQUIRED_LEVEL,
    gap_score,
)
from assessments.selectors import (
    best_fit_for,
    gap_report_for,
    market_move_for,
    readiness_history_for,
    role_level_exists,
    role_levels_for,
    snapshot_current_or_none,
)
from assessments.services.profile import profile_get_or_create, profile_mark_seen
from assessments.views.profile import HtmxHttpRequest
from market.models import Role

LEVELS = [(lvl.value, lvl.label, LEVEL_DESCRIPTIONS[lvl.value]) for lvl in Level]


@require_GET
@login_required
@vary_on_headers("HX-Request")
def report(request: HtmxHttpRequest, role_slug: str = "", seniority: str = "") -> HttpResponse:
    profile = profile_get_or_create(user=request.user)
    snapshot = snapshot_current_or_none()
    if role_slug:
        role = get_object_or_404(Role, slug=role_slug)
        if not role_level_exists(snapshot=snapshot, role=role, seniority=seniority):
            raise Http404("No market figures for this role and seniority.")
    elif profile.target_role_id:
        role, seniority = profile.target_role, profile.target_seniority
    else:
        messages.info(request, "Choose a target role first: the report compares you with it.")
        return redirect("assessments:onboarding")
    gap_report = gap_report_for(
        user=request.user, role=role, seniority=seniority, snapshot=snapshot
    )
    what_if = _what_if_levels(request, gap_report.levels)
    result = gap_report.result
    if what_if is not None:
        result = gap_score(
            requirements=gap_report.requirements,
            levels=what_if,
            seniority=seniority,
            step_hours=gap_report.step_hours,
            target=gap_report.target_label,
        )
    is_target = role == profile.target_role and seniority == profile.target_seniority
    context = {
        "gap_report": gap_report,
        "result": result,
        "what_if": what_if,
        "is_target": is_target,
        "levels": LEVELS,
        "report_url": request.path,
        "charts": charts.report_charts(result=result),
    }
    if request.htmx and what_if is not None:
        return render(request, "assessments/report.html#report-results", context)
    history = readiness_history_for(user=request.user, report=gap_report)
    context["history"] = history
    context["history_chart"] = charts.history_chart(points=history, label=gap_report.target_label)
    context["switcher"] = role_levels_for(snapshot=snapshot)
    if request.htmx:
        return render(request, "assessments/report.html#report-body", context)
    if is_target and what_if is None:
        context["market_move"] = market_move_for(profile=profile, report=gap_report)
        profile_mark_seen(profile=profile, snapshot=snapshot)
    context["method"] = _method()
    return render(request, "assessments/report.html", context)


def _what_if_levels(request: HtmxHttpRequest, levels: dict[str, int]) -> dict[str, int] | None:
    """Levels overridden by `?whatif=1&level-<slug>=N` (never saved); None outside what-if."""
    if request.GET.get("whatif") != "1":
        return None
    overridden = dict(levels)
    for key, value in request.GET.items():
        if key.startswith("level-") and value.isdigit() and 0 <= int(value) <= 5:
            overridden[key.removeprefix("level-")] = int(value)
    return overridden


def _method() -> dict:
    return {
        "tiers": [(tier, low, high) for tier, (low, high) in TIER_REQUIRED_LEVEL.items() if high],
        "roadmap_level": ROADMAP_REQUIRED_LEVEL,
        "roadmap_weight_pct": round(ROADMAP_WEIGHT * 100),
    }


@require_GET
@login_required
def report_roles(request: HtmxHttpRequest) -> HttpResponse:
    profile = profile_get_or_create(user=request.user)
    fits = best_fit_for(user=request.user)
    return render(
        request,
        "assessments/roles.html",
        {"fits": fits, "profile": profile, "chart": charts.ranking_chart(fits=fits)},
    )
