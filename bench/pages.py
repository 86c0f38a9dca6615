"""Benchmark the pages people use, as ratios to /healthz measured in the same run.

    python bench/pages.py                 # 1, 100 and 1000 users; in-process, then over HTTP
    python bench/pages.py --quick         # 1 and 50 users, in-process only (< 1 minute)
    python bench/pages.py --profile /report/roles/   # cProfile one page, print the hot spots

The database is a throw-away one: SQLite in a temporary directory, or, when DATABASE_URL
points at PostgreSQL, a database named `<its name>_pages` created on that server (with its
credentials) and dropped at the end. `migrate` loads the seed market (post_migrate).

Data, made with the app's own services: a "probe" person (target Senior ML Engineer, 20
rated skills with 90 days of history, a plan) whose pages are measured, and background
users (each with a profile, 20 rated skills with history and a plan) so the tables grow.
At the largest size a "heavy" person (every skill rated, a year of history) is measured
too, and then a second snapshot is published to time the "the market moved" notices.

Each page is requested in rounds (every page once per round, so noise hits all pages
alike) with Django's test Client in-process; queries are counted on one extra request.
Each figure is reported as a ratio of medians to /healthz (one `SELECT 1`) of the same
run, so results compare across machines. Over HTTP the pages are served by gunicorn (2
sync workers on 127.0.0.1, debug off) and fetched one at a time with http.client.
Results go to the pages section of bench/RESULTS.md; the rest of the file is kept.
"""

import argparse
import cProfile
import datetime as dt
import http.client
import os
import platform
import pstats
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.results import RESULTS, block_write  # noqa: E402

PROBE_SKILLS = 20
HEAVY_HISTORY_DAYS = 365
FLAT_LIMIT = 1.5  # a page "stays flat" if its ratio grows by less than this factor
BASELINE = "/healthz (baseline)"

SETTINGS_MODULE = '''"""bench/pages.py: the project's settings, static files without a manifest."""

from config.settings import *  # noqa: F403

STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
'''


# ---- The throw-away database -------------------------------------------------------------


@dataclass
class Database:
    url: str  # what Django (and gunicorn) connect to
    drop: object = None  # callable that removes it, or None


def database_prepare(workdir: Path) -> Database:
    """A fresh, empty database; PostgreSQL when DATABASE_URL says so, else SQLite."""
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith(("postgres://", "postgresql://")):
        if given:
            print(f"note: DATABASE_URL {urlsplit(given).scheme}:// not supported, using SQLite")
        return Database(f"sqlite:///{workdir / 'pages.sqlite3'}")
    import psycopg

    parts = urlsplit(given)
    name = f"{parts.path.lstrip('/') or 'skillgap'}_pages"
    url = urlunsplit(parts._replace(path=f"/{name}"))

    def server():
        # The maintenance database, as Django's test runner does; the named one may not exist.
        for db in ("postgres", parts.path.lstrip("/")):
            try:
                return psycopg.connect(urlunsplit(parts._replace(path=f"/{db}")), autocommit=True)
            except psycopg.OperationalError:
                continue
        raise SystemExit(f"cannot connect to the PostgreSQL server of {parts.hostname}")

    def drop():
        with server() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    drop()
    with server() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return Database(url, drop)


def django_setup(workdir: Path, database: Database) -> None:
    (workdir / "bench_pages_settings.py").write_text(SETTINGS_MODULE)
    env = {
        "DATABASE_URL": database.url,
        "DJANGO_SETTINGS_MODULE": "bench_pages_settings",
        "DJANGO_DEBUG": "0",  # as served: no query log, no template debug
        "DJANGO_SECRET_KEY": "bench-pages-only-" + "x" * 40,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_LOG_LEVEL": "ERROR",
        "PYTHONPATH": os.pathsep.join([str(workdir), str(ROOT)]),
    }
    os.environ.update(env)
    sys.path[:0] = [str(workdir), str(ROOT)]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


# ---- Data -------------------------------------------------------------------------------


def _this_month() -> dt.date:
    return dt.date.today().replace(day=1)


def _spread_history(*, user, days: int, rng: random.Random) -> None:
    """Move the user's level changes back in time over `days` days, oldest first."""
    from django.utils import timezone

    from assessments.models import SkillLevelChange

    changes = list(SkillLevelChange.objects.filter(user=user).order_by("id"))
    now = timezone.now()
    offsets = sorted((rng.randrange(days * 24 * 60) for _ in changes), reverse=True)
    for change, minutes in zip(changes, offsets, strict=True):
        change.changed_at = now - dt.timedelta(minutes=minutes)
    SkillLevelChange.objects.bulk_update(changes, ["changed_at"])


def person_make(*, username: str, skills: list, history_days: int, rng: random.Random):
    """A person with a target, rated skills (each raised step by step), history and a plan,
    all through the app's services."""
    from django.contrib.auth import get_user_model

    from assessments.services.plans import plan_build
    from assessments.services.profile import profile_update
    from assessments.services.skills import skill_level_set
    from market.models import Role

    user = get_user_model().objects.create_user(username=username, password=None)
    profile_update(
        user=user,
        background="software_engineer",
        target_role=Role.objects.get(slug="ml-engineer"),
        target_seniority="senior",
        hours_per_week=10,
        start_month=_this_month(),
        display_name=username,
    )
    for skill in skills:
        final = rng.randint(1, 4)
        for level in sorted({rng.randint(1, final), final}):
            skill_level_set(user=user, skill=skill, level=level)
    _spread_history(user=user, days=history_days, rng=rng)
    plan_build(user=user)
    return user


def background_users_add(*, total: int, existing: int, skills: list, rng: random.Random) -> None:
    """Users besides the probe, up to `total`; rows as the services would write them, in bulk
    (the probe's own rows come from the services), plus each one's plan from plan_build."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from assessments.models import Profile, SkillLevel, SkillLevelChange
    from assessments.services.plans import plan_build
    from market.selectors import role_levels, snapshot_current

    User = get_user_model()
    targets = role_levels(snapshot=snapshot_current())  # every target the market has figures for
    now = timezone.now()
    new = User.objects.bulk_create(
        User(username=f"user{i:05d}", password="!") for i in range(existing, total)
    )
    if not new:
        return
    new = list(User.objects.filter(username__in=[u.username for u in new]))
    chosen = [rng.choice(targets) for _ in new]
    Profile.objects.bulk_create(
        Profile(
            user=u,
            background="other",
            target_role=role,
            target_seniority=seniority,
            hours_per_week=rng.choice([5, 10, 15]),
            start_month=_this_month(),
            onboarded_at=now,
        )
        for u, (role, seniority) in zip(new, chosen, strict=True)
    )
    levels, changes = [], []
    for u in new:
        for skill in rng.sample(skills, PROBE_SKILLS):
            level = rng.randint(1, 4)
            levels.append(SkillLevel(user=u, skill=skill, level=level))
            changes.append(
                SkillLevelChange(user=u, skill=skill, level=level, previous_level=0, source="rated")
            )
    SkillLevel.objects.bulk_create(levels, batch_size=2000)
    made = SkillLevelChange.objects.bulk_create(changes, batch_size=2000)
    for change in made:
        change.changed_at = now - dt.timedelta(minutes=rng.randrange(90 * 24 * 60))
    SkillLevelChange.objects.bulk_update(made, ["changed_at"], batch_size=2000)
    for u in new:
        plan_build(user=u)


def snapshot_moved_publish(rng: random.Random):
    """Publish a second snapshot: the current figures with every share moved a little."""
    from decimal import Decimal

    from market.ingestion.figures import DemandFigure, LevelFigure, MarketFigures
    from market.models import RoleLevelStat, SkillDemand
    from market.selectors import snapshot_current
    from market.services.snapshots import snapshot_create, snapshot_publish

    current = snapshot_current()
    levels = [
        LevelFigure(s.role.name if s.role else None, s.seniority, s.job_count, s.avg_salary_usd)
        for s in RoleLevelStat.objects.filter(snapshot=current).select_related("role")
    ]
    demands = []
    for d in SkillDemand.objects.filter(snapshot=current).select_related("role", "skill"):
        moved = min(Decimal("100.0"), max(Decimal("0.0"), d.share_pct + rng.randint(-8, 8)))
        role = d.role.name if d.role else None
        demands.append(DemandFigure(role, d.seniority, d.skill.name, moved, d.priority))
    snapshot = snapshot_create(
        figures=MarketFigures(levels=levels, demands=demands),
        label="bench: market moved",
        source="bench/pages.py",
        analysis_date=dt.date.today(),
        tier_thresholds=current.tier_thresholds,
    )
    snapshot_publish(snapshot=snapshot)
    return current, snapshot


# ---- Measuring --------------------------------------------------------------------------


@dataclass
class Page:
    label: str
    path: str
    method: str = "GET"
    htmx: bool = False
    data: dict | None = None
    before: object = None  # untimed callable run before each request
    http: bool = True  # also measured over HTTP (GETs only)


@dataclass
class Timing:
    samples: list[float] = field(default_factory=list)  # milliseconds
    ratios: list[float] = field(default_factory=list)  # each sample / its round's baseline
    cpu_ratios: list[float] = field(default_factory=list)  # the same in this thread's CPU time
    queries: int | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios) if self.ratios else 1.0

    @property
    def cpu_ratio(self) -> float:
        return statistics.median(self.cpu_ratios) if self.cpu_ratios else 1.0


def rounds_run(*, send, pages: list[Page], rounds: int, warmup: int) -> dict[str, Timing]:
    """Request every page once per round, each right after a baseline request. A page's
    ratio in a round is its time over the median baseline of that same round; its figure is
    the median of those ratios, so load that comes and goes (a shared machine) cancels out."""
    baseline, others = pages[0], pages[1:]
    timings = {p.label: Timing() for p in pages}

    def timed(page: Page) -> tuple[float, float]:
        if page.before:
            page.before()
        started, cpu = time.perf_counter(), time.thread_time()
        send(page)
        return (time.perf_counter() - started) * 1000, (time.thread_time() - cpu) * 1000

    for n in range(warmup + rounds):
        base, page_ms = [], {}
        for page in others:
            base.append(timed(baseline))
            page_ms[page.label] = timed(page)
        if n < warmup:
            continue
        round_wall = statistics.median(w for w, _ in base)
        round_cpu = statistics.median(c for _, c in base)
        timings[baseline.label].samples += [w for w, _ in base]
        for label, (wall, cpu) in page_ms.items():
            timings[label].samples.append(wall)
            timings[label].ratios.append(wall / round_wall)
            timings[label].cpu_ratios.append(cpu / round_cpu if round_cpu > 0 else 0.0)
    return timings


# Job ads the probe saves (pasted through the app's service, read as a person's would be).
PROBE_ADS = [
    "Senior Machine Learning Engineer\n\nAbout us\nOur customers include OpenAI.\n\n"
    "Requirements\n- Python and PyTorch in production\n- Airflow and Snowflake pipelines\n"
    "- AWS (SageMaker), Docker and Kubernetes\n\nNice to have\n- Spark or Kafka\n"
    "- Experience with LLMs and RAG is a plus",
    "Staff Data Engineer\nYou will build pipelines with Spark, Kafka and Airflow. SQL and "
    "Python are required, Databricks or Snowflake is a big plus.\nBonus: Terraform, dbt.",
    "Junior Data Analyst\nExcel, SQL and Tableau or Power BI. Ideally some Python or R.",
]


def ads_make(*, user) -> list:
    from assessments.services.ads import job_ad_create

    return [job_ad_create(user=user, text=text) for text in PROBE_ADS]


def pages_for(*, probe_skill_slug: str, ad_id: int) -> list[Page]:
    levels = iter([2, 3] * 10_000)  # the save alternates, so every POST really writes

    def save_data() -> dict:
        level = next(levels)  # the page showed the other one: "was" says so
        return {"was": f"{probe_skill_slug}:{5 - level}", f"level-{probe_skill_slug}": str(level)}

    return [
        Page(BASELINE, "/healthz"),
        Page("/market/", "/market/"),
        Page("/market/ml-engineer/senior/", "/market/ml-engineer/senior/"),
        Page("  same, htmx fragment", "/market/ml-engineer/senior/", htmx=True),
        Page("/skills/", "/skills/"),
        Page("/report/", "/report/"),
        Page("/report/roles/", "/report/roles/"),
        Page("/plan/", "/plan/"),
        Page("/plan.ics", "/plan.ics"),
        Page(f"/report/ads/ ({len(PROBE_ADS)} saved ads)", "/report/ads/"),
        Page("/report/ads/<id>/", f"/report/ads/{ad_id}/"),
        Page("POST /skills/ (htmx level save)", "/skills/", "POST", True, save_data, http=False),
    ]


def _request(client, page: Page):
    headers = {"HX-Request": "true"} if page.htmx else {}
    if page.method == "POST":
        return client.post(page.path, page.data(), headers=headers)
    return client.get(page.path, headers=headers)


def measure_in_process(*, user, pages: list[Page], rounds: int, warmup: int) -> dict:
    """Median/p95 ms, ratio to the baseline and queries per page (Django's test Client)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)

    def send(page: Page) -> None:
        response = _request(client, page)
        if response.status_code != 200:
            raise SystemExit(f"{page.method} {page.path} answered {response.status_code}")

    timings = rounds_run(send=send, pages=pages, rounds=rounds, warmup=warmup)
    for page in pages:  # after the rounds: the steady state (a first visit writes more)
        if page.before:
            page.before()
        with CaptureQueriesContext(connection) as queries:
            send(page)
        timings[page.label].queries = len(queries)
    return timings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _http_get(port: int, path: str, cookie: str, htmx: bool) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie, "Host": "127.0.0.1"}
    if htmx:
        headers["HX-Request"] = "true"
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status


def measure_http(*, user, pages: list[Page], rounds: int, warmup: int) -> dict | None:
    """The same pages served by gunicorn (2 workers, loopback only), fetched one at a time."""
    gunicorn = Path(sys.executable).parent / "gunicorn"
    if not gunicorn.exists():
        print("gunicorn not installed: skipping the HTTP measurement")
        return None
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)  # a session row in the database, valid for gunicorn too
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    port = _free_port()
    server = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"]
        + ["--log-level", "warning"],
        cwd=ROOT,
        env={**os.environ, "PYTHONWARNINGS": "ignore:No directory at"},
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if _http_get(port, "/healthz", cookie, False) == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.2)
        gets = [p for p in pages if p.http]

        def send(page: Page) -> None:
            status = _http_get(port, page.path, cookie, page.htmx)
            if status != 200:
                raise SystemExit(f"HTTP GET {page.path} answered {status}")

        return rounds_run(send=send, pages=gets, rounds=rounds, warmup=warmup)
    finally:
        server.terminate()
        server.wait(timeout=30)


def profile_page(*, user, path: str, requests: int = 20) -> None:
    from django.test import Client

    client = Client()
    client.force_login(user)
    client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()
    print(f"cProfile of {requests} x GET {path}; the project's own functions, cumulative:")
    own = pstats.Stats(profiler).sort_stats("cumulative")
    own.print_stats(r"/(assessments|market|accounts|config)/", 25)
    print("Everything, by own time:")
    pstats.Stats(profiler).strip_dirs().sort_stats("tottime").print_stats(20)


# ---- Report ------------------------------------------------------------------------------


def machine() -> dict:
    from django.db import connection

    vendor = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(connection.vendor, "?")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0].split()[0]
    import django

    return {
        "vendor": vendor,
        "db": f"{vendor} {version}",
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "platform": platform.platform(terse=True),
    }


def _ratio(timings: dict, label: str) -> float:
    return timings[label].ratio


def _flatness(columns: list[tuple[str, dict]], label: str) -> tuple[float, str]:
    """Judged on CPU-time ratios: they do not move when other work shares the machine."""
    first, last = columns[0][1], columns[-1][1]
    growth = last[label].cpu_ratio / first[label].cpu_ratio
    same_queries = first[label].queries == last[label].queries
    flat = growth < FLAT_LIMIT and same_queries
    words = "flat" if flat else "GROWS"
    if not same_queries:
        words += f" (queries {first[label].queries} -> {last[label].queries})"
    return growth, words


def _page_table(t: dict, labels: list[str]) -> list[str]:
    """One run's pages: ratio to the baseline in wall and CPU time (queries), and ms."""
    lines = ["| page | x base wall / cpu (queries) | median / p95 ms |", "|---|---:|---:|"]
    for label in labels:
        lines.append(
            f"| {label.strip()} | {_ratio(t, label):.1f} / {t[label].cpu_ratio:.1f} "
            f"({t[label].queries}) | {t[label].median:.1f} / {t[label].p95:.1f} |"
        )
    return lines


def report_block(*, args, info: dict, columns, heavy, moved, http, seconds: float) -> str:
    labels = list(columns[0][1])
    base = columns[-1][1][BASELINE]
    lines = [
        f"### {info['vendor']}{' (--quick)' if args.quick else ''}",
        "",
        f"Run {dt.datetime.now():%Y-%m-%d %H:%M} on {info['platform']}, {info['cpus']} CPUs, "
        f"Python {info['python']}, Django {info['django']}, {info['db']}; "
        f"`bench/pages.py{' --quick' if args.quick else ''}` took {seconds:.0f} s; load "
        f"average {args.load_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end "
        "(other work on the machine makes the short baseline noisier: compare with care when "
        "the load is above the number of CPUs).",
        f"In-process (Django test Client, debug off), {args.rounds} rounds after "
        f"{args.warmup} warm-up rounds. Baseline `/healthz` median at {columns[-1][0]}: "
        f"{base.median:.2f} ms (p95 {base.p95:.2f} ms). Each page is requested right after a "
        'baseline request; "x base" is the median over rounds of page time / that round\'s '
        "median baseline, in wall time and in this thread's CPU time (the CPU ratio does not "
        "move when other processes share the machine; on PostgreSQL it leaves out the server's "
        "share).",
        "",
    ]
    head = "| page | " + " | ".join(f"{name}: x base wall / cpu (queries)" for name, _ in columns)
    head += f" | {columns[-1][0]}: median / p95 ms | cpu ratio, 1 -> max users |"
    lines += [head, "|---" + "|---:" * (len(columns) + 1) + "|---|"]
    for label in labels:
        cells = [
            f"{_ratio(t, label):.1f} / {t[label].cpu_ratio:.1f} ({t[label].queries})"
            for _, t in columns
        ]
        last = columns[-1][1][label]
        growth, words = _flatness(columns, label)
        lines.append(
            f"| {label.strip()} | "
            + " | ".join(cells)
            + f" | {last.median:.1f} / {last.p95:.1f} | x{growth:.2f} {words} |"
        )
    cells = [f"{t[BASELINE].median:.2f} ms" for _, t in columns]
    lines.append("| *baseline median* | " + " | ".join(cells) + " | | |")
    if heavy:
        name, t = heavy
        lines += [
            "",
            f"{name}: x baseline (queries), median / p95 ms, against the same run's "
            f"baseline ({t[BASELINE].median:.2f} ms).",
            "",
            *_page_table(t, [label for label in labels[1:] if label in t]),
        ]
    if moved:
        lines += [
            "",
            'After a second snapshot is published ("the market moved" notices shown; the '
            "probe's last seen snapshot is reset before each report request):",
            "",
            *_page_table(moved, list(moved)[1:]),
        ]
    if http:
        hb = http[BASELINE]
        lines += [
            "",
            f"Over HTTP (gunicorn, 2 sync workers, 127.0.0.1, one request at a time, "
            f"{columns[-1][0]}): baseline {hb.median:.2f} ms median, {hb.p95:.2f} ms p95.",
            "",
            "| page | x base | median / p95 ms |",
            "|---|---:|---:|",
        ]
        for label in list(http)[1:]:
            lines.append(
                f"| {label.strip()} | {_ratio(http, label):.1f} | "
                f"{http[label].median:.1f} / {http[label].p95:.1f} |"
            )
    lines += ["", interpretation(columns=columns, heavy=heavy, moved=moved), ""]
    return "\n".join(lines)


def interpretation(*, columns, heavy, moved) -> str:
    last = columns[-1][1]
    pages = [label for label in last if label != BASELINE]
    ranked = sorted(pages, key=lambda label: _ratio(last, label))
    flat = [label for label in pages if _flatness(columns, label)[1] == "flat"]
    grows = [label.strip() for label in pages if label not in flat]
    parts = [
        "**Reading it.** "
        f"Fastest: {', '.join(f'{p.strip()} ({_ratio(last, p):.1f}x)' for p in ranked[:3])}. "
        f"Slowest: {', '.join(f'{p.strip()} ({_ratio(last, p):.1f}x)' for p in ranked[-3:])}.",
        f"From {columns[0][0]} to {columns[-1][0]}: "
        + (
            "every page stays flat (CPU ratio grows < "
            f"{FLAT_LIMIT}x, same number of queries): no query depends on how many people use "
            "the site."
            if not grows
            else f"{', '.join(grows)} grow (CPU ratio x{FLAT_LIMIT} or more, or more queries); "
            "the others stay flat."
        ),
    ]
    if heavy:
        _, t = heavy
        worst = max(pages, key=lambda label: t[label].cpu_ratio / last[label].cpu_ratio)
        same = all(t[label].queries == last[label].queries for label in pages)
        factor = t[worst].cpu_ratio / last[worst].cpu_ratio
        parts.append(
            "For the heavy person the number of queries "
            + ("stays the same on every page" if same else "CHANGES on some page")
            + (
                f" and no page is markedly slower than for the probe (at most x{factor:.1f}, "
                f"{worst.strip()}): more rated skills and days of history cost little."
                if factor < FLAT_LIMIT
                else f"; {worst.strip()} is x{factor:.1f} slower than for the probe: "
                "Python work per rated skill or per day of history."
            )
        )
    return " ".join(parts) + "\n\n" + NOTES


# Findings from profiling (`--profile PATH`); kept here so the report says why, not only what.
NOTES = """**Why (cProfile, `--profile PATH`).** No page's query count depends on the number of
users, skills rated or days of history, so the costs are Python: ORM row building and
template rendering, plus `gap_score` runs on the person's pages.

- `/skills/`: one form with a level control per skill (~70), each with what its level
  means beside it. Profiling showed ~80% of the view in template rendering; the save URL is
  resolved once and the short level options come from one cached tag (`{% level_options %}`).
  One form instead of 70 and short options took the HTML from 102 KB to 70 KB
  (1,186 -> 1,074 elements) for a person with a target.
- `/plan/`: the gap report (7 queries) plus `planning.plan_months`, which scores readiness
  once per distinct set of levels at month ends; hours and readiness are formatted in
  Python rather than by ~120 `floatformat` filters. The settings form's role list is a
  DISTINCT over the snapshot's demands. With a plan on an older snapshot,
  `plan_market_change_for` builds a second report (+7 queries).
- `/report/roles/`: `best_fit_for` reads the snapshot's demands as plain tuples and works
  out step hours once per distinct difficulty (it used to build model instances, ~60% of
  the view); scoring every role x seniority pair is the rest.
- `/report/`: the history replay (`readiness_history_for`, one `gap_score` per day with a
  change) is ~15% of the view for 90 days; a year of history barely shows.
- The htmx level save rebuilds the skills page context to show the new readiness, what the
  new level means and the rating check (19 queries, of which 4 write); rendering only the
  `#saved` partial keeps it cheap.
- `/market/`: `share_figures` now reads plain tuples (`values_list`) instead of three model
  instances (demand, role, skill) per demand row of the snapshot: a third of the CPU time
  for the seed's 73 rows (7.4 -> 2.4 ms CPU), more for an imported snapshot; `/market/compare/`
  gains too."""


def results_write(block: str, vendor: str) -> None:
    """Replace this vendor's block inside the pages section; keep everything else."""
    block_write(
        "pages",
        vendor,
        block,
        heading=(
            "# Page speed benchmark\n\n"
            "`bench/pages.py`: each page's median latency as a multiple of `/healthz` (a "
            "minimal database round-trip) measured in the same run, and its number of "
            "queries, as the number of users grows. One block per database."
        ),
    )


# ---- Main -----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 and 50 users, no HTTP")
    parser.add_argument("--users", type=int, nargs="*", help="user counts (default 1 100 1000)")
    parser.add_argument("--rounds", type=int, help="timed rounds per size")
    parser.add_argument("--http", action=argparse.BooleanOptionalAction, help="gunicorn too")
    parser.add_argument("--profile", metavar="PATH", help="cProfile one page and stop")
    parser.add_argument("--no-write", action="store_true", help="do not touch RESULTS.md")
    args = parser.parse_args()
    # whitenoise warns that STATIC_ROOT is missing: pages are measured without static files.
    warnings.filterwarnings("ignore", message="No directory at")
    sizes = args.users or ([1, 50] if args.quick else [1, 100, 1000])
    args.rounds = args.rounds or (15 if args.quick else 30)
    args.warmup = 3
    use_http = args.http if args.http is not None else not args.quick

    started = time.perf_counter()
    args.load_start = os.getloadavg()[0]
    workdir = Path(tempfile.mkdtemp(prefix="skillgap-pages-"))
    database = database_prepare(workdir)
    try:
        django_setup(workdir, database)
        run(args, sizes, use_http, started)
    finally:
        from django.db import connections

        connections.close_all()
        if database.drop:
            database.drop()
        shutil.rmtree(workdir, ignore_errors=True)


def run(args, sizes: list[int], use_http: bool, started: float) -> None:
    from assessments.models import Profile
    from market.models import Skill

    rng = random.Random(2025)
    skills = list(Skill.objects.order_by("display_order", "name"))
    info = machine()
    print(f"{info['db']}, {info['cpus']} CPUs; sizes {sizes}", flush=True)
    t0 = time.perf_counter()
    probe = person_make(
        username="probe", skills=rng.sample(skills, PROBE_SKILLS), history_days=90, rng=rng
    )
    if args.profile:
        background_users_add(total=max(sizes), existing=1, skills=skills, rng=rng)
        profile_page(user=probe, path=args.profile)
        return
    slug = probe.skill_levels.order_by("skill__slug").values_list("skill__slug", flat=True)[0]
    ads = ads_make(user=probe)
    pages = pages_for(probe_skill_slug=slug, ad_id=ads[0].pk)
    columns = []
    existing = 1
    for n in sizes:
        t1 = time.perf_counter()
        background_users_add(total=n, existing=existing, skills=skills, rng=rng)
        existing = max(existing, n)
        made = time.perf_counter() - t1
        timings = measure_in_process(
            user=probe, pages=pages, rounds=args.rounds, warmup=args.warmup
        )
        columns.append((f"{n} user{'s' if n > 1 else ''}", timings))
        print(
            f"{n:>5} users (data {made:5.1f} s, baseline {timings[BASELINE].median:.2f} ms): "
            + ", ".join(f"{k.strip()} {_ratio(timings, k):.1f}x" for k in timings),
            flush=True,
        )
    largest = columns[-1][0]
    heavy = None
    if not args.quick:
        person = person_make(
            username="heavy", skills=skills, history_days=HEAVY_HISTORY_DAYS, rng=rng
        )
        heavy = (
            f"Heavy person at {largest} (all {len(skills)} skills rated, a year of history)",
            measure_in_process(
                user=person,
                pages=[p for p in pages if not p.path.startswith("/report/ads/")],  # the probe's
                rounds=args.rounds,
                warmup=args.warmup,
            ),
        )
        print("heavy: " + ", ".join(f"{k.strip()} {_ratio(heavy[1], k):.1f}x" for k in heavy[1]))
    previous, _ = snapshot_moved_publish(rng)

    def forget_seen():
        Profile.objects.filter(user=probe).update(last_seen_snapshot=previous)

    moved_pages = [
        pages[0],
        Page("/report/ (market moved)", "/report/", before=forget_seen),
        Page("/plan/ (plan on the old snapshot)", "/plan/"),
        Page("/market/ (second snapshot)", "/market/"),
    ]
    moved = measure_in_process(
        user=probe, pages=moved_pages, rounds=args.rounds, warmup=args.warmup
    )
    print("moved: " + ", ".join(f"{k.strip()} {_ratio(moved, k):.1f}x" for k in moved))
    http = None
    if use_http:
        http = measure_http(user=probe, pages=pages, rounds=min(args.rounds, 25), warmup=2)
        if http:
            print("http: " + ", ".join(f"{k.strip()} {_ratio(http, k):.1f}x" for k in http))
    seconds = time.perf_counter() - started
    print(f"data + measuring: {time.perf_counter() - t0:.0f} s")
    block = report_block(
        args=args, info=info, columns=columns, heavy=heavy, moved=moved, http=http, seconds=seconds
    )
    print(block)
    if not args.no_write:
        results_write(block, info["vendor"].lower())
        print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
