"""Assessment views: one module per page group; urls.py imports them from here."""

from assessments.views.ads import ad, ad_csv, ad_delete, ad_plan, ad_reread, ads  # noqa: F401
from assessments.views.plan import (  # noqa: F401
    plan,
    plan_csv,
    plan_ics,
    plan_item_done,
    plan_item_undone,
    plan_md,
    plan_replan,
)
from assessments.views.profile import onboarding  # noqa: F401
from assessments.views.report import report, report_market_seen, report_roles  # noqa: F401
from assessments.views.share import plan_share, shared  # noqa: F401
from assessments.views.skills import skills, skills_confirm_view, skills_suggest  # noqa: F401
