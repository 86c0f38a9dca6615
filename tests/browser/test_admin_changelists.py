"""Django's own admin lists at a laptop's width: a long label wraps in its cell."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from market.ingestion.figures import DemandFigure, LevelFigure, MarketFigures
from market.models import Snapshot
from market.services.snapshots import snapshot_create

LAPTOP = {"width": 1280, "height": 900}
LONG_LABEL = "A" * 120


def table_width(page: Page) -> float:
    return page.locator("#result_list").evaluate("t => t.getBoundingClientRect().width")


@pytest.mark.parametrize("model", ["snapshot", "rolelevelstat", "skilldemand"])
def test_a_long_label_without_spaces_wraps_instead_of_widening_an_admin_list(
    live_server, page: Page, make_user, log_in, model
):
    # Before: a draft labelled with 120 characters and no space made the list's table
    # 1728-1817 px wide, scrolled sideways in a box of 631 px (the admin loads none of the
    # site's CSS, whose body wraps long words). Now it is as wide as with an ordinary label.
    snapshot = snapshot_create(
        figures=MarketFigures(
            levels=[LevelFigure(None, "all", 12, 150_000)],
            demands=[DemandFigure(None, "all", "Python", Decimal("50.0"), "Critical")],
        ),
        label=LONG_LABEL,
        source="tests",
        analysis_date=dt.date(2025, 11, 1),
    )
    make_user("boss", is_staff=True, is_superuser=True)
    page.set_viewport_size(LAPTOP)
    log_in("boss", f"/admin/market/{model}/")
    expect(page.get_by_text(LONG_LABEL).first).to_be_visible()
    with_long_label = table_width(page)

    Snapshot.objects.filter(pk=snapshot.pk).update(label="Autumn refresh")
    page.reload()
    expect(page.get_by_text("Autumn refresh").first).to_be_visible()
    assert with_long_label <= table_width(page) + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
