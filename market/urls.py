from django.urls import path

from market import views

app_name = "market"

urlpatterns = [
    path("", views.index, name="index"),
    path("compare/", views.compare, name="compare"),
    path("timeline/", views.timeline, name="timeline"),
    path("paths/", views.paths, name="paths"),
    path("trends/", views.trends, name="trends"),
    path("resources/", views.resources, name="resources"),
    path("<slug:role_slug>/<slug:seniority>/", views.detail, name="detail"),
]
