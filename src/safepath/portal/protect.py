"""Spam and abuse protection for the public forms, without cookies and without keeping addresses.

The portal sets no cookie, so Django's cookie-based CSRF protection cannot work there. Its forms are
protected by:

* an Origin / Referer check: a POST must come from a page of this site (a cross-site form cannot
  forge the Origin header a browser sends);
* a honeypot: a field people never see and robots fill in;
* rate limits per client, counted in Django's cache. The client is known only by an HMAC of its
  address with a random secret that changes every day and lives in the cache alone: it is never
  written to the database, the log or a cookie, and yesterday's keys cannot be linked to today's.

The cache is the project's default one, or the one named "portal" when settings.CACHES has it. With
the default in-process cache (settings name none), each server process counts on its own: a shared
cache (database or Redis) makes the limits exact across processes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest
from django.utils import timezone

from safepath.core.middleware import client_ip

HONEYPOT_FIELD = "website"

# (how many, in how many seconds) per client; settings.SAFEPATH_PORTAL_RATE_LIMITS overrides any of them.
DEFAULT_LIMITS: dict[str, tuple[int, int]] = {
    "help": (5, 3600),
    "help_day": (20, 86400),
    "offer": (30, 3600),
    "recruiter": (60, 600),
    "fee": (60, 600),
}


def portal_cache() -> BaseCache:
    return caches["portal"] if "portal" in getattr(settings, "CACHES", {}) else caches["default"]


def _daily_secret() -> bytes:
    cache = portal_cache()
    key = f"portal:salt:{timezone.localdate().isoformat()}"
    value = cache.get(key)
    if value is None:
        cache.add(key, secrets.token_hex(32), timeout=2 * 86400)
        value = cache.get(key) or secrets.token_hex(32)
    return str(value).encode()


def client_key(request: HttpRequest) -> str:
    """Today's pseudonym of the client's address (the address itself is not kept anywhere)."""
    address = client_ip(request) or "unknown"
    return hmac.new(_daily_secret(), address.encode(), hashlib.sha256).hexdigest()[:32]


def limit_for(action: str) -> tuple[int, int]:
    overrides = getattr(settings, "SAFEPATH_PORTAL_RATE_LIMITS", {}) or {}
    limit, window = overrides.get(action, DEFAULT_LIMITS[action])
    return int(limit), int(window)


def rate_limited(key: str, action: str, *, count: bool = True) -> bool:
    """True when this client has used up its allowance for the action. Counts one use unless count=False."""
    limit, window = limit_for(action)
    cache = portal_cache()
    slot = int(timezone.now().timestamp()) // window
    name = f"portal:rl:{action}:{slot}:{key}"
    if not count:
        return int(cache.get(name) or 0) >= limit
    cache.add(name, 0, timeout=window + 60)
    try:
        used = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=window + 60)
        used = 1
    return used > limit


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}".lower()


def same_origin(request: HttpRequest) -> bool:
    """The POST came from a page of this site: its Origin (or, failing that, its Referer) is ours."""
    try:
        own = f"{request.scheme}://{request.get_host()}".lower()
    except Exception:
        return False
    trusted = {own, *(o.lower().rstrip("/") for o in getattr(settings, "CSRF_TRUSTED_ORIGINS", []))}
    origin = request.headers.get("Origin", "")
    if origin:
        return origin.lower().rstrip("/") in trusted
    referer = request.headers.get("Referer", "")
    return bool(referer) and _origin_of(referer) in trusted


def honeypot_filled(request: HttpRequest) -> bool:
    return bool(request.POST.get(HONEYPOT_FIELD, "").strip())
