"""Formatting market figures the way the seed prints them."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html

register = template.Library()


@register.filter
def usd(value) -> str:
    """215000 -> "$215,000"; unknown -> "unknown"."""
    if value is None or value == "":
        return "unknown"
    return f"${int(value):,}"


@register.filter
def usd_k(value) -> str:
    """215000 -> "$215K" (as the seed prints salaries)."""
    if value is None or value == "":
        return "unknown"
    value = int(value)
    return f"${value // 1000}K" if value % 1000 == 0 else f"${value:,}"


@register.filter
def pct(value) -> str:
    """87.7 -> "87.7%"; unknown -> "–"."""
    if value is None or value == "":
        return "–"
    return f"{float(value):.1f}%"


@register.filter
def signed_pct(value) -> str:
    """A change in percentage points: +6.3 / −4.1."""
    if value is None:
        return "–"
    value = float(value)
    return f"{'+' if value > 0 else '−' if value < 0 else '±'}{abs(value):.1f} pts"


@register.filter
def count(value) -> str:
    if value is None or value == "":
        return "unknown"
    return f"{int(value):,}"


@register.filter
def chart_data(config, element_id: str):
    """A chart config as JSON text in a hidden element that static/js/charts.js reads like a
    json_script. Used inside htmx-swapped fragments: with `allowScriptTags: false` (base.html),
    htmx drops every <script> of a swapped fragment, json_script ones included."""
    text = json.dumps(config, cls=DjangoJSONEncoder)
    return format_html('<div hidden id="{}" class="chart-data">{}</div>', element_id, text)
