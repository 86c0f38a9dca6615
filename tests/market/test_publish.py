"""Publishing switches the current market in one step: never zero, never two."""

import datetime as dt
import io
import threading

import pytest
from django.db import IntegrityError, OperationalError, connection, connections, transaction

from market.ingestion.aggregate import aggregate_export, aggregate_read
from market.ingestion.refresh import snapshot_discard
from market.models import RoleLevelStat, SkillDemand, Snapshot
from market.services.snapshots import snapshot_create, snapshot_publish
from tests.market.importing_support import draft_of


def race(test):
    """A race between two transactions: PostgreSQL only (its row locks), in real transactions."""
    skip = pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite runs one writing transaction at a time (transaction_mode IMMEDIATE)",
    )
    return skip(pytest.mark.django_db(transaction=True)(test))


@pytest.mark.django_db
def test_publish_makes_exactly_one_current_snapshot():
    first, second = draft_of(label="first"), draft_of(label="second")
    snapshot_publish(snapshot=first)
    snapshot_publish(snapshot=second)
    assert list(Snapshot.objects.filter(is_current=True)) == [second]
    first.refresh_from_db()
    assert first.state == Snapshot.State.PUBLISHED and first.published_at is not None


@pytest.mark.django_db
def test_the_database_refuses_two_current_snapshots():
    Snapshot.objects.update(is_current=False)
    a, b = draft_of(label="a"), draft_of(label="b")
    Snapshot.objects.filter(pk=a.pk).update(state="published", is_current=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Snapshot.objects.filter(pk=b.pk).update(state="published", is_current=True)


@pytest.mark.django_db
def test_a_failed_publish_leaves_the_old_market_current(monkeypatch):
    current = Snapshot.objects.get(is_current=True)
    new = draft_of(label="new")

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
    snapshots = [draft_of(label=f"concurrent {i}") for i in range(6)]
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


def _published_with_figures() -> Snapshot:
    current = Snapshot.objects.get(is_current=True)
    figures = aggregate_read(
        io.StringIO(aggregate_export(current)), name="copy.csv"
    ).figures  # a copy of the seed market, as an import would store it
    copy = snapshot_create(
        figures=figures, label="copy", source="test", analysis_date=dt.date(2025, 1, 1)
    )
    return snapshot_publish(snapshot=copy)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the guard is a PostgreSQL trigger (market 0004_published_figures_guard), not on SQLite",
)
@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_every_change_to_a_published_snapshots_figures():
    published = _published_with_figures()
    demand = SkillDemand.objects.filter(snapshot=published).first()
    stat = RoleLevelStat.objects.filter(snapshot=published).first()
    draft = draft_of(label="draft")
    changes = {
        "save": lambda: SkillDemand.objects.filter(pk=demand.pk).update(share_pct=1),
        "bulk update": lambda: SkillDemand.objects.filter(snapshot=published).update(
            priority="Critical"
        ),
        "delete one": lambda: RoleLevelStat.objects.get(pk=stat.pk).delete(),
        "delete many": lambda: RoleLevelStat.objects.filter(snapshot=published).delete(),
        "add": lambda: SkillDemand.objects.bulk_create(
            [
                SkillDemand(
                    snapshot=published,
                    role=None,
                    seniority="mid",
                    skill=demand.skill,
                    share_pct=5,
                    priority="Medium",
                )
            ]
        ),
        "move out": lambda: RoleLevelStat.objects.filter(pk=stat.pk).update(snapshot=draft),
        "unpublish": lambda: Snapshot.objects.filter(pk=published.pk).update(state="draft"),
    }

    def figures() -> list:
        return [
            *SkillDemand.objects.filter(snapshot=published).values_list().order_by("pk"),
            *RoleLevelStat.objects.filter(snapshot=published).values_list().order_by("pk"),
        ]

    before = figures()
    for name, change in changes.items():
        with pytest.raises(IntegrityError, match="is published"), transaction.atomic():
            change()
        assert figures() == before, name
    assert Snapshot.objects.get(pk=published.pk).state == Snapshot.State.PUBLISHED


@pytest.mark.django_db(transaction=True)
def test_whole_snapshots_can_still_be_deleted_and_drafts_discarded():
    # Publishing a draft in the transaction that filled it (an import with --publish, the
    # seed), deleting a whole published snapshot and discarding a draft all commit.
    published = _published_with_figures()
    with transaction.atomic():
        again = snapshot_publish(
            snapshot=snapshot_create(
                figures=aggregate_read(
                    io.StringIO(aggregate_export(published)), name="again.csv"
                ).figures,
                label="again",
                source="test",
                analysis_date=dt.date(2025, 1, 2),
            )
        )
    assert again.is_current and again.demands.exists()
    published.delete()
    assert not SkillDemand.objects.filter(snapshot_id=published.pk).exists()
    assert not RoleLevelStat.objects.filter(snapshot_id=published.pk).exists()
    draft = snapshot_create(
        figures=aggregate_read(io.StringIO(aggregate_export(again)), name="draft.csv").figures,
        label="draft",
        source="test",
        analysis_date=dt.date(2025, 1, 3),
    )
    snapshot_discard(snapshot=draft)
    assert not Snapshot.objects.filter(pk=draft.pk).exists()
    assert not SkillDemand.objects.filter(snapshot_id=draft.pk).exists()


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


@race
def test_a_discard_waits_for_an_import_that_counts_a_skill_the_discarded_draft_added(
    monkeypatch,
):
    # Before: an import read the skills (the discarded draft's new one among them), the
    # discard then deleted that skill, and the import's figures pointed at a deleted skill:
    # the import failed with an IntegrityError at commit. Now an import holds the publish
    # lock from its first read, so the discard waits, then sees the skill counted and keeps it.
    from market.models import Skill
    from market.services import snapshots

    adder = import_of("adds Zorblax")
    discarded, backend = [], []
    read_skills = snapshots._by_name

    def discard():
        try:
            _record_backend(backend)
            discarded.append(snapshot_discard(snapshot=adder))
        finally:
            connections.close_all()

    def by_name_then_discard(model, names, **fields):
        found = read_skills(model, names, **fields)
        if model is Skill:  # read, not yet counted: another admin discards the adder now
            thread = threading.Thread(target=discard)
            thread.start()
            while thread.is_alive() and not _waits_on_a_lock(backend):
                threading.Event().wait(0.01)
            threads.append(thread)
        return found

    threads: list[threading.Thread] = []
    monkeypatch.setattr(snapshots, "_by_name", by_name_then_discard)
    counter = import_of("counts Zorblax")
    threads[0].join(timeout=60)

    assert discarded[0].skills == []
    assert SkillDemand.objects.get(snapshot=counter).skill.name == "Zorblax"
    assert not Snapshot.objects.filter(pk=adder.pk).exists()
    assert Skill.objects.filter(name="Zorblax").exists()


def import_of(label: str) -> Snapshot:
    """A draft of an import counting the skill "Zorblax" (the first one adds it)."""
    return draft_of(demands=[(None, "all", "Zorblax", "40")], label=label)


@race
def test_two_discards_at_once_of_the_last_drafts_counting_a_typo_take_it(monkeypatch):
    # Two admins discard the two drafts left counting "Zorblax" (its adder discarded before)
    # at once. Each reads whether another draft counts it: unserialised, the second reads the
    # first's draft as still there and hands "Zorblax" over to it, the first then finds no
    # draft left to hand it to, and "Zorblax" stays for good. The publish lock (snapshot_discard
    # takes it; so does the market tables' trigger on a discard's first write) prevents that.
    from market.ingestion import refresh
    from market.models import Skill

    adder, first, second = (import_of(label) for label in ("adds", "counts", "counts too"))
    snapshot_discard(snapshot=adder)  # hands "Zorblax" over to both
    hand_over = refresh._handed_over
    other, errors, backend, threads = [], [], [], []

    def discard_second():
        try:
            _record_backend(backend)
            other.append(snapshot_discard(snapshot=second))
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)
        finally:
            connections.close_all()

    def hand_over_while_another_discards(entry, *args, **kwargs):
        if not threads:  # the first discard found "Zorblax" counted: the second starts now
            threads.append(threading.Thread(target=discard_second))
            threads[0].start()
            while threads[0].is_alive() and not _waits_on_a_lock(backend):
                threading.Event().wait(0.01)
        return hand_over(entry, *args, **kwargs)

    monkeypatch.setattr(refresh, "_handed_over", hand_over_while_another_discards)
    mine = snapshot_discard(snapshot=first)
    threads[0].join(timeout=60)

    assert errors == []
    assert (mine.skills, [h.drafts for h in mine.handed_over]) == ([], [[second.pk]])
    assert other[0].skills == ["Zorblax"]
    assert not Skill.objects.filter(name="Zorblax").exists()
    assert not Snapshot.objects.filter(pk__in=[first.pk, second.pk]).exists()


@race
def test_a_rating_saved_while_a_discard_takes_its_skill_is_refused_not_deleted_unseen(
    monkeypatch, make_user
):
    # A person rates "Zorblax" (offered to rate while a draft counts it) as an admin discards
    # that draft. Before: the rating, committed after the discard had found nothing using the
    # skill and before it deleted it, was deleted with the skill: the person's page had said
    # it was saved. Now the discard locks the entry first: the rating waits, then is refused.
    from assessments.models import SkillLevel
    from market.models import Skill

    adder = import_of("adds Zorblax")
    person = make_user("ada")
    skill = Skill.objects.get(name="Zorblax")
    errors = []

    def rate():
        try:
            with transaction.atomic():
                SkillLevel.objects.create(user_id=person.pk, skill_id=skill.pk, level=2)
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)

    threads = meanwhile_before_deleting(monkeypatch, Skill, rate)
    assert snapshot_discard(snapshot=adder).skills == ["Zorblax"]
    threads[0].join(timeout=60)

    assert [type(exc) for exc in errors] == [IntegrityError]
    assert not Skill.objects.filter(pk=skill.pk).exists()
    assert not SkillLevel.objects.filter(user=person).exists()


def meanwhile_before_deleting(monkeypatch, model, action) -> list[threading.Thread]:
    """Patch `model.delete` so that the first delete starts `action` in a thread of its own
    and goes on once that thread waits on a lock (or has ended); the thread, in a list."""
    backend, threads = [], []

    def run():
        try:
            _record_backend(backend)
            action()
        finally:
            connections.close_all()

    delete = model.delete

    def started_then_delete(entry, *args, **kwargs):
        if not threads:
            threads.append(threading.Thread(target=run))
            threads[0].start()
            while threads[0].is_alive() and not _waits_on_a_lock(backend):
                threading.Event().wait(0.01)
        return delete(entry, *args, **kwargs)

    monkeypatch.setattr(model, "delete", started_then_delete)
    return threads


def _record_backend(backend: list[int]) -> None:
    """Note this thread's PostgreSQL backend, for _waits_on_a_lock."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend.append(cursor.fetchone()[0])


def _waits_on_a_lock(backend: list[int]) -> bool:
    if not backend:
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", backend)
        row = cursor.fetchone()
    return row is not None and row[0] == "Lock"
