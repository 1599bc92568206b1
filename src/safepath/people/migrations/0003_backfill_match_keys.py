"""Give every person registered before the duplicate check its blind-indexed match keys.

Nothing to do (and no key ring needed) on a database without persons. Reversing leaves the keys:
the previous migration drops their table.
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def backfill(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from safepath.people.duplicates import person_match_keys_rebuild

    person_match_keys_rebuild(
        person_model=apps.get_model("people", "Person"), key_model=apps.get_model("people", "PersonMatchKey")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_personmatchkey"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
