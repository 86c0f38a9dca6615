"""The learning plan: month cards, re-plan on hours/target, check off and undo, exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from assessments import exports, planning
from assessments.charts import plan_readiness_chart, plan_readiness_rows
from assessments.forms import PlanSettingsForm, ad_target_value, target_value
from assessments.models import JobAd, Plan, PlanItem, PlanOrder, Profile
from assessments.page_cache import personal_page
from assessments.scoring import LEVEL_NAMES
from assessments.selectors import profile_for, seniorities_from, target_label
from assessments.services.ads import job_ad_reread_pending
from assessments.services.plans import (
    PlanDetail,
    plan_active_for,
    plan_catch_up_for,
    plan_detail_for,
    plan_item_check_off,
    plan_item_for,
    plan_item_to_do_for,
    plan_item_undo,
    plan_market_change_for,
    share_link_active_for,
)
from assessments.services.profile import profile_plan_settings_set
from assessments.views.htmx import HtmxHttpRequest
from assessments.views.missing import no_plan_yet, no_such_plan_item
from assessments.views.placed_messages import message_placed, messages_by_place
from market.models import Snapshot
from market.selectors import role_levels, snapshot_current


def _settings_form(
    profile: Profile, data=None, *, current: Snapshot | None, plan: Plan | None = None
) -> PlanSettingsForm:
    """The hours and target form; its targets are those of the `current` snapshot and the
    person's saved job ads, the plan's own selected."""
    targets = role_levels(snapshot=current) if current is not None else []
    ads = JobAd.objects.filter(user_id=profile.user_id)
    initial = {
        "hours_per_week": profile.hours_per_week,
        "target": _target_value(profile, plan),
        "order": profile.plan_order,
    }
    return PlanSettingsForm(data, initial=initial, targets=targets, ads=ads)


def _target_value(profile: Profile, plan: Plan | None) -> str:
    """The form value of the plan's target: its job ad, else the profile's target."""
    if plan is not None and plan.job_ad is not None:
        return ad_target_value(plan.job_ad)
    if profile.target_role is not None:
        return target_value(profile.target_role, profile.target_seniority)
    return ""


def plan_context(detail: PlanDetail, **extra) -> dict:
    """What the plan's month cards, chart and done list need (owner and shared pages)."""
    rows, grid = detail.rows, detail.schedule.grid
    # Nothing left to do (every item done): no chart of a flat line, or of one point at "Now"
    # once re-planned; a sentence instead.
    points = {"schedule": detail.schedule, "readiness_now": detail.report.result.readiness}
    chart = plan_readiness_chart(**points) if detail.has_to_do else None
    months = [
        {
            "month": month,
            "portions": [
                (p, rows[p.item.order], *planning.item_dates(item=p.item, grid=grid))
                for p in month.portions
            ],
        }
        for month in detail.schedule.months
    ]
    return {
        "detail": detail,
        "plan": detail.plan,
        "schedule": detail.schedule,
        "months": months,
        "chart": chart,
        # The table beside the chart: its figures, each month numbered as on the cards.
        "chart_rows": plan_readiness_rows(**points) if chart else [],
        # (row, from, to, the month it stays in on the cards, or None when it is past, whether
        # it is a job ad's nice-to-have)
        "done_rows": [
            (
                row,
                LEVEL_NAMES[row.from_level],
                LEVEL_NAMES[row.to_level],
                row.start_month if row.order in rows else None,
                detail.is_nice_to_have(row.skill.slug),
            )
            for row in detail.done
        ],
        "orders": PlanOrder,
        **extra,
    }


def _owner_context(
    request: HtmxHttpRequest,
    *,
    detail: PlanDetail | None,
    profile: Profile,
    form: PlanSettingsForm | None = None,
    change: str = "",
) -> dict:
    """The owner's page: the plan plus its settings form, notices and share link."""
    current = snapshot_current()  # once, for both the form's targets and the market notice
    plan = detail.plan if detail is not None else None
    form = form or _settings_form(profile, current=current, plan=plan)
    plan_target = _target_value(profile, plan)
    context = {
        "market_ready": current is not None,
        "current_market": current,
        "profile": profile,
        "target_label": target_label(role=profile.target_role, seniority=profile.target_seniority)
        if profile.target_role
        else "",
        "form": form,
        "plan_target": plan_target,
        # A re-plan toward it would be refused: the current market has no figures for it.
        "target_gone": bool(plan_target) and not form.target_listed(plan_target),
        "change": change,
        "share_link": share_link_active_for(user=request.user),
    }
    if detail is not None:
        context.update(plan_context(detail))
        if plan.job_ad is not None:  # no query for a plan that aims at a role
            context["ad_reread"] = job_ad_reread_pending(user=request.user, ad=plan.job_ad)
        change = plan_market_change_for(detail=detail, profile=profile, current=current)
        context["market_change"] = change
        if change is None:  # one re-plan offer at a time: the market's covers the calendar
            if detail.is_finished and not detail.report.result.missing:
                # Nothing to re-plan: offer what comes next instead.
                context["finished"] = True
                context["next_target"] = _next_target(plan, form)
            else:
                context["catch_up"] = plan_catch_up_for(detail=detail, profile=profile)
    return context


def _next_target(plan: Plan, form: PlanSettingsForm) -> tuple[str, str] | None:
    """A finished plan's step up: the first seniority above its own that the form offers
    (the current market has figures for it), as (form value, label); None for a plan toward
    a job ad, or when no seniority above has figures."""
    if plan.job_ad_id is not None:
        return None
    for seniority in seniorities_from(plan.seniority)[1:]:
        value = target_value(plan.role, seniority)
        if form.target_listed(value):
            return value, target_label(role=plan.role, seniority=seniority)
    return None


@require_GET
@login_required
@personal_page
def plan(request: HtmxHttpRequest) -> HttpResponse:
    """The person's plan; it only reads (the plan was made when the target was saved)."""
    profile = profile_for(user=request.user)
    plan = plan_active_for(user=request.user)
    if profile.target_role is None and plan is None:
        return render(request, "assessments/plan.html", {"profile": profile, "no_target": True})
    detail = plan_detail_for(plan=plan) if plan else None
    context = _owner_context(request, detail=detail, profile=profile)
    if detail is not None:  # a check-off's or undo's confirmation, beside its button
        rows = [*detail.rows.values(), *detail.done]
        context.update(messages_by_place(request, places={_item_place(r) for r in rows}))
    return render(request, "assessments/plan.html", context)


def _item_place(item: PlanItem) -> str:
    """The id of the item's Mark done or Undo button."""
    return f"plan-item-{item.pk}"


def _plan_body(
    request: HtmxHttpRequest, *, change_sentence: str, detail: PlanDetail | None = None
) -> HttpResponse:
    profile = profile_for(user=request.user)
    if detail is None:
        detail = plan_detail_for(plan=plan_active_for(user=request.user))
    context = _owner_context(request, detail=detail, profile=profile, change=change_sentence)
    return render(request, "assessments/plan.html#plan-body", context)


@require_POST
@login_required
@vary_on_headers("HX-Request")
def plan_replan(request: HtmxHttpRequest) -> HttpResponse:
    """Re-plan with new hours per week and target (or the same ones, on a newer market)."""
    profile = profile_for(user=request.user)
    form = _settings_form(profile, data=request.POST, current=snapshot_current())
    if not form.is_valid():
        return _settings_rejected(request, profile=profile, form=form)
    target, hours = form.cleaned_data["target"], form.cleaned_data["hours_per_week"]
    order = form.cleaned_data["order"]
    reordered = order is not None and order != profile.plan_order
    if isinstance(target, JobAd):
        change = profile_plan_settings_set(
            user=request.user, hours_per_week=hours, job_ad=target, order=order
        )
    else:
        role, seniority = target
        change = profile_plan_settings_set(
            user=request.user, hours_per_week=hours, role=role, seniority=seniority, order=order
        )
    sentence = change.sentence
    if reordered:
        sentence = f"Order: {PlanOrder(order).label.lower()}. {sentence}"
    if request.htmx:
        return _plan_body(request, change_sentence=sentence)
    messages.success(request, sentence)
    return redirect("assessments:plan")


def _settings_rejected(
    request: HtmxHttpRequest, *, profile: Profile, form: PlanSettingsForm
) -> HttpResponse:
    """The plan again with the form's messages and what was typed, as 400 (htmx swaps it in
    too: base.html's htmx-config); nothing changed."""
    plan = plan_active_for(user=request.user)
    detail = plan_detail_for(plan=plan) if plan else None
    context = _owner_context(request, detail=detail, profile=profile, form=form)
    template = "assessments/plan.html#plan-body" if request.htmx else "assessments/plan.html"
    return render(request, template, context, status=400)


def _item_change_or_404(
    request: HtmxHttpRequest, item_id: int, change
) -> tuple[PlanItem, PlanItem | None]:
    """Check off or undo (`change`) an item of the person's plan: the item as read, and
    `change`'s answer (the row after; None from an undo that scheduled it again with the
    rest); 404 for anyone else's, and for one a re-plan removed between reading it and
    changing it (a double click)."""
    try:
        item = plan_item_for(user=request.user, item_id=item_id)
        return item, change(user=request.user, item=item)
    except PlanItem.DoesNotExist as missing:
        raise no_such_plan_item() from missing


@require_POST
@login_required
@vary_on_headers("HX-Request")
def plan_item_done(request: HtmxHttpRequest, item_id: int) -> HttpResponse:
    item, done = _item_change_or_404(request, item_id, plan_item_check_off)
    return _item_changed(request, done, f"Done: {item.skill.name} is now at level {item.to_level}.")


@require_POST
@login_required
@vary_on_headers("HX-Request")
def plan_item_undone(request: HtmxHttpRequest, item_id: int) -> HttpResponse:
    item, in_place = _item_change_or_404(request, item_id, plan_item_undo)
    if request.htmx:  # the re-planned months show where it is: its new row is not read
        detail = plan_detail_for(plan=plan_active_for(user=request.user))
        back = in_place is not None or detail.is_scheduled(skill_id=item.skill_id)
        return _item_changed(request, None, _undone(item, back=back), detail=detail)
    row = in_place or plan_item_to_do_for(user=request.user, skill=item.skill)
    return _item_changed(request, row, _undone(item, back=row is not None))


def _undone(item: PlanItem, *, back: bool) -> str:
    if back:
        return f"Undone: {item.skill.name} is back in the plan."
    # Nothing of it is scheduled again: the level now is enough.
    return (
        f"Undone: {item.skill.name} is no longer marked done; your level now leaves "
        "nothing of it to learn."
    )


def _item_changed(
    request: HtmxHttpRequest,
    item: PlanItem | None,
    sentence: str,
    *,
    detail: PlanDetail | None = None,
) -> HttpResponse:
    """After a check-off or undo: the re-planned body for htmx (levels changed; `detail`, the
    plan as read after the change, if the caller has it), else back to the page with the
    sentence as a message at the item's button where it is now (its Undo or Mark done; an
    undo may have scheduled it again as a new row), not at the top of a long plan; at the top
    when the item is no longer on the plan (None)."""
    if request.htmx:
        body = _plan_body(request, change_sentence=sentence, detail=detail)
        return trigger_client_event(body, "skillsChanged")
    if item is None:
        messages.success(request, sentence)
        return redirect("assessments:plan")
    return redirect(
        reverse("assessments:plan") + message_placed(request, sentence, place=_item_place(item))
    )


def _export_detail(request: HtmxHttpRequest) -> PlanDetail:
    plan = plan_active_for(user=request.user)
    if plan is None:
        raise no_plan_yet()
    return plan_detail_for(plan=plan)


def _download(content, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def plan_ics(request: HtmxHttpRequest) -> HttpResponse:
    detail = _export_detail(request)
    body = exports.plan_ical(detail=detail, now=timezone.now())
    return _download(body, content_type="text/calendar; charset=utf-8", filename="plan.ics")


@require_GET
@login_required
def plan_csv(request: HtmxHttpRequest) -> HttpResponse:
    body = exports.plan_csv(detail=_export_detail(request))
    return _download(body, content_type="text/csv; charset=utf-8", filename="plan.csv")


@require_GET
@login_required
def plan_md(request: HtmxHttpRequest) -> HttpResponse:
    body = exports.plan_markdown(detail=_export_detail(request))
    return _download(body, content_type="text/markdown; charset=utf-8", filename="plan.md")
