from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from accounts import checks  # noqa: F401  (registers the deploy checks)


class SiteAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with the site's own AdminSite (accounts/admin_site.py)."""

    default = False  # named in INSTALLED_APPS; "accounts" stays AccountsConfig
    default_site = "accounts.admin_site.SiteAdminSite"
