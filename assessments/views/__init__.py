"""Assessment views: one module per page group; urls.py imports them from here."""

from assessments.views._placeholder import (  # noqa: F401  (C and D replace these)
    onboarding,
    plan,
    plan_ics,
    report,
    report_roles,
    skills,
)
