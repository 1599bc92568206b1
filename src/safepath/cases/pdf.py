"""The case file as a PDF: the case, its person and everything recorded on it, for printing or handing over.

Opening the case goes through `access_case_by_id(purpose="pdf")`, so the policy decides (404 for
missing and forbidden alike) and the access log records an export of the case and its person.

WeasyPrint renders `cases/pdf/case_file.html`. The fonts are bundled static files (Be Vietnam Pro,
`static/vendor/fonts/be-vietnam-pro/`), so every machine prints the same PDF with correct
Vietnamese diacritics. The document's base URL is a placeholder host under `.invalid`: the URL
fetcher serves static files under it from the staticfiles finders (no collectstatic, no server
needed) and refuses every other URL, so rendering never touches the network or other files.
"""

from __future__ import annotations

import mimetypes
import posixpath
import re
from typing import Any
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from safepath.cases import choices
from safepath.cases.selectors import access_case_by_id, case_content, case_timeline

TEMPLATE = "cases/pdf/case_file.html"
# Relative URLs in the template (the @font-face sources) resolve against this; see StaticFetcher.
STATIC_BASE = "https://static.safepath.invalid/"
FONT_DIR = "vendor/fonts/be-vietnam-pro"
# fontsource ships Be Vietnam Pro as subset files that all carry the same font name. WeasyPrint
# embeds one PDF font per family and style, so two subsets under one family would share glyph ids
# and print wrong letters: each subset gets its own family, and the font stack falls from the Latin
# subset (ASCII, Latin-1, punctuation) to the Vietnamese one (ă đ ĩ ũ ơ ư and the stacked letters).
FONT_SUBSETS = {"latin": "Be Vietnam Pro Latin", "vietnamese": "Be Vietnam Pro Vietnamese"}
FONT_STACK = ", ".join(f'"{family}"' for family in FONT_SUBSETS.values()) + ", sans-serif"
FONT_STYLES = [(400, "normal"), (400, "italic"), (700, "normal")]
FONT_FACES = [
    {"family": family, "weight": weight, "style": style, "path": f"{FONT_DIR}/be-vietnam-pro-{subset}-{weight}-{style}"}
    for weight, style in FONT_STYLES
    for subset, family in FONT_SUBSETS.items()
]


class StaticFetcher(URLFetcher):
    """Serves STATIC_BASE + path from the static files; refuses anything else."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        base = urlsplit(STATIC_BASE)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            raise ValueError(f"The case file PDF loads only bundled static files, not {url!r}.")
        name = posixpath.normpath(unquote(parts.path).lstrip("/"))
        if name.startswith((".", "/")):
            raise ValueError(f"Not a static file: {url!r}.")
        path = finders.find(name)
        if path is None and staticfiles_storage.exists(name):
            path = staticfiles_storage.path(name)
        if path is None:
            raise ValueError(f"Static file not found: {name!r}.")
        with open(path, "rb") as fh:
            body = fh.read()
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def _css_string(text: str) -> str:
    """A CSS string literal; `<` escaped too, so it can never close the <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ").replace("<", "\\3c ")
    return f'"{escaped}"'


def _page_counter_css() -> SafeString:
    """The `content` value of the page number box, from one translatable sentence (any word order)."""
    sentence = _("Page %(page)s of %(pages)s")
    tokens = []
    for part in re.split(r"(%\(pages?\)s)", sentence):
        if part == "%(page)s":
            tokens.append("counter(page)")
        elif part == "%(pages)s":
            tokens.append("counter(pages)")
        elif part:
            tokens.append(_css_string(part))
    return mark_safe(" ".join(tokens))  # noqa: S308 - built only from escaped CSS strings and counters


def _labels(codes: list[str] | None, enum: Any) -> list[str]:
    return [str(enum(code).label) if code in enum.values else code for code in codes or []]


def _context(*, user: Any, case: Any) -> dict[str, Any]:
    content = case_content(case=case)
    today = timezone.localdate()
    consents = content["consents"]
    return {
        "case": case,
        "person": case.person,
        "facts": [
            (_("Types of exploitation"), _labels(case.exploitation_types, choices.ExploitationType)),
            (_("Means of control"), _labels(case.means_of_control, choices.MeansOfControl)),
            (_("How the person was recruited"), _labels(case.recruitment_methods, choices.RecruitmentMethod)),
            (_("Apps and websites used to recruit"), _labels(case.recruitment_apps, choices.RecruitmentApp)),
        ],
        "active_consents": [c for c in consents if c.is_active_on(today)],
        "inactive_consents": [c for c in consents if not c.is_active_on(today)],
        "tasks": content["tasks"],
        "notes": content["notes"],
        "attachments": content["attachments"],
        "recruiter_contacts": content["recruiter_contacts"],
        "transit_countries": content["transit_countries"],
        # Counselling notes only for those who may read consultations (shelter staff read cases, not these).
        "consultations": [c for c in content["consultations"] if user.has_perm("cases.view_consultation", c)],
        "timeline": case_timeline(case=case, content=content),
        "today": today,
        "printed_by": user.get_username(),
        "printed_at": timezone.localtime(),
    }


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Any SafePath document as a PDF with the bundled fonts, fetching nothing but static files."""
    html = render_to_string(
        template,
        {
            "page_counter_css": _page_counter_css(),
            "font_faces": FONT_FACES,
            "font_stack": mark_safe(FONT_STACK),  # noqa: S308 - a constant
            "language": get_language() or "vi",
            **context,
        },
    )
    document = HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticFetcher())
    return bytes(document.write_pdf(font_config=FontConfiguration()))


def case_file_pdf(*, user: Any, case_id: Any) -> tuple[str, bytes]:
    """The file name (the case number) and the PDF of a case the user may open. Audited as an export."""
    case = access_case_by_id(user=user, case_id=case_id, purpose="pdf")
    return f"{case.number}.pdf", render_pdf(TEMPLATE, _context(user=user, case=case))
