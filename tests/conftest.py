import datetime as dt
import os
import threading
import uuid
from datetime import date

import hypothesis
import pytest
from django.core.cache import caches
from django.utils import timezone

from assessments.services.ads import job_ad_create, reading_rules_forget
from assessments.services.plans import plan_build, plan_refresh, share_link_create
from assessments.services.profile import profile_update
from assessments.services.skills import skill_level_set
from market.models import Role, Skill
from tests.site_pages import World

# Hypothesis's per-example deadline is a timed assertion: on a shared, busy 2-CPU machine it
# fails examples that are merely slow. Every property here checks results, never time.
hypothesis.settings.register_profile(
    "skillgap", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow]
)
hypothesis.settings.load_profile("skillgap")

# A job ad with must-haves, a list of alternatives, nice-to-haves and a part about the company.
SITE_AD = """Senior Machine Learning Engineer
About us
Our product is built on OpenAI.
Requirements
- Python and PyTorch; Airflow and Snowflake for pipelines
- One of AWS or GCP
Nice to have
- Docker
"""

# The day the plan tests take for today: before the January 2030 start month that `onboard`
# and `target` give by default, so their months, dates and "in about N months" stay as the
# tests write them whatever the real date (`plans_start_ahead`).
PLANS_MADE_ON = dt.date(2026, 12, 1)

# pytest-django's live_server with Playwright's sync API runs ORM calls from an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Manifest storage needs collectstatic; tests serve files straight from static/.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    # Log-in and sign-up counts live in the cache (local memory): each test starts with none;
    # this process's copy of cached pages ("local") too, and the job ads' reading rules (kept
    # by market version, which a rolled-back test gives back: queries counted alike in any order).
    for each in caches.all():
        each.clear()
    reading_rules_forget()
    yield
    for each in caches.all():
        each.clear()
    reading_rules_forget()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 costs seconds per user on a busy 2-core machine; no test measures hashing strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reset_mails_out():
    """Waits until the password-reset mails being sent (beside the answer) are out."""

    def wait() -> None:
        for thread in threading.enumerate():
            if thread.name == "password-reset-mail":
                thread.join(timeout=30)

    return wait


@pytest.fixture
def password() -> str:
    return "a-long-Unusual-passphrase-42"


@pytest.fixture
def make_user(django_user_model, password):
    def make(username: str = "ada", **extra):
        return django_user_model.objects.create_user(username=username, password=password, **extra)

    return make


@pytest.fixture
def user(make_user):
    return make_user("ada")


@pytest.fixture
def other_user(make_user):
    return make_user("mallory")


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def onboard():
    """Give a person a target and rated skills through the app's services. By default a
    software engineer aiming at Senior ML Engineer, 8 h/week from January 2030, nothing
    rated: `onboard(user, skills={"python": 3})`."""

    def onboard(
        user,
        *,
        background: str = "software_engineer",
        role: str = "ml-engineer",
        seniority: str = "senior",
        hours: int = 8,
        start: date | None = date(2030, 1, 1),
        skills: dict[str, int] | None = None,
    ):
        profile_update(
            user=user,
            background=background,
            target_role=Role.objects.get(slug=role),
            target_seniority=seniority,
            hours_per_week=hours,
            start_month=start,
        )
        for slug, level in (skills or {}).items():
            skill_level_set(user=user, skill=Skill.objects.get(slug=slug), level=level)
        if skills:
            plan_refresh(user=user)  # as rating on My skills does
        return user

    return onboard


@pytest.fixture
def site_world(make_user, onboard):
    """The people `tests/site_pages.py` visits pages as: a newcomer (signed up, nothing
    else), a member (Senior ML Engineer target, a few ratings, a plan, a share link and a
    saved job ad) and a staff admin. Returns the example arguments and the user of each
    audience."""
    member = onboard(make_user("member"), skills={"python": 3, "sql": 2, "pytorch": 1})
    plan_build(user=member)
    token = share_link_create(user=member).token
    ad = job_ad_create(user=member, text=SITE_AD)
    users = {
        "newcomer": make_user("newcomer"),
        "member": member,
        "staff": make_user("staff", is_staff=True, is_superuser=True),
    }
    return World(share_token=token, ad_id=ad.pk), users


REDIS_DEFAULT = "redis://127.0.0.1:6379/0"


def _redis_url() -> tuple[str, str]:
    """(url, "") of the Redis to test against, or ("", the reason there is none)."""
    import redis

    url = os.environ.get("REDIS_URL", "")
    if url:
        return url, ""  # named on purpose: it must answer (CI sets it)
    try:
        redis.Redis.from_url(REDIS_DEFAULT, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return "", (
            "REDIS_URL is not set and no Redis server answers on 127.0.0.1:6379 "
            "(.ci/run starts one and sets REDIS_URL)"
        )
    return REDIS_DEFAULT, ""


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request, settings) -> str:
    """Run the test once on local memory and once on Redis (the production cache), each
    with a cache of its own."""
    prefix = f"skillgap-tests-{uuid.uuid4().hex[:12]}"
    if request.param == "redis":
        url, why = _redis_url()
        if not url:
            pytest.skip(why)
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    else:
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": prefix}
    local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"{prefix}-1"}
    settings.CACHES = {"default": {**backend, "KEY_PREFIX": prefix, "TIMEOUT": 600}, "local": local}
    return request.param


@pytest.fixture
def today(monkeypatch):
    """Sets the day the app takes for today: `today(dt.date(2026, 1, 29))`."""

    def set_today(day: dt.date) -> dt.date:
        noon = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
        monkeypatch.setattr(timezone, "now", lambda: noon)
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    return set_today


@pytest.fixture
def plans_start_ahead(monkeypatch):
    """The app's clock runs from noon on PLANS_MADE_ON (a test may set another day after):
    plans starting in January 2030 start ahead, as their tests assume, even once the real
    clock has passed it. It runs on, so what happens later in a test still comes later."""
    real_now = timezone.now
    shift = dt.datetime.combine(PLANS_MADE_ON, dt.time(12), tzinfo=dt.UTC) - real_now()
    monkeypatch.setattr(timezone, "now", lambda: real_now() + shift)
    return PLANS_MADE_ON
