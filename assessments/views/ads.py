"""Job ads: paste one, see what it asks of you (page and CSV), and delete it. Every ad URL
answers 404 to anyone but its owner."""

from fractions import Fraction

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.views import refused
from assessments import exports
from assessments.ad_analysis import NICE_CAP, NICE_FACTOR, REQUIRED_LEVEL, UNMEASURED_WEIGHT
from assessments.forms import JobAdForm
from assessments.models import JobAd
from assessments.selectors import job_ad_label, profile_for
from assessments.services.ads import (
    AdError,
    AdReport,
    job_ad_create,
    job_ad_delete,
    job_ad_delete_warning,
    job_ad_get,
    job_ad_plan,
    job_ad_report_for,
    job_ad_reread,
    job_ads_for,
)
from assessments.services.plans import PlanError
from assessments.views.htmx import HtmxHttpRequest
from assessments.views.missing import no_such_ad
from assessments.views.reading import text_reading_refusal
from market.models import Seniority

# "How this ad is read", from the constants the reading uses.
METHOD = {
    "levels": [
        (Seniority(seniority).label, must, nice)
        for seniority, (must, nice) in REQUIRED_LEVEL.items()
    ],
    "unmeasured_pct": round(UNMEASURED_WEIGHT * 100),
    "nice_pct": round(NICE_FACTOR * 100),
    "unmeasured_nice_pct": round(UNMEASURED_WEIGHT * NICE_FACTOR * 100),
    "nice_cap": str(Fraction(NICE_CAP).limit_denominator(10)),  # "1/3"
}


@require_http_methods(["GET", "POST"])
@login_required
def ads(request: HtmxHttpRequest) -> HttpResponse:
    """The person's saved ads with their readiness, and the form to paste a new one."""
    form = JobAdForm(request.POST if request.method == "POST" else None)
    refusal = None
    if form.is_valid():
        if refusal := text_reading_refusal(request, form.cleaned_data["text"]):
            form.add_error("text", refusal.message)
        else:
            try:
                ad = job_ad_create(user=request.user, **form.cleaned_data)
            except AdError as error:
                form.add_error("text", str(error))
            else:
                return redirect("assessments:ad", ad_id=ad.pk)
    profile = profile_for(user=request.user)
    context = {"form": form, "scores": job_ads_for(user=request.user, profile=profile)}
    response = render(request, "assessments/ads.html", context, status=400 if form.errors else 200)
    return refused(response, refusal)


def _report_or_404(request: HtmxHttpRequest, ad_id: int, *, compare_target=True) -> AdReport:
    profile = profile_for(user=request.user)
    try:
        return job_ad_report_for(
            user=request.user, profile=profile, ad_id=ad_id, compare_target=compare_target
        )
    except JobAd.DoesNotExist as missing:
        raise no_such_ad() from missing


@require_GET
@login_required
def ad(request: HtmxHttpRequest, ad_id: int) -> HttpResponse:
    return _ad_page(request, ad_id)


def _ad_page(request: HtmxHttpRequest, ad_id: int, **context) -> HttpResponse:
    report = _report_or_404(request, ad_id)
    context |= {"report": report, "method": METHOD}
    return render(request, "assessments/ad.html", context)


@require_GET
@login_required
def ad_csv(request: HtmxHttpRequest, ad_id: int) -> HttpResponse:
    report = _report_or_404(request, ad_id, compare_target=False)
    response = HttpResponse(exports.ad_csv(report=report), content_type="text/csv; charset=utf-8")
    name = slugify(report.ad.title)[:60] or "job-ad"
    response["Content-Disposition"] = f'attachment; filename="ad-{report.ad.pk}-{name}.csv"'
    return response


def _ad_or_404(request: HtmxHttpRequest, ad_id: int) -> JobAd:
    try:
        return job_ad_get(user=request.user, ad_id=ad_id)
    except JobAd.DoesNotExist as missing:
        raise no_such_ad() from missing


@require_POST
@login_required
def ad_plan(request: HtmxHttpRequest, ad_id: int) -> HttpResponse:
    """Aim the person's learning plan at the ad (items done stay done)."""
    ad = _ad_or_404(request, ad_id)
    try:
        change = job_ad_plan(user=request.user, ad=ad)
    except PlanError as error:
        messages.error(request, str(error))
        return redirect("assessments:ad", ad_id=ad.pk)
    messages.success(request, f"Your plan now aims at {job_ad_label(ad)}. {change.sentence}")
    return redirect("assessments:plan")


@require_POST
@login_required
def ad_reread(request: HtmxHttpRequest, ad_id: int) -> HttpResponse:
    """Read the ad again with the current rules, and re-make the plan aiming at it."""
    ad = _ad_or_404(request, ad_id)
    if refusal := text_reading_refusal(request, ad.text):
        # Like the paste box and a new ad: 429, the ad unchanged, the reason at the button.
        return refused(_ad_page(request, ad.pk, reread_refusal=refusal.message), refusal)
    messages.success(request, job_ad_reread(user=request.user, ad=ad))
    return redirect("assessments:ad", ad_id=ad.pk)


@require_http_methods(["GET", "POST"])
@login_required
def ad_delete(request: HtmxHttpRequest, ad_id: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes the ad and goes back to the list."""
    ad = _ad_or_404(request, ad_id)
    if request.method == "POST":
        outcome = job_ad_delete(user=request.user, ad=ad)
        messages.success(request, f"Deleted the job ad “{ad.title}”. {outcome}".strip())
        return redirect("assessments:ads")
    profile = profile_for(user=request.user)
    warning = job_ad_delete_warning(user=request.user, ad=ad, profile=profile)
    return render(request, "assessments/ad_delete.html", {"ad": ad, "warning": warning})
