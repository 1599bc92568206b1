"""Load the places reference data: 34 provinces and their communes (since 1 July 2025), the 63
former provinces with their successors, ISO 3166-1 countries and the 54 ethnic groups.

Also adds Country.sort_key (the folded Vietnamese name) first, so countries sort the same way on
SQLite and PostgreSQL. The schema change comes before any data is written, so PostgreSQL never
alters a table with pending trigger events. Reversing deletes the rows (and then the column).
"""

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from safepath.places.services import places_load

    places_load(apps=apps, using=schema_editor.connection.alias)


def unload(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from safepath.places.services import places_unload

    places_unload(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):

    dependencies = [
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="country",
            name="sort_key",
            field=models.CharField(default="", editable=False, max_length=120),
        ),
        migrations.AlterModelOptions(
            name="country",
            options={
                "ordering": ["-is_common_destination", "sort_key"],
                "verbose_name": "country",
                "verbose_name_plural": "countries",
            },
        ),
        migrations.RunPython(load, unload),
    ]
