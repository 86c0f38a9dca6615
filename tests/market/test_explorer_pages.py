"""The public market explorer: every page as a full page and as an htmx fragment, each in a
bounded number of queries."""

import io
import json
import re

import pytest
from django.urls import reverse

from market.explorer import AllLevelsNote, all_levels_note, salary_axis_max
from market.ingestion.aggregate import aggregate_export, aggregate_read
from market.models import LearningResource, RoleLevelStat, Snapshot
from market.services.snapshots import snapshot_create, snapshot_publish

pytestmark = pytest.mark.django_db

PAGES = [
    ("market:index", {}, "What AI/ML employers ask for"),
    ("market:detail", {"role_slug": "ml-engineer", "seniority": "mid"}, "87.7%"),
    ("market:compare", {}, "TensorFlow vs PyTorch by role"),
    ("market:timeline", {}, "Month 10-12: Specialization"),
    ("market:paths", {}, "Path 2: LLM/GenAI Engineer"),
    ("market:trends", {}, "460% growth in job postings"),
    ("market:resources", {}, "OpenAI Cookbook"),
]
HTMX = {"HX-Request": "true"}


@pytest.mark.parametrize(("name", "kwargs", "expected"), PAGES)
def test_each_page_renders_in_full_without_login(
    client, seed_snapshot, django_assert_max_num_queries, name, kwargs, expected
):
    with django_assert_max_num_queries(12):
        response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" in page and expected in page
    assert response["Vary"].count("HX-Request") == 1


@pytest.mark.parametrize(("name", "kwargs", "expected"), PAGES)
def test_each_page_renders_as_an_htmx_fragment(
    client, seed_snapshot, django_assert_max_num_queries, name, kwargs, expected
):
    with django_assert_max_num_queries(12):
        response = client.get(reverse(name, kwargs=kwargs), headers=HTMX)
    fragment = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in fragment and "site-header" not in fragment
    assert expected in fragment


def _text(page: str) -> str:
    """The page's visible text, tags dropped and white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def _read(page: str) -> str:
    """The page's text as a screen reader reads it: without what is aria-hidden (the column
    names a card table repeats beside each cell for a phone)."""
    return _text(re.sub(r'<span class="cell-label" aria-hidden="true">.*?</span>', " ", page))


def _chart(page: str, chart_id: str) -> dict:
    found = re.search(
        rf'<script id="{chart_id}" type="application/json">(.*?)</script>', page, re.S
    )
    return json.loads(found.group(1))


def test_detail_shows_share_tier_postings_chart_and_the_path_that_leads_there(
    client, seed_snapshot
):
    page = client.get(
        reverse("market:detail", args=["llmgenai-engineer", "senior"])
    ).content.decode()
    assert "AWS 68.9% Critical about 785 of 1,140" in _text(page)
    assert "<h1 data-announce>Senior LLM/GenAI Engineer</h1>" in page
    assert "1,140" in page and "$231,000" in page
    assert _chart(page, "detail-chart")["data"]["datasets"][0]["data"][:2] == [84.6, 68.9]
    assert 'data-chart-config="detail-chart"' in page
    assert "<caption>Share of Senior LLM/GenAI Engineer postings that mention each skill" in page
    assert "Mid-Level → Senior ($205,000 → $231,000)" in page
    assert "Fine-tuning (LoRA, PEFT)" in page


def test_detail_switcher_links_work_without_javascript_and_swap_in_place(client, seed_snapshot):
    page = client.get(reverse("market:detail", args=["ml-engineer", "mid"])).content.decode()
    senior = reverse("market:detail", args=["ml-engineer", "senior"])
    assert f'href="{senior}" hx-get="{senior}" hx-target="#market-detail"' in page
    mlops = reverse("market:detail", args=["mlops-engineer", "mid"])
    assert f'href="{mlops}"' in page
    fragment = client.get(senior, headers=HTMX).content.decode()
    # Only the detail block, led by the new page title that htmx moves into <head>.
    title, rest = fragment.lstrip().split("\n", 1)
    assert title == "<title>Senior ML Engineer · Market · Skillgap</title>"
    assert rest.lstrip().startswith('<div id="market-detail">') and "<html" not in rest
    assert _chart(fragment, "detail-chart")["data"]["datasets"][0]["data"][0] == 91.9


@pytest.mark.parametrize(
    "path", ["/market/no-such-role/mid/", "/market/ml-engineer/junior/", "/market/ml-engineer/"]
)
def test_unknown_role_or_seniority_is_404(client, seed_snapshot, path):
    assert client.get(path).status_code == 404


def test_an_unknown_role_is_404_with_the_roles_and_levels_that_have_figures(client, seed_snapshot):
    response = client.get("/market/data-wizard/mid/")
    assert response.status_code == 404
    text = _text(response.content.decode())
    assert "There is no role “data-wizard” in the market figures." in text
    page = response.content.decode()
    card = page.split('<div class="card">', 1)[1].split("</div>", 1)[0]
    assert card.count('href="/market/') == 12 + 1  # every role and level with figures, back
    assert '<a href="/market/mlops-engineer/senior/">Senior MLOps Engineer</a>' in page


def test_an_unknown_seniority_is_404_naming_the_levels_with_links_for_the_role(
    client, seed_snapshot
):
    response = client.get("/market/ml-engineer/junior/")
    assert response.status_code == 404
    text = _text(response.content.decode())
    assert "“junior” is not a seniority: the levels are “all” (All levels), “entry” (Entry)," in (
        text
    )
    assert "“senior” (Senior) and “staff” (Staff / Principal / Lead)." in text
    # Links only to the levels with figures: the others would be 404s too.
    links = re.findall(r'<a href="/market/ml-engineer/(\w+)/">', response.content.decode())
    assert links == ["mid", "senior", "all"]


@pytest.mark.parametrize(
    ("path", "to"),
    [
        ("/market/ML-Engineer/mid/", "/market/ml-engineer/mid/"),
        ("/market/ml-engineer/Senior/", "/market/ml-engineer/senior/"),
        ("/market/AIML-Research/ALL/", "/market/aiml-research/all/"),
    ],
)
def test_an_address_in_capitals_moves_permanently_to_its_lower_case_page(
    client, seed_snapshot, path, to
):
    response = client.get(path)
    assert (response.status_code, response["Location"]) == (301, to)
    assert client.get(to).status_code == 200


def test_the_switcher_offers_only_the_levels_with_figures(client, seed_snapshot):
    # The seed has ML Engineer's mid and senior shares, and a job count for all levels.
    page = client.get(reverse("market:detail", args=["ml-engineer", "mid"])).content.decode()
    levels = re.findall(r'<a id="level-(\w+)"[^>]*?( aria-current="page")?>', page)
    assert levels == [("mid", ' aria-current="page"'), ("senior", ""), ("all", "")]


def test_the_switcher_leaves_all_levels_out_for_a_role_without_those_figures(client, seed_snapshot):
    # A published snapshot's figures never change (on PostgreSQL the database refuses it):
    # publish a copy of the seed market without ML Engineer's all-levels row.
    publish_changed(seed_snapshot, "ML Engineer,all,8764,224000,,,\n", "")
    page = client.get(reverse("market:detail", args=["ml-engineer", "mid"])).content.decode()
    assert re.findall(r'<a id="level-(\w+)"', page) == ["mid", "senior"]
    assert client.get("/market/ml-engineer/all/").status_code == 404


@pytest.mark.parametrize("seniority", ["entry", "staff"])
def test_a_level_without_figures_is_404_leading_to_the_roles_page(client, seed_snapshot, seniority):
    response = client.get(reverse("market:detail", args=["ml-engineer", seniority]))
    assert response.status_code == 404
    page = response.content.decode()
    title = {"entry": "Entry", "staff": "Staff / Principal / Lead"}[seniority] + " ML Engineer"
    assert f"The market has no figures for {title}." in _text(page)
    assert '<a href="/market/ml-engineer/mid/">See Mid-level ML Engineer</a>' in page


@pytest.mark.parametrize("seniority", ["senior", "all"])
def test_a_role_without_figures_is_404_leading_to_the_market(client, seed_snapshot, seniority):
    response = client.get(reverse("market:detail", args=["data-scientist", seniority]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "The market has no figures for Data Scientist yet." in _text(page)
    assert '<a href="/market/">Explore the market data</a>' in page


def test_a_page_without_skill_figures_links_the_levels_that_have_them(client, seed_snapshot):
    page = client.get(reverse("market:detail", args=["ml-engineer", "all"])).content.decode()
    assert (
        "This snapshot has no skill figures for ML Engineer, all levels. It has them for"
        " Mid-level ML Engineer and Senior ML Engineer ." in _text(page)  # </a>.
    )
    assert '<a href="/market/ml-engineer/senior/">Senior ML Engineer</a>' in page


def test_index_headline_salary_chart_and_coverage(client, seed_snapshot):
    page = client.get(reverse("market:index")).content.decode()
    assert "2025-10-05" in page and "21,359" in page
    # The analysis's raw source table is provenance for admins, not words for visitors.
    assert "mobius_analytics_engine" not in page and "(seed)" not in page
    assert "Role × level" not in page and "Roles and seniorities measured" in page
    assert ">Mid-level ML Engineer</a>" in page  # titles, not "ML Engineer · Mid"
    assert "<strong>Python</strong> is mentioned in 74.5% of jobs" in page
    # The table's shares count only postings with a role and seniority: it says so.
    assert "The headline above counts all 21,359 postings, so its figure" in page
    chart = _chart(page, "salary-chart")
    assert chart["type"] == "bar"
    labels = chart["data"]["labels"]
    mid = chart["data"]["datasets"][0]["data"]
    assert mid[labels.index("Deep Learning Engineer")] == 205000
    assert "$281,000" in page and "8,764" in page
    assert "Senior Deep Learning Engineer: <strong>179</strong> postings" in page


def test_detail_on_few_postings_shows_intervals_and_tentative_tiers(client, seed_snapshot):
    # Senior MLOps Engineer: 76 postings; Senior ML Engineer: 2,853.
    few = client.get(reverse("market:detail", args=["mlops-engineer", "senior"])).content.decode()
    assert "TensorFlow 93.4% (95% interval 85.5–97.1%) Critical tentative about 71 of 76" in (
        _text(few)
    )
    assert "With only 76 postings, each share carries its 95% interval" in few
    many = client.get(reverse("market:detail", args=["ml-engineer", "senior"])).content.decode()
    assert "interval" not in _text(many).split("Skills employers ask for")[1].split("Priority:")[0]
    assert "tentative</span>" not in many


def test_detail_says_what_to_do_next_to_visitors_and_to_people_logged_in(
    client, seed_snapshot, user
):
    url = reverse("market:detail", args=["ml-engineer", "senior"])
    visitor = _text(client.get(url).content.decode())
    assert "Next: sign up to see how far your skills are from Senior ML Engineer" in visitor
    client.force_login(user)
    page = client.get(url).content.decode()
    assert 'href="/report/ml-engineer/senior/">see how far you are from Senior ML Engineer' in page


def test_comparisons_are_computed_from_data(client, seed_snapshot):
    page = client.get(reverse("market:compare")).content.decode()
    assert "AI/ML Researcher 66.8% 60.5% TensorFlow 86.2% 71.3% TensorFlow" in _read(page)
    assert "LLM/GenAI Engineer 52.6% 68.9% +16.3 pts" in _text(page)
    assert "the largest moves between snapshots appear once a second one is published" in page


def publish_changed(seed_snapshot, old_row: str, new_row: str) -> Snapshot:
    """Publish a copy of the seed market with one export row replaced."""
    text = aggregate_export(seed_snapshot)
    assert old_row in text
    figures = aggregate_read(io.StringIO(text.replace(old_row, new_row)), name="next.csv").figures
    newer = snapshot_create(
        figures=figures, label="Next", source="test", analysis_date=seed_snapshot.analysis_date
    )
    return snapshot_publish(snapshot=newer)


def test_comparisons_follow_the_figures_of_the_current_snapshot(client, seed_snapshot):
    publish_changed(
        seed_snapshot,
        "AI/ML Research,mid,,,TensorFlow,66.8,Critical",
        "AI/ML Research,mid,,,TensorFlow,50.0,Critical",
    )
    text = _read(client.get(reverse("market:compare")).content.decode())
    assert "AI/ML Researcher 50.0% 60.5% PyTorch" in text
    assert "AI/ML Researcher 66.8%" not in text


def test_largest_moves_between_two_snapshots(client, seed_snapshot):
    newer = publish_changed(
        seed_snapshot,
        "ML Engineer,mid,,,PyTorch,56.3,High",
        "ML Engineer,mid,,,PyTorch,70.3,Critical",
    )
    page = client.get(reverse("market:compare")).content.decode()
    assert "ML Engineer Mid-level PyTorch 56.3% 70.3% +14.0 pts" in _text(page)
    assert f"#{newer.pk}" not in page  # snapshots by name and date, not database ids
    fragment = client.get(
        reverse("market:compare"), {"before": seed_snapshot.pk, "after": newer.pk}, headers=HTMX
    ).content.decode()
    assert fragment.lstrip().startswith('<div id="moves">') and "+14.0 pts" in fragment
    assert Snapshot.objects.filter(state="published").count() == 2


def test_switching_role_keeps_the_seniority_or_falls_back_to_a_level_with_figures(
    client, seed_snapshot
):
    senior = client.get(reverse("market:detail", args=["ml-engineer", "senior"])).content.decode()
    assert f'href="{reverse("market:detail", args=["mlops-engineer", "senior"])}"' in senior
    # All levels has a job count but no skill shares: other roles are offered at a level with them.
    every = client.get(reverse("market:detail", args=["ml-engineer", "all"])).content.decode()
    assert f'href="{reverse("market:detail", args=["mlops-engineer", "mid"])}"' in every


def test_comparing_a_snapshot_with_itself_shows_no_moves(client, seed_snapshot):
    publish_changed(
        seed_snapshot,
        "ML Engineer,mid,,,PyTorch,56.3,High",
        "ML Engineer,mid,,,PyTorch,70.3,Critical",
    )
    same = {"before": seed_snapshot.pk, "after": seed_snapshot.pk}
    fragment = client.get(reverse("market:compare"), same, headers=HTMX).content.decode()
    assert "From and To name the same snapshot" in fragment and "+14.0 pts" not in fragment
    assert "only one published snapshot" not in fragment


def test_compare_with_one_snapshot_speaks_of_no_choice_it_does_not_offer(client, seed_snapshot):
    page = _text(client.get(reverse("market:compare")).content.decode())
    assert "From snapshot" not in page and "choices" not in page
    assert (
        "There is only one published snapshot so far: the largest moves between snapshots "
        "appear once a second one is published."
    ) in page


def test_resources_added_by_admins_come_after_the_seeds_under_more(client, seed_snapshot):
    from market.models import LearningResource, Skill

    LearningResource.objects.create(
        skill=Skill.objects.get(slug="python"),
        title="Admin-added Python guide",
        url="https://docs.python.org/3/tutorial/",
        kind=LearningResource.Kind.choices[0][0],
        section="Admin picks",
    )
    text = _text(client.get(reverse("market:resources")).content.decode())
    assert "More: Admin picks Admin-added Python guide" in text
    assert text.index("OpenAI Cookbook") < text.index("More: Admin picks")


def test_trends_are_grouped_emerging_declining_then_stable(client, seed_snapshot):
    from market.models import SkillTrend

    text = _text(client.get(reverse("market:trends")).content.decode())
    labels = [label for _, label in SkillTrend.Direction.choices]
    assert [text.index(label) for label in labels] == sorted(text.index(lb) for lb in labels)


def publish_without(seed_snapshot, seniority: str, role: str | None = None) -> Snapshot:
    """Publish a copy of the seed market without any figure for one seniority (of one role, or
    of every role)."""
    lines = aggregate_export(seed_snapshot).splitlines(keepends=True)
    dropped = [role, seniority] if role else [seniority]
    kept = [line for line in lines if line.split(",")[2 - len(dropped) : 2] != dropped]
    assert len(kept) < len(lines)
    figures = aggregate_read(io.StringIO("".join(kept)), name="mid-only.csv").figures
    snapshot = snapshot_create(
        figures=figures, label="Mid only", source="test", analysis_date=seed_snapshot.analysis_date
    )
    return snapshot_publish(snapshot=snapshot)


def _mid_senior_section(client) -> str:
    page = client.get(reverse("market:compare")).content.decode()
    return re.search(r'<section aria-labelledby="mid-senior">(.*?)</section>', page, re.S)[1]


def test_mid_level_vs_senior_without_senior_figures_says_so_instead_of_an_empty_table(
    client, seed_snapshot
):
    assert "pts</td></tr>" in _mid_senior_section(client)  # the seed has both levels
    publish_without(seed_snapshot, "senior")
    section = _mid_senior_section(client)
    assert "<table" not in section
    assert (
        "No figures to compare for mid-level vs senior in the market figures"
        f" “Mid only (analysed {seed_snapshot.analysis_date:%Y-%m-%d})”: they have no senior"
        " figures." in _text(section)
    )


def _section(client, heading_id: str) -> str:
    page = client.get(reverse("market:compare")).content.decode()
    return re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', page, re.S)[1]


def _columns(row: str) -> int:
    """The columns a table row covers (its cells, each counted over its colspan)."""
    cells = re.findall(r"<t[hd]\b[^>]*>", row)
    return sum(int(re.search(r'colspan="(\d+)"', c)[1]) if "colspan" in c else 1 for c in cells)


def _table_columns(section: str) -> tuple[int, list[int]]:
    """The header row's columns, and each body row's."""
    head = re.search(r"<thead\b[^>]*>(.*?)</thead>", section, re.S)[1]
    body = re.search(r"<tbody\b[^>]*>(.*?)</tbody>", section, re.S)[1]
    rows = re.findall(r"<tr\b[^>]*>(.*?)</tr>", body, re.S)
    return _columns(head), [_columns(row) for row in rows]


def test_tf_vs_pytorch_by_role_has_a_cell_under_every_header(client, seed_snapshot):
    headers, rows = _table_columns(_section(client, "tf-pt-role"))
    assert (headers, rows) == (7, [7] * 6)  # the seed: six roles, mid-level and senior
    publish_without(seed_snapshot, "senior", role="MLOps Engineer")
    section = _section(client, "tf-pt-role")
    headers, rows = _table_columns(section)
    assert (headers, rows) == (7, [7] * 6)
    assert '<th role="rowheader" scope="row">MLOps Engineer</th>' in section
    assert _text(section).count("No senior figures") == 1


def test_tf_vs_pytorch_by_role_without_any_senior_figures_leaves_out_the_senior_columns(
    client, seed_snapshot
):
    publish_without(seed_snapshot, "senior")
    section = _section(client, "tf-pt-role")
    assert _table_columns(section) == (4, [4] * 6)
    assert "(senior)" not in section
    title = f"Mid only (analysed {seed_snapshot.analysis_date:%Y-%m-%d})"
    assert f"Mid-level only: the market figures “{title}” have no senior figures." in _text(section)


@pytest.mark.parametrize("role", [None, "MLOps Engineer"])
def test_the_seed_analysis_is_quoted_only_beside_its_own_figures(client, seed_snapshot, role):
    senior_quote = "Senior: TensorFlow 91.9%, PyTorch 63.8%"
    assert senior_quote in _text(_section(client, "tf-pt-level"))
    page = client.get(reverse("market:compare")).content.decode()
    assert page.count('class="seed-quote"') == 8  # 18 statements from 8 of its sections
    # Another market (without any senior figures, or without MLOps Engineer's): the seed's
    # statements give figures that are not its own (senior ones, where it has none).
    publish_without(seed_snapshot, "senior", role=role)
    page = client.get(reverse("market:compare")).content.decode()
    assert 'class="seed-quote"' not in page
    assert "91.9%" not in _text(_section(client, "tf-pt-level"))
    assert "it is quoted beside the numbers" not in page


@pytest.mark.parametrize(
    ("name", "figure"),
    [
        ("market:trends", "460% growth in job postings"),
        ("market:paths", "Learn TensorFlow first (87.7% adoption)"),
    ],
)
def test_the_seed_analysis_fixed_figures_are_labelled_as_its_own_beside_another_market(
    client, seed_snapshot, name, figure
):
    page = client.get(reverse(name)).content.decode()
    assert figure in page and "seed-origin" not in page  # the seed is the market shown
    seed = f"“{seed_snapshot.label}”, analysed {seed_snapshot.analysis_date:%-d %B %Y}"
    other = publish_without(seed_snapshot, "senior")
    text = _text(client.get(reverse(name)).content.decode()).replace(" ,", ",")  # </time>,
    assert figure in text  # kept: every figure of the seed analysis stays in the app
    title = f"“{other.label} (analysed {other.analysis_date:%Y-%m-%d})”"
    assert (
        f"From the original analysis ({seed}, 21,359 postings). Its figures are that analysis's"
        f" own, not those of the market figures now published, {title}." in text
    )
    assert text.index("From the original analysis") < text.index(figure)


def test_the_overview_says_how_many_postings_are_in_no_role(client, seed_snapshot):
    # 8,764 + 3,384 + 3,809 + 232 + 384 + 492 = 17,065 of 21,359: the roles do not add up.
    text = _text(client.get(reverse("market:index")).content.decode())
    assert (
        "The 6 roles' totals add up to 17,065 of the 21,359 postings: the other 4,294 are counted"
        " under none of them." in text
    )


# "$231K", "$1.2K": the short form the site keeps for its charts' value axes alone.
SHORT_SALARY = re.compile(r"\$\d[\d.]*K\b")


@pytest.mark.parametrize(("name", "kwargs", "expected"), PAGES)
def test_salaries_are_printed_in_full_on_every_market_page(
    client, seed_snapshot, name, kwargs, expected
):
    text = _text(client.get(reverse(name, kwargs=kwargs)).content.decode())
    assert SHORT_SALARY.findall(text) == []


def test_the_career_paths_print_each_salary_in_full_in_heading_and_table(client, seed_snapshot):
    text = _text(client.get(reverse("market:paths")).content.decode())
    # The same figure as on the role's page: Senior LLM/GenAI Engineer, $231,000.
    assert "Mid-Level → Senior ($205,000 → $231,000)" in text
    assert "Mid-Level → Senior $205,000 $231,000 Senior LLM/GenAI Engineer" in text


def test_advice_by_background_links_each_target_by_its_title(client, seed_snapshot):
    text = _text(client.get(reverse("market:paths")).content.decode())
    assert "See what Mid-level ML Engineer postings ask for" in text
    assert "See what Mid-level MLOps Engineer postings ask for" in text
    assert "(mid)" not in text


def test_the_paths_shared_salary_axis_ends_at_the_next_50k_above_the_highest_salary():
    assert salary_axis_max([180000, 285000, None]) == 300000
    assert salary_axis_max([250000]) == 250000
    assert salary_axis_max([None]) is None


def test_advice_by_background_is_headed_by_each_backgrounds_name(client, seed_snapshot):
    page = client.get(reverse("market:paths")).content.decode()
    advice = page[page.index('id="by-background"') :]
    headings = re.findall(r"<h3>(.*?)</h3>", advice)
    # As onboarding names them (Background's labels), not lower-cased ("devops / sre").
    assert headings == [
        "Career switcher",
        "Software engineer",
        "DevOps / SRE",
        "Researcher",
        "Student / other",
    ]


def test_the_timeline_names_an_items_skills_only_where_its_text_does_not(client, seed_snapshot):
    text = _text(client.get(reverse("market:timeline")).content.decode())
    assert "Neural networks (CNNs, RNNs, Transformers) (Deep learning)" in text
    assert "Python (NumPy, Pandas, Matplotlib) SQL (PostgreSQL, BigQuery) Statistics" in text
    for item in ["Feature engineering", "Transfer learning", "Model optimization", "Python"]:
        assert f"{item} ({item})" not in text and f", {item})" not in text


def test_an_all_levels_salary_outside_every_levels_average_says_why_beside_the_table(
    client, seed_snapshot
):
    # The seed's AI Engineer: $225,000 over all levels, $199,000 mid, $213,000 senior. Not an
    # error: 3,384 postings in all, 1,743 + 1,054 in the levels, 587 in neither column.
    page = client.get(reverse("market:index")).content.decode()
    text = _text(page)
    assert (
        "* AI Engineer: the all-levels average ($225,000) is above each level's average because"
        " it also counts postings in no level column here (none stated, or a level this analysis"
        " does not break out): 587 of its 3,384 postings." in text
    )
    assert (
        "* AI/ML Researcher: the all-levels average ($238,000) is below each level's average"
        " because it also counts postings in no level column here (none stated, or a level this"
        " analysis does not break out): 21 of its 492 postings." in text
    )
    assert "$225,000* 3,384 jobs" in text and "$238,000* 492 jobs" in text
    # An all-levels average between the levels' (ML Engineer: $224,000) needs no note.
    assert "$224,000 8,764 jobs" in text and "* ML Engineer:" not in text


def _stat(job_count, avg_salary_usd):
    return RoleLevelStat(job_count=job_count, avg_salary_usd=avg_salary_usd)


def test_an_all_levels_salary_gets_a_note_only_outside_the_levels_and_with_postings_outside_them():
    levels = [_stat(10, 200_000), _stat(5, 210_000)]
    assert all_levels_note(_stat(20, 205_000), levels) is None  # between: no contradiction
    assert all_levels_note(_stat(20, 230_000), levels) == AllLevelsNote(230_000, "above", 5, 20)
    assert all_levels_note(_stat(20, 190_000), levels).direction == "below"
    # Every posting in a level: only rounding can put the average outside; nothing to explain.
    assert all_levels_note(_stat(15, 210_001), levels) is None
    # Job counts unknown: the note stands, without numbers.
    assert all_levels_note(_stat(None, 230_000), levels) == AllLevelsNote(
        230_000, "above", None, None
    )
    assert all_levels_note(_stat(20, 230_000), [None, _stat(5, None)]) is None  # no level's pay


def test_resources_say_which_skill_levels_each_serves_by_name(client, seed_snapshot):
    # Each said "levels 0–3": on the market's pages, where "levels" are Entry to Staff, a
    # reader could not tell it meant the 0-5 skill levels of My skills, or what 0 and 3 are.
    text = _text(client.get(reverse("market:resources")).content.decode())
    assert (
        "SageMaker tutorials · AWS · Official docs / tutorials · "
        "for skill levels None (0) to Working (3)"
    ) in text
    assert "levels 0–3" not in text


def test_a_trend_names_its_skill_after_it_only_when_the_skill_has_another_name(
    client, seed_snapshot
):
    # "Vector Databases — Essential for RAG systems (Vector databases)": the same name again,
    # in other capitals, read as a different thing. The learning timeline already ignores case.
    text = _text(client.get(reverse("market:trends")).content.decode())
    assert "Vector Databases — Essential for RAG systems Prompt Engineering" in text
    assert "(Vector databases)" not in text and "(Prompt engineering)" not in text


def test_the_trends_page_says_what_it_shows_and_where_its_figures_come_from(client, seed_snapshot):
    text = _text(client.get(reverse("market:trends")).content.decode())
    intro = text[text.index("Emerging skills (2025 trends)") :]
    assert intro.startswith(
        "Emerging skills (2025 trends) The skills the original analysis names as growing fast,"
        " declining and stable in 2025, with the figure or reason it gives for each. They are"
        " its own statements, as it printed them, not figures counted from the market's postings."
    )


def test_the_resources_intro_says_what_the_list_is(client, seed_snapshot):
    text = _text(client.get(reverse("market:resources")).content.decode())
    assert (
        "Recommended learning resources Resources for the skills AI/ML postings ask for, each"
        " with its kind (official docs / tutorials, course, certification, book or project /"
        " practice) and the skill levels it suits. The first sections are the original"
        " analysis's own recommendations; the “More” sections are resources Skillgap adds for"
        " other skills."
    ) in text
    assert "official documentation Skillgap adds" not in text
    # Every kind a resource can be is named, read from the model: none left out or gone stale.
    intro = text[text.index("Recommended learning resources") : text.index("The first sections")]
    for label in LearningResource.Kind.labels:
        assert label.lower() in intro.lower()
