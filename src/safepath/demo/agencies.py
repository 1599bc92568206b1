"""The demo network: the agencies the mission names, one demo user per role, and the staff of the other centres."""

from __future__ import annotations

from safepath.accounts.roles import AgencyType, Role

DEMO_PASSWORD = "safepath-demo"  # noqa: S105 (the documented demo password)

# (code, Vietnamese name, English name, type, 2025 province name)
AGENCIES: list[tuple[str, str, str, str, str]] = [
    ("DOLAB", "Cục Quản lý lao động ngoài nước", "Department of Overseas Labour", AgencyType.MINISTRY, "Hà Nội"),
    ("HN-MRC", "Trung tâm Hỗ trợ thông tin di cư Hà Nội", "Migrant Resource Centre Hanoi", AgencyType.MRC, "Hà Nội"),
    (
        "TH-MRC",
        "Trung tâm Hỗ trợ thông tin di cư Thanh Hóa",
        "Migrant Resource Centre Thanh Hoa",
        AgencyType.MRC,
        "Thanh Hóa",
    ),
    (
        "NA-MRC",
        "Trung tâm Hỗ trợ thông tin di cư Nghệ An",
        "Migrant Resource Centre Nghe An",
        AgencyType.MRC,
        "Nghệ An",
    ),
    (
        "HT-MRC",
        "Trung tâm Hỗ trợ thông tin di cư Hà Tĩnh",
        "Migrant Resource Centre Ha Tinh",
        AgencyType.MRC,
        "Hà Tĩnh",
    ),
    (
        "BN-MRC",
        "Trung tâm Hỗ trợ thông tin di cư Bắc Ninh",
        "Migrant Resource Centre Bac Ninh",
        AgencyType.MRC,
        "Bắc Ninh",
    ),
    (
        "HY-MRC",
        "Trung tâm Hỗ trợ thông tin di cư Hưng Yên",
        "Migrant Resource Centre Hung Yen",
        AgencyType.MRC,
        "Hưng Yên",
    ),
    ("HN-OSSO", "Văn phòng Dịch vụ một cửa Hà Nội", "One-Stop Service Office Hanoi", AgencyType.OSSO, "Hà Nội"),
    (
        "HP-OSSO",
        "Văn phòng Dịch vụ một cửa Hải Phòng",
        "One-Stop Service Office Hai Phong",
        AgencyType.OSSO,
        "Hải Phòng",
    ),
    (
        "HD-OSSO",
        "Văn phòng Dịch vụ một cửa Hải Dương (cũ)",
        "One-Stop Service Office Hai Duong (former province)",
        AgencyType.OSSO,
        "Hải Phòng",
    ),
    ("CT-OSSO", "Văn phòng Dịch vụ một cửa Cần Thơ", "One-Stop Service Office Can Tho", AgencyType.OSSO, "Cần Thơ"),
    (
        "HG-OSSO",
        "Văn phòng Dịch vụ một cửa Hậu Giang (cũ)",
        "One-Stop Service Office Hau Giang (former province)",
        AgencyType.OSSO,
        "Cần Thơ",
    ),
    (
        "LC-RC",
        "Trung tâm Tiếp nhận nạn nhân bị mua bán Lào Cai",
        "Lao Cai Reception Centre for trafficking victims",
        AgencyType.SHELTER,
        "Lào Cai",
    ),
    (
        "BG-SS",
        "Phòng Bảo trợ xã hội Bắc Giang (cũ), nhóm tự lực",
        "Bac Giang social services (former province), self-help groups",
        AgencyType.SOCIAL_SERVICE,
        "Bắc Ninh",
    ),
    (
        "HUE-SS",
        "Phòng Bảo trợ xã hội Huế, nhóm tự lực",
        "Hue social services, self-help groups",
        AgencyType.SOCIAL_SERVICE,
        "Huế",
    ),
    (
        "TN-SS",
        "Phòng Bảo trợ xã hội Tây Ninh, nhóm tự lực",
        "Tay Ninh social services, self-help groups",
        AgencyType.SOCIAL_SERVICE,
        "Tây Ninh",
    ),
    ("LC-BP", "Bộ đội Biên phòng tỉnh Lào Cai", "Lao Cai Border Guard", AgencyType.POLICE, "Lào Cai"),
    ("VWU", "Hội Liên hiệp Phụ nữ Việt Nam", "Vietnam Women's Union", AgencyType.WOMENS_UNION, "Hà Nội"),
    (
        "IOM-VN",
        "Tổ chức Di cư Quốc tế tại Việt Nam",
        "International Organization for Migration, Viet Nam",
        AgencyType.INTERNATIONAL,
        "Hà Nội",
    ),
]

# (username, display name, agency code, roles). Staff display names are role titles, so they
# can never be mistaken for a person's name in the database.
USERS: list[tuple[str, str, str, list[str]]] = [
    ("admin", "Quản trị hệ thống", "DOLAB", [Role.SYSTEM_ADMIN]),
    ("agencyadmin", "Quản trị Trung tâm HN", "HN-MRC", [Role.AGENCY_ADMIN]),
    ("counsellor", "Tư vấn viên HN", "HN-MRC", [Role.COUNSELLOR]),
    ("caseworker", "Cán bộ quản lý ca HN", "HN-MRC", [Role.CASEWORKER]),
    ("supervisor", "Giám sát viên HN", "HN-MRC", [Role.SUPERVISOR]),
    ("outreach", "Cán bộ truyền thông HN", "HN-MRC", [Role.OUTREACH_OFFICER]),
    ("caseworker2", "Cán bộ quản lý ca Lào Cai", "LC-RC", [Role.CASEWORKER]),
    ("shelter", "Nhân viên nhà tạm lánh Lào Cai", "LC-RC", [Role.SHELTER_STAFF]),
    ("analyst", "Chuyên viên phân tích", "IOM-VN", [Role.ANALYST]),
]

# Agencies that hold cases in the demo (the ministry, the border guard, the Women's Union and IOM refer
# people and read reports; they keep no case files).
CASE_AGENCIES = [
    code
    for code, _vi, _en, type_, _province in AGENCIES
    if type_ in (AgencyType.MRC, AgencyType.OSSO, AgencyType.SHELTER, AgencyType.SOCIAL_SERVICE)
]
INTAKE_DOMAIN = "intake.safepath.local"


def intake_email(code: str, type_: str) -> str:
    """The address whose mail lands in the agency's intake queue: hn-mrc@intake.safepath.local."""
    if type_ in (AgencyType.MRC, AgencyType.OSSO, AgencyType.SHELTER):
        return f"{code.lower()}@{INTAKE_DOMAIN}"
    return ""


def _staff() -> list[tuple[str, str, str, list[str]]]:
    hanoi: list[tuple[str, str, str, list[str]]] = [
        ("hn-mrc.counsellor2", "Tư vấn viên HN 2", "HN-MRC", [Role.COUNSELLOR]),
        *[(f"hn-mrc.caseworker{n}", f"Cán bộ quản lý ca HN {n}", "HN-MRC", [Role.CASEWORKER]) for n in range(2, 6)],
        ("hn-mrc.supervisor2", "Giám sát viên HN 2", "HN-MRC", [Role.SUPERVISOR]),
        ("lc-rc.supervisor", "Giám sát viên Lào Cai", "LC-RC", [Role.SUPERVISOR]),
    ]
    others = [code for code in CASE_AGENCIES if code not in ("HN-MRC", "LC-RC")]
    return hanoi + [
        row
        for code in others
        for row in (
            (f"{code.lower()}.caseworker", f"Cán bộ quản lý ca {code}", code, [Role.CASEWORKER]),
            (f"{code.lower()}.supervisor", f"Giám sát viên {code}", code, [Role.SUPERVISOR]),
        )
    ]


# More staff, so that every case has a caseworker and a supervisor and the Hanoi supervisor's caseload
# shows several workers: four more caseworkers, a second counsellor and supervisor in Hanoi, a
# supervisor in Lào Cai, and a caseworker and a supervisor in each other centre. Same password;
# `safepath demo logins` lists them after the accounts above.
STAFF: list[tuple[str, str, str, list[str]]] = _staff()
