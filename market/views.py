"""The public market explorer: what employers ask for, by role and seniority."""

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from market import explorer, selectors
from market.page_cache import not_for_keeping, public_page


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _page(
    request: HtmxHttpRequest, template: str, context: dict, partial: str = "page-body"
) -> HttpResponse:
    name = f"{template}#{partial}" if request.htmx else template
    return render(request, name, context)


@require_GET
@vary_on_headers("HX-Request")
@public_page
def index(request: HtmxHttpRequest) -> HttpResponse:
    return _page(request, "market/index.html", {"overview": explorer.overview()})


@require_GET
@vary_on_headers("HX-Request")
@public_page
def detail(request: HtmxHttpRequest, role_slug: str, seniority: str) -> HttpResponse:
    if role_slug != role_slug.lower() or seniority != seniority.lower():
        # "/market/ML-Engineer/Senior/", typed or pasted: the address in its one spelling.
        return redirect("market:detail", role_slug.lower(), seniority.lower(), permanent=True)
    data = explorer.detail(role_slug=role_slug, seniority=seniority)
    if isinstance(data, explorer.NoSuchDetail):
        return render(request, "market/detail_missing.html", {"missing": data}, status=404)
    return _page(request, "market/detail.html", {"d": data}, partial="detail-body")


def _id_param(request, name: str) -> int | None:
    """A database id from the query string, or None for anything else (ASCII digits only:
    `str.isdigit()` also accepts "²", which int() refuses; at most 18 digits, which every
    database's integers hold)."""
    value = request.GET.get(name, "")
    return int(value) if re.fullmatch(r"[0-9]{1,18}", value) else None


@require_GET
@vary_on_headers("HX-Request")
@public_page(query=("before", "after"))
def compare(request: HtmxHttpRequest) -> HttpResponse:
    data = explorer.comparison(
        before_id=_id_param(request, "before"), after_id=_id_param(request, "after")
    )
    partial = "moves" if request.htmx and "before" in request.GET else "page-body"
    response = _page(request, "market/compare.html", {"c": data}, partial=partial)
    published = {str(snapshot.pk) for snapshot in data.snapshots}
    if any(request.GET.get(name, "") not in {"", *published} for name in ("before", "after")):
        return not_for_keeping(response)  # an id no published snapshot has, or "01"
    return response


@require_GET
@vary_on_headers("HX-Request")
@public_page
def timeline(request: HtmxHttpRequest) -> HttpResponse:
    return _page(request, "market/timeline.html", {"phases": selectors.timeline_phases()})


@require_GET
@vary_on_headers("HX-Request")
@public_page
def paths(request: HtmxHttpRequest) -> HttpResponse:
    return _page(request, "market/paths.html", explorer.paths())


@require_GET
@vary_on_headers("HX-Request")
@public_page
def trends(request: HtmxHttpRequest) -> HttpResponse:
    return _page(
        request,
        "market/trends.html",
        {"groups": explorer.trend_groups(), "origin": explorer.seed_origin()},
    )


@require_GET
@vary_on_headers("HX-Request")
@public_page
def resources(request: HtmxHttpRequest) -> HttpResponse:
    return _page(
        request,
        "market/resources.html",
        {"sections": explorer.resource_sections(), "kinds": explorer.resource_kinds_text()},
    )
