"""Learning plans: build and re-plan from the gap report, check items off and undo, notice a
newer market, and share read-only links.

The schedule itself is `assessments.planning` (pure); this module turns the person's gap
report into its inputs and its output into `Plan`/`PlanItem` rows, and back for display.

* One plan per person (a database constraint), made by the POST that saves the person's
  target (`services.profile`), never by a page: re-planning rewrites it in place, items
  already done stay (with their dates), every other item is scheduled again. Rating skills
  re-plans too (`plan_refresh`), so the plan always starts from the person's levels.
* A plan starts today or later (`planning.plan_start`): on the 1st of the profile's start
  month when that is still ahead, else today (month 1 prorated to its days left), or on the
  1st of next month when few days of this one are left.
* The target is the profile's role and seniority, or one of the person's saved job ads
  (`plan_build(job_ad=...)`, "Plan toward this ad"): the ad's skills at its levels, weighed
  by the postings of the role its title names (else the profile's target role).
* Checking an item off raises the skill to the item's level (history source "plan") and
  schedules the rest again from the same snapshot; undoing restores the level the skill had
  (source "undo") when nothing else changed it since, and schedules again.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from assessments import planning
from assessments.ad_analysis import names_joined
from assessments.models import (
    JobAd,
    Plan,
    PlanItem,
    Profile,
    ShareLink,
    SkillLevel,
    SkillLevelChange,
)
from assessments.scoring import lower_bound_names, measured_shares
from assessments.selectors import (
    GapReport,
    gap_report_for,
    job_ad_gap_report_for,
    nowrap,
    plan_target_label,
    profile_for,
)
from assessments.services.skills import skill_level_set
from assessments.services.versioning import person_locked
from market.models import LearningResource, Snapshot, TimelineItem
from market.selectors import snapshot_current
from market.vocabulary import ShareMove, share_moves


class PlanError(Exception):
    """A plan cannot be made; the message says why."""


# ---- Reading a plan for display ----------------------------------------------------------


@dataclass(frozen=True)
class DoneEarlier:
    """An item checked off before the months were made (an older plan's): no months, days or
    resources of its own. Named as `planning.PlannedItem` names the same things, so an export
    reads either alike."""

    order: int  # its place in plan order
    skill: str  # slug
    name: str
    from_level: int
    to_level: int
    hours: int
    phase: str
    is_prerequisite: bool
    done_at: datetime


def _done_earlier(row: PlanItem) -> DoneEarlier:
    return DoneEarlier(
        order=row.order,
        skill=row.skill.slug,
        name=row.skill.name,
        from_level=row.from_level,
        to_level=row.to_level,
        hours=row.hours,
        phase=row.phase,
        is_prerequisite=row.is_prerequisite,
        done_at=row.done_at,
    )


@dataclass
class PlanDetail:
    """A stored plan with everything its pages show."""

    plan: Plan
    report: GapReport  # against the plan's own snapshot and target
    schedule: planning.Plan  # the months: items to do, and those done since it was made
    done: list[PlanItem]  # every item checked off, in plan order
    rows: dict[int, PlanItem]  # the schedule's rows by order (for ids and done dates)
    # The items checked off before the months were made, in plan order: not in `schedule`.
    done_earlier: list[DoneEarlier] = field(default_factory=list)
    stale_skills: list[str] = field(default_factory=list)  # levels changed since planning
    overdue: list[str] = field(default_factory=list)  # items to do whose last day has passed
    phases: dict[str, str] = field(default_factory=dict)  # each skill's phase, by slug
    # Read through a share link, by someone the owner sent it to: its sentences speak of the
    # plan, never to "you".
    for_visitor: bool = False

    def is_nice_to_have(self, slug: str) -> bool:
        """The plan's job ad asks for the skill `slug` as a nice-to-have (`GapReport`'s rule)."""
        return self.report.is_nice_to_have(slug)

    @property
    def done_since_planned(self) -> list[PlanItem]:
        """Items checked off since the months were made: they keep their place in them."""
        return [row for row in self.done if row.order in self.rows]

    @property
    def start_sentence(self) -> SafeString:
        """When the plan starts and why then (`planning.plan_start`), in words; for a plan
        with every item done, the day it was finished and what it took instead (no month is
        left to describe): the one place the page says it is finished. Each date is kept
        whole on one line (`_day_html`)."""
        grid = self.schedule.grid
        start, made = grid.start, timezone.localtime(self.plan.planned_at).date()
        day = _day_html(start)
        if self.is_finished:
            last = self.last_done_on
            count = len(self.done)
            items = f"all {count} items done" if count > 1 else "its one item done"
            # Its start means something while the months still hold the items, or when it is a
            # start month chosen ahead; a re-plan of nothing otherwise starts it any day.
            chosen = start > made and start != planning.plan_start(today=made)
            before = start > last and (self.rows or chosen)
            return format_html(
                "Finished on {}{}: {}, {}&nbsp;h of learning.",
                _day_html(last),
                format_html(", before its start on {}", day) if before else "",
                items,
                self.done_hours,
            )
        if start == made and grid.is_prorated:
            return format_html(
                "Starts on {}, the day it was made: month 1 holds the {} days left of {}, "
                "{} h of the {} h of a whole month.",
                day,
                grid.days(1),
                f"{start:%B}",
                self.schedule.first_capacity_text,
                self.schedule.capacity_text,
            )
        if start <= made:
            return format_html("Starts on {}." if start == made else "Started on {}.", day)
        if start == planning.plan_start(today=made):
            left = planning.days_left_in_month(made)
            days = "1 day" if left == 1 else f"{left} days"
            return format_html(
                "Made on {} with only {} of {} left, so it starts on {}.",
                _day_html(made),
                days,
                f"{made:%B}",
                day,
            )
        if start == planning.month_start(made, 2) and made.day != 1:
            return format_html(
                "Made on {}: the hours left in {} were too few for its first item, so it "
                "starts on {}.",
                _day_html(made),
                f"{made:%B}",
                day,
            )
        return format_html("Starts on {}, the start month chosen for it.", day)

    @property
    def target_label(self) -> str:
        return plan_target_label(self.plan)

    def is_scheduled(self, *, skill_id: int) -> bool:
        """Some of the skill is still to do on the months."""
        return any(r.skill_id == skill_id and r.done_at is None for r in self.rows.values())

    @property
    def has_to_do(self) -> bool:
        """Some item on the months is still to do (they may hold only done ones until a
        re-plan)."""
        return any(r.done_at is None for r in self.rows.values())

    @property
    def is_finished(self) -> bool:
        """Every item of the plan is done: some were checked off and none is left to do."""
        return bool(self.done) and not self.has_to_do

    @property
    def done_hours(self) -> int:
        return sum(row.hours for row in self.done)

    @property
    def last_done_on(self) -> date | None:
        """The day the last item was checked off, None with none done."""
        last = max((row.done_at for row in self.done), default=None)
        return timezone.localtime(last).date() if last is not None else None

    @property
    def readiness_now(self) -> float:
        return self.report.result.readiness_display

    @property
    def runs_long(self) -> bool:
        """The plan takes more than `planning.LONG_PLAN_MONTHS`: its page says so."""
        return self.schedule.duration_months > planning.LONG_PLAN_MONTHS

    @property
    def hours_at_most(self) -> bool:
        """The plan has the most hours per week a person may give it: more hours cannot
        shorten it (a long plan's notice offers only a closer target)."""
        return self.plan.hours_per_week >= planning.MAX_HOURS_PER_WEEK

    @property
    def long_plan_text(self) -> str:
        """ "2 years": how long a plan may take before its page says it runs long."""
        return planning.months_text(planning.LONG_PLAN_MONTHS)

    @property
    def duration_sentence(self) -> str:
        months = self.schedule.duration_months
        if months == 0:
            if self.report.result.missing:  # levels lowered since the last re-plan
                return (
                    "Nothing is scheduled: the levels now leave more to learn for "
                    f"{self.target_label}."
                )
            if self.for_visitor:
                return f"Every requirement of {self.target_label} is met."
            return f"You meet every requirement of {self.target_label} in this plan."
        sentence = (
            f"Ready for {self.target_label} in about {planning.months_text(months)} "
            f"at {self.plan.hours_per_week} h/week"
        )
        start, today = self.schedule.start, timezone.localdate()
        if (start.year, start.month) != (today.year, today.month):
            # The months count from the plan's start, not from today: say so.
            sentence += f", counted from its start in {start:%B %Y}"
        return sentence + "."


def plan_active_for(*, user) -> Plan | None:
    plans = Plan.objects.filter(user=user)
    # The profile for the order the plan was made in (`_plan_order`), in the same query.
    return plans.select_related("user__profile", "role", "snapshot", "job_ad").first()


def _plan_order(plan: Plan) -> str:
    """The order the plan's months were made in: its owner's, remembered on the profile
    (every change of it re-plans); progression for an owner without a saved profile."""
    try:
        return plan.user.profile.plan_order
    except Profile.DoesNotExist:
        return planning.PROGRESSION


def plan_item_for(*, user, item_id: int) -> PlanItem:
    """One item of the person's active plan; PlanItem.DoesNotExist for anyone else's."""
    plan = plan_active_for(user=user)
    return PlanItem.objects.select_related("skill", "plan").get(pk=item_id, plan=plan)


def plan_report_for(*, plan: Plan, snapshot: Snapshot | None = None) -> GapReport:
    """The gap report a plan is made from: its target (a role and seniority, or a job ad
    weighed by them) against its own snapshot, or `snapshot`. The one place that reads a
    plan's target, so a new kind of target is added here."""
    snapshot = snapshot or plan.snapshot
    if plan.job_ad_id is not None:
        return job_ad_gap_report_for(
            user=plan.user, ad=plan.job_ad, role=plan.role, snapshot=snapshot
        )
    return gap_report_for(
        user=plan.user, role=plan.role, seniority=plan.seniority, snapshot=snapshot
    )


def plan_detail_for(*, plan: Plan, for_visitor: bool = False) -> PlanDetail:
    """The plan, its report and months, in a fixed number of queries (about ten);
    `for_visitor`: read through a share link (its sentences in the third person)."""
    rows = list(plan.items.select_related("skill").order_by("order"))
    report = plan_report_for(plan=plan)
    done = [r for r in rows if r.done_at is not None]
    remaining = [r for r in rows if r.done_at is None]
    # Items checked off since the months were made keep their place; earlier ones are past.
    timeline = [r for r in rows if r.done_at is None or r.done_at >= plan.planned_at]
    resources = _resources_for({r.skill.slug for r in timeline})
    phases = _phases_for(report)
    levels = _start_levels(report.levels, done)
    grid = planning.MonthGrid.of(start=plan.starts_on, hours_per_week=plan.hours_per_week)
    order = _plan_order(plan)
    # What the schedule waited for: the prerequisites each item's from-level left unmet (a
    # link the person meets is none), read as the schedule read them (`plan_schedule`).
    needs = planning.unmet_prerequisites(
        levels={r.skill.slug: r.from_level for r in timeline}, prerequisites=report.prerequisites
    )
    needed_by = planning.must_have_dependants(
        skills=[r.skill.slug for r in timeline],
        nice_to_haves=report.nice_to_have,
        prerequisites=needs,
    )
    # A plan toward a role has no nice-to-haves, so no second pass; nor has the quickest
    # order, all of whose items are one group.
    second_pass = frozenset()
    if report.nice_to_have and order == planning.PROGRESSION:
        second_pass = planning.nice_to_haves_pass(
            skills=[r.skill.slug for r in timeline],
            must_haves={g.skill for g in report.result.gaps} - set(report.nice_to_have),
            prerequisites=needs,
        )
    names = {r.skill.slug: r.skill.name for r in timeline}
    items = planning.plan_lay_out(
        items=[
            _planned_item(
                r,
                report,
                phases,
                resources,
                needed_by=tuple(names[s] for s in needed_by.get(r.skill.slug, ())),
                in_nice_to_haves_pass=r.skill.slug in second_pass,
            )
            for r in timeline
        ],
        grid=grid,
    )
    schedule = planning.Plan(
        start=grid.start,
        hours_per_week=plan.hours_per_week,
        capacity=grid.capacity,
        items=items,
        months=planning.plan_months(
            items=items,
            grid=grid,
            levels=levels,
            readiness=lambda levels: report.score(levels).readiness,
        ),
        done=tuple(planning.DoneItem(r.skill.slug, r.from_level, r.to_level) for r in done),
        readiness_start=report.result.readiness,
        order=order,
    )
    stale = sorted(
        r.skill.name for r in remaining if report.levels.get(r.skill.slug, 0) != r.from_level
    )
    today = timezone.localdate()
    overdue = [
        item.name
        for item in items
        if not item.done and planning.item_dates(item=item, grid=grid)[1] < today
    ]
    return PlanDetail(
        plan=plan,
        report=report,
        schedule=schedule,
        done=done,
        rows={r.order: r for r in timeline},
        done_earlier=[_done_earlier(r) for r in done if r.done_at < plan.planned_at],
        stale_skills=stale,
        overdue=overdue,
        phases=phases,
        for_visitor=for_visitor,
    )


# ---- Building and re-planning -------------------------------------------------------------


@dataclass(frozen=True)
class PlanChange:
    plan: Plan
    end_before: date | None
    end_after: date | None
    created: bool

    @property
    def sentence(self) -> str:
        """How the end date moved, in words."""
        if self.end_after is None:  # nothing is left to schedule
            if self.created:
                return "Plan made: nothing is left to learn for its target."
            if self.end_before is None:
                # Every item was done and still is: the re-plan only took in the figures in use.
                return (
                    f"Re-planned on the market figures “{self.plan.snapshot.label}”: nothing is "
                    "left to schedule."
                )
            return (
                "Re-planned: nothing is left to schedule (the plan was to end in "
                f"{self.end_before:%B %Y})."
            )
        after = f"{self.end_after:%B %Y}"
        if self.created:
            return f"Plan made: you finish in {after}."
        if self.end_before is None:
            return f"Re-planned: you finish in {after}."
        months = _months_between(self.end_before, self.end_after)
        if months == 0:
            return f"Re-planned: the end date stays {after}."
        moved = "earlier" if months < 0 else "later"
        return (
            f"Re-planned: you finish in {after}, {planning.months_text(abs(months))} {moved} "
            f"(was {self.end_before:%B %Y})."
        )


# plan_build's `job_ad` default: the plan keeps aiming where it aims (a job ad, or the
# profile's target).
KEEP_TARGET = "keep"


@person_locked
def plan_build(
    *, user, snapshot: Snapshot | None = None, job_ad: JobAd | None | str = KEEP_TARGET
) -> PlanChange:
    """Make or re-make the person's plan from their profile's hours, start month and order,
    from `snapshot` (default: the current one), keeping the items already done. The
    remaining months start today or later (`planning.plan_start`).

    Its target: `job_ad` (one of the person's saved ads), None for the profile's target role
    and seniority, or by default the one it has (the profile's for a new plan). An ad is
    weighed by the postings of the role its title names, else the profile's target role, at
    the seniority its title gives."""
    # The profile row, locked: two requests building one person's first plan take turns.
    profile = (
        Profile.objects.select_for_update(of=("self",))
        .select_related("target_role")
        .filter(user=user)
        .first()
    ) or Profile(user=user)  # never saved yet: its defaults (a plan toward an ad needs none)
    plan = (
        Plan.objects.select_related("user", "role", "snapshot", "job_ad").filter(user=user).first()
    )
    if job_ad == KEEP_TARGET:
        job_ad = plan.job_ad if plan is not None else None
    if job_ad is not None and job_ad.user_id != user.pk:
        raise JobAd.DoesNotExist
    role = (job_ad.role if job_ad is not None else None) or profile.target_role
    if role is None and job_ad is not None:
        raise PlanError(
            "This ad's title names no role we know, and a plan weighs an ad's skills by a "
            "role's postings: choose a target role first, or save the ad with a title that "
            "names its role."
        )
    if role is None:
        raise PlanError("Choose a target role first: the plan is built for a target.")
    snapshot = snapshot or snapshot_current()
    if snapshot is None:
        raise PlanError("No market snapshot is published yet.")
    created = plan is None
    end_before = None if created else _stored_end(plan)
    if created:
        plan = Plan(user=user)
    today = timezone.localdate()
    plan.snapshot = snapshot
    plan.role = role
    plan.seniority = job_ad.seniority if job_ad is not None else profile.target_seniority
    plan.job_ad = job_ad
    plan.hours_per_week = profile.hours_per_week
    plan.starts_on = planning.plan_start(today=today, not_before=profile.start_month)
    plan.save()
    _plan_fill(plan=plan, today=today, not_before=profile.start_month, order=profile.plan_order)
    return PlanChange(
        plan=plan, end_before=end_before, end_after=_stored_end(plan), created=created
    )


@person_locked
def plan_refresh(*, user) -> None:
    """After the person's levels changed (rated on My skills): schedule the items not done
    again from today, on the plan's own snapshot and target; make the plan when the person
    has a target but none yet (no market when they chose it)."""
    plan = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("user", "role", "snapshot")
        .filter(user=user)
        .first()
    )
    profile = profile_for(user=user)
    if plan is None:
        if profile.target_role_id is not None and snapshot_current() is not None:
            plan_build(user=user)
        return
    _plan_fill(
        plan=plan,
        today=timezone.localdate(),
        not_before=profile.start_month,
        order=profile.plan_order,
    )


def _plan_fill(*, plan: Plan, today: date, not_before: date | None, order: str) -> None:
    """Schedule every item not done again, around the done ones, and store the rows and the
    plan's first day."""
    report = plan_report_for(plan=plan)
    done = list(plan.items.filter(done_at__isnull=False).select_related("skill").order_by("order"))
    plan.items.filter(done_at__isnull=True).delete()
    for position, row in enumerate(done, start=1):  # compacting downwards never collides
        if row.order != position:
            row.order = position
            row.save(update_fields=["order"])
    schedule = plan_schedule_for(
        report=report,
        hours_per_week=plan.hours_per_week,
        today=today,
        not_before=not_before,
        order=order,
        done=done,
    )
    plan.starts_on = schedule.start
    plan.planned_at = timezone.now()
    plan.save(update_fields=["starts_on", "planned_at"])
    skills = report.skills_by_slug
    PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            order=len(done) + item.order,
            skill=skills[item.skill],
            from_level=item.from_level,
            to_level=item.to_level,
            hours=item.hours,
            start_month=item.start_month,
            end_month=item.end_month,
            phase=item.phase,
            is_prerequisite=item.is_prerequisite,
        )
        for item in schedule.items
    )


def plan_schedule_for(
    *,
    report: GapReport,
    hours_per_week: int,
    today: date,
    not_before: date | None = None,
    order: str = planning.PROGRESSION,
    done: list[PlanItem] | None = None,
    phases: dict[str, str] | None = None,
) -> planning.Plan:
    """The pure schedule of `report`'s gaps: `hours_per_week`, from today or `not_before`.
    `phases`: the skills' phases when the caller has read them (else one query here)."""
    done = done or []
    goals = [
        planning.Goal(
            g.skill,
            g.name,
            g.current_level,
            g.required_level,
            g.gap_score,
            must_have=not report.is_nice_to_have(g.skill),
        )
        for g in report.result.gaps
    ]
    return planning.plan_schedule(
        goals=goals,
        levels=report.levels,
        step_hours=report.step_hours,
        prerequisites=report.prerequisites,
        hours_per_week=hours_per_week,
        today=today,
        not_before=not_before,
        order=order,
        done=[planning.DoneItem(r.skill.slug, r.from_level, r.to_level) for r in done],
        names={slug: s.name for slug, s in report.skills_by_slug.items()},
        phases=phases if phases is not None else _phases_for(report),
        readiness=lambda levels: report.score(levels).readiness,
    )


# ---- Working through the plan ---------------------------------------------------------------


def _level_of(*, user, skill) -> int:
    row = SkillLevel.objects.filter(user=user, skill=skill).first()
    return row.level if row else 0


def _item_as_stored(*, user, item: PlanItem) -> PlanItem:
    """`item` read again under the person's lock: the request read it before taking the lock,
    and a double click's first request may have checked it off, or a re-plan replaced it,
    since. PlanItem.DoesNotExist when it is gone or anyone else's."""
    return PlanItem.objects.select_related("skill", "plan").get(pk=item.pk, plan__user=user)


@person_locked
def plan_item_check_off(*, user, item: PlanItem) -> PlanItem:
    """Mark `item` done today and raise the skill to its level (history source "plan"). The
    months stay as they are: the item keeps its place, marked done (re-planning from today
    moves the rest up)."""
    item = _item_as_stored(user=user, item=item)
    if item.done_at is not None:
        return item
    before = _level_of(user=user, skill=item.skill)
    item.done_at = timezone.now()
    item.level_before_done = before
    item.save(update_fields=["done_at", "level_before_done"])
    if before < item.to_level:
        skill_level_set(
            user=user, skill=item.skill, level=item.to_level, source=SkillLevelChange.Source.PLAN
        )
    return item


@person_locked
def plan_item_undo(*, user, item: PlanItem) -> PlanItem | None:
    """Undo a check-off: the skill goes back to its level before (history source "undo")
    unless it has changed since. An item checked off since the months were made is simply
    to do again, in its place; one checked off before them is scheduled again with the rest,
    from today, as a new row.

    Returns the same row when it is to do again in its place, None when it was scheduled
    again with the rest: its new row, if any of it is left, is `plan_item_to_do_for`'s
    (read only where a page needs it: an htmx answer shows the re-planned months)."""
    item = _item_as_stored(user=user, item=item)
    if item.done_at is None:
        return item
    now = _level_of(user=user, skill=item.skill)
    before = item.level_before_done
    if before is not None and now == item.to_level and before < now:
        skill_level_set(
            user=user, skill=item.skill, level=before, source=SkillLevelChange.Source.UNDO
        )
    in_its_place = item.done_at >= item.plan.planned_at
    item.done_at = None
    item.level_before_done = None
    item.save(update_fields=["done_at", "level_before_done"])
    if in_its_place:
        return item
    plan_refresh(user=user)
    return None


def plan_item_to_do_for(*, user, skill) -> PlanItem | None:
    """The skill's first row to do on the person's plan (where an undo scheduled it again),
    None when nothing of it is scheduled (its level now is enough). One query."""
    return (
        PlanItem.objects.select_related("skill")
        .filter(plan__user=user, skill=skill, done_at__isnull=True)
        .order_by("order")
        .first()
    )


# ---- A newer market -------------------------------------------------------------------------


@dataclass(frozen=True)
class MarketChange:
    """What a re-plan on the current snapshot (and the profile's target) would change."""

    plan_snapshot: Snapshot
    current: Snapshot
    moves: list[ShareMove]
    readiness_before: float
    readiness_after: float
    end_before: date | None
    end_after: date | None
    target_before: str
    target_after: str
    # The skills whose share before / now is a lower bound: shown "at least", as elsewhere.
    at_least_before: frozenset[str] = frozenset()
    at_least_now: frozenset[str] = frozenset()

    @property
    def target_changed(self) -> bool:
        return self.target_before != self.target_after

    @property
    def market_changed(self) -> bool:
        return self.plan_snapshot.pk != self.current.pk

    @property
    def changes_nothing(self) -> bool:
        """A re-plan would move nothing the person sees: the same target and readiness, and
        nothing to schedule before or after (every item done). It would only adopt the
        current figures into the plan."""
        return (
            not self.target_changed
            and self.readiness_before == self.readiness_after
            and self.end_before is None
            and self.end_after is None
        )

    @property
    def replan_sentence(self) -> str:
        """What a re-plan would change, in words: readiness and finish, or, when it changes
        nothing, that it would only take the plan onto the current figures."""
        if self.changes_nothing:
            figures = "the older figures" if self.market_is_older else "the new figures"
            return (
                f"Nothing changes for you on {figures}: your readiness stays "
                f"{self.readiness_after:.1f}% and nothing is left to schedule. Update the plan to "
                "use them: its gap report then shows their shares, items you have done stay "
                "done, and this notice goes away."
            )
        if self.readiness_before == self.readiness_after:
            readiness = f"keep your readiness at {self.readiness_after:.1f}%"
        else:
            readiness = (
                f"take your readiness from {self.readiness_before:.1f}% to "
                f"{self.readiness_after:.1f}%"
            )
        return f"Re-planning would {readiness} and {self.finish_sentence}."

    @property
    def finish_sentence(self) -> str:
        """How a re-plan would move the finish, in words ending `replan_sentence`'s
        "Re-planning would take your readiness from ... to ... and": with no end on one side
        (every item done, or nothing left to learn) it says so instead of "from now"."""
        before = f"{self.end_before:%B %Y}" if self.end_before else ""
        after = f"{self.end_after:%B %Y}" if self.end_after else ""
        if not before and not after:
            return "leave nothing to schedule"
        if not before:
            return f"schedule what is left to learn, which you would finish in {after}"
        if not after:
            return f"leave nothing to schedule: your plan now ends in {before}"
        if before == after:
            return f"you would still finish in {after}"
        return f"move your finish from {before} to {after}"

    @property
    def market_is_older(self) -> bool:
        """The current figures were analysed before the plan's: the site went back."""
        return self.market_changed and (
            self.current.analysis_date < self.plan_snapshot.analysis_date
        )


def plan_market_change_for(
    *, detail: PlanDetail, profile: Profile, current: Snapshot | None = None
) -> MarketChange | None:
    """None when the plan was made from the current snapshot for the profile's target (or
    for its job ad, which stays its target) and hours; else what re-planning would change
    (share moves, readiness, end date).

    `current`: the current snapshot when the caller has read it already (else read here)."""
    plan = detail.plan
    current = current or snapshot_current()
    if current is None or (profile.target_role is None and plan.job_ad_id is None):
        return None
    same_target = plan.job_ad_id is not None or (
        profile.target_role_id == plan.role_id and profile.target_seniority == plan.seniority
    )
    if current.pk == plan.snapshot_id and same_target:
        return None
    if plan.job_ad_id is not None:
        new_report = plan_report_for(plan=plan, snapshot=current)
    else:
        new_report = gap_report_for(
            user=plan.user,
            role=profile.target_role,
            seniority=profile.target_seniority,
            snapshot=current,
        )
    schedule = plan_schedule_for(
        report=new_report,
        hours_per_week=profile.hours_per_week,
        today=timezone.localdate(),
        not_before=profile.start_month,
        order=profile.plan_order,
        done=detail.done,
    )
    moves = (
        share_moves(
            measured_shares(detail.report.requirements), measured_shares(new_report.requirements)
        )
        if same_target
        else []
    )
    return MarketChange(
        plan_snapshot=plan.snapshot,
        current=current,
        moves=moves,
        readiness_before=detail.report.result.readiness_display,
        readiness_after=new_report.result.readiness_display,
        end_before=detail.schedule.end_date,
        end_after=schedule.end_date,
        target_before=detail.target_label,
        target_after=new_report.target_label,
        at_least_before=lower_bound_names(detail.report.requirements),
        at_least_now=lower_bound_names(new_report.requirements),
    )


# ---- Ahead of or behind the calendar ------------------------------------------------------


@dataclass(frozen=True)
class CatchUp:
    """Items checked off since the months were made (listed once any is ahead of the calendar,
    `planning.done_ahead`, or any is behind), items to do whose last day has passed (behind),
    and the finish a re-plan from today would give (None: nothing left to schedule)."""

    done_since: list[str]
    overdue: list[str]
    end_before: date | None
    end_after: date | None
    scheduled: list[str] = field(default_factory=list)  # what a re-plan would schedule
    left: list[str] = field(default_factory=list)  # the skills of the items still to do

    @property
    def replan_sentence(self) -> str:
        """What re-planning from today would do, in words: with nothing left on today's months
        (`end_before` None) what it would add, not a finish compared with none."""
        after = f"{self.end_after:%B %Y}" if self.end_after else ""
        if not after and not self.left:
            return "Re-planning from today leaves nothing to schedule."
        if not after:
            # Items are left (a finished plan has its own notice), but the levels rated since
            # already reach what they teach.
            return (
                f"Your levels already reach what {names_joined(self.left)} would teach: "
                "re-planning from today takes them off the months and leaves nothing to "
                "schedule."
            )
        if self.end_before is None:
            return (
                f"Every item here is done, but your levels now leave more to learn: "
                f"re-planning from today adds {', '.join(self.scheduled)}, and you would "
                f"finish in {after}."
            )
        lead = "Re-planning from today schedules what is left from now on:"
        if self.end_before == self.end_after:
            return f"{lead} you would still finish in {after}."
        return f"{lead} you would finish in {after} (now {self.end_before:%B %Y})."


def plan_catch_up_for(*, detail: PlanDetail, profile: Profile) -> CatchUp | None:
    """None while the person keeps to the calendar (nothing done ahead of today's month,
    `planning.done_ahead`, and nothing overdue); else what re-planning from today would do
    (a pure schedule of the same report: no query beyond the phases)."""
    today = timezone.localdate()
    ahead = planning.done_ahead(items=detail.schedule.items, grid=detail.schedule.grid, today=today)
    if not ahead and not detail.overdue:
        return None
    done_since = [row.skill.name for row in detail.done_since_planned]
    schedule = plan_schedule_for(
        report=detail.report,
        hours_per_week=detail.plan.hours_per_week,
        today=today,
        not_before=profile.start_month,
        order=profile.plan_order,
        done=detail.done,
        phases=detail.phases,
    )
    scheduled = [item.name for item in schedule.items if not item.done]
    left = list(dict.fromkeys(item.name for item in detail.schedule.items if not item.done))
    return CatchUp(
        done_since, detail.overdue, detail.schedule.end_date, schedule.end_date, scheduled, left
    )


# ---- Share links ----------------------------------------------------------------------------


def share_link_active_for(*, user) -> ShareLink | None:
    return ShareLink.objects.filter(user=user, revoked_at__isnull=True).first()


@person_locked
def share_link_create(*, user) -> ShareLink:
    """The person's read-only link (an unguessable token); the existing one if active (the
    database holds at most one active link per person; the person's lock makes a second
    request wait until the first has made it)."""
    return share_link_active_for(user=user) or ShareLink.objects.create(user=user)


@person_locked
def share_link_revoke(*, user) -> int:
    """Revoke every active link of the person; returns how many."""
    return ShareLink.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def shared_plan_for(*, token: str) -> tuple[Profile, PlanDetail]:
    """The profile and plan behind an active share token; ShareLink.DoesNotExist otherwise
    (unknown, revoked, or no plan yet)."""
    link = ShareLink.objects.select_related("user").get(token=token, revoked_at__isnull=True)
    plan = plan_active_for(user=link.user)
    if plan is None:
        raise ShareLink.DoesNotExist
    return profile_for(user=link.user), plan_detail_for(plan=plan, for_visitor=True)


# ---- Helpers --------------------------------------------------------------------------------


def _day_text(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _day_html(day: date) -> SafeString:
    """A day in words that a line never breaks inside ("1 December 2026")."""
    return nowrap(_day_text(day))


def _stored_end(plan: Plan) -> date | None:
    last = plan.items.filter(done_at__isnull=True).order_by("-end_month").first()
    return planning.month_end(plan.starts_on, last.end_month) if last else None


def _months_between(before: date, after: date) -> int:
    return (after.year - before.year) * 12 + after.month - before.month


def _start_levels(levels: dict[str, int], done: list[PlanItem]) -> dict[str, int]:
    start = dict(levels)
    for row in done:
        start[row.skill.slug] = max(start.get(row.skill.slug, 0), row.to_level)
    return start


def _phases_for(report: GapReport) -> dict[str, str]:
    """Each skill's phase: the first seed timeline phase that lists it, else by category."""
    timeline: dict[str, str] = {}
    links = TimelineItem.skills.through.objects.order_by(
        "timelineitem__phase__start_month", "timelineitem__order"
    ).values_list("skill__slug", "timelineitem__phase__title")
    for skill_slug, title in links:
        timeline.setdefault(skill_slug, _phase_title(title))
    return {
        slug: planning.phase_for(skill=slug, category=skill.category, timeline=timeline)
        for slug, skill in report.skills_by_slug.items()
    }


def _phase_title(title: str) -> str:
    """The seed's phase words, whatever the stored spelling ("Specialisation")."""
    lowered = title.lower()
    for phase in planning.PHASES:
        if lowered.startswith(phase.lower()[:8]):
            return phase
    return title


def _resources_for(slugs: set[str]) -> dict[str, list[planning.Resource]]:
    found: dict[str, list[planning.Resource]] = {}
    for r in LearningResource.objects.filter(skill__slug__in=slugs).select_related("skill"):
        found.setdefault(r.skill.slug, []).append(
            planning.Resource(r.title, r.url, r.min_level, r.max_level)
        )
    return found


def _planned_item(
    row: PlanItem,
    report: GapReport,
    phases: dict[str, str],
    resources: dict[str, list[planning.Resource]],
    needed_by: tuple[str, ...] = (),
    in_nice_to_haves_pass: bool = False,
) -> planning.PlannedItem:
    slug = row.skill.slug
    steps = report.step_hours.get(slug, {})
    step_hours = tuple(steps.get(lvl, 0) for lvl in range(row.from_level + 1, row.to_level + 1))
    return planning.PlannedItem(
        order=row.order,
        skill=slug,
        name=row.skill.name,
        from_level=row.from_level,
        to_level=row.to_level,
        required_level=row.from_level if row.is_prerequisite else row.to_level,
        hours=row.hours,
        is_prerequisite=row.is_prerequisite,
        gap_score=0.0,
        phase=row.phase or phases.get(slug, ""),
        done=row.done_at is not None,
        resources=tuple(
            r for r in resources.get(slug, ()) if r.serves(row.from_level, row.to_level)
        ),
        step_hours=step_hours,
        nice_to_have=report.is_nice_to_have(slug),
        needed_by=needed_by,
        in_nice_to_haves_pass=in_nice_to_haves_pass,
    )
