"""The hotline numbers shown on every public page: data with their source and whether they were checked.

Neither number is in the project's domain reference (shared/domain/reference.md), so both carry the
UNVERIFIED mark until someone reads the primary text. 111: press reports of Decree 162/2025/ND-CP
(Chinhphu.vn, 1 Jul 2025) say the national anti-trafficking hotline uses the short number of the
national child protection hotline, 111, free and 24/7; the Ministry of Health and IOM launched it on
19 Sep 2025 (SGGP, VnEconomy). A deployment may replace the list: settings.SAFEPATH_PORTAL_HOTLINES,
a list of dicts with the keys below (labels and sources in both languages).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

HOTLINES: list[dict[str, Any]] = [
    {
        "number": "111",
        "label_vi": "Tổng đài quốc gia bảo vệ trẻ em và phòng, chống mua bán người (miễn phí, 24/7)",
        "label_en": "National hotline for child protection and against human trafficking (free, 24/7)",
        "verified": False,
        "source_vi": "Nghị định 162/2025/NĐ-CP, theo Chinhphu.vn (1/7/2025) và SGGP (20/9/2025)",
        "source_en": "Decree 162/2025/ND-CP, as reported by Chinhphu.vn (1 Jul 2025) and SGGP (20 Sep 2025)",
    },
    {
        "number": "113",
        "label_vi": "Công an: khi đang gặp nguy hiểm",
        "label_en": "Police: when you are in danger now",
        "verified": False,
        "source_vi": "Số khẩn cấp của công an Việt Nam (thông tin phổ biến, chưa đối chiếu văn bản pháp luật)",
        "source_en": "Viet Nam's police emergency number (common knowledge, not checked against a legal text)",
    },
]


def hotlines(lang: str) -> list[dict[str, Any]]:
    rows = getattr(settings, "SAFEPATH_PORTAL_HOTLINES", None) or HOTLINES
    return [
        {
            "number": str(r["number"]),
            "tel": "".join(ch for ch in str(r["number"]) if ch.isdigit() or ch == "+"),
            "label": r.get(f"label_{lang}") or r.get("label_vi", ""),
            "verified": bool(r.get("verified")),
            "source": r.get(f"source_{lang}") or r.get("source_vi") or r.get("source", ""),
        }
        for r in rows
    ]
