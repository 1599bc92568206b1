"""A tiny, safe markup for the profiles' text: staff write plain text, never HTML.

* A blank line separates paragraphs; a single line break stays a line break.
* Lines starting with "- " make a bulleted list.
* A line starting with "## " is a small heading inside the section (rendered as <h3>).
* [text](https://example.org) is a link; a bare https://... address becomes a link too.
  Only http, https, mailto and tel addresses become links; anything else stays text.
* **text** is shown in bold.
* [UNVERIFIED] (or [CHƯA KIỂM CHỨNG]) is shown as a visible mark on a figure that was not checked;
  [UNVERIFIED: what] adds what is unverified after the mark.

Every character the writer typed is escaped: "<script>" is shown as the text "<script>".
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

_LINK = re.compile(r"\[([^\[\]\n]{1,200})\]\(([^()\s]{1,500})\)|(?<![\w/])(https?://[^\s<>()\"']{3,500})")
_BOLD = re.compile(r"\*\*([^*\n]{1,300})\*\*")
# [UNVERIFIED], or with what is unverified: [UNVERIFIED: current amount] (the detail is already escaped).
_UNVERIFIED = re.compile(r"\[(?:UNVERIFIED|CHƯA KIỂM CHỨNG)(?::\s*([^\]\[]{1,200}?))?\s*\]", re.IGNORECASE)
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")
_TRAILING = ".,;:!?"
MAX_INPUT = 40_000


def _href(url: str) -> str | None:
    url = url.strip()
    lowered = url.lower()
    if not lowered.startswith(_SAFE_SCHEMES):
        return None
    if any(ch in url for ch in "\"'<>` \\") or any(ord(ch) < 32 for ch in url):
        return None
    if lowered.startswith("tel:") and not re.fullmatch(r"tel:\+?[0-9\-. ()]{2,30}", lowered):
        return None
    return url


def _anchor(href: str, text: str) -> str:
    external = href.lower().startswith(("http://", "https://"))
    rel = ' rel="nofollow noopener noreferrer"' if external else ""
    return f'<a href="{escape(href)}"{rel}>{escape(text)}</a>'


def _marks(escaped: str) -> str:
    """Bold and UNVERIFIED marks over text that is already escaped (escaping never makes * or [ ])."""
    escaped = _BOLD.sub(r"<strong>\1</strong>", escaped)
    label = escape(_("UNVERIFIED"))

    def mark(m: re.Match[str]) -> str:
        detail = f" ({m.group(1).strip()})" if m.group(1) and m.group(1).strip() else ""
        return f'<strong class="unverified">{label}</strong>{detail}'

    return _UNVERIFIED.sub(mark, escaped)


def inline(text: str) -> str:
    """One line: links, bold and marks; everything else escaped."""
    out: list[str] = []
    pos = 0
    for m in _LINK.finditer(text):
        out.append(_marks(escape(text[pos : m.start()])))
        if m.group(3):  # a bare address: leave trailing punctuation outside the link
            url = m.group(3)
            tail = ""
            while url and url[-1] in _TRAILING:
                tail = url[-1] + tail
                url = url[:-1]
            href = _href(url)
            out.append(_anchor(href, url) if href else escape(url))
            out.append(escape(tail))
        else:
            label, url = m.group(1), m.group(2)
            href = _href(url)
            out.append(_anchor(href, label) if href else _marks(escape(m.group(0))))
        pos = m.end()
    out.append(_marks(escape(text[pos:])))
    return "".join(out)


def render(text: str) -> SafeString:
    """The HTML of a section's text. Safe to put in a page as it is."""
    text = (text or "")[:MAX_INPUT].replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    blocks: list[str] = []
    para: list[str] = []
    items: list[str] = []

    def flush_para() -> None:
        if para:
            blocks.append("<p>" + "<br>".join(inline(line) for line in para) + "</p>")
            para.clear()

    def flush_list() -> None:
        if items:
            blocks.append("<ul>" + "".join(f"<li>{inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            flush_para()
            flush_list()
        elif line.startswith(("- ", "* ", "• ")):
            flush_para()
            items.append(line[2:].strip())
        elif line.startswith("## ") and len(line) > 3:
            flush_para()
            flush_list()
            blocks.append(f"<h3>{inline(line[3:].strip())}</h3>")
        else:
            flush_list()
            para.append(line)
    flush_para()
    flush_list()
    return mark_safe("\n".join(blocks))  # noqa: S308 (every piece above is escaped)


def plain(text: str, limit: int = 300) -> str:
    """The text without its markup, shortened: for a summary line."""
    text = _LINK.sub(lambda m: m.group(1) or m.group(3) or "", text or "")
    text = _BOLD.sub(r"\1", text)
    text = re.sub(r"^\s*(- |\* |• |## )", "", text, flags=re.MULTILINE)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
