"""What post_migrate receivers may assume about the database schema.

`migrate` sends post_migrate after every run, also after a partial one (`migrate market 0009`)
or a backwards one. The receivers that write rows (the seed market, the level descriptors) use
the current models, whose columns a partial schema lacks, so they must not run then."""

from django.apps import apps as global_apps


def schema_is_current(app_label: str, apps=None) -> bool:
    """Whether every model of `app_label` has, in the project state `apps` that post_migrate
    passes (None: a flush, which keeps the schema), exactly the columns of the current model."""
    if apps is None or apps is global_apps:
        return True
    for model in global_apps.get_app_config(app_label).get_models():
        try:
            historical = apps.get_model(model._meta.label)
        except LookupError:
            return False
        columns = {f.column for f in historical._meta.concrete_fields}
        if columns != {f.column for f in model._meta.concrete_fields}:
            return False
    return True
