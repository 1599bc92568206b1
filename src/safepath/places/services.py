"""Loading the reference data of the places app.

`places_load` fills (or refreshes) the five tables from the installed packages and the versioned
JSON files under `places/data/`. It is idempotent: rows are upserted by primary key
(`bulk_create(update_conflicts=True)`, which is INSERT ... ON CONFLICT DO UPDATE on SQLite and
PostgreSQL), so running it twice changes nothing. Rows that disappear from a source are *not*
deleted, because people, cases and agencies point at them with PROTECT foreign keys.

The data migration 0002_load_places calls it with the migration's historical `apps`; the
`places_load` management command calls it with the live registry. Keep it working with
historical models: only use fields that exist as of that migration, and never call model methods.
"""

from __future__ import annotations

import gettext
import json
import re
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import DEFAULT_DB_ALIAS, models, transaction

from safepath.core.normalize import clean_text, fold

DATA_DIR = Path(__file__).resolve().parent / "data"

# Batches keep each INSERT under SQLite's bound-parameter limit on old builds and PostgreSQL's
# 65,535 with room to spare.
BATCH_SIZE = 500

_CITY_PREFIX = re.compile(r"^thành phố\s+", re.IGNORECASE)
_WARD_PREFIX = re.compile(r"^(xã|phường|đặc khu|thị trấn)\s+", re.IGNORECASE)


def read_data_file(name: str) -> dict[str, Any]:
    """One of the versioned JSON files under places/data/ (each has source/effective_from/verification)."""
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def province_sort_key(name: str) -> str:
    """'Thành phố Hồ Chí Minh' sorts as 'ho chi minh', 'Đắk Lắk' as 'dak lak'."""
    return fold(_CITY_PREFIX.sub("", clean_text(name)))


def ward_sort_key(name: str) -> str:
    """Communes sort by their proper name: 'Xã Tả Van' as 'ta van', 'Phường Ba Đình' as 'ba dinh'."""
    return fold(_WARD_PREFIX.sub("", clean_text(name)))


def _ascii(text: str) -> str:
    from unidecode import unidecode

    return clean_text(unidecode(text))


# --- Source rows (plain dicts, independent of the model classes) ------------------------------


def province_rows() -> list[dict[str, Any]]:
    from vietnam_provinces import Province as VpProvince
    from vietnam_provinces import VietNamDivisionType

    overrides: dict[str, dict[str, str]] = read_data_file("province_names.json")["overrides"]
    rows = []
    for p in VpProvince.iter_all():
        code = f"{int(p.code):02d}"
        is_city = p.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG
        name = clean_text(p.name)
        if is_city:
            name = _CITY_PREFIX.sub("", name)
        override = overrides.get(code, {})
        name = override.get("name", name)
        rows.append(
            {
                "code": code,
                "name": name,
                "name_en": override.get("name_en", _ascii(name)),
                "is_city": is_city,
                "sort_key": province_sort_key(name),
            }
        )
    return rows


def ward_rows() -> list[dict[str, Any]]:
    from vietnam_provinces import Ward as VpWard

    return [
        {
            "code": f"{int(w.code):05d}",
            "name": clean_text(w.name),  # the package has a few double spaces ("Xã  Phú Hữu")
            "province_id": f"{int(w.province_code):02d}",
            "sort_key": ward_sort_key(w.name),
        }
        for w in VpWard.iter_all()
    ]


def legacy_province_rows() -> list[dict[str, Any]]:
    return [
        {
            "code": row["code"],
            "name": row["name"],
            "name_en": row["name_en"],
            "successor_id": row["successor"],
            "sort_key": province_sort_key(row["name"]),
        }
        for row in read_data_file("legacy_provinces.json")["provinces"]
    ]


@cache
def _pycountry_vi() -> gettext.NullTranslations:
    import pycountry

    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["vi"], fallback=True)


def country_rows() -> list[dict[str, Any]]:
    import pycountry

    data = read_data_file("countries.json")
    names_vi: dict[str, str] = data["names_vi"]
    common = set(data["common_destinations"])
    translate = _pycountry_vi().gettext
    rows = []
    for c in pycountry.countries:
        name_vi = names_vi.get(c.alpha_2) or translate(c.name)
        rows.append(
            {
                "iso2": c.alpha_2,
                "iso3": c.alpha_3,
                "name_vi": name_vi,
                "name_en": getattr(c, "common_name", None) or c.name,
                "is_common_destination": c.alpha_2 in common,
                "sort_key": fold(name_vi),
            }
        )
    return rows


def ethnicity_rows() -> list[dict[str, Any]]:
    return [
        {k: row[k] for k in ("code", "name_vi", "name_en", "other_names")}
        for row in read_data_file("ethnicities.json")["ethnicities"]
    ]


# --- Loading ----------------------------------------------------------------------------------


def _upsert(model: type[models.Model], rows: list[dict[str, Any]], *, pk: str, using: str) -> int:
    if not rows:
        return 0
    objs = [model(**row) for row in rows]
    # Row keys may be attnames ("province_id"); bulk_create wants field names ("province").
    update_fields = [model._meta.get_field(k).name for k in rows[0] if k != pk]
    model._default_manager.using(using).bulk_create(
        objs,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=[pk],
        update_fields=update_fields,
    )
    return len(objs)


def places_load(
    *, apps: Apps | None = None, stdout: TextIO | None = None, using: str = DEFAULT_DB_ALIAS
) -> dict[str, int]:
    """Upsert provinces, wards, former provinces, countries and ethnic groups; return row counts.

    `apps` is the registry to take the models from: a migration's historical apps, or None for
    the live models.
    """
    registry = apps or global_apps
    province = registry.get_model("places", "Province")
    ward = registry.get_model("places", "Ward")
    legacy = registry.get_model("places", "LegacyProvince")
    country = registry.get_model("places", "Country")
    ethnicity = registry.get_model("places", "Ethnicity")

    provinces = province_rows()
    province_codes = {r["code"] for r in provinces}
    legacy_rows = legacy_province_rows()
    orphans = sorted(r["code"] for r in legacy_rows if r["successor_id"] not in province_codes)
    if orphans:
        raise ValueError(f"Former provinces with an unknown successor: {', '.join(orphans)}")

    counts: dict[str, int] = {}
    with transaction.atomic(using=using):
        counts["provinces"] = _upsert(province, provinces, pk="code", using=using)
        counts["wards"] = _upsert(ward, ward_rows(), pk="code", using=using)
        counts["legacy_provinces"] = _upsert(legacy, legacy_rows, pk="code", using=using)
        counts["countries"] = _upsert(country, country_rows(), pk="iso2", using=using)
        counts["ethnicities"] = _upsert(ethnicity, ethnicity_rows(), pk="code", using=using)
    if stdout is not None:
        for table, n in counts.items():
            stdout.write(f"{table}: {n}\n")
    return counts


def places_unload(*, apps: Apps | None = None, using: str = DEFAULT_DB_ALIAS) -> None:
    """Delete every row loaded by places_load (the reverse of the data migration).

    Fails with ProtectedError/IntegrityError while other tables still point at the rows.
    """
    registry = apps or global_apps
    with transaction.atomic(using=using):
        for name in ("Ward", "LegacyProvince", "Province", "Country", "Ethnicity"):
            registry.get_model("places", name)._default_manager.using(using).all().delete()
