import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


DEPLOY_CHECK = ("check", "--deploy", "--fail-level", "WARNING")
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x" * 20 + "a-much-longer-and-random-secret-key-value-1234567890",
    "DJANGO_ALLOWED_HOSTS": "skillgap.example.com",
}
PRODUCTION_MAIL = {
    "DJANGO_DEFAULT_FROM_EMAIL": "Skillgap <noreply@skillgap.example.com>",
    "DJANGO_EMAIL_HOST": "smtp.example.com",
    "DJANGO_EMAIL_USE_TLS": "1",
}


def test_deploy_check_is_clean_with_debug_off():
    result = run_manage(*DEPLOY_CHECK, **PRODUCTION, **PRODUCTION_MAIL)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_stays_clean_but_notes_when_mail_would_come_from_localhost():
    result = run_manage(*DEPLOY_CHECK, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "accounts.I001" in result.stderr and "DJANGO_DEFAULT_FROM_EMAIL" in result.stderr


@pytest.mark.parametrize("hosts", ["*", "skillgap.example.com,*"])
def test_deploy_check_warns_when_any_host_is_allowed(hosts):
    hosts_named = {**PRODUCTION, **PRODUCTION_MAIL, "DJANGO_ALLOWED_HOSTS": hosts}
    result = run_manage(*DEPLOY_CHECK, **hosts_named)
    assert result.returncode != 0
    assert "accounts.W001" in result.stderr and "reset" in result.stderr


def last_line(result: subprocess.CompletedProcess) -> str:
    lines = result.stdout.strip().splitlines()
    return lines[-1] if lines else ""


SHOW_MAIL = (
    "from django.conf import settings as s; from django.core.mail import mailers; "
    "m = mailers.default; "
    "print(type(m).__module__, getattr(m, 'host', '-'), getattr(m, 'port', '-'), "
    "getattr(m, 'username', '-'), getattr(m, 'use_tls', '-'), getattr(m, 'use_ssl', '-'), "
    "repr(s.DEFAULT_FROM_EMAIL))"
)


def test_mail_goes_to_the_console_in_development():
    result = run_manage("shell", "-c", SHOW_MAIL, DJANGO_DEBUG="1")
    # Django's console backend, printing each mail's text as written (accounts/mail.py).
    assert last_line(result).split()[0] == "accounts.mail", result.stderr


def test_development_s_mail_backend_is_django_s_console():
    from django.core.mail.backends.console import EmailBackend

    from accounts.mail import ConsoleBackend

    assert issubclass(ConsoleBackend, EmailBackend)


def test_mail_goes_to_the_smtp_server_the_environment_names_in_production():
    result = run_manage(
        "shell",
        "-c",
        SHOW_MAIL,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k" * 60,
        DJANGO_EMAIL_HOST="smtp.example.com",
        DJANGO_EMAIL_PORT="2525",
        DJANGO_EMAIL_HOST_USER="mailer",
        DJANGO_EMAIL_HOST_PASSWORD="secret",
        DJANGO_EMAIL_USE_SSL="1",
        DJANGO_DEFAULT_FROM_EMAIL="Skillgap <noreply@skillgap.example.com>",
    )
    assert last_line(result) == (
        "django.core.mail.backends.smtp smtp.example.com 2525 mailer False True "
        "'Skillgap <noreply@skillgap.example.com>'"
    ), result.stderr


def test_smtp_port_follows_tls_when_not_given():
    result = run_manage(
        "shell", "-c", SHOW_MAIL, DJANGO_EMAIL_HOST="smtp.example.com", DJANGO_EMAIL_USE_TLS="1"
    )
    assert last_line(result).split()[1:3] == ["smtp.example.com", "587"], result.stderr


def test_tls_and_ssl_together_are_refused_with_a_clear_message():
    result = run_manage(
        "check",
        DJANGO_EMAIL_HOST="smtp.example.com",
        DJANGO_EMAIL_USE_TLS="1",
        DJANGO_EMAIL_USE_SSL="1",
    )
    assert result.returncode != 0
    assert "DJANGO_EMAIL_USE_TLS and DJANGO_EMAIL_USE_SSL are both on" in result.stderr


@pytest.mark.parametrize("value", ["two", "-1"])
def test_a_proxy_count_that_is_not_a_whole_number_of_zero_or_more_is_refused(value):
    result = run_manage("check", SKILLGAP_PROXY_COUNT=value)
    assert result.returncode != 0
    assert "SKILLGAP_PROXY_COUNT must be" in result.stderr


# Whole numbers the environment sets (.env.example lists them): left empty they mean the
# default, and anything but a whole number stops the start with the variable's name.
NUMBERS = {"SKILLGAP_UPLOAD_MAX_MB": {}, "DJANGO_HSTS_SECONDS": PRODUCTION}


@pytest.mark.parametrize("name", NUMBERS)
def test_a_whole_number_setting_left_empty_takes_its_default(name):
    result = run_manage("check", **NUMBERS[name], **{name: ""})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", NUMBERS)
def test_a_whole_number_setting_that_is_not_one_is_refused_naming_it(name):
    result = run_manage("check", **NUMBERS[name], **{name: "fifty"})
    assert result.returncode != 0
    assert f"{name} must be a whole number, not 'fifty'." in result.stderr


@pytest.mark.django_db
def test_the_database_in_use_is_the_one_database_url_names():
    url = os.environ.get("DATABASE_URL") or ""
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_make_serve_mode_serves_plain_http_on_loopback_but_production_defaults_to_https():
    show = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    key = "k" * 60
    production = run_manage("shell", "-c", show, DJANGO_DEBUG="0", DJANGO_SECRET_KEY=key)
    assert production.stdout.split()[-3:] == ["True", "True", "31536000"], production.stderr
    loopback = run_manage(
        "shell", "-c", show, DJANGO_DEBUG="0", DJANGO_SECRET_KEY=key, DJANGO_HTTPS="0"
    )
    assert loopback.stdout.split()[-3:] == ["False", "False", "0"], loopback.stderr


def test_the_cache_in_use_is_redis_when_redis_url_is_set_else_local_memory():
    from django.conf import settings

    backend = settings.CACHES["default"]["BACKEND"]
    if os.environ.get("REDIS_URL"):
        assert backend == "django.core.cache.backends.redis.RedisCache"
        assert settings.CACHES["default"]["LOCATION"] == os.environ["REDIS_URL"]
    else:
        assert backend == "django.core.cache.backends.locmem.LocMemCache"
