"""My skills: rate each skill (saved at once with htmx, or with the form's buttons without
JavaScript), and find skills in pasted text to confirm."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from assessments.forms import PasteForm, confirmed_levels, levels_changed
from assessments.scoring import LEVEL_NAMES
from assessments.selectors import profile_for, skills_page_for
from assessments.services.plans import plan_refresh
from assessments.services.skills import (
    skill_levels_set,
    skills_confirm,
    skills_suggest_from_text,
)
from assessments.views.htmx import HtmxHttpRequest
from market.models import Skill

# Where the skills form's buttons lead after saving (`next`), without JavaScript.
NEXT_PAGES = {"report": "assessments:report", "onboarding": "assessments:onboarding"}


def _page(request: HtmxHttpRequest, **extra) -> dict:
    profile = profile_for(user=request.user)
    page = skills_page_for(user=request.user, profile=profile)
    return {"profile": profile, "page": page, "report": page.report, **extra}


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
def skills(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _levels_save(request)
    return render(request, "assessments/skills.html", _page(request, paste_form=PasteForm()))


def _levels_save(request: HtmxHttpRequest) -> HttpResponse:
    """The levels form: with htmx one change at a time, answered with the confirmation, the
    new readiness and what the new level means; without JavaScript every change at once,
    then the page its button leads to."""
    try:
        changed = levels_changed(request.POST)
    except ValidationError as error:
        return _levels_refused(request, " ".join(error.messages))
    saved = skill_levels_set(user=request.user, levels=changed)
    if saved:
        plan_refresh(user=request.user)  # the plan starts from the levels the person has now
    sentence = saved_sentence(saved)
    if not request.htmx:
        if saved:
            messages.success(request, sentence)
        if next_page := NEXT_PAGES.get(request.POST.get("next", "")):
            return redirect(next_page)
        anchor = f"#skill-{next(iter(saved)).slug}" if saved else ""
        return redirect(reverse("assessments:skills") + anchor)
    context = _page(request, saved=sentence, changed={skill.slug for skill in saved})
    response = render(request, "assessments/skills.html#saved", context)
    report = context["report"]
    changes = {
        "levels": {skill.slug: level for skill, level in saved.items()},
        "readiness": report.result.readiness_display if report else None,
    }
    return trigger_client_event(response, "skillsChanged", changes)


def saved_sentence(saved: dict[Skill, int]) -> str:
    """ "Saved: Python is now Working (3)." / "Saved 2 ratings: Python Working (3), SQL
    Beginner (2)." / "Nothing to save: your levels are as they were." """
    if not saved:
        return "Nothing to save: your levels are as they were."
    named = [f"{skill.name} {LEVEL_NAMES[level]} ({level})" for skill, level in saved.items()]
    if len(saved) == 1:
        [(skill, level)] = saved.items()
        return f"Saved: {skill.name} is now {LEVEL_NAMES[level]} ({level})."
    return f"Saved {len(saved)} ratings: {', '.join(named)}."


def _levels_refused(request: HtmxHttpRequest, reason: str) -> HttpResponse:
    message = f"Not saved: {reason}"
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
        context = {"paste_form": form, "suggestions": suggestions}
        return render(request, "assessments/skills.html#paste", context)
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
