"""The session and the signed-in user, read in plain SQL (accounts/sessions.py and
accounts/backends.py), are what Django's ORM reads would give."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.backends import AccountBackend

pytestmark = pytest.mark.django_db


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
    gone = make_user("gone", is_active=False)
    backend = AccountBackend()
    assert backend.get_user(str(gone.pk)) is None
    assert backend.get_user("999999") is None
    assert backend.get_user("not-a-number") is None


def test_a_session_past_its_expiry_date_signs_nobody_in(user_client):
    assert user_client.get("/skills/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = user_client.get("/skills/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
