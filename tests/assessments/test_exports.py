"""The plan as iCalendar, CSV and Markdown downloads."""

import csv
import io
from datetime import date, timedelta

import pytest
from icalendar import Calendar

from assessments.models import Plan

pytestmark = pytest.mark.django_db


def test_ics_parses_with_one_event_per_item_over_its_days(client, planned):
    client.force_login(planned)
    response = client.get("/plan.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert 'filename="plan.ics"' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    plan = Plan.objects.get(user=planned)
    assert len(events) == plan.items.count() == 12

    first = events[0]
    assert str(first["SUMMARY"]) == "Learn Python: None → Working (46 h)"
    # Python: hours 0-46 at 43 1/3 h a month: 1 January to 2 February 2030 (46 h is
    # 2 2/3 h into February's 43 1/3: 6.15% of 28 days -> the 2nd).
    assert first.decoded("DTSTART") == date(2030, 1, 1)
    assert first.decoded("DTEND") == date(2030, 2, 2) + timedelta(days=1)
    assert "The Python Tutorial: https://docs.python.org/3/tutorial/" in str(first["DESCRIPTION"])
    assert first.get("DTSTAMP") is not None
    kubernetes = events[-1]
    assert str(kubernetes["SUMMARY"]) == "Learn Kubernetes: None → Beginner (23 h)"
    # Kubernetes ends 2 1/3 h into October's 43 1/3 (month 10): 5.4% of 31 days, the 2nd.
    assert kubernetes.decoded("DTEND") == date(2030, 10, 2) + timedelta(days=1)
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    assert f"plan-{plan.pk}-python-0-3@skillgap" in uids


def test_ics_uids_are_stable_across_downloads_and_done_items_leave(client, planned):
    client.force_login(planned)
    before = {
        str(e["UID"]) for e in Calendar.from_ical(client.get("/plan.ics").content).walk("VEVENT")
    }
    again = {
        str(e["UID"]) for e in Calendar.from_ical(client.get("/plan.ics").content).walk("VEVENT")
    }
    assert before == again
    item = Plan.objects.get(user=planned).items.get(skill__slug="sql")
    client.post(f"/plan/items/{item.pk}/done")
    after = {
        str(e["UID"]) for e in Calendar.from_ical(client.get("/plan.ics").content).walk("VEVENT")
    }
    assert before - after == {f"plan-{item.plan_id}-sql-0-3@skillgap"}


def test_csv_has_a_row_per_item_in_order(client, planned):
    client.force_login(planned)
    response = client.get("/plan.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["skill"] for r in rows][:3] == ["Python", "SQL", "Linear algebra"]
    assert rows[2]["prerequisite"] == "yes"
    assert (rows[0]["from"], rows[0]["to"], rows[0]["hours"]) == ("None", "Working", "46")
    assert (rows[0]["first_day"], rows[0]["last_day"]) == ("2030-01-01", "2030-02-02")
    assert sum(int(r["hours"]) for r in rows) == 390


def test_markdown_has_the_months(client, planned):
    client.force_login(planned)
    text = client.get("/plan.md").content.decode()
    assert text.startswith("# Learning plan: Mid-level ML Engineer\n")
    assert "## Month 1: January 2030 (Foundations)" in text
    assert "- [ ] Learn Python: None → Working (46 h): 43.3 h this month" in text
    assert "## Month 10: October 2030" in text
