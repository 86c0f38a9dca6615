"""Writes to a person's skill levels (each change kept in SkillLevelChange), and finding
skills in pasted text."""

from collections.abc import Mapping
from dataclasses import dataclass

from assessments.models import SkillLevel, SkillLevelChange
from assessments.selectors import levels_for
from assessments.services.versioning import person_locked
from market.models import Skill
from market.services.taxonomy import skill_matcher_build


@person_locked
def skill_level_set(
    *, user, skill: Skill, level: int, source: str = SkillLevelChange.Source.RATED
) -> SkillLevel:
    """Set the person's level of `skill` (0-5) and record the change with its date.

    Setting the level it already has records nothing.
    """
    if not 0 <= int(level) <= 5:
        raise ValueError(f"A level is 0 to 5, not {level}.")
    current = SkillLevel.objects.select_for_update().filter(user=user, skill=skill).first()
    previous = current.level if current else 0
    if current is None:
        current = SkillLevel.objects.create(user=user, skill=skill, level=level)
    elif current.level != level:
        current.level = level
        current.save(update_fields=["level", "updated_at"])
    if previous != level:
        SkillLevelChange.objects.create(
            user=user, skill=skill, level=level, previous_level=previous, source=source
        )
    return current


@dataclass(frozen=True)
class SkillSuggestion:
    skill: Skill
    phrases: tuple[str, ...]  # the text as it appeared, each once, in order of appearance
    current_level: int

    @property
    def matched(self) -> str:
        return ", ".join(f"“{p}”" for p in self.phrases)


def skills_suggest_from_text(*, text: str, user=None) -> list[SkillSuggestion]:
    """Skills mentioned in `text`, found with the market import's whole-word alias matcher,
    in order of first mention, each with the phrases that matched. Changes nothing."""
    skills = {s.slug: s for s in Skill.objects.all()}
    matcher = skill_matcher_build(skills=skills.values())
    phrases: dict[str, list[str]] = {}
    for slug, phrase in matcher.find_spans(text):
        seen = phrases.setdefault(slug, [])
        if phrase not in seen:
            seen.append(phrase)
    levels = levels_for(user=user) if user is not None else {}
    return [
        SkillSuggestion(skills[slug], tuple(found), levels.get(slug, 0))
        for slug, found in phrases.items()
    ]


@person_locked
def skill_levels_set(
    *, user, levels: Mapping[str, int], source: str = SkillLevelChange.Source.RATED
) -> dict[Skill, int]:
    """Set several levels at once (by skill slug), each change recorded with `source`;
    returns what was saved, in the order given (unknown slugs are ignored).

    The skills are read locked (FOR NO KEY UPDATE on PostgreSQL, in name order as
    market.ingestion.refresh's discard locks them): a skill a discard is deleting meanwhile is
    waited for and then left out, instead of its rating failing the save at commit."""
    locked = Skill.objects.select_for_update(no_key=True).order_by("name")
    skills = locked.in_bulk(list(levels), field_name="slug")
    saved = {skills[slug]: level for slug, level in levels.items() if slug in skills}
    for skill, level in saved.items():
        skill_level_set(user=user, skill=skill, level=level, source=source)
    return saved


def skills_confirm(*, user, levels: Mapping[str, int]) -> dict[Skill, int]:
    """Save the levels (by skill slug) the person confirmed from suggestions (source
    "suggested"); returns what was saved, in the order given (unknown slugs are ignored)."""
    return skill_levels_set(user=user, levels=levels, source=SkillLevelChange.Source.SUGGESTED)
