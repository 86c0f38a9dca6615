from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = "Assessments"

    def ready(self) -> None:
        post_migrate.connect(_after_migrate, sender=self)


def _after_migrate(sender, using="default", apps=None, **kwargs) -> None:
    # After every migrate (and every test-database flush): the person version triggers on
    # every table of the app, then the levels' descriptions; not after a partial or backwards
    # migrate, whose schema lacks columns of the current models.
    from assessments.services.levels import level_descriptors_ensure
    from assessments.services.versioning import person_version_triggers_install
    from config.migrating import schema_is_current

    if not schema_is_current("assessments", apps):
        return
    person_version_triggers_install(using=using)
    level_descriptors_ensure(using=using)
