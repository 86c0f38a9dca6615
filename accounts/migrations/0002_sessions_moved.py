"""Sessions move from Django's table to accounts_session, each with its user's id, so that
nobody is signed out by the deploy. Expired ones are left behind (they sign nobody in)."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import migrations
from django.utils import timezone


def sessions_move(apps, schema_editor):
    OldSession = apps.get_model("sessions", "Session")
    Session = apps.get_model("accounts", "Session")
    # Signed with this SECRET_KEY and salted with the store's class name, as they were
    # (Django's database sessions and accounts/sessions.py are both `SessionStore`).
    decode = SessionStore().decode
    live = OldSession.objects.filter(expire_date__gt=timezone.now())
    batch = []
    for old in live.iterator(chunk_size=2000):
        user_id = decode(old.session_data).get(SESSION_KEY)
        user_id = int(user_id) if str(user_id).isdigit() else None  # as the user table keeps it
        batch.append(
            Session(
                session_key=old.session_key,
                session_data=old.session_data,
                expire_date=old.expire_date,
                user_id=user_id,
            )
        )
        if len(batch) >= 2000:
            Session.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Session.objects.bulk_create(batch, ignore_conflicts=True)
    OldSession.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(sessions_move, migrations.RunPython.noop)]
