"""Vietnamese text of the demo casework: case summaries, notes, tasks, session notes, intake messages.

Data, not user interface: these strings are what staff would have typed, so they are not translated.
None of them holds a person's name, phone or ID number (those live only in the encrypted person
record); placeholders are filled with countries, places, apps and amounts.
"""

from __future__ import annotations

# --- where people went, and what they were promised ---------------------------------------------------
PROGRAMMES: dict[str, list[str]] = {
    "JP": ["thực tập sinh kỹ năng", "kỹ năng đặc định", "thực tập sinh ngành thực phẩm"],
    "KR": ["chương trình EPS", "lao động thời vụ nông nghiệp"],
    "TW": ["lao động nhà máy", "hộ lý chăm sóc người già", "lao động xây dựng"],
    "MY": ["lao động nhà máy điện tử", "phục vụ nhà hàng"],
    "SA": ["lao động giúp việc gia đình", "lao động xây dựng"],
    "AE": ["lao động khách sạn", "lao động xây dựng"],
    "DE": ["đào tạo và làm việc ngành điều dưỡng", "học nghề kép ngành nhà hàng"],
    "GB": ["lao động thời vụ nông nghiệp"],
    "CN": ["lao động thời vụ"],
    "RO": ["lao động xây dựng"],
}
# Where people were held: scam compounds, China, anywhere else.
PLACES: dict[str, list[str]] = {
    "KH": ["một khu lừa đảo trực tuyến ở Sihanoukville", "một khu lừa đảo ở Bavet", "một sòng bạc ở Poipet"],
    "MM": ["một khu lừa đảo ở Myawaddy", "khu Shwe Kokko", "một khu lừa đảo ở Tachileik"],
    "LA": ["một khu lừa đảo trong Đặc khu kinh tế Tam giác Vàng (Bokeo)"],
    "TH": ["một khu lừa đảo gần Mae Sot"],
    "CN": ["một xưởng may ở Quảng Tây", "một trang trại ở Vân Nam", "một gia đình ở Hà Nam (Trung Quốc)"],
    "": ["một xưởng sản xuất", "một trang trại", "một công trường xây dựng", "một nhà hàng"],
}
BORDER_GATES = ["Lào Cai", "Hữu Nghị (Lạng Sơn)", "Móng Cái", "Mộc Bài", "Cầu Treo", "Nậm Cắn", "Tà Lùng"]
HANDOVERS = [
    "Bộ đội Biên phòng tỉnh Lào Cai",
    "Đại sứ quán Việt Nam tại nước sở tại",
    "Cục Cảnh sát hình sự, Bộ Công an",
    "Tổ chức Di cư Quốc tế (IOM)",
]
APP_NAMES = {
    "vn_Zalo": "Zalo",
    "Facebook": "Facebook",
    "FacebookMessenger": "Messenger",
    "TikTok": "TikTok",
    "Telegram": "Telegram",
    "WeChat": "WeChat",
}

# --- case summaries by case type ----------------------------------------------------------------------
SUMMARIES: dict[str, list[str]] = {
    "information": [
        "Hỏi về điều kiện và chi phí đi làm việc tại {country} theo hợp đồng. Đã giới thiệu các kênh hợp pháp "
        "và cách kiểm tra doanh nghiệp dịch vụ có giấy phép.",
        "Người nhà hỏi thông tin về chương trình {programme} tại {country}: mức phí dịch vụ tối đa, thời hạn "
        "hợp đồng và tiền ký quỹ.",
        "Muốn tìm hiểu việc học tiếng và thi tuyển để đi làm việc tại {country}. Đã cung cấp tài liệu và lịch "
        "buổi tư vấn nhóm.",
        "Hỏi cách nhận biết lời mời việc làm lừa đảo trên mạng xã hội sau khi được mời sang {country} "
        "làm việc nhẹ lương cao.",
    ],
    "pre_departure": [
        "Đã trúng tuyển {programme} tại {country}. Cần hỗ trợ đọc hợp đồng, kiểm tra các khoản phí đã nộp và "
        "tham gia buổi định hướng trước xuất cảnh.",
        "Chuẩn bị xuất cảnh sang {country}. Doanh nghiệp yêu cầu nộp thêm tiền đặt cọc ngoài hợp đồng; cần "
        "tư vấn về quyền lợi và các khoản phí hợp pháp.",
        "Định hướng nghề nghiệp trước khi đi {country} ({programme}): so sánh các đơn hàng, kiểm tra giấy phép "
        "doanh nghiệp, lập kế hoạch tài chính và gửi tiền về.",
    ],
    "distress_abroad": [
        "Gia đình báo người lao động ở {country} bị chủ giữ hộ chiếu, nợ lương {months} tháng. Cần liên hệ "
        "doanh nghiệp đưa đi và Ban Quản lý lao động Việt Nam tại {country}.",
        "Người lao động gọi điện từ {country}: bị ép làm thêm giờ, không được nghỉ, chỗ ở chật chội. Muốn "
        "chuyển chủ hoặc về nước trước hạn.",
        "Bị tai nạn lao động tại {country}, đang điều trị; chủ sử dụng chưa chi trả bảo hiểm. Gia đình cần hỗ "
        "trợ thủ tục và liên lạc với cơ quan đại diện.",
        "Hết hạn hợp đồng nhưng bị giữ lại, không còn giấy tờ hợp lệ ở {country}. Cần hỗ trợ thủ tục về nước.",
    ],
    "returned": [
        "Về nước trước hạn từ {country} vì {reason}. Còn nợ khoảng {amount} triệu đồng vay để nộp phí; cần tư "
        "vấn pháp lý về khoản phí và hỗ trợ tìm việc làm.",
        "Lao động về nước sau {years} năm làm việc tại {country}. Cần hỗ trợ tìm việc phù hợp với kỹ năng đã "
        "học và tư vấn sử dụng vốn tích lũy.",
        "Trở về từ {country} với sức khỏe giảm sút; cần kết nối khám chữa bệnh, hỗ trợ tâm lý, sau đó học nghề.",
        "Về nước từ {country} vì {reason}; doanh nghiệp chưa hoàn trả tiền ký quỹ {amount} triệu đồng. Cần hỗ "
        "trợ khiếu nại.",
    ],
    "suspected_trafficking": [
        "Được người quen giới thiệu qua {app} công việc lương cao ở {country}; sau khi sang bị đưa vào "
        "{place}, bị giữ giấy tờ và ép làm việc. Gia đình đã báo tin; đang xác minh dấu hiệu mua bán người.",
        "Nghi bị đưa sang {country} qua đường mòn, không có hợp đồng. Gia đình nhận được tin nhắn đòi tiền chuộc "
        "{amount} triệu đồng.",
        'Mất liên lạc sau khi đi theo người quen sang {country} "làm việc"; gia đình nghi bị ép kết hôn. Đã '
        "phối hợp với công an xã xác minh.",
        "Được hứa việc làm ở {country} qua {app}, phải trả phí cao, bị giữ hộ chiếu khi đến nơi. Cần đánh giá "
        "theo Luật Phòng, chống mua bán người 2024.",
    ],
    "identified_victim": [
        "Nạn nhân bị mua bán sang {country}, bị ép làm việc tại {place}. Được giải cứu và tiếp nhận qua "
        "{handover}. Cần hỗ trợ y tế, tâm lý, pháp lý và tái hòa nhập cộng đồng.",
        "Được xác định là nạn nhân bị mua bán sang {country} để cưỡng ép kết hôn; trở về qua cửa khẩu {border}. "
        "Cần chỗ ở tạm thời, hỗ trợ giấy tờ và học nghề.",
        "Nạn nhân trở về từ {country} sau khi bị cưỡng bức lao động, bị đánh đập và giữ giấy tờ. Đã có xác nhận "
        "nạn nhân; lập kế hoạch hỗ trợ theo Luật 53/2024/QH15.",
    ],
    "vulnerable": [
        "Người di cư trở về có hoàn cảnh khó khăn: {detail}. Cần hỗ trợ sinh kế và kết nối dịch vụ xã hội tại "
        "địa phương.",
        "Trở về từ {country}, {detail}. Đề nghị hỗ trợ khẩn cấp và giới thiệu nhóm tự lực.",
    ],
}
RETURN_REASONS = [
    "doanh nghiệp phá sản",
    "bị chủ sử dụng cho nghỉ việc",
    "ốm đau kéo dài",
    "điều kiện làm việc khác hợp đồng",
    "gia đình có việc gấp",
    "bị nợ lương nhiều tháng",
]
VULNERABILITIES = [
    "một mình nuôi hai con nhỏ",
    "khuyết tật sau tai nạn lao động",
    "nợ nần, bị đòi nợ",
    "không có giấy tờ tùy thân",
    "ít nói tiếng Việt, cần phiên dịch",
    "đang mang thai, không có người thân chăm sóc",
]

# --- notes by moment of the case ------------------------------------------------------------------------
NOTES: dict[str, list[str]] = {
    "opened": [
        "Tiếp nhận ca, ghi nhận thông tin ban đầu. Người được hỗ trợ đồng ý để trung tâm liên hệ qua điện thoại.",
        "Đã giải thích quy trình hỗ trợ và quyền được bảo mật thông tin.",
        "Gặp trực tiếp tại trung tâm; tinh thần ổn định, mong được hỗ trợ sớm.",
        "Tiếp nhận qua điện thoại; hẹn đến trung tâm trong tuần để làm việc trực tiếp.",
    ],
    "screening": [
        "Sàng lọc ban đầu: có nhu cầu hỗ trợ pháp lý và việc làm.",
        "Sàng lọc: chưa thấy dấu hiệu bị mua bán; tiếp tục đánh giá nhu cầu hỗ trợ.",
        "Đã đối chiếu giấy tờ: hộ chiếu còn hạn, hợp đồng có dấu hiệu thu phí vượt mức quy định.",
    ],
    "assessment": [
        "Đánh giá nhu cầu: ưu tiên hỗ trợ tâm lý và giải quyết khoản nợ phí môi giới.",
        "Đánh giá rủi ro: người môi giới vẫn liên lạc, đe dọa gia đình. Đề nghị nâng mức rủi ro.",
        "Đã phối hợp với công an xã xác minh thông tin người môi giới.",
        "Đánh giá: sức khỏe ổn, cần hỗ trợ giấy tờ và định hướng việc làm.",
    ],
    "planning": [
        "Kế hoạch hỗ trợ: (1) khám sức khỏe, (2) tư vấn pháp lý, (3) giới thiệu học nghề.",
        "Thống nhất kế hoạch hỗ trợ với người được hỗ trợ và gia đình.",
        "Kế hoạch: hỗ trợ tâm lý 4 buổi, kết nối nhóm tự lực, hỗ trợ vốn sinh kế nhỏ.",
    ],
    "active": [
        "Đã đưa đi khám tại bệnh viện tỉnh; kết quả ổn.",
        "Trợ giúp pháp lý: đã nộp đơn đề nghị doanh nghiệp hoàn trả phí dịch vụ.",
        "Giới thiệu tham gia lớp học nghề may công nghiệp tại trung tâm giáo dục nghề nghiệp.",
        "Gọi điện hỏi thăm: đã có việc làm tạm thời ở địa phương.",
        "Kết nối nhóm tự lực phụ nữ di cư trở về ở xã.",
        "Hỗ trợ làm lại căn cước công dân; đã nộp hồ sơ tại công an xã.",
        "Buổi hỗ trợ tâm lý thứ hai: ngủ tốt hơn, đã bớt lo âu.",
        "Phòng Lao động xã xác nhận đủ điều kiện vay vốn ưu đãi tạo việc làm.",
    ],
    "follow_up": [
        "Theo dõi sau hỗ trợ: cuộc sống ổn định, thu nhập đều.",
        "Thăm gia đình: tình hình ổn định, không còn bị đòi nợ.",
        "Gọi điện theo dõi: đang làm việc tại khu công nghiệp gần nhà.",
    ],
    "closure": [
        "Mục tiêu hỗ trợ đã đạt; người được hỗ trợ đồng ý kết thúc ca.",
        "Đã chuyển hồ sơ cho cơ quan tiếp nhận; đề nghị đóng ca.",
        "Nhiều lần gọi điện không liên lạc được trong hai tháng.",
        "Người được hỗ trợ không muốn tiếp tục nhận hỗ trợ.",
    ],
    "rejected": [
        "Cần bổ sung biên bản đánh giá cuối cùng trước khi đóng ca.",
        "Chưa có kết quả theo dõi sau 3 tháng; tiếp tục theo dõi.",
        "Kiểm tra lại việc hoàn trả tiền ký quỹ trước khi đóng ca.",
    ],
    "reopened": [
        "Người được hỗ trợ liên hệ lại: bị đòi nợ, cần hỗ trợ tiếp.",
        "Gia đình báo người được hỗ trợ lại bị môi giới liên lạc; mở lại ca để theo dõi.",
    ],
    "assigned": [
        "Phân công theo địa bàn.",
        "Chuyển ca do cán bộ phụ trách nghỉ phép dài ngày.",
    ],
}

# --- tasks: (title, kind) by moment -------------------------------------------------------------------------
TASKS: dict[str, list[tuple[str, str]]] = {
    "screening": [
        ("Gọi lại để hẹn lịch đánh giá nhu cầu", "call"),
        ("Thu thập bản sao hợp đồng và giấy tờ liên quan", "task"),
    ],
    "assessment": [
        ("Xác minh thông tin doanh nghiệp đưa đi", "task"),
        ("Liên hệ công an xã về người môi giới", "task"),
        ("Hoàn thành phiếu đánh giá nhu cầu", "task"),
    ],
    "planning": [
        ("Lập kế hoạch hỗ trợ cá nhân", "task"),
        ("Xin ý kiến giám sát viên về kế hoạch hỗ trợ", "task"),
    ],
    "active": [
        ("Đưa đi khám sức khỏe", "task"),
        ("Hẹn gặp luật sư trợ giúp pháp lý", "task"),
        ("Thăm gia đình tại nhà", "visit"),
        ("Giới thiệu lớp học nghề", "task"),
        ("Hỗ trợ làm lại giấy tờ tùy thân", "task"),
        ("Gọi điện hỏi thăm tình hình", "call"),
    ],
    "trafficking": [
        ("Nộp hồ sơ đề nghị hỗ trợ nạn nhân theo Luật 53/2024", "task"),
        ("Phối hợp công an tỉnh lấy lời khai về đường dây môi giới", "task"),
    ],
    "follow_up": [
        ("Gọi điện theo dõi sau 1 tháng", "follow_up"),
        ("Thăm gia đình theo dõi sau 3 tháng", "visit"),
    ],
    "shelter": [
        ("Sắp xếp chỗ ở tại nhà tạm lánh", "task"),
        ("Chuẩn bị đồ dùng cá nhân và suất ăn", "task"),
    ],
}

# --- consultations ---------------------------------------------------------------------------------------
SESSION_NOTES: dict[str, list[str]] = {
    "potential": [
        "Tư vấn kênh đi làm việc hợp pháp tại {country}; hướng dẫn tra cứu doanh nghiệp có giấy phép trên "
        "trang của Cục Quản lý lao động ngoài nước.",
        "Giải thích các khoản phí hợp pháp và cảnh báo việc nộp tiền đặt cọc cho môi giới tự do.",
        "Cảnh báo về lời mời việc nhẹ lương cao qua mạng xã hội; cách nhận biết dấu hiệu lừa đảo.",
        "Hướng dẫn chuẩn bị hồ sơ, học tiếng và kiểm tra sức khỏe trước khi đi {country}.",
    ],
    "in_transit": [
        "Người nhà hỏi cách liên lạc khi người thân đang quá cảnh và bị giữ giấy tờ.",
    ],
    "abroad": [
        "Người nhà hỏi cách liên hệ Ban Quản lý lao động Việt Nam tại {country} vì người lao động bị nợ lương.",
        "Tư vấn quyền lợi khi bị chủ sử dụng chấm dứt hợp đồng trước hạn ở {country}.",
        "Hướng dẫn gửi tiền về qua ngân hàng thay vì qua người quen.",
    ],
    "returned": [
        "Tư vấn chính sách hỗ trợ việc làm cho lao động về nước và các lớp học nghề tại địa phương.",
        "Hướng dẫn thủ tục khiếu nại doanh nghiệp không hoàn trả tiền ký quỹ.",
        "Giới thiệu dịch vụ hỗ trợ tâm lý và nhóm tự lực của người di cư trở về.",
    ],
}
TOPICS_BY_STAGE: dict[str, list[tuple[str, int]]] = {
    "potential": [
        ("legal_channels", 30),
        ("fees_debts", 14),
        ("contracts", 12),
        ("recruiter_check", 12),
        ("destination_info", 14),
        ("pre_departure", 10),
        ("skills_language", 8),
        ("online_scams", 10),
        ("documents", 6),
    ],
    "in_transit": [("documents", 30), ("rights_at_work", 20), ("trafficking", 30), ("return", 20)],
    "abroad": [
        ("rights_at_work", 25),
        ("complaints", 15),
        ("fees_debts", 12),
        ("remittances", 10),
        ("health", 8),
        ("documents", 10),
        ("trafficking", 8),
        ("return", 12),
        ("legal_aid", 6),
    ],
    "returned": [
        ("reintegration", 30),
        ("psychosocial", 12),
        ("legal_aid", 12),
        ("complaints", 10),
        ("fees_debts", 14),
        ("health", 8),
        ("remittances", 6),
        ("other", 3),
    ],
}

# --- intake: (subject, body) by channel ---------------------------------------------------------------------
INTAKE: dict[str, list[tuple[str, str]]] = {
    "web": [
        (
            "Hỏi về đi làm việc ở {country}",
            "Em chào anh chị, em muốn đi làm ở {country} nhưng không biết công ty nào uy tín. Anh chị tư vấn giúp "
            "em với ạ.",
        ),
        (
            "Nhờ kiểm tra lời mời việc làm",
            "Có người trên {app} mời em sang {country} làm phiên dịch, lương 1.500 đô một tháng, bao vé máy bay. "
            "Em có nên đi không ạ?",
        ),
        (
            "Xin tư vấn về hợp đồng",
            "Công ty bắt em nộp thêm 40 triệu tiền đặt cọc ngoài hợp đồng để đi {country}. Như vậy có đúng không ạ?",
        ),
    ],
    "email": [
        (
            "Nhờ giúp đỡ: người nhà mất liên lạc ở {country}",
            "Kính gửi Trung tâm,\n\nEm gái tôi sang {country} làm việc từ tháng trước, nay mất liên lạc. Lần cuối "
            "em nhắn là bị giữ hộ chiếu. Mong Trung tâm giúp đỡ.\n\nTrân trọng.",
        ),
        (
            "Hỏi về thủ tục đi làm việc tại {country}",
            "Chào Trung tâm,\n\nTôi muốn hỏi điều kiện và chi phí đi làm việc tại {country} theo chương trình "
            "{programme}. Xin cảm ơn.",
        ),
        (
            "Khiếu nại doanh nghiệp không trả tiền ký quỹ",
            "Kính gửi Trung tâm,\n\nTôi đã về nước từ {country} được 4 tháng nhưng doanh nghiệp chưa trả lại tiền "
            "ký quỹ. Tôi cần được hướng dẫn khiếu nại.",
        ),
    ],
    "phone": [
        ("Cuộc gọi: hỏi về hợp đồng đi {country}", "Người gọi hỏi về các khoản phí khi đi {country}; hẹn gọi lại."),
        (
            "Cuộc gọi: người thân bị giữ giấy tờ ở {country}",
            "Mẹ của người lao động gọi: con bị chủ giữ hộ chiếu, không cho về. Xin được tư vấn.",
        ),
        (
            "Cuộc gọi: lao động về nước cần việc làm",
            "Lao động mới về từ {country}, cần thông tin về việc làm và học nghề ở địa phương.",
        ),
    ],
    "walk_in": [
        (
            "Đến trực tiếp: hỏi về đi làm việc ở {country}",
            "Hai mẹ con đến trung tâm hỏi về đơn hàng đi {country}; mang theo giấy giới thiệu của môi giới.",
        ),
        (
            "Đến trực tiếp: lao động về nước",
            "Lao động về nước trước hạn từ {country}, cần tư vấn về khoản nợ vay để nộp phí.",
        ),
    ],
    "outreach": [
        (
            "Phát hiện qua truyền thông cộng đồng",
            "Trong buổi truyền thông tại xã, một phụ nữ cho biết con gái được người quen rủ sang {country} làm "
            "việc, hứa lương cao, không cần hộ chiếu.",
        ),
        (
            "Nhóm tự lực báo tin",
            "Nhóm tự lực báo một thành viên mới về từ {country}, đang khó khăn, cần được gặp cán bộ.",
        ),
    ],
    "border_handover": [
        (
            "Bàn giao công dân trở về qua cửa khẩu",
            "Đồn Biên phòng bàn giao công dân trở về từ {country}, nghi là nạn nhân bị mua bán. Cần tiếp nhận và "
            "sắp xếp chỗ ở tạm thời.",
        ),
        (
            "Tiếp nhận công dân do phía bạn trao trả",
            "Công dân được phía {country} trao trả qua cửa khẩu {border}; không có giấy tờ tùy thân, sức khỏe yếu.",
        ),
    ],
    "referral_in": [
        (
            "Chuyển gửi từ Hội Liên hiệp Phụ nữ",
            "Hội Liên hiệp Phụ nữ xã chuyển gửi trường hợp lao động về từ {country} cần hỗ trợ tâm lý và việc làm.",
        ),
        (
            "Chuyển gửi từ Phòng Lao động",
            "Phòng Lao động - Thương binh và Xã hội chuyển gửi trường hợp bị doanh nghiệp thu phí quá mức.",
        ),
    ],
}
INTAKE_SPAM = [
    (
        "Tuyển gấp 50 lao động, lương cao",
        "Tuyển gấp lao động đi làm việc ngay, không cần kinh nghiệm, bao ăn ở. Liên hệ qua Telegram.",
    ),
    ("Quảng cáo vay tiền nhanh", "Vay tiền nhanh trong 5 phút, không cần thế chấp."),
]
REFERRERS = {
    "border_handover": [
        "Đồn Biên phòng Cửa khẩu quốc tế Lào Cai",
        "Đồn Biên phòng Bản Vược",
        "Đồn Biên phòng Mường Khương",
    ],
    "referral_in": [
        "Hội Liên hiệp Phụ nữ xã",
        "Phòng Văn hóa - Xã hội xã",
        "Trung tâm Dịch vụ việc làm",
        "Tổ chức Di cư Quốc tế (IOM)",
    ],
}

# --- consent: who else the information may go to --------------------------------------------------------------
OTHER_RECIPIENTS = [
    "Bệnh viện đa khoa tỉnh",
    "Trung tâm Trợ giúp pháp lý nhà nước tỉnh",
    "Hội Liên hiệp Phụ nữ xã",
    "Trung tâm Dịch vụ việc làm",
    "Trung tâm giáo dục nghề nghiệp huyện",
]
GUARDIAN_GIVEN = {"female": ["Lan", "Hoa", "Hạnh", "Thủy", "Mai"], "male": ["Hùng", "Dũng", "Tuấn", "Hải", "Minh"]}

# --- assessments: notes a worker types into the needs assessment, reasons for setting one aside -----------------
NEEDS_NOTES: dict[str, list[str]] = {
    "safety": [
        "Người môi giới vẫn gọi điện đòi tiền; đã hướng dẫn lưu lại tin nhắn và báo công an xã.",
        "Gia đình bị đòi nợ phí môi giới; cần trao đổi với công an xã.",
        "Lo ngại bị nhóm tuyển dụng liên lạc lại qua mạng xã hội.",
    ],
    "health": [
        "Đau lưng kéo dài sau thời gian làm việc; cần khám chuyên khoa.",
        "Chưa có thẻ bảo hiểm y tế; hướng dẫn làm thủ tục tại xã.",
        "Cần khám sức khỏe tổng quát, xét nghiệm theo chỉ định.",
    ],
    "psychosocial": [
        "Khó ngủ, hay giật mình; đồng ý gặp cán bộ tư vấn tâm lý.",
        "Tâm lý chưa ổn định, ngại gặp người quen ở địa phương.",
        "Muốn tham gia nhóm hỗ trợ đồng đẳng.",
    ],
    "legal_documents": [
        "Hộ chiếu bị giữ ở nước ngoài; cần làm lại căn cước và giấy tờ.",
        "Muốn đòi lại tiền phí dịch vụ đã nộp cho doanh nghiệp.",
        "Cần tư vấn pháp lý về việc trình báo với cơ quan công an.",
    ],
    "shelter": [
        "Chưa muốn về nhà ngay; cần chỗ ở tạm vài tuần.",
        "Cần hỗ trợ tiền xe về quê.",
    ],
    "livelihood": [
        "Gia đình còn nợ khoản vay đi làm; cần việc làm có thu nhập ổn định.",
        "Muốn học nghề rồi tìm việc tại khu công nghiệp gần nhà.",
        "Quan tâm vay vốn ưu đãi để chăn nuôi.",
    ],
    "education_training": [
        "Muốn học nghề may hoặc nấu ăn.",
        "Muốn quay lại học bổ túc văn hóa.",
    ],
    "family": [
        "Chưa muốn gia đình biết toàn bộ sự việc.",
        "Quan hệ với gia đình căng thẳng vì khoản nợ; cần hòa giải.",
        "Con nhỏ đang ở với ông bà; cần hỗ trợ chăm sóc.",
    ],
}
ASSESSMENT_VOID_REASONS = [
    "Mở trùng phiếu; phỏng vấn được ghi ở phiếu khác.",
    "Người được hỗ trợ mệt, dừng phỏng vấn; sẽ phỏng vấn lại từ đầu.",
    "Nhập sai ngày phỏng vấn từ phiếu giấy; nhập lại phiếu mới.",
    "Phiên dịch không đạt yêu cầu; sẽ phỏng vấn lại với phiên dịch khác.",
]
ASSESSMENT_DECIDED = [
    "Đã trao đổi với giám sát viên; cập nhật hồ sơ theo kết quả sàng lọc.",
    "Cập nhật theo kết quả sàng lọc, đã đối chiếu với lời kể và giấy tờ.",
    "",
]
ASSESSMENT_UNFINISHED = [
    "Phỏng vấn không hoàn thành trước khi kết thúc hỗ trợ.",
    "Người được hỗ trợ không quay lại để hoàn thành phỏng vấn.",
]
