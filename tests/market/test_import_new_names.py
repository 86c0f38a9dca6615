"""An import names the roles and skills it adds, and refuses a new name that is a near-miss
of an existing one (a likely typo) unless it is named as new (market/ingestion/new_names.py)."""

import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from market.ingestion.new_names import near_miss_of
from market.models import Role, Skill, Snapshot

pytestmark = pytest.mark.django_db

HEADER = "role,seniority,job_count,avg_salary_usd,skill,share_pct,priority\n"


def write(tmp_path, body: str, name: str = "typos.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body)
    return path


def run(path, *args) -> str:
    out = io.StringIO()
    call_command("import_market", str(path), *args, stdout=out)
    return out.getvalue()


def test_an_aggregate_import_names_the_roles_and_skills_it_adds(tmp_path):
    path = write(
        tmp_path,
        "Quantum Engineer,mid,40,150000,,,\nQuantum Engineer,mid,,,Qiskit,60.0,Critical\n",
    )
    out = run(path)
    assert "New roles: Quantum Engineer." in out
    assert "New skills: Qiskit." in out


def test_an_import_adding_nothing_says_so(tmp_path):
    out = run(write(tmp_path, "ML Engineer,mid,40,150000,,,\nML Engineer,mid,,,Python,60.0,\n"))
    assert "New roles and skills: none." in out


def test_a_misspelt_skill_is_refused_naming_file_row_column_and_the_skill_it_resembles(
    tmp_path,
):
    current = Snapshot.objects.get(is_current=True)
    snapshots = Snapshot.objects.count()
    path = write(tmp_path, "ML Engineer,mid,40,150000,,,\nML Engineer,mid,,,Pythonn,80.0,\n")
    with pytest.raises(CommandError) as refused:
        run(path, "--publish")
    assert str(refused.value) == (
        "typos.csv: row 3, column skill: 'Pythonn' is not a known skill; did you mean "
        "'Python'? To add it as a new skill, pass --new-skill Pythonn."
    )
    assert Snapshot.objects.count() == snapshots
    assert Snapshot.objects.get(is_current=True) == current
    assert not Skill.objects.filter(name="Pythonn").exists()


def test_a_role_equal_but_for_case_and_punctuation_is_refused_with_a_quoted_option(tmp_path):
    path = write(tmp_path, "ml-engineer x,mid,40,150000,,,\nML-Engineer,senior,50,160000,,,\n")
    with pytest.raises(CommandError) as refused:
        run(path)
    assert (
        "row 3, column role: 'ML-Engineer' is not a known role; did you mean 'ML Engineer'? "
        "To add it as a new role, pass --new-role ML-Engineer"
    ) in str(refused.value)
    assert not Role.objects.filter(name__in=["ML-Engineer", "ml-engineer x"]).exists()


def test_a_near_miss_named_as_new_is_imported_and_named(tmp_path):
    path = write(
        tmp_path,
        "Data Scientists,mid,40,150000,,,\nData Scientists,mid,,,Pythonn,80.0,\n",
    )
    with pytest.raises(CommandError, match="pass --new-role 'Data Scientists'"):
        run(path, "--new-skill", "pythonn")  # one accepted, the other still refused
    out = run(path, "--new-skill", "pythonn", "--new-role", "Data Scientists", "--publish")
    assert "New roles: Data Scientists." in out and "New skills: Pythonn." in out
    assert Snapshot.objects.get(is_current=True).import_summary["created_skills"] == ["Pythonn"]


@pytest.mark.parametrize(
    ("name", "resembles"),
    [
        ("Pythonn", "Python"),
        ("python 3", "Python"),  # ratio 0.857
        ("PY-THON", "Python"),
        ("pytorch", "PyTorch"),  # its slug, equal without case
        ("Rust", None),
        ("Quantum Engineer", None),
    ],
)
def test_a_near_miss_is_close_to_an_existing_name_or_slug(name, resembles):
    existing = [("Python", "python"), ("PyTorch", "pytorch"), ("ML Engineer", "ml-engineer")]
    assert near_miss_of(name, existing) == resembles


# ---- The admin upload: the same rule, asked on the preview ------------------------------------

TYPO_CSV = (HEADER + "ML Engineer,mid,40,150000,,,\nML Engineer,mid,,,Pythonn,80.0,\n").encode()


@pytest.fixture
def staff_client(client, make_user):
    client.force_login(make_user("boss", is_staff=True, is_superuser=True))
    return client


def _uploaded_typo(client) -> Snapshot:
    response = client.post(
        reverse("admin:market_refresh"),
        {"file": SimpleUploadedFile("typos.csv", TYPO_CSV), "format": "auto"},
    )
    assert response.status_code == 302
    return Snapshot.objects.latest("id")


def _text(response) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split()))


def test_the_admin_preview_warns_of_a_near_miss_and_offers_a_box_to_accept_it(staff_client):
    draft = _uploaded_typo(staff_client)
    page = staff_client.get(reverse("admin:market_refresh_preview", args=[draft.pk]))
    assert (
        "typos.csv, row 3, column skill: 'Pythonn' is not a known skill; did you mean 'Python'?"
        " To add it as a new skill, tick ‘Add “Pythonn” as a new skill’ before publishing."
    ) in _text(page)
    markup = page.content.decode()
    assert 'name="new_name" value="skill:Pythonn" id="new-name-1"' in markup
    assert '<label for="new-name-1">Add “Pythonn” as a new skill (not Python)</label>' in markup


def test_the_admin_refuses_to_publish_a_near_miss_until_it_is_accepted(staff_client):
    current = Snapshot.objects.get(is_current=True)
    draft = _uploaded_typo(staff_client)
    url = reverse("admin:market_refresh_publish", args=[draft.pk])
    refused = staff_client.post(url, follow=True)
    assert refused.redirect_chain[-1][0] == reverse("admin:market_refresh_preview", args=[draft.pk])
    assert f"Snapshot {draft.pk} was not published: typos.csv, row 3, column skill:" in (
        _text(refused)
    )
    assert Snapshot.objects.get(is_current=True) == current
    staff_client.post(url, {"new_name": "skill:Pythonn"})
    published = Snapshot.objects.get(is_current=True)
    assert published == draft
    assert "near_misses" not in published.import_summary
    assert published.import_summary["near_misses_accepted"][0]["name"] == "Pythonn"


def test_a_near_miss_a_draft_holds_is_refused_again_in_the_next_import(staff_client, tmp_path):
    # The admin's draft adds "Pythonn" to the taxonomy while it waits to be accepted; the same
    # file imported again found it known and made a draft that could be published at once.
    _uploaded_typo(staff_client)
    assert Skill.objects.filter(name="Pythonn").exists()
    path = write(tmp_path, TYPO_CSV.decode().removeprefix(HEADER))
    with pytest.raises(CommandError, match="'Pythonn' is not a known skill; did you mean"):
        run(path, "--publish")
