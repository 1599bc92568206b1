"""The machinery of the public pages: language in the address, no cookies, cached pages, visit counts.

Every public view is wrapped by `public_page`, which

* serves /portal/<lang>/... in that language (vi or en), whatever the visitor's cookies say;
* never sets a cookie: the page is rendered without the request (no session, no CSRF token, no
  messages), the session is detached from the request so that the session middleware leaves the
  response alone even for a logged-in member of staff, and a CSRF cookie Django wanted to renew is
  not sent;
* caches the whole page (GET without a query string) under a key made of the page, its arguments,
  the language and the content version, which publishing a profile raises;
* counts the view (page, day, language) and nothing else about the visitor.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from safepath.portal import services
from safepath.portal.hotlines import hotlines
from safepath.portal.protect import portal_cache

LANGS = ("vi", "en")
PAGE_CACHE_SECONDS = 600
NAV: list[tuple[str, Any]] = [
    ("home", _("Home")),
    ("countries", _("Countries")),
    ("recruiter_check", _("Check a recruiter")),
    ("fee_check", _("Check a fee")),
    ("offer_check", _("Check a job offer")),
    ("help", _("Ask for help")),
]


class _DetachedSession:
    """Stands in for request.session on public pages. It holds nothing, and it has no `accessed`
    attribute: Django's session middleware then returns the response untouched (no cookie renewed,
    none deleted), as it does for a request that has no session at all."""

    def __contains__(self, key: object) -> bool:
        return False

    def get(self, key: str, default: Any = None) -> Any:
        return default

    def __getitem__(self, key: str) -> Any:
        raise KeyError(key)

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(name)


def detach(request: HttpRequest) -> None:
    request.session = _DetachedSession()  # type: ignore[assignment]


def no_cookies(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    response.cookies.clear()
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False  # the CSRF middleware renews nothing
    return response


def other(lang: str) -> str:
    return "en" if lang == "vi" else "vi"


def twin_url(request: HttpRequest, lang: str, *, keep_query: bool = True) -> str:
    """The same page in the other language."""
    match = request.resolver_match
    target = other(lang)
    try:
        if match is None or match.url_name in (None, "not_found"):
            raise NoReverseMatch
        url = reverse(f"portal:{match.url_name}", kwargs={**match.kwargs, "lang": target})
    except NoReverseMatch:
        return reverse("portal:home", kwargs={"lang": target})
    if keep_query and request.method == "GET" and request.GET:
        url += "?" + request.GET.urlencode()
    return url


def render_page(
    request: HttpRequest,
    lang: str,
    template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    current: str = "",
    keep_query: bool = True,
) -> HttpResponse:
    """A public page, rendered without the request: no context processor runs, nothing touches the
    session, the user or the CSRF token."""
    nav = [
        {"name": name, "label": label, "url": reverse(f"portal:{name}", kwargs={"lang": lang})} for name, label in NAV
    ]
    base = {
        "lang": lang,
        "other_lang": other(lang),
        "twin_url": twin_url(request, lang, keep_query=keep_query),
        "nav": nav,
        "current": current,
        "hotlines": hotlines(lang),
        "home_url": reverse("portal:home", kwargs={"lang": lang}),
    }
    html = render_to_string(template, {**base, **context})
    return HttpResponse(html, status=status, content_type="text/html; charset=utf-8")


def count_name(name: str, kwargs: dict[str, Any]) -> str:
    """The page under which a view is counted: the view's name, and the slug of a profile."""
    slug = kwargs.get("slug")
    return f"{name}:{str(slug).lower()[:40]}" if slug else name


def profile_url(profile: Any, lang: str) -> str:
    """The public page of a profile: the views of profiles are named after their kind ("country", "warning")."""
    return reverse(f"portal:{profile.kind}", kwargs={"lang": lang, "slug": profile.slug})


def public_page(
    name: str, *, methods: Iterable[str] = ("GET", "HEAD"), cache: bool = True, count: bool = True
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    allowed = list(methods)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, lang: str = "vi", **kwargs: Any) -> HttpResponse:
            detach(request)
            lang = lang if lang in LANGS else "vi"
            with translation.override(lang):
                if request.method not in allowed:
                    response: HttpResponse = HttpResponseNotAllowed(allowed)
                else:
                    response = _serve(view, request, name, lang, kwargs, cache=cache)
            response["Content-Language"] = lang
            if request.method == "GET" and count and response.status_code == 200:
                services.page_view_count(page=count_name(name, kwargs), lang=lang)
            return no_cookies(request, response)

        return csrf_exempt(wrapper)

    return decorator


def _serve(
    view: Callable[..., HttpResponse],
    request: HttpRequest,
    name: str,
    lang: str,
    kwargs: dict[str, Any],
    *,
    cache: bool,
) -> HttpResponse:
    cacheable = cache and request.method in ("GET", "HEAD") and not request.GET
    key = ""
    if cacheable:
        args = ",".join(f"{k}={str(v)[:60]}" for k, v in sorted(kwargs.items()))
        key = f"portal:page:{name}:{lang}:{args}:{services.content_version()}"
        hit = portal_cache().get(key)
        if hit is not None:
            response = HttpResponse(hit, content_type="text/html; charset=utf-8")
            response["Cache-Control"] = "public, max-age=60"
            response["X-Portal-Cache"] = "hit"
            return response
    response = view(request, lang=lang, **kwargs)
    if cacheable and response.status_code == 200 and not response.streaming:
        portal_cache().set(key, response.content, PAGE_CACHE_SECONDS)
        response["Cache-Control"] = "public, max-age=60"
        response["X-Portal-Cache"] = "miss"
    elif not response.has_header("Cache-Control"):
        response["Cache-Control"] = "no-store"
    return response
