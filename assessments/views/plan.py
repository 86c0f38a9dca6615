"""The learning plan: month cards, re-plan on hours/target, check off and undo, exports."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event
from django_htmx.middleware import HtmxDetails

from assessments import exports
from assessments.forms import NoColonLabels, target_value
from assessments.models import PlanItem
from assessments.scoring import LEVEL_NAMES
from assessments.selectors import role_levels_for, snapshot_current_or_none
from assessments.services.plans import (
    PlanDetail,
    PlanError,
    plan_active_for,
    plan_build,
    plan_detail_for,
    plan_item_check_off,
    plan_item_for,
    plan_item_undo,
    plan_market_change_for,
    plan_settings_change,
    share_link_active_for,
)
from assessments.services.profile import profile_get_or_create
from market.models import Seniority


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class PlanSettingsForm(NoColonLabels, forms.Form):
    hours_per_week = forms.IntegerField(
        label="Hours per week",
        min_value=1,
        max_value=60,
        error_messages={
            "required": "Enter how many hours a week you can learn (1 to 60).",
            "invalid": "Enter a whole number of hours, 1 to 60.",
            "min_value": "Enter at least 1 hour a week.",
            "max_value": "Enter at most 60 hours a week.",
        },
    )
    target = forms.ChoiceField(
        label="Target",
        error_messages={
            "required": "Choose a target role and seniority.",
            "invalid_choice": "That role and seniority has no market figures; choose one listed.",
        },
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {target_value(r, s): (r, s) for r, s in targets}
        self.fields["target"].choices = [
            (value, f"{Seniority(s).label} {r.name}") for value, (r, s) in self.targets.items()
        ]

    def clean_target(self):
        return self.targets[self.cleaned_data["target"]]


def _settings_form(profile, data=None) -> PlanSettingsForm:
    targets = role_levels_for(snapshot=snapshot_current_or_none())
    initial = {"hours_per_week": profile.hours_per_week}
    if profile.target_role is not None:
        initial["target"] = target_value(profile.target_role, profile.target_seniority)
    return PlanSettingsForm(data, initial=initial, targets=targets)


def readiness_chart(detail: PlanDetail) -> dict:
    """Chart.js config: projected readiness at the end of each month, from today's."""
    schedule = detail.schedule
    labels = ["Now"] + [f"Month {m.index} ({m.start:%b %Y})" for m in schedule.months]
    values = [round(detail.report.result.readiness, 1)] + [
        round(m.readiness, 1) for m in schedule.months
    ]
    return {
        "type": "line",
        "data": {
            "labels": labels,
            "datasets": [
                {
                    "label": "Projected readiness (%)",
                    "data": values,
                    "borderColor": "#2563eb",
                    "backgroundColor": "rgba(37, 99, 235, 0.15)",
                    "fill": True,
                    "tension": 0.2,
                }
            ],
        },
        "options": {
            "scales": {"y": {"min": 0, "max": 100, "title": {"display": True, "text": "%"}}},
            "plugins": {"legend": {"display": False}},
        },
    }


def plan_context(detail: PlanDetail, **extra) -> dict:
    rows = detail.rows
    chart = readiness_chart(detail)
    months = [
        {
            "month": month,
            "portions": [(p, rows[p.item.order]) for p in month.portions],
        }
        for month in detail.schedule.months
    ]
    return {
        "detail": detail,
        "plan": detail.plan,
        "schedule": detail.schedule,
        "months": months,
        "chart": chart,
        "chart_json": json.dumps(chart),
        "chart_rows": list(
            zip(chart["data"]["labels"], chart["data"]["datasets"][0]["data"], strict=True)
        ),
        "done_rows": [
            (row, LEVEL_NAMES[row.from_level], LEVEL_NAMES[row.to_level]) for row in detail.done
        ],
        **extra,
    }


def _owner_context(request, *, detail: PlanDetail | None, profile, form=None, change=None):
    context = {
        "profile": profile,
        "form": form or _settings_form(profile),
        "change": change,
        "share_link": share_link_active_for(user=request.user),
    }
    if detail is not None:
        context.update(plan_context(detail))
        context["market_change"] = plan_market_change_for(detail=detail, profile=profile)
    return context


def _detail_or_build(request) -> PlanDetail | None:
    plan = plan_active_for(user=request.user)
    if plan is None:
        try:
            plan_build(user=request.user)
        except PlanError:
            return None
        plan = plan_active_for(user=request.user)
    return plan_detail_for(plan=plan)


@require_GET
@login_required
def plan(request: HtmxHttpRequest) -> HttpResponse:
    profile = profile_get_or_create(user=request.user)
    if profile.target_role is None:
        return render(request, "assessments/plan.html", {"profile": profile, "no_target": True})
    detail = _detail_or_build(request)
    context = _owner_context(request, detail=detail, profile=profile)
    return render(request, "assessments/plan.html", context)


def _plan_body(request, *, change_sentence: str = "", status: int = 200) -> HttpResponse:
    profile = profile_get_or_create(user=request.user)
    detail = plan_detail_for(plan=plan_active_for(user=request.user))
    context = _owner_context(request, detail=detail, profile=profile, change=change_sentence)
    return render(request, "assessments/plan.html#plan-body", context, status=status)


@require_POST
@login_required
@vary_on_headers("HX-Request")
def plan_replan(request: HtmxHttpRequest) -> HttpResponse:
    """Re-plan with new hours per week and target (or the same ones, on a newer market)."""
    profile = profile_get_or_create(user=request.user)
    form = _settings_form(profile, data=request.POST)
    if not form.is_valid():
        plan = plan_active_for(user=request.user)
        detail = plan_detail_for(plan=plan) if plan else None
        context = _owner_context(request, detail=detail, profile=profile, form=form)
        if request.htmx and detail is not None:
            return render(request, "assessments/plan.html#plan-body", context)
        return render(request, "assessments/plan.html", context, status=400)
    role, seniority = form.cleaned_data["target"]
    change = plan_settings_change(
        user=request.user,
        hours_per_week=form.cleaned_data["hours_per_week"],
        role=role,
        seniority=seniority,
    )
    if request.htmx:
        return _plan_body(request, change_sentence=change.sentence)
    messages.success(request, change.sentence)
    return redirect("assessments:plan")


def _item_or_404(request, item_id: int) -> PlanItem:
    try:
        return plan_item_for(user=request.user, item_id=item_id)
    except PlanItem.DoesNotExist as missing:
        raise Http404("No such item in your plan.") from missing


@require_POST
@login_required
@vary_on_headers("HX-Request")
def plan_item_done(request: HtmxHttpRequest, item_id: int) -> HttpResponse:
    item = _item_or_404(request, item_id)
    plan_item_check_off(user=request.user, item=item)
    sentence = f"Done: {item.skill.name} is now at level {item.to_level}."
    if request.htmx:
        return trigger_client_event(_plan_body(request, change_sentence=sentence), "skillsChanged")
    messages.success(request, sentence)
    return redirect("assessments:plan")


@require_POST
@login_required
@vary_on_headers("HX-Request")
def plan_item_undone(request: HtmxHttpRequest, item_id: int) -> HttpResponse:
    item = _item_or_404(request, item_id)
    plan_item_undo(user=request.user, item=item)
    sentence = f"Undone: {item.skill.name} is back in the plan."
    if request.htmx:
        return trigger_client_event(_plan_body(request, change_sentence=sentence), "skillsChanged")
    messages.success(request, sentence)
    return redirect("assessments:plan")


def _export_detail(request) -> PlanDetail:
    plan = plan_active_for(user=request.user)
    if plan is None:
        raise Http404("Make a plan first: choose a target on your profile.")
    return plan_detail_for(plan=plan)


def _download(content, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def plan_ics(request: HttpRequest) -> HttpResponse:
    detail = _export_detail(request)
    body = exports.plan_ical(detail=detail, now=timezone.now())
    return _download(body, content_type="text/calendar; charset=utf-8", filename="plan.ics")


@require_GET
@login_required
def plan_csv(request: HttpRequest) -> HttpResponse:
    body = exports.plan_csv(detail=_export_detail(request))
    return _download(body, content_type="text/csv; charset=utf-8", filename="plan.csv")


@require_GET
@login_required
def plan_md(request: HttpRequest) -> HttpResponse:
    body = exports.plan_markdown(detail=_export_detail(request))
    return _download(body, content_type="text/markdown; charset=utf-8", filename="plan.md")
