"""Formatting market figures the way the seed prints them."""

from django import template

from market import certainty, vocabulary

register = template.Library()


@register.simple_tag
def target_title(role, seniority: str) -> str:
    """{% target_title role "senior" %} -> "Senior ML Engineer" (a Role or a role's name;
    a Role's person title at a level: "Senior AI/ML Researcher")."""
    if isinstance(role, str):
        return vocabulary.target_title(role_name=role, seniority=seniority)
    return role.target_title(seniority)


@register.filter
def seniority_name(seniority: str) -> str:
    """ "mid" -> "Mid-level", "all" -> "All levels"."""
    return vocabulary.seniority_label(seniority)


@register.filter
def snapshot_title(snapshot) -> str:
    """A snapshot as people see it: "November refresh (analysed 2025-11-30)"."""
    return f"{snapshot.label} (analysed {snapshot.analysis_date:%Y-%m-%d})"


@register.simple_tag
def tentative_below() -> int:
    """Postings below which a priority tier is tentative (`market.certainty`)."""
    return certainty.TENTATIVE_BELOW


@register.simple_tag
def few_postings() -> int:
    """Postings below which a share is shown with its 95% interval (`market.certainty`)."""
    return certainty.FEW_POSTINGS


def _figure(unknown: str):
    """A filter that prints a figure, or `unknown` when the figure is missing."""

    def wrap(format_known):
        def figure_filter(value) -> str:
            return unknown if value is None or value == "" else format_known(value)

        figure_filter.__name__ = format_known.__name__
        figure_filter.__doc__ = format_known.__doc__
        return register.filter(format_known.__name__, figure_filter)

    return wrap


@_figure("unknown")
def usd(value) -> str:
    """215000 -> "$215,000" (`vocabulary.usd_text`: every salary on every page)."""
    return vocabulary.usd_text(value)


@_figure("–")
def pct(value) -> str:
    """87.7 -> "87.7%"."""
    return f"{float(value):.1f}%"


@_figure("–")
def signed_pct(value) -> str:
    """A change in percentage points: +6.3 pts / −4.1 pts / ±0.0 pts."""
    value = float(value)
    return f"{'+' if value > 0 else '−' if value < 0 else '±'}{abs(value):.1f} pts"


@_figure("unknown")
def count(value) -> str:
    """8764 -> "8,764"."""
    return f"{int(value):,}"
