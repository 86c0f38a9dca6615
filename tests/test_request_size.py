"""A body larger than the site takes is refused before anything reads it. Django limits form
fields, not files, and the CSRF check reads every POST's whole body before the view runs: a
multipart body of any size was written to disk, from anyone holding a CSRF cookie."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client

pytestmark = pytest.mark.django_db

received: list[int] = []


class RecordingUploadHandler(FileUploadHandler):
    """Counts the bytes of uploaded files Django reads (and keeps none)."""

    def receive_data_chunk(self, raw_data, start):
        received.append(len(raw_data))

    def file_complete(self, file_size):
        return None


@pytest.fixture
def browser(settings):
    """A client that posts as a browser does: with its CSRF cookie and token, checked."""
    settings.FILE_UPLOAD_HANDLERS = [f"{__name__}.RecordingUploadHandler"]
    received.clear()
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    return client


def big_file(extra: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("big.bin", b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + extra))


@pytest.mark.parametrize("path", ["/accounts/login/", "/skills/suggest/", "/no-such-page/"])
def test_a_file_larger_than_the_site_takes_is_refused_unread_with_the_page_naming_the_limit(
    browser, path
):
    response = browser.post(path, {"csrfmiddlewaretoken": "a" * 32, "file": big_file(1)})
    assert response.status_code == 400
    assert "What you sent is larger than 5 MB" in response.content.decode()
    assert received == []  # not one byte of the file read


def test_a_small_file_is_read_as_before(browser):
    small = SimpleUploadedFile("small.bin", b"x" * 1000)
    response = browser.post("/accounts/login/", {"csrfmiddlewaretoken": "a" * 32, "file": small})
    assert response.status_code == 400  # the log-in form again, rejected (no username)
    assert b'id="id_username"' in response.content
    assert sum(received) == 1000


def test_the_admin_upload_page_takes_files_up_to_its_own_limit(browser, settings, make_user):
    settings.MARKET_UPLOAD_MAX_BYTES = 8 * 1024 * 1024  # above the 5 MB of other pages
    browser.force_login(make_user("staff", is_staff=True, is_superuser=True))

    def body():
        return {"csrfmiddlewaretoken": "a" * 32, "file": big_file(1), "format": "auto"}

    response = browser.post("/admin/market/snapshot/refresh/", body())
    assert response.status_code == 200  # the form's own answer about the file
    assert sum(received) == settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    received.clear()
    settings.MARKET_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    response = browser.post("/admin/market/snapshot/refresh/", body())
    assert response.status_code == 302 and received == []
    page = browser.get(response["Location"]).content.decode()
    assert "uploads are limited to 2.0 MB" in page


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_the_upload_pages_larger_limit_is_for_staff_only(browser, settings, make_user, who):
    # Before: anyone could send a body up to the upload limit (50 MB) to the admin's upload
    # page, and the CSRF check read all of it (to disk) before the admin turned them away.
    settings.MARKET_UPLOAD_MAX_BYTES = 8 * 1024 * 1024
    if who == "member":
        browser.force_login(make_user("ada"))
    body = {"csrfmiddlewaretoken": "a" * 32, "file": big_file(1), "format": "auto"}
    response = browser.post("/admin/market/snapshot/refresh/", body)
    assert response.status_code == 400
    assert "What you sent is larger than 5 MB" in response.content.decode()
    assert received == []
