"""What the password validators say about a new password (too short, too common, entirely
numeric, too similar) shows at the field where it was typed, on sign-up, password change and
password reset, and in the admin (its own password change, a person's password, a new user);
"the two passwords didn't match" stays at the confirmation."""

import re

import pytest

from tests.test_form_errors import control, summary_links

pytestmark = pytest.mark.django_db

WEAK = {
    "too short": ("Xq7$", "This password is too short. It must contain at least 8 characters."),
    "too common": ("password123", "This password is too common."),
    "entirely numeric": ("80417395526", "This password is entirely numeric."),
    "too similar": ("gracehopper1", "The password is too similar to the username."),
}


def assert_error_at_first_field_only(html: str, first: str, label: str, message: str) -> None:
    """`message` is the first password field's error, linked from the summary; the
    confirmation has none."""
    assert (f"#id_{first}", f"{label}: {message}") in summary_links(html)
    tag = control(html, f"id_{first}")
    assert 'aria-invalid="true"' in tag
    assert re.search(rf'aria-describedby="[^"]*\bid_{first}_error\b', tag)
    errors = re.search(rf'<ul class="errorlist" id="id_{first}_error">(.*?)</ul>', html, re.S)
    assert errors and message in errors[1]
    confirmation = first[:-1] + "2"
    assert f'id="id_{confirmation}_error"' not in html
    assert 'aria-invalid="true"' not in control(html, f"id_{confirmation}")


@pytest.mark.parametrize("kind", WEAK)
def test_sign_up_shows_a_weak_password_at_the_password_not_its_confirmation(client, kind):
    weak, message = WEAK[kind]
    data = {"username": "gracehopper", "password1": weak, "password2": weak}
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 400
    assert_error_at_first_field_only(response.content.decode(), "password1", "Password", message)


def test_password_change_shows_a_weak_new_password_at_the_new_password(client, user, password):
    client.force_login(user)
    data = {"old_password": password, "new_password1": "12345678", "new_password2": "12345678"}
    html = client.post("/accounts/password/", data).content.decode()
    assert_error_at_first_field_only(
        html, "new_password1", "New password", "This password is too common."
    )
    user.refresh_from_db()
    assert user.check_password(password)


def test_a_weak_password_that_also_does_not_match_shows_each_error_at_its_field(client):
    data = {"username": "grace", "password1": "12345678", "password2": "12345679"}
    html = client.post("/accounts/signup/", data).content.decode()
    assert summary_links(html) == [
        ("#id_password1", "Password: This password is too common."),
        ("#id_password1", "Password: This password is entirely numeric."),
        ("#id_password2", "Password confirmation: The two password fields didn’t match."),
    ]


def admin_field_errors(html: str, field_id: str) -> str:
    """The text of the admin's error list for one field ("" without one)."""
    found = re.search(rf'<ul class="errorlist" id="{field_id}_error">(.*?)</ul>', html, re.S)
    return found[1] if found else ""


def assert_admin_error_at_first_field_only(html: str, first: str, message: str) -> None:
    assert message in admin_field_errors(html, f"id_{first}")
    assert 'aria-invalid="true"' in control(html, f"id_{first}")
    confirmation = first[:-1] + "2"
    assert admin_field_errors(html, f"id_{confirmation}") == ""
    assert 'aria-invalid="true"' not in control(html, f"id_{confirmation}")


@pytest.fixture
def root_logged_in(client, make_user):
    root = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(root)
    return root


def test_the_user_admin_s_change_password_form_shows_a_weak_password_at_the_password(
    client, root_logged_in, user, password
):
    data = {"password1": "12345678", "password2": "12345678"}
    response = client.post(f"/admin/auth/user/{user.pk}/password/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert_admin_error_at_first_field_only(html, "password1", "This password is too common.")
    user.refresh_from_db()
    assert user.check_password(password)


def test_the_user_admin_s_add_user_form_shows_a_weak_password_at_the_password(
    client, root_logged_in, django_user_model
):
    data = {"username": "gracehopper", "password1": "gracehopper1", "password2": "gracehopper1"}
    data["usable_password"] = "true"
    response = client.post("/admin/auth/user/add/", data)
    assert response.status_code == 200
    html = response.content.decode()
    message = "The password is too similar to the username."
    assert_admin_error_at_first_field_only(html, "password1", message)
    assert not django_user_model.objects.filter(username="gracehopper").exists()


def test_the_admin_s_own_password_change_shows_a_weak_new_password_at_the_new_password(
    client, root_logged_in, password
):
    data = {"old_password": password, "new_password1": "1234", "new_password2": "1234"}
    response = client.post("/admin/password_change/", data)
    assert response.status_code == 400
    html = response.content.decode()
    message = "This password is too short. It must contain at least 8 characters."
    assert_admin_error_at_first_field_only(html, "new_password1", message)
    root_logged_in.refresh_from_db()
    assert root_logged_in.check_password(password)
