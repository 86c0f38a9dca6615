"""The admin "Refresh market data" pages, through the Django test client."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from market.models import Snapshot
from tests.market.importing_support import FIXTURES, taxonomy  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("taxonomy")]


@pytest.fixture
def staff_client(client, make_user):
    client.force_login(make_user("boss", is_staff=True, is_superuser=True))
    return client


def upload(client, name="postings_combined.csv", content=None, **fields):
    data = content if content is not None else (FIXTURES / name).read_bytes()
    return client.post(
        reverse("admin:market_refresh"),
        {"file": SimpleUploadedFile(name, data), "format": "auto", **fields},
    )


def test_the_page_is_for_staff_only(client, user_client):
    url = reverse("admin:market_refresh")
    assert client.get(url).status_code == 302  # to the admin login
    assert user_client.get(url).status_code == 302


def test_the_page_offers_an_upload_and_lists_snapshots(staff_client):
    response = staff_client.get(reverse("admin:market_refresh"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Import and preview" in page and 'name="file"' in page
    current = Snapshot.objects.get(is_current=True)
    assert current.label in page and "Current" in page


def test_the_snapshot_list_links_to_the_refresh_page(staff_client):
    response = staff_client.get(reverse("admin:market_snapshot_changelist"))
    assert reverse("admin:market_refresh").encode() in response.content


def test_upload_creates_a_draft_and_shows_summary_and_diff(staff_client):
    current = Snapshot.objects.get(is_current=True)
    response = upload(staff_client, label="Spring postings")
    draft = Snapshot.objects.latest("id")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:market_refresh_preview", args=[draft.pk])
    assert draft.label == "Spring postings" and draft.state == "draft"
    assert draft.created_by.username == "boss"
    page = staff_client.get(response["Location"]).content.decode()
    assert "Exact duplicates dropped" in page and "store manager (1)" in page
    assert f"snapshot {current.pk}" in page and "Biggest share moves" in page
    assert Snapshot.objects.get(is_current=True) == current


def test_a_bad_upload_shows_the_message_and_keeps_what_was_typed(staff_client):
    before = Snapshot.objects.count()
    response = upload(
        staff_client,
        name="notes.csv",
        content=b"Company,Notes\nAcme,hello\n",
        label="My label",
        mapping="salary=Notes",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "no title column" in page and "notes.csv" in page
    assert 'value="My label"' in page and "salary=Notes" in page
    assert Snapshot.objects.count() == before


def test_an_upload_over_the_limit_names_the_limit_and_the_command(staff_client, settings):
    settings.MARKET_UPLOAD_MAX_BYTES = 100
    before = Snapshot.objects.count()
    response = upload(staff_client)
    page = response.content.decode()
    assert "uploads are limited to 0.0 MB" in page
    assert "python manage.py import_market FILE" in page
    assert Snapshot.objects.count() == before


def test_publish_from_the_preview_switches_the_current_market(staff_client):
    upload(staff_client)
    draft = Snapshot.objects.latest("id")
    response = staff_client.post(reverse("admin:market_refresh_publish", args=[draft.pk]))
    assert response.status_code == 302
    assert Snapshot.objects.get(is_current=True) == draft


def test_discard_deletes_the_draft(staff_client):
    current = Snapshot.objects.get(is_current=True)
    upload(staff_client)
    draft = Snapshot.objects.latest("id")
    staff_client.post(reverse("admin:market_refresh_discard", args=[draft.pk]))
    assert not Snapshot.objects.filter(pk=draft.pk).exists()
    assert Snapshot.objects.get(is_current=True) == current


def test_publish_again_rolls_back(staff_client):
    old = Snapshot.objects.get(is_current=True)
    upload(staff_client)
    draft = Snapshot.objects.latest("id")
    staff_client.post(reverse("admin:market_refresh_publish", args=[draft.pk]))
    page = staff_client.get(reverse("admin:market_refresh")).content.decode()
    assert f"Publish snapshot {old.pk} again" in page
    staff_client.post(reverse("admin:market_refresh_publish", args=[old.pk]))
    assert Snapshot.objects.get(is_current=True) == old


def test_writes_need_post(staff_client):
    draft_url = reverse("admin:market_refresh_publish", args=[1])
    assert staff_client.get(draft_url).status_code == 405
