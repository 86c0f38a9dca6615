"""Loads the seed analysis (market/seed/*) as the default, published market."""


def seed_ensure(*, using: str = "default") -> None:
    """Make sure the taxonomy and the seed snapshot exist. Idempotent."""
