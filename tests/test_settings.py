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


def test_deploy_check_is_clean_with_debug_off():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 20 + "a-much-longer-and-random-secret-key-value-1234567890",
        DJANGO_ALLOWED_HOSTS="skillgap.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr


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
