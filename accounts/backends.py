"""Django's model backend, with the signed-in person's user row read in plain SQL.

Every signed-in request loads its user; the ORM's query building was the larger part of
that (bench/RESULTS.md). Logging in, permissions and everything else are ModelBackend's.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        fields = model._meta.concrete_fields
        table = model._meta.db_table
        columns = ", ".join(f'"{field.column}"' for field in fields)
        where = f'"{model._meta.pk.column}" = %s'
        db = router.db_for_read(model)
        connection = connections[db]
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT {columns} FROM "{table}" WHERE {where}', [pk])
            row = cursor.fetchone()
        if row is None:
            return None
        values = []
        for field, value in zip(fields, row, strict=True):  # as the ORM reads them
            column = field.get_col(table)
            for convert in connection.ops.get_db_converters(column) + field.get_db_converters(
                connection
            ):
                value = convert(value, column, connection)
            values.append(value)
        user = model.from_db(db, [field.attname for field in fields], values)
        return user if self.user_can_authenticate(user) else None
