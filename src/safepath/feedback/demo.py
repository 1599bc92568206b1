"""Demo survivors' feedback: about 60 anonymous answers over the last year, across the reception centre,
the social services, the Hanoi resource centre and a few outside organisations.

The mix is chosen so that the summary shows both: rows with enough answers to show their means, and
rows with fewer than 5 that are suppressed. Run after the directory demo (its entries are looked up;
an agency without one gets it).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from safepath.accounts.models import Agency
from safepath.directory.models import ServiceProvider
from safepath.directory.services import new_agency_entry
from safepath.feedback.models import RATINGS, Feedback, FilledBy

# (agency where given, provider: an agency code or an outside organisation's Vietnamese name, service, answers, mean)
MIX: list[tuple[str, str, str, int, float]] = [
    ("LC-RC", "LC-RC", "shelter", 14, 4.2),
    ("LC-RC", "LC-RC", "psychological", 8, 4.0),
    ("LC-RC", "Bệnh viện Đa khoa tỉnh Lào Cai", "medical", 6, 3.6),
    ("LC-RC", "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lào Cai", "legal_aid", 3, 4.4),
    ("BG-SS", "BG-SS", "livelihood", 9, 3.9),
    ("BG-SS", "BG-SS", "vocational_employment", 4, 3.4),
    ("HN-MRC", "HN-MRC", "legal_information", 7, 4.5),
    ("HN-MRC", "Ngôi nhà Bình yên - Trung tâm Phụ nữ và Phát triển", "shelter", 4, 4.6),
    ("HUE-SS", "HUE-SS", "family", 3, 4.1),
    ("TN-SS", "TN-SS", "loan", 2, 3.2),
]
# Comments as people write them: about the service, never about who they are.
COMMENTS = [
    "Cán bộ nói chuyện nhẹ nhàng, em thấy yên tâm hơn.",
    "Chỗ ở sạch sẽ, có người nói tiếng Mông nên dễ hiểu.",
    "Thủ tục vay vốn còn lâu, phải đi lại nhiều lần.",
    "Cảm ơn các cô chú đã giúp đỡ.",
    "Muốn được học nghề may gần nhà hơn.",
    "Lúc đầu em sợ, nhưng mọi người không hỏi những chuyện em không muốn kể.",
    "Giấy tờ nhiều quá, không hiểu hết.",
    "Đồ ăn ngon, phòng ở an toàn.",
    "Nên có người đi cùng khi về quê.",
    "Bác sĩ khám kỹ, giải thích rõ.",
]


def _score(rng: random.Random, mean: float) -> int | None:
    if rng.random() < 0.08:
        return None  # prefer not to say
    return max(1, min(5, round(rng.gauss(mean, 0.8))))


def load_demo(
    *, agencies: dict[str, Agency], users: dict[str, Any], today: dt.date, rng: random.Random
) -> dict[str, int]:
    rows = []
    for agency_code, provider_key, service_type, answers, mean in MIX:
        agency = agencies.get(agency_code)
        if agency is None:
            continue
        if provider_key in agencies:
            owner = agencies[provider_key]
            provider = ServiceProvider.objects.filter(agency=owner).first() or new_agency_entry(owner)
        else:
            provider = ServiceProvider.objects.filter(name_vi=provider_key, agency__isnull=True).first()
        for _i in range(answers):
            rows.append(
                Feedback(
                    agency=agency,
                    provider=provider,
                    service_type=service_type,
                    filled_by=FilledBy.PERSON if rng.random() < 0.7 else FilledBy.PERSON_WITH_WORKER,
                    anonymous=True,
                    comment=rng.choice(COMMENTS) if rng.random() < 0.3 else "",
                    given_on=today - dt.timedelta(days=rng.randint(1, 330)),
                    **{f"rating_{key}": _score(rng, mean) for key in RATINGS},
                )
            )
    rng.shuffle(rows)  # no insertion order by provider or day
    Feedback.objects.bulk_create(rows)
    return {"feedback": len(rows)}
