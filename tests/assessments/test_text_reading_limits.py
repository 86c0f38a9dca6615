"""How much pasted text a person and a network may have read for skills an hour
(accounts/throttling.py: PASTE_CHARACTERS_PER_PERSON, PASTE_CHARACTERS_PER_ADDRESS), on the
pages that read it: the skills paste, saving a job ad and reading a saved one again."""

import dataclasses

import pytest

from accounts import throttling
from assessments.models import JobAd, Plan
from assessments.services.plans import plan_build
from market.ingestion.matching import SkillMatcher
from tests.assessments.test_ad_rereading import as_read_before_0010, kinds

pytestmark = pytest.mark.django_db

CV = "Backend developer: Python and PostgreSQL daily; Docker and Kubernetes in production."
AD = "Senior ML Engineer\nRequirements: Python and Docker; Kafka is a plus."
PAUSED = "so reading text is paused for you for 1 hour"
NETWORK_PAUSED = "so reading text from it is paused for 1 hour"
HOME = "192.0.2.10"
ELSEWHERE = "198.51.100.20"


@pytest.fixture
def allowance(monkeypatch):
    """Sets the hourly allowances (characters) to what a test can reach in a few requests."""

    def set_to(*, person: int, address: int = 10**9) -> None:
        for name, allowed in [
            ("PASTE_CHARACTERS_PER_PERSON", person),
            ("PASTE_CHARACTERS_PER_ADDRESS", address),
        ]:
            limit = dataclasses.replace(getattr(throttling, name), allowed=allowed)
            monkeypatch.setattr(throttling, name, limit)

    return set_to


@pytest.fixture
def texts_read(monkeypatch):
    """How many texts the matcher has read (each paste or ad passage is one or more)."""
    calls = []
    find_mentions = SkillMatcher.find_mentions

    def counted(self, text):
        calls.append(len(text))
        return find_mentions(self, text)

    monkeypatch.setattr(SkillMatcher, "find_mentions", counted)
    return calls


def paste(client, text=CV, *, address=HOME, **headers):
    return client.post("/skills/suggest/", {"text": text}, REMOTE_ADDR=address, headers=headers)


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["page", "htmx"])
def test_pastes_past_the_hourly_allowance_answer_429_unread_with_the_text_kept(
    user_client, market, allowance, texts_read, headers
):
    allowance(person=3 * len(CV))
    for _ in range(3):
        assert paste(user_client, **headers).status_code == 200
    read = len(texts_read)
    refused = paste(user_client, **headers)
    assert refused.status_code == 429
    assert 3500 < int(refused["Retry-After"]) <= 3600
    html = refused.content.decode()
    assert PAUSED in html and "Nothing was read or saved; try again then." in html
    assert ("<html" in html) is not bool(headers)  # htmx gets the paste box alone
    assert f">\n{CV}</textarea>" in html  # as typed
    assert "Found " not in html
    assert len(texts_read) == read  # not read at all
    assert paste(user_client, "Python").status_code == 429  # paused, however short


def test_the_allowance_counts_characters_not_requests(user_client, market, allowance):
    allowance(person=len(CV) + 10)
    assert paste(user_client, "Python").status_code == 200
    assert paste(user_client, "Docker").status_code == 200
    assert paste(user_client).status_code == 429  # 12 + 83 characters > 93


def test_a_rejected_paste_uses_none_of_the_allowance(user_client, market, allowance):
    allowance(person=len(CV))
    for _ in range(3):
        assert paste(user_client, "x" * 50_001).status_code == 400
    assert paste(user_client).status_code == 200


def test_one_person_paused_does_not_pause_another_on_another_network(
    client, user, other_user, market, allowance
):
    allowance(person=len(CV))
    client.force_login(user)
    paste(client)
    assert paste(client).status_code == 429
    client.force_login(other_user)
    assert paste(client, address=ELSEWHERE).status_code == 200


def test_a_network_past_its_allowance_is_paused_for_everyone_on_it(
    client, user, other_user, market, allowance
):
    allowance(person=10 * len(CV), address=2 * len(CV))
    client.force_login(user)
    paste(client)
    paste(client)
    client.force_login(other_user)
    refused = paste(client)
    assert refused.status_code == 429 and NETWORK_PAUSED in refused.content.decode()
    assert paste(client, address=ELSEWHERE).status_code == 200


def test_job_ads_past_the_allowance_answer_429_unsaved_with_title_and_text_kept(
    user_client, user, market, allowance, texts_read
):
    allowance(person=len(AD))
    post = {"title": "ML Engineer, Berlin", "text": AD}
    assert user_client.post("/report/ads/", post, REMOTE_ADDR=HOME).status_code == 302
    read = len(texts_read)
    refused = user_client.post("/report/ads/", post, REMOTE_ADDR=HOME)
    assert refused.status_code == 429 and "Retry-After" in refused
    html = refused.content.decode()
    assert PAUSED in html
    assert 'value="ML Engineer, Berlin"' in html and f">\n{AD}</textarea>" in html
    assert len(texts_read) == read
    assert JobAd.objects.filter(user=user).count() == 1


def test_reading_a_saved_ad_again_counts_its_text_and_is_refused_past_the_allowance(
    user_client, user, market, allowance, texts_read
):
    allowance(person=2 * len(AD))
    user_client.post("/report/ads/", {"text": AD}, REMOTE_ADDR=HOME)
    ad = JobAd.objects.get(user=user)
    reread = f"/report/ads/{ad.pk}/reread/"
    assert user_client.post(reread, REMOTE_ADDR=HOME).status_code == 302
    read = len(texts_read)
    refused = user_client.post(reread, REMOTE_ADDR=HOME)
    # Before: a 302 back to the ad, the reason in a flash message; now 429 like the others.
    assert refused.status_code == 429 and "Retry-After" in refused
    assert PAUSED in refused.content.decode()
    assert len(texts_read) == read


def test_reading_again_past_the_allowance_answers_429_at_the_button_with_nothing_changed(
    user_client, user, market, allowance, target
):
    target(user, role="ML Engineer", seniority="mid")
    user_client.post("/report/ads/", {"text": AD}, REMOTE_ADDR=HOME)
    ad = JobAd.objects.get(user=user)
    plan_build(user=user, job_ad=ad)
    as_read_before_0010(ad)
    before = (kinds(ad), list(Plan.objects.get(user=user).items.values_list("pk", "to_level")))
    allowance(person=len(AD) - 1)
    refused = user_client.post(f"/report/ads/{ad.pk}/reread/", REMOTE_ADDR=HOME)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    html = refused.content.decode()
    section = html[html.index('<h2 id="reread-title">') : html.index("</section>")]
    message = section.index('<p class="request-error" id="reread-refusal" role="alert"')
    assert PAUSED in section[message:]
    assert message < section.index('aria-describedby="reread-refusal">Read it again')
    after = (kinds(ad), list(Plan.objects.get(user=user).items.values_list("pk", "to_level")))
    assert after == before
