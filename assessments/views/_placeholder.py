from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
@login_required
def onboarding(request: HttpRequest) -> HttpResponse:
    return render(request, "assessments/onboarding.html")


@require_GET
@login_required
def skills(request: HttpRequest) -> HttpResponse:
    return render(request, "assessments/onboarding.html")


@require_GET
@login_required
def report(request: HttpRequest, role_slug: str = "", seniority: str = "") -> HttpResponse:
    return render(request, "assessments/onboarding.html")


@require_GET
@login_required
def report_roles(request: HttpRequest) -> HttpResponse:
    return render(request, "assessments/onboarding.html")


@require_GET
@login_required
def plan(request: HttpRequest) -> HttpResponse:
    return render(request, "assessments/onboarding.html")


@require_GET
@login_required
def plan_ics(request: HttpRequest) -> HttpResponse:
    return HttpResponse("", content_type="text/calendar")
