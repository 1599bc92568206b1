"""The public pages: both languages, no cookies ever, small pages, cached pages, visit counts, bad input."""

from __future__ import annotations

import itertools
import re

import pytest
from django.test import Client
from django.urls import reverse

from safepath.audit.models import AccessEvent
from safepath.portal import services
from safepath.portal.demo import load_demo
from safepath.portal.models import PageView
from tests.portal.conftest import JAPAN_TEXT

pytestmark = pytest.mark.django_db

PAGES = ["home", "countries", "checklist", "recruiter_check", "fee_check", "offer_check", "help"]


def _urls(lang: str) -> list[str]:
    return [reverse(f"portal:{name}", kwargs={"lang": lang}) for name in PAGES] + [
        reverse("portal:country", kwargs={"lang": lang, "slug": "jp"})
    ]


@pytest.fixture
def demo(writer, supervisor):
    import datetime as dt
    import random

    load_demo(
        agencies={}, users={"outreach": writer, "supervisor": supervisor}, today=dt.date.today(), rng=random.Random(1)
    )


def _no_cookie(response) -> None:
    assert not response.cookies, (response.request["PATH_INFO"], response.cookies)
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_in_both_languages_with_its_twin(client, japan, lang):
    other = "en" if lang == "vi" else "vi"
    for url in _urls(lang):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{lang}">' in html
        assert response["Content-Language"] == lang
        twin = url.replace(f"/portal/{lang}/", f"/portal/{other}/")
        assert f'href="{twin}" lang="{other}" hreflang="{other}"' in html, url
        assert '<a class="skip" href="#main">' in html and '<main id="main"' in html
        assert "<script" not in html, "the public pages carry no JavaScript"
        headings = [int(h) for h in re.findall(r"<h([1-6])", html)]
        assert headings[0] == 1 and headings.count(1) == 1, url
        assert all(b - a <= 1 for a, b in itertools.pairwise(headings)), (url, headings)


def test_profile_shows_the_text_of_its_language(client, japan):
    vi = client.get("/portal/vi/countries/jp/").content.decode()
    en = client.get("/portal/en/countries/jp/").content.decode()
    assert "Thực tập sinh kỹ năng" in vi and "Technical intern training" not in vi
    assert "Technical intern training" in en and "Thực tập sinh kỹ năng" not in en
    assert 'class="unverified"' in vi


def test_root_redirects_to_vietnamese(client):
    response = client.get("/portal/")
    assert response.status_code == 302 and response["Location"] == "/portal/vi/"
    _no_cookie(response)


def test_unknown_pages_get_the_portals_own_404(client, japan):
    for url in [
        "/portal/vi/nowhere/",
        "/portal/en/countries/zz/",
        "/portal/vi/warnings/jp/",
        "/portal/fr/",
        "/portal/x",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert b'<link rel="stylesheet" href="/static/portal/portal.css">' in response.content
        _no_cookie(response)
    assert client.get("/portal/en/nowhere/").content.decode().startswith('<!DOCTYPE html>\n<html lang="en">')
    response = client.get("/portal/vi/countries")
    assert response.status_code == 302 and response["Location"] == "/portal/vi/countries/"


def test_a_draft_is_not_public(client, writer):
    services.profile_create(actor=writer, kind="country", country_id="KR")
    assert client.get("/portal/vi/countries/kr/").status_code == 404


def test_no_cookie_is_ever_set(client, japan, writer, agency, settings):
    """GET and POST, valid and invalid, errors, for strangers and for a logged-in member of staff whose
    browser sends a session, a language and a broken CSRF cookie."""
    staff = Client()
    staff.force_login(writer)
    staff.cookies["csrftoken"] = "broken!"
    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    origin = {"HTTP_ORIGIN": "http://testserver"}
    for c in (client, staff):
        for lang in ("vi", "en"):
            for url in _urls(lang):
                _no_cookie(c.get(url))
                _no_cookie(c.head(url))
            _no_cookie(c.get(f"/portal/{lang}/recruiter/", {"q": "Công ty ABC"}))
            _no_cookie(c.get(f"/portal/{lang}/fees/", {"destination": "JP", "fee_asked": "abc"}))
            _no_cookie(c.get(f"/portal/{lang}/nowhere/"))
            _no_cookie(c.post(f"/portal/{lang}/countries/"))  # 405
            _no_cookie(c.post(f"/portal/{lang}/help/", {"what_happened": ""}, **origin))  # 400
            _no_cookie(c.post(f"/portal/{lang}/help/", {"what_happened": "x"}))  # 403: no origin
            _no_cookie(c.post(f"/portal/{lang}/help/", {"what_happened": "x", "website": "spam"}, **origin))
            _no_cookie(
                c.post(
                    f"/portal/{lang}/help/",
                    {"what_happened": "Tôi cần tư vấn", "contact_method": "none"},
                    **origin,
                )
            )
            _no_cookie(c.post(f"/portal/{lang}/job-offer/", {"text": "Việc nhẹ lương cao"}, **origin))
        _no_cookie(c.get("/portal/"))
    # The member of staff is still logged in: the portal neither renewed nor deleted the session.
    assert staff.get("/portal/staff/profiles/").status_code == 200


def test_a_logged_in_visitor_is_not_recognised(client, japan, writer):
    client.force_login(writer)
    html = client.get("/portal/vi/").content.decode()
    assert writer.username not in html and "csrfmiddlewaretoken" not in html


def test_page_weights(client, demo):
    """First visit (HTML + CSS) at most 300 KB, any later page (HTML) at most 50 KB, uncompressed."""
    css = client.get("/static/portal/portal.css")
    assert css.status_code == 200
    css_bytes = len(b"".join(css.streaming_content)) if css.streaming else len(css.content)
    assert css_bytes < 8 * 1024
    biggest = 0
    for lang in ("vi", "en"):
        home = client.get(f"/portal/{lang}/")
        assert len(home.content) + css_bytes <= 300 * 1024
        urls = (
            _urls(lang)
            + [f"/portal/{lang}/countries/{c}/" for c in ("kr", "tw", "my", "sa", "ae", "de")]
            + [f"/portal/{lang}/warnings/scam-compounds/"]
        )
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert len(response.content) <= 50 * 1024, (url, len(response.content))
            assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', response.content.decode()) == [
                "/static/portal/portal.css"
            ]
            biggest = max(biggest, len(response.content))
    assert biggest > 5000  # the demo profiles really were measured


def test_pages_are_cached_and_publishing_shows_the_new_text_at_once(client, japan, writer, supervisor):
    first = client.get("/portal/vi/countries/jp/")
    assert first["X-Portal-Cache"] == "miss"
    again = client.get("/portal/vi/countries/jp/")
    assert again["X-Portal-Cache"] == "hit" and again.content == first.content
    assert client.get("/portal/en/countries/jp/")["X-Portal-Cache"] == "miss"  # the language is in the key
    home = client.get("/portal/vi/")
    draft = services.draft_open(actor=writer, profile=japan)
    draft = services.draft_save(
        actor=writer,
        version=draft,
        data={**JAPAN_TEXT, "summary_vi": "Nội dung mới đã xuất bản"},
        revision=draft.revision,
    )
    services.draft_submit(actor=writer, version=draft)
    # Not yet published: the cached page stays.
    assert "Nội dung mới" not in client.get("/portal/vi/countries/jp/").content.decode()
    services.version_publish(actor=supervisor, version=draft)
    page = client.get("/portal/vi/countries/jp/")
    assert page["X-Portal-Cache"] == "miss" and "Nội dung mới đã xuất bản" in page.content.decode()
    assert client.get("/portal/vi/")["X-Portal-Cache"] == "miss" and home.status_code == 200


def test_publishing_invalidates_after_commit_too(client, japan, writer, supervisor, django_capture_on_commit_callbacks):
    from safepath.portal.protect import portal_cache

    client.get("/portal/vi/countries/jp/")
    draft = services.draft_open(actor=writer, profile=japan)
    services.draft_submit(actor=writer, version=draft)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.version_publish(actor=supervisor, version=draft)
    portal_cache().set(services.CONTENT_VERSION_KEY, 0, 60)  # a stale value read in between
    for callback in callbacks:
        callback()
    assert portal_cache().get(services.CONTENT_VERSION_KEY) is None


def test_views_are_counted_without_anything_about_the_visitor(client, japan):
    events = AccessEvent.objects.count()
    client.get("/portal/vi/", HTTP_USER_AGENT="Mozilla/5.0 Nokia", REMOTE_ADDR="203.0.113.7")
    client.get("/portal/vi/")
    client.get("/portal/en/countries/jp/")
    client.get("/portal/vi/nowhere/")  # a 404 is not a view
    client.head("/portal/vi/")  # nor a HEAD
    counts = {(v.page, v.lang): v.count for v in PageView.objects.all()}
    assert counts == {("home", "vi"): 2, ("country:jp", "en"): 1}
    fields = {f.name for f in PageView._meta.get_fields()}
    assert fields == {"id", "page", "day", "lang", "count"}
    assert AccessEvent.objects.count() == events  # reading public pages writes no access-log entry


def test_a_cached_page_is_served_and_counted_without_a_query(client, japan, settings, django_assert_num_queries):
    """The hot path: a page from the cache, its view added up in the process (written every few seconds)."""
    settings.SAFEPATH_PORTAL_VISIT_FLUSH_SECONDS = 60
    services.page_views_flush()
    client.get("/portal/vi/countries/jp/")
    with django_assert_num_queries(0):
        assert client.get("/portal/vi/countries/jp/")["X-Portal-Cache"] == "hit"
    services.page_views_flush()
    assert PageView.objects.get(page="country:jp", lang="vi").count == 2


NASTY = ["\x00", "<script>alert(1)</script>", "9" * 5000, "%", "../../etc/passwd", "\u202e", "NaN", "-1", "1e999"]


@pytest.mark.parametrize("value", NASTY)
def test_nasty_input_never_breaks_a_page(client, japan, value):
    origin = {"HTTP_ORIGIN": "http://testserver"}
    fee_fields = [
        "destination",
        "programme",
        "contract_months",
        "monthly_salary",
        "currency",
        "fee_asked",
        "fee_currency",
    ]
    for response in [
        client.get("/portal/vi/recruiter/", {"q": value}),
        client.get("/portal/vi/fees/", dict.fromkeys(fee_fields, value)),
        client.get("/portal/en/countries/jp/", {"x": value}),
        client.post(
            "/portal/vi/help/",
            dict.fromkeys(
                [
                    "what_happened",
                    "contact_method",
                    "contact",
                    "name",
                    "province",
                    "agency",
                    "offer_text",
                    "consent",
                    "danger",
                ],
                value,
            ),
            **origin,
        ),
        client.post("/portal/vi/job-offer/", {"text": value, "q_x": value}, **origin),
    ]:
        assert response.status_code < 500
        assert b"<script>alert(1)</script>" not in response.content


def _luminance(colour: str) -> float:
    hex_colour = colour if len(colour) == 7 else "#" + "".join(ch * 2 for ch in colour[1:])
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_the_stylesheet_keeps_aa_contrast_and_a_visible_focus():
    from django.contrib.staticfiles import finders

    with open(finders.find("portal/portal.css"), encoding="utf-8") as fh:
        css = fh.read()
    # (text, background) pairs as the stylesheet writes them: body, links, header, alerts, notes, marks, hints.
    pairs = [
        ("#1b1b1b", "#fff"),
        ("#0b5563", "#fff"),
        ("#0b5563", "#eef6f7"),
        ("#fff", "#0b5563"),
        ("#a4161a", "#fdecea"),
        ("#1b1b1b", "#fff4ce"),
        ("#1b1b1b", "#e8f5ec"),
        ("#fff", "#7a4b00"),
        ("#555", "#fff"),
        ("#555", "#f4f7f8"),
        ("#1e6b34", "#fff"),
    ]
    for fg, bg in pairs:
        assert fg in css and bg in css, (fg, bg)
        hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
        assert (hi + 0.05) / (lo + 0.05) >= 4.5, (fg, bg)
    assert ":focus-visible{outline:3px solid" in css
    assert "font-family" not in css.replace("font:1rem/1.55 system-ui", "")  # system fonts only
    assert "@import" not in css and "url(" not in css  # nothing else to download


def test_staff_who_must_set_up_two_factor_read_the_public_pages_without_a_cookie(client, japan, writer, settings):
    """The public pages are the same for everyone: no two-factor detour, and no cookie renewed, even for a
    signed-in member of staff; their staff pages still send them to set up two-factor login."""
    settings.SAFEPATH_MFA_REQUIRED_ROLES = ["outreach_officer"]
    client.force_login(writer)
    response = client.get("/portal/vi/")
    assert response.status_code == 200 and not response.cookies
    staff_page = client.get("/portal/staff/profiles/")
    assert staff_page.status_code == 302 and staff_page.url == reverse("mfa_activate_totp")


def test_the_middleware_drops_any_cookie_set_on_a_public_page(rf):
    from django.http import HttpResponse

    from safepath.portal.middleware import PublicPortalNoCookiesMiddleware

    def sets_cookies(request):
        response = HttpResponse("x")
        response.set_cookie("sessionid", "abc")
        return response

    middleware = PublicPortalNoCookiesMiddleware(sets_cookies)
    assert not middleware(rf.get("/portal/vi/")).cookies
    assert middleware(rf.get("/portal/staff/profiles/")).cookies  # staff pages keep their session
