import pytest

from market.models import Snapshot
from tests.market.seed_markdown import seed_facts


@pytest.fixture(scope="session")
def facts():
    """The figures as the seed analysis prints them (parsed from the markdown)."""
    return seed_facts()


@pytest.fixture
def seed_snapshot(db) -> Snapshot:
    """The seed analysis, loaded by post_migrate as the current market."""
    return Snapshot.objects.get(is_current=True)
