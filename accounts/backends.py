"""Django's model backend, with the signed-in person's user row read in plain SQL.

Every signed-in request loads its user; the ORM's query building was the larger part of
that (bench/RESULTS.md). Usually the row has already come back with the session
(accounts/sessions.py) and is taken from there; otherwise it is read here. Logging in,
permissions and everything else are ModelBackend's.
"""

import contextvars
import weakref
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router

# The session whose user Django is loading (accounts/middleware.py sets it around Django's
# own `get_user`, which then calls AccountBackend.get_user with the id the session holds).
_session = contextvars.ContextVar("session_of_the_user_being_loaded", default=None)


@contextmanager
def users_read_with(session):
    """While Django loads the request's user: take it from the row read with `session`."""
    token = _session.set(session)
    try:
        yield
    finally:
        _session.reset(token)


@dataclass(frozen=True)
class UserReader:
    """How one connection reads the user table in plain SQL and makes users of its rows as
    the ORM would (same fields, same database converters). Made once per connection."""

    table: str
    columns: str  # the select list
    pk_column: str
    pk_index: int
    fields: tuple
    converters: tuple  # (field index, the converters the ORM applies to its column)

    def user(self, row, connection):
        values = list(row[: len(self.fields)])
        for i, converters in self.converters:
            column = self.fields[i].get_col(self.table)
            for convert in converters:
                values[i] = convert(values[i], column, connection)
        return get_user_model().from_db(connection.alias, [f.attname for f in self.fields], values)


_readers: "weakref.WeakKeyDictionary[object, dict[str, UserReader]]" = weakref.WeakKeyDictionary()


def user_reader(connection, *, prefix: str = "") -> UserReader:
    """The reader of the user table for `connection`, its columns qualified by `prefix`."""
    by_prefix = _readers.setdefault(connection, {})
    if prefix not in by_prefix:
        model = get_user_model()
        fields = tuple(model._meta.concrete_fields)
        table = model._meta.db_table
        qualify = f"{prefix}." if prefix else ""
        converters = []
        for i, field in enumerate(fields):
            column = field.get_col(table)
            found = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
            if found:
                converters.append((i, tuple(found)))
        by_prefix[prefix] = UserReader(
            table=table,
            columns=", ".join(f'{qualify}"{field.column}"' for field in fields),
            pk_column=model._meta.pk.column,
            pk_index=fields.index(model._meta.pk),
            fields=fields,
            converters=tuple(converters),
        )
    return by_prefix[prefix]


def user_pk(user_id):
    """A user id as a session keeps it (text), as the user table keeps it; None if malformed."""
    try:
        return get_user_model()._meta.pk.to_python(user_id)
    except ValidationError:
        return None


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        pk = user_pk(user_id)
        if pk is None:
            return None
        session = _session.get()
        if session is not None and session.user_read is not None and session.user_read.pk == pk:
            user = session.user_read
        else:
            user = self._user_read(pk)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None

    def _user_read(self, pk):
        db = router.db_for_read(get_user_model())
        connection = connections[db]
        reader = user_reader(connection)
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT {reader.columns} FROM "{reader.table}" WHERE "{reader.pk_column}" = %s',
                [pk],
            )
            row = cursor.fetchone()
        return None if row is None else reader.user(row, connection)
