"""The taxonomy's matching rules, from the database: each skill's aliases (with their case
rule), exclusion phrases and whether its name counts, as the matcher takes them
(market.ingestion.matching.SkillRules), and what is wrong with a skill's rules before it is
saved. Every matching path (imports, paste-to-suggest, job ads, the warehouse query) builds its
matcher here, so all of them apply the same rules."""

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from market.ingestion.matching import (
    AliasRule,
    SkillMatcher,
    SkillRules,
    is_one_letter,
    is_proximity,
    phrase_groups,
    phrase_normalised,
    phrase_problem,
    rules_normalised,
    text_array,
)
from market.ingestion.postings import COMPANY, DESCRIPTION, TITLE
from market.ingestion.reading import (
    POSTINGS,
    MarketImportError,
    file_fingerprint,
    file_kind,
    postings_chunks,
)
from market.ingestion.tally import SeenPostings, posting_cells, postings_counted
from market.models import Skill, Snapshot, phrase_lines

# import_summary keys: where the postings file is kept, and its fingerprint when it was read
SOURCE_PATH, SOURCE_FILE = "source_path", "source_file"

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


def skill_matcher_build(
    *, skills: Iterable[Skill] | None = None, rules: tuple[SkillRules, ...] | None = None
) -> SkillMatcher:
    """A matcher over the rules of `skills` (default: every skill of the taxonomy, in display
    order: an alias two skills claim belongs to the first), or over `rules` already made from
    them (`skill_rules_of`). One per taxonomy and process: its regular expressions and
    compiled patterns are kept for the next request or import."""
    if rules is None:
        if skills is None:
            skills = Skill.objects.only(*MATCHING_FIELDS)
        rules = tuple(skill_rules_of(s) for s in skills)
    return _matcher_for(rules)


@functools.lru_cache(maxsize=4)
def _matcher_for(rules: tuple[SkillRules, ...]) -> SkillMatcher:
    return SkillMatcher.from_rules(rules)


def _key(phrase: str) -> str:
    return phrase_normalised(phrase) or " ".join(re.split(r"[\s\-]+", phrase.strip().lower()))


def skill_rules_problems(*, skill: Skill) -> dict[str, list[str]]:
    """What is wrong with a skill's matching rules, by field ({} when nothing): a phrase the
    matcher could never find (no letter or digit; a proximity alias, "deploy ... models",
    with nothing on one side of a "..."), a phrase another skill already has, a case-sensitive
    alias without a capital, an exclusion phrase that holds none of the skill's aliases, a skill
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
            if problem := phrase_problem(phrase):
                say(field, f"“{phrase}” {problem}.")
    # A one-letter group of a proximity alias is held to the one-letter rule: a capital, by case.
    for field in ("aliases", "case_sensitive_aliases"):
        for phrase in filter(is_proximity, fields[field]):
            letter = next((g for g in phrase_groups(phrase) if is_one_letter(g)), None)
            if letter and (field == "aliases" or letter.islower()):
                say(
                    field,
                    f"“{phrase}” has a word group of one letter (“{letter}”), which in any case "
                    "is an everyday word or initial: list the alias under case-sensitive aliases, "
                    "its letter a capital, as a one-letter alias is.",
                )
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
    # Exclusion phrases are found in any case: one holds an alias if it does in some case. A
    # word group of a proximity alias counts as one: blanked out, it voids the proximity
    # mentions it would start or end there ("your CV" and "CV ... AI").
    phrases = [a.phrase for a in own.aliases]
    phrases += [g for p in phrases if is_proximity(p) for g in phrase_groups(p)]
    any_case = SkillMatcher.from_rules(
        [SkillRules(own.slug, tuple(AliasRule(p) for p in dict.fromkeys(phrases)))]
    )
    for phrase in fields["exclusions"]:
        words = " ".join(phrase_groups(phrase))  # a proximity phrase's words, side by side
        if not (any_case.find(words) or any_case.find(words.upper())):
            say(
                "exclusions",
                f"“{phrase}” holds none of this skill's aliases (nor a word group of one of "
                "its proximity aliases), so it would never void one.",
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
    that would start or stop counting it. `missing` says why there is nothing to count;
    `unchecked` why the counts may not describe the published market; `new`: the skill is
    not saved yet."""

    snapshot: str
    source: str
    postings: int = 0
    before: int = 0
    after: int = 0
    gained: int = 0
    lost: int = 0
    missing: str = ""
    unchecked: str = ""
    new: bool = False


def skill_rules_preview(*, skill: Skill) -> RulesPreview | None:
    """`skill` as edited (unsaved) against the postings file the current snapshot was counted
    from, when the import kept it (market_import's keep_source: `manage.py import_market`
    keeps the file it is given; uploads are read and let go) and it has not changed since
    (file_fingerprint). Every other skill keeps its saved rules, so an alias claimed by an
    earlier skill stays with it. None when no market is published."""
    snapshot = Snapshot.objects.filter(is_current=True).first()
    if snapshot is None:
        return None
    summary = snapshot.import_summary or {}
    name = summary.get("file") or snapshot.source
    preview = functools.partial(
        RulesPreview, snapshot=snapshot.label, source=name, new=skill.pk is None
    )
    if summary.get("format") != POSTINGS:
        return preview(
            missing="The current market was not counted from job postings (it is an aggregate "
            "or the seed analysis), so there are no postings to count the change on."
        )
    kept = summary.get(SOURCE_PATH)
    if not kept:
        return preview(
            missing=f"The postings file the current market was counted from ({name}) is not "
            "kept: uploads are read and let go. Import it on the server with python manage.py "
            "import_market FILE (from a folder there) to preview changes against it."
        )
    again = "Import the file again with python manage.py import_market FILE to preview changes."
    if not Path(kept).is_file():
        return preview(
            missing=f"The postings file the current market was counted from was kept at "
            f"{kept} and is no longer there. {again}"
        )
    recorded = summary.get(SOURCE_FILE)
    try:
        if recorded is not None and file_fingerprint(kept) != recorded:
            return preview(
                missing=f"The postings file kept at {kept} has changed since the current "
                "market was counted from it (its size, time or contents differ), so counts on "
                f"it would not describe the published market. {again}"
            )
        counts = _rules_counts(kept, summary=summary, skill=skill)
    except MarketImportError as exc:
        return preview(missing=f"The kept postings file cannot be read: {exc}")
    except OSError as exc:
        return preview(
            missing=f"The kept postings file {kept} cannot be read: {exc.strerror or exc}."
        )
    unchecked = ""
    if recorded is None:  # imported before fingerprints were recorded: counted, doubt said
        unchecked = (
            "The current market was imported before the app recorded its file's size and "
            f"time, so whether {kept} changed since cannot be checked: if it did, these counts "
            f"do not describe the published market. {again}"
        )
    return preview(unchecked=unchecked, **counts)


def skill_rules_among(rules: Sequence[SkillRules], *, slug: str) -> tuple[SkillRules, ...]:
    """The rules skill `slug` has in a matcher of all `rules` (rules_normalised: without the
    aliases an earlier skill claims), alone: () when none is left. Each alias is looked for on
    its own and exclusion phrases void only their own skill's aliases, so a matcher of these
    finds the skill exactly where the whole taxonomy's matcher does, at a fraction of the work."""
    return tuple(r for r in rules_normalised(rules) if r.slug == slug)


def _rules_counts(path: str, *, summary: dict, skill: Skill) -> dict:
    """RulesPreview's counts: one pass over the kept file, each chunk's postings (as the
    import counted them) fed to two one-skill matchers, the saved rules' and the edited ones'."""
    stored = list(Skill.objects.only(*MATCHING_FIELDS))  # in the order the import takes them
    saved = [skill_rules_of(s) for s in stored]
    edited = [skill if s.pk == skill.pk else s for s in stored]
    edited = [skill_rules_of(s) for s in edited]
    if skill.pk is None:
        edited.append(skill_rules_of(skill))
    old_slug = next((s.slug for s in stored if s.pk == skill.pk), None)
    counts = _RulesCounts(
        before=skill_rules_among(saved, slug=old_slug) if old_slug else (),
        after=skill_rules_among(edited, slug=skill.slug),
    )
    kind = file_kind(path, name=path)
    columns = {f: c for f, c in summary["columns"].items() if f in (TITLE, COMPANY, DESCRIPTION)}
    if kind.container != "jsonl":  # a JSON Lines header is its first object's keys only
        for column in columns.values():
            if column not in kind.header:
                raise MarketImportError(
                    "the import read this column; the file has none", file=path, column=column
                )
    for _, frame, _ in postings_chunks(path, kind, columns, path):
        counts.add(frame)
        del frame  # postings_chunks hands its buffers back before reading the next chunk
    return counts.totals


class _RulesCounts:
    """Postings that mention a skill under two sets of its rules, chunk by chunk."""

    def __init__(self, *, before: tuple[SkillRules, ...], after: tuple[SkillRules, ...]):
        self.before, self.after = (
            SkillMatcher.from_rules(rules) if rules else None for rules in (before, after)
        )
        self.seen = SeenPostings()
        self.totals = dict.fromkeys(("postings", "before", "after", "gained", "lost"), 0)

    def add(self, frame) -> None:
        """Count a chunk's postings as the import does: not blank rows, exact duplicates once."""
        title, company, description = posting_cells(frame)
        _, keep = postings_counted(title, company, description, seen=self.seen)
        texts = text_array(description[keep].array)
        old, new = _texts_with(self.before, texts), _texts_with(self.after, texts)
        for key, value in (
            ("postings", len(texts)),
            ("before", len(old)),
            ("after", len(new)),
            ("gained", len(new - old)),
            ("lost", len(old - new)),
        ):
            self.totals[key] += value


def _texts_with(matcher: SkillMatcher | None, texts) -> set[int]:
    """Which of `texts` (by number) a one-skill matcher finds its skill in."""
    if matcher is None or len(texts) == 0:
        return set()
    rows, _ = matcher.find_pairs(texts)
    return set(rows.tolist())
