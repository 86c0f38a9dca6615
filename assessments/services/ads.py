"""Job ads a person pastes: reading and saving them, and how ready the person is for each.

The reading (sections, must-have or nice-to-have, levels, weights) is `assessments.ad_analysis`
(pure); this module feeds it the taxonomy, the roles' title rules and the market's shares,
and stores what it read. An ad is read when saved: its skills and their kinds are rows
(`JobAdSkill`), so a report and the list of ads need no text matching. Readiness follows the
current snapshot and the person's levels at every visit.

An ad's reading stays true to the current reading and rules: each ad records what read it
(`JobAd.read_with`: `ad_analysis.READING_VERSION` and a digest of the reading's code, the
taxonomy's matching rules and the roles' title rules). The rules are kept per process, by
market version (`reading_rules_load`): a page reads one token, not the taxonomy, to know its
ads' keys are current. A page that shows an ad read by other rules reads it again,
in memory (`job_ads_fresh`: a GET never writes); `manage.py ads_read_again` (run after a
release or a change of the rules) saves the new readings, so pages stop re-reading. Why a
digest and not a re-read when an admin saves a skill: rules change through the admin, the
seed loader, migrations and bulk updates alike, and the digest sees them all. One exception:
an ad the person's plan aims at keeps the reading the plan was made from, when the new one
would differ, until the person chooses to read it again (`job_ad_reread`, a POST that
re-makes the plan; items checked off stay done); its page says what would change. A plan
does not move under its person unasked.

Which market an ad is weighed against: the role its title gives by the importer's title rules;
a title no rule recognises is weighed against the person's target role, and without a target
against every role. Each skill's share comes from the nearest level of that market that
measures it (`ad_analysis.nearest_share`): the role at the ad's seniority, the role at every
seniority, every role at the ad's seniority, every posting.
"""

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Prefetch, Q, QuerySet

from assessments.ad_analysis import (
    READING_VERSION,
    AdAsk,
    AdReading,
    AdResult,
    MarketLevel,
    TargetDifference,
    ad_gaps,
    ad_read,
    ad_title,
    names_joined,
    reading_code_digest,
    target_difference,
    weights_sentence,
)
from assessments.models import JobAd, JobAdSkill, Plan, Profile
from assessments.scoring import gap_score
from assessments.selectors import (
    job_ad_asks,
    levels_for,
    market_levels_for,
    plan_target_label,
    requirements_for,
    step_hours_get,
    target_label,
)
from assessments.services.plans import PlanChange, PlanError, plan_build
from assessments.services.versioning import person_locked
from market.ingestion.importing import role_rules_load
from market.ingestion.matching import SkillMatcher, SkillRules
from market.ingestion.postings import RoleClassifier
from market.models import Role, Seniority, Skill, Snapshot
from market.selectors import market_token, snapshot_current
from market.services.taxonomy import skill_matcher_build, skill_rules_of


class AdError(ValueError):
    """The text cannot be saved as a job ad; the message says why, for the person."""


# ---- Reading and saving ----------------------------------------------------------------------


@dataclass(frozen=True)
class _RulesRead:
    """The reading rules as read at one market version, kept for the process (one at a time):
    plain values only (the skills' rows, not model instances), so no request can change what
    the next one reads, whatever thread it runs on."""

    version: str | None  # the market version's token they were read at
    skill_fields: tuple[str, ...]
    skill_rows: tuple[tuple, ...]  # every skill's values of `skill_fields`, display order
    skill_rules: tuple[SkillRules, ...]
    role_rules: tuple[tuple[str, tuple[str, ...]], ...]
    key: str

    @cached_property
    def matcher(self) -> SkillMatcher:
        return skill_matcher_build(rules=self.skill_rules)

    @cached_property
    def classify_role(self) -> Callable[[str], str | None]:
        return RoleClassifier(self.role_rules).classify


@dataclass(frozen=True)
class ReadingRules:
    """What reads an ad: the taxonomy's skills (by slug) and their matching rules, the roles'
    title rules, and `key`, which names them with the reading's version and code
    (`JobAd.read_with`). The matcher and the role classifier are made when an ad is read, not
    for a page whose ads all carry the current key; the skills and roles are this caller's
    own instances."""

    read: _RulesRead

    @property
    def key(self) -> str:
        return self.read.key

    @property
    def matcher(self) -> SkillMatcher:
        return self.read.matcher

    @property
    def classify_role(self) -> Callable[[str], str | None]:
        return self.read.classify_role

    @cached_property
    def skills(self) -> dict[str, Skill]:
        fields, db = self.read.skill_fields, Skill.objects.db
        skills = [Skill.from_db(db, fields, row) for row in self.read.skill_rows]
        return {s.slug: s for s in skills}

    @cached_property
    def roles(self) -> dict[str, Role]:
        """The roles by name: one query for all the ads a page reads again, not one each."""
        return {role.name: role for role in Role.objects.all()}


# The rules last read, with the market version they were read at (`reading_rules_load`).
_rules_read: _RulesRead | None = None


def reading_rules_load() -> ReadingRules:
    """The current reading rules: one query (the market version; none when the request's page
    cache read it: `market_token_known`) when this process read them at the current version,
    three when not. Every write to the skills (their aliases and
    exclusion phrases) or the roles (their title rules) gives the market a new version, in
    the same transaction (market/services/versioning.py), so they are never stale."""
    global _rules_read
    # The version first: rules read after it are as new as it says, or newer.
    token = market_token()
    kept = _rules_read
    if kept is None or token is None or kept.version != token:
        kept = _rules_read = _rules_read_now(version=token)
    return ReadingRules(read=kept)


def reading_rules_forget() -> None:
    """Drop the rules this process keeps (tests start from none)."""
    global _rules_read
    _rules_read = None


def _rules_read_now(*, version: str | None) -> _RulesRead:
    fields = tuple(f.attname for f in Skill._meta.concrete_fields)
    rows = tuple(Skill.objects.values_list(*fields))
    db = Skill.objects.db
    skill_rules = tuple(skill_rules_of(Skill.from_db(db, fields, row)) for row in rows)
    role_rules = tuple((name, tuple(patterns)) for name, patterns in role_rules_load())
    code = reading_code_digest()
    digest = hashlib.sha256(repr((code, skill_rules, role_rules)).encode()).hexdigest()[:32]
    return _RulesRead(
        version=version,
        skill_fields=fields,
        skill_rows=rows,
        skill_rules=skill_rules,
        role_rules=role_rules,
        key=f"{READING_VERSION}:{digest}",
    )


def job_ad_read(*, text: str, title: str = "", rules: ReadingRules) -> AdReading:
    """What the ad asks for, read with `rules`. Saves nothing."""
    return ad_read(text=text, title=title, matcher=rules.matcher, classify_role=rules.classify_role)


@person_locked
def job_ad_create(*, user, text: str, title: str = "") -> JobAd:
    """Read and save a job ad for `user`. Raises AdError when it asks for no skill the
    taxonomy knows (nothing is saved)."""
    rules = reading_rules_load()
    reading = job_ad_read(text=text, title=title, rules=rules)
    if not reading.asks:
        raise AdError(_nothing_asked(reading, rules.skills))
    ad = JobAd.objects.create(
        user=user,
        title=reading.title[: JobAd._meta.get_field("title").max_length] or "Job ad",
        text=text,
        seniority=reading.seniority,
        role=_role_named(reading.role),
        read_with=rules.key,
        title_typed=bool(title.strip()),
        first_ask=reading.first_ask,
    )
    _skills_save(ad, _rows_of(reading), rules)
    return ad


# A row of JobAdSkill as read: (slug, kind, phrases, one_of), in the ad's order.
type SkillRow = tuple[str, str, list[str], int | None]


def _rows_of(reading: AdReading) -> list[SkillRow]:
    rows = [(a.skill, _kind(a), list(a.phrases), a.one_of) for a in reading.asks]
    rows += [(slug, JobAdSkill.Kind.TITLE, [], None) for slug in reading.in_title]
    rows += [(slug, JobAdSkill.Kind.MENTIONED, [], None) for slug in reading.mentioned]
    return rows


def _skill_rows(ad: JobAd, rows: list[SkillRow], rules: ReadingRules) -> list[JobAdSkill]:
    return [
        JobAdSkill(
            ad=ad, skill=rules.skills[slug], kind=kind, phrases=phrases, order=order, one_of=one_of
        )
        for order, (slug, kind, phrases, one_of) in enumerate(rows, start=1)
    ]


def _skills_save(ad: JobAd, rows: list[SkillRow], rules: ReadingRules) -> None:
    JobAdSkill.objects.bulk_create(_skill_rows(ad, rows, rules))


def _role_named(name: str | None) -> Role | None:
    return Role.objects.filter(name=name).first() if name else None


def _kind(ask: AdAsk) -> str:
    return JobAdSkill.Kind.MUST if ask.must_have else JobAdSkill.Kind.NICE


# Where an ad names a skill it does not ask for, as its page and the refusal of an ad that
# asks for nothing say it ("names Docker only where it describes the company or its benefits"),
# and why that place does not count, as its page adds.
NOT_ASKED_WHERE = {
    JobAdSkill.Kind.TITLE: "in its title",
    JobAdSkill.Kind.MENTIONED: "where it describes the company or its benefits",
}
NOT_ASKED_WHY = {
    JobAdSkill.Kind.TITLE: ", not where it says what the job needs: a title names the job",
    JobAdSkill.Kind.MENTIONED: "",
}


def _nothing_asked(reading: AdReading, skills: dict[str, Skill]) -> str:
    named = {JobAdSkill.Kind.TITLE: reading.in_title, JobAdSkill.Kind.MENTIONED: reading.mentioned}
    if any(named.values()):
        where = [
            f"{names_joined([skills[s].name for s in slugs])} only {NOT_ASKED_WHERE[kind]}"
            for kind, slugs in named.items()
            if slugs
        ]
        return (
            f"This ad names {' and '.join(where)}, and asks for no skill we know. Paste the "
            "part that lists what the job needs."
        )
    return (
        "We found no skill we know in this ad. Paste the whole ad, including the part that "
        "lists what the job needs (requirements, qualifications)."
    )


@person_locked
def job_ad_delete(*, user, ad: JobAd) -> str:
    """Delete one of the person's ads (JobAd.DoesNotExist for anyone else's). A plan aimed at
    it is first aimed at the profile's target (items done stay done), or deleted when there
    is none to aim at. Returns what happened to the plan, in words ("" if nothing)."""
    if ad.user_id != user.pk:
        raise JobAd.DoesNotExist
    outcome = ""
    plan = Plan.objects.filter(user=user, job_ad=ad).first()
    if plan is not None:
        try:
            change = plan_build(user=user, job_ad=None)
            outcome = f"Your plan now aims at your target, {plan_target_label(change.plan)}."
        except PlanError:
            plan.delete()
            outcome = "Your plan aimed at it and you have no target role: the plan is deleted."
    ad.delete()
    return outcome


def job_ad_delete_warning(*, user, ad: JobAd, profile: Profile) -> str:
    """What deleting `ad` would do to the person's plan, for the confirmation page (one
    query); "" when no plan aims at it."""
    if not Plan.objects.filter(user=user, job_ad=ad).exists():
        return ""
    if profile.target_role is None:
        return (
            "Your learning plan aims at this ad and you have no target role: the plan is "
            "deleted too."
        )
    target = target_label(role=profile.target_role, seniority=profile.target_seniority)
    return (
        f"Your learning plan aims at this ad: it will aim at your target, {target}, instead "
        "(the items you have done stay done)."
    )


# ---- Reading saved ads again ------------------------------------------------------------------


@dataclass(frozen=True)
class ReadingChange:
    """What reading a saved ad again with the current rules changes."""

    reading: AdReading
    rows: list[SkillRow]
    role: Role | None
    lines: tuple[str, ...]  # "Machine learning: was must-have, now named in the title"


def _typed_title(ad: JobAd) -> str:
    """The title the person typed ("" for none): its title when `title_typed` says so; for an
    ad saved before that was kept, its title unless that is the one its first line gives
    (then none was typed, or the same words were)."""
    if ad.title_typed is not None:
        return ad.title if ad.title_typed else ""
    return "" if ad.title == ad_title(ad.text) else ad.title


def _kind_words(kind: str | None, one_of: int | None) -> str:
    if kind is None:
        return "not named"
    if one_of is not None:
        return "must-have, one of a list"
    return JobAdSkill.Kind(kind).label.lower()


def _reading_change(ad: JobAd, rules: ReadingRules) -> ReadingChange | None:
    """What reading `ad` (skills and role selected) again with `rules` changes; None when
    nothing does."""
    reading = job_ad_read(text=ad.text, title=_typed_title(ad), rules=rules)
    rows = _rows_of(reading)
    saved = [(r.skill.slug, r.kind, list(r.phrases), r.one_of) for r in ad.skills.all()]
    same_role = ad.role and ad.role.name == reading.role
    role = ad.role if same_role else rules.roles.get(reading.role) if reading.role else None
    same_quote = reading.first_ask == ad.first_ask
    if rows == saved and (reading.seniority, role) == (ad.seniority, ad.role) and same_quote:
        return None
    was = {slug: (kind, one_of) for slug, kind, _, one_of in saved}
    now = {slug: (kind, one_of) for slug, kind, _, one_of in rows}
    lines = []
    for slug in dict.fromkeys([*was, *now]):
        if was.get(slug) != now.get(slug):
            before, after = was.get(slug, (None, None)), now.get(slug, (None, None))
            name = rules.skills[slug].name if slug in rules.skills else slug
            lines.append(f"{name}: was {_kind_words(*before)}, now {_kind_words(*after)}")
    if (reading.seniority, role) != (ad.seniority, ad.role):
        was_read_as = AdScore.read_as_of(role=ad.role, seniority=ad.seniority)
        read_as = AdScore.read_as_of(role=role, seniority=reading.seniority)
        lines.append(f"Read as: was {was_read_as}, now {read_as}")
    return ReadingChange(reading, rows, role, tuple(lines))


def _reading_save(ad: JobAd, change: ReadingChange | None, rules: ReadingRules) -> None:
    if change is not None:
        ad.skills.all().delete()
        _skills_save(ad, change.rows, rules)
        ad.seniority, ad.role = change.reading.seniority, change.role
        ad.first_ask = change.reading.first_ask
        getattr(ad, "_prefetched_objects_cache", {}).pop("skills", None)
    ad.read_with = rules.key
    ad.save(update_fields=["seniority", "role", "read_with", "first_ask"])


@person_locked
def job_ad_plan(*, user, ad: JobAd) -> PlanChange:
    """Aim the person's plan at `ad` (skills prefetched) as its page shows it: read with the
    current rules first, when other rules read it (items done stay done)."""
    if ad.user_id != user.pk:
        raise JobAd.DoesNotExist
    rules = reading_rules_load()
    if ad.read_with != rules.key:
        _reading_save(ad, _reading_change(ad, rules), rules)
    return plan_build(user=user, job_ad=ad)


def job_ads_fresh(*, user, ads: Sequence[JobAd]) -> dict[int, ReadingChange]:
    """Those of the person's `ads` (skills and role prefetched) that other rules read, read
    again with the current ones, in memory (a page only reads: `job_ads_read_again` saves):
    one query when none is stale. An ad a plan aims at keeps its reading when the new one
    would differ: returns, by ad id, what would change in those."""
    rules = reading_rules_load()
    stale = [ad for ad in ads if ad.read_with != rules.key]
    if not stale:
        return {}
    aimed = set(Plan.objects.filter(user=user, job_ad__in=stale).values_list("job_ad", flat=True))
    pending = {}
    for ad in stale:
        change = _reading_change(ad, rules)
        if change is None:
            continue
        if ad.pk in aimed and change.lines:  # quotes alone do not change what a plan is from
            pending[ad.pk] = change
            continue
        ad.seniority, ad.role = change.reading.seniority, change.role
        ad.first_ask = change.reading.first_ask
        ad._prefetched_objects_cache["skills"] = _skill_rows(ad, change.rows, rules)
    return pending


def job_ad_reread_pending(*, user, ad: JobAd) -> ReadingChange | None:
    """What reading `ad` (the one the person's plan aims at) with the current rules would
    change, while the plan keeps the reading it was made from (`job_ad_reread` ends that);
    None when the ad reads the same. One query when the current rules read it, three when
    older ones did."""
    rules = reading_rules_load()
    if ad.read_with == rules.key:
        return None
    change = _reading_change(job_ad_get(user=user, ad_id=ad.pk), rules)
    return change if change is not None and change.lines else None


def job_ads_read_again() -> tuple[int, int, int]:
    """Save the current reading of every ad that other rules read, but those a plan aims at
    whose reading would change (their person chooses: `job_ad_reread`). Returns (ads read
    again, of which changed, of which kept for a plan)."""
    rules = reading_rules_load()
    stale = (
        JobAd.objects.filter(Q(read_with__isnull=True) | ~Q(read_with=rules.key))
        .select_related("role", "user")
        .prefetch_related(Prefetch("skills", queryset=_skill_rows_query()))
        .order_by("user", "pk")
    )
    by_user: dict[int, list[JobAd]] = {}
    for ad in stale:
        by_user.setdefault(ad.user_id, []).append(ad)
    read = changed = kept = 0
    for ads in by_user.values():
        saved, pending = _ads_read_again(user=ads[0].user, ads=ads, rules=rules)
        read, changed, kept = read + len(ads), changed + saved, kept + len(pending)
    return read, changed, kept


@person_locked
def _ads_read_again(
    *, user, ads: Sequence[JobAd], rules: ReadingRules
) -> tuple[int, dict[int, ReadingChange]]:
    aimed = set(Plan.objects.filter(user=user, job_ad__in=ads).values_list("job_ad", flat=True))
    changed, pending = 0, {}
    for ad in ads:
        change = _reading_change(ad, rules)
        if change is not None and ad.pk in aimed and change.lines:
            pending[ad.pk] = change
            continue
        _reading_save(ad, change, rules)
        changed += change is not None
    return changed, pending


@person_locked
def job_ad_reread(*, user, ad: JobAd) -> str:
    """Read the person's `ad` (skills and role prefetched) again with the current rules and
    re-make the plan that aims at it from the new reading (items checked off stay done).
    Returns what happened, in words."""
    if ad.user_id != user.pk:
        raise JobAd.DoesNotExist
    rules = reading_rules_load()
    change = _reading_change(ad, rules)
    _reading_save(ad, change, rules)
    if change is None:
        return "Read again: nothing it asks for has changed."
    if Plan.objects.filter(user=user, job_ad=ad).exists():
        plan_build(user=user, job_ad=ad)
        return "Read again with the current rules; your plan is re-made from the new reading."
    return "Read again with the current rules."


# ---- Reading saved ads -------------------------------------------------------------------------


def _skill_rows_query() -> QuerySet[JobAdSkill]:
    return JobAdSkill.objects.select_related("skill").order_by("order")


def _ads(*, user) -> QuerySet[JobAd]:
    return (
        JobAd.objects.filter(user=user)
        .select_related("role")
        .prefetch_related(Prefetch("skills", queryset=_skill_rows_query()))
    )


def job_ad_get(*, user, ad_id: int) -> JobAd:
    """One of the person's ads with its skills (two queries); JobAd.DoesNotExist for an
    unknown ad or anyone else's."""
    return _ads(user=user).get(pk=ad_id)


@dataclass(frozen=True)
class AdScore:
    """An ad scored against the person's levels and the market."""

    ad: JobAd
    result: AdResult
    role: Role | None  # the role the ad is weighed against; None: every role
    role_from: str  # "title", "target" or "all"
    # The snapshot's levels its skills are weighed by, nearest first (`market_levels_for`).
    market: tuple[MarketLevel, ...] = ()

    @property
    def first_ask(self) -> str:
        """Its first requirement, as it words it: what tells ads of one title apart. Its
        saved reading's (`JobAd.first_ask`), or the current reading's when a page reads it
        again (`job_ads_fresh`); nothing is parsed to show it."""
        return self.ad.first_ask or ""

    @property
    def readiness(self) -> float:
        return self.result.result.readiness_display

    @property
    def read_as(self) -> str:
        """ "Senior ML Engineer", "Mid-level (no role we know)"."""
        return self.read_as_of(role=self.ad.role, seniority=self.ad.seniority)

    @staticmethod
    def read_as_of(*, role: Role | None, seniority: str) -> str:
        if role is not None:
            return target_label(role=role, seniority=seniority)
        return f"{Seniority(seniority).label} (no role we know from its title)"

    @property
    def market_sentence(self) -> str:
        """Which market the ad is weighed against, and why; where the snapshot has no figures
        for those postings, that it has none and what the weights come from instead."""
        seniority = Seniority(self.ad.seniority).label.lower()
        if self.market and not self.market[0].has_figures:
            return self._no_figures_sentence(seniority)
        if self.role_from == "title":
            return (
                f"Weighed against {target_label(role=self.role, seniority=self.ad.seniority)} "
                "postings: the role and seniority its title names."
            )
        if self.role_from == "target":
            return (
                f"Its title names no role we know, so it is weighed against your target role, "
                f"{self.role.label}, at the {seniority} level its title gives."
            )
        return (
            f"Its title names no role we know and you have no target role, so it is weighed "
            f"against every role's postings at the {seniority} level its title gives."
        )

    def _no_figures_sentence(self, seniority: str) -> str:
        """ "The current market has no figures for Data Engineer postings: each skill it asks
        for weighs as if half of postings asked for it." (`ad_analysis.weights_sentence`)."""
        if self.role is None:
            missing = f"{seniority}-level postings across roles"
        elif len(self.market) > 1 and self.market[1].has_figures:  # the role at every seniority
            missing = f"{target_label(role=self.role, seniority=self.ad.seniority)} postings"
        else:
            missing = f"{self.role.label} postings"
        why = ""
        if self.role_from == "target":
            why = (
                f"Its title names no role we know, so your target role, {self.role.label}, "
                f"stands in for it, at the {seniority} level its title gives. "
            )
        elif self.role_from == "all":
            why = "Its title names no role we know and you have no target role. "
        weights = weights_sentence(gaps=self.result.gaps, market=self.market[1:])
        return f"{why}The current market has no figures for {missing}: {weights}."

    @property
    def asks(self) -> list[JobAdSkill]:
        return [row for row in self.ad.skills.all() if row.asked]

    @property
    def not_asked_sentences(self) -> list[str]:
        """Why the skills it names but does not ask for do not count: "The ad names Machine
        learning in its title, ..." then those named only about the company."""
        sentences = []
        for kind, where in NOT_ASKED_WHERE.items():
            names = [row.skill.name for row in self.ad.skills.all() if row.kind == kind]
            if names:
                they = "it does" if len(names) == 1 else "they do"
                sentences.append(
                    f"The ad names {names_joined(names)} only {where}{NOT_ASKED_WHY[kind]}, "
                    f"so {they} not count."
                )
        return sentences

    @property
    def must_count(self) -> int:
        """The must-haves, a list of alternatives counting once (as the result counts them)."""
        return sum(1 for gap in self.result.gaps if gap.must_have)


def _ad_scores(
    *,
    ads: Sequence[JobAd],
    profile: Profile,
    snapshot: Snapshot | None,
    levels: dict[str, int],
    step_hours: dict[str, dict[int, int]],
) -> list[AdScore]:
    """Each ad (skills prefetched) scored against `levels` and `snapshot`: two queries,
    whatever the number of ads and skills."""
    targets = [_market_role(ad, profile) for ad in ads]
    market = market_levels_for(
        snapshot=snapshot,
        pairs={(role, ad.seniority) for ad, (role, _) in zip(ads, targets, strict=True)},
        skill_ids={row.skill_id for ad in ads for row in ad.skills.all()},
    )
    scores = []
    for ad, (role, role_from) in zip(ads, targets, strict=True):
        rows = [row for row in ad.skills.all() if row.asked]
        result = ad_gaps(
            asks=job_ad_asks(rows),
            seniority=ad.seniority,
            names={row.skill.slug: row.skill.name for row in rows},
            market=market[(role, ad.seniority)],
            levels=levels,
            step_hours=step_hours,
        )
        scores.append(AdScore(ad, result, role, role_from, tuple(market[(role, ad.seniority)])))
    return scores


def _market_role(ad: JobAd, profile: Profile) -> tuple[Role | None, str]:
    if ad.role is not None:
        return ad.role, "title"
    if profile.target_role is not None:
        return profile.target_role, "target"
    return None, "all"


def job_ads_for(*, user, profile: Profile) -> list[AdScore]:
    """The person's saved ads, newest first, each with its readiness and first requirement
    (eight queries, whatever the number of ads)."""
    ads = list(_ads(user=user))
    if not ads:
        return []
    job_ads_fresh(user=user, ads=ads)
    return _ad_scores(
        ads=ads,
        profile=profile,
        snapshot=snapshot_current(),
        levels=levels_for(user=user),
        step_hours=step_hours_get(),
    )


@dataclass(frozen=True)
class AdReport:
    """What the ad's page shows."""

    score: AdScore
    snapshot: Snapshot | None
    target: str  # the person's target ("Senior ML Engineer"), "" without one
    difference: TargetDifference | None  # None without a target
    plan_aims_here: bool = False  # the person's learning plan aims at this ad
    # What reading it again with the current rules would change; the plan aiming at it keeps
    # the reading it was made from until the person asks (job_ad_reread).
    reread: ReadingChange | None = None

    @property
    def ad(self) -> JobAd:
        return self.score.ad

    @property
    def result(self) -> AdResult:
        return self.score.result

    @property
    def difference_sentences(self) -> list[str]:
        """ "This ad asks for Snowflake and Airflow, which your target (Senior ML Engineer)
        does not." and the other way round."""
        if self.difference is None:
            return []
        only_ad, only_target = self.difference.only_ad, self.difference.only_target
        sentences = []
        if only_ad:
            sentences.append(
                f"This ad asks for {names_joined(only_ad)}, which your target "
                f"({self.target}) does not."
            )
        if only_target:
            sentences.append(
                f"Your target asks for {names_joined(only_target)}, which this ad does not."
            )
        if not sentences:
            sentences.append(f"This ad asks for the same skills as your target ({self.target}).")
        return sentences


def job_ad_report_for(
    *, user, profile: Profile, ad_id: int, compare_target: bool = True
) -> AdReport:
    """One ad's report: eight queries whatever the number of skills; with `compare_target`,
    one more (does the plan aim at it) and two to compare it with the person's target.
    JobAd.DoesNotExist for an unknown ad or anyone else's."""
    ad = job_ad_get(user=user, ad_id=ad_id)
    return job_ad_report(user=user, profile=profile, ad=ad, compare_target=compare_target)


def job_ad_report(*, user, profile: Profile, ad: JobAd, compare_target: bool = True) -> AdReport:
    """The report of `ad`, one of the person's read with `job_ad_get` (its skills and role
    prefetched): `job_ad_report_for` without its two queries for the ad."""
    pending = job_ads_fresh(user=user, ads=[ad])
    snapshot = snapshot_current()
    step_hours = step_hours_get()
    (score,) = _ad_scores(
        ads=[ad],
        profile=profile,
        snapshot=snapshot,
        levels=levels_for(user=user),
        step_hours=step_hours,
    )
    target, difference = "", None
    if compare_target and profile.target_role is not None:
        target = target_label(role=profile.target_role, seniority=profile.target_seniority)
        requirements = requirements_for(
            snapshot=snapshot, role=profile.target_role, seniority=profile.target_seniority
        )
        # The target's requirements as its report counts them (scoring's rules).
        counted = gap_score(
            requirements=requirements,
            levels={},
            seniority=profile.target_seniority,
            step_hours=step_hours,
        ).gaps
        names = {g.skill: g.name for g in counted} | {
            row.skill.slug: row.skill.name for row in score.asks
        }
        difference = target_difference(
            asks=job_ad_asks(score.asks),
            target={g.skill for g in counted},
            names=names,
        )
    return AdReport(
        score=score,
        snapshot=snapshot,
        target=target,
        difference=difference,
        plan_aims_here=compare_target and Plan.objects.filter(user=user, job_ad=ad).exists(),
        reread=pending.get(ad.pk),
    )
