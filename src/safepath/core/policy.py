"""Stub; replaced below."""


def navigation_for(user):  # type: ignore[no-untyped-def]
    return []
