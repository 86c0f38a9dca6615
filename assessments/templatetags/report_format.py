"""Figures of the gap report that need the whole result, not one row."""

from django import template

from assessments.scoring import GapResult, SkillGap

register = template.Library()


@register.filter
def points(result: GapResult, gap: SkillGap) -> float:
    """{{ result|points:gap }}: the readiness points closing `gap` gains (`GapResult.points`)."""
    return result.points(gap)
