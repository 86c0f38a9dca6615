from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import connection

from assessments.services.versioning import person_locked


def user_sign_up(*, username: str, password: str, email: str = "") -> User:
    return User.objects.create_user(username=username, password=password, email=email)


@person_locked
def account_delete(*, user) -> None:
    """Deletes the person and every row of theirs (the database cascades from the user to
    everything that belongs to them; market snapshots they imported stay, without their name)
    and ends their sessions on every device."""
    Session.objects.filter(session_key__in=_session_keys_of(user)).delete()
    user.delete()


def _session_keys_of(user) -> list[str]:
    # A session keeps the user's id inside its encoded data (expired ones too, until
    # clearsessions runs): decode each. Deleting an account is rare; this is a scan.
    user_id = str(user.pk)
    sessions = Session.objects.only("session_key", "session_data").iterator(chunk_size=2000)
    return [s.session_key for s in sessions if s.get_decoded().get(SESSION_KEY) == user_id]


def database_is_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False
