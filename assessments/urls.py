from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("onboarding/", views.onboarding, name="onboarding"),
    path("skills/", views.skills, name="skills"),
    path("report/", views.report, name="report"),
    path("report/roles/", views.report_roles, name="report_roles"),
    path("report/<slug:role_slug>/<str:seniority>/", views.report, name="report_for"),
    path("plan/", views.plan, name="plan"),
    path("plan.ics", views.plan_ics, name="plan_ics"),
]
