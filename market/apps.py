from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MarketConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "market"
    verbose_name = "Market data"

    def ready(self) -> None:
        post_migrate.connect(_ensure_default_market, sender=self)


def _ensure_default_market(sender, using="default", **kwargs) -> None:
    # After every migrate (and every test-database flush) the seed market is present.
    from market.ingestion.seed import seed_ensure

    seed_ensure(using=using)
