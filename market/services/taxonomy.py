"""The taxonomy's matching rules, from the database: each skill's aliases (with their case
rule), exclusion phrases and whether its name counts, as the matcher takes them
(market.ingestion.matching.SkillRules), and what is wrong with a skill's rules before it is
saved. Every matching path (imports, paste-to-suggest, job ads, the warehouse query) builds its
matcher here, so all of them apply the same rules."""

import functools
import re
from collections.abc import Iterable

from market.ingestion.matching import AliasRule, SkillMatcher, SkillRules, rules_normalised
from market.models import Skill, phrase_lines

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
