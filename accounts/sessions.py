"""Django's database sessions, read in plain SQL.

Every signed-in request reads its session before anything else; building the ORM query
(`Session.objects.get(...)`) cost several times more CPU than running it, and it is most of
what a page served from the cache costs (bench/RESULTS.md, "Where the time goes"). Same
table, same rows, same rule (a session counts until its expiry date); writes are Django's.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        model = self.model
        table = model._meta.db_table
        connection = connections[router.db_for_read(model)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT session_data FROM "{table}" WHERE session_key = %s AND expire_date > %s',
                [self.session_key, now],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])
