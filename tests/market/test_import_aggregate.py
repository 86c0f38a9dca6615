import io

import pytest
from django.core.management import call_command

from market.ingestion.aggregate import aggregate_export
from market.models import Snapshot

pytestmark = pytest.mark.django_db


def export(*args) -> str:
    out = io.StringIO()
    call_command("export_market", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_importing_an_export_gives_a_snapshot_whose_export_is_identical(tmp_path, fmt):
    current = Snapshot.objects.get(is_current=True)
    path = tmp_path / f"market.{fmt}"
    path.write_text(aggregate_export(current, format=fmt))
    out = io.StringIO()
    call_command("import_market", str(path), stdout=out)  # auto-detected
    snapshot = Snapshot.objects.latest("id")
    assert snapshot.pk != current.pk and snapshot.state == Snapshot.State.DRAFT
    assert aggregate_export(snapshot) == aggregate_export(current)
    assert f"Snapshot {snapshot.pk} saved as a draft." in out.getvalue()
    assert Snapshot.objects.get(is_current=True) == current


def test_aggregate_import_with_publish_switches_the_current_market(tmp_path):
    current = Snapshot.objects.get(is_current=True)
    path = tmp_path / "market.csv"
    path.write_text(export())
    call_command(
        "import_market", str(path), "--format", "aggregate", "--publish", stdout=io.StringIO()
    )
    now = Snapshot.objects.get(is_current=True)
    assert now.pk != current.pk
    assert export() == aggregate_export(current)
