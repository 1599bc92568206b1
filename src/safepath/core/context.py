"""Who is asking, from where, through which channel: set once per request, read by the audit log."""

from __future__ import annotations

import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RequestContext:
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    ip: str | None = None
    channel: str = "cli"  # web, api, cli, task
    user_agent: str = ""


_current: ContextVar[RequestContext | None] = ContextVar("safepath_request_context", default=None)


def current_context() -> RequestContext:
    ctx = _current.get()
    return ctx if ctx is not None else RequestContext()


def set_context(ctx: RequestContext) -> object:
    return _current.set(ctx)


def reset_context(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
