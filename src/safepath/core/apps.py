from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "safepath.core"
    label = "core"

    def ready(self) -> None:
        # Register the access rules at start-up, whatever is imported first.
        from safepath.core import policy  # noqa: F401
