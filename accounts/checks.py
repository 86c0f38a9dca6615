from django.conf import settings
from django.core.checks import Info, Tags, Warning, register


@register(Tags.security, deploy=True)
def sender_address_check(app_configs, **kwargs):
    """Password-reset mail from an address at localhost is refused or marked as spam. A note,
    not a warning: a deployment may try the site before its mail is set up."""
    backend = settings.MAILERS.get("default", {}).get("BACKEND", "")
    if "@localhost" in settings.DEFAULT_FROM_EMAIL and backend.endswith("smtp.EmailBackend"):
        return [
            Info(
                "DJANGO_DEFAULT_FROM_EMAIL is not set: password-reset emails would come from "
                f"{settings.DEFAULT_FROM_EMAIL}, which mail servers refuse or file as spam.",
                hint="Set DJANGO_DEFAULT_FROM_EMAIL to an address of your domain (.env.example).",
                id="accounts.I001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def any_host_check(app_configs, **kwargs):
    """Password-reset mails build their link from the host the request names, which Django
    checks against ALLOWED_HOSTS: with "*" a request naming any host gets a mail whose link
    leads there (Host header poisoning), token included."""
    if settings.DEBUG or "*" not in settings.ALLOWED_HOSTS:
        return []
    return [
        Warning(
            'DJANGO_ALLOWED_HOSTS allows any host ("*"): a password-reset request naming '
            "another site's host would mail a link, with its token, to that site.",
            hint="Set DJANGO_ALLOWED_HOSTS to the host names the site answers to (.env.example).",
            id="accounts.W001",
        )
    ]
