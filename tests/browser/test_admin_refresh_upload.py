import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from market.admin_refresh import too_large_error
from tests.browser.test_a11y_audit import ERRORS_UNTIED

FIXTURE = Path(__file__).resolve().parents[1] / "market" / "fixtures" / "postings_combined.csv"


def test_staff_uploads_postings_previews_publishes_and_the_explorer_changes(
    live_server, page: Page, csp_violations, make_user, log_in
):
    make_user("boss", is_staff=True, is_superuser=True)
    page.goto(f"{live_server.url}/market/")
    expect(page.get_by_text("postings_combined.csv")).to_have_count(0)

    log_in("boss", "/admin/market/snapshot/refresh/")
    expect(page.get_by_role("heading", name="Import a file as a draft")).to_be_visible()

    page.get_by_label("Data file").set_input_files(str(FIXTURE))
    page.get_by_label("Label").fill("Browser refresh")
    page.get_by_role("button", name="Import and preview").click()

    expect(page).to_have_url(re.compile(r"/admin/market/snapshot/refresh/\d+/$"))
    expect(page.get_by_text("users do not see it until you publish it")).to_be_visible()
    expect(page.get_by_role("heading", name="Import summary")).to_be_visible()
    expect(page.get_by_text("store manager (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Biggest share moves")).to_be_visible()

    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text(re.compile(r"Snapshot \d+ is now the current market"))).to_be_visible()

    page.goto(f"{live_server.url}/market/")
    expect(page.get_by_text("Browser refresh").first).to_be_visible()
    # Visitors see the figures' label and size; the file they came from is for admins.
    headline = page.get_by_role("region", name="Headline")
    expect(headline.get_by_text("Job postings analysed")).to_be_visible()
    expect(headline).to_contain_text("Figures from “Browser refresh”")
    expect(page.get_by_text("postings_combined.csv")).to_have_count(0)
    assert csp_violations == []


def test_admin_pages_log_no_console_error(live_server, page: Page, make_user, log_in):
    # Without the site's icon linked, Chromium asks for /favicon.ico on every admin page and
    # logs its 404 as an error.
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    make_user("boss", is_staff=True, is_superuser=True)
    log_in("boss", "/admin/market/snapshot/refresh/")
    expect(page.get_by_role("heading", name="Import a file as a draft")).to_be_visible()
    for path in ("/admin/", "/admin/market/skill/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
    assert errors == []


def test_a_draft_preview_does_not_scroll_sideways_on_a_phone(
    live_server, page: Page, make_user, log_in
):
    # Its job counts table (six columns, 18 rows) made the page 508 px wide at 390: each table
    # now scrolls inside its own box, as the snapshots table of the upload page does.
    make_user("boss", is_staff=True, is_superuser=True)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in("boss", "/admin/market/snapshot/refresh/")
    page.get_by_label("Data file").set_input_files(str(FIXTURE))
    page.get_by_role("button", name="Import and preview").click()
    expect(page.get_by_role("heading", name="Job counts and salaries")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    levels = page.get_by_role("region", name="Job count and average salary per role")
    expect(levels).to_be_visible()


def test_two_admins_publishing_at_once_the_second_is_stopped_and_sees_the_new_market(
    live_server, page: Page, context, make_user, log_in
):
    make_user("boss", is_staff=True, is_superuser=True)
    make_user("deputy", is_staff=True, is_superuser=True)
    log_in("boss", "/admin/market/snapshot/refresh/")
    previews = []
    for label in ("Boss's draft", "Deputy's draft"):
        page.goto(f"{live_server.url}/admin/market/snapshot/refresh/")
        page.get_by_label("Data file").set_input_files(str(FIXTURE))
        page.get_by_label("Label").fill(label)
        page.get_by_role("button", name="Import and preview").click()
        expect(page.get_by_text("users do not see it until you publish it")).to_be_visible()
        previews.append(page.url)
    deputy = context.browser.new_context().new_page()
    log_in("deputy", "/admin/login/", on=deputy)
    deputy.goto(previews[1])
    page.goto(previews[0])
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text(re.compile(r"Snapshot \d+ is now the current market"))).to_be_visible()

    deputy.get_by_role("button", name="Publish", exact=True).click()

    expect(deputy).to_have_url(previews[1])
    expect(
        deputy.get_by_text(re.compile(r"\(Boss's draft\) was made the current market at"))
    ).to_be_visible()
    expect(
        deputy.get_by_role("heading", name=re.compile("Differences from the current market"))
    ).to_contain_text("Boss's draft")
    deputy.get_by_role("button", name="Publish", exact=True).click()
    expect(
        deputy.get_by_text(re.compile(r"Snapshot \d+ is now the current market"))
    ).to_be_visible()


def test_a_refused_upload_puts_focus_on_a_summary_that_leads_to_the_file_box(
    live_server, page: Page, make_user, log_in, tmp_path, csp_violations
):
    # The message sat beside the file box, far down the page; after the reload focus was on
    # the page itself, so a screen reader started at the top and heard nothing was wrong.
    bad = tmp_path / "shares.csv"
    bad.write_text(
        "role,seniority,job_count,avg_salary_usd,skill,share_pct,priority\n"
        "All,all,,,Python,150,Critical\n",
        encoding="utf-8",
    )
    make_user("boss", is_staff=True, is_superuser=True)
    log_in("boss", "/admin/market/snapshot/refresh/")
    page.get_by_label("Data file").set_input_files(str(bad))
    page.get_by_label("Label").fill("Kept label")
    page.get_by_role("button", name="Import and preview").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link")
    expect(link).to_have_text(
        "Data file: shares.csv, row 2, column share_pct: 150 is out of range (0 to 100)."
    )
    link.click()
    file_box = page.get_by_label("Data file")
    expect(file_box).to_be_focused()
    expect(file_box).to_have_accessible_description(re.compile("row 2, column share_pct"))
    expect(page.get_by_label("Label")).to_have_value("Kept label")
    assert csp_violations == []


def test_publish_and_discard_look_like_the_admins_other_buttons(
    live_server, page: Page, make_user, log_in
):
    # They were bare <button>s, which the admin's CSS leaves as the browser draws them (grey,
    # small), beside the admin's own "Import and preview" and "Save" buttons.
    make_user("boss", is_staff=True, is_superuser=True)
    log_in("boss", "/admin/market/snapshot/refresh/")
    upload_button = page.get_by_role("button", name="Import and preview")

    def background(locator) -> str:
        return locator.evaluate("e => getComputedStyle(e).backgroundColor")

    primary = background(upload_button)
    page.get_by_label("Data file").set_input_files(str(FIXTURE))
    upload_button.click()
    publish = page.get_by_role("button", name="Publish", exact=True)
    expect(publish).to_be_visible()
    assert background(publish) == primary  # the page's main action, as on the upload form
    page.goto(f"{live_server.url}/admin/market/snapshot/refresh/")
    discard = page.get_by_role("link", name=re.compile(r"^Discard snapshot \d+$"))
    plain = page.evaluate(
        "() => { const b = document.body.appendChild(document.createElement('button'));"
        " const c = getComputedStyle(b).backgroundColor; b.remove(); return c; }"
    )
    assert background(discard) != plain
    assert background(page.get_by_role("link", name=re.compile(r"^Publish snapshot"))) != plain


def test_discarding_a_draft_asks_first_and_no_keeps_it(
    live_server, page: Page, csp_violations, make_user, log_in
):
    # Before: Discard deleted the draft, its figures and the typos it added on one click.
    make_user("boss", is_staff=True, is_superuser=True)
    log_in("boss", "/admin/market/snapshot/refresh/")
    page.get_by_label("Data file").set_input_files(str(FIXTURE))
    page.get_by_label("Label").fill("To be discarded")
    page.get_by_role("button", name="Import and preview").click()
    draft = re.search(r"/refresh/(\d+)/$", page.url)[1]

    page.get_by_role("link", name="Discard", exact=True).click()
    expect(page.get_by_role("heading", name=f"Discard draft {draft}?")).to_be_visible()
    expect(page.get_by_role("heading", name="What goes")).to_be_visible()
    expect(page.get_by_role("heading", name="What stays")).to_be_visible()
    page.get_by_role("link", name="No, keep it").click()
    expect(page).to_have_url(re.compile(rf"/refresh/{draft}/$"))

    page.goto(f"{live_server.url}/admin/market/snapshot/refresh/")
    page.get_by_role("link", name=f"Discard snapshot {draft}").click()
    page.get_by_role("button", name=f"Yes, discard draft {draft}").click()
    expect(page.get_by_text(f"Draft {draft} discarded.")).to_be_visible()
    expect(page.get_by_role("link", name="To be discarded")).to_have_count(0)
    assert csp_violations == []


def test_an_upload_refused_unread_for_its_size_puts_focus_on_a_summary_giving_its_size(
    live_server, browser: Browser, make_user, log_in, tmp_path, settings
):
    # The request is refused by its Content-Length (over the limit and the form's 1 MB), unread.
    # Before: "The file is 2.0 MB; ..." in the admin's message bar at the top, the whole
    # request's size called the file's, and focus on the page itself: a screen reader user
    # heard nothing. Now it is the form's error, summarised and focused as the form's own are.
    # Without JavaScript: with it, the page refuses the file before sending it (below).
    settings.MARKET_UPLOAD_MAX_BYTES = 1024
    big = tmp_path / "march.csv"
    big.write_bytes(b"x" * (2 * 1024 * 1024))
    make_user("boss", is_staff=True, is_superuser=True)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in("boss", "/admin/market/snapshot/refresh/", on=page)
    page.get_by_label("Data file").set_input_files(str(big))
    page.get_by_role("button", name="Import and preview").click()

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link")
    expect(link).to_have_text(
        re.compile(r"^Data file: The upload is about 2\.0 MB; uploads are limited to 1\.0 KB, ")
    )
    link.click()
    file_box = page.get_by_label("Data file")
    expect(file_box).to_be_focused()
    expect(file_box).to_have_accessible_description(re.compile("The upload is about 2.0 MB"))
    # The command to use instead is said once, at the file box (not in the summary too).
    expect(file_box).to_have_accessible_description(re.compile("import_market FILE$"))
    expect(link).not_to_contain_text("import_market")
    expect(page.get_by_text("import_market FILE").filter(visible=True)).to_have_count(1)
    expect(page.get_by_text("The file is")).to_have_count(0)
    context.close()


def test_a_file_over_the_limit_is_refused_at_once_where_the_server_would_say_it(
    live_server, page: Page, make_user, log_in, tmp_path, settings, csp_violations
):
    # Before: the whole file was sent, then refused unread (the test above), and the label and
    # column names typed with it were lost. Now the page refuses it as it is chosen, sending
    # nothing, in the server's words and places; a file within the limit goes through.
    settings.MARKET_UPLOAD_MAX_BYTES = 1024
    big = tmp_path / "march.csv"
    big.write_bytes(b"x" * 1280)  # "1.2 KB", as Python rounds it (1.25 to even)
    make_user("boss", is_staff=True, is_superuser=True)
    log_in("boss", "/admin/market/snapshot/refresh/")
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else 0)
    page.get_by_label("Label").fill("March")
    page.get_by_label("Column names (optional)").fill("title=Position")
    file_box = page.get_by_label("Data file")
    # The introduction's "; import larger files on the server with: ..."
    hint = page.get_by_text(re.compile(r"; import\s+larger files"))
    expect(hint).to_be_visible()

    file_box.set_input_files(str(big))

    error = too_large_error(1280, "march.csv")
    expect(file_box).to_be_focused()
    expect(file_box).to_have_attribute("aria-invalid", "true")
    expect(file_box).to_have_accessible_description(error.message)
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary.get_by_role("link")).to_have_text(f"Data file: {error.summary}")
    # The command is said once, at the file box (the summary and the introduction leave it out)
    expect(page.get_by_text("import_market FILE").filter(visible=True)).to_have_count(1)
    expect(hint).to_be_hidden()
    assert page.evaluate(ERRORS_UNTIED) == []  # each error tied to its field, as the server's
    page.get_by_role("button", name="Import and preview").click()  # submitting it: the same
    expect(file_box).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(1)
    assert posts == []
    expect(page.get_by_label("Label")).to_have_value("March")
    expect(page.get_by_label("Column names (optional)")).to_have_value("title=Position")

    at_the_limit = tmp_path / "full.csv"
    at_the_limit.write_bytes(b"x" * 1024)  # allowed, as the server allows it
    file_box.set_input_files(str(at_the_limit))
    expect(summary).to_have_count(0)

    small = tmp_path / "march_aggregate.csv"
    small.write_text(
        "role,seniority,job_count,avg_salary_usd,skill,share_pct,priority\n"
        "All,all,,,Python,50,Critical\n",
        encoding="utf-8",
    )
    file_box.set_input_files(str(small))
    expect(summary).to_have_count(0)
    expect(file_box).not_to_have_attribute("aria-invalid", "true")
    expect(file_box).to_have_accessible_description("")
    expect(hint).to_be_visible()
    page.get_by_label("Column names (optional)").fill("")
    page.get_by_role("button", name="Import and preview").click()
    expect(page).to_have_url(re.compile(r"/admin/market/snapshot/refresh/\d+/$"))
    assert len(posts) == 1
    assert csp_violations == []


def test_after_the_server_refused_a_file_the_command_is_named_once_whatever_is_chosen_next(
    live_server, page: Page, make_user, log_in, tmp_path, settings, csp_violations
):
    # The server's over-the-limit error names import_market at the file box, so the page comes
    # with the introduction's hint hidden. Before, the hint was left out of such a page: a file
    # over the limit chosen next (its error replaces the server's), then one within it, left
    # the command named nowhere. Now the hint is there, hidden, and shows again.
    settings.MARKET_UPLOAD_MAX_BYTES = 1024
    big = tmp_path / "march.csv"
    big.write_bytes(b"x" * 1280)
    small = tmp_path / "april.csv"
    small.write_bytes(b"x" * 10)
    make_user("boss", is_staff=True, is_superuser=True)
    script = "**/js/admin-forms.js*"
    page.route(script, lambda route: route.abort())  # the server's check alone, this once
    log_in("boss", "/admin/market/snapshot/refresh/")
    page.get_by_label("Data file").set_input_files(str(big))
    page.unroute(script)
    page.get_by_role("button", name="Import and preview").click()
    expect(page.get_by_role("alert").filter(has_text="There is a problem")).to_be_focused()
    # admin-forms.js (deferred) has run: the file box's checks below are the page's own, not
    # the server's error of the same words left in place (seen under load in CI).
    page.wait_for_load_state("load")
    command = page.get_by_text("import_market FILE").filter(visible=True)
    hint = page.get_by_text(re.compile(r"; import\s+larger files"))
    expect(hint).to_be_hidden()  # the server's error at the file box names it
    expect(command).to_have_count(1)

    file_box = page.get_by_label("Data file")
    file_box.set_input_files(str(big))  # the page's own check now: its error replaces the server's
    expect(file_box).to_have_accessible_description(too_large_error(1280, "march.csv").message)
    expect(command).to_have_count(1)
    file_box.set_input_files(str(small))
    expect(file_box).to_have_accessible_description("")
    expect(hint).to_be_visible()
    expect(command).to_have_count(1)
    assert csp_violations == []


def test_a_long_label_without_spaces_wraps_and_keeps_the_actions_on_screen(
    live_server, page: Page, make_user, log_in
):
    # A 120-character label with no space made the snapshots table so wide that the State
    # and Actions columns were off-screen at 1280 px, behind the table's sideways scroll.
    make_user("boss", is_staff=True, is_superuser=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in("boss", "/admin/market/snapshot/refresh/")
    page.get_by_label("Data file").set_input_files(str(FIXTURE))
    page.get_by_label("Label").fill("Q" * 120)
    page.get_by_role("button", name="Import and preview").click()
    draft = re.search(r"/refresh/(\d+)/$", page.url)[1]

    page.goto(f"{live_server.url}/admin/market/snapshot/refresh/")
    discard = page.get_by_role("link", name=f"Discard snapshot {draft}")
    box = discard.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_on_a_phone_the_label_column_keeps_room_for_whole_words(
    live_server, page: Page, make_user, log_in
):
    # Before: with long labels allowed to break anywhere, the column shrank to about 55 px at
    # 390 and split ordinary labels mid-word ("AI/ML Skills Dem|and Anal|ysis").
    make_user("boss", is_staff=True, is_superuser=True)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in("boss", "/admin/market/snapshot/refresh/")
    seed_label = page.locator("td.snapshot-label").last
    expect(seed_label).to_contain_text("Skills Demand Analysis")
    assert seed_label.bounding_box()["width"] >= 150
