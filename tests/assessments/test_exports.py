"""The plan as iCalendar, CSV and Markdown downloads."""

import csv
import io
import re
from datetime import date, datetime, timedelta
from html import unescape

import pytest
from icalendar import Calendar

from assessments.models import Plan, PlanItem, Profile
from assessments.services.ads import job_ad_create
from assessments.services.plans import plan_build
from market.models import LearningResource, Skill, TimelinePhase

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plans_start_ahead")]


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


def test_markdown_lists_the_resources_of_items_to_do_only_as_the_page_does(client, planned):
    # Before: once Python was checked off, the page no longer showed its resource, but the
    # document still listed "The Python Tutorial" under months 1 and 2 (the calendar and the
    # spreadsheet, which hold only the items to do, already left it out).
    client.force_login(planned)
    tutorial = "[The Python Tutorial](<https://docs.python.org/3/tutorial/>)"

    def resources(text: str, month: int) -> str:
        part = text.split(f"## Month {month}:")[1].split("## Month")[0]
        return part.split("Resources:")[1] if "Resources:" in part else ""

    text = client.get("/plan.md").content.decode()
    assert tutorial in resources(text, 1) and tutorial in resources(text, 2)
    python = Plan.objects.get(user=planned).items.get(skill__slug="python")
    client.post(f"/plan/items/{python.pk}/done")
    page = client.get("/plan/").content.decode()
    assert "The Python Tutorial" not in page
    text = client.get("/plan.md").content.decode()
    assert "- [x] Learn Python: None → Working (46 h): 43.3 h this month" in text
    assert "The Python Tutorial" not in text
    assert resources(text, 1) == ""  # Python's month: nothing else in it
    assert "[PostgreSQL tutorial]" in resources(text, 2)  # SQL's, still to do, stay
    assert "The Python Tutorial" not in client.get("/plan.csv").content.decode()
    events = Calendar.from_ical(client.get("/plan.ics").content).walk("VEVENT")
    assert not [e for e in events if "The Python Tutorial" in str(e["DESCRIPTION"])]


def test_every_export_gives_each_item_the_same_days(client, planned, today):
    # A plan made on 20 January 2026: month 1 is prorated, so the days are not month starts.
    today(date(2026, 1, 20))
    Profile.objects.filter(user=planned).update(start_month=None)
    client.force_login(planned)
    client.post("/plan/replan/", {"hours_per_week": 10, "target": "ml-engineer/mid"})
    calendar_days = [
        (str(e["SUMMARY"]), e.decoded("DTSTART"), e.decoded("DTEND") - timedelta(days=1))
        for e in Calendar.from_ical(client.get("/plan.ics").content).walk("VEVENT")
    ]
    rows = list(csv.DictReader(io.StringIO(client.get("/plan.csv").content.decode())))
    sheet_days = [
        (date.fromisoformat(r["first_day"]), date.fromisoformat(r["last_day"])) for r in rows
    ]
    assert [(first, last) for _, first, last in calendar_days] == sheet_days
    assert sheet_days[0][0] == date(2026, 1, 20)
    text = client.get("/plan.md").content.decode()
    for (summary, first, last), row in zip(calendar_days, rows, strict=True):
        assert f"{summary}" in text
        assert f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}" in text, row["skill"]
    assert "- Starts: 20 January 2026" in text
    assert "## Month 1: January 2026" in text and "20 January 2026 to 31 January 2026:" in text
    html = client.get("/plan/").content.decode()
    assert "20 Jan – 31 Jan 2026" in re.sub(r"<[^>]+>", "", html)  # month 1's card


def test_markdown_rounds_a_months_hours_as_the_plan_page_does(client, planned, today):
    # Made on 22 February 2027 at 3 h/week: month 1 holds 7 of February's 28 days of
    # 13 h, 3.25 h. Before, the page said 3.3 h (half up) and the Markdown 3.2 (half even).
    today(date(2027, 2, 22))
    Profile.objects.filter(user=planned).update(start_month=None)
    client.force_login(planned)
    client.post("/plan/replan/", {"hours_per_week": 3, "target": "ml-engineer/mid"})
    html = " ".join(client.get("/plan/").content.decode().split())
    assert "3.3 of 3.3 h" in html
    text = client.get("/plan.md").content.decode()
    assert "22 February 2027 to 28 February 2027: 3.3 of 3.3 h;" in text
    assert ": 3.3 h this month" in text


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_made_text(client, planned):
    Skill.objects.filter(slug="sql").update(name='=HYPERLINK("http://evil.example")')
    Skill.objects.filter(slug="python").update(name="-2+3")
    Skill.objects.filter(slug="numpy").update(name="@SUM(A1)")
    Skill.objects.filter(slug="statistics").update(name="\tStatistics")
    Skill.objects.filter(slug="aws").update(name="+AWS")
    LearningResource.objects.filter(skill__slug="docker").update(title="=cmd|' /C calc'!A0")
    client.force_login(planned)
    rows = list(csv.reader(io.StringIO(client.get("/plan.csv").content.decode())))
    header, body = rows[0], rows[1:]
    assert header[:2] == ["order", "skill"]
    cells = [cell for row in body for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    names = {row[1] for row in body}
    assert {
        '\'=HYPERLINK("http://evil.example")',
        "'-2+3",
        "'@SUM(A1)",
        "'\tStatistics",
        "'+AWS",
    } <= names
    docker = next(row for row in body if row[1] == "Docker")
    assert docker[13].startswith("'=cmd|")  # resources, the 14th column
    assert [int(row[0]) for row in body] == list(range(1, len(body) + 1))  # numbers stay numbers


def test_csv_keeps_its_columns(client, planned):
    # Spreadsheets people built on the export read these columns by name and place: new
    # columns may follow, none is renamed, dropped or moved.
    client.force_login(planned)
    header = client.get("/plan.csv").content.decode().splitlines()[0].split(",")
    assert header[:14] == [
        "order",
        "skill",
        "from_level",
        "from",
        "to_level",
        "to",
        "hours",
        "start_month",
        "end_month",
        "first_day",
        "last_day",
        "phase",
        "prerequisite",
        "resources",
    ]


def page_days(html: str) -> dict[str, tuple[date, date]]:
    """Each item's first and last day as its month card on the plan page gives them
    ("27 Dec 2026 – 10 Jan 2027"; the first day's year only when it differs)."""
    found = {}
    cards = (
        r'<p class="plan-item-title">.*?<strong>([^<]+)</strong>.*?</p>\s*'
        r'<p class="muted">(.*?)</p>'
    )
    days = r"· (\d+ \w{3})( \d{4})? – (\d+ \w{3} \d{4})"
    for name, line in re.findall(cards, html, re.S):
        line = re.sub(r"<[^>]+>", "", line)  # each date sits in a nowrap span
        if not (span := re.search(days, line)):
            continue  # a month the item only continues in
        first, first_year, last = span.groups()
        last_day = datetime.strptime(last, "%d %b %Y").date()
        year = first_year.strip() if first_year else str(last_day.year)
        found[unescape(name)] = (datetime.strptime(f"{first} {year}", "%d %b %Y").date(), last_day)
    return found


def test_the_plan_page_gives_each_item_the_days_of_every_export_across_a_new_year(
    client, planned, today
):
    # Made on 10 December: items cross into the next year, where a day without its year
    # would read as a day of the wrong year.
    today(date(2026, 12, 10))
    Profile.objects.filter(user=planned).update(start_month=None)
    client.force_login(planned)
    client.post("/plan/replan/", {"hours_per_week": 10, "target": "ml-engineer/mid"})
    rows = list(csv.DictReader(io.StringIO(client.get("/plan.csv").content.decode())))
    sheet = {
        r["skill"]: (date.fromisoformat(r["first_day"]), date.fromisoformat(r["last_day"]))
        for r in rows
    }
    events = {
        str(e["SUMMARY"]): (e.decoded("DTSTART"), e.decoded("DTEND") - timedelta(days=1))
        for e in Calendar.from_ical(client.get("/plan.ics").content).walk("VEVENT")
    }
    assert sorted(events.values()) == sorted(sheet.values())
    assert rows[0]["first_day"] == "2026-12-10"
    assert any(first.year < last.year for first, last in sheet.values())
    assert page_days(client.get("/plan/").content.decode()) == sheet
    markdown = client.get("/plan.md").content.decode()
    for first, last in sheet.values():
        assert f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}" in markdown


def test_names_with_newlines_cannot_break_the_markdown_lines(client, planned):
    Skill.objects.filter(slug="python").update(name="Py\nthon\r\n# Injected heading")
    LearningResource.objects.filter(skill__slug="sql").update(
        title="Guide]\n(http://evil.example)", url="https://example.com/a b"
    )
    client.force_login(planned)
    lines = client.get("/plan.md").content.decode().splitlines()
    assert not [line for line in lines if line.startswith("# Injected")]
    assert any("Learn Py thon # Injected heading: None → Working" in line for line in lines)
    assert "- [Guide\\] (http://evil.example)](<https://example.com/a%20b>)" in lines


def test_markdown_shows_an_ads_title_as_typed_not_as_formatting_or_html(client, planned):
    ad = job_ad_create(
        user=planned,
        title="Senior ML Engineer <Remote> *urgent* [Berlin] `ML_Ops`",
        text="Requirements\n- Python and PyTorch\n",
    )
    plan_build(user=planned, job_ad=ad)
    client.force_login(planned)
    text = client.get("/plan.md").content.decode()
    shown = r"Senior ML Engineer \<Remote\> \*urgent\* \[Berlin\] \`ML\_Ops\`"
    assert text.startswith(f"# Learning plan: the job ad “{shown}”\n")
    assert f"Ready for the job ad “{shown}” in about" in text
    assert "<Remote>" not in text


def test_ics_calendar_name_with_commas_semicolons_and_backslashes_reads_back_as_typed(
    client, planned
):
    # RFC 5545 3.3.11: a TEXT value (an X- property's default type) escapes \ ; , and newlines.
    title = "ML Engineer, Platform; Zürich \\ Remote"
    plan_build(user=planned, job_ad=job_ad_create(user=planned, title=title, text="Python\n"))
    client.force_login(planned)
    content = client.get("/plan.ics").content
    lines = content.replace(b"\r\n ", b"").decode().split("\r\n")
    (name,) = [line for line in lines if line.startswith("X-WR-CALNAME")]
    escaped = "ML Engineer\\, Platform\\; Zürich \\\\ Remote"
    assert name == f"X-WR-CALNAME;VALUE=TEXT:Skillgap plan: the job ad “{escaped}”"
    assert (
        str(Calendar.from_ical(content)["X-WR-CALNAME"]) == f"Skillgap plan: the job ad “{title}”"
    )


def test_ics_folds_a_long_non_ascii_calendar_name_at_75_octets_between_characters(client, planned):
    title = "Ingénieur·e en apprentissage automatique, équipe données; Zürich " * 3
    plan_build(user=planned, job_ad=job_ad_create(user=planned, title=title, text="Python\n"))
    client.force_login(planned)
    content = client.get("/plan.ics").content
    lines = content.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode()  # no line ends inside a character's bytes
    assert sum(line.startswith(b" ") for line in lines) >= 3  # the name took several lines
    name = str(Calendar.from_ical(content)["X-WR-CALNAME"])
    assert name == f"Skillgap plan: the job ad “{title.strip()}”"


# RFC 5545 3.1 and 3.3.11: no control character but HTAB in a content line (a line break
# in a value is written as the two characters "\n").
CALENDAR_CONTROLS = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")


def test_control_characters_of_a_typed_ad_title_stay_out_of_the_calendar_and_the_document(
    client, planned
):
    # Pasted from a terminal or a PDF, a title can carry ESC or BEL; a calendar app refuses a
    # file with them, or shows them as boxes.
    ad = job_ad_create(
        user=planned, title="Senior ML\x1b[31m Engineer\x07\x7f\x9b, Zürich", text="Python\n"
    )
    plan_build(user=planned, job_ad=ad)
    client.force_login(planned)
    content = client.get("/plan.ics").content
    assert not [line for line in content.split(b"\r\n") if CALENDAR_CONTROLS.search(line)]
    calendar = Calendar.from_ical(content)
    shown = "the job ad “Senior ML[31m Engineer, Zürich”"
    assert str(calendar["X-WR-CALNAME"]) == f"Skillgap plan: {shown}"
    (event,) = calendar.walk("VEVENT")
    assert str(event["DESCRIPTION"]).startswith(
        f"Month 1-3 of your plan for {shown} (10 h/week).\n"
    )
    markdown = client.get("/plan.md").content.decode()
    assert markdown.startswith("# Learning plan: the job ad “Senior ML\\[31m Engineer, Zürich”\n")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", markdown)


def test_markdown_shows_entity_like_text_and_an_admins_phase_name_as_typed(client, planned):
    # "&amp;" is an entity to Markdown (shown as "&"), and a phase name is admin text in a
    # heading: "<img ...>" there would be HTML in the reader's page.
    LearningResource.objects.filter(skill__slug="python").update(title="R&amp;D &lt;b&gt; notes")
    TimelinePhase.objects.filter(title="Foundations").update(title="<img src=x> *Basics*")
    client.force_login(planned)
    client.post("/plan/replan/", {"hours_per_week": 10, "target": "ml-engineer/mid"})
    lines = client.get("/plan.md").content.decode().splitlines()
    assert "- [R\\&amp;D \\&lt;b\\&gt; notes](<https://docs.python.org/3/tutorial/>)" in lines
    assert [line for line in lines if line.endswith(" (\\<img src=x\\> \\*Basics\\*)")]
    assert not [line for line in lines if re.search(r"(?<!\\)<img", line)]


TEXT_PROPERTIES = {"SUMMARY", "DESCRIPTION", "X-WR-CALNAME"}


def unfolded_properties(content: bytes) -> list[tuple[str, str]]:
    """(name, value) of each content line, read by RFC 5545's rules and not the library that
    wrote them: lines unfolded (3.1), TEXT escapes undone (3.3.11), parameters dropped."""
    escapes = {"\\\\": "\\", "\\;": ";", "\\,": ",", "\\n": "\n", "\\N": "\n"}
    found = []
    for line in content.decode().replace("\r\n ", "").replace("\r\n\t", "").split("\r\n"):
        if not line:
            continue
        head, value = line.split(":", 1)
        key = head.split(";", 1)[0]
        if key in TEXT_PROPERTIES:  # a bare , ; or \ is not TEXT
            assert not re.search(r"[,;\\]", re.sub(r"\\[\\;,nN]", "", value)), line
            value = re.sub(r"\\[\\;,nN]", lambda m: escapes[m.group()], value)
        found.append((key, value))
    return found


def test_ics_summaries_and_descriptions_read_back_as_typed_by_the_rfcs_rules(client, planned):
    name = "C++, Go; Rust \\ Zürich " + "é" * 40  # long: folded, between characters
    title = "Guide, part 1; “Ünïcödé” \\ 漢字 " + "ß" * 40
    Skill.objects.filter(slug="python").update(name=name)
    LearningResource.objects.filter(skill__slug="python").update(title=title)
    client.force_login(planned)
    content = client.get("/plan.ics").content
    physical = content.split(b"\r\n")
    assert max(len(line) for line in physical) <= 75
    assert all(line.decode() is not None for line in physical)  # no line splits a character
    properties = unfolded_properties(content)
    summaries = [value for key, value in properties if key == "SUMMARY"]
    # The first is the calendar's own (RFC 7986), then each event's.
    descriptions = [value for key, value in properties if key == "DESCRIPTION"][1:]
    assert summaries[0] == f"Learn {name}: None → Working (46 h)"
    assert f"\n- {title}: https://docs.python.org/3/tutorial/" in descriptions[0]
    events = Calendar.from_ical(content).walk("VEVENT")  # and the library agrees
    assert [str(e["SUMMARY"]) for e in events] == summaries
    assert [str(e["DESCRIPTION"]) for e in events] == descriptions


def test_markdown_gives_each_months_hours_in_the_plan_pages_words(client, planned):
    # 11 h/week: 47 2/3 h a month, and a month whose items fill 46 h of it. The Markdown said
    # "46 of 47.7 h" where the page says "46.0 of 47.7 h" (the page's formatting, now both's).
    client.force_login(planned)
    client.post("/plan/replan/", {"hours_per_week": 11, "target": "ml-engineer/mid"})
    html = " ".join(client.get("/plan/").content.decode().split())
    page = re.findall(r"<strong>([0-9.]+ of [0-9.]+)&nbsp;h</strong> used", html)
    text = client.get("/plan.md").content.decode()
    document = re.findall(r"\d{4}: ([0-9.]+ of [0-9.]+) h; projected", text)
    assert len(page) == 9
    assert document == page
    assert "46.0 of 47.7" in page and "47.7 of 47.7" in page
    assert "(47.7 h per month)" in text


def test_csv_carries_done_items_with_the_day_they_were_done_in_a_last_column(client, planned):
    # As plan.md does: a done item stays in the plan, ticked, with its date.
    client.force_login(planned)
    item = Plan.objects.get(user=planned).items.get(skill__slug="sql")
    client.post(f"/plan/items/{item.pk}/done")
    item.refresh_from_db()
    rows = list(csv.DictReader(io.StringIO(client.get("/plan.csv").content.decode())))
    assert len(rows) == 12 and list(rows[0])[14] == "done"
    by_skill = {r["skill"]: r for r in rows}
    assert by_skill["SQL"]["done"] == f"{item.done_at:%Y-%m-%d}"
    assert by_skill["SQL"]["order"] == "2" and by_skill["SQL"]["first_day"] != ""
    assert by_skill["Python"]["done"] == ""


def test_ics_leaves_done_items_out_and_its_description_says_so(client, planned):
    client.force_login(planned)
    item = Plan.objects.get(user=planned).items.get(skill__slug="sql")
    client.post(f"/plan/items/{item.pk}/done")
    calendar = Calendar.from_ical(client.get("/plan.ics").content)
    assert len(calendar.walk("VEVENT")) == 11
    said = "The items still to do, each over its days. Items checked off (1 so far) are left out"
    assert str(calendar["X-WR-CALDESC"]).startswith(said)
    assert str(calendar["DESCRIPTION"]).startswith(said)


def test_csv_keeps_an_item_done_before_a_re_plan_without_an_older_plans_days(client, planned):
    client.force_login(planned)
    item = Plan.objects.get(user=planned).items.get(skill__slug="sql")
    client.post(f"/plan/items/{item.pk}/done")
    Plan.objects.filter(user=planned).update(
        planned_at=PlanItem.objects.get(pk=item.pk).done_at + timedelta(seconds=1)
    )
    rows = list(csv.DictReader(io.StringIO(client.get("/plan.csv").content.decode())))
    sql = next(r for r in rows if r["skill"] == "SQL")
    assert (sql["first_day"], sql["last_day"], sql["start_month"]) == ("", "", "")
    assert sql["done"] != "" and len(rows) == 12
    assert [int(r["order"]) for r in rows] == list(range(1, 13))


AD = """Senior ML Engineer

Requirements
- Python, PyTorch, Docker, Kubernetes

Nice to have: Scala, Terraform
"""


@pytest.fixture
def ad_planned(user_client, user, market):
    ad = job_ad_create(user=user, text=AD)
    assert user_client.post(f"/report/ads/{ad.pk}/plan/").status_code == 302
    return user_client


def test_every_export_tags_a_job_ads_nice_to_haves_as_the_plan_page_does(ad_planned, user):
    plan = Plan.objects.get(user=user)
    nice = {"Scala", "Terraform"}
    names = {item.skill.name for item in plan.items.select_related("skill")}
    assert nice < names and "Python" in names
    rows = list(csv.DictReader(io.StringIO(ad_planned.get("/plan.csv").content.decode())))
    assert list(rows[0])[-2:] == ["done", "nice_to_have"]  # a new last column
    assert {r["skill"] for r in rows if r["nice_to_have"] == "yes"} == nice
    assert {r["nice_to_have"] for r in rows if r["skill"] not in nice} == {"no"}
    text = ad_planned.get("/plan.md").content.decode()
    tagged = set(re.findall(r"^- \[ \] Learn ([^:]+) \(nice-to-have\): ", text, re.M))
    assert tagged == nice
    assert "Learn Python:" in text and "Python (nice-to-have)" not in text
    calendar = Calendar.from_ical(ad_planned.get("/plan.ics").content)
    said = "Nice-to-have: the job ad asks for it as a plus, not a must-have."
    for event in calendar.walk("VEVENT"):
        name = str(event["SUMMARY"]).removeprefix("Learn ").split(":")[0]
        assert (said in str(event["DESCRIPTION"])) == (name in nice), name


def test_a_done_nice_to_have_stays_tagged_in_the_csv_and_the_document(ad_planned, user):
    plan = Plan.objects.get(user=user)
    item = plan.items.get(skill__slug="scala")
    ad_planned.post(f"/plan/items/{item.pk}/done")
    Plan.objects.filter(pk=plan.pk).update(  # done before a re-plan: no months of its own
        planned_at=PlanItem.objects.get(pk=item.pk).done_at + timedelta(seconds=1)
    )
    rows = list(csv.DictReader(io.StringIO(ad_planned.get("/plan.csv").content.decode())))
    scala = next(r for r in rows if r["skill"] == "Scala")
    assert scala["done"] != "" and scala["first_day"] == "" and scala["nice_to_have"] == "yes"
    text = ad_planned.get("/plan.md").content.decode()
    assert re.search(r"^- \[x\] Scala \(nice-to-have\): ", text, re.M), text
