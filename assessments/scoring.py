"""Demand-weighted gap scoring: how far a person's levels are from what a target asks for.

Pure Python, no Django: the selectors translate database rows into `Requirement`s.

The method, in full:

* **Which skills count.** A skill is a requirement of the target (role x seniority) when the
  snapshot measures it with a tier other than "Not required" and a share above 0, or when the
  career-path stage leading to that seniority lists it as a must-have ("roadmap"). Anything
  else (zero share and no roadmap entry) is never a gap.
* **Required level** (0-5: None, Aware, Beginner, Working, Advanced, Expert), by tier:
  Critical -> Working (3) at entry and mid, Advanced (4) at senior and staff;
  High -> Working (3); Medium -> Beginner (2); Nice-to-have -> Aware (1).
  A roadmap must-have needs at least Working (3) at every seniority; a skill both measured and
  on the roadmap needs the higher of the two.
* **Weight** = the share of postings that mention the skill, 0..1 (63.8% -> 0.638). A roadmap
  must-have weighs at least `ROADMAP_WEIGHT` (0.5, "as if half of postings asked for it"),
  because the roadmap says it is needed even where postings do not measure it.
* **Gap score** = weight x (required - current)+ / required: the share of the requirement
  still missing, weighted by how often the market asks for it.
* **Readiness** = 100 x (1 - sum of gap scores / sum of weights), 0..100; 100 exactly when
  every requirement is met. Closing one gap raises readiness by 100 x its gap score / sum of
  weights (`GapResult.points`).
* **Hours to close** = the hours of each level step from current + 1 up to required.
* **Evidence** = how many requirements the readiness rests on: skills measured in the
  target's postings, and must-haves from the career path that postings do not measure. It is
  thin below `THIN_REQUIREMENTS` (6) requirements (meeting four known requirements is not
  meeting what employers ask), or when the shares come from fewer than
  `market.certainty.TENTATIVE_BELOW` (100) postings.

Seniority: given the same tier, a senior (or staff) target never requires a lower level than a
mid (or entry) one. Real senior tiers come from senior postings and can be lower (Kubernetes is
Medium at 10.5% of mid LLM/GenAI postings but Nice-to-have at 6.7% of senior ones), so a senior
target can ask less of a particular skill when the market does.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from market.certainty import TENTATIVE_BELOW, ShareOfPostings
from market.vocabulary import (
    CRITICAL,
    HIGH,
    MEDIUM,
    NICE_TO_HAVE,
    NOT_REQUIRED,
    SENIOR_LEVELS,
    ShareKey,
    seniority_label,
)

LEVEL_NAMES = ("None", "Aware", "Beginner", "Working", "Advanced", "Expert")

# Required level by tier: (entry/mid, senior/staff).
TIER_REQUIRED_LEVEL: Mapping[str, tuple[int, int]] = {
    CRITICAL: (3, 4),
    HIGH: (3, 3),
    MEDIUM: (2, 2),
    NICE_TO_HAVE: (1, 1),
    NOT_REQUIRED: (0, 0),
}
ROADMAP_REQUIRED_LEVEL = 3
ROADMAP_WEIGHT = 0.5
THIN_REQUIREMENTS = 6


@dataclass(frozen=True)
class Requirement:
    """One skill the target asks for."""

    skill: str  # slug
    name: str
    share_pct: float  # 0..100 share of postings (0 if only from the roadmap)
    tier: str  # Priority value, or "" if only from the roadmap
    from_roadmap: bool  # a must-have of the career-path stage
    n_postings: int | None  # job count behind the share
    # A target that sets its own levels and weights (a job ad: `assessments.ad_analysis`)
    # gives them here, with the reason for the `why`; the tier and roadmap rules then do not
    # apply.
    required_level: int | None = None
    weight: float | None = None
    reason: str = ""
    # The share was counted from postings for a skill asked for in many wordings: at least it
    # (market.certainty.ShareOfPostings.lower_bound).
    lower_bound: bool = False


@dataclass(frozen=True)
class SkillGap:
    skill: str
    name: str
    share_pct: float
    tier: str
    source: str  # "measured" | "roadmap" | "both"
    required_level: int
    current_level: int
    gap: int  # levels short, >= 0
    weight: float
    gap_score: float
    hours_to_close: int
    why: str
    n_postings: int | None = None
    lower_bound: bool = False  # the share is "at least" (Requirement.lower_bound)

    @property
    def required_name(self) -> str:
        return LEVEL_NAMES[self.required_level]

    @property
    def current_name(self) -> str:
        return LEVEL_NAMES[self.current_level]

    @property
    def required_words(self) -> str:
        """ "Advanced (4)"."""
        return _level(self.required_level)

    @property
    def current_words(self) -> str:
        """ "Working (3)"."""
        return _level(self.current_level)

    @property
    def share(self) -> ShareOfPostings | None:
        """The measured share with the postings behind it; None for a skill no posting
        measures (a roadmap must-have, or a job ad's skill the market has no figure for)."""
        if self.source not in ("measured", "both"):
            return None
        return ShareOfPostings(self.share_pct, self.n_postings, self.lower_bound)


@dataclass(frozen=True)
class GapResult:
    readiness: float  # 0..100
    gaps: tuple[SkillGap, ...]  # all relevant skills, gap_score desc, share desc, name
    total_weight: float = field(default=0.0)

    @property
    def lower_bounds(self) -> list[str]:
        """The names of the skills whose shares are "at least" (SkillGap.lower_bound)."""
        return [g.name for g in self.gaps if g.lower_bound]

    @property
    def missing(self) -> tuple[SkillGap, ...]:
        return tuple(g for g in self.gaps if g.gap > 0)

    @property
    def strengths(self) -> tuple[SkillGap, ...]:
        return tuple(g for g in self.gaps if g.gap == 0)

    @property
    def hours_to_close(self) -> int:
        return sum(g.hours_to_close for g in self.gaps)

    @property
    def readiness_display(self) -> float:
        """Readiness to one decimal (`readiness_shown`); never 100.0 while something is missing."""
        shown = readiness_shown(self.readiness)
        return min(shown, 99.9) if self.missing else shown

    @property
    def words(self) -> str:
        """The words of the figure shown: 49.96 shows as 50.0%, so it reads "On the way"."""
        return readiness_words(self.readiness_display)

    def points(self, gap: SkillGap) -> float:
        """Readiness points gained by closing `gap` entirely."""
        return 100.0 * gap.gap_score / self.total_weight if self.total_weight else 0.0


# The gap "How this is computed" works through when nothing is missing: hypothetical.
EXAMPLE_SHARE_PCT = 50.0
EXAMPLE_LEVELS = (2, 3)  # current, required


@dataclass(frozen=True)
class GapExample:
    """One gap's arithmetic in words, for the report's "How this is computed": the person's
    largest gap with the readiness points it costs, or a hypothetical one (`gap_example`)."""

    gap: SkillGap
    total_weight: float  # the sum of the target's weights
    points: float | None  # the readiness points it costs; None: a hypothetical gap

    @property
    def hypothetical(self) -> bool:
        return self.points is None

    @property
    def _share(self) -> str:
        """ "74.5%", "at least 30.0%", as the gap table shows the share."""
        return f"{'at least ' if self.gap.lower_bound else ''}{decimal_text(self.gap.share_pct)}%"

    @property
    def _roadmap_words(self) -> str:
        """How a gap weighed as a roadmap must-have, above its share of postings (or without
        one), is said: "a roadmap must-have postings do not measure", "a roadmap must-have
        that 30.0% of postings ask for"; "" for a gap weighed by its share alone."""
        g = self.gap
        if g.source == "roadmap":
            return "a roadmap must-have postings do not measure"
        if g.source == "both" and g.weight > g.share_pct / 100:
            return f"a roadmap must-have that {self._share} of postings ask for"
        return ""

    @property
    def weight_text(self) -> str:
        """ "for your largest gap, Python, 74.5% counts 0.745"."""
        g, weight = self.gap, _number(self.gap.weight)
        if self.hypothetical:
            return f"for example, a skill asked for in {g.share_pct:g}% of postings counts {weight}"
        if roadmap := self._roadmap_words:
            return f"your largest gap, {g.name}, is {roadmap}: it counts {weight}"
        return f"for your largest gap, {g.name}, {self._share} counts {weight}"

    @property
    def score_sentence(self) -> str:
        """ "For example, your largest gap, Python at Beginner (2) where Working (3) is needed
        and 74.5% of postings ask, scores 0.745 × 1 ÷ 3 = 0.248." """
        return _joined(self.score_parts)

    @property
    def score_parts(self) -> tuple[tuple[str, bool], ...]:
        """score_sentence in pieces, its arithmetic marked (True), so that a page can keep
        "0.745 × 1 ÷ 3 = 0.248" on one line."""
        g = self.gap
        levels = f"at {g.current_words} where {g.required_words} is needed"
        if self.hypothetical:
            words = (
                "For example (a hypothetical skill: you have no gap here), a skill asked for in "
                f"{g.share_pct:g}% of postings, {levels}, scores"
            )
        else:
            if roadmap := self._roadmap_words:
                asked = f", {roadmap}, weighing {_number(g.weight)},"
            else:
                asked = f" and {self._share} of postings ask,"
            words = f"For example, your largest gap, {g.name} {levels}{asked} scores"
        arithmetic = f"{_number(g.weight)} × {g.gap} ÷ {g.required_level} = {_number(g.gap_score)}"
        return ((f"{words} ", False), (arithmetic, True), (".", False))

    @property
    def points_text(self) -> str:
        """ ": for Python, 100 × 0.248 ÷ 5.265 = 4.7 points, as its row says" (empty for a
        hypothetical gap); the points rounded as the gap table rounds them."""
        return _joined(self.points_parts)

    @property
    def points_parts(self) -> tuple[tuple[str, bool], ...]:
        """points_text in pieces, its arithmetic marked (True); none for a hypothetical gap."""
        if self.points is None:
            return ()
        arithmetic = (
            f"100 × {_number(self.gap.gap_score)} ÷ {_number(self.total_weight)} = "
            f"{decimal_text(self.points)} points"
        )
        return (
            (f": for {self.gap.name}, ", False),
            (arithmetic, True),
            (", as its row says", False),
        )


def _joined(parts: tuple[tuple[str, bool], ...]) -> str:
    return "".join(text for text, _ in parts)


def decimal_text(value, places: int = 1) -> str:
    """`value` (hours as a Fraction, readiness or points as a float) to `places` decimals,
    rounded half up as Django's `floatformat` does, without a template filter per figure."""
    exponent = Decimal(1).scaleb(-places)
    return str(Decimal(str(float(value))).quantize(exponent, ROUND_HALF_UP))


def _number(value: float) -> str:
    """A weight or score to three decimals at most: 0.745, 0.5, 5.265."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


def gap_example(result: GapResult) -> GapExample:
    """The gap "How this is computed" works through: `result`'s largest (its first missing
    skill: gaps come largest gap score first) with the readiness points it costs; with none
    missing, a hypothetical skill asked for in EXAMPLE_SHARE_PCT% of postings at Beginner (2)
    where Working (3) is needed (EXAMPLE_LEVELS), which scores 0.5 × 1 ÷ 3 = 0.167."""
    if result.missing:
        largest = result.missing[0]
        return GapExample(largest, result.total_weight, result.points(largest))
    current, required = EXAMPLE_LEVELS
    hypothetical = skill_gap(
        skill="",
        name="",
        required_level=required,
        weight=EXAMPLE_SHARE_PCT / 100,
        current_level=current,
        step_hours=dict.fromkeys(range(1, 6), 0),
        reason="",
        share_pct=EXAMPLE_SHARE_PCT,
    )
    return GapExample(hypothetical, result.total_weight, None)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class Evidence:
    """What a readiness figure rests on (see "Evidence" in the module docstring)."""

    measured: int  # requirements measured in postings (some also career-path must-haves)
    must_haves: int  # career-path must-haves that postings do not measure
    postings: int | None  # postings of the target (None: unknown)

    @classmethod
    def of(cls, result: GapResult, *, postings: int | None) -> "Evidence":
        roadmap_only = sum(g.source == "roadmap" for g in result.gaps)
        return cls(len(result.gaps) - roadmap_only, roadmap_only, postings)

    @property
    def requirements(self) -> int:
        return self.measured + self.must_haves

    @property
    def sentence(self) -> str:
        """The readiness's basis: "Based on 6 skills measured in 2,853 postings and 4
        must-haves from the career path."."""
        skills = _plural(self.measured, "skill") if self.measured else "no skills"
        where = f"{self.postings:,} postings" if self.postings is not None else "postings"
        musts = _plural(self.must_haves, "must-have") if self.must_haves else "no must-haves"
        return f"Based on {skills} measured in {where} and {musts} from the career path."

    @property
    def thin_reasons(self) -> tuple[str, ...]:
        """Why readiness says less than it seems here; empty when the evidence is not thin."""
        reasons = []
        if self.requirements < THIN_REQUIREMENTS:
            reasons.append(
                f"Thin evidence: only {_plural(self.requirements, 'requirement')} known for "
                f"this target (fewer than {THIN_REQUIREMENTS}), so meeting them is not the "
                "same as meeting everything employers ask."
            )
        if self.postings is not None and self.postings < TENTATIVE_BELOW:
            reasons.append(
                f"Few postings: the shares come from only {_plural(self.postings, 'posting')}, "
                "so each carries a wide 95% interval and its priority tier is tentative."
            )
        return tuple(reasons)

    @property
    def is_thin(self) -> bool:
        return bool(self.thin_reasons)

    @property
    def all_met_words(self) -> str:
        """A target met in full: "Meets all 4 measured requirements" (and "2 career-path
        must-haves" when it has some)."""
        parts = []
        if self.measured:
            parts.append(_plural(self.measured, "measured requirement"))
        if self.must_haves:
            parts.append(_plural(self.must_haves, "career-path must-have"))
        return f"Meets all {' and '.join(parts)}" if parts else "No requirement known"


def required_level(*, tier: str, seniority: str, from_roadmap: bool) -> int:
    """Level a target needs: by tier (Critical 3, or 4 at senior/staff; High 3; Medium 2;
    Nice-to-have 1; Not required 0), at least 3 for a roadmap must-have."""
    by_tier = TIER_REQUIRED_LEVEL.get(tier, (0, 0))[1 if seniority in SENIOR_LEVELS else 0]
    return max(by_tier, ROADMAP_REQUIRED_LEVEL if from_roadmap else 0)


def requirement_weight(*, share_pct: float, tier: str, from_roadmap: bool) -> float:
    """Share of postings as 0..1 (0 for "Not required"); a roadmap must-have weighs >= 0.5."""
    measured = share_pct / 100.0 if tier and tier != NOT_REQUIRED else 0.0
    return max(measured, ROADMAP_WEIGHT if from_roadmap else 0.0)


def hours_between(step_hours: Mapping[int, int], current: int, required: int) -> int:
    """Hours of the level steps current+1 .. required (0 when already there)."""
    return sum(step_hours[level] for level in range(current + 1, required + 1))


def gap_score(
    *,
    requirements: Iterable[Requirement],
    levels: Mapping[str, int],
    seniority: str,
    step_hours: Mapping[str, Mapping[int, int]],
    target: str = "",
    asker: str = "the role",
) -> GapResult:
    """Score `levels` against `requirements` (see the module docstring for the method).

    `target` names the target in the `why` sentences ("Senior ML Engineer"), `asker` in their
    verdicts ("the role needs Working (3)"). A requirement with its own `required_level` and
    `weight` keeps them.
    """
    target = target or f"{seniority_label(seniority)} target"
    gaps: list[SkillGap] = []
    for req in _merge(requirements):
        measured = bool(req.tier) and req.tier != NOT_REQUIRED and req.share_pct > 0
        tier = req.tier if measured else ""
        if req.required_level is not None:  # its target's own level and weight (a job ad)
            required, weight = req.required_level, req.weight or 0.0
            source = "measured" if measured else "ad"
        else:
            required = required_level(tier=tier, seniority=seniority, from_roadmap=req.from_roadmap)
            weight = requirement_weight(
                share_pct=req.share_pct, tier=tier, from_roadmap=req.from_roadmap
            )
            source = (
                "both" if measured and req.from_roadmap else "measured" if measured else "roadmap"
            )
        if required == 0 or weight <= 0:
            continue
        gaps.append(
            skill_gap(
                skill=req.skill,
                name=req.name,
                required_level=required,
                weight=weight,
                current_level=levels.get(req.skill, 0),
                step_hours=step_hours.get(req.skill, {}),
                reason=req.reason or _reason(req, source, target),
                share_pct=float(req.share_pct) if measured else 0.0,
                tier=tier,
                source=source,
                n_postings=req.n_postings,
                lower_bound=measured and req.lower_bound,
                asker=asker,
            )
        )
    return gap_result(gaps)


def skill_gap(
    *,
    skill: str,
    name: str,
    required_level: int,
    weight: float,
    current_level: int,
    step_hours: Mapping[int, int],
    reason: str,
    share_pct: float = 0.0,
    tier: str = "",
    source: str = "measured",
    n_postings: int | None = None,
    lower_bound: bool = False,
    asker: str = "the role",
) -> SkillGap:
    """One requirement scored: gap = (required - current)+ levels, gap score = weight x gap /
    required, hours to close = the level steps current + 1 .. required. `why` is `reason`
    followed by the verdict ("you are at Beginner (2), `asker` needs Working (3).")."""
    current = max(0, min(5, int(current_level)))
    gap = max(0, required_level - current)
    return SkillGap(
        skill=skill,
        name=name,
        share_pct=share_pct,
        tier=tier,
        source=source,
        required_level=required_level,
        current_level=current,
        gap=gap,
        weight=weight,
        gap_score=weight * (gap / required_level),
        hours_to_close=hours_between(step_hours, current, required_level),
        why=f"{reason}: {_verdict(current, required_level, asker)}",
        n_postings=n_postings,
        lower_bound=lower_bound,
    )


def gap_result(gaps: Iterable[SkillGap]) -> GapResult:
    """Readiness over scored requirements: 100 x (1 - sum of gap scores / sum of weights),
    exactly 100 when nothing is missing; the gaps ordered by gap score (desc), share (desc),
    name."""
    gaps = sorted(gaps, key=lambda g: (-g.gap_score, -g.share_pct, g.name, g.skill))
    # fsum is exactly rounded, so the order of the skills cannot change the last digit.
    total_weight = math.fsum(g.weight for g in gaps)
    total_gap = math.fsum(g.gap_score for g in gaps)
    # No gap (or no requirement at all) is exactly 100, whatever the rounding.
    readiness = 100.0 if total_gap == 0 else 100.0 * (1.0 - total_gap / total_weight)
    return GapResult(readiness=max(0.0, readiness), gaps=tuple(gaps), total_weight=total_weight)


def _merge(requirements: Iterable[Requirement]) -> list[Requirement]:
    """One requirement per skill: a skill listed twice keeps the highest share and tier."""
    by_skill: dict[str, Requirement] = {}
    for req in requirements:
        seen = by_skill.get(req.skill)
        if seen is None:
            by_skill[req.skill] = req
            continue
        measured = max((seen, req), key=lambda r: (r.share_pct, bool(r.tier)))
        by_skill[req.skill] = Requirement(
            skill=req.skill,
            name=seen.name,
            share_pct=measured.share_pct,
            tier=measured.tier,
            from_roadmap=seen.from_roadmap or req.from_roadmap,
            n_postings=measured.n_postings,
            lower_bound=measured.lower_bound,
        )
    return list(by_skill.values())


def _level(level: int) -> str:
    return f"{LEVEL_NAMES[level]} ({level})"


def _reason(req: Requirement, source: str, target: str) -> str:
    if source == "roadmap":
        return f"A must-have on the career path to {target} (not measured in postings)"
    least = "at least " if req.lower_bound else ""
    reason = f"Asked for in {least}{req.share_pct:.1f}% of {target} postings ({req.tier})"
    if source == "both":
        reason += " and a must-have on the career path"
    return reason


def _verdict(current: int, required: int, asker: str) -> str:
    verdict = f"you are at {_level(current)}, {asker} needs {_level(required)}"
    return f"{verdict}: met." if current >= required else f"{verdict}."


def readiness_shown(readiness: float) -> float:
    """Readiness as every page, chart and export shows it: rounded to one decimal by Python's
    `round` (49.55, stored as 49.54999..., shows 49.5 everywhere, not 49.6 where a template
    rounds its text half up), and 99.9 at most below 100, so 100.0 means nothing is missing."""
    shown = round(readiness, 1)
    return min(shown, 99.9) if readiness < 100 else shown


def readiness_words(readiness: float) -> str:
    """Readiness in words: Ready (100), Nearly ready (>= 80), On the way (>= 50), Early days."""
    if readiness >= 100:
        return "Ready"
    if readiness >= 80:
        return "Nearly ready"
    if readiness >= 50:
        return "On the way"
    return "Early days"


def measured_shares(requirements: Iterable[Requirement]) -> dict[ShareKey, Decimal]:
    """The measured share of each requirement of one target, keyed as share_moves
    (market.vocabulary) compares shares: (None, "", skill name). Roadmap-only requirements
    have no share."""
    return {(None, "", r.name): Decimal(str(r.share_pct)) for r in requirements if r.tier}


def lower_bound_names(requirements: Iterable[Requirement]) -> frozenset[str]:
    """The names of the measured requirements whose share is a lower bound ("at least"), as
    share_moves names a share's skill."""
    return frozenset(r.name for r in requirements if r.tier and r.lower_bound)


UNIFORM_RATINGS_MIN = 8  # rated skills from which "all at one level" is worth a warning


def uniform_rating(levels: Mapping[str, int], *, minimum: int = UNIFORM_RATINGS_MIN) -> int | None:
    """The one level every rated skill has, when at least `minimum` skills are rated (level
    1-5) and all at that level; else None. Such ratings rarely describe a real person (nobody
    is equally good at Python, Kubernetes and statistics) and usually mean the levels were
    not compared with their descriptions: the readiness built on them is unreliable."""
    rated = [level for level in levels.values() if level > 0]
    if len(rated) < minimum or len(set(rated)) != 1:
        return None
    return rated[0]
