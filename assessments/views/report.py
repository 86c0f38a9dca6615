"""The gap report (target or any role x seniority), its what-if mode, and the best-fit ranking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from accounts.http import NotFound
from assessments import charts
from assessments.forms import MarketSeenForm, what_if_levels
from assessments.models import Profile
from assessments.page_cache import personal_page
from assessments.scoring import (
    LEVEL_NAMES,
    ROADMAP_REQUIRED_LEVEL,
    ROADMAP_WEIGHT,
    THIN_REQUIREMENTS,
    TIER_REQUIRED_LEVEL,
    gap_example,
)
from assessments.selectors import (
    GapReport,
    ReportPage,
    best_fit_for,
    market_move_for,
    plan_target_for,
    profile_for,
    report_page_for,
    report_role_for,
)
from assessments.services.profile import profile_mark_seen
from assessments.views.htmx import HtmxHttpRequest
from market.models import Role

# "How this is computed", from the constants the scoring uses.
METHOD = {
    "tiers": [(tier, low, high) for tier, (low, high) in TIER_REQUIRED_LEVEL.items() if high],
    "roadmap_level": ROADMAP_REQUIRED_LEVEL,
    "roadmap_level_words": f"{LEVEL_NAMES[ROADMAP_REQUIRED_LEVEL]} ({ROADMAP_REQUIRED_LEVEL})",
    "thin_requirements": THIN_REQUIREMENTS,
    "roadmap_weight_pct": round(ROADMAP_WEIGHT * 100),
}
OOB_DETAILS = {"details_oob": True}


@require_GET
@login_required
@vary_on_headers("HX-Request")
@personal_page
def report(request: HtmxHttpRequest, role_slug: str = "", seniority: str = "") -> HttpResponse:
    profile = profile_for(user=request.user)
    role, seniority = _report_target(profile, role_slug, seniority)
    if role is None:
        messages.info(request, "Choose a target role first: the report compares you with it.")
        return redirect("assessments:onboarding")
    what_if = what_if_levels(request.GET)
    page = report_page_for(
        user=request.user, profile=profile, role=role, seniority=seniority, what_if=what_if
    )
    if not role_slug and page.report.snapshot is not None and not page.report.in_market:
        return _target_not_in_market(request, page.report)
    context = _report_context(page, report_url=request.path)
    if page.is_target and what_if is None:  # "Next" leads to the plan, or says where it aims
        plan_target = plan_target_for(user=request.user)
        context["plan_target"] = plan_target
        context["plan_is_for_these_gaps"] = plan_target is not None and plan_target.is_for(
            role=role, seniority=seniority
        )
    if request.htmx and what_if is not None:  # readiness in place; tables, method out of band
        return render(request, "assessments/report.html#report-results", context | OOB_DETAILS)
    if request.htmx:
        return render(request, "assessments/report.html#report-body", context)
    if page.is_target and what_if is None:  # on the full page, until the person hides it
        context["market_move"] = market_move_for(profile=profile, report=page.report)
    return render(request, "assessments/report.html", context)


def _target_not_in_market(request: HtmxHttpRequest, report: GapReport) -> HttpResponse:
    """To the profile, to choose a target the current market has figures for."""
    snapshot = report.snapshot
    messages.info(
        request,
        f"The current market, “{snapshot.label}” ({snapshot.analysis_date:%Y-%m-%d}), has no "
        f"figures for {report.target_label}, your target: choose another one.",
    )
    if request.htmx:
        return HttpResponseClientRedirect(reverse("assessments:onboarding"))
    return redirect("assessments:onboarding")


@require_POST
@login_required
def report_market_seen(request: HtmxHttpRequest) -> HttpResponse:
    """Hide "the market moved": the person has seen the snapshot the notice showed."""
    form = MarketSeenForm(request.POST)
    if form.is_valid():
        profile_mark_seen(user=request.user, snapshot=form.cleaned_data["snapshot"])
    return redirect("assessments:report")


def _report_target(profile: Profile, role_slug: str, seniority: str) -> tuple[Role | None, str]:
    """The (role, seniority) the URL names, 404 without market figures; else the target."""
    if not role_slug:
        return profile.target_role, profile.target_seniority
    role = report_role_for(role_slug=role_slug, seniority=seniority)
    if role is None:
        raise NotFound("No market figures for this role and seniority.")
    return role, seniority


def _report_context(page: ReportPage, *, report_url: str) -> dict:
    return {
        "gap_report": page.report,
        "result": page.result,
        "what_if": page.what_if,
        "what_if_panel": page.what_if_panel,
        "is_target": page.is_target,
        "history": page.history,
        "switcher": page.targets,
        "charts": charts.report_charts(result=page.result),
        "history_chart": charts.history_chart(points=page.history, label=page.report.target_label),
        "method": METHOD,
        "gap_example": gap_example(page.result),  # "How this is computed" works it through
        "report_url": report_url,
    }


@require_GET
@login_required
@personal_page
def report_roles(request: HtmxHttpRequest) -> HttpResponse:
    profile = profile_for(user=request.user)
    fits = best_fit_for(user=request.user)
    plan_target = plan_target_for(user=request.user)
    return render(
        request,
        "assessments/roles.html",
        {
            "fits": fits,
            # Every role at 0%: the order is only the tie-break, postings.
            "none_met": bool(fits) and all(fit.result.readiness == 0 for fit in fits),
            "profile": profile,
            "plan_target": plan_target,
            "plan_aims_elsewhere": plan_target is not None
            and not plan_target.is_for(
                role=profile.target_role, seniority=profile.target_seniority
            ),
            "chart": charts.ranking_chart(fits=fits),
            "thin_requirements": THIN_REQUIREMENTS,
        },
    )
