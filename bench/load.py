"""Page throughput under concurrent load, as ratios to /healthz measured in the same run.

    python bench/load.py                          # SQLite and PostgreSQL, 100 and 10,000 users
    python bench/load.py --duration 2 --users 100 --databases sqlite   # a quick look

The production server (gunicorn, 2 sync workers, debug off, whitenoise with collected static
files, Redis as the cache) serves a throw-away database on 127.0.0.1; Debian's `wrk` drives
it with 16 connections, alternating `/healthz` and each page for `--duration` seconds, so
load from other work on the machine hits the baseline and the pages alike. A page's ratio is
its requests/s over the mean of the `/healthz` runs just before and after it.

Databases: SQLite in a temporary directory; PostgreSQL from DATABASE_URL when it names one,
else the local cluster started the way `.ci/run` does (root only), else skipped with the
reason printed. A database `<name>_bench_load` is created on that server and dropped at the
end. Redis: a private `redis-server` on a free loopback port (Debian's, installed when
missing and root), else each worker's local memory (printed).

Data: a signed-in "probe" person (target Senior ML Engineer, 20 rated skills with 90 days of
history, a plan) made with the app's services, plus background users up to each size, each
a copy of one of a dozen people made with the services (profile, ratings with history, plan
and its items), written in bulk. After the last size a new snapshot is published from
another process and every worker must serve the new market at once; then the probe's level
of one skill changes in another process and every worker must serve the person's new
report and plan at once.

Every page is measured again from a second server with the page cache off
(SKILLGAP_PAGE_CACHE=0, rows "(cache off)"): the cache's before and after in one run, under
the same load (`--no-cache-off` skips them).

Results replace the load section of bench/RESULTS.md; the rest of the file is kept. The
run is bounded (about 41 wrk runs of `--duration` s per database and size) and stops every
process it started, whatever happens.
"""

import argparse
import datetime as dt
import hashlib
import http.client
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.results import RESULTS, section_write  # noqa: E402

HEALTHZ = "/healthz"
PUBLIC_PAGES = ["/", "/market/", "/market/ml-engineer/senior/"]
PERSONAL_PAGES = ["/skills/", "/report/", "/report/roles/", "/plan/"]
GOALS = {**dict.fromkeys(PUBLIC_PAGES, 0.5), **dict.fromkeys(PERSONAL_PAGES, 0.25)}
CONNECTIONS = 16
MAX_DROP = 0.10  # a page's ratio may not drop more than this from the smallest to the largest size
ARCHETYPES = 12
PROBE_SKILLS = 20
BATCH = 2000


# ---- Processes this script starts (every one is stopped in `finally`) -----------------------


class Started:
    """Processes and servers started by this run, stopped in reverse order by close()."""

    def __init__(self) -> None:
        self._stops: list[tuple[str, object]] = []

    def add(self, name: str, stop) -> None:
        self._stops.append((name, stop))

    def close(self) -> None:
        while self._stops:
            name, stop = self._stops.pop()
            try:
                stop()
            except Exception as error:  # keep stopping the others
                print(f"warning: could not stop {name}: {error}", file=sys.stderr)


def process_stop(process: subprocess.Popen) -> None:
    """Terminate a process started with start_new_session (its whole group), then kill."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def apt_install(package: str) -> bool:
    """Install a Debian package when we are root (as RECIPES.md does); False otherwise."""
    if not is_root() or not shutil.which("apt-get"):
        return False
    print(f"installing Debian's {package}...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=env, check=False, capture_output=True)
    done = subprocess.run(
        ["apt-get", "install", "-y", "-qq", package], env=env, check=False, capture_output=True
    )
    return done.returncode == 0


def wrk_find() -> str:
    found = shutil.which("wrk")
    if not found and apt_install("wrk"):
        found = shutil.which("wrk")
    if not found:
        raise SystemExit(
            "bench/load.py needs Debian's wrk (HTTP load generator): sudo apt-get install wrk"
        )
    return found


def redis_start(started: Started) -> tuple[str, str]:
    """(REDIS_URL, description): a private redis-server, or ("", why not)."""
    server = shutil.which("redis-server")
    if not server and apt_install("redis-server"):
        server = shutil.which("redis-server")
    if not server:
        return "", "local memory in each worker (no redis-server here and not root to install it)"
    port = free_port()
    process = subprocess.Popen(
        [server, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    started.add("redis-server", lambda: process_stop(process))
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    version = subprocess.run(
                        [server, "--version"], capture_output=True, text=True
                    ).stdout.split()
                    v = next((w[2:] for w in version if w.startswith("v=")), "?")
                    return f"redis://127.0.0.1:{port}/0", f"Redis {v} (private server)"
        except OSError:
            time.sleep(0.1)
    raise SystemExit("redis-server did not answer within 15 s")


# ---- Databases --------------------------------------------------------------------------


@dataclass
class Database:
    vendor: str  # "SQLite" / "PostgreSQL"
    url: str = ""
    skipped: str = ""  # why this database is not measured
    drop: object = None


def _pg_connect(url: str):
    import psycopg

    parts = urlsplit(url)
    for db in ("postgres", parts.path.lstrip("/") or "postgres"):
        try:
            return psycopg.connect(urlunsplit(parts._replace(path=f"/{db}")), autocommit=True)
        except psycopg.OperationalError as error:
            last = error
    raise last


def _pg_cluster_start(started: Started) -> str:
    """Start the local cluster and the `skillgap` role the way .ci/run does; '' or why not."""
    if not is_root():
        return "no PostgreSQL answers and only root can start the local cluster as .ci/run does"
    versions = (
        sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        if Path("/usr/lib/postgresql").exists()
        else []
    )
    if not versions and apt_install("postgresql"):
        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not versions:
        return "PostgreSQL is not installed and could not be installed with apt-get"
    version = sorted((p.parent.parent.name for p in versions), key=lambda v: float(v))[-1]
    clusters = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
    if not re.search(rf"^{re.escape(version)}\s+main\b", clusters, re.M):
        subprocess.run(["pg_createcluster", version, "main"], capture_output=True, check=False)
    running = re.search(rf"^{re.escape(version)}\s+main\s+\d+\s+online", clusters, re.M)
    subprocess.run(["pg_ctlcluster", version, "main", "start"], capture_output=True, check=False)
    if not running:
        started.add(
            "PostgreSQL cluster",
            lambda: subprocess.run(["pg_ctlcluster", version, "main", "stop"], check=False),
        )
    for _ in range(30):
        if subprocess.run(["su", "postgres", "-c", "pg_isready -q -h 127.0.0.1"]).returncode == 0:
            break
        time.sleep(1)
    role = "SELECT 1 FROM pg_roles WHERE rolname='skillgap'"
    has_role = subprocess.run(
        ["su", "postgres", "-c", f'psql -qtAc "{role}"'], capture_output=True, text=True
    ).stdout.strip()
    if has_role != "1":
        create = "CREATE ROLE skillgap SUPERUSER LOGIN PASSWORD 'skillgap'"
        subprocess.run(["su", "postgres", "-c", f'psql -qc "{create}"'], check=False)
    return ""


def postgres_prepare(started: Started) -> Database:
    """A fresh database on the PostgreSQL of DATABASE_URL, or on the local cluster."""
    try:
        import psycopg
    except ImportError:
        return Database("PostgreSQL", skipped="psycopg is not installed")
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith(("postgres://", "postgresql://")):
        given = "postgres://skillgap:skillgap@127.0.0.1:5432/skillgap"
        try:
            _pg_connect(given).close()
        except psycopg.OperationalError:
            why = _pg_cluster_start(started)
            if why:
                return Database("PostgreSQL", skipped=why)
    parts = urlsplit(given)
    name = f"{parts.path.lstrip('/') or 'skillgap'}_bench_load"
    try:
        with _pg_connect(given) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        return Database(
            "PostgreSQL", skipped=f"cannot create a database on {parts.hostname}: {error}"
        )

    def drop():
        with _pg_connect(given) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return Database("PostgreSQL", urlunsplit(parts._replace(path=f"/{name}")), drop=drop)


# ---- The app's environment, its data and its server ----------------------------------------


def app_env(database_url: str, redis_url: str) -> dict:
    """As `make serve`: debug off, plain HTTP on loopback; quiet logs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "DJANGO_DEBUG": "0",
            "DJANGO_HTTPS": "0",
            "DJANGO_SECRET_KEY": "bench-load-only-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def data_step(env: dict, *args: str) -> dict:
    """Run this script's data step (Django set up on `env`) in its own process."""
    done = subprocess.run(
        [sys.executable, __file__, "--data-step", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


class Server:
    """gunicorn, 2 sync workers, on a free loopback port (as `make serve` runs it)."""

    def __init__(self, env: dict, started: Started) -> None:
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(gunicorn), "config.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{self.port}"]
            + ["--log-level", "warning"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        started.add("gunicorn", self.stop)
        deadline = time.monotonic() + 60
        while True:
            try:
                if self.get(HEALTHZ)[0] == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.2)

    def stop(self) -> None:
        process_stop(self.process)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str, cookie: str = "") -> tuple[int, bytes, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": cookie} if cookie else {}
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response.status, body, {k.lower(): v for k, v in response.getheaders()}


# ---- Load -------------------------------------------------------------------------------


@dataclass
class Run:
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu_ms: float = 0.0  # the gunicorn workers' CPU time per request (0: not measurable)


@dataclass
class Measured:
    label: str
    path: str
    runs: list[Run] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    cpu_ratios: list[float] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return statistics.median(r.rps for r in self.runs)

    @property
    def p50_ms(self) -> float:
        return statistics.median(r.p50_ms for r in self.runs)

    @property
    def p99_ms(self) -> float:
        return statistics.median(r.p99_ms for r in self.runs)

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def cpu_ms(self) -> float:
        return statistics.median(r.cpu_ms for r in self.runs)

    @property
    def cpu_ratio(self) -> float:
        return statistics.median(self.cpu_ratios) if self.cpu_ratios else 0.0


CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def workers_cpu_seconds(master: int) -> float:
    """User + system CPU time of the gunicorn master's children (its workers), from /proc;
    0 where there is no /proc. Unlike requests/s it hardly moves when other work shares the
    machine (PostgreSQL's own server processes are not counted)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == master:  # fields[0] is the state, then ppid; utime, stime at 11, 12
            total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk_run(wrk: str, server: "Server", path: str, *, cookie: str, seconds: int) -> Run:
    """One wrk run; runs that completed no request at all (a stalled machine) are retried."""
    for _ in range(3):
        cpu = workers_cpu_seconds(server.process.pid)
        run = _wrk_once(wrk, server.url(path), cookie=cookie, seconds=seconds)
        if run.rps > 0:
            run.cpu_ms = (workers_cpu_seconds(server.process.pid) - cpu) * 1000 / run.requests
            break
    return run


def _wrk_once(wrk: str, url: str, *, cookie: str, seconds: int) -> Run:
    command = [wrk, "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)\s*$", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return Run(
        requests=int(re.search(r"^\s+(\d+) requests in", out, re.M).group(1)),
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50_ms=_ms(latency["50"]),
        p99_ms=_ms(latency["99"]),
        errors=int(errors.group(1)) if errors else 0,
    )


@dataclass
class Target:
    label: str
    path: str
    cookie: str


def targets_for(cookie: str) -> list[Target]:
    signed = [Target(path, path, cookie) for path in [*PUBLIC_PAGES, *PERSONAL_PAGES]]
    anonymous = [Target(f"{path} (anonymous)", path, "") for path in PUBLIC_PAGES]
    return [*signed, *anonymous]


def measure(server: Server, wrk: str, targets: list[Target], *, seconds: int, rounds: int):
    """Alternate /healthz and each target; each target's ratio is its requests/s over the
    mean of the baselines just before and after it, median over rounds."""
    for target in targets:  # every page answers 200 to this person before load starts
        status, _, _ = server.get(target.path, target.cookie)
        if status != 200:
            raise SystemExit(f"GET {target.label} answered {status} before the load")
    baseline = Measured(f"{HEALTHZ} (baseline)", HEALTHZ)
    pages = [Measured(t.label, t.path) for t in targets]
    deadline = time.monotonic() + 60
    while wrk_run(wrk, server, HEALTHZ, cookie="", seconds=1).rps == 0:  # workers booting
        if time.monotonic() > deadline:
            raise SystemExit("gunicorn answered no /healthz request under load for 60 s")
    for target in targets:  # warm every cache and worker
        wrk_run(wrk, server, target.path, cookie=target.cookie, seconds=1)
    for _ in range(rounds):
        before = wrk_run(wrk, server, HEALTHZ, cookie="", seconds=seconds)
        baseline.runs.append(before)
        for target, page in zip(targets, pages, strict=True):
            run = wrk_run(wrk, server, target.path, cookie=target.cookie, seconds=seconds)
            after = wrk_run(wrk, server, HEALTHZ, cookie="", seconds=seconds)
            if run.errors:
                raise SystemExit(f"{target.label}: {run.errors} responses were not 2xx/3xx")
            page.runs.append(run)
            page.ratios.append(run.rps / ((before.rps + after.rps) / 2))
            if run.cpu_ms > 0:
                page.cpu_ratios.append((before.cpu_ms + after.cpu_ms) / 2 / run.cpu_ms)
            baseline.runs.append(after)
            before = after
            print(
                f"  {target.label:<42} {run.rps:8.0f} req/s  p50 {run.p50_ms:6.1f} ms  "
                f"p99 {run.p99_ms:6.1f} ms  ratio {page.ratios[-1]:.3f}  CPU "
                f"{run.cpu_ms:.2f} ms/request, ratio {page.cpu_ratio:.3f}",
                flush=True,
            )
    baseline.ratios = baseline.cpu_ratios = [1.0]
    return [baseline, *pages]


CSRF_TOKEN = re.compile(rb'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]*"')


def _page_digest(body: bytes) -> str:
    """The page without its CSRF tokens (masked anew for every response)."""
    return hashlib.sha256(CSRF_TOKEN.sub(rb"\1-", body)).hexdigest()


def freshness_check(server: Server, env: dict) -> str:
    """Publish a new snapshot from another process; every worker must serve it at once."""
    path = "/market/ml-engineer/senior/"
    _, old, _ = server.get(path)
    published = data_step(env, "--publish")
    bodies = [server.get(path)[1] for _ in range(20)]
    digests = {_page_digest(body) for body in bodies}
    shown = all(published["label"].encode() in body for body in bodies)
    if len(digests) == 1 and _page_digest(old) not in digests and shown:
        return (
            f"after a new snapshot was published from another process, 20 requests to "
            f"`{path}` (both workers) all served it"
        )
    raise SystemExit(
        f"STALE: after a new snapshot was published, `{path}` served {len(digests)} different "
        f"page(s); the new snapshot's label was {'' if shown else 'NOT '}on every one"
    )


def personal_freshness_check(server: Server, env: dict, cookie: str) -> str:
    """Raise one of the probe's levels from another process (the app's services); every
    worker must serve the person's new skills page, report and plan at once."""
    pages = ["/skills/", "/report/", "/plan/"]
    old = {path: _page_digest(server.get(path, cookie)[1]) for path in pages}
    changed = data_step(env, "--rate")
    for path in pages:
        digests = {_page_digest(server.get(path, cookie)[1]) for _ in range(20)}
        if len(digests) != 1 or old[path] in digests:
            among = "the old one among them" if old[path] in digests else "none the old one"
            raise SystemExit(
                f"STALE: after the probe's levels changed in another process, `{path}` served "
                f"{len(digests)} different page(s), {among}"
            )
    return (
        f"after the probe's {changed['skill']} was rated {changed['level']} from another "
        f"process, 20 requests each to {', '.join(f'`{p}`' for p in pages)} (both workers) "
        "all served the new page"
    )


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        load = os.getloadavg()
        return f"load average: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}"


@dataclass
class DatabaseResult:
    database: Database
    version: str = ""
    sizes: list[tuple[int, list[Measured], str, str]] = field(default_factory=list)
    freshness: str = ""
    data_seconds: dict = field(default_factory=dict)


def uncached_measure(env: dict, wrk: str, cookie: str, args, started: Started) -> list:
    """Every page from a server with the page cache off (SKILLGAP_PAGE_CACHE=0)."""
    server = Server({**env, "SKILLGAP_PAGE_CACHE": "0"}, started)
    try:
        targets = [Target(f"{t.label} (cache off)", t.path, t.cookie) for t in targets_for(cookie)]
        return measure(server, wrk, targets, seconds=args.duration, rounds=args.rounds)[1:]
    finally:
        server.stop()


def database_run(database: Database, args, wrk: str, redis_url: str, started: Started):
    result = DatabaseResult(database)
    env = app_env(database.url, redis_url)
    manage(env, "migrate", "--noinput", "-v0")
    made = data_step(env, "--users", "1")
    result.version = made["db"]
    server = Server(env, started)
    try:
        for size in args.users:
            t0 = time.perf_counter()
            made = data_step(env, "--users", str(size))
            result.data_seconds[size] = time.perf_counter() - t0
            print(
                f"{database.vendor}, {made['users']} users ({result.data_seconds[size]:.0f} s "
                f"to make); {uptime()}",
                flush=True,
            )
            load_before = uptime()
            measured = measure(
                server, wrk, targets_for(made["cookie"]), seconds=args.duration, rounds=args.rounds
            )
            if args.cache_off:  # the same pages rendered on every request, same run
                measured += uncached_measure(env, wrk, made["cookie"], args, started)
            result.sizes.append((made["users"], measured, load_before, uptime()))
        personal = personal_freshness_check(server, env, made["cookie"])
        result.freshness = f"{freshness_check(server, env)}; {personal}"
        print(result.freshness, flush=True)
    finally:
        server.stop()
    return result


# ---- The data step (runs in its own process, Django set up on the environment) -----------


def _clone_fields(obj, **changes) -> dict:
    values = {
        f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if not f.primary_key
    }
    values.update(changes)
    return values


def people_add(*, total: int) -> None:
    """Background users up to `total`: each a copy, in bulk, of one of a dozen people made
    with the app's services (profile, rated skills with history, plan and its items)."""
    from django.contrib.auth import get_user_model
    from pages import person_make

    from assessments.models import Plan, PlanItem, Profile, SkillLevel, SkillLevelChange
    from market.models import Skill
    from market.selectors import role_levels, snapshot_current

    User = get_user_model()
    rng = random.Random(12)
    skills = list(Skill.objects.order_by("display_order", "name"))
    models = list(User.objects.filter(username__startswith="model"))
    if not models and total > ARCHETYPES:
        targets = role_levels(snapshot=snapshot_current())
        for n in range(ARCHETYPES):
            person = person_make(
                username=f"model{n:02d}",
                skills=rng.sample(skills, PROBE_SKILLS),
                history_days=90,
                rng=rng,
            )
            role, seniority = targets[n % len(targets)]
            Profile.objects.filter(user=person).update(target_role=role, target_seniority=seniority)
            models.append(person)
    existing = User.objects.filter(username__startswith="user").count()
    wanted = total - User.objects.count()
    if wanted <= 0:
        return
    rows = {
        m.pk: {
            "profile": [Profile.objects.get(user=m)],
            "levels": list(SkillLevel.objects.filter(user=m)),
            "changes": list(SkillLevelChange.objects.filter(user=m)),
            "plan": Plan.objects.filter(user=m).first(),
            "items": list(PlanItem.objects.filter(plan__user=m)),
        }
        for m in models
    }
    for start in range(existing, existing + wanted, BATCH):
        stop = min(start + BATCH, existing + wanted)
        users = User.objects.bulk_create(
            User(username=f"user{i:05d}", password="!") for i in range(start, stop)
        )
        chosen = [rows[models[i % len(models)].pk] for i in range(start, stop)]
        owned = list(zip(users, chosen, strict=True))
        for model, key in (
            (Profile, "profile"),
            (SkillLevel, "levels"),
            (SkillLevelChange, "changes"),
        ):
            model.objects.bulk_create(
                model(**_clone_fields(row, user_id=u.pk)) for u, c in owned for row in c[key]
            )
        plans = Plan.objects.bulk_create(
            Plan(**_clone_fields(c["plan"], user_id=u.pk)) for u, c in owned
        )
        PlanItem.objects.bulk_create(
            PlanItem(**_clone_fields(row, plan_id=plan.pk))
            for plan, c in zip(plans, chosen, strict=True)
            for row in c["items"]
        )


def probe_cookie() -> str:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.test import Client
    from django.utils.crypto import get_random_string
    from pages import person_make

    from market.models import Skill

    probe = get_user_model().objects.filter(username="probe").first()
    if probe is None:
        rng = random.Random(2025)
        skills = list(Skill.objects.order_by("display_order", "name"))
        probe = person_make(
            username="probe", skills=rng.sample(skills, PROBE_SKILLS), history_days=90, rng=rng
        )
    client = Client()
    client.force_login(probe)  # a session row in the database, valid for gunicorn too
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    # A browser sends the CSRF cookie it got with its first page: without it every response
    # would make a new secret and set the cookie again.
    csrf = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    return f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}"


def data_step_main(args) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    if args.rate:  # a skill the target asks for, one level up, saved as the skills page does
        from assessments.selectors import profile_for, target_report_for
        from assessments.services.plans import plan_refresh
        from assessments.services.skills import skill_levels_set

        probe = get_user_model().objects.get(username="probe")
        report = target_report_for(user=probe, profile=profile_for(user=probe))
        gap = report.result.missing[0]
        skill_levels_set(user=probe, levels={gap.skill: gap.current_level + 1})
        plan_refresh(user=probe)
        print(json.dumps({"skill": gap.name, "level": gap.current_level + 1}))
        return
    if args.publish:
        from pages import snapshot_moved_publish

        _, snapshot = snapshot_moved_publish(random.Random(7))
        print(json.dumps({"snapshot": snapshot.pk, "label": snapshot.label}))
        return
    cookie = probe_cookie()
    people_add(total=args.users[0])
    with connection.cursor() as cursor:
        cursor.execute(
            "SHOW server_version"
            if connection.vendor == "postgresql"
            else "SELECT sqlite_version()"
        )
        version = cursor.fetchone()[0].split()[0]
    vendor = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}[connection.vendor]
    users = get_user_model().objects.count()
    print(json.dumps({"cookie": cookie, "users": users, "db": f"{vendor} {version}"}))


# ---- Report -----------------------------------------------------------------------------


def _fmt_rps(value: float) -> str:
    return f"{value:,.0f}"


def report_block(results: list[DatabaseResult], args, cache: str, seconds: float) -> str:
    import django

    lines = [
        "# Page throughput under load",
        "",
        f"Run {dt.datetime.now():%Y-%m-%d %H:%M} on {platform.platform(terse=True)}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, Django "
        f"{django.get_version()}, by `bench/load.py` in {seconds:.0f} s. gunicorn with 2 sync "
        f"workers, debug off, whitenoise; cache: {cache}. `wrk -t1 -c{CONNECTIONS}` for "
        f"{args.duration:g} s per page, alternating with `/healthz`, {args.rounds} round(s) "
        "after a 1 s warm-up of each; the ratio is a page's requests/s over the mean of the "
        "`/healthz` runs just before and after it (median over rounds). The probe person is "
        "signed in (20 rated skills, 90 days of history, a plan); the public pages are also "
        "measured anonymously. Figures taken while other work runs on the machine are "
        "provisional (the `uptime` load is given with each): the ratios are what count. "
        "*CPU* is the gunicorn workers' CPU time per request (from /proc, PostgreSQL's own "
        "processes not included) and its ratio to `/healthz`'s: what the throughput ratio "
        "tends to when the workers have the machine to themselves; it hardly moves with "
        "other load, so the goals are judged on both.",
    ]
    for result in results:
        db = result.database
        lines += ["", f"### {db.vendor}", ""]
        if db.skipped:
            lines.append(f"Not measured: {db.skipped}.")
            continue
        sizes = result.sizes
        lines.append(
            f"{result.version}. "
            + " ".join(
                f"{n:,} users: `{before}` before, `{after}` after." for n, _, before, after in sizes
            )
        )
        lines.append("")
        head = "| page | " + " | ".join(
            f"{n:,} users: req/s, p50 / p99 ms, ratio; CPU ms/request, ratio" for n, *_ in sizes
        )
        head += " | ratio change | goal |"
        lines += [head, "|---" + "|---:" * len(sizes) + "|---:|---|"]
        first, last = sizes[0][1], sizes[-1][1]
        for index, page in enumerate(last):
            cells = []
            for _, measured, *_ in sizes:
                m = measured[index]
                ratio, cpu = (1, 1) if index == 0 else (m.ratio, m.cpu_ratio)
                cells.append(
                    f"{_fmt_rps(m.rps)}, {m.p50_ms:.1f} / {m.p99_ms:.1f}, **{ratio:.2f}**; "
                    f"{m.cpu_ms:.2f}, **{cpu:.2f}**"
                )
            if index == 0:
                change, goal = "", ""
            else:
                drop = 1 - page.ratio / first[index].ratio
                cpu_drop = 1 - page.cpu_ratio / first[index].cpu_ratio if page.cpu_ratio else 0
                change = f"{-drop:+.0%}; CPU {-cpu_drop:+.0%}" + (
                    " (drop > 10%)" if max(drop, cpu_drop) > MAX_DROP else ""
                )
                target = GOALS[page.path]
                goal = f">= {target}: " + ", ".join(
                    f"{name} {'met' if value >= target else 'NOT met'}"
                    for name, value in (("req/s", page.ratio), ("CPU", page.cpu_ratio))
                )
            lines.append(f"| {page.label} | " + " | ".join(cells) + f" | {change} | {goal} |")
        lines += ["", f"Freshness: {result.freshness}."]
    return "\n".join(lines) + "\n\n" + NOTES


# What profiling found (kept here so the report says why, not only what).
NOTES = """**Where the time goes** (cProfile with CPU time, requests through Django's WSGI
handler in one process, SQLite; multiples of `/healthz`'s CPU per request in the same process).

- Public pages, cache off: the explorer's selectors and the page's rendering: `/market/`
  29x, `/market/ml-engineer/senior/` 32x, `/` (no data, base template only) 4x.
- Personal pages, cache off (the probe): `/skills/` 38x (65% rendering ~80 skill rows, a
  99 KB page), `/report/` 47x (43% rendering; `gap_report_for` and the readiness history
  replay), `/report/roles/` 32x (`best_fit_for` scoring every role and level), `/plan/` 70x
  (`plan_detail_for` and `plan_months`; 44% rendering). Rendering alone is more than the
  goal allows, so caching the computed context would not do: each page is cached whole, per
  (the person's version, the market version, the day, the user row), with the CSRF token
  filled in per response (`assessments/page_cache.py`). The person's version is a row that
  database triggers change in the same transaction as any write of the person's rows
  (`assessments/services/versioning.py`), read with the market's in one plain-SQL query.
- Cached, anonymous: 1.5-1.8x. One query (the market version, in plain SQL: building the
  ORM query cost 20x running it, 275 vs 13 us) and a copy from this process's memory: a
  Django RedisCache GET of a 12 KB page cost ~290 us of CPU, more than the rest of the
  request, hence the local layer in front of Redis for entries that never change.
- Cached, signed in (public or personal): was ~6x, half of it Django's authentication: the
  session and the user, two ORM queries whose building cost several times their running.
  Both were first read in plain SQL (a cached `/plan/` 1.28 -> 0.76 ms of CPU, a signed-in
  `/market/` 1.42 -> 0.68 ms, SQLite). On PostgreSQL each round trip also costs ~90 us of
  the worker's CPU (a `SELECT 1` through Django and psycopg, mostly the socket calls) and
  the server's share, so three of them (session, user, versions) left signed-in public
  pages at 0.45-0.47 of `/healthz`. Now the session row keeps its user's id in a column
  (`accounts.models.Session`) and one query returns the session with its user's row
  (`accounts/sessions.py`; Django's `get_user` still checks the password hash), and the
  CSRF token's mask is drawn from one `secrets.token_bytes` call instead of 32
  `secrets.choice` calls (42 -> 7 us; `market/page_cache.py`'s `csrf_token`). Measured in
  one process on PostgreSQL (CPU per request, `/healthz` 0.27-0.29 ms in the same runs): a
  signed-in cached `/market/` 0.87-0.89 -> 0.77-0.81 ms; the joined read against the two
  it replaces, 128-137 against 230-255 us of client CPU, 294-325 against 424-502 us wall.
  PostgreSQL planned the join on every request (0.08 ms, as long as running it), so on
  PostgreSQL it is a prepared statement, made once per connection: 244 against 325 us
  wall. Django's `server_side_binding` with psycopg's automatic preparing was measured
  too and not kept: every query's client CPU rose (`SELECT 1` 83 -> 102-120 us). What is
  left: Django's middleware (settings read through its lazy object ~70 times a request),
  the session's signature and decode, the versions query. Sessions read from Redis
  (`cached_db`) were measured earlier and gained nothing.
- The load generator sends the probe's session and CSRF cookies, as a browser does after its
  first page (without the CSRF cookie every response would make a new secret and set it)."""


# ---- Main -------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[100, 10_000])
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument(
        "--databases", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"]
    )
    parser.add_argument(
        "--cache-off",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also measure every page with the page cache off (before/after in one run)",
    )
    parser.add_argument("--no-write", action="store_true", help="do not touch RESULTS.md")
    parser.add_argument("--data-step", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--publish", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--rate", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.data_step:
        data_step_main(args)
        return
    args.users = sorted(set(args.users))

    started = Started()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the `finally` below
    workdir = Path(tempfile.mkdtemp(prefix="skillgap-load-"))
    started.add("work folder", lambda: shutil.rmtree(workdir, ignore_errors=True))
    t0 = time.perf_counter()
    try:
        wrk = wrk_find()
        redis_url, cache = redis_start(started)
        print(f"cache: {cache}; {uptime()}", flush=True)
        # As `make serve`: hashed, compressed static files for whitenoise.
        manage(
            app_env("sqlite:///" + str(workdir / "static.sqlite3"), ""),
            "collectstatic",
            "--noinput",
            "-v0",
        )
        results = []
        for name in args.databases:
            if name == "sqlite":
                database = Database("SQLite", f"sqlite:///{workdir / 'load.sqlite3'}")
            else:
                database = postgres_prepare(started)
                if database.drop:
                    started.add("bench database", database.drop)
            if database.skipped:
                print(f"{database.vendor}: skipped: {database.skipped}", flush=True)
                results.append(DatabaseResult(database))
                continue
            results.append(database_run(database, args, wrk, redis_url, started))
        block = report_block(results, args, cache, time.perf_counter() - t0)
        print(block)
        if not args.no_write:
            section_write("load", block)
            print(f"wrote {RESULTS.relative_to(ROOT)}")
    finally:
        started.close()


if __name__ == "__main__":
    main()
