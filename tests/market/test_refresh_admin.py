"""The admin "Refresh market data" pages, through the Django test client."""

import datetime as dt
import html
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from market.ingestion.aggregate import aggregate_export
from market.ingestion.figures import MarketFigures
from market.models import Snapshot
from market.services.snapshots import snapshot_create
from tests.market.importing_support import FIXTURES, taxonomy  # noqa: F401
from tests.market.seed_markdown import seed_facts
from tests.test_form_errors import summary_links

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("taxonomy")]


@pytest.fixture
def staff_client(client, make_user):
    client.force_login(make_user("boss", is_staff=True, is_superuser=True))
    return client


def upload(client, name="postings_combined.csv", content=None, **fields):
    data = content if content is not None else (FIXTURES / name).read_bytes()
    return client.post(
        reverse("admin:market_refresh"),
        {"file": SimpleUploadedFile(name, data), "format": "auto"} | fields,
    )


# What the discard's confirmation page posts: a POST without it discards nothing.
CONFIRMED = {"post": "yes"}


def uploaded_draft(client) -> Snapshot:
    upload(client)
    return Snapshot.objects.latest("id")


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


@pytest.mark.parametrize(
    ("mapping", "error"),
    [
        # Before: "... Name it with --map title=COLUMN (in the admin: a line title=COLUMN
        # under Column names)" - the command's option first, to an admin who has none. Then:
        # the title column only, though description was missing too (told on the next upload).
        (
            "salary=Notes",
            "there is no title column (looked for title, Job Title, Name, position) and no "
            "description column (looked for description, Job Description, Description, "
            "job_description); the file has: Company, Notes. Name them with lines "
            "title=COLUMN and description=COLUMN under Column names.",
        ),
        # Before: "--map title=Position: the file has no column 'Position'; it has: ...".
        (
            "title=Position",
            "line 1 under Column names, “title=Position”, asks for a column “Position”, which "
            "the file does not have; it has: Company, Notes.",
        ),
    ],
)
def test_a_bad_upload_shows_the_message_in_the_forms_terms_and_keeps_what_was_typed(
    staff_client, mapping, error
):
    before = Snapshot.objects.count()
    response = upload(
        staff_client,
        name="notes.csv",
        content=b"Company,Notes\nAcme,hello\n",
        label="My label",
        mapping=mapping,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert " ".join(html.unescape(file_error(page)).split()) == f"<li>notes.csv: {error}</li>"
    assert "--map" not in text_of(page)
    assert 'value="My label"' in page and mapping in page
    assert Snapshot.objects.count() == before


@pytest.mark.parametrize(
    ("content", "mapping", "error"),
    [
        # Before: "the line “title=Position” under Column names ..." - the line as parsed,
        # not as typed, and without its number, unlike the errors told before the file is read.
        (
            b"Company,Notes\nAcme,hello\n",
            "\r\nSalary = Notes\r\nTitle = Position",
            "line 3 under Column names, “Title = Position”, asks for a column “Position”, "
            "which the file does not have; it has: Company, Notes.",
        ),
        # Two lines for one field: the last is the one the file was read with.
        (
            b"Company,Notes\nAcme,hello\n",
            "title=Notes\r\nTITLE=Job",
            "line 2 under Column names, “TITLE=Job”, asks for a column “Job”, which the file "
            "does not have; it has: Company, Notes.",
        ),
        (
            b"Name,description\nAcme,hello\n",
            "Title = description",
            "there is no description column: “description” would be it, but line 1 under "
            "Column names, “Title = description”, gives it to title; map title to another "
            "column, or name the description column with a line description=COLUMN under "
            "Column names.",
        ),
    ],
    ids=["column-the-file-lacks", "last-of-two-lines", "column-another-field-takes"],
)
def test_a_column_names_line_the_file_refuses_is_quoted_as_typed_with_its_line_number(
    staff_client, content, mapping, error
):
    before = Snapshot.objects.count()
    response = upload(staff_client, name="notes.csv", content=content, mapping=mapping)
    assert response.status_code == 200
    page = response.content.decode()
    assert " ".join(html.unescape(file_error(page)).split()) == f"<li>notes.csv: {error}</li>"
    assert Snapshot.objects.count() == before


def mapping_error(page: str) -> str:
    """The error beside the column names box ("" without one)."""
    error = re.search(r'<ul class="errorlist" id="id_mapping_error">(.*?)</ul>', page, re.S)
    return error[1] if error else ""


def test_column_names_not_field_equals_column_are_named_by_line_in_the_forms_terms(
    staff_client,
):
    # Before: "--map 'title Position': expected FIELD=COLUMN, e.g. --map title=Position" - the
    # command's option, which this form has not, no line, no full stop; and the first only.
    before = Snapshot.objects.count()
    typed = "\r\ntitle Position\r\ndescription=Summary\r\n=Pay\r\n"
    response = upload(staff_client, mapping=typed, label="Spring")
    assert response.status_code == 200
    page = response.content.decode()
    line_2 = html.escape(
        "Line 2, “title Position”, has no “=”; write each line as FIELD=COLUMN "
        "(for example title=Position)."
    )
    line_4 = html.escape(
        "Line 4, “=Pay”, has no field before its “=”; write each line as FIELD=COLUMN "
        "(for example title=Position)."
    )
    assert mapping_error(page).split() == f"<li>{line_2}</li><li>{line_4}</li>".split()
    assert "--map" not in text_of(page)
    assert 'value="Spring"' in page and "description=Summary" in page
    assert Snapshot.objects.count() == before


def test_a_column_names_line_with_an_unknown_field_is_told_on_the_first_submit(staff_client):
    # Before: told only once the file was read, as "notes.csv: --map colour=Notes: unknown
    # field 'colour'; fields are ..." - after an empty file's error had been put right first.
    before = Snapshot.objects.count()
    response = upload(staff_client, name="notes.csv", content=b"", mapping="\r\nColour=Notes")
    page = response.content.decode()
    assert [href for href, _ in summary_links(page)] == ["#id_file", "#id_mapping"]
    assert " ".join(html.unescape(mapping_error(page)).split()) == (
        "<li>Line 2, “Colour=Notes”, has an unknown field “colour”; a field is one of title, "
        "description, salary, seniority, company, location, posted.</li>"
    )
    assert "Colour=Notes</textarea>" in page
    assert Snapshot.objects.count() == before


@pytest.mark.parametrize("format", ["auto", "postings"])
def test_counted_here_ticked_for_postings_is_refused_beside_the_box(staff_client, format):
    # Postings are always counted here: the box says nothing for them, and ticked it more
    # likely means the admin meant an aggregate than that the tick should be dropped silently.
    before = Snapshot.objects.count()
    response = upload(staff_client, counted_here="on", format=format, label="Spring")
    assert response.status_code == 200
    assert Snapshot.objects.count() == before
    page = response.content.decode()
    error = re.search(r'<ul class="errorlist" id="id_counted_here_error">(.*?)</ul>', page, re.S)
    assert error and "the file holds job postings, which are always counted here" in error[1]
    assert "is for an aggregated export only" in error[1]
    assert 'id="id_file_error"' not in page and 'value="Spring"' in page
    assert "Counted here (aggregates only)" in page


def text_of(page: str) -> str:
    """The page's text as shown: without its markup (the file box's data-too-large attribute
    holds the words the browser shows for a file over the limit, not shown till then) and
    without elements drawn `hidden` (the introduction's hint while the file box names it)."""
    shown = re.sub(r"<(\w+)\b[^>]*\shidden\b[^>]*>.*?</\1>", "", page, flags=re.S)
    return re.sub(r"<[^>]*>", "", shown)


def file_error(page: str) -> str:
    """The error beside the file box ("" without one)."""
    error = re.search(r'<ul class="errorlist" id="id_file_error">(.*?)</ul>', page, re.S)
    return error[1] if error else ""


def test_an_upload_over_the_limit_names_the_limit_and_the_command(staff_client, settings):
    settings.MARKET_UPLOAD_MAX_BYTES = 100
    before = Snapshot.objects.count()
    response = upload(staff_client)
    page = response.content.decode()
    # The error itself, not the page: the page's introduction names the command too.
    assert file_error(page).strip() == (
        "<li>postings_combined.csv is 0.7 KB; uploads are limited to 0.1 KB. Import larger "
        "files on the server with: python manage.py import_market FILE</li>"
    )
    assert summary_links(page) == [
        ("#id_file", "Data file: postings_combined.csv is 0.7 KB; uploads are limited to 0.1 KB.")
    ]
    assert text_of(page).count("import_market FILE") == 1  # at the file box, not thrice
    assert Snapshot.objects.count() == before


@pytest.mark.parametrize(
    ("content", "what"),
    [(b"", "0 bytes"), (b"\r\n  \r\n", "only blank lines and spaces")],
    ids=["0-bytes", "blank-lines"],
)
def test_an_empty_upload_names_the_file_and_says_what_to_do_and_keeps_what_was_typed(
    staff_client, content, what
):
    # Before: a file of blank lines said only "the file is empty", with no advice; one of
    # 0 bytes had its own message, the admin's. Now both say what import_market says.
    before = Snapshot.objects.count()
    response = upload(
        staff_client,
        name="march_postings.csv",
        content=content,
        label="March",
        mapping="title=Position",
    )
    assert response.status_code == 200
    page = response.content.decode()
    # Before: "march_postings.csv: the file is empty ...", and "Data file: march_postings.csv:
    # the file is empty ..." in the error summary; without a full stop at the end.
    assert f"march_postings.csv is empty ({what}), so there is nothing to import." in (
        file_error(page)
    )
    assert "then import it again.</li>" in file_error(page)
    assert (
        "#id_file",
        f"Data file: march_postings.csv is empty ({what}), so there is nothing to import. Check "
        "that it was saved with its data (job postings or an aggregated export), then import it "
        "again.",
    ) in summary_links(page)
    assert "The submitted file is empty." not in page
    assert 'value="March"' in page and "title=Position</textarea>" in page
    assert Snapshot.objects.count() == before


def test_an_empty_upload_is_told_on_the_first_submit_with_the_other_fields_errors(staff_client):
    # Before: only "Line 1, “title”, has no “=” ..." beside Column names; once that was put
    # right and the form sent again, "march_postings.csv is empty" - a second round trip.
    before = Snapshot.objects.count()
    response = upload(
        staff_client, name="march_postings.csv", content=b"", label="March", mapping="title"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert [href for href, _ in summary_links(page)] == ["#id_file", "#id_mapping"]
    assert "march_postings.csv is empty (0 bytes), so there is nothing to import." in (
        file_error(page)
    )
    assert "Line 1, “title”, has no “=”" in mapping_error(page)
    assert 'value="March"' in page and "title</textarea>" in page
    assert Snapshot.objects.count() == before


def test_a_huge_upload_refused_unread_gives_the_uploads_size_as_the_forms_error_once(
    staff_client, settings
):
    # Before: "The file is 4.0 MB; ..." at the top of the page, apart from the form: the size
    # was the whole request's, and nothing announced it. Now it is the file box's error, in
    # the error summary, honest about what was measured.
    settings.MARKET_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    before = Snapshot.objects.count()
    response = upload(staff_client, name="big.csv", content=b"x" * (4 * 1024 * 1024))
    assert response.status_code == 302
    page = staff_client.get(response["Location"]).content.decode()
    assert Snapshot.objects.count() == before
    assert file_error(page).strip() == (
        "<li>The upload is about 4.0 MB; uploads are limited to 2.0 MB, so none of it was read, "
        "nor the label or column names typed with it. Import larger files on the server with: "
        "python manage.py import_market FILE</li>"
    )
    # Before: the command was also in the error summary and the page's introduction (thrice).
    assert summary_links(page) == [
        (
            "#id_file",
            "Data file: The upload is about 4.0 MB; uploads are limited to 2.0 MB, so none of it "
            "was read, nor the label or column names typed with it.",
        )
    ]
    assert 'class="error-summary" role="alert"' in page
    assert text_of(page).count("import_market FILE") == 1
    assert "The file is" not in page and "This field is required" not in page
    again = staff_client.get(reverse("admin:market_refresh")).content.decode()
    assert 'id="id_file_error"' not in again and "error-summary" not in again
    assert "import larger files on the server with <code>python manage.py import_market FILE" in (
        " ".join(again.split())
    )


@pytest.mark.parametrize("then", ["imports a file", "sends a file the form refuses"])
def test_a_refusal_whose_page_was_never_shown_is_not_shown_after_a_later_upload(
    staff_client, settings, then
):
    # Before: a refused upload whose redirect the browser never followed (a connection reset
    # while it was still sending the body) left its size in the session; the admin then
    # uploaded a file, and the next visit to the upload page said "The upload is about 4.0
    # MB; ... none of it was read" of an upload long gone. A later upload clears it.
    settings.MARKET_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    assert upload(staff_client, name="big.csv", content=b"x" * (4 * 1024 * 1024)).status_code == 302
    if then == "imports a file":
        assert upload(staff_client).status_code == 302  # to the new draft's preview
    else:
        assert upload(staff_client, name="notes.txt", content=b"").status_code == 200

    page = staff_client.get(reverse("admin:market_refresh")).content.decode()

    assert "The upload is about" not in page and "error-summary" not in page


def draft_with_pytorch_at(client, share: str) -> Snapshot:
    """Upload the current market's export with ML Engineer/mid/PyTorch changed to `share`."""
    current = Snapshot.objects.get(is_current=True)
    text = aggregate_export(current).replace(
        "ML Engineer,mid,,,PyTorch,56.3,High", f"ML Engineer,mid,,,PyTorch,{share},High"
    )
    upload(client, name="next.csv", content=text.encode(), format="aggregate")
    return Snapshot.objects.latest("id")


def test_publish_from_the_preview_switches_the_current_market(staff_client):
    draft = uploaded_draft(staff_client)
    response = staff_client.post(reverse("admin:market_refresh_publish", args=[draft.pk]))
    assert response.status_code == 302
    assert Snapshot.objects.get(is_current=True) == draft


def test_the_preview_shows_share_moves_in_points(staff_client):
    draft = draft_with_pytorch_at(staff_client, "70.3")
    page = staff_client.get(reverse("admin:market_refresh_preview", args=[draft.pk]))
    text = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    assert "ML Engineer mid PyTorch 56.3% 70.3% +14.0 pts" in text


def test_the_preview_lists_roles_in_page_order_all_roles_first(staff_client):
    draft = draft_with_pytorch_at(staff_client, "70.3")
    page = staff_client.get(reverse("admin:market_refresh_preview", args=[draft.pk]))
    table = page.content.decode().split('id="levels-caption"', 1)[1].split("</table>", 1)[0]
    roles = list(dict.fromkeys(re.findall(r"<tr><td>([^<]+)</td>", table)))
    # Role.page_order, the analysis's order as the market pages list them (ML Engineer first);
    # matching order starts with LLM/GenAI.
    assert roles == ["All", *seed_facts().role_totals]


def test_discard_deletes_the_draft(staff_client):
    current = Snapshot.objects.get(is_current=True)
    draft = uploaded_draft(staff_client)
    response = staff_client.post(
        reverse("admin:market_refresh_discard", args=[draft.pk]), CONFIRMED, follow=True
    )
    assert f"Draft {draft.pk} discarded." in response.content.decode()
    assert not Snapshot.objects.filter(pk=draft.pk).exists()
    assert Snapshot.objects.get(is_current=True) == current


def test_discard_refuses_a_published_snapshot_and_says_why(staff_client):
    current = Snapshot.objects.get(is_current=True)
    response = staff_client.post(
        reverse("admin:market_refresh_discard", args=[current.pk]), CONFIRMED, follow=True
    )
    assert f"Snapshot {current.pk} is published, so it stays as history" in (
        response.content.decode()
    )
    assert Snapshot.objects.get(is_current=True) == current


def test_publish_again_rolls_back(staff_client):
    old = Snapshot.objects.get(is_current=True)
    draft = uploaded_draft(staff_client)
    staff_client.post(reverse("admin:market_refresh_publish", args=[draft.pk]))
    page = staff_client.get(reverse("admin:market_refresh")).content.decode()
    assert f"Publish snapshot {old.pk} again" in page
    response = staff_client.post(
        reverse("admin:market_refresh_publish", args=[old.pk]), follow=True
    )
    assert f"Snapshot {old.pk} is the current market again." in response.content.decode()
    assert Snapshot.objects.get(is_current=True) == old
    assert Snapshot.objects.get(pk=draft.pk).state == Snapshot.State.PUBLISHED


def test_publishing_needs_post(staff_client):
    draft = uploaded_draft(staff_client)
    url = reverse("admin:market_refresh_publish", args=[draft.pk])
    assert staff_client.get(url).status_code == 405
    assert Snapshot.objects.get(pk=draft.pk).state == Snapshot.State.DRAFT


def test_staff_without_snapshot_permissions_cannot_see_or_change_the_market(
    client, make_user, staff_client
):
    draft = uploaded_draft(staff_client)
    client.force_login(make_user("clerk", is_staff=True))
    assert client.get(reverse("admin:market_refresh")).status_code == 403
    assert client.get(reverse("admin:market_refresh_preview", args=[draft.pk])).status_code == 403


def test_staff_who_may_only_view_snapshots_cannot_publish_or_discard(
    client, make_user, staff_client
):
    current = Snapshot.objects.get(is_current=True)
    draft = uploaded_draft(staff_client)
    viewer = make_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_snapshot"))
    client.force_login(viewer)
    assert client.get(reverse("admin:market_refresh_preview", args=[draft.pk])).status_code == 200
    assert client.post(reverse("admin:market_refresh_publish", args=[draft.pk])).status_code == 403
    discard = reverse("admin:market_refresh_discard", args=[draft.pk])
    assert client.post(discard, CONFIRMED).status_code == 403
    assert client.get(discard).status_code == 403
    assert upload(client).status_code == 403
    assert Snapshot.objects.get(is_current=True) == current
    assert Snapshot.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize(("analysed", "older"), [("2025-09-01", True), ("2025-11-30", False)])
def test_the_preview_announces_a_snapshot_older_than_the_current_market(
    staff_client, analysed, older
):
    current = Snapshot.objects.get(is_current=True)
    draft = snapshot_create(
        figures=MarketFigures(),
        label="Back-fill",
        source="tests",
        analysis_date=dt.date.fromisoformat(analysed),
    )
    page = staff_client.get(reverse("admin:market_refresh_preview", args=[draft.pk]))
    text = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    warning = (
        f"Older figures: this snapshot was analysed on {analysed}, before the current market "
        f"({current.analysis_date:%Y-%m-%d})"
    )
    assert (warning in text) is older


AGGREGATE = b"role,seniority,job_count,avg_salary_usd,skill,share_pct,priority\nAll,all,10,,,,\n"


@pytest.mark.parametrize(
    ("fields", "counted", "said"),
    [
        ({}, False, "taken as given (not counted here): none is shown as “at least”"),
        (
            {"counted_here": "on"},
            True,
            "counted here with this app's rules: skills asked for in many wordings show "
            "“at least” their share",
        ),
    ],
)
def test_an_aggregate_upload_is_counted_here_only_when_ticked(staff_client, fields, counted, said):
    response = upload(staff_client, name="warehouse.csv", content=AGGREGATE, **fields)
    draft = Snapshot.objects.latest("id")
    assert draft.shares_counted_here is counted
    page = staff_client.get(response["Location"]).content.decode()
    assert f"<dt>Shares</dt><dd>{said}</dd>" in page.replace("&#x27;", "'")


def test_a_publish_after_another_admin_published_is_refused_and_shows_the_new_current(
    staff_client, client, make_user
):
    # Two admins open two drafts' previews, both compared with the seed market; the first
    # publishes. The second's Publish used to replace that market unseen.
    seed = Snapshot.objects.get(is_current=True)
    first, second = uploaded_draft(staff_client), uploaded_draft(staff_client)
    page = staff_client.get(reverse("admin:market_refresh_preview", args=[second.pk]))
    assert f'name="current" value="{seed.pk}"' in page.content.decode()
    client.force_login(make_user("other", is_staff=True, is_superuser=True))
    client.post(reverse("admin:market_refresh_publish", args=[first.pk]), {"current": seed.pk})

    response = staff_client.post(
        reverse("admin:market_refresh_publish", args=[second.pk]), {"current": seed.pk}
    )

    assert response.url == reverse("admin:market_refresh_preview", args=[second.pk])
    assert Snapshot.objects.get(is_current=True) == first
    assert Snapshot.objects.get(pk=second.pk).state == Snapshot.State.DRAFT
    text = " ".join(staff_client.get(response.url).content.decode().split())
    assert f"Snapshot {first.pk} ({first.label}) was made the current market at" in text
    assert f"so snapshot {second.pk} was not published" in text
    assert f'name="current" value="{first.pk}"' in text  # pressed again, it publishes
    staff_client.post(
        reverse("admin:market_refresh_publish", args=[second.pk]), {"current": first.pk}
    )
    assert Snapshot.objects.get(is_current=True) == second


def test_a_roll_back_from_the_list_after_another_publish_is_refused(staff_client):
    seed = Snapshot.objects.get(is_current=True)
    draft = uploaded_draft(staff_client)
    page = staff_client.get(reverse("admin:market_refresh")).content.decode()
    assert 'name="current"' not in page  # the list leads to previews; they publish
    staff_client.post(reverse("admin:market_refresh_publish", args=[draft.pk]))
    response = staff_client.post(
        reverse("admin:market_refresh_publish", args=[seed.pk]), {"current": seed.pk}
    )
    assert response.url == reverse("admin:market_refresh_preview", args=[seed.pk])
    assert Snapshot.objects.get(is_current=True) == draft


def test_a_publish_from_a_page_that_showed_no_current_market_is_refused_once_there_is_one(
    staff_client,
):
    # The page's "current" box is empty when no market was current as it was drawn; a market
    # published since then must stop this Publish as any other would.
    seed = Snapshot.objects.get(is_current=True)
    draft = uploaded_draft(staff_client)

    response = staff_client.post(
        reverse("admin:market_refresh_publish", args=[draft.pk]), {"current": ""}
    )

    assert response.url == reverse("admin:market_refresh_preview", args=[draft.pk])
    assert Snapshot.objects.get(is_current=True) == seed
    assert Snapshot.objects.get(pk=draft.pk).state == Snapshot.State.DRAFT


def test_publishing_a_draft_another_admin_discarded_says_so_instead_of_not_found(staff_client):
    current = Snapshot.objects.get(is_current=True)
    draft = uploaded_draft(staff_client)
    staff_client.post(reverse("admin:market_refresh_discard", args=[draft.pk]), CONFIRMED)

    response = staff_client.post(
        reverse("admin:market_refresh_publish", args=[draft.pk]), follow=True
    )

    assert response.status_code == 200  # was a 404 page
    assert f"Snapshot {draft.pk} no longer exists (it was discarded): nothing was published." in (
        response.content.decode()
    )
    assert Snapshot.objects.get(is_current=True) == current


def test_discarding_a_draft_twice_says_it_is_gone_instead_of_not_found(staff_client):
    draft = uploaded_draft(staff_client)
    staff_client.post(reverse("admin:market_refresh_discard", args=[draft.pk]), CONFIRMED)

    response = staff_client.post(
        reverse("admin:market_refresh_discard", args=[draft.pk]), CONFIRMED, follow=True
    )

    assert response.status_code == 200
    assert f"Snapshot {draft.pk} no longer exists (it was discarded): nothing else changed." in (
        response.content.decode()
    )


def links(page: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)"', page)


def test_discard_on_the_list_and_the_preview_leads_to_a_confirmation_and_changes_nothing(
    staff_client,
):
    # Before: both were forms that POSTed and deleted the draft on one click.
    draft = uploaded_draft(staff_client)
    discard = reverse("admin:market_refresh_discard", args=[draft.pk])
    listed = staff_client.get(reverse("admin:market_refresh")).content.decode()
    preview = staff_client.get(reverse("admin:market_refresh_preview", args=[draft.pk]))
    assert discard in links(listed) and discard in links(preview.content.decode())

    response = staff_client.get(discard)

    assert response.status_code == 200
    page = " ".join(response.content.decode().split())
    assert f"<h1>Discard draft {draft.pk}?</h1>" in page
    assert 'name="post" value="yes"' in page
    assert f'value="Yes, discard draft {draft.pk}"' in page
    preview_url = reverse("admin:market_refresh_preview", args=[draft.pk])
    assert f'<a href="{preview_url}" class="button cancel-link">No, keep it</a>' in page
    assert Snapshot.objects.filter(pk=draft.pk).exists()


def test_a_discard_posted_without_the_confirmation_leads_to_it_and_discards_nothing(
    staff_client,
):
    # A Discard button of a page drawn before this change, or a stray POST.
    draft = uploaded_draft(staff_client)
    url = reverse("admin:market_refresh_discard", args=[draft.pk])

    response = staff_client.post(url)

    assert response.status_code == 302 and response.url == url
    assert Snapshot.objects.filter(pk=draft.pk).exists()


def test_the_discard_confirmation_says_what_goes_and_what_stays_writing_nothing(staff_client):
    from market.models import Skill
    from tests.test_get_never_writes import writes_of

    first, second = two_typo_drafts(staff_client)
    summary = Snapshot.objects.get(pk=second.pk).import_summary
    url = reverse("admin:market_refresh_discard", args=[first.pk])

    assert writes_of(staff_client, url) == []  # nothing deleted, handed over or locked
    page = " ".join(staff_client.get(url).content.decode().split())

    assert "What goes" in page and "What stays" in page
    postings = f"{first.postings_count:,}"
    assert f"The draft and its figures, counted from {postings} postings." in page
    assert (
        f"The role ML Enginer and skill PyTorhc stay while draft {second.pk} counts them: "
        "discarding that draft takes them."
    ) in page
    assert Snapshot.objects.get(pk=second.pk).import_summary == summary  # not handed over
    assert Skill.objects.filter(name="PyTorhc").exists()
    # What the confirmation said is what the discard then does, and says it did.
    assert (
        f"Draft {first.pk} discarded. The role ML Enginer and skill PyTorhc stay while draft "
        f"{second.pk} counts them: discarding that draft takes them."
    ) in discarded_page(staff_client, first.pk)
    second_page = " ".join(
        staff_client.get(reverse("admin:market_refresh_discard", args=[second.pk]))
        .content.decode()
        .split()
    )
    assert (
        "The role ML Enginer and skill PyTorhc, which a draft discarded before had added, "
        "will go with it."
    ) in second_page


def test_the_discard_confirmation_names_the_typos_the_draft_added_that_go(staff_client):
    typos = misspelt_export(("PyTorch", "PyTorhc"), ("ML Engineer", "ML Enginer"))
    upload(staff_client, name="typos.csv", content=typos, format="aggregate")
    draft = Snapshot.objects.latest("id")

    page = staff_client.get(reverse("admin:market_refresh_discard", args=[draft.pk]))

    assert "The role ML Enginer and skill PyTorhc it added will go with it." in (
        " ".join(page.content.decode().split())
    )


def test_the_discard_confirmation_of_a_published_snapshot_says_it_stays(staff_client):
    current = Snapshot.objects.get(is_current=True)

    response = staff_client.get(
        reverse("admin:market_refresh_discard", args=[current.pk]), follow=True
    )

    assert f"Snapshot {current.pk} is published, so it stays as history" in (
        response.content.decode()
    )
    assert "Yes, discard" not in response.content.decode()


def test_publish_on_the_list_leads_to_the_preview_that_shows_what_changes(staff_client):
    # Before: a one-click Publish / Publish again form on the list, skipping the differences.
    seed = Snapshot.objects.get(is_current=True)
    draft = uploaded_draft(staff_client)
    staff_client.post(reverse("admin:market_refresh_publish", args=[draft.pk]))
    second = uploaded_draft(staff_client)

    page = staff_client.get(reverse("admin:market_refresh")).content.decode()

    for snapshot, name in [
        (second, f"Publish snapshot {second.pk}"),
        (seed, f"Publish snapshot {seed.pk} again"),
    ]:
        preview = reverse("admin:market_refresh_preview", args=[snapshot.pk])
        assert (
            f'<a href="{preview}" class="button inline-form" aria-label="{name}: preview first">'
            in page
        )
    assert reverse("admin:market_refresh_publish", args=[second.pk]) not in page


def test_the_refresh_pages_write_counts_with_thousands_separators_as_public_pages_do(
    staff_client,
):
    # Before: "Postings: 21359 → 500" and "Jobs (current)" cells of 21359, where the
    # public pages write 21,359 (market_format's count).
    from market.models import RoleLevelStat

    # The current market's counts are set while it is a draft: a published snapshot's
    # figures never change (PostgreSQL's trigger refuses the write).
    current = uploaded_draft(staff_client)
    Snapshot.objects.filter(pk=current.pk).update(postings_count=21359)
    assert RoleLevelStat.objects.filter(snapshot=current, role=None, seniority="all").update(
        job_count=21359
    )
    staff_client.post(reverse("admin:market_refresh_publish", args=[current.pk]))
    assert Snapshot.objects.get(is_current=True) == current
    draft = uploaded_draft(staff_client)
    counts = {"rows_read": 123456, "postings": 23456, "duplicates_dropped": 3456}
    counts |= {"unmatched_role": 4567, "salary_known": 5678, "salary_missing": 6789}
    counts |= {"salary_unparseable": 7890, "skills_found": 1234}
    summary = draft.import_summary | counts
    summary["unmatched_titles"] = [["store manager", 2345]]
    Snapshot.objects.filter(pk=draft.pk).update(postings_count=23456, import_summary=summary)

    preview = preview_page(staff_client, draft.pk)
    listed = " ".join(staff_client.get(reverse("admin:market_refresh")).content.decode().split())
    confirmation = staff_client.get(reverse("admin:market_refresh_discard", args=[draft.pk]))

    assert "Postings: 21,359 → 23,456." in preview
    assert "Postings: 23,456." in preview
    for label, number in [
        ("Rows read", "123,456"),
        ("Postings", "23,456"),
        ("Exact duplicates dropped", "3,456"),
        ("Postings matching no role", "4,567 (counted"),
        ("Salaries", "5,678 known, 6,789 missing, 7,890 unparseable"),
        ("Skills found", "1,234"),
    ]:
        assert f"<dt>{label}</dt><dd>{number}" in preview, label
    assert "<li>store manager (2,345)</li>" in preview
    assert "<td>All</td><td>all</td> <td>21,359</td>" in preview
    assert "<td>21,359</td>" in listed and "<td>23,456</td>" in listed
    assert "counted from 23,456 postings" in " ".join(confirmation.content.decode().split())


def test_the_refresh_pages_take_a_fixed_number_of_queries(
    staff_client, django_assert_max_num_queries
):
    drafts = [uploaded_draft(staff_client) for _ in range(4)]  # each "by boss"
    with django_assert_max_num_queries(4):
        page = staff_client.get(reverse("admin:market_refresh"))
    assert page.content.decode().count(" by boss") == 4
    with django_assert_max_num_queries(9):
        staff_client.get(reverse("admin:market_refresh_preview", args=[drafts[0].pk]))


def test_discarding_a_draft_with_a_misspelt_skill_takes_the_skill_and_says_so(staff_client):
    from market.models import Skill

    current = Snapshot.objects.get(is_current=True)
    text = aggregate_export(current).replace(",PyTorch,", ",PyTorhc,", 1)
    upload(staff_client, name="typo.csv", content=text.encode(), format="aggregate")
    draft = Snapshot.objects.latest("id")
    assert Skill.objects.filter(name="PyTorhc").exists()  # listed as a new skill on the preview

    response = staff_client.post(
        reverse("admin:market_refresh_discard", args=[draft.pk]), CONFIRMED, follow=True
    )

    assert f"Draft {draft.pk} discarded. The skill PyTorhc it had added went with it." in (
        response.content.decode()
    )
    assert not Skill.objects.filter(name="PyTorhc").exists()
    assert Skill.objects.filter(name="PyTorch").exists()


def misspelt_export(*typos: tuple[str, str]) -> bytes:
    """The current market as an aggregate file, each (right, wrong) name misspelt in a row's
    first column and in a later one."""
    text = aggregate_export(Snapshot.objects.get(is_current=True))
    for right, wrong in typos:
        text = text.replace(f"\n{right},", f"\n{wrong},", 1).replace(f",{right},", f",{wrong},", 1)
    return text.encode()


def two_typo_drafts(client) -> tuple[Snapshot, Snapshot]:
    """Two drafts of the same misspelt file ("PyTorhc", "ML Enginer"): the first adds them."""
    typos = misspelt_export(("PyTorch", "PyTorhc"), ("ML Engineer", "ML Enginer"))
    for name in ("typos.csv", "typos again.csv"):
        upload(client, name=name, content=typos, format="aggregate")
    first, second = Snapshot.objects.order_by("-id")[:2][::-1]
    return first, second


def preview_page(client, snapshot_id: int) -> str:
    """The snapshot's preview page, its whitespace runs made single spaces."""
    preview = client.get(reverse("admin:market_refresh_preview", args=[snapshot_id]))
    return " ".join(preview.content.decode().split())


def discarded_page(client, snapshot_id: int) -> str:
    """The page the admin lands on after discarding the snapshot."""
    url = reverse("admin:market_refresh_discard", args=[snapshot_id])
    return client.post(url, CONFIRMED, follow=True).content.decode()


def test_discarding_a_draft_with_a_misspelt_role_and_skills_names_them_all(staff_client):
    typos = misspelt_export(
        ("PyTorch", "PyTorhc"), ("Python", "Pyhton"), ("ML Engineer", "ML Enginer")
    )
    upload(staff_client, name="typos.csv", content=typos, format="aggregate")
    draft = Snapshot.objects.latest("id")

    assert (
        f"Draft {draft.pk} discarded. The role ML Enginer and skills PyTorhc, Pyhton it had "
        "added went with it."
    ) in discarded_page(staff_client, draft.pk)


def test_discarding_two_drafts_of_a_misspelt_file_one_after_the_other_takes_the_typos(
    staff_client,
):
    # Before: the first discard kept "PyTorhc" and "ML Enginer" (the second draft counts them)
    # and said nothing of them; the second discard kept them for good, because its import
    # had found them there, not added them: "PyTorhc" stayed offered for people to rate.
    from market.models import Role, Skill

    first, second = two_typo_drafts(staff_client)

    assert (
        f"Draft {first.pk} discarded. The role ML Enginer and skill PyTorhc stay while draft "
        f"{second.pk} counts them: discarding that draft takes them."
    ) in discarded_page(staff_client, first.pk)
    page = preview_page(staff_client, second.pk)
    assert (
        "<dt>Roles a discarded draft added</dt><dd>ML Enginer (counted here too, so kept: "
        "discarding this draft takes it, unless something else uses it)</dd>"
    ) in page
    assert "<dt>Skills a discarded draft added</dt><dd>PyTorhc (counted here too" in page
    assert "<dt>New skills</dt>" not in page  # its own import added none

    assert (
        f"Draft {second.pk} discarded. The role ML Enginer and skill PyTorhc, which a draft "
        "discarded before had added, went with it."
    ) in discarded_page(staff_client, second.pk)
    assert not Skill.objects.filter(name="PyTorhc").exists()
    assert not Role.objects.filter(name="ML Enginer").exists()


def test_the_first_discard_does_not_promise_to_take_a_typo_a_person_has_rated(
    staff_client, make_user
):
    # Before: with "PyTorhc" rated by a person and counted by the second draft, the first
    # discard said "The role ML Enginer and skill PyTorhc stay while draft N counts them:
    # discarding that draft takes them."; discarding it then kept "PyTorhc" (the rating
    # keeps it) and said nothing. Then: "... stays: draft N counts it, and something besides
    # figures uses it (a person's rating, an ad, a path or a resource)." - no counts, unlike
    # the "Kept:" sentence, and a list that left out target roles and learning plans.
    from assessments.models import SkillLevel
    from market.models import Role, Skill

    first, second = two_typo_drafts(staff_client)
    rated = Skill.objects.get(name="PyTorhc")
    SkillLevel.objects.create(user=make_user("ada"), skill=rated, level=2)

    assert (
        f"Draft {first.pk} discarded. The role ML Enginer stays while draft {second.pk} counts "
        f"it: discarding that draft takes it. Kept: skill “PyTorhc” (in use: "
        f"1 rating), and draft {second.pk} counts it too."
    ) in html.unescape(discarded_page(staff_client, first.pk))
    assert f"Draft {second.pk} discarded. The role ML Enginer, which a draft discarded " in (
        discarded_page(staff_client, second.pk)
    )
    assert not Role.objects.filter(name="ML Enginer").exists()
    assert Skill.objects.filter(pk=rated.pk).exists()  # as the first message said


def test_discarding_a_draft_whose_typo_people_use_says_it_is_kept_and_by_how_many_uses(
    staff_client, make_user
):
    # Before: "Draft N discarded. The role ML Enginer it had added went with it." and not a
    # word of "PyTorhc", which two ratings and a job ad kept: the admin believed it gone.
    from assessments.models import JobAd, JobAdSkill, SkillLevel
    from market.models import Skill

    upload(
        staff_client,
        name="typos.csv",
        content=misspelt_export(("PyTorch", "PyTorhc"), ("ML Engineer", "ML Enginer")),
        format="aggregate",
    )
    draft = Snapshot.objects.latest("id")
    typo = Skill.objects.get(name="PyTorhc")
    for name in ("ada", "bob"):
        SkillLevel.objects.create(user=make_user(name), skill=typo, level=2)
    ad = JobAd.objects.create(
        user=make_user("cy"), title="Made-up title", text="Made-up text.", seniority="mid"
    )
    JobAdSkill.objects.create(ad=ad, skill=typo, kind=JobAdSkill.Kind.MUST, order=0)

    page = html.unescape(discarded_page(staff_client, draft.pk))

    assert (
        f"Draft {draft.pk} discarded. The role ML Enginer it had added went with it. "
        "Kept: skill “PyTorhc” (in use: 2 ratings, 1 job ad)."
    ) in page
    assert "ada" not in page.split("discarded.", 1)[1].split("<", 1)[0]  # counts, no names
    assert Skill.objects.filter(pk=typo.pk).exists()


def test_a_published_snapshots_preview_says_the_typos_it_took_over_stay_for_good(staff_client):
    # Before: once the draft that took "ML Enginer" over was published, its preview still said
    # "discarding this draft takes it", of a snapshot that can no longer be discarded.
    from market.ingestion.refresh import draft_publish

    first, second = two_typo_drafts(staff_client)
    discarded_page(staff_client, first.pk)
    # Its typos are near-misses of ML Engineer and PyTorch: published once accepted as new.
    draft_publish(snapshot=second, accepted=[("role", "ML Enginer"), ("skill", "PyTorhc")])

    page = preview_page(staff_client, second.pk)
    assert (
        "<dt>Roles a discarded draft added</dt><dd>ML Enginer (counted here, so kept for good: "
        "this snapshot was published, and published figures are history)</dd>"
    ) in page
    assert "discarding this draft" not in page


def test_a_drafts_preview_tells_only_those_who_may_discard_it_what_discarding_takes(
    staff_client, make_user
):
    # Before: staff who may only view snapshots read "discarding this draft takes it" (and
    # "until you publish it") of a draft they can neither discard nor publish.
    first, second = two_typo_drafts(staff_client)
    discarded_page(staff_client, first.pk)
    changer_page = preview_page(staff_client, second.pk)
    viewer = make_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_snapshot"))
    staff_client.force_login(viewer)
    viewer_page = preview_page(staff_client, second.pk)

    assert "ML Enginer (counted here too, so kept: discarding this draft takes it, " in (
        changer_page
    )
    assert "users do not see it until you publish it." in changer_page
    assert (
        "<dt>Roles a discarded draft added</dt><dd>ML Enginer (counted here too, so kept: it "
        "goes if this draft is discarded, unless something else uses it)</dd>"
    ) in viewer_page
    assert "PyTorhc (counted here too, so kept: it goes if this draft is discarded" in viewer_page
    assert "users do not see it until it is published." in viewer_page
    assert "discarding this draft" not in viewer_page and "you publish" not in viewer_page


@pytest.mark.parametrize("how", ["the Delete button", "the delete-selected action"])
def test_deleting_a_draft_in_the_snapshot_admin_takes_its_typos_as_discarding_does(
    staff_client, how
):
    # Before: a draft deleted with the snapshot admin's own Delete (its change page, or
    # "Delete selected snapshots") skipped the discard: "PyTorhc", which it had taken over from
    # a discarded draft, stayed in the taxonomy for good, the bug the hand-over was for.
    from market.models import Role, Skill

    first, second = two_typo_drafts(staff_client)
    discarded_page(staff_client, first.pk)

    if how == "the Delete button":
        url = reverse("admin:market_snapshot_delete", args=[second.pk])
        response = staff_client.post(url, {"post": "yes"}, follow=True)
    else:
        url = reverse("admin:market_snapshot_changelist")
        body = {"action": "delete_selected", "_selected_action": [second.pk], "post": "yes"}
        response = staff_client.post(url, body, follow=True)

    assert not Snapshot.objects.filter(pk=second.pk).exists()
    assert not Skill.objects.filter(name="PyTorhc").exists()
    assert not Role.objects.filter(name="ML Enginer").exists()
    # One draft deleted says it plainly; each of several deleted at once is named.
    named = f"Draft {second.pk}: " if how == "the delete-selected action" else ">"
    assert (
        f"{named}The role ML Enginer and skill PyTorhc, which a draft discarded before had "
        "added, went with it."
    ) in response.content.decode()


def test_the_refresh_pages_have_the_admins_breadcrumb_bar_naming_the_app_as_it_does(
    staff_client,
):
    # The pages drew a bare <div class="breadcrumbs"> (Django 6 styles ol.breadcrumbs): no bar,
    # no separators, flush against the window's edge, and "Market" where every other admin page
    # of the app says "Market data".
    draft = uploaded_draft(staff_client)
    for url, here in [
        (reverse("admin:market_refresh"), "Refresh market data"),
        (reverse("admin:market_refresh_preview", args=[draft.pk]), f"Snapshot {draft.pk}"),
    ]:
        page = staff_client.get(url).content.decode()
        crumbs = re.search(r'<ol class="breadcrumbs">(.*?)</ol>', page, re.S)
        assert crumbs, url
        assert ">Market data</a></li>" in crumbs[1]
        assert f'<li aria-current="page">{here}</li>' in crumbs[1]


def test_the_discard_message_says_what_went_and_what_stays_for_which_drafts():
    from market.admin_refresh import taxonomy_gone
    from market.ingestion.refresh import Discarded, HandedOver, Kept

    discarded = Discarded(
        roles=["R"],
        skills=["A", "B"],
        skills_taken_over=["B"],
        handed_over=[
            HandedOver("skill", "C", [7, 9]),
            HandedOver("role", "Q", [7]),
            HandedOver("role", "P", [7, 9], uses=[("career path", 1), ("learning plan", 2)]),
            HandedOver("skill", "D", [7, 9], uses=[("rating", 1)]),
        ],
        kept=[
            Kept("skill", "pyhton", [("rating", 2), ("job ad", 1)]),
            Kept("role", "LLM Engineeer", [("target role", 1)]),
        ],
    )

    assert taxonomy_gone(discarded) == (
        " The role R and skill A it had added went with it. The skill B, which a draft "
        "discarded before had added, went with it too. The skill C stays while drafts 7, 9 "
        "count it: discarding the last of them takes it. The role Q stays while draft 7 counts "
        "it: discarding that draft takes it. Kept: role “P” (in use: 1 career path, 2 learning "
        "plans); skill “D” (in use: 1 rating), and drafts 7, 9 count them too. Kept: skill "
        "“pyhton” (in use: 2 ratings, 1 job ad); role “LLM Engineeer” (in use: 1 target role)."
    )
    assert taxonomy_gone(Discarded()) == ""


WHO_CAN = (
    "Only staff with the permission “Can change snapshot” can import a file, publish, roll "
    "back or discard; your account may view the snapshots only."
)


def action_forms(page: str) -> list[str]:
    """The forms of the refresh pages that change something: upload, publish, discard."""
    return re.findall(r'<form method="post"[^>]*action="([^"]*)"', page)


def test_staff_who_may_only_view_snapshots_see_no_forms_they_cannot_use_and_who_can(
    client, make_user, staff_client, settings
):
    # Before: the upload form and every Publish / Discard / Publish again button, each refused
    # 403 when used, and after an oversized upload the size message for a form they cannot use.
    draft = uploaded_draft(staff_client)
    staff_client.post(reverse("admin:market_refresh_publish", args=[draft.pk]))
    second = uploaded_draft(staff_client)  # a published one to roll back to, and a draft
    viewer = make_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_snapshot"))
    client.force_login(viewer)
    for url in [
        reverse("admin:market_refresh"),
        reverse("admin:market_refresh_preview", args=[second.pk]),
        reverse("admin:market_refresh_preview", args=[Snapshot.objects.earliest("id").pk]),
    ]:
        page = client.get(url).content.decode()
        assert action_forms(page) == [], url
        assert "Import and preview" not in page and 'name="file"' not in page
        assert WHO_CAN in page
    settings.MARKET_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    response = upload(client, name="big.csv", content=b"x" * (4 * 1024 * 1024))
    page = client.get(response["Location"]).content.decode()
    assert "uploads are limited to 2.0 MB, so none of it was read" not in page
    assert action_forms(page) == [] and WHO_CAN in page


def test_staff_who_may_change_snapshots_see_every_form_and_no_who_can_sentence(staff_client):
    draft = uploaded_draft(staff_client)
    staff_client.post(reverse("admin:market_refresh_publish", args=[draft.pk]))
    second = uploaded_draft(staff_client)
    refresh = reverse("admin:market_refresh")
    page = staff_client.get(refresh).content.decode()
    assert WHO_CAN not in page
    seed = Snapshot.objects.earliest("id")  # published before draft: "Publish again"
    publish = [reverse("admin:market_refresh_publish", args=[s.pk]) for s in (second, seed)]
    discard = reverse("admin:market_refresh_discard", args=[second.pk])
    assert action_forms(page) == [refresh]  # Publish and Discard lead to pages that ask
    preview = staff_client.get(reverse("admin:market_refresh_preview", args=[second.pk]))
    assert action_forms(preview.content.decode()) == [publish[0]]
    confirmation = staff_client.get(discard).content.decode()
    assert action_forms(confirmation) == [discard] and WHO_CAN not in confirmation
    assert publish[1]  # the seed's Publish again is its preview's too
    assert WHO_CAN not in preview.content.decode()
