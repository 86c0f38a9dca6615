"""My skills: rate each skill (saved at once with htmx, or with the form's buttons without
JavaScript), and find skills in pasted text to confirm. `?ad=<id>` lists only the skills one
of the person's saved job ads asks for."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from accounts.views import refused
from assessments.forms import PasteForm, confirmed_levels, levels_changed
from assessments.models import JobAd, Profile
from assessments.page_cache import personal_page
from assessments.scoring import LEVEL_NAMES
from assessments.selectors import job_ad_label, profile_for, skills_page_for
from assessments.services.ads import AdReport, job_ad_get, job_ad_report
from assessments.services.plans import plan_refresh
from assessments.services.skills import (
    skill_levels_set,
    skills_confirm,
    skills_suggest_from_text,
)
from assessments.views.htmx import HtmxHttpRequest
from assessments.views.missing import no_such_ad
from assessments.views.placed_messages import message_placed, messages_by_place
from assessments.views.reading import text_reading_refusal
from market.models import Skill

# Where the skills form's buttons lead after saving (`next`), without JavaScript.
NEXT_PAGES = {"report": "assessments:report", "onboarding": "assessments:onboarding"}
AD_ID = re.compile(r"[0-9]{1,9}")  # ASCII digits only: str.isdigit() takes "²"


@dataclass(frozen=True)
class ReadinessShown:
    """The readiness the page's header and confirmation give: for the ad the list is filtered
    to, else for the person's target."""

    label: str  # "Senior ML Engineer", or 'the job ad “Senior ML Engineer”'
    url: str  # the report it is explained on
    readiness: float


def _readiness_shown(page_report, ad: AdReport | None) -> ReadinessShown | None:
    if ad is not None:
        url = reverse("assessments:ad", kwargs={"ad_id": ad.ad.pk})
        return ReadinessShown(job_ad_label(ad.ad), url, ad.score.readiness)
    if page_report is None:
        return None
    url = reverse("assessments:report")
    return ReadinessShown(page_report.target_label, url, page_report.result.readiness_display)


def _page(
    request: HtmxHttpRequest, *, profile: Profile | None = None, ad: AdReport | None = None, **extra
) -> dict:
    profile = profile or profile_for(user=request.user)
    only, title = None, ""
    if ad is not None:  # what the ad needs of each skill, shown instead of the target's
        only = {
            g.gap.skill: f"{g.kind_label} in this ad; needs {g.gap.required_name} "
            f"({g.gap.required_level})"
            for g in ad.result.gaps
        } | {
            other.skill: f"Alternative to {other.counted} in this ad ({other.one_of_text}); "
            f"not required while {other.counted} counts"
            for other in ad.result.alternatives
        }
        title = f"Asked for by the job ad “{ad.ad.title}”"
    page = skills_page_for(user=request.user, profile=profile, only=only, only_title=title)
    return {
        "profile": profile,
        "page": page,
        "report": page.report,
        "readiness": _readiness_shown(page.report, ad),
        "ad": ad.ad if ad else None,
        "ad_result": ad.result if ad else None,  # what the ad asks for, its alternatives apart
        **extra,
    }


def _ad_asked(request: HtmxHttpRequest, value: str | None) -> JobAd | None:
    """The job ad `value` (`?ad=<id>` or the form's `ad`) names, with its skills: 404 unless
    it is one of the person's; None without a value."""
    if value is None:
        return None
    if not AD_ID.fullmatch(value):
        raise no_such_ad()
    try:
        return job_ad_get(user=request.user, ad_id=int(value))
    except JobAd.DoesNotExist as missing:
        raise no_such_ad() from missing


def _ad_report(request: HtmxHttpRequest, profile: Profile, ad: JobAd | None) -> AdReport | None:
    """What `ad` asks of the person and their readiness for it, from their levels now."""
    if ad is None:
        return None
    return job_ad_report(user=request.user, profile=profile, ad=ad, compare_target=False)


@require_http_methods(["GET", "POST"])
@login_required
@vary_on_headers("HX-Request")
@personal_page(query=("ad",))
def skills(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _levels_save(request)
    profile = profile_for(user=request.user)
    ad = _ad_report(request, profile, _ad_asked(request, request.GET.get("ad")))
    context = _page(request, profile=profile, ad=ad, paste_form=PasteForm())
    rows = (row for group in context["page"].groups for row in group.rows)
    context.update(messages_by_place(request, places={_row_place(r.skill.slug) for r in rows}))
    return render(request, "assessments/skills.html", context)


def _row_place(slug: str) -> str:
    """The id of the skill's row (its level, what the level means)."""
    return f"skill-{slug}"


def _levels_save(request: HtmxHttpRequest) -> HttpResponse:
    """The levels form: with htmx one change at a time, answered with the confirmation, the
    new readiness and what the new level means; without JavaScript every change at once,
    then the page its button leads to."""
    try:
        changed = levels_changed(request.POST)
    except ValidationError as error:
        return _levels_refused(request, " ".join(error.messages))
    # The page filtered to an ad confirms with the ad's readiness: the ad is read (404 unless
    # it is the person's) before any write. Without JavaScript the page it returns to reads it.
    asked = _ad_asked(request, request.POST.get("ad") if request.htmx else None)
    saved = skill_levels_set(user=request.user, levels=changed)
    if saved:
        plan_refresh(user=request.user)  # the plan starts from the levels the person has now
    gone = gone_sentence(asked=changed, saved=saved)
    sentence = saved_sentence(saved) if saved or not gone else ""
    if not request.htmx:
        return _levels_saved_without_js(request, saved=saved, sentence=sentence, gone=gone)
    profile = profile_for(user=request.user)
    ad = _ad_report(request, profile, asked)  # the readiness from the levels just saved
    changed_slugs = {skill.slug for skill in saved}
    context = _page(
        request, profile=profile, ad=ad, saved=sentence, gone=gone, changed=changed_slugs
    )
    response = render(request, "assessments/skills.html#saved", context)
    readiness = context["readiness"]
    changes = {
        "levels": {skill.slug: level for skill, level in saved.items()},
        "readiness": readiness.readiness if readiness else None,
    }
    return trigger_client_event(response, "skillsChanged", changes)


def _levels_saved_without_js(request: HtmxHttpRequest, *, saved, sentence: str, gone: str):
    """Where a plain form post of the levels goes next, with what it says: the page its
    button leads to (an ad's, the report, ...), or back to My skills at the first skill saved,
    the confirmation said there (not at the top, out of view); what was not saved is said at
    the top, where the page returns."""
    ad = request.POST.get("ad", "")
    to_ad = request.POST.get("next") == "ad" and AD_ID.fullmatch(ad)
    next_page = NEXT_PAGES.get(request.POST.get("next", ""))
    anchor = ""
    if saved and not (to_ad or next_page or gone):
        # Back at the first skill saved: said there, not at the top, out of view.
        anchor = message_placed(request, sentence, place=_row_place(next(iter(saved)).slug))
    elif saved:
        messages.success(request, sentence)
    if gone:
        messages.error(request, gone)
        # What was not saved is said at the top (base.html #messages): a row further down
        # would scroll it off screen.
        anchor = "#messages"
    if to_ad:
        return redirect("assessments:ad", ad_id=int(ad))  # 404 there unless it is theirs
    if next_page:
        return redirect(next_page)
    query = f"?ad={ad}" if AD_ID.fullmatch(ad) else ""  # back to the same filtered list
    return redirect(reverse("assessments:skills") + query + anchor)


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


def gone_sentence(*, asked: Iterable[str], saved: dict[Skill, int]) -> str:
    """What a stale page rated (the slugs `asked`) that was not `saved` because it is no longer
    in the market (an admin's discard deleted a draft's skill since the page was shown), or ""."""
    slugs = set(asked) - {skill.slug for skill in saved}
    if not slugs:
        return ""
    named = ", ".join(f"“{slug}”" for slug in sorted(slugs))
    verb = "is" if len(slugs) == 1 else "are"
    return f"Not saved: {named} {verb} no longer in the market; reload the page for its skills."


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
    suggestions = refusal = None
    if form.is_valid():
        text = form.cleaned_data["text"]
        if refusal := text_reading_refusal(request, text):
            form.add_error("text", refusal.message)
        else:
            suggestions = skills_suggest_from_text(text=text, user=request.user)
    status = 400 if form.errors else 200  # htmx swaps a 400 (and a 429) in too (base.html)
    if request.htmx:
        context = {"paste_form": form, "suggestions": suggestions}
        response = render(request, "assessments/skills.html#paste", context, status=status)
    else:
        context = _page(request, paste_form=form, suggestions=suggestions)
        response = render(request, "assessments/skills.html", context, status=status)
    return refused(response, refusal)


@require_POST
@login_required
def skills_confirm_view(request: HtmxHttpRequest) -> HttpResponse:
    """Save the suggested skills the person ticked, at the levels they chose."""
    levels = confirmed_levels(request.POST)
    saved = skills_confirm(user=request.user, levels=levels)
    if gone := gone_sentence(asked=levels, saved=saved):
        messages.error(request, gone)
    if not saved:
        if not gone:
            messages.error(request, "Nothing added: tick at least one suggested skill to add.")
        return redirect("assessments:skills")
    plan_refresh(user=request.user)
    names = ", ".join(f"{skill.name} ({LEVEL_NAMES[level]})" for skill, level in saved.items())
    messages.success(request, f"Added from your text: {names}.")
    return redirect("assessments:skills")
