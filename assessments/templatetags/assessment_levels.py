"""The 0-5 level `<option>`s, built once per selected level instead of once per control: the
skills page has a level control for every skill of the taxonomy; a level by its name."""

from functools import cache

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from assessments import ad_analysis
from assessments.models import Level

register = template.Library()


def _option_text(value: int, label: str, needed: int) -> str:
    text = f"{value} {label}"
    return f"{text} (needed)" if value == needed else text


@cache
def _options(selected: int, needed: int) -> SafeString:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, " selected" if value == selected else "", _option_text(value, label, needed))
            for value, label in Level.choices
        ),
    )


@register.simple_tag
def level_options(selected, needed=None) -> SafeString:
    """`<option>`s 0 None .. 5 Expert with `selected` (an int 0-5) selected; `needed` marks
    the level a target requires ("3 Working (needed)"). Short on purpose: what a level means
    for a skill is shown beside the control, where a phone does not cut it off."""
    return _options(_int_or(selected), _int_or(needed))


@register.filter
def level_name(level) -> str:
    """3 -> "Working (3)": a skill level as the report writes it."""
    return ad_analysis.level_name(int(level))


def _int_or(value, default: int = -1) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
