"""Two writes for one person at once never deadlock: every write service locks the person's
version row first (`assessments.services.versioning.person_lock`), so a second write waits
at its start instead of holding one of the person's rows while the first waits for it."""

import ast
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection, connections, transaction
from django.db.models import CASCADE, DB_CASCADE, DO_NOTHING, PROTECT, RESTRICT, Model
from django.db.models.deletion import get_candidate_relations_to_delete
from django.test.utils import CaptureQueriesContext

from accounts.services import account_delete
from assessments.models import (
    JobAd,
    JobAdSkill,
    PersonVersion,
    PlanItem,
    SkillLevel,
    SkillLevelChange,
)
from assessments.services.ads import (
    _ads_read_again,
    job_ad_create,
    job_ad_delete,
    job_ad_get,
    job_ad_plan,
    job_ad_reread,
    reading_rules_load,
)
from assessments.services.plans import (
    plan_build,
    plan_item_check_off,
    plan_item_undo,
    plan_refresh,
    share_link_create,
    share_link_revoke,
)
from assessments.services.profile import (
    profile_mark_seen,
    profile_plan_settings_set,
    profile_update,
)
from assessments.services.skills import skill_level_set, skill_levels_set, skills_confirm
from assessments.services.versioning import (
    VERSION_TABLE,
    PersonLockedDeletes,
    people_lock,
    people_reached,
    person_lock,
    person_locked,
)
from market.models import Role, Skill, SkillCategory, Snapshot
from market.selectors import snapshot_current
from tests.conftest import SITE_AD

# SQLite has no row locks: Django leaves FOR UPDATE out there (its writes lock the database).
LOCKING = " FOR UPDATE" if connection.vendor == "postgresql" else ""
WAIT = 20  # seconds: far beyond any step here; only a hang would reach it

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks and deadlock detection are PostgreSQL's; SQLite locks the whole "
    "database for a write transaction (BEGIN IMMEDIATE), so two writes never interleave",
)


def _someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def _until(condition) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, "the other write never got to wait"
        time.sleep(0.02)


def _in_thread(work, errors: dict, name: str, pause=None) -> threading.Thread:
    def run() -> None:
        try:
            with connection.cursor() as cursor:  # a hang fails the test instead of freezing it
                cursor.execute(f"SET lock_timeout = '{WAIT}s'")
            if pause is None:
                work()
            else:
                with connection.execute_wrapper(pause):
                    work()
        except Exception as error:  # noqa: BLE001 - reported by the test's assertion
            errors[name] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread


def _behind_a_held_lock(user, second: Callable[[], None], while_waiting=None) -> dict:
    """Takes `user`'s lock in one thread and holds it; runs `second` in another; once that
    waits for a lock, calls `while_waiting`, then lets go. The errors of either thread."""
    locked, go_on = threading.Event(), threading.Event()
    errors: dict[str, Exception] = {}

    def first() -> None:
        with transaction.atomic():
            person_lock(user=user)
            locked.set()
            go_on.wait(WAIT)

    one = _in_thread(first, errors, "first")
    assert locked.wait(WAIT)
    two = _in_thread(second, errors, "second")
    _until(_someone_waits_for_a_lock)
    if while_waiting is not None:
        while_waiting()
    go_on.set()
    one.join(WAIT * 2)
    two.join(WAIT * 2)
    return errors


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_check_off_and_a_level_save_at_once_both_land_without_a_deadlock(planned):
    """The save locks the skill's level row and is held there; the check-off starts (its
    first statement marks the item done); the save goes on. Locking in opposite orders
    (level row then the version row, against item and version row then the level row) was
    a deadlock: PostgreSQL cancelled one of them."""
    item = (
        PlanItem.objects.select_related("skill", "plan")
        .filter(plan__user=planned, from_level=0, to_level__gte=2)
        .order_by("order")
        .first()
    )
    skill = item.skill
    skill_level_set(user=planned, skill=skill, level=0)  # the row the save will lock
    held, go_on = threading.Event(), threading.Event()

    def hold_after_locking_the_level(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not held.is_set() and SkillLevel._meta.db_table in sql and "FOR UPDATE" in sql:
            held.set()
            go_on.wait(WAIT)
        return result

    errors: dict[str, Exception] = {}
    save = _in_thread(
        lambda: skill_level_set(user=planned, skill=skill, level=1),
        errors,
        "level save",
        pause=hold_after_locking_the_level,
    )
    assert held.wait(WAIT)
    check_off = _in_thread(
        lambda: plan_item_check_off(user=planned, item=item), errors, "check-off"
    )
    _until(_someone_waits_for_a_lock)  # the check-off is blocked by the save
    go_on.set()
    save.join(WAIT * 2)
    check_off.join(WAIT * 2)

    assert errors == {}
    item.refresh_from_db()
    assert item.done_at is not None and item.level_before_done == 1
    assert SkillLevel.objects.get(user=planned, skill=skill).level == item.to_level
    history = SkillLevelChange.objects.filter(user=planned, skill=skill).order_by("pk")
    assert [(c.previous_level, c.level, c.source) for c in history] == [
        (0, 1, SkillLevelChange.Source.RATED),
        (1, item.to_level, SkillLevelChange.Source.PLAN),
    ]


@pytest.mark.django_db
def test_a_person_without_a_version_row_gets_one_when_first_locked(user):
    assert not PersonVersion.objects.filter(person_id=user.pk).exists()
    with transaction.atomic():
        person_lock(user=user)
        assert PersonVersion.objects.filter(person_id=user.pk).exists()


def test_locking_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="outside a transaction"):  # it would hold nothing
        person_lock(user=SimpleNamespace(pk=1))


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_first_writes_of_a_new_person_at_once_both_get_the_one_version_row(user):
    """Neither sees a row; the second's insert waits for the first's, finds it made, and
    locks it once the first commits."""

    def second() -> None:
        with transaction.atomic():
            person_lock(user=user)

    assert _behind_a_held_lock(user, second) == {}
    assert PersonVersion.objects.filter(person_id=user.pk).count() == 1


# ---- Every write service locks first ------------------------------------------------------

SERVICE_MODULES = [
    *sorted((Path(settings.BASE_DIR) / "assessments" / "services").glob("*.py")),
    Path(settings.BASE_DIR) / "accounts" / "services.py",
]
WRITES = {"save", "delete", "update", "create", "get_or_create", "update_or_create"}
WRITES |= {"bulk_create", "bulk_update", "create_user"}
# Public functions that write without a person's lock, and why.
NOT_A_PERSONS_WRITE = {
    "user_sign_up": "makes the account: no row of the person exists yet to collide with",
    "level_descriptors_ensure": "everyone's level descriptions, after migrate",
    "person_lock": "the lock itself",
}


def _first_item(user) -> PlanItem:
    return PlanItem.objects.select_related("skill", "plan").filter(plan__user=user).first()


def _checked_off(user) -> PlanItem:
    return plan_item_check_off(user=user, item=_first_item(user))


def _python():
    return Skill.objects.get(slug="python")


def _saved_ad(user):
    """A saved ad of `user`, as the pages fetch it (role and skills with it)."""
    return job_ad_get(user=user, ad_id=job_ad_create(user=user, text=SITE_AD).pk)


# name -> (setup outside the measured queries) -> the call whose queries are measured
SERVICES: dict[str, Callable[[Any], Callable[[], Any]]] = {
    "skill_level_set": lambda u: partial(skill_level_set, user=u, skill=_python(), level=2),
    "skill_levels_set": lambda u: partial(skill_levels_set, user=u, levels={"python": 2}),
    "skills_confirm": lambda u: partial(skills_confirm, user=u, levels={"python": 2}),
    "plan_build": lambda u: partial(plan_build, user=u),
    "plan_refresh": lambda u: partial(plan_refresh, user=u),
    "plan_item_check_off": lambda u: partial(plan_item_check_off, user=u, item=_first_item(u)),
    "plan_item_undo": lambda u: partial(plan_item_undo, user=u, item=_checked_off(u)),
    "share_link_create": lambda u: partial(share_link_create, user=u),
    "share_link_revoke": lambda u: partial(share_link_revoke, user=u),
    "profile_update": lambda u: partial(
        profile_update,
        user=u,
        background="other",
        target_role=Role.objects.get(slug="mlops-engineer"),
        target_seniority="senior",
        hours_per_week=6,
        start_month=None,
    ),
    "profile_plan_settings_set": lambda u: partial(
        profile_plan_settings_set,
        user=u,
        hours_per_week=5,
        role=Role.objects.get(slug="ml-engineer"),
        seniority="mid",
    ),
    "profile_mark_seen": lambda u: partial(profile_mark_seen, user=u, snapshot=snapshot_current()),
    "job_ad_create": lambda u: partial(job_ad_create, user=u, text=SITE_AD),
    "job_ad_delete": lambda u: partial(
        job_ad_delete, user=u, ad=job_ad_create(user=u, text=SITE_AD)
    ),
    "job_ad_plan": lambda u: partial(job_ad_plan, user=u, ad=_saved_ad(u)),
    "job_ad_reread": lambda u: partial(job_ad_reread, user=u, ad=_saved_ad(u)),
    "_ads_read_again": lambda u: partial(
        _ads_read_again, user=u, ads=[_saved_ad(u)], rules=reading_rules_load()
    ),
    "account_delete": lambda u: partial(account_delete, user=u),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", SERVICES)
def test_every_write_service_locks_the_person_before_anything_else(planned, name):
    call, person = SERVICES[name](planned), planned.pk  # account_delete clears the pk
    with CaptureQueriesContext(connection) as queries:
        call()
    statements = [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN"))
    ]
    first = statements[0]
    assert first.startswith("SELECT") and f'FROM "{VERSION_TABLE}"' in first, first
    assert first.endswith(f'"person_id" = {person}' + LOCKING), first
    locks = [sql for sql in statements if sql.startswith("SELECT") and VERSION_TABLE in sql]
    assert len(locks) == 1, "a service called by another takes no second lock"


def _decorated_locked(function: ast.FunctionDef) -> bool:
    return any(getattr(d, "id", "") == person_locked.__name__ for d in function.decorator_list)


def _writes(function: ast.FunctionDef) -> bool:
    return any(
        isinstance(node, ast.Call) and getattr(node.func, "attr", "") in WRITES
        for node in ast.walk(function)
    )


def _service_functions() -> dict[str, ast.FunctionDef]:
    return {
        node.name: node
        for path in SERVICE_MODULES
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef)
    }


def _callers(name: str, functions: dict[str, ast.FunctionDef]) -> set[str]:
    return {
        caller
        for caller, function in functions.items()
        for node in ast.walk(function)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == name
    }


def test_every_service_that_writes_a_persons_rows_is_locked_and_measured_above():
    """A new service that writes (`.save()`, `.create()`, `.delete()`, bulk...) and forgets
    `@person_locked` fails here; so does a locked one missing from SERVICES, and a private
    writer called from anywhere but a locked service."""
    functions = _service_functions()
    locked = {name for name, f in functions.items() if _decorated_locked(f)}
    writers = {name for name, f in functions.items() if _writes(f)}
    public_unlocked = {
        name for name in writers - locked if not name.startswith("_")
    } - NOT_A_PERSONS_WRITE.keys()
    assert public_unlocked == set(), "write services without @person_locked"
    assert locked == SERVICES.keys() - {"skills_confirm"}
    for private in {name for name in writers if name.startswith("_")}:
        callers = _callers(private, functions)
        assert callers and callers <= locked | writers, (private, callers - locked)


# ---- The admin's deletes lock every person they reach, first --------------------------------


@pytest.fixture
def staff_client(client, make_user):
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def zig_people(market, make_user):
    """A skill nobody plans or measures (so it can be deleted) that two people rate and a
    third's job ad asks for; a fourth person does not touch it."""
    zig = Skill.objects.create(name="Zig", category=SkillCategory.OTHER)
    ada, bob, cy, dee = (make_user(name) for name in ("ada", "bob", "cy", "dee"))
    for person in (bob, ada):
        skill_level_set(user=person, skill=zig, level=2)
    job_ad_create(user=cy, text="Zig and Python required")
    skill_level_set(user=dee, skill=_python(), level=3)
    return zig, [ada, bob, cy], dee


def _token(person) -> str | None:
    return PersonVersion.objects.filter(person_id=person.pk).values_list("token", flat=True).first()


def _lock_then_delete(queries) -> tuple[str, str]:
    """The one lock of the people's versions, and the first DELETE, which follows it."""
    statements = [q["sql"] for q in queries.captured_queries]
    locks = [s for s in statements if s.startswith("SELECT") and f'FROM "{VERSION_TABLE}"' in s]
    assert len(locks) == 1, locks  # one query, however many people
    first_delete = next(s for s in statements if s.startswith("DELETE"))
    assert statements.index(locks[0]) < statements.index(first_delete)
    selected, _, order = locks[0].partition(" FROM ")
    assert selected == f'SELECT "{VERSION_TABLE}"."person_id" AS "person_id"'
    assert order.endswith(" ORDER BY 1 ASC" + LOCKING)  # by person id
    return locks[0], first_delete


def test_the_people_a_skill_or_role_delete_reaches_are_locked_in_id_order(zig_people, onboard):
    zig, reached, dee = zig_people
    role = Role.objects.create(name="Zig Engineer")
    onboard(reached[1], role=role.slug)
    JobAd.objects.filter(user=reached[2]).update(role=role)
    with transaction.atomic():
        assert people_lock(deleting=Skill.objects.filter(pk=zig.pk)) == [p.pk for p in reached]
        assert people_lock(deleting=Role.objects.filter(pk=role.pk)) == [
            reached[1].pk,
            reached[2].pk,
        ]
        users = User.objects.filter(pk__in=[dee.pk, reached[0].pk])
        assert people_lock(deleting=users) == sorted([dee.pk, reached[0].pk])


def _admin_delete(client, changelist: str, pks: list[int], how: str):
    """Delete rows in the admin as a staff member does: one row's delete page (confirmed), or
    the changelist's "delete selected" action (confirmed)."""
    if how == "delete page":
        (pk,) = pks
        return client.post(f"{changelist}{pk}/delete/", {"post": "yes"})
    return client.post(
        changelist, {"action": "delete_selected", "_selected_action": pks, "post": "yes"}
    )


@pytest.mark.parametrize("how", ["delete page", "list action"])
def test_deleting_a_skill_in_the_admin_locks_its_people_first_and_moves_their_versions(
    staff_client, zig_people, how
):
    zig, reached, dee = zig_people
    before = {p.pk: _token(p) for p in [*reached, dee]}
    with CaptureQueriesContext(connection) as queries:
        response = _admin_delete(staff_client, "/admin/market/skill/", [zig.pk], how)
    assert response.status_code == 302
    _lock_then_delete(queries)
    assert not Skill.objects.filter(pk=zig.pk).exists()
    assert not SkillLevel.objects.filter(skill_id=zig.pk).exists()
    assert all(_token(p) != before[p.pk] for p in reached)
    assert _token(dee) == before[dee.pk]


@pytest.mark.parametrize("how", ["delete page", "list action"])
def test_deleting_people_in_the_admin_locks_them_first_and_forgets_their_versions(
    staff_client, zig_people, how
):
    _, (ada, bob, cy), dee = zig_people
    before = _token(dee)
    gone = [ada] if how == "delete page" else [ada, cy]
    with CaptureQueriesContext(connection) as queries:
        response = _admin_delete(staff_client, "/admin/auth/user/", [p.pk for p in gone], how)
    assert response.status_code == 302
    _lock_then_delete(queries)
    assert not User.objects.filter(pk__in=[p.pk for p in gone]).exists()
    assert not PersonVersion.objects.filter(person_id__in=[p.pk for p in gone]).exists()
    assert not SkillLevel.objects.filter(user_id__in=[p.pk for p in gone]).exists()
    assert _token(dee) == before and _token(bob) is not None


def _models_a_delete_reaches(model: type[Model]) -> set[type[Model]]:
    """The models whose rows deleting a row of `model` deletes or changes, found as Django's
    Collector finds them (not through `people_reached`): every relation pointing at a deleted
    model, hidden ones too (a many-to-many's through rows), followed on through CASCADE; a
    SET_NULL, SET_DEFAULT or SET changes the rows; PROTECT, RESTRICT and DO_NOTHING keep them."""
    deleted: set[type[Model]] = set()
    changed: set[type[Model]] = set()
    todo = [model._meta.concrete_model]
    while todo:
        current = todo.pop()
        if current in deleted:
            continue
        deleted.add(current)
        todo.extend(current._meta.parents)  # a child's delete takes its parents' rows along
        for relation in get_candidate_relations_to_delete(current._meta):
            if relation.on_delete in (CASCADE, DB_CASCADE):
                todo.append(relation.related_model)
            elif relation.on_delete not in (PROTECT, RESTRICT, DO_NOTHING):
                changed.add(relation.related_model)
    return deleted | changed


def _is_a_persons(model: type[Model], seen: frozenset = frozenset()) -> bool:
    """A model of the assessments app whose rows are someone's: a chain of foreign keys leads
    from it to a user (level descriptors, read by everyone, lead nowhere)."""
    if model._meta.app_label != "assessments" or model in seen:
        return False
    return any(
        field.related_model is User or _is_a_persons(field.related_model, seen | {model})
        for field in model._meta.concrete_fields
        if field.many_to_one or field.one_to_one
    )


def _peoples_models_a_delete_reaches(model: type[Model]) -> set[type[Model]]:
    return set(filter(_is_a_persons, _models_a_delete_reaches(model)))


def test_every_admin_whose_deletes_reach_peoples_rows_locks_them_first():
    reaching = {model for model in admin.site._registry if _peoples_models_a_delete_reaches(model)}
    assert {User, Skill, Role, Snapshot} <= reaching
    locking = {
        model
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, PersonLockedDeletes)
    }
    assert locking == reaching


def test_the_people_a_delete_locks_are_found_through_every_row_of_theirs_it_reaches():
    """`people_reached` (what `PersonLockedDeletes` locks) asks every model of people's rows
    that a delete reaches; a user's delete reaches the users themselves."""
    market_admins = [model for model in admin.site._registry if model is not User]
    asked = {
        model: {rows.model for rows in people_reached(deleting=model._base_manager.all())}
        for model in market_admins
    }
    assert asked == {model: _peoples_models_a_delete_reaches(model) for model in market_admins}
    assert asked[Skill] == {SkillLevel, SkillLevelChange, JobAdSkill}


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_admin_skill_delete_waits_for_a_persons_write_at_its_start(zig_people):
    """While a person's write holds their lock, the delete waits at its lock query, holding
    none of their rows (it used to delete their levels, then wait on the version row a trigger
    bumps, while the write waited for a level row: a deadlock)."""
    zig, (ada, _, _), _ = zig_people
    waiting: list[str] = []

    def delete() -> None:
        admin.site._registry[Skill].delete_queryset(None, Skill.objects.filter(pk=zig.pk))

    def what_waits() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT query FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            waiting.extend(query for (query,) in cursor.fetchall())

    assert _behind_a_held_lock(ada, delete, while_waiting=what_waits) == {}
    assert len(waiting) == 1
    assert f'FROM "{VERSION_TABLE}"' in waiting[0] and waiting[0].endswith("FOR UPDATE")
    assert not Skill.objects.filter(pk=zig.pk).exists()
