"""Onboarding / profile: background (with the seed's suggestion), target, hours, start month."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from assessments.forms import ProfileForm, initial_start_month, target_value
from assessments.models import Profile
from assessments.selectors import profile_for, recommendation_for
from assessments.services.profile import profile_update
from assessments.views.htmx import HtmxHttpRequest
from market.models import BackgroundRecommendation, Role
from market.selectors import role_levels, snapshot_current


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def onboarding(request: HtmxHttpRequest) -> HttpResponse:
    """The profile form. "Use this suggestion" fills in the suggested target and saves
    nothing: in place with JavaScript (static/js/profile.js), else by posting the form back
    here, which shows it again as typed with the target filled in. Without JavaScript "Show
    the suggestion" posts the form back too (a GET would put the CSRF token in the address).
    After a rejected save, a background picked in place comes back without its error, and
    its summary entry (the whole summary when it was the only one) goes."""
    profile = profile_for(user=request.user)
    answers = request.POST if request.method == "POST" else request.GET
    background = answers.get("background") or profile.background
    recommendation = recommendation_for(background=background)
    snapshot = snapshot_current()
    targets = role_levels(snapshot=snapshot) if snapshot else []
    context = {
        "recommendation": recommendation,
        "background": background,
        "suggested": _suggested_target(recommendation, targets),
    }
    if request.htmx and request.method == "GET":
        if background_error := request.GET.get("background_error"):  # a rejected save's
            form = ProfileForm(initial={"background": background}, targets=targets)
            context |= {"form": form, "background_error": background_error}
            return render(request, "assessments/onboarding.html#background-picked", context)
        return render(request, "assessments/onboarding.html#suggestion", context)
    if request.method == "POST" and not {"use_suggestion", "show_suggestion"} & request.POST.keys():
        form = ProfileForm(request.POST, targets=targets)
        if form.is_valid():
            profile_update(user=request.user, **form.profile_fields())
            messages.success(request, "Profile saved. Now rate your skills.")
            return redirect("assessments:skills")
    else:
        typed = {k: v for k, v in answers.items() if k in ProfileForm.base_fields}
        form = ProfileForm(initial={**_initial(profile, background), **typed}, targets=targets)
        if "use_suggestion" in answers and context["suggested"]:
            form.initial["target"] = context["suggested"]
            form.fields["target"].widget.attrs["autofocus"] = True
            context["filled"] = True
    status = 400 if form.errors else 200  # a rejected form, shown again as typed
    return render(request, "assessments/onboarding.html", {**context, "form": form}, status=status)


def _suggested_target(
    recommendation: BackgroundRecommendation | None, targets: list[tuple[Role, str]]
) -> str:
    """The suggestion's target as a form value, when the market has figures for it."""
    if recommendation is None or (recommendation.role, recommendation.seniority) not in targets:
        return ""
    return target_value(recommendation.role, recommendation.seniority)


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
