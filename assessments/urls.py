from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("onboarding/", views.onboarding, name="onboarding"),
    path("skills/", views.skills, name="skills"),
    path("skills/suggest/", views.skills_suggest, name="skills_suggest"),
    path("skills/confirm/", views.skills_confirm_view, name="skills_confirm"),
    path("report/", views.report, name="report"),
    path("report/roles/", views.report_roles, name="report_roles"),
    path("report/market-seen/", views.report_market_seen, name="report_market_seen"),
    # Before report_for, whose <role_slug>/<seniority>/ would take "ads/<id>/".
    path("report/ads/", views.ads, name="ads"),
    path("report/ads/<int:ad_id>/", views.ad, name="ad"),
    path("report/ads/<int:ad_id>.csv", views.ad_csv, name="ad_csv"),
    path("report/ads/<int:ad_id>/delete/", views.ad_delete, name="ad_delete"),
    path("report/ads/<int:ad_id>/plan/", views.ad_plan, name="ad_plan"),
    path("report/ads/<int:ad_id>/reread/", views.ad_reread, name="ad_reread"),
    path("report/<slug:role_slug>/<str:seniority>/", views.report, name="report_for"),
    path("plan/", views.plan, name="plan"),
    path("plan.ics", views.plan_ics, name="plan_ics"),
    path("plan.csv", views.plan_csv, name="plan_csv"),
    path("plan.md", views.plan_md, name="plan_md"),
    path("plan/replan/", views.plan_replan, name="plan_replan"),
    path("plan/items/<int:item_id>/done", views.plan_item_done, name="plan_item_done"),
    path("plan/items/<int:item_id>/undo", views.plan_item_undone, name="plan_item_undo"),
    path("plan/share/", views.plan_share, name="plan_share"),
    path("shared/<str:token>/", views.shared, name="shared"),
]
