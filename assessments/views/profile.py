"""Onboarding / profile: background (with the seed's suggestion), target, hours, start month."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from assessments.forms import ProfileForm, initial_start_month, target_value
from assessments.models import Profile
from assessments.selectors import profile_for, recommendation_for
from assessments.services.profile import profile_update
from assessments.views.htmx import HtmxHttpRequest
from market.selectors import role_levels, snapshot_current


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def onboarding(request: HtmxHttpRequest) -> HttpResponse:
    profile = profile_for(user=request.user)
    background = (
        request.POST.get("background") or request.GET.get("background") or profile.background
    )
    recommendation = recommendation_for(background=background)
    if request.htmx and request.method == "GET":
        return render(
            request,
            "assessments/onboarding.html#suggestion",
            {"recommendation": recommendation, "background": background},
        )
    targets = role_levels(snapshot=snapshot_current())
    if request.method == "POST":
        form = ProfileForm(_with_suggestion(request.POST, recommendation), targets=targets)
        if form.is_valid():
            profile_update(user=request.user, **form.profile_fields())
            messages.success(request, "Profile saved. Now rate your skills.")
            return redirect("assessments:skills")
    else:
        form = ProfileForm(initial=_initial(profile, background), targets=targets)
    context = {"form": form, "recommendation": recommendation, "background": background}
    return render(request, "assessments/onboarding.html", context)


def _with_suggestion(data: QueryDict, recommendation) -> QueryDict:
    """The posted answers, with the suggested target when "Use this suggestion" was pressed."""
    if "use_suggestion" not in data or recommendation is None:
        return data
    data = data.copy()
    data["target"] = target_value(recommendation.role, recommendation.seniority)
    return data


def _initial(profile: Profile, background: str) -> dict:
    target = profile.target_role
    return {
        "background": background,
        "target": target_value(target, profile.target_seniority) if target else "",
        "hours_per_week": profile.hours_per_week,
        "start_month": f"{profile.start_month:%Y-%m}"
        if profile.start_month
        else initial_start_month(),
        "display_name": profile.display_name,
    }
