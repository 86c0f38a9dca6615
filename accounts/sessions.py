"""Django's database sessions, with the session and its signed-in user read in one query.

Every signed-in request reads its session, then its user. Each is a round trip to the
database, and building the ORM queries cost several times more CPU than running them
(bench/RESULTS.md, "Where the time goes"). Here one plain-SQL query reads the session row and,
through the user id the row keeps beside its data (accounts.models.Session), the user's row;
the user is handed to the authentication backend (accounts/backends.py) when Django asks for
it. Same rules as Django's database sessions: a session counts until its expiry date, writes
are Django's, and Django still checks the session against the user's password hash.

On PostgreSQL the query is a prepared statement, made once per database connection: planning
the join every time cost the server about as much as running it (0.08 of 0.3 ms a request).
"""

import weakref

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone

from accounts import backends


class SessionStore(DatabaseSessionStore):
    user_read = None  # the user row read with the session (None: no one signed in, or gone)

    @classmethod
    def get_model_class(cls):
        from accounts.models import Session

        return Session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = _user_id_of(data)
        return session

    def _get_session_from_db(self):
        model = self.model
        db = router.db_for_read(model)
        connection = connections[db]
        reader = backends.user_reader(connection, prefix="u")
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(_session_query(connection, reader), [self.session_key, now])
            row = cursor.fetchone()
        self.user_read = None
        if row is None:
            self._session_key = None
            return None
        if row[1 + reader.pk_index] is not None:
            self.user_read = reader.user(row[1:], connection)
        return model(session_key=self.session_key, session_data=row[0])


_STATEMENT = "accounts_session_with_user"
# PostgreSQL connections (the driver's own objects: a new connection is a new object) that
# hold the prepared statement. It outlives transactions, rolled back ones included.
_prepared: "weakref.WeakSet" = weakref.WeakSet()


def _session_query(connection, reader) -> str:
    """The session row (if not expired) with its user's columns: SQL to run with the session
    key and the time now. On PostgreSQL, the EXECUTE of a statement prepared on first use."""
    from accounts.models import Session

    select = (
        f'SELECT s.session_data, {reader.columns} FROM "{Session._meta.db_table}" s '
        f'LEFT JOIN "{reader.table}" u ON u."{reader.pk_column}" = s.user_id '
        "WHERE s.session_key = {key} AND s.expire_date > {now}"
    )
    if connection.vendor != "postgresql":
        return select.format(key="%s", now="%s")
    raw = connection.connection
    if raw not in _prepared:
        # Set up on the driver's connection, as Django sets up its own connection state:
        # not one of the request's queries.
        raw.execute(
            f"PREPARE {_STATEMENT}(text, timestamptz) AS " + select.format(key="$1", now="$2")
        )
        _prepared.add(raw)
    return f"EXECUTE {_STATEMENT}(%s, %s)"


def _user_id_of(data: dict):
    """The signed-in user's id in the session's data, as the user table keeps it (None when
    no one is signed in)."""
    return backends.user_pk(data[SESSION_KEY]) if SESSION_KEY in data else None
