"""The admin site (settings: accounts.apps.SiteAdminConfig makes it `admin.site`)."""

from django.contrib.admin import AdminSite
from django.urls import reverse

from accounts.forms import AdminOwnPasswordForm
from accounts.views import ChangePasswordView


class AdminOwnPasswordView(ChangePasswordView):
    """/admin/password_change/: the site's password change (wrong old passwords count
    towards the log-in limits; 429 once paused) in the admin's form and template."""

    form_class = AdminOwnPasswordForm


class SiteAdminSite(AdminSite):
    def password_change(self, request, extra_context=None):
        """AdminSite.password_change, with AdminOwnPasswordView."""
        request.current_app = self.name
        return AdminOwnPasswordView.as_view(
            success_url=reverse("admin:password_change_done", current_app=self.name),
            extra_context={**self.each_context(request), **(extra_context or {})},
        )(request)
