from django.contrib.auth.models import User
from django.db import connection

from assessments.page_cache import personal_pages_forget
from assessments.services.versioning import person_locked


def user_sign_up(*, username: str, password: str, email: str = "") -> User:
    return User.objects.create_user(username=username, password=password, email=email)


@person_locked
def account_delete(*, user) -> None:
    """Deletes the person and every row of theirs (the database cascades from the user to
    everything that belongs to them; market snapshots they imported stay, without their name)
    and ends their sessions on every device (accounts.models.Session keeps each session's
    user, and goes with the user), and deletes their cached pages (in the shared cache and
    this process's; see assessments/page_cache.py)."""
    person_id = user.pk
    user.delete()
    personal_pages_forget(person_id=person_id)


def database_is_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False
