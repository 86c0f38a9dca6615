from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", account_views.healthz, name="healthz"),
    path("favicon.ico", account_views.favicon, name="favicon"),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("market/", include("market.urls")),
    path("", include("assessments.urls")),
]

handler400 = "accounts.views.bad_request"
handler404 = "accounts.views.not_found"
