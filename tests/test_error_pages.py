"""The pages Django shows when something is missing or broken are the site's own: with debug
off, a wrong address or a server error kept the person on a bare, unstyled page with no way on."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/no-such-page/", "/market/no-such-role/mid/"])
def test_a_missing_page_is_a_site_page_with_its_navigation(client, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found · Skillgap</title>" in html
    assert "<h1>Page not found</h1>" in html
    assert '<nav aria-label="Main"' in html
    assert '<a href="/market/">explore the market data</a>' in html


def test_a_server_error_page_is_styled_and_leads_home():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "<title>Something went wrong · Skillgap</title>" in html
    assert 'rel="stylesheet" href="/static/css/site.css"' in html
    assert '<a href="/">Go to the home page</a>' in html
