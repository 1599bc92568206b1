"""The case workflow: which status may follow which. The one place that says so.

    new -> screening -> assessment -> planning -> active -> follow-up -> closed
                                                                      (with a reason)
    closed -> (reopen) -> active

A case may skip forward over steps that do not apply (an information case goes from new to
active), may step back one stage (an assessment sends the worker back to screening) and may be
closed from any open status. Closing needs a supervisor's approval when the agency says so.
"""

from __future__ import annotations

from safepath.cases.choices import CaseStatus

ORDER: tuple[str, ...] = (
    CaseStatus.NEW,
    CaseStatus.SCREENING,
    CaseStatus.ASSESSMENT,
    CaseStatus.PLANNING,
    CaseStatus.ACTIVE,
    CaseStatus.FOLLOW_UP,
    CaseStatus.CLOSED,
)
OPEN_STATUSES: tuple[str, ...] = ORDER[:-1]
REOPEN_TO = CaseStatus.ACTIVE


def allowed_next(status: str) -> tuple[str, ...]:
    """Statuses a case in `status` may move to by an ordinary transition (closing included)."""
    if status == CaseStatus.CLOSED:
        return ()
    i = ORDER.index(status)
    back = (ORDER[i - 1],) if i > 0 else ()
    forward = ORDER[i + 1 :]
    return back + forward


def is_allowed(from_status: str, to_status: str) -> bool:
    return to_status in allowed_next(from_status)


def needs_reason(to_status: str) -> bool:
    return to_status == CaseStatus.CLOSED
