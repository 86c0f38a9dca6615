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
* **Order.** Goals by gap score per hour (gap score / hours to close the gap), largest first,
  ties by skill slug; each goal is preceded by its unfinished prerequisites (depth first,
  prerequisites in the same order), so a prerequisite is finished before its dependant starts
  and is never learned for its own sake before something more valuable.
* **Months.** Capacity per month = hours per week x 52 / 12 (10 h/week -> 43 1/3 h). Items run
  back to back on one stream of hours starting at the plan's first month; an item starting at
  hour `s` with `h` hours occupies [s, s + h), month m is [(m-1) x capacity, m x capacity), so
  a long item spans months and no month holds more than its capacity. Hours are exact
  fractions, never rounded.
* **Hours add up.** Total = sum over goals short of their level of the hours from their
  starting level to the required level, plus, for every item, the hours of its steps above
  max(required level, starting level) (steps only a dependant needs).
* **Phase of a month** (in the seed's words, "Learning Priorities by Timeline"): the phase
  holding most of the month's hours, where a skill's phase comes from the seed timeline (see
  `phase_for`); ties go to the phase met first in the month; "" when no item has one.
* **Readiness at a month's end**: `readiness(levels)` with every level step finished by then
  (an item's steps are learned in order, each taking its step hours).
"""

import calendar
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import ceil, floor

from assessments.scoring import LEVEL_NAMES


def decimal_text(value, places: int = 1) -> str:
    """`value` (hours as a Fraction, readiness as a float) to `places` decimals, rounded half
    up as Django's `floatformat` does, without a template filter per figure."""
    exponent = Decimal(1).scaleb(-places)
    return str(Decimal(str(float(value))).quantize(exponent, ROUND_HALF_UP))


WEEKS_PER_YEAR = 52
MONTHS_PER_YEAR = 12
DEFAULT_PREREQUISITE_LEVEL = 2
MAX_LEVEL = 5

# The seed's "Learning Priorities by Timeline", in its words.
FOUNDATIONS = "Foundations"
ML_FUNDAMENTALS = "ML Fundamentals"
DEEP_LEARNING = "Deep Learning"
SPECIALIZATION = "Specialization"
PHASES = (FOUNDATIONS, ML_FUNDAMENTALS, DEEP_LEARNING, SPECIALIZATION)

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
}


def phase_for(*, skill: str, category: str, timeline: Mapping[str, str] | None = None) -> str:
    """A skill's phase: the seed timeline's own listing (`timeline`, slug -> phase title)
    first, then `SKILL_PHASES`, then its category (`CATEGORY_PHASES`), else ""."""
    if timeline and skill in timeline:
        return timeline[skill]
    return SKILL_PHASES.get(skill) or CATEGORY_PHASES.get(category, "")


@dataclass(frozen=True)
class Goal:
    """One skill the target asks for (a `scoring.SkillGap`, reduced to what planning needs)."""

    skill: str
    name: str
    current_level: int
    required_level: int
    gap_score: float


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
    start_month: int  # 1 = the plan's first month
    end_month: int
    start_offset_hours: Fraction  # hours into the plan when it starts
    is_prerequisite: bool
    gap_score: float
    phase: str
    resources: tuple[Resource, ...] = ()
    step_hours: tuple[int, ...] = ()  # hours of each step from_level+1 .. to_level

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
    phase: str
    resources: tuple[Resource, ...]
    readiness: float | None  # projected, at the month's end

    @property
    def hours_used_text(self) -> str:
        return decimal_text(self.hours_used)

    @property
    def capacity_text(self) -> str:
        return decimal_text(self.capacity)

    @property
    def readiness_text(self) -> str:
        return "" if self.readiness is None else decimal_text(self.readiness)

    @property
    def load_values(self) -> tuple[str, str]:
        """(hours used, capacity) to two decimals, for a <progress> element's value and max."""
        return decimal_text(self.hours_used, 2), decimal_text(self.capacity, 2)


@dataclass(frozen=True)
class Plan:
    start: date
    hours_per_week: int
    capacity: Fraction  # hours per month
    items: tuple[PlannedItem, ...]
    months: tuple[PlanMonth, ...]
    done: tuple[DoneItem, ...] = ()
    readiness_start: float | None = None

    @property
    def capacity_text(self) -> str:
        return decimal_text(self.capacity)

    @property
    def total_hours(self) -> int:
        return sum(item.hours for item in self.items)

    @property
    def duration_months(self) -> int:
        return len(self.months)

    @property
    def end_date(self) -> date | None:
        return self.months[-1].end if self.months else None


def monthly_capacity(hours_per_week: int) -> Fraction:
    """Hours per month = hours per week x 52 / 12."""
    return Fraction(hours_per_week * WEEKS_PER_YEAR, MONTHS_PER_YEAR)


def month_start(start: date, index: int) -> date:
    """First day of the plan's month `index` (1-based)."""
    months = start.year * 12 + start.month - 1 + index - 1
    return date(months // 12, months % 12 + 1, 1)


def month_end(start: date, index: int) -> date:
    first = month_start(start, index)
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def plan_schedule(
    *,
    goals: Iterable[Goal],
    levels: Mapping[str, int],
    step_hours: Mapping[str, Mapping[int, int]],
    prerequisites: Mapping[str, Mapping[str, int | None]],
    hours_per_week: int,
    start: date,
    done: Iterable[DoneItem] = (),
    names: Mapping[str, str] | None = None,
    phases: Mapping[str, str] | None = None,
    resources: Mapping[str, Iterable[Resource]] | None = None,
    readiness: Callable[[Mapping[str, int]], float] | None = None,
) -> Plan:
    """Schedule the goals month by month (method in the module docstring).

    `levels`: the person's current levels (any skill, missing = 0); `step_hours[skill][level]`:
    hours to climb into `level` from `level - 1`; `names`/`phases`/`resources` by skill slug;
    `readiness(levels) -> 0..100` projects readiness (e.g. `scoring.gap_score(...).readiness`).
    """
    if hours_per_week < 1:
        raise ValueError("hours_per_week must be at least 1.")
    start = start.replace(day=1)
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
    ratio = {
        s: (g.gap_score / sum(hours_of[s][: g.required_level - base.get(s, 0)]))
        if s in targets and g.required_level > base.get(s, 0)
        else 0.0
        for s, g in goals_by_skill.items()
    }
    order = _order(targets, base, prerequisites, ratio)

    capacity = monthly_capacity(hours_per_week)
    items: list[PlannedItem] = []
    offset = Fraction(0)
    for position, skill in enumerate(order, start=1):
        goal = goals_by_skill.get(skill)
        from_level, to_level = base.get(skill, 0), targets[skill]
        required = goal.required_level if goal else from_level
        steps = tuple(hours_of[skill])
        hours = sum(steps)
        items.append(
            PlannedItem(
                order=position,
                skill=skill,
                name=names.get(skill, skill),
                from_level=from_level,
                to_level=to_level,
                required_level=required,
                hours=hours,
                start_month=floor(offset / capacity) + 1,
                end_month=max(floor(offset / capacity) + 1, ceil((offset + hours) / capacity)),
                start_offset_hours=offset,
                is_prerequisite=required <= from_level,
                gap_score=goal.gap_score if goal and required > from_level else 0.0,
                phase=phases.get(skill, ""),
                resources=tuple(
                    r for r in resources.get(skill, ()) if r.serves(from_level, to_level)
                ),
                step_hours=steps,
            )
        )
        offset += hours

    months = plan_months(
        items=items, start=start, capacity=capacity, levels=base, readiness=readiness
    )
    return Plan(
        start=start,
        hours_per_week=hours_per_week,
        capacity=capacity,
        items=tuple(items),
        months=months,
        done=done,
        readiness_start=readiness(dict(base)) if readiness else None,
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


def _order(
    targets: Mapping[str, int],
    base: Mapping[str, int],
    prerequisites: Mapping[str, Mapping[str, int | None]],
    ratio: Mapping[str, float],
) -> list[str]:
    """Goals by gap score per hour, each preceded by its unfinished prerequisites."""

    def rank(skill: str) -> tuple[float, str]:
        return (-ratio.get(skill, 0.0), skill)

    placed: list[str] = []
    seen: set[str] = set()

    def place(skill: str) -> None:
        if skill in seen:
            return
        seen.add(skill)  # marks it before its prerequisites, so a cycle stops here
        needed = [
            p
            for p, m in prerequisites.get(skill, {}).items()
            if p in targets and p != skill and base.get(p, 0) < (m or DEFAULT_PREREQUISITE_LEVEL)
        ]
        for prereq in sorted(needed, key=rank):
            place(prereq)
        placed.append(skill)

    for skill in sorted((s for s in targets if ratio.get(s, 0.0) > 0), key=rank):
        place(skill)
    for skill in sorted(targets, key=rank):  # goals with no score and anything left over
        place(skill)
    return placed


def plan_months(
    *,
    items: Sequence[PlannedItem],
    start: date,
    capacity: Fraction,
    levels: Mapping[str, int],
    readiness: Callable[[Mapping[str, int]], float] | None = None,
) -> tuple[PlanMonth, ...]:
    """Cut the items (back to back, from their start offsets) into calendar months of
    `capacity` hours, each with its portions, phase, resources and projected readiness."""
    end = max((i.end_offset_hours for i in items), default=Fraction(0))
    count = ceil(end / capacity) if end else 0
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
        lo, hi = capacity * (index - 1), capacity * index
        portions = []
        for item in items:
            overlap = min(hi, item.end_offset_hours) - max(lo, item.start_offset_hours)
            if overlap > 0:
                portions.append(ItemPortion(item=item, hours=overlap, month=index))
        months.append(
            PlanMonth(
                index=index,
                start=month_start(start, index),
                end=month_end(start, index),
                capacity=capacity,
                hours_used=sum((p.hours for p in portions), Fraction(0)),
                portions=tuple(portions),
                phase=_phase(portions),
                resources=_resources(portions),
                readiness=readiness_at(hi),
            )
        )
    return tuple(months)


def _phase(portions: list[ItemPortion]) -> str:
    hours: dict[str, Fraction] = {}
    for portion in portions:
        if portion.item.phase:
            hours[portion.item.phase] = hours.get(portion.item.phase, Fraction(0)) + portion.hours
    if not hours:
        return ""
    first_seen = list(hours)
    return max(first_seen, key=lambda p: (hours[p], -first_seen.index(p)))


def _resources(portions: list[ItemPortion]) -> tuple[Resource, ...]:
    found: dict[tuple[str, str], Resource] = {}
    for portion in portions:
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


def date_at(*, start: date, capacity: Fraction, hours: Fraction, closing: bool = False) -> date:
    """The calendar day `hours` into the plan: month floor(hours / capacity) + 1, and the day
    that far through it. With `closing`, an instant on a month boundary belongs to the month
    it closes (the last day of work), not the one it opens."""
    index, into = divmod(Fraction(hours), capacity)
    if closing and into == 0 and index > 0:
        return month_end(start, int(index))
    first = month_start(start, int(index) + 1)
    days = calendar.monthrange(first.year, first.month)[1]
    day = floor(into / capacity * days)
    if closing:
        day = max(0, ceil(into / capacity * days) - 1)
    return first.replace(day=day + 1)


def item_dates(*, item: PlannedItem, start: date, capacity: Fraction) -> tuple[date, date]:
    """First and last day (inclusive) of an item, on the plan's month grid."""
    return (
        date_at(start=start, capacity=capacity, hours=item.start_offset_hours),
        date_at(start=start, capacity=capacity, hours=item.end_offset_hours, closing=True),
    )
