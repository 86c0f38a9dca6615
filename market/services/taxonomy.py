"""The taxonomy's matching rules, from the database: each skill's aliases (with their case
rule), exclusion phrases and whether its name counts, as the matcher takes them
(market.ingestion.matching.SkillRules), and what is wrong with a skill's rules before it is
saved. Every matching path (imports, paste-to-suggest, job ads, the warehouse query) builds its
matcher here, so all of them apply the same rules."""

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from market.ingestion.matching import (
    AliasRule,
    SkillMatcher,
    SkillRules,
    rules_normalised,
    text_array,
)
from market.ingestion.postings import COMPANY, DESCRIPTION, TITLE
from market.ingestion.reading import CHUNK_READERS, POSTINGS, file_kind
from market.ingestion.tally import SeenPostings, posting_cells, postings_counted
from market.models import Skill, Snapshot, phrase_lines

SOURCE_PATH = "source_path"  # import_summary key: where the postings file is kept

# The Skill fields the rules are read from (for .only()).
MATCHING_FIELDS = ("slug", "name", "aliases", "case_sensitive_aliases", "exclusions", "match_name")


def skill_rules_of(skill: Skill) -> SkillRules:
    """A skill's matching rules (SkillRules.of: case-sensitive aliases first)."""
    return SkillRules.of(
        slug=skill.slug,
        name=skill.name,
        aliases=phrase_lines(skill.aliases),
        case_sensitive_aliases=phrase_lines(skill.case_sensitive_aliases),
        exclusions=phrase_lines(skill.exclusions),
        match_name=skill.match_name,
    )


def skill_matcher_build(*, skills: Iterable[Skill] | None = None) -> SkillMatcher:
    """A matcher over the rules of `skills` (default: every skill of the taxonomy, in display
    order: an alias two skills claim belongs to the first). One per taxonomy and process: its
    regular expressions and compiled patterns are kept for the next request or import."""
    if skills is None:
        skills = Skill.objects.only(*MATCHING_FIELDS)
    return _matcher_for(tuple(skill_rules_of(s) for s in skills))


@functools.lru_cache(maxsize=4)
def _matcher_for(rules: tuple[SkillRules, ...]) -> SkillMatcher:
    return SkillMatcher.from_rules(rules)


def _key(phrase: str) -> str:
    return " ".join(re.split(r"[\s\-]+", phrase.strip().lower()))


def skill_rules_problems(*, skill: Skill) -> dict[str, list[str]]:
    """What is wrong with a skill's matching rules, by field ({} when nothing): a phrase the
    matcher could never find, a phrase another skill already has, a case-sensitive alias
    without a capital, an exclusion phrase that holds none of the skill's aliases, a skill
    nothing would find."""
    problems: dict[str, list[str]] = {}

    def say(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    fields = {
        "case_sensitive_aliases": phrase_lines(skill.case_sensitive_aliases),
        "aliases": phrase_lines(skill.aliases),
        "exclusions": phrase_lines(skill.exclusions),
    }
    for field, phrases in fields.items():
        for phrase in phrases:
            if not rules_normalised([SkillRules("x", (AliasRule(phrase),))]):
                say(field, f"“{phrase}” has no letter or digit: it would never be found.")
    for phrase in fields["case_sensitive_aliases"]:
        if phrase == phrase.lower() and len(phrase) > 1:
            say(
                "case_sensitive_aliases",
                f"“{phrase}” has no capital letter, so its case does not matter: list it "
                "under aliases.",
            )
    own = skill_rules_of(skill)
    if not rules_normalised([SkillRules(own.slug, own.aliases)]):
        say("match_name", "With its name not matched, the skill needs an alias to be found.")
    mine = {_key(a.phrase): a.phrase for a in own.aliases}
    others = Skill.objects.exclude(pk=skill.pk).only(*MATCHING_FIELDS, "name")
    for other in others:
        for alias in skill_rules_of(other).aliases:
            if _key(alias.phrase) in mine:
                phrase = mine.pop(_key(alias.phrase))
                field = "name" if phrase == skill.name else _field_of(phrase, fields)
                say(field, f"“{phrase}” already finds {other.name}.")
    # Exclusion phrases are found in any case: one holds an alias if it does in some case.
    any_case = SkillMatcher.from_rules(
        [SkillRules(own.slug, tuple(AliasRule(a.phrase) for a in own.aliases))]
    )
    for phrase in fields["exclusions"]:
        if not (any_case.find(phrase) or any_case.find(phrase.upper())):
            say(
                "exclusions",
                f"“{phrase}” holds none of this skill's aliases, so it would never void one.",
            )
    return problems


def _field_of(phrase: str, fields: dict[str, list[str]]) -> str:
    return next(
        (f for f in ("case_sensitive_aliases", "aliases") if phrase in fields[f]), "aliases"
    )


# ---- What a change of a skill's rules would do to the current market ------------------------


@dataclass(frozen=True)
class RulesPreview:
    """How many postings of the current snapshot's source mention a skill under its saved
    rules (`before`) and under the rules typed in (`after`); `gained` and `lost` are postings
    that would start or stop counting it. `missing` says why there is nothing to count."""

    snapshot: str
    source: str
    postings: int = 0
    before: int = 0
    after: int = 0
    gained: int = 0
    lost: int = 0
    missing: str = ""


def skill_rules_preview(*, skill: Skill) -> RulesPreview | None:
    """`skill` as edited (unsaved) against the postings file the current snapshot was counted
    from, when the app keeps it (imports from a path on the server record it; uploads are
    read and let go). Every other skill keeps its saved rules, so an alias claimed by an
    earlier skill stays with it. None when no market is published."""
    snapshot = Snapshot.objects.filter(is_current=True).first()
    if snapshot is None:
        return None
    summary = snapshot.import_summary or {}
    name = summary.get("file") or snapshot.source
    preview = functools.partial(RulesPreview, snapshot=snapshot.label, source=name)
    if summary.get("format") != POSTINGS:
        return preview(
            missing="The current market was not counted from job postings (it is an aggregate "
            "or the seed analysis), so there are no postings to count the change on."
        )
    kept = summary.get(SOURCE_PATH)
    if not kept or not Path(kept).is_file():
        return preview(
            missing=f"The postings file the current market was counted from ({name}) is not "
            "kept: uploads are read and let go. Import it with `manage.py import_market "
            "<path>` from a folder on the server to preview changes against it."
        )
    skills = list(Skill.objects.only(*MATCHING_FIELDS))
    edited = [skill if s.pk == skill.pk else s for s in skills]
    if skill.pk is None:
        edited.append(skill)
    before, after = skill_matcher_build(skills=skills), skill_matcher_build(skills=edited)
    kind = file_kind(kept)
    # The postings the import counted: not blank rows, exact duplicates once.
    columns = {f: c for f, c in summary["columns"].items() if f in (TITLE, COMPANY, DESCRIPTION)}
    seen, postings, had, has, gained, lost = SeenPostings(), 0, 0, 0, 0, 0
    for _, frame, _ in CHUNK_READERS[kind.container](kept, kind, columns, name):
        title, company, description = posting_cells(frame)
        _, keep = postings_counted(title, company, description, seen=seen)
        texts = description[keep]
        old = _texts_with(before, texts, skill.slug)
        new = _texts_with(after, texts, skill.slug)
        postings += len(texts)
        had, has = had + len(old), has + len(new)
        gained, lost = gained + len(new - old), lost + len(old - new)
    return preview(postings=postings, before=had, after=has, gained=gained, lost=lost)


def _texts_with(matcher: SkillMatcher, texts, slug: str) -> set[int]:
    """Which of `texts` (by number) mention the skill `slug`."""
    if slug not in matcher.slugs or len(texts) == 0:
        return set()
    rows, skills = matcher.find_pairs(text_array(texts.array))
    return set(rows[skills == matcher.slugs.index(slug)].tolist())
