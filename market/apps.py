from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.autoreload import file_changed


class MarketConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "market"
    verbose_name = "Market data"

    def ready(self) -> None:
        post_migrate.connect(_ensure_default_market, sender=self)
        file_changed.connect(_code_changed)


def _code_changed(sender, file_path, **kwargs) -> None:
    # runserver reloads templates without restarting: cached pages must follow the new code.
    from market.page_cache import release

    release.cache_clear()


def _ensure_default_market(sender, using="default", apps=None, **kwargs) -> None:
    # After every migrate (and every test-database flush): the version triggers on every
    # market table first (so the seed's rows set the version), then the seed market; not
    # after a partial or backwards migrate, whose schema lacks columns of the current models.
    from config.migrating import schema_is_current
    from market.ingestion.seed import seed_ensure
    from market.services.versioning import market_version_triggers_install

    if not schema_is_current("market", apps):
        return
    market_version_triggers_install(using=using)
    seed_ensure(using=using)
