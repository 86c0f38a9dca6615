"""Learning-plan scheduling: which level steps to learn, in which order, in which month.

Pure Python, no Django: `assessments.services.plans` turns gap reports into `Goal`s and the
result back into rows.

The method, in full:

* **Items.** One item per skill: the whole run of level steps from the person's level up to
  the level the plan needs ("PyTorch 1 -> 3, 55 h" is one item, not two). A skill is learned
  in one sitting, so each gap is scheduled exactly once and a calendar shows one event per
  skill. The level a skill is taken to is the higher of the level the target requires and
  the highest `min_level` any dependant in the plan needs of it.
* **Levels.** The starting level of a skill is the highest of the person's level and the
  `to_level` of any item already done (done items take no capacity: they are finished).
* **Prerequisites.** `prerequisites[skill] = {prerequisite: min_level}` (min_level defaults to
  `DEFAULT_PREREQUISITE_LEVEL` = 2 when 0/None). A prerequisite whose level is below its
  min_level gets an item too, transitively; when the target does not ask for any of the
  item's steps the item is marked `is_prerequisite`. Cycles in the graph are broken where
  they are met (the later edge is ignored).
* **Value.** An item's value is the readiness it gains per hour: its gap score (readiness
  points are the gap score over the target's total weight) over the hours to the required
  level. Prerequisites added for a dependant have no value of their own.
* **Order "progression"** (the default, `PROGRESSION`): the must-haves first, then the
  nice-to-haves (a job ad's `Goal.must_have` False; a role's requirements are all
  must-haves), each tier the seed's "Learning Priorities by Timeline", phase by phase -
  Foundations, ML Fundamentals, Deep Learning, Specialization, then skills with no phase. An
  item a must-have needs (directly or through other prerequisites) is of the must-haves'
  tier, a nice-to-have too (`must_have_dependants` names who needs it), and such a
  nice-to-have is placed as a prerequisite is (right before the first item that needs it),
  not by its own value; an item only nice-to-haves need is of theirs. Within a phase: items
  by value, largest first (ties by skill slug), each preceded by its unfinished
  prerequisites (depth first, the same order) **and by the items of its own phase and tier
  it builds on**: a prerequisite whose min_level the person meets but that the plan raises
  anyway (Model serving 0 -> 4 and Docker 3 -> 4: Docker first, to the level the target asks;
  no hour is added, and an item of a later phase or tier is not waited for); then the phase's
  items without value, the same way. A skill's phase comes from `phases` (see `phase_for`).
  **A prerequisite in a later phase than an item that needs it** (say Docker,
  Specialization, needed by a Foundations skill) **is brought forward**: it is learned in
  the earliest phase of the items that need it, directly or through other prerequisites,
  and is shown in that phase (an item of its own tier: a later tier comes after anyway). So
  a prerequisite always ends before its dependant starts, and the items' phases (and the
  months' phases) never go back within a tier: a plan toward a job ad with nice-to-haves
  goes through the phases twice, once for its must-haves and once for its nice-to-haves.
* **Order "quickest"** (`QUICKEST`, "Quickest readiness gain"): the same rule with every item
  in one group, must-haves and nice-to-haves alike (a nice-to-have's value is its own
  readiness per hour, which its lighter weight already lowers): items by value across the
  whole plan, each preceded by its prerequisites and by every item of the plan it builds on;
  each item shows its own phase (nothing is brought forward).
* **Start.** A plan starts on `plan_start(today, not_before)`: the first day of `not_before`'s
  month when that is after today (a start month the person chose), else today - unless fewer
  than `MIN_DAYS_LEFT` (7) days of this month are left, then on the 1st of next month. It
  never starts in the past.
* **Months.** A full month holds hours per week x 52 / 12 hours (10 h/week -> 43 1/3 h).
  Month 1 holds that share of it that its days from the start are of its days: starting on
  20 January, 12 of 31 days, 10 h/week -> 43 1/3 x 12 / 31 = 16.8 h. Month m then covers the
  hours [opens(m), opens(m + 1)) of one stream of hours. Hours are exact fractions, never
  rounded.
* **Slices.** Items run on that stream in order, each starting where the last one ended, so
  no month holds more than its hours, except that no item gets a slice under
  `MIN_SLICE_HOURS` (2 h) in a month: an item that does not fit whole in what is left of a
  month and would get under 2 h there starts at the next month instead (the rest of the month
  stays free); an item whose last month would get under 2 h starts that much later in its
  first month (the hours before it stay free), or at the next month when its first slice
  would then be under 2 h. An item shorter than 2 h is never split. So a month other than
  the last has under 4 h free (2 x the minimum: room an item could not be cut into two
  slices of 2 h for). If month 1 would then hold no item at all, the plan starts on the 1st
  of the next month instead.
* **Hours add up.** Total = sum over goals short of their level of the hours from their
  starting level to the required level, plus, for every item, the hours of its steps above
  max(required level, starting level) (steps only a dependant needs).
* **Phase of a month**: the phase holding most of the month's hours; ties go to the phase met
  first in the month; none when no item has one. A job ad's nice-to-haves' pass in the
  progression order (the items no must-have needs, `nice_to_haves_pass`: its phases start
  again at Foundations; the quickest order has one pass) is named as such, "Nice-to-haves ·
  Foundations", and a month holding both passes names each pass's phase (`PlanMonth.phases`,
  in plan order): "Specialization", then "Nice-to-haves · Foundations".
* **Readiness at a month's end**: `readiness(levels)` with every level step finished by then
  (an item's steps are learned in order, each taking its step hours).
* **Days.** The hour `h` into the plan falls in month m = the month whose hours hold it, on
  the day as far through the month's days as `h` is through its hours (`MonthGrid.date_at`);
  an item's first day is that of its first hour, its last day that of its last (a month
  boundary closes the month before). Every export uses these days.
* **Ahead of the calendar** (`done_ahead`): an item checked off whose first month comes
  after today's month (any item checked off before the plan's first day). Work of the
  current month, done early in it, is not ahead: the calendar asks for it this month.
"""

import calendar
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from fractions import Fraction
from math import ceil, floor

from assessments.scoring import LEVEL_NAMES, decimal_text, readiness_shown


def months_text(months: int) -> str:
    """A number of months as a person reads it: "1 month", "23 months"; from
    `YEARS_FROM_MONTHS` (24) months on, in years and months: "2 years", "13 years 6 months"
    (162 months is easier to take in as 13 1/2 years)."""
    if months < YEARS_FROM_MONTHS:
        return f"{months} month" if months == 1 else f"{months} months"
    years, rest = divmod(months, MONTHS_PER_YEAR)
    text = f"{years} years"
    if rest:
        text += f" {rest} month" if rest == 1 else f" {rest} months"
    return text


WEEKS_PER_YEAR = 52
MONTHS_PER_YEAR = 12
YEARS_FROM_MONTHS = 24  # from two years on, a duration is said in years and months
# A plan longer than this is said to run long, beside its duration, with what shortens it.
LONG_PLAN_MONTHS = 24
MAX_HOURS_PER_WEEK = 60  # the most a person may give a plan (the forms' and profile's cap)

DEFAULT_PREREQUISITE_LEVEL = 2
MAX_LEVEL = 5
MIN_SLICE_HOURS = 2  # no item gets less than this in a month (unless it is shorter)
MIN_DAYS_LEFT = 7  # with fewer days left in this month, a plan starts next month

# The two orders a person can choose.
PROGRESSION = "progression"
QUICKEST = "quickest"
ORDERS = (PROGRESSION, QUICKEST)

# The seed's "Learning Priorities by Timeline", in its words.
FOUNDATIONS = "Foundations"
ML_FUNDAMENTALS = "ML Fundamentals"
DEEP_LEARNING = "Deep Learning"
SPECIALIZATION = "Specialization"
PHASES = (FOUNDATIONS, ML_FUNDAMENTALS, DEEP_LEARNING, SPECIALIZATION)
NICE_TO_HAVES_PASS = "Nice-to-haves"  # a month's phase label in a job ad's second pass

# A skill's phase when the seed timeline does not list it: by taxonomy category.
CATEGORY_PHASES: Mapping[str, str] = {
    "language": FOUNDATIONS,  # Python, SQL
    "data": FOUNDATIONS,  # NumPy, Pandas, Matplotlib, BigQuery...
    "fundamentals": FOUNDATIONS,  # statistics, linear algebra
    "framework": ML_FUNDAMENTALS,  # scikit-learn, TensorFlow/Keras
    "cloud": SPECIALIZATION,  # Path A: AWS SageMaker
    "infrastructure": SPECIALIZATION,  # Path A: Docker & Kubernetes, MLOps tools, serving
    "genai": SPECIALIZATION,  # Path B: OpenAI API, LangChain, vector databases, RAG
    "practice": SPECIALIZATION,  # Path C: papers, Kaggle, open source
}
# Skills the seed timeline names (or that belong with what it names) outside their
# category's phase: "Month 4-6: ML Fundamentals" holds scikit-learn, TensorFlow/Keras, model
# evaluation and feature engineering; "Month 7-9: Deep Learning" neural networks, PyTorch,
# transfer learning and model optimisation; Git/GitHub is a Foundation.
SKILL_PHASES: Mapping[str, str] = {
    "git": FOUNDATIONS,
    "machine-learning": ML_FUNDAMENTALS,
    "scikit-learn": ML_FUNDAMENTALS,
    "tensorflow": ML_FUNDAMENTALS,
    "keras": ML_FUNDAMENTALS,
    "model-evaluation": ML_FUNDAMENTALS,
    "feature-engineering": ML_FUNDAMENTALS,
    "pytorch": DEEP_LEARNING,
    "deep-learning": DEEP_LEARNING,
    "transfer-learning": DEEP_LEARNING,
    "model-optimization": DEEP_LEARNING,
    "computer-vision": DEEP_LEARNING,
    "nlp": DEEP_LEARNING,
    "hugging-face": DEEP_LEARNING,
    "distributed-training": DEEP_LEARNING,
    # Distributed data processing and streaming build on SQL and Python: data engineering,
    # learned after the fundamentals with the pipelines (Airflow), not as a Foundation.
    "spark": SPECIALIZATION,
    "databricks": SPECIALIZATION,
    "hadoop": SPECIALIZATION,
    "hive": SPECIALIZATION,
    "kafka": SPECIALIZATION,
}


def phase_for(*, skill: str, category: str, timeline: Mapping[str, str] | None = None) -> str:
    """A skill's phase: the seed timeline's own listing (`timeline`, slug -> phase title)
    first, then `SKILL_PHASES`, then its category (`CATEGORY_PHASES`), else ""."""
    if timeline and skill in timeline:
        return timeline[skill]
    return SKILL_PHASES.get(skill) or CATEGORY_PHASES.get(category, "")


def phase_rank(phase: str) -> int:
    """Position of a phase in the progression; a skill with no (known) phase comes last."""
    return PHASES.index(phase) if phase in PHASES else len(PHASES)


@dataclass(frozen=True)
class Goal:
    """One skill the target asks for (a `scoring.SkillGap`, reduced to what planning needs)."""

    skill: str
    name: str
    current_level: int
    required_level: int
    gap_score: float
    must_have: bool = True  # False: a job ad's nice-to-have (a role's requirements all are)


@dataclass(frozen=True)
class Resource:
    title: str
    url: str
    min_level: int = 0
    max_level: int = MAX_LEVEL

    def serves(self, from_level: int, to_level: int) -> bool:
        """Whether it helps a learner going from `from_level` to `to_level`."""
        return self.min_level < to_level and self.max_level > from_level


@dataclass(frozen=True)
class DoneItem:
    skill: str
    from_level: int
    to_level: int
    name: str = ""
    hours: int = 0


@dataclass(frozen=True)
class PlannedItem:
    order: int  # 1-based position in the plan
    skill: str
    name: str
    from_level: int
    to_level: int
    required_level: int  # what the target asks (<= from_level for a pure prerequisite)
    hours: int
    is_prerequisite: bool
    gap_score: float
    phase: str  # the phase it is learned in (a prerequisite brought forward: the earlier one)
    resources: tuple[Resource, ...] = ()
    step_hours: tuple[int, ...] = ()  # hours of each step from_level+1 .. to_level
    # Where it lies on the month grid (`plan_lay_out`): hours into the plan, months.
    start_offset_hours: Fraction = Fraction(0)
    start_month: int = 1  # 1 = the plan's first month
    end_month: int = 1
    done: bool = False  # checked off since the schedule was made: it keeps its place
    nice_to_have: bool = False  # a job ad's nice-to-have (`Goal.must_have` False)
    # A nice-to-have learned with the must-haves: the names of those that build on it.
    needed_by: tuple[str, ...] = ()
    # Of a job ad's nice-to-haves' pass (progression only): no must-have needs it.
    in_nice_to_haves_pass: bool = False

    @property
    def phase_label(self) -> str:
        """The phase as a month names it: "Nice-to-haves · Foundations" in the nice-to-haves'
        pass (whose phases start again after the must-haves'), else the phase alone."""
        if not self.in_nice_to_haves_pass:
            return self.phase
        return f"{NICE_TO_HAVES_PASS} · {self.phase}" if self.phase else NICE_TO_HAVES_PASS

    @property
    def needed_by_text(self) -> str:
        """Why a nice-to-have comes with the must-haves: "A nice-to-have, learned with the
        must-haves: MLflow and Airflow, must-haves, build on it." ("" when none needs it)."""
        names = self.needed_by
        if not names:
            return ""
        if len(names) == 1:
            return (
                f"A nice-to-have, learned with the must-haves: {names[0]}, a must-have, "
                "builds on it."
            )
        joined = f"{', '.join(names[:-1])} and {names[-1]}"
        return f"A nice-to-have, learned with the must-haves: {joined}, must-haves, build on it."

    @property
    def end_offset_hours(self) -> Fraction:
        return self.start_offset_hours + self.hours

    @property
    def from_name(self) -> str:
        return LEVEL_NAMES[self.from_level]

    @property
    def to_name(self) -> str:
        return LEVEL_NAMES[self.to_level]

    @property
    def extra_hours(self) -> int:
        """Hours of the steps above the required level: learned only for a dependant."""
        levels = range(self.from_level + 1, self.to_level + 1)
        return sum(
            h
            for level, h in zip(levels, self.step_hours, strict=True)
            if level > self.required_level
        )


def monthly_capacity(hours_per_week: int) -> Fraction:
    """Hours per month = hours per week x 52 / 12."""
    return Fraction(hours_per_week * WEEKS_PER_YEAR, MONTHS_PER_YEAR)


def month_start(start: date, index: int) -> date:
    """First day of the calendar month `index` (1-based) counted from `start`'s month."""
    months = start.year * 12 + start.month - 1 + index - 1
    return date(months // 12, months % 12 + 1, 1)


def month_end(start: date, index: int) -> date:
    first = month_start(start, index)
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def days_left_in_month(day: date) -> int:
    """Days from `day` to the end of its month, both counted (the 29th of 31: 3)."""
    return calendar.monthrange(day.year, day.month)[1] - day.day + 1


def plan_start(*, today: date, not_before: date | None = None) -> date:
    """The plan's first day: the 1st of `not_before`'s month when that is after `today`,
    else today, or the 1st of next month when fewer than `MIN_DAYS_LEFT` days are left."""
    if not_before is not None and not_before.replace(day=1) > today:
        return not_before.replace(day=1)
    if days_left_in_month(today) < MIN_DAYS_LEFT:
        return month_start(today, 2)
    return today


@dataclass(frozen=True)
class MonthGrid:
    """The plan's months: month 1 from `start` to the end of its month (its hours prorated to
    those days), then whole calendar months of `capacity` hours each."""

    start: date
    capacity: Fraction  # hours of a whole month

    @classmethod
    def of(cls, *, start: date, hours_per_week: int) -> "MonthGrid":
        return cls(start=start, capacity=monthly_capacity(hours_per_week))

    @property
    def first_capacity(self) -> Fraction:
        """Month 1's hours: `capacity` x its days from the start / the month's days."""
        days = calendar.monthrange(self.start.year, self.start.month)[1]
        return self.capacity * days_left_in_month(self.start) / days

    @property
    def is_prorated(self) -> bool:
        return self.start.day != 1

    def first_day(self, index: int) -> date:
        return self.start if index == 1 else month_start(self.start, index)

    def last_day(self, index: int) -> date:
        return month_end(self.start, index)

    def days(self, index: int) -> int:
        return (self.last_day(index) - self.first_day(index)).days + 1

    def capacity_of(self, index: int) -> Fraction:
        return self.first_capacity if index == 1 else self.capacity

    def opens(self, index: int) -> Fraction:
        """Hours into the plan at which month `index` begins."""
        return Fraction(0) if index == 1 else self.first_capacity + self.capacity * (index - 2)

    def month_at(self, hour: Fraction, *, closing: bool = False) -> int:
        """The month holding the instant `hour`; with `closing`, an instant on a month
        boundary belongs to the month it closes (an item's end), not the one it opens."""
        first = self.first_capacity
        if hour < first or (closing and hour <= first):
            return 1
        into = (hour - first) / self.capacity
        return 2 + (ceil(into) - 1 if closing else floor(into))

    def date_at(self, hour: Fraction, *, closing: bool = False) -> date:
        """The calendar day `hour` hours into the plan: as far through its month's days as
        the hour is through the month's hours. With `closing`, the day of the last hour
        before the instant (an item's last day)."""
        index = self.month_at(hour, closing=closing)
        share = (hour - self.opens(index)) / self.capacity_of(index) * self.days(index)
        day = max(0, ceil(share) - 1) if closing else floor(share)
        return self.first_day(index) + timedelta(days=min(day, self.days(index) - 1))


@dataclass(frozen=True)
class ItemPortion:
    item: PlannedItem
    hours: Fraction  # hours of the item inside this month
    month: int

    @property
    def hours_text(self) -> str:
        return decimal_text(self.hours)

    @property
    def starts_here(self) -> bool:
        return self.item.start_month == self.month

    @property
    def ends_here(self) -> bool:
        return self.item.end_month == self.month


@dataclass(frozen=True)
class PlanMonth:
    index: int  # 1-based
    start: date
    end: date
    capacity: Fraction
    hours_used: Fraction
    portions: tuple[ItemPortion, ...]
    phases: tuple[str, ...]  # one per pass the month holds, must-haves' first (`_phases`)
    resources: tuple[Resource, ...]  # of the items still to do
    readiness: float | None  # projected, at the month's end

    @property
    def phase(self) -> str:
        """The month's phases in one line: "Specialization, then Nice-to-haves · Foundations"."""
        return ", then ".join(self.phases)

    @property
    def hours_used_text(self) -> str:
        return decimal_text(self.hours_used)

    @property
    def capacity_text(self) -> str:
        return decimal_text(self.capacity)

    @property
    def readiness_text(self) -> str:
        return "" if self.readiness is None else decimal_text(readiness_shown(self.readiness))

    @property
    def load_values(self) -> tuple[str, str]:
        """(hours used, capacity) to two decimals, for a <progress> element's value and max."""
        return decimal_text(self.hours_used, 2), decimal_text(self.capacity, 2)


@dataclass(frozen=True)
class Plan:
    start: date
    hours_per_week: int
    capacity: Fraction  # hours of a whole month
    items: tuple[PlannedItem, ...]
    months: tuple[PlanMonth, ...]
    done: tuple[DoneItem, ...] = ()
    readiness_start: float | None = None
    order: str = PROGRESSION

    @property
    def grid(self) -> MonthGrid:
        return MonthGrid(start=self.start, capacity=self.capacity)

    @property
    def capacity_text(self) -> str:
        return decimal_text(self.capacity)

    @property
    def first_capacity_text(self) -> str:
        return decimal_text(self.grid.first_capacity)

    @property
    def total_hours(self) -> int:
        """Hours still to learn (items checked off since the schedule was made excluded)."""
        return sum(item.hours for item in self.items if not item.done)

    @property
    def prerequisite_hours(self) -> int:
        """Of `total_hours`, those the target does not ask for itself: prerequisite items and
        steps above a required level that only a dependant needs."""
        return sum(item.extra_hours for item in self.items if not item.done)

    @property
    def requirement_hours(self) -> int:
        """Of `total_hours`, those that close the target's own gaps (the gap report's hours)."""
        return self.total_hours - self.prerequisite_hours

    @property
    def duration_months(self) -> int:
        """Months until the last item still to do ends (0 when nothing is left)."""
        return max((item.end_month for item in self.items if not item.done), default=0)

    @property
    def end_date(self) -> date | None:
        """The last day of the month the last item still to do ends in."""
        months = self.duration_months
        return self.months[months - 1].end if months else None


def plan_schedule(
    *,
    goals: Iterable[Goal],
    levels: Mapping[str, int],
    step_hours: Mapping[str, Mapping[int, int]],
    prerequisites: Mapping[str, Mapping[str, int | None]],
    hours_per_week: int,
    today: date,
    not_before: date | None = None,
    order: str = PROGRESSION,
    done: Iterable[DoneItem] = (),
    names: Mapping[str, str] | None = None,
    phases: Mapping[str, str] | None = None,
    resources: Mapping[str, Iterable[Resource]] | None = None,
    readiness: Callable[[Mapping[str, int]], float] | None = None,
) -> Plan:
    """Schedule the goals month by month (method in the module docstring).

    `levels`: the person's current levels (any skill, missing = 0); `step_hours[skill][level]`:
    hours to climb into `level` from `level - 1`; `today` and `not_before` (a start month the
    person chose) give the start (`plan_start`); `order`: `PROGRESSION` or `QUICKEST`;
    `names`/`phases`/`resources` by skill slug; `readiness(levels) -> 0..100` projects
    readiness (e.g. `scoring.gap_score(...).readiness`).
    """
    if hours_per_week < 1:
        raise ValueError("hours_per_week must be at least 1.")
    if order not in ORDERS:
        raise ValueError(f"Unknown order {order!r}: one of {', '.join(ORDERS)}.")
    done = tuple(done)
    goals_by_skill = _goals_by_skill(goals)
    names = {**{g.skill: g.name for g in goals_by_skill.values()}, **(names or {})}
    phases = phases or {}
    resources = resources or {}

    base = {skill: max(0, min(MAX_LEVEL, int(level))) for skill, level in levels.items()}
    for goal in goals_by_skill.values():
        base[goal.skill] = max(base.get(goal.skill, 0), goal.current_level)
    for item in done:
        base[item.skill] = max(base.get(item.skill, 0), item.to_level)

    targets = _target_levels(goals_by_skill, base, prerequisites)
    hours_of = {s: _steps(step_hours, s, base.get(s, 0), t) for s, t in targets.items()}
    value = {
        s: (g.gap_score / sum(hours_of[s][: g.required_level - base.get(s, 0)]))
        if s in targets and g.required_level > base.get(s, 0)
        else 0.0
        for s, g in goals_by_skill.items()
    }
    needs = unmet_prerequisites(levels={s: base.get(s, 0) for s in targets},
                                prerequisites=prerequisites)  # fmt: skip
    # A prerequisite whose min_level is met but that the plan raises anyway: what the item's
    # higher steps build on (Docker 3 -> 4 for Model serving 0 -> 4), learned first in a group.
    builds_on = {
        s: sorted(
            p for p in prerequisites.get(s, {}) if p in targets and p != s and p not in needs[s]
        )
        for s in targets
    }
    tier = _tiers(targets, needs, goals_by_skill)
    if order == PROGRESSION:
        learned_in = _learning_phases(targets, needs, phases, tier)
        group = {s: (tier[s], phase_rank(learned_in[s])) for s in targets}
        # A nice-to-have among the must-haves is there for them: it comes right before the
        # first that needs it, as a prerequisite does, not by its own value.
        value = {
            s: 0.0 if tier.get(s) == 0 and not goals_by_skill[s].must_have else v
            for s, v in value.items()
        }
    else:  # one group; each item shows its own phase
        learned_in = {s: phases.get(s, "") for s in targets}
        group = dict.fromkeys(targets, (0, 0))

    items: list[PlannedItem] = []
    for position, skill in enumerate(_order(targets, needs, builds_on, value, group), start=1):
        goal = goals_by_skill.get(skill)
        from_level, to_level = base.get(skill, 0), targets[skill]
        required = goal.required_level if goal else from_level
        steps = tuple(hours_of[skill])
        items.append(
            PlannedItem(
                order=position,
                skill=skill,
                name=names.get(skill, skill),
                from_level=from_level,
                to_level=to_level,
                required_level=required,
                hours=sum(steps),
                is_prerequisite=required <= from_level,
                gap_score=goal.gap_score if goal and required > from_level else 0.0,
                phase=learned_in[skill],
                resources=tuple(
                    r for r in resources.get(skill, ()) if r.serves(from_level, to_level)
                ),
                step_hours=steps,
                nice_to_have=goal is not None and not goal.must_have,
                in_nice_to_haves_pass=order == PROGRESSION and tier[skill] == 1,
            )
        )

    grid = MonthGrid.of(start=plan_start(today=today, not_before=not_before),
                        hours_per_week=hours_per_week)  # fmt: skip
    placed = plan_lay_out(items=items, grid=grid)
    if placed and placed[0].start_month > 1:  # month 1 too short for the first item
        grid = MonthGrid(start=month_start(grid.start, 2), capacity=grid.capacity)
        placed = plan_lay_out(items=items, grid=grid)
    return Plan(
        start=grid.start,
        hours_per_week=hours_per_week,
        capacity=grid.capacity,
        items=placed,
        months=plan_months(items=placed, grid=grid, levels=base, readiness=readiness),
        done=done,
        readiness_start=readiness(dict(base)) if readiness else None,
        order=order,
    )


def _goals_by_skill(goals: Iterable[Goal]) -> dict[str, Goal]:
    by_skill: dict[str, Goal] = {}
    for goal in goals:
        seen = by_skill.get(goal.skill)
        if seen is None or (goal.required_level, goal.gap_score) > (
            seen.required_level,
            seen.gap_score,
        ):
            by_skill[goal.skill] = goal
    return by_skill


def _target_levels(
    goals: Mapping[str, Goal],
    base: Mapping[str, int],
    prerequisites: Mapping[str, Mapping[str, int | None]],
) -> dict[str, int]:
    """Level each skill in the plan is taken to: required, raised to what dependants need."""
    targets = {
        s: min(MAX_LEVEL, g.required_level)
        for s, g in sorted(goals.items())
        if g.required_level > base.get(s, 0)
    }
    pending = sorted(targets)
    while pending:
        skill = pending.pop()
        for prereq, min_level in sorted(prerequisites.get(skill, {}).items()):
            need = min(MAX_LEVEL, min_level or DEFAULT_PREREQUISITE_LEVEL)
            if prereq == skill or base.get(prereq, 0) >= need:
                continue
            if prereq not in targets:
                pending.append(prereq)
            targets[prereq] = max(targets.get(prereq, 0), need)
    return targets


def _steps(step_hours: Mapping[str, Mapping[int, int]], skill: str, frm: int, to: int) -> list:
    hours = []
    for level in range(frm + 1, to + 1):
        value = step_hours.get(skill, {}).get(level)
        if value is None or value < 1:
            raise ValueError(f"No hours for {skill} step to level {level}.")
        hours.append(int(value))
    return hours


def _tiers(
    targets: Mapping[str, int], needs: Mapping[str, list[str]], goals: Mapping[str, Goal]
) -> dict[str, int]:
    """0 for the must-haves and every item one needs (directly or through other
    prerequisites), 1 for the rest: the nice-to-haves and what only they need."""
    second = nice_to_haves_pass(
        skills=targets,
        must_haves=[s for s in targets if s in goals and goals[s].must_have],
        prerequisites=needs,
    )
    return {s: 1 if s in second else 0 for s in targets}


def _learning_phases(
    targets: Mapping[str, int],
    needs: Mapping[str, list[str]],
    phases: Mapping[str, str],
    tier: Mapping[str, int],
) -> dict[str, str]:
    """The phase each item is learned in: its own, or the earliest phase of an item of its
    tier that needs it (directly or through other prerequisites), whichever comes first. (An
    item of a later tier comes after the whole tier anyway.)"""
    learned_in = {s: phases.get(s, "") for s in targets}
    changed = True
    while changed:  # ranks only fall, so this ends
        changed = False
        for skill in sorted(targets):
            for prereq in needs[skill]:
                if tier[skill] == tier[prereq] and phase_rank(learned_in[skill]) < phase_rank(
                    learned_in[prereq]
                ):
                    learned_in[prereq] = learned_in[skill]
                    changed = True
    return learned_in


def unmet_prerequisites(
    *, levels: Mapping[str, int], prerequisites: Mapping[str, Mapping[str, int | None]]
) -> dict[str, list[str]]:
    """For each skill of the plan (`levels`: each skill's level where the plan starts it, its
    item's from-level): its prerequisites of the plan whose min_level that level does not
    meet, by slug - what the schedule waits for (`plan_schedule`'s tiers and order) and what
    a saved plan's nice-to-haves' pass is read from (`nice_to_haves_pass`), so both agree. A
    link whose min_level the person meets is no need (Kubernetes at 1 for Model serving)."""
    return {
        s: sorted(
            p
            for p, m in prerequisites.get(s, {}).items()
            if p in levels and p != s and levels[p] < (m or DEFAULT_PREREQUISITE_LEVEL)
        )
        for s in levels
    }


def must_have_dependants(
    *,
    skills: Sequence[str],
    nice_to_haves: Iterable[str],
    prerequisites: Mapping[str, Mapping[str, int | None]],
) -> dict[str, tuple[str, ...]]:
    """For each nice-to-have among the plan's `skills` (slugs, in plan order): the must-haves
    of the plan that need it, directly or through other skills of the plan, in plan order -
    why progression learns it with the must-haves. A must-have is a skill of the plan that is
    no nice-to-have (its pure prerequisites included: each is there for a must-have or a
    nice-to-have, and one a must-have needs is of the must-haves' tier too)."""
    nice = set(nice_to_haves)
    in_plan = set(skills)

    def reaches(skill: str) -> set[str]:
        seen: set[str] = set()
        stack = [skill]
        while stack:
            for prereq in prerequisites.get(stack.pop(), {}):
                if prereq in in_plan and prereq not in seen:
                    seen.add(prereq)
                    stack.append(prereq)
        return seen

    found: dict[str, list[str]] = {}
    for skill in skills:
        if skill in nice:
            continue
        for prereq in sorted(reaches(skill) & nice):
            found.setdefault(prereq, []).append(skill)
    return {n: tuple(found[n]) for n in skills if n in found}


def nice_to_haves_pass(
    *,
    skills: Iterable[str],
    must_haves: Iterable[str],
    prerequisites: Mapping[str, Iterable[str]],
) -> frozenset[str]:
    """The plan's `skills` (slugs) of its nice-to-haves' pass: each that is no must-have and
    that no must-have of the plan needs, directly or through other skills of the plan (the
    second tier of `_tiers`: a job ad's nice-to-haves and what only they need). Give it the
    plan's `unmet_prerequisites`, as the schedule does, so a saved plan reads the same pass."""
    in_plan = set(skills)
    needed = in_plan & set(must_haves)
    pending = sorted(needed)
    while pending:
        for prereq in prerequisites.get(pending.pop(), {}):
            if prereq in in_plan and prereq not in needed:
                needed.add(prereq)
                pending.append(prereq)
    return frozenset(in_plan - needed)


def _order(
    targets: Mapping[str, int],
    needs: Mapping[str, list[str]],
    builds_on: Mapping[str, list[str]],
    value: Mapping[str, float],
    group: Mapping[str, tuple[int, int]],
) -> list[str]:
    """Group by group ((tier, phase), or one group): items with value by value, then the
    rest, each preceded by its unfinished prerequisites and by the items of its own group it
    builds on (`builds_on`: prerequisites met but raised by the plan). A prerequisite's group
    is never after its dependant's (`_tiers`, `_learning_phases`), so earlier groups have
    placed it already; an item built on from a later group is not waited for."""

    def rank(skill: str) -> tuple[float, str]:
        return (-value.get(skill, 0.0), skill)

    placed: list[str] = []
    seen: set[str] = set()

    def place(skill: str) -> None:
        if skill in seen:
            return
        seen.add(skill)  # marks it before its prerequisites, so a cycle stops here
        first = needs[skill] + [p for p in builds_on[skill] if group[p] == group[skill]]
        for prereq in sorted(first, key=rank):
            place(prereq)
        placed.append(skill)

    for current in sorted(set(group.values())):
        members = [s for s in targets if group[s] == current]
        for skill in sorted((s for s in members if value.get(s, 0.0) > 0), key=rank):
            place(skill)
        for skill in sorted(members, key=rank):  # no value of their own, and leftovers
            place(skill)
    return placed


def plan_lay_out(*, items: Sequence[PlannedItem], grid: MonthGrid) -> tuple[PlannedItem, ...]:
    """The items, in order, placed on the grid's stream of hours with the slice rules of the
    module docstring: each gets its start offset and first and last month."""
    placed = []
    hour = Fraction(0)
    for item in items:
        hour = _slot(grid, hour, item.hours)
        end = hour + item.hours
        placed.append(
            replace(
                item,
                start_offset_hours=hour,
                start_month=grid.month_at(hour),
                end_month=grid.month_at(end, closing=True),
            )
        )
        hour = end
    return tuple(placed)


def _slot(grid: MonthGrid, hour: Fraction, hours: int) -> Fraction:
    """Where an item of `hours` that could start at `hour` starts: there, a little later in
    the month (so its last slice is not under the minimum), or at the next month."""
    month = grid.month_at(hour)
    room = grid.opens(month + 1) - hour
    if hours <= room:
        return hour  # fits whole
    if room < MIN_SLICE_HOURS:
        return _slot(grid, grid.opens(month + 1), hours)
    end = hour + hours
    tail = end - grid.opens(grid.month_at(end, closing=True))
    if tail >= MIN_SLICE_HOURS:
        return hour
    later = MIN_SLICE_HOURS - tail
    if room - later >= MIN_SLICE_HOURS:
        return hour + later
    return _slot(grid, grid.opens(month + 1), hours)


def plan_months(
    *,
    items: Sequence[PlannedItem],
    grid: MonthGrid,
    levels: Mapping[str, int],
    readiness: Callable[[Mapping[str, int]], float] | None = None,
) -> tuple[PlanMonth, ...]:
    """Cut the placed items into the grid's months, each with its portions, phase,
    resources and projected readiness."""
    end = max((i.end_offset_hours for i in items), default=Fraction(0))
    count = grid.month_at(end, closing=True) if end else 0
    scored: dict[frozenset, float] = {}  # months where no step finishes repeat a level set

    def readiness_at(hour: Fraction) -> float | None:
        if readiness is None:
            return None
        levels_then = _levels_at(items, levels, hour)
        key = frozenset(levels_then.items())
        if key not in scored:
            scored[key] = readiness(levels_then)
        return scored[key]

    months = []
    for index in range(1, count + 1):
        lo, hi = grid.opens(index), grid.opens(index + 1)
        portions = []
        for item in items:
            overlap = min(hi, item.end_offset_hours) - max(lo, item.start_offset_hours)
            if overlap > 0:
                portions.append(ItemPortion(item=item, hours=overlap, month=index))
        months.append(
            PlanMonth(
                index=index,
                start=grid.first_day(index),
                end=grid.last_day(index),
                capacity=grid.capacity_of(index),
                hours_used=sum((p.hours for p in portions), Fraction(0)),
                portions=tuple(portions),
                phases=_phases(portions),
                resources=_resources(portions),
                readiness=readiness_at(hi),
            )
        )
    return tuple(months)


def _phases(portions: list[ItemPortion]) -> tuple[str, ...]:
    """For each pass the month holds (must-haves', then nice-to-haves'), the phase label
    holding most of that pass's hours here; ties go to the label met first."""
    by_pass: dict[bool, dict[str, Fraction]] = {}
    for portion in sorted(portions, key=lambda p: p.item.in_nice_to_haves_pass):
        label = portion.item.phase_label
        if label:
            hours = by_pass.setdefault(portion.item.in_nice_to_haves_pass, {})
            hours[label] = hours.get(label, Fraction(0)) + portion.hours
    return tuple(
        max(seen, key=lambda label: (hours[label], -seen.index(label)))
        for hours in by_pass.values()
        for seen in [list(hours)]
    )


def _resources(portions: list[ItemPortion]) -> tuple[Resource, ...]:
    """The resources of the month's items still to do, each once: a done item needs none."""
    found: dict[tuple[str, str], Resource] = {}
    for portion in portions:
        if portion.item.done:
            continue
        for resource in portion.item.resources:
            found.setdefault((resource.title, resource.url), resource)
    return tuple(found.values())


def _levels_at(items: Sequence[PlannedItem], base: Mapping[str, int], hour: Fraction) -> dict:
    """Levels once `hour` hours of the plan are spent: every finished step counts."""
    levels = dict(base)
    for item in items:
        reached, elapsed = item.from_level, item.start_offset_hours
        for step in item.step_hours:
            elapsed += step
            if elapsed > hour:
                break
            reached += 1
        if reached > item.from_level:
            levels[item.skill] = max(levels.get(item.skill, 0), reached)
    return levels


def item_dates(*, item: PlannedItem, grid: MonthGrid) -> tuple[date, date]:
    """First and last day (inclusive) of an item, on the plan's month grid."""
    return grid.date_at(item.start_offset_hours), grid.date_at(item.end_offset_hours, closing=True)


def month_of_day(*, grid: MonthGrid, day: date) -> int:
    """The plan month holding `day` (1 = the first); 0 before the plan starts."""
    if day < grid.start:
        return 0
    return (day.year - grid.start.year) * 12 + day.month - grid.start.month + 1


def done_ahead(*, items: Iterable[PlannedItem], grid: MonthGrid, today: date) -> list[str]:
    """The names of the items checked off that put the person ahead of the calendar today:
    those whose first month comes after today's month (every done item before the plan's
    first day). An item of this month done, even on its first day or one running on into
    next month, is on time: this month's work is what the calendar asks for now."""
    now = month_of_day(grid=grid, day=today)
    return [item.name for item in items if item.done and item.start_month > now]
