"""Publishing switches the current market in one step: never zero, never two."""

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, OperationalError, connection, connections, transaction

from market.ingestion.figures import MarketFigures
from market.models import PublishedFiguresError, RoleLevelStat, SkillDemand, Snapshot
from market.services.snapshots import snapshot_create, snapshot_publish


def draft(label: str) -> Snapshot:
    return snapshot_create(
        figures=MarketFigures(), label=label, source="test", analysis_date=dt.date(2025, 1, 1)
    )


@pytest.mark.django_db
def test_publish_makes_exactly_one_current_snapshot():
    first, second = draft("first"), draft("second")
    snapshot_publish(snapshot=first)
    snapshot_publish(snapshot=second)
    assert list(Snapshot.objects.filter(is_current=True)) == [second]
    first.refresh_from_db()
    assert first.state == Snapshot.State.PUBLISHED and first.published_at is not None


@pytest.mark.django_db
def test_the_database_refuses_two_current_snapshots():
    Snapshot.objects.update(is_current=False)
    a, b = draft("a"), draft("b")
    Snapshot.objects.filter(pk=a.pk).update(state="published", is_current=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Snapshot.objects.filter(pk=b.pk).update(state="published", is_current=True)


@pytest.mark.django_db
def test_a_failed_publish_leaves_the_old_market_current(monkeypatch):
    current = Snapshot.objects.get(is_current=True)
    new = draft("new")

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Snapshot, "save", broken_save)
    with pytest.raises(RuntimeError):
        snapshot_publish(snapshot=new)
    monkeypatch.undo()
    assert list(Snapshot.objects.filter(is_current=True)) == [current]
    new.refresh_from_db()
    assert new.state == Snapshot.State.DRAFT


def _retrying(action):
    """SQLite lets one connection write at a time: a busy database is retried, as a real
    deployment would; PostgreSQL never gets here (publishers wait on the lock)."""
    for _ in range(200):
        try:
            return action()
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            threading.Event().wait(0.01)
    raise AssertionError("database stayed locked")


@pytest.mark.django_db(transaction=True)
def test_concurrent_publishes_leave_exactly_one_current_and_readers_never_see_zero_or_two():
    snapshots = [draft(f"concurrent {i}") for i in range(6)]
    snapshot_publish(snapshot=snapshots[0])
    barrier = threading.Barrier(len(snapshots) + 1)
    errors: list[BaseException] = []
    seen_counts: list[int] = []
    done = threading.Event()

    def publisher(snapshot):
        try:
            barrier.wait()
            for _ in range(3):
                _retrying(lambda: snapshot_publish(snapshot=snapshot))
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connections.close_all()

    def reader():
        try:
            barrier.wait()
            while not done.is_set():
                seen_counts.append(
                    _retrying(lambda: Snapshot.objects.filter(is_current=True).count())
                )
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publisher, args=(s,)) for s in snapshots]
    watcher = threading.Thread(target=reader)
    for thread in [*threads, watcher]:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    done.set()
    watcher.join(timeout=60)

    assert errors == []
    assert seen_counts and set(seen_counts) == {1}
    current = list(Snapshot.objects.filter(is_current=True))
    assert len(current) == 1 and current[0] in snapshots
    assert Snapshot.objects.filter(pk__in=[s.pk for s in snapshots], state="draft").count() == 0


def test_the_concurrency_test_runs_on_the_configured_database():
    # CI runs the suite on SQLite and on PostgreSQL; on PostgreSQL the test above exercises
    # the advisory lock with real concurrent transactions.
    assert connection.vendor in {"sqlite", "postgresql"}


@pytest.mark.django_db
def test_a_published_snapshots_figures_cannot_be_changed_or_deleted_one_by_one():
    current = Snapshot.objects.get(is_current=True)
    demand = SkillDemand.objects.filter(snapshot=current).first()
    stat = RoleLevelStat.objects.filter(snapshot=current).first()
    demand.share_pct = 1
    with pytest.raises(PublishedFiguresError, match="never change"):
        demand.save()
    with pytest.raises(PublishedFiguresError):
        stat.delete()
    with pytest.raises(PublishedFiguresError):
        SkillDemand.objects.create(
            snapshot=current,
            role=None,
            seniority="mid",
            skill=demand.skill,
            share_pct=5,
            priority="Medium",
        )
    demand.refresh_from_db()
    assert demand.share_pct != 1


@pytest.mark.django_db
def test_a_drafts_figures_can_still_be_edited():
    current = Snapshot.objects.get(is_current=True)
    current.pk = None
    current.is_current = False
    current.state = Snapshot.State.DRAFT
    current.save()
    skill = SkillDemand.objects.filter(snapshot__is_current=True).first().skill
    demand = SkillDemand.objects.create(
        snapshot=current, role=None, seniority="mid", skill=skill, share_pct=5, priority="Medium"
    )
    demand.share_pct = 6
    demand.save()
    assert SkillDemand.objects.get(pk=demand.pk).share_pct == 6
