"""My skills: rate each skill (saved at once with htmx, or per skill without JavaScript), and
find skills in pasted text to confirm."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from assessments.forms import PasteForm, SkillLevelForm, confirmed_levels
from assessments.models import LEVEL_CHOICES_DESCRIBED
from assessments.scoring import LEVEL_NAMES
from assessments.selectors import profile_for, skills_page_for, target_report_for
from assessments.services.plans import plan_refresh
from assessments.services.skills import skill_level_set, skills_confirm, skills_suggest_from_text
from assessments.views.htmx import HtmxHttpRequest
from market.models import Skill


def _page(request: HtmxHttpRequest, **extra) -> dict:
    profile = profile_for(user=request.user)
    page = skills_page_for(user=request.user, profile=profile)
    return {
        "profile": profile,
        "page": page,
        "report": page.report,
        "levels": LEVEL_CHOICES_DESCRIBED,
        **extra,
    }


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def skills(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _skill_level_save(request)
    return render(request, "assessments/skills.html", _page(request, paste_form=PasteForm()))


def _skill_level_save(request: HtmxHttpRequest) -> HttpResponse:
    """One level control's post: with htmx the confirmation and the new readiness, without
    JavaScript a redirect back to the skill."""
    form = SkillLevelForm(request.POST)
    if not form.is_valid():
        return _skill_level_refused(request, form)
    skill = get_object_or_404(Skill, slug=form.cleaned_data["skill"])
    level = form.cleaned_data["level"]
    skill_level_set(user=request.user, skill=skill, level=level)
    plan_refresh(user=request.user)  # the plan starts from the levels the person has now
    saved = f"Saved: {skill.name} is now {LEVEL_NAMES[level]} ({level})."
    if not request.htmx:
        messages.success(request, saved)
        return redirect(f"{reverse('assessments:skills')}#skill-{skill.slug}")
    # The confirmation needs only the new readiness, not the whole page's skill groups.
    profile = profile_for(user=request.user)
    report = target_report_for(user=request.user, profile=profile)
    readiness = report.result.readiness_display if report else None
    context = {"saved": saved, "report": report}
    response = render(request, "assessments/skills.html#saved", context)
    changed = {"skill": skill.slug, "level": level, "readiness": readiness}
    return trigger_client_event(response, "skillsChanged", changed)


def _skill_level_refused(request: HtmxHttpRequest, form: SkillLevelForm) -> HttpResponse:
    message = "Not saved: " + " ".join(e for errors in form.errors.values() for e in errors)
    if request.htmx:
        return render(request, "assessments/skills.html#saved", {"error": message})
    messages.error(request, message)
    return redirect("assessments:skills")


@require_POST
@login_required
@vary_on_headers("HX-Request")
def skills_suggest(request: HtmxHttpRequest) -> HttpResponse:
    """Skills found in pasted text, for the person to confirm; saves nothing."""
    form = PasteForm(request.POST)
    suggestions = None
    if form.is_valid():
        suggestions = skills_suggest_from_text(text=form.cleaned_data["text"], user=request.user)
    if request.htmx:
        context = {
            "paste_form": form,
            "suggestions": suggestions,
            "levels": LEVEL_CHOICES_DESCRIBED,
        }
        return render(request, "assessments/skills.html#suggestions", context)
    context = _page(request, paste_form=form, suggestions=suggestions)
    return render(request, "assessments/skills.html", context)


@require_POST
@login_required
def skills_confirm_view(request: HtmxHttpRequest) -> HttpResponse:
    """Save the suggested skills the person ticked, at the levels they chose."""
    saved = skills_confirm(user=request.user, levels=confirmed_levels(request.POST))
    if not saved:
        messages.error(request, "Nothing added: tick at least one suggested skill to add.")
        return redirect("assessments:skills")
    plan_refresh(user=request.user)
    names = ", ".join(f"{skill.name} ({LEVEL_NAMES[level]})" for skill, level in saved.items())
    messages.success(request, f"Added from your text: {names}.")
    return redirect("assessments:skills")
