"""The person's version: database triggers that give a person a new token on every change
of their data (the twin of market/services/versioning.py, which does it for the market).

Why triggers: a person's rows change through the services (levels, profile, target, hours,
plan order, plan build and refresh, check-off, undo, share links, job ads), the admin, bulk
writes and the cascades of an account deletion or a market edit (a skill deleted, a snapshot's
SET NULL); a trigger sees every INSERT, UPDATE and DELETE whichever code runs it, and writes
the new token in the same transaction, so readers see the change and the new token together,
at commit, in every process. Tokens are random, never counters (a restored or flushed
database never brings back a token whose cached pages showed other data).

Whose row it is comes from the model: its `user` foreign key, or the `user` of the row it
belongs to (a plan's items, an ad's skills); a table with neither (level descriptors) is read
by everyone's pages and moves person 0. The triggers are (re)installed after every `migrate`
on every table of the app, so a table added later is covered without anyone remembering.

The version row is also the person's write lock (`person_locked`): a trigger locks it on the
first write of a transaction, after the row written. Two writes for one person that touched
their rows in different orders (a check-off marks the item then raises the level; a level
save locks the level then bumps the version) could each hold a row the other waits for, and
PostgreSQL cancelled one. Every write service therefore locks the version row first, so a
second write for the same person waits at its start, holding nothing. The admin's deletes that
reach people's rows (a user, a market skill, role or snapshot their rows point at) lock every
person they reach the same way, in one query and in person id order (`people_lock`,
`PersonLockedDeletes`).
"""

import operator
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from functools import reduce, wraps

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import DO_NOTHING, PROTECT, RESTRICT, ForeignKey, Model, Q, QuerySet
from django.utils import timezone

from assessments.models import PersonVersion
from market.services.versioning import tables_with_trigger

TRIGGER = "person_version_bump"
FORGET = "person_version_forget"  # a deleted account's row goes with it
VERSION_TABLE = PersonVersion._meta.db_table
EVERYONE = 0  # the person whose token every personal page's key holds too

_SQLITE_TOKEN = "lower(hex(randomblob(16))), strftime('%Y-%m-%d %H:%M:%f', 'now')"
_POSTGRES_TOKEN = "replace(gen_random_uuid()::text, '-', ''), clock_timestamp()"
_NEW_TOKEN = (
    "ON CONFLICT (person_id) DO UPDATE SET token = excluded.token, changed_at = excluded.changed_at"
)


def person_lock(*, user) -> None:
    """Lock the person's version row until the transaction ends (SELECT ... FOR UPDATE; a
    no-op on SQLite, whose write transactions lock the whole database). A person without a
    row yet gets one first; two writers making it at once both end up waiting on it."""
    if not connections[DEFAULT_DB_ALIAS].in_atomic_block:
        raise RuntimeError("person_lock outside a transaction would hold nothing.")
    rows = PersonVersion.objects.select_for_update().filter(person_id=user.pk)
    if rows.values_list("pk", flat=True):
        return
    PersonVersion.objects.bulk_create(  # ON CONFLICT DO NOTHING: another writer made it first
        [PersonVersion(person_id=user.pk, token=uuid.uuid4().hex, changed_at=timezone.now())],
        ignore_conflicts=True,
    )
    list(rows.values_list("pk", flat=True))


# The person whose lock an enclosing `person_locked` service holds (a check-off setting a
# level, a re-plan building the plan): the lock lasts as long as that service's transaction.
_holding: ContextVar[int | None] = ContextVar("person_lock_holder", default=None)


def person_locked[**P, R](service: Callable[P, R]) -> Callable[P, R]:
    """A write service of one person's rows (its keyword `user`): runs in a transaction
    that takes the person's lock (`person_lock`) before anything else, unless a service it
    is called from holds it already."""

    @wraps(service)
    def locked(*args: P.args, **kwargs: P.kwargs) -> R:
        person = kwargs["user"].pk
        with transaction.atomic():
            if _holding.get() == person:
                return service(*args, **kwargs)
            person_lock(user=kwargs["user"])
            holding = _holding.set(person)
            try:
                return service(*args, **kwargs)
            finally:
                _holding.reset(holding)

    return locked


def _is_user(field) -> bool:
    return isinstance(field, ForeignKey) and field.related_model._meta.label == (
        settings.AUTH_USER_MODEL
    )


def _person_path(model: type[Model]) -> tuple[ForeignKey, ...]:
    """The foreign keys from a row of `model` to its person: (its user,), or (its owner, the
    owner's user) for a row of this app's row that has one (a plan's item, an ad's skill); ()
    for a table read by everyone (level descriptors)."""
    fields = model._meta.concrete_fields
    for field in fields:
        if _is_user(field):
            return (field,)
    for field in fields:
        owner = field.related_model
        if not isinstance(field, ForeignKey) or owner._meta.app_label != "assessments":
            continue  # (a market snapshot has a user too: whoever imported it, not the owner)
        user = next((f for f in owner._meta.concrete_fields if _is_user(f)), None)
        if user is not None:
            return (field, user)
    return ()


def person_of(model: type[Model]) -> str:
    """SQL for the person a row of `model` belongs to, with `{row}` for NEW or OLD."""
    match _person_path(model):
        case (user,):
            return f"{{row}}.{user.column}"
        case (field, user):
            owner = field.related_model
            return (
                f'(SELECT "{user.column}" FROM "{owner._meta.db_table}" '
                f'WHERE "{owner._meta.pk.column}" = {{row}}."{field.column}")'
            )
    return str(EVERYONE)


# ---- Deletes that reach many people's rows (the admin's) -------------------------------------

_KEEPS_ROWS = (PROTECT, RESTRICT, DO_NOTHING)  # a delete these refuse changes no person's row


def people_reached(*, deleting: QuerySet) -> list[QuerySet]:
    """Subqueries of the ids of the people whose rows deleting `deleting` deletes or changes:
    the users themselves, for users; else the people whose rows of this app point at a deleted
    row and go with it or are set to NULL (a skill: their levels, level history and ads'
    skills; a role: targets and ads; a snapshot: the last one seen)."""
    ids = deleting.order_by().values("pk")
    if deleting.model._meta.label == settings.AUTH_USER_MODEL:
        return [ids]
    reached = []
    for model in apps.get_app_config("assessments").get_models(include_auto_created=True):
        path = "__".join(field.name for field in _person_path(model))
        for field in model._meta.concrete_fields:
            if (
                path
                and isinstance(field, ForeignKey)
                and field.related_model is deleting.model
                and field.remote_field.on_delete not in _KEEPS_ROWS
            ):
                rows = model._base_manager.filter(**{f"{field.name}__in": ids})
                reached.append(rows.values(path))
    return reached


def people_lock(*, deleting: QuerySet) -> list[int]:
    """Before deleting `deleting` (users, or market rows that people's rows point at): lock
    the version rows of every person it reaches (`people_reached`) in one query, in person id
    order, so that two such deletes never deadlock and a person's write service waits or is
    waited for at its start. Returns the people locked (those with a version row: whoever has
    rows has one)."""
    if not connections[DEFAULT_DB_ALIAS].in_atomic_block:
        raise RuntimeError("people_lock outside a transaction would hold nothing.")
    reached = people_reached(deleting=deleting)
    if not reached:
        return []
    rows = PersonVersion.objects.select_for_update().filter(
        reduce(operator.or_, (Q(person_id__in=people) for people in reached))
    )
    return list(rows.order_by("person_id").values_list("person_id", flat=True))


class PersonLockedDeletes:
    """A ModelAdmin mixin: deleting one row or a selection first locks every person the
    delete reaches (`people_lock`), in the delete's transaction. The confirmation page takes
    no lock."""

    def delete_model(self, request, obj) -> None:
        with transaction.atomic():
            people_lock(deleting=type(obj)._base_manager.filter(pk=obj.pk))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        with transaction.atomic():
            people_lock(deleting=queryset)
            super().delete_queryset(request, queryset)


def person_tables() -> dict[str, str]:
    """Every table of the app but the version's own, with its person expression."""
    config = apps.get_app_config("assessments")
    return {
        model._meta.db_table: person_of(model)
        for model in config.get_models(include_auto_created=True)  # many-to-many tables too
        if model is not PersonVersion
    }


def _bump(person: str, token: str) -> str:
    # SQLite needs the WHERE to parse an upsert after INSERT ... SELECT.
    return (
        f'INSERT INTO "{VERSION_TABLE}" (person_id, token, changed_at) '
        f"SELECT person, {token} FROM (SELECT {person} AS person) AS row_person "
        f"WHERE person IS NOT NULL {_NEW_TOKEN};"
    )


def _changed(person: str) -> str:
    """The condition under which an UPDATE also moves the row's previous person."""
    return f"{person.format(row='OLD')} IS DISTINCT FROM {person.format(row='NEW')}"


def _postgres_function(table: str, person: str) -> str:
    new, old = person.format(row="NEW"), person.format(row="OLD")
    return f"""
CREATE OR REPLACE FUNCTION {TRIGGER}_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN {_bump(new, _POSTGRES_TOKEN)} END IF;
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND {_changed(person)}) THEN
    {_bump(old, _POSTGRES_TOKEN)}
  END IF;
  RETURN NULL;
END $$;
"""


def _sqlite_triggers(table: str, person: str) -> dict[str, str]:
    new, old = person.format(row="NEW"), person.format(row="OLD")
    return {
        "INSERT": _bump(new, _SQLITE_TOKEN),
        "DELETE": _bump(old, _SQLITE_TOKEN),
        "UPDATE": _bump(new, _SQLITE_TOKEN)
        + _bump(f"CASE WHEN {_changed(person)} THEN {old} END", _SQLITE_TOKEN),
    }


def _user_table() -> tuple[str, str]:
    user = apps.get_model(settings.AUTH_USER_MODEL)
    return user._meta.db_table, user._meta.pk.column


def person_version_triggers_install(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Install (or replace) the triggers on every existing table of the app, and the one on
    the user table that forgets a deleted account's version."""
    connection = connections[using]
    user_table, user_id = _user_table()
    forget = f'DELETE FROM "{VERSION_TABLE}" WHERE person_id = OLD."{user_id}";'
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        if VERSION_TABLE not in existing:
            return
        tables = {t: p for t, p in person_tables().items() if t in existing}
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {FORGET}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {forget} RETURN NULL; END $$;"
            )
            cursor.execute(
                f'CREATE OR REPLACE TRIGGER {FORGET} AFTER DELETE ON "{user_table}" '
                f"FOR EACH ROW EXECUTE FUNCTION {FORGET}()"
            )
            for table, person in tables.items():
                cursor.execute(_postgres_function(table, person))
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE "
                    f'ON "{table}" FOR EACH ROW EXECUTE FUNCTION {TRIGGER}_{table}()'
                )
        elif connection.vendor == "sqlite":
            cursor.execute(f'DROP TRIGGER IF EXISTS "{FORGET}"')
            cursor.execute(
                f'CREATE TRIGGER "{FORGET}" AFTER DELETE ON "{user_table}" BEGIN {forget} END'
            )
            for table, person in tables.items():
                for event, body in _sqlite_triggers(table, person).items():
                    name = f"{TRIGGER}_{table}_{event.lower()}"
                    cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
                    cursor.execute(
                        f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" BEGIN {body} END'
                    )
        else:
            raise NotImplementedError(f"person version triggers for {connection.vendor}")


def person_version_triggers_drop(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Remove every trigger `person_version_triggers_install` made, and on PostgreSQL their
    functions (before the version table goes: migrating back past it)."""
    connection = connections[using]
    user_table, _ = _user_table()
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        if connection.vendor == "postgresql":
            for table in [*person_tables(), user_table]:
                if table in existing:
                    name = FORGET if table == user_table else TRIGGER
                    cursor.execute(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')
            for function in [FORGET, *(f"{TRIGGER}_{table}" for table in person_tables())]:
                cursor.execute(f"DROP FUNCTION IF EXISTS {function}()")
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                "(name LIKE %s OR name = %s)",
                [f"{TRIGGER}_%", FORGET],
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def person_version_triggered_tables(*, using: str = DEFAULT_DB_ALIAS) -> set[str]:
    """The tables that carry the person version trigger (for checks and tests)."""
    return tables_with_trigger(name=TRIGGER, using=using)
