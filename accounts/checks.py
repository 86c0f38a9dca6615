from django.conf import settings
from django.core.checks import Info, Tags, register


@register(Tags.security, deploy=True)
def sender_address_check(app_configs, **kwargs):
    """Password-reset mail from an address at localhost is refused or marked as spam. A note,
    not a warning: a deployment may try the site before its mail is set up."""
    backend = settings.MAILERS.get("default", {}).get("BACKEND", "")
    if "@localhost" in settings.DEFAULT_FROM_EMAIL and backend.endswith("smtp.EmailBackend"):
        return [
            Info(
                "DJANGO_DEFAULT_FROM_EMAIL is not set: password-reset e-mails would come from "
                f"{settings.DEFAULT_FROM_EMAIL}, which mail servers refuse or file as spam.",
                hint="Set DJANGO_DEFAULT_FROM_EMAIL to an address of your domain (.env.example).",
                id="accounts.I001",
            )
        ]
    return []
