import datetime as dt
import re

import pytest
from django.urls import reverse

from market.ingestion.aggregate import aggregate_export
from market.models import (
    CareerPath,
    PathStage,
    Role,
    RoleLevelStat,
    Skill,
    SkillDemand,
    Snapshot,
    TimelinePhase,
)
from tests.html_tables import all_tables
from tests.test_site_pages import audit

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", None)
    client.force_login(admin)
    return client


@pytest.fixture
def draft() -> Snapshot:
    return Snapshot.objects.create(label="Draft", source="test", analysis_date=dt.date(2025, 11, 1))


def test_admin_downloads_the_export_as_csv_and_json(admin_client, seed_snapshot):
    url = reverse("admin:market_snapshot_export", args=[seed_snapshot.pk, "csv"])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')
    assert response.content.decode() == aggregate_export(seed_snapshot)
    response = admin_client.get(
        reverse("admin:market_snapshot_export", args=[seed_snapshot.pk, "json"])
    )
    assert response.json()["snapshot"]["postings_count"] == 21359


def test_export_download_needs_a_staff_login(client, seed_snapshot):
    url = reverse("admin:market_snapshot_export", args=[seed_snapshot.pk, "csv"])
    assert client.get(url).status_code == 302


def test_download_action_on_the_snapshot_list(admin_client, seed_snapshot):
    response = admin_client.post(
        reverse("admin:market_snapshot_changelist"),
        {"action": "download_csv", "_selected_action": [seed_snapshot.pk]},
    )
    assert response.content.decode() == aggregate_export(seed_snapshot)


def test_published_snapshot_and_its_figures_are_read_only(admin_client, seed_snapshot):
    change = reverse("admin:market_snapshot_change", args=[seed_snapshot.pk])
    page = admin_client.get(change).content.decode()
    assert 'name="label"' not in page  # shown, not editable
    assert admin_client.post(change, {"label": "changed"}).status_code == 403
    demand = SkillDemand.objects.filter(snapshot=seed_snapshot).first()
    url = reverse("admin:market_skilldemand_change", args=[demand.pk])
    assert admin_client.post(url, {"share_pct": "1.0"}).status_code == 403
    delete = reverse("admin:market_snapshot_delete", args=[seed_snapshot.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    demand.refresh_from_db()
    assert demand.share_pct != 1


def test_export_in_an_unknown_format_is_not_found(admin_client, seed_snapshot):
    url = reverse("admin:market_snapshot_export", args=[seed_snapshot.pk, "xml"])
    assert admin_client.get(url).status_code == 404


def test_export_download_needs_permission_to_view_snapshots(client, make_user, seed_snapshot):
    client.force_login(make_user("clerk", is_staff=True))
    url = reverse("admin:market_snapshot_export", args=[seed_snapshot.pk, "csv"])
    assert client.get(url).status_code == 403


def test_the_download_action_asks_for_exactly_one_snapshot(admin_client, seed_snapshot, draft):
    response = admin_client.post(
        reverse("admin:market_snapshot_changelist"),
        {"action": "download_csv", "_selected_action": [seed_snapshot.pk, draft.pk]},
        follow=True,
    )
    assert "Select exactly one snapshot to download." in response.content.decode()


def test_figures_cannot_be_added_to_or_moved_into_a_published_snapshot(
    admin_client, seed_snapshot, draft
):
    add = reverse("admin:market_rolelevelstat_add")
    form = admin_client.get(add).content.decode()
    assert str(draft) in form and str(seed_snapshot) not in form
    response = admin_client.post(
        add, {"snapshot": seed_snapshot.pk, "seniority": "mid", "job_count": "5"}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not RoleLevelStat.objects.filter(snapshot=seed_snapshot, job_count=5).exists()
    admin_client.post(add, {"snapshot": draft.pk, "seniority": "mid", "job_count": "5"})
    stat = RoleLevelStat.objects.get(snapshot=draft)
    change = reverse("admin:market_rolelevelstat_change", args=[stat.pk])
    response = admin_client.post(
        change, {"snapshot": seed_snapshot.pk, "seniority": "mid", "job_count": "5"}
    )
    assert "Select a valid choice" in response.content.decode()
    stat.refresh_from_db()
    assert stat.snapshot == draft


def test_a_draft_snapshot_is_editable(admin_client, draft):
    page = admin_client.get(reverse("admin:market_snapshot_change", args=[draft.pk]))
    assert 'name="label"' in page.content.decode()


def test_aliases_and_title_patterns_are_editable(admin_client):
    skill = Skill.objects.get(slug="excel")
    page = admin_client.get(reverse("admin:market_skill_change", args=[skill.pk])).content.decode()
    assert 'name="aliases"' in page
    role = Role.objects.get(slug="mlops-engineer")
    page = admin_client.get(reverse("admin:market_role_change", args=[role.pk])).content.decode()
    assert 'name="title_patterns"' in page


@pytest.mark.parametrize(
    "name",
    [
        "skill",
        "role",
        "snapshot",
        "rolelevelstat",
        "skilldemand",
        "careerpath",
        "pathstage",
        "timelinephase",
        "skilltrend",
        "learningresource",
        "backgroundrecommendation",
        "seedinsight",
    ],
)
def test_every_market_admin_list_renders(admin_client, name):
    assert admin_client.get(reverse(f"admin:market_{name}_changelist")).status_code == 200


def test_the_snapshot_page_with_every_figure_takes_a_fixed_number_of_queries(
    admin_client, seed_snapshot, django_assert_max_num_queries
):
    url = reverse("admin:market_snapshot_change", args=[seed_snapshot.pk])
    with django_assert_max_num_queries(10):
        page = admin_client.get(url).content.decode()
    assert "ML Engineer" in page and "PyTorch" in page and "87.7" in page


@pytest.mark.parametrize(
    "model, lookup",
    [
        (Skill, {"slug": "kubernetes"}),  # prerequisites and learning resources
        (CareerPath, {"display_order": 1}),  # its stages
        (PathStage, {"path__display_order": 1, "order": 1}),  # the stage's skills
        (TimelinePhase, {"start_month": 1}),  # the phase's items
    ],
)
def test_every_input_of_an_inline_table_is_named_after_its_row(admin_client, model, lookup):
    obj = model.objects.get(**lookup)
    opts = model._meta
    response = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )
    assert response.status_code == 200
    assert [p for p in audit(response) if p.startswith("unlabelled")] == []
    inline = obj.prerequisite_links.first() if model is Skill else None
    if inline is not None:
        assert f'aria-label="Min level, {inline}"' in response.content.decode()


def test_the_admin_lists_print_salaries_as_the_site_does(admin_client, seed_snapshot):
    role = Role.objects.get(name="LLM/GenAI Engineer")
    stats = admin_client.get(
        reverse("admin:market_rolelevelstat_changelist"),
        {"role__id__exact": role.pk, "seniority": "senior"},
    ).content.decode()
    assert "$231,000" in stats and "231000" not in stats
    stages = admin_client.get(reverse("admin:market_pathstage_changelist")).content.decode()
    assert "$205,000" in stages and "$231,000" in stages and "231000" not in stages


def test_the_admin_lists_print_counts_as_the_site_does(admin_client, seed_snapshot):
    # Before: "21359" postings and job counts, where the site and the refresh pages write
    # "21,359".
    snapshots = admin_client.get(reverse("admin:market_snapshot_changelist")).content.decode()
    assert "21,359" in snapshots and "21359" not in snapshots
    stats = admin_client.get(
        reverse("admin:market_rolelevelstat_changelist"), {"seniority": "all"}
    ).content.decode()
    assert "21,359" in stats and "8,764" in stats and ">8764<" not in stats


@pytest.mark.parametrize("name", ["rolelevelstat", "skilldemand"])
def test_the_admin_lists_name_the_figures_over_every_role_all_roles(
    admin_client, seed_snapshot, name
):
    # Before: the rows of the figures over every role (role None) showed Django's "-".
    page = admin_client.get(
        reverse(f"admin:market_{name}_changelist"), {"role__isnull": "True", "seniority": "all"}
    ).content.decode()
    (header, *rows), *_ = [t["rows"] for t in all_tables(page) if "Role" in t["rows"][0]]
    roles = {dict(zip(header, row, strict=True))["Role"] for row in rows}
    assert roles == {"All roles"}
    # ...and so does the role filter's choice of them (Django's "-" there too).
    role_filter = page[page.index("By role") :]
    role_filter = role_filter[: role_filter.index("</ul>")]
    assert (
        'href="?role__isnull=True&amp;seniority=all"' in role_filter or "All roles" in role_filter
    )
    assert re.search(
        r'<a href="\?[^"]*role__isnull=True[^"]*"[^>]*>All roles combined</a>', role_filter
    )  # not "All roles" beside the filter's "All" (no filter), which a newcomer took for it
    assert ">-</a>" not in role_filter
