"""A killed import (SIGTERM as systemd and docker send it, or SIGKILL) leaves nothing behind:
no process, no file in /dev/shm or the temporary folder, no partial snapshot.

A real `manage.py import_market` runs in its own process (and session) on a generated file
large enough to be killed while it reads it: the test waits until the importer's position in
the file has moved past the header, then sends the signal.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from market.models import RoleLevelStat, SkillDemand, Snapshot

ROOT = Path(__file__).resolve().parents[2]
PROC = Path("/proc")
SHM = Path("/dev/shm")
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not sys.platform.startswith("linux"),
        reason="reads the importer's open files and processes from Linux's /proc",
    ),
]

SKILL_TEXT = (
    "We build machine learning systems in Python and SQL on AWS, with Docker, Kubernetes, "
    "PyTorch and TensorFlow; experience with Spark, Airflow and MLflow is a plus. "
)


def postings_file(path: Path, rows: int = 70_000) -> Path:
    """A postings CSV of `rows` distinct postings (about 1 KB each: 70 MB, larger than the
    files the first design handed to a worker process)."""
    titles = ["Machine Learning Engineer", "Senior Data Scientist", "MLOps Engineer", "Analyst"]
    with path.open("w", encoding="utf-8") as out:
        out.write("title,company,salary,description\n")
        for i in range(rows):
            description = SKILL_TEXT * 6 + f"Posting {i}."
            out.write(f'{titles[i % 4]},Company {i},"$120,000 - $150,000","{description}"\n')
    return path


def figure_counts(database_url: str) -> tuple[int, int, int]:
    """Snapshots, level figures and skill figures in the child's database."""
    tables = [m._meta.db_table for m in (Snapshot, RoleLevelStat, SkillDemand)]
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            return tuple(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables)
    return Snapshot.objects.count(), RoleLevelStat.objects.count(), SkillDemand.objects.count()


@pytest.fixture(scope="module")
def migrated_sqlite_file(tmp_path_factory) -> Path:
    """A migrated (and seeded) SQLite database file, made once for this module's tests."""
    path = tmp_path_factory.mktemp("market") / "market.sqlite3"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{path}"},
        check=True,
    )
    return path


@pytest.fixture
def child_database(request, tmp_path) -> str:
    """The database the import runs against: on SQLite a migrated file of its own (the test
    database lives in this process's memory); on PostgreSQL the test database itself."""
    if connection.vendor == "sqlite":
        copy = tmp_path / "market.sqlite3"
        copy.write_bytes(request.getfixturevalue("migrated_sqlite_file").read_bytes())
        return f"sqlite:///{copy}"
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST'] or '127.0.0.1'}"
        f":{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def reading_position(pid: int, path: Path) -> int | None:
    """Where process `pid` is in `path` (its open file's offset), None if it has not opened it."""
    for fd in (PROC / str(pid) / "fd").iterdir():
        try:
            if Path(os.readlink(fd)) == path:
                info = (PROC / str(pid) / "fdinfo" / fd.name).read_text()
                return int(info.split("pos:")[1].split()[0])
        except (FileNotFoundError, IndexError):
            continue
    return None


def files_in_use(pid: int) -> set[Path]:
    """Every file the process has open or mapped into memory."""
    found = set()
    for fd in (PROC / str(pid) / "fd").iterdir():
        try:
            found.add(Path(os.readlink(fd)))
        except FileNotFoundError:
            continue
    for line in (PROC / str(pid) / "maps").read_text().splitlines():
        parts = line.split(maxsplit=5)
        if len(parts) == 6 and parts[5].startswith("/"):
            found.add(Path(parts[5].removesuffix(" (deleted)")))
    return found


def session_members(session: int) -> list[int]:
    """Processes (still running or not yet reaped) in the session `session`."""
    members = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        fields = stat.rsplit(")", 1)[1].split()  # after "pid (name)": state, ppid, pgrp, sid
        if int(fields[3]) == session:
            members.append(int(entry.name))
    return members


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_killed_import_leaves_no_process_no_file_and_no_snapshot(tmp_path, child_database, sent):
    temp = tmp_path / "temp"
    temp.mkdir()
    url = child_database
    env = {**os.environ, "TMPDIR": str(temp), "DATABASE_URL": url}
    source = postings_file(tmp_path / "postings.csv")
    before = figure_counts(url)

    importer = subprocess.Popen(
        [sys.executable, "manage.py", "import_market", str(source), "--publish"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own session: anything it starts stays findable
    )
    try:
        deadline = time.monotonic() + 120
        while (reading_position(importer.pid, source) or 0) <= 0:
            assert importer.poll() is None, importer.stderr.read().decode()
            assert time.monotonic() < deadline, "the import never started reading the file"
            time.sleep(0.01)
        in_use = files_in_use(importer.pid)
        importer.send_signal(sent)
        assert importer.wait(timeout=60) == -sent
    finally:
        if importer.poll() is None:
            importer.kill()
            importer.wait()

    time.sleep(0.2)  # anything it left would still be running or on disk now
    assert session_members(importer.pid) == [], "a process of the import is still running"
    assert list(temp.iterdir()) == []
    # What it had open or mapped there, and the folders those were in, are gone.
    kept = {p for p in in_use if p.is_relative_to(SHM) or p.is_relative_to(temp)}
    kept |= {folder for p in kept for folder in p.parents if folder not in (SHM, temp)}
    left = {p for p in kept if p.exists() and (p.is_relative_to(SHM) or p.is_relative_to(temp))}
    assert left == set()
    assert figure_counts(url) == before
