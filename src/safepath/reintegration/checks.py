"""System check: a released indicator set never changes under the same version (visits were scored on it)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register


@register()
def released_indicator_sets_unchanged(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    from safepath.reintegration.indicators import RELEASED, changed_after_release

    return [
        Error(
            f"Reintegration indicator set {key} changed after it was released.",
            hint=(
                f"Follow-up visits were scored on {key}, whose digest is pinned in {RELEASED.name}. Put the change in "
                "a new file with a higher version (and the new version's digest in released.json)."
            ),
            id="reintegration.E001",
        )
        for key in changed_after_release()
    ]
