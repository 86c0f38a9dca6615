from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class Session(AbstractBaseSession):
    """Django's session row, with the signed-in person's id beside the encoded data.

    Every signed-in request reads its session and then its user; with the id in a column both
    come back from one query (accounts/sessions.py), and deleting an account deletes its
    sessions on every device by that column instead of decoding every session. The id is
    written from the session's own data each time Django saves the row, so it always names
    the user the data names. No foreign-key constraint in the database: a session saved by a
    request that was under way while its account was deleted keeps a dangling id and signs
    nobody in (the user is not found), instead of failing that request."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="+",
    )

    class Meta(AbstractBaseSession.Meta):
        db_table = "accounts_session"

    @classmethod
    def get_session_store_class(cls):
        from accounts.sessions import SessionStore

        return SessionStore
