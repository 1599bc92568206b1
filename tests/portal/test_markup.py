"""The profiles' tiny markup: paragraphs, lists, links, bold and marks; never raw HTML."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from safepath.portal import markup


def test_paragraphs_lists_and_headings():
    html = markup.render("First line\nsame paragraph\n\n- one\n- two\n\n## Small heading\nAfter")
    assert html == (
        "<p>First line<br>same paragraph</p>\n<ul><li>one</li><li>two</li></ul>\n<h3>Small heading</h3>\n<p>After</p>"
    )


def test_script_and_html_are_shown_as_text():
    html = markup.render('<script>alert(1)</script>\n- <img src=x onerror="alert(2)">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html


def test_links_are_safe():
    html = markup.render("[Consular portal](https://lanhsuvietnam.gov.vn) and https://example.org/a?b=1&c=2.")
    assert '<a href="https://lanhsuvietnam.gov.vn" rel="nofollow noopener noreferrer">Consular portal</a>' in html
    assert (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener noreferrer">https://example.org/a?b=1&amp;c=2</a>.'
        in html
    )
    assert '<a href="tel:111">111</a>' in markup.render("[111](tel:111)")


def test_dangerous_link_schemes_stay_text():
    for url in ["javascript:alert(1)", "data:text/html,<b>x</b>", "JaVaScRiPt:alert(1)", "vbscript:x"]:
        html = markup.render(f"[click]({url})")
        assert "<a " not in html, url
        assert "click" in html
    html = markup.render('[x](https://a.example/"onmouseover="alert(1))')
    assert 'onmouseover="' not in html


def test_bold_and_unverified_mark():
    from django.utils import translation

    text = "Cap **1 month** per 12 months [UNVERIFIED], [chưa kiểm chứng]"
    for lang, mark in (("en", "UNVERIFIED"), ("vi", "CHƯA KIỂM CHỨNG")):  # either spelling, shown in the page's
        with translation.override(lang):
            html = markup.render(text)
        assert "<strong>1 month</strong>" in html
        assert html.count(f'<strong class="unverified">{mark}</strong>') == 2


def test_plain_summary():
    assert markup.plain("- **Bold** [link](https://a.example)\n## Head", 100) == "Bold link Head"
    assert markup.plain("x" * 50, 10) == "x" * 9 + "…"


@given(st.text(max_size=300))
def test_no_tag_ever_comes_from_the_text(text):
    html = str(markup.render(text))
    # Every tag in the output is one of ours.
    import re

    for tag in re.findall(r"<\s*/?\s*([a-zA-Z0-9]+)", html):
        assert tag in {"p", "br", "ul", "li", "h3", "a", "strong"}, (text, html)
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.lower().startswith(("http://", "https://", "mailto:", "tel:")), (text, html)


@given(st.text(alphabet="[]()<>\"'&:/ajvscriptJS *-#\n", max_size=80))
def test_nothing_unescaped_from_markup_characters(text):
    import re

    html = str(markup.render(text))
    stripped = re.sub(
        r"</?(p|br|ul|li|h3|strong)( class=\"unverified\")?>|<a href=\"[^\"]*\"( rel=\"[^\"]*\")?>|</a>", "", html
    )
    assert "<" not in stripped and ">" not in stripped, (text, html)
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.lower().startswith(("http://", "https://", "mailto:", "tel:")), (text, html)


def test_an_unverified_mark_may_say_what_is_unverified():
    from django.utils import translation

    with translation.override("en"):
        html = markup.render("Minimum wage [UNVERIFIED: current amount] and fee [UNVERIFIED:   ].")
    assert '<strong class="unverified">UNVERIFIED</strong> (current amount)' in html
    assert html.count('class="unverified"') == 2 and "[" not in html
    with translation.override("en"):
        hostile = markup.render("[UNVERIFIED: <script>x</script>]")
    assert "<script>" not in hostile and "&lt;script&gt;" in hostile
