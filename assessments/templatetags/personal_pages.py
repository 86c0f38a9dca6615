"""Why a page needs an account: said on the log-in page to a visitor whose link (My skills,
Report, Plan...) led there, instead of a silent redirect."""

from urllib.parse import urlsplit

from django import template
from django.urls import Resolver404, resolve

register = template.Library()

_SKILLS = "My skills keeps the level you rate for each skill, so it is kept in your account."
_REPORT = (
    "Your gap report compares the skills you rated with what employers ask for, "
    "so it is kept in your account."
)
_PLAN = (
    "Your learning plan is built from your own gaps and hours per week, "
    "so it is kept in your account."
)
# url name in the "assessments" namespace -> why that page needs the person's account
REASONS = {
    "skills": _SKILLS,
    "skills_suggest": _SKILLS,
    "report": _REPORT,
    "report_for": _REPORT,
    "report_roles": "The best-fit ranking scores every role against the skills you rated, "
    "so it is kept in your account.",
    "plan": _PLAN,
    "plan_ics": _PLAN,
    "plan_csv": _PLAN,
    "plan_md": _PLAN,
    "onboarding": "Your profile holds your target role and the hours you have each week, "
    "so it is kept in your account.",
}


@register.simple_tag
def login_reason(next_url: str | None) -> str:
    """Why the page `next_url` (the log-in form's ?next=) needs an account; "" if it is not
    one of the personal pages."""
    if not next_url:
        return ""
    try:
        match = resolve(urlsplit(next_url).path)
    except Resolver404:
        return ""
    if match.namespace != "assessments":
        return ""
    return REASONS.get(match.url_name, "")
