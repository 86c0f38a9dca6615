"""Read-only share links of a plan: create and revoke them, and the page they open."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.http import NotFound
from accounts.views import not_found
from assessments.models import ShareLink
from assessments.services.plans import (
    share_link_active_for,
    share_link_create,
    share_link_revoke,
    shared_plan_for,
)
from assessments.views.htmx import HtmxHttpRequest
from assessments.views.plan import plan_context
from assessments.views.report import METHOD


@require_POST
@login_required
@vary_on_headers("HX-Request")
def plan_share(request: HtmxHttpRequest) -> HttpResponse:
    """`action=create` makes (or keeps) the read-only link; `action=revoke` ends it."""
    if request.POST.get("action") == "revoke":
        share_link_revoke(user=request.user)
        sentence = "The share link is revoked: it no longer opens your plan."
    else:
        share_link_create(user=request.user)
        sentence = "Share link ready: anyone with it can read your plan and report."
    if request.htmx:
        context = {
            "share_link": share_link_active_for(user=request.user),
            "share_sentence": sentence,
        }
        return render(request, "assessments/plan.html#share", context)
    messages.success(request, sentence)
    return redirect("assessments:plan")


# A shared plan is for the people its owner sends the link to, never for search engines.
NOT_FOR_ROBOTS = "noindex, nofollow"


@require_GET
@never_cache  # a revoked link must stop working at once, for browsers and proxies too
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """The plan and report behind a share token, read-only; 404 once revoked."""
    try:
        profile, detail = shared_plan_for(token=token)
    except ShareLink.DoesNotExist:
        gone = NotFound("This share link does not exist or was revoked.")
        response = not_found(request, gone)  # returned, not raised: never_cache applies
    else:
        # The gap table's key says the report's method (`method`), as the report does.
        context = plan_context(detail, display_name=profile.display_name, method=METHOD)
        response = render(request, "assessments/shared.html", context)
    response["X-Robots-Tag"] = NOT_FOR_ROBOTS
    return response
