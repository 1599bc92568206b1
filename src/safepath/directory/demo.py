"""Demo directory: an entry for every demo agency with the services it really offers, the outside
organisations the network refers to, and the stakeholder networks of the Hanoi resource centre and
the Lào Cai reception centre.

The outside organisations are real organisations working in Viet Nam (state legal aid centres,
hospitals, a vocational college, the Bank for Social Policies, the child protection hotline 111 and
NGOs that work with trafficking survivors), described from their public material. Their phone
numbers are NOT real: every one ends in "(demo)"; the hotline 111 and the websites are public.
Eligibility, languages and capacities are plausible demo values, not the organisations' own figures.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from safepath.accounts.models import Agency
from safepath.directory.models import ProviderKind, ProviderService, ServiceProvider, StakeholderContact
from safepath.directory.services import new_agency_entry

# 2025 province codes
HN, LC, BN, HUE, TN, HP, CT, TH, NA, HT, HY, HCM, AG, DT = (
    "01",
    "15",
    "24",
    "46",
    "80",
    "31",
    "92",
    "38",
    "40",
    "42",
    "33",
    "79",
    "91",
    "82",
)
VICTIMS = ["victim", "accompanying_minor", "under_identification_vietnam", "under_identification_abroad"]
FREE = "Miễn phí"


def _svc(service_type: str, provinces: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    return {"service_type": service_type, "provinces": provinces or [], "nationwide": provinces is None, **extra}


def _agency_services(code: str, type_: str, province: str | None) -> list[dict[str, Any]]:
    """What each demo agency offers (see the issue: reception centre, social services, MRCs, OSSOs)."""
    here = [province] if province else None
    if code == "LC-RC":
        minority = ["vi", "hmn", "ium", "tyz", "zh"]
        return [
            _svc(
                "shelter",
                [LC],
                description="Tạm lánh an toàn tối đa 14 ngày cho nạn nhân trở về qua cửa khẩu, rồi chuyển về địa "
                "phương hoặc cơ sở dài hạn. Phòng riêng nam và nữ.",
                legal_statuses=VICTIMS,
                capacity=30,
                hours="24/7",
                cost=FREE,
                languages=minority,
            ),
            _svc("essential_needs", [LC], description="Ăn, mặc, đồ dùng cá nhân trong thời gian lưu trú.", cost=FREE),
            _svc(
                "medical", [LC], description="Khám sức khỏe ban đầu, sơ cứu, chuyển bệnh viện tỉnh khi cần.", cost=FREE
            ),
            _svc(
                "psychological",
                [LC],
                description="Tham vấn tâm lý cá nhân, sinh hoạt nhóm.",
                languages=minority,
                capacity=10,
                cost=FREE,
            ),
            _svc("travel", None, description="Tiền tàu xe và người đưa về nơi cư trú.", legal_statuses=VICTIMS),
            _svc("documents", [LC], description="Hỗ trợ làm lại giấy tờ tùy thân, xác nhận nạn nhân."),
        ]
    if type_ == "social_service":
        return [
            _svc(
                "livelihood", here, description="Hỗ trợ sinh kế: vốn ban đầu, hiện vật (giống, con giống).", capacity=25
            ),
            _svc(
                "vocational_employment", here, description="Giới thiệu học nghề, việc làm tại địa phương.", min_age=15
            ),
            _svc("loan", here, description="Kết nối vay vốn ưu đãi qua Ngân hàng Chính sách xã hội.", min_age=18),
            _svc(
                "hardship_allowance",
                here,
                description="Trợ cấp khó khăn ban đầu theo Luật 53/2024.",
                legal_statuses=VICTIMS,
            ),
            _svc("family", here, description="Hòa giải, kết nối gia đình, nhóm tự lực tại cộng đồng."),
            _svc("psychological", here, description="Tham vấn tâm lý tại cộng đồng, nhóm tự lực.", capacity=15),
        ]
    if type_ == "mrc":
        return [
            _svc(
                "legal_information",
                here,
                description="Tư vấn pháp luật về lao động đi làm việc ở nước ngoài.",
                cost=FREE,
            ),
            _svc("rights_training", here, description="Tập huấn di cư an toàn, quyền của người lao động.", cost=FREE),
        ]
    if type_ == "osso":
        return [
            _svc("legal_information", here, description="Tư vấn, giải đáp thủ tục; tiếp nhận khiếu nại.", cost=FREE),
            _svc("documents", here, description="Hướng dẫn hồ sơ, giấy tờ đi làm việc ở nước ngoài và khi trở về."),
        ]
    if code == "LC-BP":
        return [
            _svc(
                "safety",
                [LC],
                description="Tiếp nhận, bảo vệ người được trao trả tại cửa khẩu; bàn giao cho Trung tâm tiếp nhận.",
                hours="24/7",
                languages=["vi", "zh", "hmn"],
            )
        ]
    if code == "VWU":
        return [
            _svc("family", None, description="Hội Phụ nữ cơ sở đồng hành cùng gia đình khi nạn nhân trở về."),
            _svc("livelihood", None, description="Mô hình sinh kế, tổ tiết kiệm và vay vốn.", sexes=["female"]),
            _svc("rights_training", None, description="Truyền thông phòng, chống mua bán người tại cộng đồng."),
        ]
    if code == "IOM-VN":
        return [
            _svc("travel", None, description="Hỗ trợ hồi hương và đi lại cho người di cư dễ bị tổn thương."),
            _svc("livelihood", None, description="Hỗ trợ tái hòa nhập theo dự án (có thời hạn).", capacity=40),
        ]
    if code == "DOLAB":
        return [
            _svc(
                "legal_information",
                None,
                description="Giải quyết khiếu nại về doanh nghiệp dịch vụ đưa người lao động đi làm việc ở nước ngoài.",
            )
        ]
    return []


# (keeper agency code or None, name_vi, name_en, kind, province, languages, website, hotline, hours, notes, services)
OUTSIDE: list[dict[str, Any]] = [
    {
        "keeper": "HN-MRC",
        "name_vi": "Tổ chức Trẻ em Rồng Xanh (Blue Dragon)",
        "name_en": "Blue Dragon Children's Foundation",
        "kind": ProviderKind.NGO,
        "province": HN,
        "languages": ["vi", "en"],
        "website": "https://www.bluedragon.org",
        "notes": "Giải cứu và hỗ trợ nạn nhân bị mua bán, nhất là trẻ em và phụ nữ bị bán sang Trung Quốc.",
        "services": [
            _svc("safety", None, description="Giải cứu, phối hợp với công an đưa nạn nhân về.", hours="24/7"),
            _svc("shelter", [HN], description="Nhà tạm lánh khẩn cấp, địa chỉ không công khai.", capacity=12),
            _svc("legal_aid", None, description="Luật sư đồng hành trong tố tụng."),
            _svc("psychological", [HN], description="Trị liệu, tham vấn dài hạn."),
            _svc("education", None, description="Hỗ trợ đi học lại.", max_age=24),
        ],
    },
    {
        "keeper": "LC-RC",
        "name_vi": "Tổ chức Pacific Links (PALS)",
        "name_en": "Pacific Links Foundation",
        "kind": ProviderKind.NGO,
        "province": LC,
        "languages": ["vi", "hmn", "en"],
        "website": "https://pacificlinks.org",
        "notes": "Nhà tái hòa nhập (Compassion House) cho trẻ em gái và phụ nữ trở về; học chữ, học nghề, tìm gia đình.",
        "services": [
            _svc("shelter", [LC], description="Nhà tái hòa nhập dài hạn.", sexes=["female"], min_age=12, capacity=15),
            _svc("education", [LC, AG, DT], description="Học chữ, học bổng.", sexes=["female"]),
            _svc("vocational_employment", [LC], description="Học nghề và giới thiệu việc làm.", min_age=15),
            _svc("psychological", [LC], languages=["vi", "hmn"]),
        ],
    },
    {
        "keeper": "HN-MRC",
        "name_vi": "Tổ chức Hagar Việt Nam",
        "name_en": "Hagar Vietnam",
        "kind": ProviderKind.NGO,
        "province": HN,
        "languages": ["vi", "en"],
        "website": "https://hagarinternational.org",
        "notes": "Chăm sóc dựa trên hiểu biết về sang chấn cho phụ nữ và trẻ em bị mua bán, bạo lực.",
        "services": [
            _svc("psychological", [HN, LC], description="Tham vấn, trị liệu sang chấn."),
            _svc("shelter", [HN], description="Trung tâm phục hồi.", sexes=["female"], capacity=10),
            _svc("livelihood", [HN, LC], description="Mô hình sinh kế, nhóm đồng đẳng."),
            _svc("legal_aid", [HN], description="Hỗ trợ pháp lý, đồng hành tại tòa."),
        ],
    },
    {
        "keeper": None,
        "name_vi": "Tổ chức Alliance Anti-Trafic (AAT) Việt Nam",
        "name_en": "Alliance Anti-Trafic Vietnam",
        "kind": ProviderKind.NGO,
        "province": HCM,
        "languages": ["vi", "en", "ms", "th", "km"],
        "website": "https://allianceantitrafic.org",
        "notes": "Hồi hương và tái hòa nhập nạn nhân trở về từ Malaysia, Thái Lan, Campuchia.",
        "services": [
            _svc("family", [HCM, TN, AG, CT], description="Hồi hương, đưa về gia đình."),
            _svc("shelter", [HCM], description="Nhà tạm lánh phía Nam.", sexes=["female"], capacity=20),
            _svc("vocational_employment", [HCM, AG, CT], min_age=16),
        ],
    },
    {
        "keeper": "HN-MRC",
        "name_vi": "Ngôi nhà Bình yên - Trung tâm Phụ nữ và Phát triển",
        "name_en": "Peace House - Centre for Women and Development",
        "kind": ProviderKind.MASS_ORGANISATION,
        "province": HN,
        "languages": ["vi"],
        "notes": "Thuộc Hội Liên hiệp Phụ nữ Việt Nam; tiếp nhận phụ nữ, trẻ em bị mua bán và bạo lực trên cả nước.",
        "services": [
            _svc("shelter", None, description="Nơi ở an toàn, tiếp nhận từ mọi tỉnh.", sexes=["female"], capacity=20),
            _svc("psychological", [HN], description="Tham vấn, trị liệu tâm lý."),
            _svc("medical", [HN], description="Chăm sóc sức khỏe trong thời gian ở."),
            _svc("vocational_employment", [HN], description="Tư vấn nghề, học nghề.", sexes=["female"], min_age=16),
        ],
    },
    {
        "keeper": "LC-RC",
        "name_vi": "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lào Cai",
        "name_en": "State Legal Aid Centre of Lao Cai",
        "kind": ProviderKind.LEGAL,
        "province": LC,
        "languages": ["vi", "hmn", "ium"],
        "hours": "7:30-17:00, thứ Hai - thứ Sáu",
        "notes": "Trợ giúp pháp lý miễn phí; người dân tộc thiểu số và nạn nhân mua bán người thuộc diện được trợ giúp.",
        "services": [
            _svc("legal_aid", [LC], description="Tư vấn, tham gia tố tụng, đại diện ngoài tố tụng.", cost=FREE),
            _svc("legal_information", [LC], cost=FREE),
        ],
    },
    {
        "keeper": "HN-MRC",
        "name_vi": "Trung tâm Trợ giúp pháp lý nhà nước thành phố Hà Nội",
        "name_en": "State Legal Aid Centre of Hanoi",
        "kind": ProviderKind.LEGAL,
        "province": HN,
        "languages": ["vi"],
        "hours": "8:00-17:00, thứ Hai - thứ Sáu",
        "services": [_svc("legal_aid", [HN], description="Trợ giúp pháp lý miễn phí cho người thuộc diện.", cost=FREE)],
    },
    {
        "keeper": "LC-RC",
        "name_vi": "Bệnh viện Đa khoa tỉnh Lào Cai",
        "name_en": "Lao Cai Provincial General Hospital",
        "kind": ProviderKind.HEALTH,
        "province": LC,
        "languages": ["vi"],
        "hours": "Cấp cứu 24/7",
        "services": [
            _svc("medical", [LC], description="Khám, điều trị, xét nghiệm; cấp cứu 24/7."),
            _svc(
                "interpretation",
                [LC],
                description="Phiên dịch tiếng H'Mông, tiếng Dao khi đặt trước.",
                languages=["hmn", "ium"],
            ),
        ],
    },
    {
        "keeper": "HN-MRC",
        "name_vi": "Bệnh viện Bạch Mai",
        "name_en": "Bach Mai Hospital",
        "kind": ProviderKind.HEALTH,
        "province": HN,
        "languages": ["vi", "en"],
        "website": "https://bachmai.gov.vn",
        "services": [
            _svc("medical", None, description="Bệnh viện tuyến trung ương, nhận bệnh nhân chuyển tuyến."),
            _svc("psychological", [HN], description="Viện Sức khỏe Tâm thần: khám và điều trị."),
        ],
    },
    {
        "keeper": None,
        "name_vi": "Ngân hàng Chính sách xã hội Việt Nam",
        "name_en": "Vietnam Bank for Social Policies",
        "kind": ProviderKind.FINANCE,
        "province": HN,
        "languages": ["vi"],
        "website": "https://vbsp.org.vn",
        "notes": "Cho vay ưu đãi qua các tổ tiết kiệm và vay vốn của Hội Phụ nữ, Hội Nông dân tại xã.",
        "services": [
            _svc("loan", None, description="Vay vốn hộ nghèo, cận nghèo, tạo việc làm.", min_age=18),
        ],
    },
    {
        "keeper": "LC-RC",
        "name_vi": "Trường Cao đẳng Lào Cai",
        "name_en": "Lao Cai College",
        "kind": ProviderKind.TRAINING,
        "province": LC,
        "languages": ["vi", "zh"],
        "services": [
            _svc(
                "vocational_employment",
                [LC],
                description="Đào tạo nghề trung cấp, cao đẳng và ngắn hạn; ký túc xá.",
                min_age=15,
                capacity=40,
            ),
        ],
    },
    {
        "keeper": "HN-MRC",
        "name_vi": "Trung tâm Dịch vụ việc làm Hà Nội",
        "name_en": "Hanoi Employment Service Centre",
        "kind": ProviderKind.EMPLOYER,
        "province": HN,
        "languages": ["vi"],
        "services": [
            _svc(
                "vocational_employment",
                [HN],
                description="Tư vấn, giới thiệu việc làm, sàn giao dịch việc làm.",
                min_age=15,
            ),
        ],
    },
    {
        "keeper": None,
        "name_vi": "Tổng đài quốc gia bảo vệ trẻ em 111",
        "name_en": "National Child Protection Hotline 111",
        "kind": ProviderKind.GOVERNMENT,
        "province": HN,
        "languages": ["vi"],
        "hotline": "111",
        "hours": "24/7",
        "services": [
            _svc(
                "safety",
                None,
                description="Tiếp nhận thông tin, can thiệp khi trẻ em bị xâm hại, mua bán.",
                max_age=17,
                cost=FREE,
            ),
            _svc("psychological", None, description="Tư vấn qua điện thoại.", max_age=17, cost=FREE),
        ],
    },
]

# (agency code, organisation: agency code or outside name_vi, role, agreement)
NETWORK: list[tuple[str, str, str, str]] = [
    ("HN-MRC", "HN-OSSO", "Chuyển gửi, tư vấn thủ tục", "Quy chế phối hợp 2024"),
    ("HN-MRC", "DOLAB", "Cơ quan quản lý, giải quyết khiếu nại", ""),
    ("HN-MRC", "IOM-VN", "Đối tác dự án, hỗ trợ hồi hương", "Thỏa thuận dự án"),
    ("HN-MRC", "VWU", "Đồng hành tại cộng đồng", ""),
    ("HN-MRC", "Trung tâm Trợ giúp pháp lý nhà nước thành phố Hà Nội", "Trợ giúp pháp lý", "Biên bản ghi nhớ 2025"),
    ("HN-MRC", "Bệnh viện Bạch Mai", "Khám, điều trị chuyển tuyến", ""),
    ("HN-MRC", "Trung tâm Dịch vụ việc làm Hà Nội", "Giới thiệu việc làm", "Biên bản ghi nhớ 2025"),
    ("HN-MRC", "Tổ chức Trẻ em Rồng Xanh (Blue Dragon)", "Giải cứu, nhà tạm lánh", ""),
    ("HN-MRC", "Ngôi nhà Bình yên - Trung tâm Phụ nữ và Phát triển", "Nhà tạm lánh dài hạn", ""),
    ("LC-RC", "LC-BP", "Bàn giao người được trao trả tại cửa khẩu", "Quy chế phối hợp tiếp nhận 2023"),
    ("LC-RC", "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lào Cai", "Trợ giúp pháp lý", "Biên bản ghi nhớ 2024"),
    ("LC-RC", "Bệnh viện Đa khoa tỉnh Lào Cai", "Khám sức khỏe, điều trị", "Hợp đồng khám chữa bệnh"),
    ("LC-RC", "Trường Cao đẳng Lào Cai", "Học nghề", ""),
    ("LC-RC", "Tổ chức Pacific Links (PALS)", "Tái hòa nhập dài hạn", "Biên bản ghi nhớ 2024"),
    ("LC-RC", "Tổ chức Hagar Việt Nam", "Tham vấn sang chấn", ""),
    ("LC-RC", "BG-SS", "Tiếp nhận chuyển về tỉnh nhà", "Quy chế chuyển tuyến"),
    ("LC-RC", "HUE-SS", "Tiếp nhận chuyển về tỉnh nhà", "Quy chế chuyển tuyến"),
    ("LC-RC", "TN-SS", "Tiếp nhận chuyển về tỉnh nhà", "Quy chế chuyển tuyến"),
    ("LC-RC", "Ngân hàng Chính sách xã hội Việt Nam", "Vay vốn sau tái hòa nhập", ""),
]
FOCAL_POINTS = ["Phó Giám đốc phụ trách", "Cán bộ đầu mối", "Trưởng phòng nghiệp vụ", "Điều phối viên dự án"]


def _demo_phone(area: str, n: int) -> str:
    return f"{area} 0000 {n:04d} (demo)"


def _save(provider: ServiceProvider, offered: list[dict[str, Any]]) -> int:
    for item in offered:
        item = dict(item)
        provinces = item.pop("provinces")
        service = ProviderService(provider=provider, **item)
        service.save()
        if provinces:
            service.provinces.set(provinces)
    return len(offered)


def load_demo(
    *, agencies: dict[str, Agency], users: dict[str, Any], today: dt.date, rng: random.Random
) -> dict[str, int]:
    """Create the demo directory and the two stakeholder networks; returns counts."""
    entries: dict[str, ServiceProvider] = {}
    services_count = 0
    for n, (code, agency) in enumerate(sorted(agencies.items()), start=1):
        provider = ServiceProvider.objects.filter(agency=agency).first() or new_agency_entry(agency)
        provider.phone = _demo_phone("024" if agency.province_id == HN else "0214", n)
        provider.hours = "7:30-17:00, thứ Hai - thứ Sáu" if code != "LC-RC" else "24/7"
        provider.response_days = 2 if code == "LC-RC" else 3
        if code == "LC-RC":
            provider.languages = ["vi", "hmn", "ium", "tyz", "zh"]
            provider.hotline = _demo_phone("0214", 99)
        provider.save()
        if not provider.services.exists():
            services_count += _save(provider, _agency_services(code, agency.type, agency.province_id))
        entries[code] = provider
    for n, item in enumerate(OUTSIDE, start=1):
        data = dict(item)
        offered, keeper = data.pop("services"), data.pop("keeper")
        province = data.pop("province")
        provider = ServiceProvider(
            **data,
            province_id=province,
            keeper_agency=agencies.get(keeper) if keeper else None,
            phone=_demo_phone("024" if province == HN else "0200", 100 + n),
        )
        provider.save()
        services_count += _save(provider, offered)
        entries[provider.name_vi] = provider
    contacts = []
    for agency_code, partner, role, agreement in NETWORK:
        if agency_code not in agencies or partner not in entries:
            continue
        contacts.append(
            StakeholderContact(
                agency=agencies[agency_code],
                provider=entries[partner],
                role=role,
                agreement=agreement,
                focal_point=rng.choice(FOCAL_POINTS),
                phone=_demo_phone("0200", 500 + len(contacts)),
                last_contact_on=today - dt.timedelta(days=rng.randint(3, 200)),
            )
        )
    StakeholderContact.objects.bulk_create(contacts)
    return {
        "providers": len(entries),
        "provider_services": services_count,
        "stakeholder_contacts": len(contacts),
    }
