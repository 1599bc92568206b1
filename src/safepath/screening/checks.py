"""System checks: a released instrument version must never change under the same number."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register


@register()
def released_instruments_unchanged(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    from safepath.screening.instruments import RELEASED, changed_after_release

    return [
        Error(
            f"Instrument {key} changed after it was released.",
            hint=(
                f"Completed assessments cite {key} with its digest in {RELEASED.name}. Copy the file to a new "
                "version (bump 'version' and the file name) and release that with `safepath instruments release`."
            ),
            id="screening.E001",
        )
        for key in changed_after_release()
    ]
