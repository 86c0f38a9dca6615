from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        post_migrate.connect(_ensure_level_descriptors, sender=self)


def _ensure_level_descriptors(sender, using="default", **kwargs) -> None:
    # After every migrate (and every test-database flush) the levels have their descriptions.
    from assessments.services.levels import level_descriptors_ensure

    level_descriptors_ensure(using=using)
