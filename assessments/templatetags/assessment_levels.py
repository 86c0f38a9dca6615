"""The 0-5 level `<option>`s, built once per selected level instead of once per control: the
skills page has a level control for every skill of the taxonomy."""

from functools import cache

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from assessments.models import LEVEL_CHOICES_DESCRIBED

register = template.Library()


def _option_text(value: int, label: str, description: str, described: bool, needed: int) -> str:
    text = f"{value} {label}: {description}" if described else f"{value} {label}"
    return f"{text} (needed)" if value == needed else text


@cache
def _options(selected: int, described: bool, needed: int) -> SafeString:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (
                value,
                " selected" if value == selected else "",
                _option_text(value, label, description, described, needed),
            )
            for value, label, description in LEVEL_CHOICES_DESCRIBED
        ),
    )


@register.simple_tag
def level_options(selected, described: bool = True, needed=None) -> SafeString:
    """`<option>`s 0 None .. 5 Expert with `selected` (an int 0-5) selected; `described` adds
    each level's one-line description ("3 Working: Use it on real work without help.");
    `needed` marks the level a target requires ("3 Working (needed)")."""
    return _options(_int_or(selected), bool(described), _int_or(needed))


def _int_or(value, default: int = -1) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
