"""Demo outreach records: about two years of events of the resource centres and the Lào Cai reception
centre, across a dozen provinces, and a catalogue of 15 materials with each agency's stock.

* The Hanoi resource centre (its outreach officer, "outreach") holds policy dialogues of 50 to 300 people
  in 12 provinces (about 3,000 participants, as the mission reports), trainings for NGOs and frontline
  staff of 15 to 40 people registered by name with pre- and post-test scores, community awareness
  sessions and pre-departure orientations; the other centres (their supervisors) fewer, nearer home.
* Materials are received into each agency's stock, handed out at events and otherwise, and corrected
  now and then; the stock never goes below zero and always equals the sum of its movements. One
  poster of the Hanoi centre is left below its warning level, so the warning shows.

Rows are written directly (one access-log entry covers the whole demo load); the trainees' names and
contacts are invented and stored encrypted like any other.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from safepath.directory.models import ServiceProvider
from safepath.outreach.choices import (
    OutreachAgeGroup,
    OutreachEventKind,
    OutreachMaterialKind,
    OutreachSex,
    StockMovementKind,
)
from safepath.outreach.models import Event, Material, MaterialStock, Participant, ParticipantCount, StockMovement
from safepath.places.models import Province

K = OutreachEventKind
M = OutreachMaterialKind

# (agency code, who records, provinces (2025 codes), events per kind over two years)
PLANS: list[tuple[str, str, list[str], dict[str, int]]] = [
    (
        "HN-MRC",
        "outreach",
        ["01", "24", "33", "25", "38", "40", "42", "15", "08", "19", "31", "37"],
        {
            K.POLICY_DIALOGUE: 16,
            K.TRAINING_NGO: 7,
            K.TRAINING_FRONTLINE: 8,
            K.COMMUNITY_SESSION: 14,
            K.PRE_DEPARTURE: 10,
        },
    ),
    (
        "TH-MRC",
        "th-mrc.supervisor",
        ["38", "37"],
        {K.COMMUNITY_SESSION: 6, K.PRE_DEPARTURE: 4, K.TRAINING_FRONTLINE: 1},
    ),
    ("NA-MRC", "na-mrc.supervisor", ["40", "42"], {K.COMMUNITY_SESSION: 6, K.PRE_DEPARTURE: 5, K.POLICY_DIALOGUE: 1}),
    ("HT-MRC", "ht-mrc.supervisor", ["42", "44"], {K.COMMUNITY_SESSION: 5, K.PRE_DEPARTURE: 4, K.TRAINING_NGO: 1}),
    ("BN-MRC", "bn-mrc.supervisor", ["24", "19"], {K.COMMUNITY_SESSION: 4, K.PRE_DEPARTURE: 3}),
    ("HY-MRC", "hy-mrc.supervisor", ["33", "31"], {K.COMMUNITY_SESSION: 4, K.PRE_DEPARTURE: 3}),
    ("LC-RC", "lc-rc.supervisor", ["15", "12", "14"], {K.COMMUNITY_SESSION: 6, K.TRAINING_FRONTLINE: 2}),
]

TITLES: dict[str, list[str]] = {
    K.POLICY_DIALOGUE: [
        "Đối thoại chính sách về di cư lao động an toàn tại {province}",
        "Đối thoại chính sách: phòng, chống mua bán người qua mạng xã hội",
        "Đối thoại chính sách về quyền lợi của người lao động đi làm việc ở nước ngoài (Luật 69/2020/QH14)",
        "Đối thoại chính sách về hỗ trợ tái hòa nhập cho người lao động trở về",
    ],
    K.TRAINING_NGO: [
        "Tập huấn cho tổ chức xã hội về hỗ trợ nạn nhân bị mua bán",
        "Tập huấn kỹ năng tư vấn di cư an toàn cho tổ chức phi chính phủ",
    ],
    K.TRAINING_FRONTLINE: [
        "Tập huấn nhận diện nạn nhân bị mua bán cho cán bộ tuyến cơ sở",
        "Tập huấn quy trình tiếp nhận và chuyển gửi cho cán bộ công an, biên phòng, y tế",
    ],
    K.COMMUNITY_SESSION: [
        "Truyền thông cộng đồng: di cư an toàn và cảnh giác lừa đảo việc làm trên mạng",
        "Truyền thông tại trường THPT: nhận diện lời mời việc làm lừa đảo",
        "Truyền thông cộng đồng cho phụ nữ và thanh niên: đi làm việc ở nước ngoài hợp pháp",
    ],
    K.PRE_DEPARTURE: [
        "Định hướng trước xuất cảnh cho lao động đi Nhật Bản",
        "Định hướng trước xuất cảnh cho lao động đi Hàn Quốc (EPS)",
        "Định hướng trước xuất cảnh cho lao động đi Đài Loan",
    ],
}
VENUES = [
    "Hội trường UBND xã",
    "Nhà văn hóa thôn",
    "Hội trường Trung tâm Hỗ trợ thông tin di cư",
    "Trường THPT trên địa bàn xã",
    "Hội trường Sở Nội vụ",
    "Trung tâm Dịch vụ việc làm tỉnh",
]
FACILITATORS = [
    "Cán bộ truyền thông của Trung tâm; luật sư tình nguyện",
    "Giảng viên của Trung tâm; đại diện Bộ đội Biên phòng",
    "Cán bộ Trung tâm và Hội Liên hiệp Phụ nữ xã",
]
SUMMARIES: dict[str, str] = {
    K.POLICY_DIALOGUE: "Các đại biểu trao đổi về chi phí môi giới vượt mức trần, hợp đồng không rõ ràng và việc "
    "tuyển dụng qua mạng xã hội. Kiến nghị tăng cường kiểm tra doanh nghiệp và truyền thông tại xã.",
    K.TRAINING_NGO: "Nội dung: các dấu hiệu mua bán người, nguyên tắc lấy nạn nhân làm trung tâm, chuyển gửi "
    "theo cơ chế quốc gia. Kiểm tra đầu vào và đầu ra.",
    K.TRAINING_FRONTLINE: "Nội dung: nhận diện, tiếp nhận ban đầu, bảo mật thông tin, chuyển gửi. Thực hành "
    "tình huống. Kiểm tra đầu vào và đầu ra.",
    K.COMMUNITY_SESSION: "Giới thiệu kênh đi làm việc hợp pháp, các dấu hiệu lừa đảo, đường dây nóng. Nhiều câu "
    "hỏi về tuyển dụng qua Facebook và Zalo.",
    K.PRE_DEPARTURE: "Hợp đồng, chi phí hợp pháp, quyền lợi, sức khỏe, văn hóa nơi làm việc, số điện thoại "
    "của Đại sứ quán và đường dây nóng.",
}
PARTNERS_OTHER = ["Đoàn Thanh niên xã", "Hội Nông dân huyện", "Trường THPT trên địa bàn", ""]

# Participants: weights per sex and per age group, by kind.
SEX_WEIGHTS: dict[str, tuple[float, ...]] = {
    K.POLICY_DIALOGUE: (0.48, 0.51, 0.01),
    K.TRAINING_NGO: (0.62, 0.37, 0.01),
    K.TRAINING_FRONTLINE: (0.40, 0.59, 0.01),
    K.COMMUNITY_SESSION: (0.60, 0.39, 0.01),
    K.PRE_DEPARTURE: (0.35, 0.64, 0.01),
}
AGE_WEIGHTS: dict[str, tuple[float, ...]] = {
    K.POLICY_DIALOGUE: (0.0, 0.04, 0.26, 0.45, 0.25),
    K.TRAINING_NGO: (0.0, 0.12, 0.43, 0.35, 0.10),
    K.TRAINING_FRONTLINE: (0.0, 0.08, 0.42, 0.40, 0.10),
    K.COMMUNITY_SESSION: (0.15, 0.25, 0.25, 0.22, 0.13),
    K.PRE_DEPARTURE: (0.0, 0.55, 0.38, 0.07, 0.0),
}
SIZES: dict[str, tuple[int, int]] = {
    K.POLICY_DIALOGUE: (50, 300),
    K.TRAINING_NGO: (15, 40),
    K.TRAINING_FRONTLINE: (15, 40),
    K.COMMUNITY_SESSION: (30, 150),
    K.PRE_DEPARTURE: (20, 80),
}

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lò", "Giàng"]
MIDDLE = {"female": ["Thị", "Thị Thu", "Thị Minh", "Ngọc", "Thị Hồng"], "male": ["Văn", "Đức", "Minh", "Quang"]}
GIVEN = {
    "female": ["Hà", "Lan", "Hương", "Trang", "Linh", "Nga", "Phương", "Thảo", "Yến", "Mai", "Dung", "Huyền"],
    "male": ["Nam", "Hùng", "Dũng", "Tuấn", "Hải", "Long", "Quân", "Thắng", "Sơn", "Khánh", "Tùng", "Phong"],
}
ORGANISATIONS: dict[str, list[tuple[str, list[str]]]] = {
    K.TRAINING_NGO: [
        ("Hội Liên hiệp Phụ nữ huyện", ["Phó Chủ tịch", "Cán bộ chuyên trách", "Hội viên tình nguyện"]),
        ("Tổ chức xã hội hỗ trợ phụ nữ và trẻ em", ["Cán bộ dự án", "Công tác xã hội", "Điều phối viên"]),
        ("Câu lạc bộ phòng, chống mua bán người xã", ["Chủ nhiệm", "Thành viên"]),
        ("Đoàn Thanh niên xã", ["Bí thư", "Phó Bí thư"]),
    ],
    K.TRAINING_FRONTLINE: [
        ("Công an xã", ["Cán bộ", "Phó Trưởng Công an"]),
        ("Đồn Biên phòng", ["Cán bộ trinh sát", "Cán bộ vận động quần chúng"]),
        ("Trạm y tế xã", ["Y sĩ", "Trưởng trạm"]),
        ("UBND xã", ["Công chức Văn hóa - Xã hội", "Công chức Tư pháp - Hộ tịch"]),
    ],
}

# (kind, Vietnamese title, English title, languages, description, used at which kinds of event, per person)
MATERIALS: list[tuple[str, str, str, list[str], str, tuple[str, ...], float]] = [
    (
        M.POSTER,
        "Di cư an toàn: hãy tìm hiểu kỹ trước khi đi",
        "Safe migration: find out before you go",
        ["vi"],
        "Áp phích A2 dán tại UBND xã, trạm y tế, nhà văn hóa.",
        (K.COMMUNITY_SESSION, K.POLICY_DIALOGUE),
        0.05,
    ),
    (
        M.POSTER,
        "Cảnh giác lừa đảo việc làm trên mạng",
        "Beware of online job scams",
        ["vi"],
        "Áp phích A2: các dấu hiệu của lời mời việc làm lừa đảo trên Facebook, Zalo, Telegram.",
        (K.COMMUNITY_SESSION,),
        0.08,
    ),
    (
        M.POSTER,
        "Di cư an toàn (tiếng Mông)",
        "Safe migration (Hmong)",
        ["hmn", "vi"],
        "Áp phích song ngữ Mông - Việt cho các xã vùng cao.",
        (K.COMMUNITY_SESSION,),
        0.05,
    ),
    (
        M.BROCHURE,
        "Đi làm việc ở Nhật Bản theo chương trình thực tập kỹ năng",
        "Working in Japan: the Technical Intern Training Programme",
        ["vi", "ja"],
        "Chi phí hợp pháp, hợp đồng, quyền lợi, nơi liên hệ khi gặp khó khăn.",
        (K.PRE_DEPARTURE,),
        0.5,
    ),
    (
        M.BROCHURE,
        "Chương trình EPS: đi làm việc tại Hàn Quốc",
        "The EPS programme: working in Korea",
        ["vi", "ko"],
        "Các bước đăng ký, chi phí, bảo hiểm, quyền lợi của người lao động.",
        (K.PRE_DEPARTURE,),
        0.4,
    ),
    (
        M.BROCHURE,
        "Đi làm việc ở Đài Loan: chi phí và quyền lợi",
        "Working in Taiwan: costs and rights",
        ["vi", "zh"],
        "Mức trần phí dịch vụ, tiền lương tối thiểu, các đường dây nóng.",
        (K.PRE_DEPARTURE,),
        0.3,
    ),
    (
        M.BROCHURE,
        "Đường dây nóng 111 và các số điện thoại hỗ trợ",
        "Hotline 111 and other helplines",
        ["vi", "en"],
        "Tờ rơi gấp ba: đường dây nóng, Đại sứ quán, trung tâm hỗ trợ.",
        (K.COMMUNITY_SESSION, K.POLICY_DIALOGUE, K.PRE_DEPARTURE),
        0.6,
    ),
    (
        M.HANDBOOK,
        "Sổ tay sức khỏe cho người lao động Việt Nam tại Nhật Bản",
        "Health handbook for Vietnamese workers in Japan",
        ["vi", "ja"],
        "Khám bệnh, bảo hiểm y tế, sức khỏe tâm thần, số điện thoại cấp cứu.",
        (K.PRE_DEPARTURE,),
        0.3,
    ),
    (
        M.HANDBOOK,
        "Sổ tay sức khỏe cho người lao động Việt Nam tại Hàn Quốc",
        "Health handbook for Vietnamese workers in Korea",
        ["vi", "ko"],
        "Khám bệnh, bảo hiểm, an toàn lao động, số điện thoại hỗ trợ.",
        (K.PRE_DEPARTURE,),
        0.25,
    ),
    (
        M.HANDBOOK,
        "Sổ tay nhận diện và hỗ trợ nạn nhân bị mua bán",
        "Handbook on identifying and assisting trafficking victims",
        ["vi"],
        "Dành cho cán bộ tuyến cơ sở và tổ chức xã hội.",
        (K.TRAINING_NGO, K.TRAINING_FRONTLINE, K.POLICY_DIALOGUE),
        0.9,
    ),
    (
        M.VIDEO,
        "Câu chuyện của Lan: lời mời làm việc lương cao",
        "Lan's story: a well-paid job offer",
        ["vi"],
        "Phim ngắn 12 phút (USB) chiếu tại các buổi truyền thông.",
        (K.COMMUNITY_SESSION,),
        0.01,
    ),
    (
        M.AUDIO,
        "Chương trình phát thanh xã: di cư an toàn",
        "Commune radio: safe migration",
        ["vi", "hmn", "tyz"],
        "Ba bài phát thanh (USB) cho loa truyền thanh xã.",
        (K.COMMUNITY_SESSION,),
        0.01,
    ),
    (
        M.AUDIO,
        "Bài phát thanh tiếng Thái: cảnh giác lừa đảo",
        "Radio spot in Tai Dam: beware of scams",
        ["blt", "vi"],
        "Bài phát thanh 5 phút cho các xã vùng Tây Bắc.",
        (K.COMMUNITY_SESSION,),
        0.01,
    ),
    (
        M.FILE,
        "Bộ tài liệu tập huấn cán bộ tuyến cơ sở",
        "Training kit for frontline staff",
        ["vi"],
        "Bài giảng, tình huống và phiếu kiểm tra đầu vào, đầu ra (bản in).",
        (K.TRAINING_FRONTLINE, K.TRAINING_NGO),
        1.0,
    ),
    (
        M.BROCHURE,
        "Quyền của người lao động Việt Nam ở Malaysia",
        "Rights of Vietnamese workers in Malaysia",
        ["vi", "ms"],
        "Hợp đồng, giữ hộ chiếu là trái luật, nơi liên hệ khi gặp khó khăn.",
        (K.PRE_DEPARTURE,),
        0.1,
    ),
]
# The Hanoi centre's poster that ends below its warning level.
LOW_POSTER = "Cảnh giác lừa đảo việc làm trên mạng"


def _split(total: int, weights: tuple[float, ...], rng: random.Random) -> list[int]:
    """`total` people spread over the weights, with some noise; sums to `total` exactly."""
    noisy = [w * rng.uniform(0.75, 1.25) for w in weights]
    s = sum(noisy) or 1.0
    raw = [total * w / s for w in noisy]
    out = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def _grid(kind: str, total: int, rng: random.Random) -> dict[tuple[str, str], int]:
    sexes = _split(total, SEX_WEIGHTS[kind], rng)
    grid: dict[tuple[str, str], int] = {}
    for sex, n in zip(OutreachSex.values, sexes, strict=True):
        for age, m in zip(OutreachAgeGroup.values, _split(n, AGE_WEIGHTS[kind], rng), strict=True):
            grid[(sex, age)] = m
    return grid


def _person(kind: str, sex: str, age: str, rng: random.Random, n: int) -> dict[str, Any]:
    as_sex = sex if sex in MIDDLE else rng.choice(["female", "male"])
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[as_sex])} {rng.choice(GIVEN[as_sex])}"
    organisation, positions = rng.choice(ORGANISATIONS[kind])
    contact = (
        f"09{rng.randint(0, 9)}{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
        if rng.random() < 0.7
        else f"hocvien{n}@example.vn"
    )
    pre = max(0, min(100, round(rng.gauss(52, 13))))
    post = max(0, min(100, pre + round(rng.gauss(17, 10))))
    r = rng.random()
    return {
        "name": name,
        "sex": sex,
        "age_group": age,
        "organisation": organisation,
        "position": rng.choice(positions),
        "contact": contact,
        "pre_score": None if r < 0.04 else pre,
        "post_score": None if r < 0.12 else post,
    }


def load_demo(*, agencies: dict[str, Any], users: dict[str, Any], today: dt.date, rng: random.Random) -> dict[str, int]:
    provinces = {p.pk: p for p in Province.objects.all()}
    hanoi = agencies.get("HN-MRC")
    if hanoi is None or not provinces:
        return {"outreach_events": 0, "outreach_participants_registered": 0, "outreach_materials": 0}
    start = today - dt.timedelta(days=730)
    creator = users.get("outreach")

    materials: list[Material] = []
    for kind, title_vi, title_en, languages, description, _uses, _per in MATERIALS:
        materials.append(
            Material(
                kind=kind,
                title_vi=title_vi,
                title_en=title_en,
                languages=languages,
                description=description,
                agency=hanoi,
                created_by=creator,
            )
        )
    Material.objects.bulk_create(materials)
    by_title = {m.title_vi: m for m in materials}

    providers = list(ServiceProvider.objects.filter(is_active=True).only("pk", "province_id", "agency_id"))
    events: list[Event] = []
    counts: list[ParticipantCount] = []
    people: list[Participant] = []
    partner_links: list[Any] = []
    movements: list[StockMovement] = []
    stocks: dict[tuple[Any, Any], int] = defaultdict(int)
    thresholds: dict[tuple[Any, Any], int] = {}

    def move(agency: Any, material: Material, kind: str, quantity: int, day: dt.date, **extra: Any) -> None:
        if quantity == 0:
            return
        stocks[(material.pk, agency.pk)] += quantity
        movements.append(
            StockMovement(
                material=material,
                agency=agency,
                kind=kind,
                quantity=quantity,
                day=day,
                created_by=extra.pop("by", None),
                **extra,
            )
        )

    def _otherwise(agency: Any, m: Material, day: dt.date, actor: Any) -> None:
        key = (m.pk, agency.pk)
        n = min(stocks[key], rng.randint(5, 40) if m.kind in (M.BROCHURE, M.HANDBOOK) else rng.randint(1, 5))
        note = "Phát tại trung tâm"
        move(agency, m, StockMovementKind.HANDED_OUT, -n, day, province=agency.province, note=note, by=actor)
        if rng.random() < 0.2 and stocks[key] > 3:
            move(agency, m, StockMovementKind.CORRECTION, -rng.randint(1, 3), day, note="Kiểm kê: hỏng", by=actor)

    n_person = 0
    for code, username, province_codes, plan in PLANS:
        agency = agencies.get(code)
        if agency is None:
            continue
        actor = users.get(username)
        # Stock at the start: what each agency carries, received two years ago.
        carried = materials if code == "HN-MRC" else [m for m in materials if rng.random() < 0.6]
        for m in carried:
            size = rng.choice([300, 500, 1000]) if m.kind in (M.BROCHURE, M.HANDBOOK, M.FILE) else rng.choice([20, 50])
            move(agency, m, StockMovementKind.RECEIVED, size, start, note="Nhận từ dự án", by=actor)
            thresholds[(m.pk, agency.pk)] = size // 10
        # The events, spread over the two years, in date order.
        dated: list[tuple[dt.date, str]] = []
        for kind, n in plan.items():
            for _i in range(n):
                dated.append((start + dt.timedelta(days=rng.randint(10, 725)), kind))
        dated.sort()
        if code == "HN-MRC":  # two planned events: nobody has come yet
            dated += [
                (today + dt.timedelta(days=12), K.PRE_DEPARTURE),
                (today + dt.timedelta(days=26), K.POLICY_DIALOGUE),
            ]
        # Handed out otherwise (at the centre, at commune offices) about every two months.
        dated += [(start + dt.timedelta(days=61 * k + rng.randint(0, 25)), "") for k in range(12)]
        dated.sort(key=lambda pair: pair[0])
        for i, (day, kind) in enumerate(dated):
            if not kind:
                if carried:
                    _otherwise(agency, rng.choice(carried), day, actor)
                continue
            planned = day > today
            pcode = province_codes[i % len(province_codes)] if kind == K.POLICY_DIALOGUE else rng.choice(province_codes)
            province = provinces.get(pcode) or provinces[next(iter(provinces))]
            is_training = kind in (K.TRAINING_NGO, K.TRAINING_FRONTLINE)
            event = Event(
                agency=agency,
                kind=kind,
                title=rng.choice(TITLES[kind]).format(province=province.name),
                start_date=day,
                end_date=day + dt.timedelta(days=rng.choice([1, 2]) if is_training else 0),
                province=province,
                venue=rng.choice(VENUES),
                partners_other=rng.choice(PARTNERS_OTHER),
                facilitators=rng.choice(FACILITATORS),
                summary="" if planned else SUMMARIES[kind],
                counts_from_register=is_training,
                created_by=actor,
            )
            events.append(event)
            nearby = [p for p in providers if p.province_id == pcode and p.agency_id != agency.pk]
            for p in rng.sample(nearby, min(len(nearby), rng.randint(0, 2))):
                partner_links.append(Event.partners.through(event_id=event.pk, serviceprovider_id=p.pk))
            if planned:
                continue
            total = rng.randint(*SIZES[kind])
            grid = _grid(kind, total, rng)
            counts += [ParticipantCount(event=event, sex=s, age_group=a, count=n) for (s, a), n in grid.items() if n]
            if is_training:
                for (s, a), n in grid.items():
                    for _k in range(n):
                        n_person += 1
                        people.append(Participant(event=event, **_person(kind, s, a, rng, n_person)))
            # Materials handed out at the event, within the stock (a resupply arrives when it runs short).
            for m, spec in zip(materials, MATERIALS, strict=True):
                uses, per = spec[5], spec[6]
                key = (m.pk, agency.pk)
                if kind not in uses or key not in thresholds:
                    continue
                want = max(1, round(total * per * rng.uniform(0.6, 1.1)))
                running_low = code == "HN-MRC" and m.title_vi == LOW_POSTER and day > today - dt.timedelta(days=200)
                if stocks[key] < want and not running_low:
                    resupply = max(want, thresholds[key] * 10)
                    move(agency, m, StockMovementKind.RECEIVED, resupply, day, note="Bổ sung", by=actor)
                move(
                    agency,
                    m,
                    StockMovementKind.EVENT,
                    -min(want, stocks[key]),
                    day,
                    event=event,
                    province=province,
                    by=actor,
                )

    # Make the Hanoi poster run low: its stock ends at or below the warning level.
    low = by_title.get(LOW_POSTER)
    if low is not None:
        key = (low.pk, hanoi.pk)
        thresholds[key] = max(thresholds.get(key, 0), stocks[key] + 5)

    Event.objects.bulk_create(events)
    Event.partners.through.objects.bulk_create(partner_links)
    ParticipantCount.objects.bulk_create(counts)
    Participant.objects.bulk_create(people, batch_size=500)
    StockMovement.objects.bulk_create(movements, batch_size=500)
    MaterialStock.objects.bulk_create(
        [
            MaterialStock(material_id=mid, agency_id=aid, quantity=qty, low_threshold=thresholds.get((mid, aid), 0))
            for (mid, aid), qty in stocks.items()
        ]
    )
    return {
        "outreach_events": len(events),
        "outreach_participants_registered": len(people),
        "outreach_materials": len(materials),
        "outreach_stock_movements": len(movements),
    }
