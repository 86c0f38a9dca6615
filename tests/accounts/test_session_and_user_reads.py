"""The session and the signed-in user, read in plain SQL (accounts/sessions.py and
accounts/backends.py), are what Django's ORM reads would give."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client, RequestFactory
from django.utils import timezone

from accounts.backends import AccountBackend
from accounts.middleware import AuthenticationMiddleware
from accounts.models import Session
from accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db

BEFORE_MOVE = [("accounts", "0001_initial"), ("sessions", "0001_initial")]
HOUR = dt.timedelta(hours=1)

BEFORE_MOVE = [("accounts", "0001_initial"), ("sessions", "0001_initial")]
HOUR = dt.timedelta(hours=1)


def test_the_signed_in_user_is_read_with_every_field_as_the_orm_reads_it(make_user):
    user = make_user("ada", email="ada@example.com", is_staff=True)
    user.last_login = timezone.now()
    user.save()
    read = AccountBackend().get_user(str(user.pk))
    expected = User.objects.get(pk=user.pk)
    for field in User._meta.concrete_fields:
        value, want = getattr(read, field.attname), getattr(expected, field.attname)
        assert value == want and type(value) is type(want), field.name


def test_no_user_for_an_unknown_or_malformed_id_or_an_inactive_account(make_user):
    gone = make_user("gone-session-key", is_active=False)
    backend = AccountBackend()
    assert backend.get_user(str(gone.pk)) is None
    assert backend.get_user("999999") is None
    assert backend.get_user("not-a-number") is None


def test_a_session_past_its_expiry_date_signs_nobody_in(user_client):
    assert user_client.get("/skills/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = user_client.get("/skills/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# ---- The session and its user in one query (accounts/sessions.py, accounts/middleware.py) ----


def request_user(session_key: str):
    """request.user as the middleware gives it, for a request carrying `session_key`."""
    request = RequestFactory().get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = session_key
    SessionMiddleware(lambda r: None).process_request(request)
    AuthenticationMiddleware(lambda r: None).process_request(request)
    return request.user


def signed_in_key(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_a_session_keeps_the_id_of_the_user_its_data_names(make_user):
    ada = make_user("ada")
    key = signed_in_key(ada)
    session = Session.objects.get(session_key=key)
    assert session.user_id == ada.pk
    assert session.get_decoded()[SESSION_KEY] == str(ada.pk)
    anonymous = SessionStore()
    anonymous["seen"] = True
    anonymous.save()
    assert Session.objects.get(session_key=anonymous.session_key).user_id is None


def test_the_session_and_its_user_come_back_in_one_query_as_the_orm_reads_them(
    make_user, django_assert_num_queries
):
    ada = make_user("ada", email="ada@example.com", is_staff=True)
    key = signed_in_key(ada)
    with django_assert_num_queries(1):
        user = request_user(key)
        assert user.is_authenticated
    expected = User.objects.get(pk=ada.pk)
    for field in User._meta.concrete_fields:
        value, want = getattr(user, field.attname), getattr(expected, field.attname)
        assert value == want and type(value) is type(want), field.name


def test_a_password_changed_elsewhere_signs_the_session_out(make_user):
    ada = make_user("ada")
    key = signed_in_key(ada)
    ada.set_password("a new password entirely")
    ada.save()  # on another device: the hash the session was signed in with is gone
    assert request_user(key).is_anonymous
    assert not Session.objects.filter(session_key=key).exists()  # flushed


def test_a_deactivated_account_signs_nobody_in(make_user):
    ada = make_user("ada")
    key = signed_in_key(ada)
    User.objects.filter(pk=ada.pk).update(is_active=False)
    assert request_user(key).is_anonymous


def test_the_data_names_the_user_even_if_the_column_says_otherwise(
    make_user, django_assert_num_queries
):
    ada, bob = make_user("ada"), make_user("bob")
    key = signed_in_key(ada)
    Session.objects.filter(session_key=key).update(user_id=bob.pk)
    with django_assert_num_queries(2):  # bob's row came with the session: not used, ada read
        assert request_user(key).username == "ada"


def test_deleting_an_account_deletes_its_sessions_and_a_dangling_one_signs_nobody_in(make_user):
    ada, bob = make_user("ada"), make_user("bob")
    keys = [signed_in_key(ada), signed_in_key(ada)]  # two devices
    User.objects.filter(pk=ada.pk).delete()
    assert not Session.objects.filter(session_key__in=keys).exists()
    # A session saved by a request under way while the account went keeps the id it had.
    key = signed_in_key(bob)
    with connection.cursor() as cursor:  # bypasses Django's cascade
        cursor.execute(f"DELETE FROM {User._meta.db_table} WHERE id = %s", [bob.pk])
    assert Session.objects.get(session_key=key).user_id == bob.pk
    assert request_user(key).is_anonymous


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_live_sessions_with_their_users_and_leaves_expired_ones(make_user):
    ada = make_user("ada")
    signed_in = Session.objects.get(session_key=signed_in_key(ada))
    data = signed_in.session_data  # as a log-in before the deploy wrote it
    signed_in.delete()
    now = timezone.now()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_MOVE)
    try:
        old = executor.loader.project_state(BEFORE_MOVE).apps.get_model("sessions", "Session")
        old.objects.create(
            session_key="live-session-key", session_data=data, expire_date=now + HOUR
        )
        old.objects.create(
            session_key="anon-session-key",
            session_data=SessionStore().encode({}),
            expire_date=now + HOUR,
        )
        old.objects.create(
            session_key="gone-session-key", session_data=data, expire_date=now - HOUR
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    moved = {s.session_key: s for s in Session.objects.all()}
    assert set(moved) == {"live-session-key", "anon-session-key"}
    assert (
        moved["live-session-key"].user_id == ada.pk
        and moved["live-session-key"].session_data == data
    )
    assert moved["anon-session-key"].user_id is None
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_session")
        assert cursor.fetchone() == (0,)
    assert request_user("live-session-key").username == "ada"  # still signed in after the deploy


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="prepared statements are PostgreSQL's; on SQLite the query is sent as it is",
)


def prepared_statements() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_read_is_prepared_once_per_connection_and_survives_a_rollback(
    make_user, django_assert_num_queries
):
    ada = make_user("ada")
    key = signed_in_key(ada)
    connection.close()  # a new connection: nothing prepared on it yet
    with pytest.raises(RuntimeError), transaction.atomic():
        with django_assert_num_queries(1):  # the EXECUTE; preparing is not a request query
            assert request_user(key).username == "ada"
        assert "accounts_session_with_user" in prepared_statements()
        raise RuntimeError("rolled back")
    assert "accounts_session_with_user" in prepared_statements()
    with django_assert_num_queries(1):
        assert request_user(key).username == "ada"
    connection.close()
    assert request_user(key).username == "ada"  # prepared again on the next connection
