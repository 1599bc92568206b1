"""The demo profiles' text (Vietnamese and English).

Written to be useful and careful: general guidance first, figures only where the domain reference
(shared/domain/reference.md) has them, each marked [UNVERIFIED] unless it was read in a primary text,
sources named, and no invented phone numbers: embassies and consulates are found on the Ministry of
Foreign Affairs' consular portal. Staff replace this text in SafePath as they check it.
"""

from __future__ import annotations

from typing import Any

CONSULAR_VI = (
    "Địa chỉ và số điện thoại của Đại sứ quán, Tổng Lãnh sự quán Việt Nam: xem Cổng thông tin lãnh sự "
    "của Bộ Ngoại giao, [lanhsuvietnam.gov.vn](https://lanhsuvietnam.gov.vn) [UNVERIFIED], và ghi lại trước khi đi."
)
CONSULAR_EN = (
    "Addresses and phone numbers of Viet Nam's embassy and consulates: see the Ministry of Foreign Affairs' "
    "consular portal, [lanhsuvietnam.gov.vn](https://lanhsuvietnam.gov.vn) [UNVERIFIED], and write them down before you go."
)
HOTLINE_VI = "- Ở Việt Nam: Tổng đài 111 (miễn phí, 24/7) [UNVERIFIED]; khi đang gặp nguy hiểm: 113."
HOTLINE_EN = "- In Viet Nam: hotline 111 (free, 24/7) [UNVERIFIED]; in danger now: 113."
FEE_RULE_VI = (
    "Theo Luật 69/2020/QH14, tiền dịch vụ người lao động trả cho doanh nghiệp tối đa 1 tháng lương theo hợp đồng "
    "cho mỗi 12 tháng làm việc, và tối đa 3 tháng lương cho hợp đồng từ 36 tháng trở lên [UNVERIFIED]. Mức trần "
    "theo thị trường và ngành nghề do Thông tư 21/2021/TT-BLĐTBXH quy định [UNVERIFIED]."
)
FEE_RULE_EN = (
    "Under Law 69/2020/QH14, the service fee a worker pays the enterprise is at most 1 month of contract salary "
    "for each 12 months of work, and at most 3 months for contracts of 36 months or more [UNVERIFIED]. Caps per "
    "market and occupation are set by Circular 21/2021/TT-BLĐTBXH [UNVERIFIED]."
)
RECEIPTS_VI = "- Mọi khoản tiền phải được ghi trong hợp đồng và có biên lai mang tên, con dấu của doanh nghiệp.\n- Không vay tiền của người môi giới hay người do họ giới thiệu."
RECEIPTS_EN = "- Every payment must be written in the contract and paid against a receipt with the enterprise's name and stamp.\n- Do not borrow money from the broker or from someone they introduce."
CHECK_VI = "- Kiểm tra giấy phép của doanh nghiệp trên trang “Kiểm tra doanh nghiệp” của trang này.\n- Giữ bản sao hộ chiếu, thị thực, hợp đồng ở nhà và trong điện thoại.\n- Ghi lại số điện thoại của Đại sứ quán và đường dây nóng.\n- Tham gia buổi bồi dưỡng kiến thức cần thiết trước khi đi."
CHECK_EN = "- Check the enterprise's licence with the “Check a recruiter” page of this site.\n- Keep copies of your passport, visa and contract at home and on your phone.\n- Write down the embassy's number and the hotlines.\n- Attend the pre-departure orientation."
SOURCES_VI = "Nguồn: Luật 69/2020/QH14; Thông tư 21/2021/TT-BLĐTBXH; hướng dẫn của Cục Quản lý lao động ngoài nước ([dolab.gov.vn](https://dolab.gov.vn) [UNVERIFIED])."
SOURCES_EN = "Sources: Law 69/2020/QH14; Circular 21/2021/TT-BLĐTBXH; guidance of the Department of Overseas Labour ([dolab.gov.vn](https://dolab.gov.vn) [UNVERIFIED])."


def _t(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi.strip(), "en": en.strip()}


PROFILES: list[dict[str, Any]] = [
    {
        "country": "JP",
        "sort": 10,
        "content": {
            "title": _t("Nhật Bản", "Japan"),
            "summary": _t(
                "Người lao động Việt Nam sang Nhật Bản chủ yếu theo chương trình thực tập sinh kỹ năng và lao động kỹ năng đặc định. Chỉ đi qua doanh nghiệp được cấp phép, với thị thực lao động.",
                "Vietnamese workers go to Japan mainly as technical intern trainees or specified skilled workers. Go only through a licensed enterprise, on a work visa.",
            ),
            "channels": _t(
                f"""
- **Thực tập sinh kỹ năng**: qua doanh nghiệp Việt Nam được cấp phép và một tổ chức quản lý (nghiệp đoàn) ở Nhật. Nhật Bản đã quyết định thay chương trình này bằng chế độ “đào tạo và việc làm” mới; thời điểm áp dụng: [UNVERIFIED].
- **Lao động kỹ năng đặc định**: cần đỗ kỳ thi kỹ năng nghề và tiếng Nhật của ngành.
- **Kỹ sư, lao động chuyên môn**: thị thực lao động theo bằng cấp và hợp đồng.
Không sang Nhật bằng thị thực du lịch hay du học với lời hứa “chuyển sang đi làm”: đó là làm việc trái phép.

{SOURCES_VI}
""",
                f"""
- **Technical intern training**: through a licensed Vietnamese enterprise and a supervising organisation in Japan. Japan has decided to replace this programme with a new "employment for skill development" system; start date: [UNVERIFIED].
- **Specified skilled worker**: you must pass the sector's skills test and Japanese language test.
- **Engineers and professionals**: a work visa based on your qualifications and contract.
Do not go to Japan on a tourist or student visa with a promise of "switching to work": that is illegal work.

{SOURCES_EN}
""",
            ),
            "fees": _t(
                f"{FEE_RULE_VI}\n\n{RECEIPTS_VI}\n- Không ai được thu tiền để “đảm bảo” bạn không bỏ trốn ngoài các khoản ghi trong hợp đồng.",
                f'{FEE_RULE_EN}\n\n{RECEIPTS_EN}\n- No one may take money to "guarantee" that you will not run away, beyond what the contract lists.',
            ),
            "contract": _t(
                """
Bạn ký hai hợp đồng: hợp đồng đưa người lao động đi làm việc ở nước ngoài với doanh nghiệp Việt Nam, và hợp đồng lao động với bên tiếp nhận ở Nhật. Cả hai phải bằng tiếng Việt (và tiếng Nhật), bạn được đọc trước khi ký và giữ một bản.
- Hợp đồng ghi rõ nơi làm việc, công việc, giờ làm, lương, các khoản khấu trừ (nhà ở, bảo hiểm, thuế) và thời hạn.
- Lương không được thấp hơn lương tối thiểu của tỉnh nơi làm việc.
""",
                """
You sign two contracts: one with the Vietnamese enterprise that sends you, and a labour contract with the employer in Japan. Both must be in Vietnamese (and Japanese); you read them before signing and keep a copy.
- The contract states the workplace, the job, the hours, the salary, the deductions (housing, insurance, tax) and its length.
- The salary may not be below the minimum wage of the prefecture where you work.
""",
            ),
            "rights": _t(
                """
Luật lao động Nhật Bản áp dụng cho người lao động nước ngoài như người Nhật.
- Được trả lương đúng hạn, trả thêm khi làm thêm giờ.
- Được tham gia bảo hiểm y tế, hưu trí và bảo hiểm tai nạn lao động.
- Không ai được giữ hộ chiếu, thẻ cư trú hay sổ ngân hàng của bạn, kể cả khi bạn đồng ý.
- Bị bạo hành, quấy rối, bị ép làm việc: hãy báo cho Văn phòng thanh tra tiêu chuẩn lao động, tổ chức giám sát thực tập sinh (OTIT, có tư vấn bằng tiếng Việt [UNVERIFIED]) hoặc Đại sứ quán.
""",
                """
Japanese labour law applies to foreign workers as it does to Japanese workers.
- You are paid on time, with extra pay for overtime.
- You are enrolled in health insurance, pension and work-accident insurance.
- No one may keep your passport, residence card or bank book, even if you agree.
- Abuse, harassment, forced work: tell the Labour Standards Inspection Office, the technical intern training organisation (OTIT, which advises in Vietnamese [UNVERIFIED]) or the embassy.
""",
            ),
            "health": _t(
                """
- Bảo hiểm y tế: thường bạn trả 30% chi phí khám chữa bệnh [UNVERIFIED]. Luôn mang thẻ bảo hiểm.
- **Sổ tay sức khỏe cho người lao động Việt Nam tại Nhật Bản** (của chương trình hợp tác về di cư lao động): hãy hỏi Trung tâm Hỗ trợ thông tin di cư để có bản in hoặc bản điện tử.
- Khi bị tai nạn lao động, hãy đi khám ngay và yêu cầu khai báo tai nạn lao động.
- Căng thẳng, mất ngủ, buồn chán kéo dài cũng là vấn đề sức khỏe: hãy nói với người bạn tin tưởng hoặc gọi tư vấn.
""",
                """
- Health insurance: you usually pay 30% of the cost of care [UNVERIFIED]. Always carry your insurance card.
- **The health handbook for Vietnamese workers in Japan** (from the labour-migration cooperation programme): ask a migrant resource centre for a printed or electronic copy.
- After a work accident, see a doctor at once and ask for it to be declared as a work accident.
- Stress, poor sleep and lasting sadness are health problems too: talk to someone you trust or call a counselling line.
""",
            ),
            "contacts": _t(
                f"- {CONSULAR_VI}\n{HOTLINE_VI}\n- Trung tâm Hỗ trợ thông tin di cư: dùng trang “Yêu cầu hỗ trợ” của trang này.",
                f"- {CONSULAR_EN}\n{HOTLINE_EN}\n- Migrant resource centres: use the “Ask for help” page of this site.",
            ),
            "checklist": _t(
                f"- Thị thực đúng loại (thực tập sinh, kỹ năng đặc định, lao động), không phải du lịch.\n- Biết tên và địa chỉ tổ chức quản lý và công ty tiếp nhận.\n{CHECK_VI}",
                f"- The right visa (technical intern, specified skilled worker, work), not a tourist visa.\n- You know the name and address of the supervising organisation and of the employer.\n{CHECK_EN}",
            ),
        },
    },
    {
        "country": "KR",
        "sort": 20,
        "content": {
            "title": _t("Hàn Quốc", "Korea"),
            "summary": _t(
                "Cách chính để sang Hàn Quốc làm việc là chương trình EPS do Nhà nước thực hiện: không doanh nghiệp hay cá nhân nào được thu tiền dịch vụ cho chương trình này.",
                "The main way to work in Korea is the government-run EPS programme: no company or person may charge a service fee for it.",
            ),
            "channels": _t(
                """
- **EPS (Chương trình cấp phép việc làm)**: do Trung tâm Lao động ngoài nước thực hiện. Bạn thi tiếng Hàn và tay nghề theo thông báo chính thức, rồi chờ chủ sử dụng Hàn Quốc chọn.
- **Lao động thời vụ** theo thỏa thuận giữa địa phương Việt Nam và Hàn Quốc.
- **Lao động có tay nghề, thuyền viên** qua doanh nghiệp được cấp phép.
Ai nhận tiền để “chắc chắn đỗ EPS” hoặc “đi nhanh không cần thi” đều là lừa đảo.

Nguồn: thông báo của Trung tâm Lao động ngoài nước; Luật 69/2020/QH14 [UNVERIFIED].
""",
                """
- **EPS (Employment Permit System)**: run by the Centre of Overseas Labour. You take the Korean language and skills tests announced officially, then wait to be chosen by a Korean employer.
- **Seasonal work** under agreements between Vietnamese and Korean localities.
- **Skilled workers and ship crew** through licensed enterprises.
Anyone who takes money to make sure you "pass EPS" or to send you "fast, without the test" is a fraud.

Sources: announcements of the Centre of Overseas Labour; Law 69/2020/QH14 [UNVERIFIED].
""",
            ),
            "fees": _t(
                f"EPS: bạn chỉ nộp các khoản chi phí cố định do Trung tâm Lao động ngoài nước công bố, nộp cho Trung tâm, có biên lai; không có tiền dịch vụ [UNVERIFIED].\n\nCác chương trình khác qua doanh nghiệp: {FEE_RULE_VI}\n\n{RECEIPTS_VI}",
                f"EPS: you pay only the fixed costs announced by the Centre of Overseas Labour, to the Centre, against a receipt; there is no service fee [UNVERIFIED].\n\nOther programmes through an enterprise: {FEE_RULE_EN}\n\n{RECEIPTS_EN}",
            ),
            "contract": _t(
                """
- Hợp đồng lao động tiêu chuẩn được ký trước khi xuất cảnh; đọc kỹ bản tiếng Việt.
- Lương không thấp hơn lương tối thiểu của Hàn Quốc; tiền nhà ở, tiền ăn chỉ được khấu trừ nếu ghi trong hợp đồng.
- Giữ bản hợp đồng và ảnh chụp trong điện thoại.
""",
                """
- The standard labour contract is signed before departure; read the Vietnamese version carefully.
- The salary is not below Korea's minimum wage; housing and meals may be deducted only if the contract says so.
- Keep the contract, and a photo of it on your phone.
""",
            ),
            "rights": _t(
                """
- Luật lao động Hàn Quốc áp dụng cho bạn: giờ làm, nghỉ ngơi, trả lương làm thêm giờ.
- Có thể được trợ cấp thôi việc sau 1 năm làm việc [UNVERIFIED].
- Trong một số trường hợp (chủ không trả lương, bị bạo hành) bạn được xin chuyển nơi làm việc [UNVERIFIED].
- Không ai được giữ hộ chiếu hay thẻ người nước ngoài của bạn.
""",
                """
- Korean labour law applies to you: working hours, rest, overtime pay.
- You may be entitled to severance pay after 1 year of work [UNVERIFIED].
- In some cases (unpaid wages, abuse) you may ask to change workplace [UNVERIFIED].
- No one may keep your passport or alien registration card.
""",
            ),
            "health": _t(
                """
- Tham gia bảo hiểm y tế quốc gia và bảo hiểm tai nạn lao động.
- **Sổ tay sức khỏe cho người lao động Việt Nam tại Hàn Quốc** (của chương trình hợp tác về di cư lao động): hãy hỏi Trung tâm Hỗ trợ thông tin di cư để có một bản.
- Làm việc với hóa chất, máy móc: yêu cầu đồ bảo hộ và hướng dẫn an toàn bằng ngôn ngữ bạn hiểu.
""",
                """
- You are enrolled in national health insurance and work-accident insurance.
- **The health handbook for Vietnamese workers in Korea** (from the labour-migration cooperation programme): ask a migrant resource centre for a copy.
- Work with chemicals or machines: ask for protective equipment and safety instructions in a language you understand.
""",
            ),
            "contacts": _t(
                f"- {CONSULAR_VI}\n{HOTLINE_VI}\n- Ở Hàn Quốc có các trung tâm hỗ trợ người lao động nước ngoài; hỏi Đại sứ quán hoặc Trung tâm Lao động ngoài nước địa chỉ gần bạn.",
                f"- {CONSULAR_EN}\n{HOTLINE_EN}\n- Korea has support centres for foreign workers; ask the embassy or the Centre of Overseas Labour for the nearest one.",
            ),
            "checklist": _t(
                f"- Chỉ làm thủ tục EPS theo thông báo chính thức của Trung tâm Lao động ngoài nước.\n{CHECK_VI}",
                f"- Apply for EPS only through the official announcements of the Centre of Overseas Labour.\n{CHECK_EN}",
            ),
        },
    },
    {
        "country": "TW",
        "sort": 30,
        "content": {
            "title": _t("Đài Loan (Trung Quốc)", "Taiwan"),
            "summary": _t(
                "Đài Loan tiếp nhận nhiều lao động Việt Nam trong nhà máy, xây dựng, chăm sóc người bệnh và giúp việc gia đình. Hãy đi qua doanh nghiệp được cấp phép và tìm hiểu kỹ các khoản phí ở cả hai phía.",
                "Taiwan employs many Vietnamese workers in factories, construction, care and domestic work. Go through a licensed enterprise and understand the fees on both sides.",
            ),
            "channels": _t(
                f"- Qua doanh nghiệp Việt Nam được cấp phép, phối hợp với công ty môi giới ở Đài Loan.\n- Ngành nghề thường gặp: sản xuất, xây dựng, nông nghiệp, khán hộ công (chăm sóc người bệnh), giúp việc gia đình, thuyền viên.\n\n{SOURCES_VI}",
                f"- Through a licensed Vietnamese enterprise, working with a recruitment agency in Taiwan.\n- Common jobs: manufacturing, construction, farming, caregiving, domestic work, ship crew.\n\n{SOURCES_EN}",
            ),
            "fees": _t(
                f"{FEE_RULE_VI}\n\nỞ Đài Loan, công ty môi giới có thể thu phí dịch vụ hằng tháng theo quy định của Đài Loan; mức cụ thể: [UNVERIFIED]. Hãy yêu cầu bảng kê mọi khoản phí ở cả hai phía trước khi ký.\n\n{RECEIPTS_VI}",
                f"{FEE_RULE_EN}\n\nIn Taiwan, the recruitment agency may charge a monthly service fee under Taiwan's rules; amounts: [UNVERIFIED]. Ask for a written list of every fee on both sides before you sign.\n\n{RECEIPTS_EN}",
            ),
            "contract": _t(
                "- Hợp đồng ghi rõ chủ sử dụng, nơi làm việc, công việc, lương, giờ làm, ngày nghỉ và các khoản khấu trừ.\n- Người giúp việc gia đình và khán hộ công: hỏi rõ về ngày nghỉ và giờ nghỉ, vì chế độ có thể khác với lao động nhà máy [UNVERIFIED].",
                "- The contract names the employer, the workplace, the job, the salary, the hours, the days off and the deductions.\n- Domestic workers and caregivers: ask exactly about days off and rest hours, as the rules may differ from those for factory workers [UNVERIFIED].",
            ),
            "rights": _t(
                "- Được trả lương đầy đủ, đúng hạn, có phiếu lương.\n- Không ai được giữ hộ chiếu hay thẻ cư trú của bạn.\n- Có đường dây tư vấn, khiếu nại lao động của Đài Loan, có tiếng Việt (số 1955 [UNVERIFIED]).",
                "- You are paid in full and on time, with a pay slip.\n- No one may keep your passport or residence card.\n- Taiwan has a labour counselling and complaints line with Vietnamese-speaking staff (number 1955 [UNVERIFIED]).",
            ),
            "health": _t(
                "- Khám sức khỏe trước khi đi và định kỳ sau khi đến theo quy định [UNVERIFIED].\n- Tham gia bảo hiểm y tế; giữ thẻ bảo hiểm bên mình.",
                "- Health checks before departure and regularly after arrival, as required [UNVERIFIED].\n- You are enrolled in health insurance; keep your card with you.",
            ),
            "contacts": _t(
                f"- Văn phòng Kinh tế và Văn hóa Việt Nam tại Đài Bắc: {CONSULAR_VI}\n{HOTLINE_VI}",
                f"- Viet Nam Economic and Cultural Office in Taipei: {CONSULAR_EN}\n{HOTLINE_EN}",
            ),
            "checklist": _t(
                f"- Có bảng kê mọi khoản phí ở Việt Nam và ở Đài Loan.\n{CHECK_VI}",
                f"- You have a list of every fee in Viet Nam and in Taiwan.\n{CHECK_EN}",
            ),
        },
    },
    {
        "country": "MY",
        "sort": 40,
        "content": {
            "title": _t("Malaysia", "Malaysia"),
            "summary": _t(
                "Malaysia tuyển lao động trong sản xuất, dịch vụ và nông nghiệp. Cẩn thận với lời mời đi “du lịch rồi làm việc”, và với việc bị giữ hộ chiếu.",
                'Malaysia recruits workers for manufacturing, services and farming. Beware of offers to "go as a tourist, then work", and of passport retention.',
            ),
            "channels": _t(
                f"- Qua doanh nghiệp Việt Nam được cấp phép, với giấy phép lao động của Malaysia.\n\n{SOURCES_VI}",
                f"- Through a licensed Vietnamese enterprise, with a Malaysian work permit.\n\n{SOURCES_EN}",
            ),
            "fees": _t(f"{FEE_RULE_VI}\n\n{RECEIPTS_VI}", f"{FEE_RULE_EN}\n\n{RECEIPTS_EN}"),
            "contract": _t(
                "- Hợp đồng ghi rõ chủ sử dụng, công việc, lương, giờ làm, nơi ở và ai trả chi phí nhà ở, đi lại.\n- Lương không thấp hơn lương tối thiểu của Malaysia [UNVERIFIED: mức hiện hành].",
                "- The contract names the employer, the job, the salary, the hours, the housing and who pays for housing and travel.\n- The salary is not below Malaysia's minimum wage [UNVERIFIED: current amount].",
            ),
            "rights": _t(
                "- Chủ sử dụng không được giữ hộ chiếu của người lao động [UNVERIFIED: điều luật của Malaysia].\n- Được trả lương đúng hạn, có ngày nghỉ.\n- Bị ép làm việc, bị nhốt, bị đánh: gọi cảnh sát Malaysia hoặc Đại sứ quán Việt Nam.",
                "- The employer may not keep the worker's passport [UNVERIFIED: the Malaysian provision].\n- You are paid on time and have days off.\n- Forced to work, locked in, beaten: call the Malaysian police or the Vietnamese embassy.",
            ),
            "health": _t(
                "- Khám sức khỏe bắt buộc sau khi đến để được cấp giấy phép lao động [UNVERIFIED].\n- Hỏi rõ về bảo hiểm y tế và bảo hiểm tai nạn do chủ sử dụng mua.",
                "- A compulsory medical check after arrival for the work permit [UNVERIFIED].\n- Ask exactly which health and accident insurance the employer provides.",
            ),
            "contacts": _t(f"- {CONSULAR_VI}\n{HOTLINE_VI}", f"- {CONSULAR_EN}\n{HOTLINE_EN}"),
            "checklist": _t(
                f"- Thị thực lao động, không phải thị thực du lịch.\n{CHECK_VI}",
                f"- A work visa, not a tourist visa.\n{CHECK_EN}",
            ),
        },
    },
    {
        "country": "SA",
        "sort": 50,
        "content": {
            "title": _t("Ả Rập Xê Út", "Saudi Arabia"),
            "summary": _t(
                "Ả Rập Xê Út tuyển lao động trong xây dựng, dịch vụ và giúp việc gia đình. Người giúp việc gia đình sống trong nhà chủ cần chuẩn bị kỹ và giữ liên lạc thường xuyên với gia đình.",
                "Saudi Arabia recruits workers for construction, services and domestic work. Domestic workers who live in the employer's home should prepare carefully and keep in regular contact with their family.",
            ),
            "channels": _t(
                f"- Qua doanh nghiệp Việt Nam được cấp phép.\n- Quyền đổi chủ, xin xuất cảnh của người lao động đã được cải cách từ năm 2021 nhưng không áp dụng như nhau cho mọi nhóm lao động [UNVERIFIED].\n\n{SOURCES_VI}",
                f"- Through a licensed Vietnamese enterprise.\n- Workers' rights to change employer and to leave the country were reformed from 2021, but not in the same way for every group of workers [UNVERIFIED].\n\n{SOURCES_EN}",
            ),
            "fees": _t(f"{FEE_RULE_VI}\n\n{RECEIPTS_VI}", f"{FEE_RULE_EN}\n\n{RECEIPTS_EN}"),
            "contract": _t(
                "- Hợp đồng bằng tiếng Việt và tiếng Ả Rập hoặc tiếng Anh; ghi rõ giờ làm, ngày nghỉ, lương, nơi ở.\n- Người giúp việc gia đình: hỏi rõ số người trong gia đình chủ, công việc cụ thể, có được giữ điện thoại hay không.",
                "- The contract is in Vietnamese and in Arabic or English; it states the hours, the days off, the salary and the housing.\n- Domestic workers: ask how many people are in the household, what the work is exactly, and whether you may keep your phone.",
            ),
            "rights": _t(
                "- Được trả lương đầy đủ, đúng hạn.\n- Không ai được giữ hộ chiếu của bạn.\n- Bị bạo hành, không được trả lương, bị nhốt: liên hệ Đại sứ quán Việt Nam, gọi về gia đình và doanh nghiệp đưa đi.",
                "- You are paid in full and on time.\n- No one may keep your passport.\n- Abuse, unpaid wages, being locked in: contact the Vietnamese embassy, your family and the enterprise that sent you.",
            ),
            "health": _t(
                "- Mùa hè rất nóng: uống nhiều nước, nghỉ trong bóng râm, báo ngay khi chóng mặt.\n- Hỏi rõ về bảo hiểm y tế do chủ sử dụng mua [UNVERIFIED].",
                "- Summers are very hot: drink plenty of water, rest in the shade, speak up at once if you feel dizzy.\n- Ask exactly which health insurance the employer provides [UNVERIFIED].",
            ),
            "contacts": _t(f"- {CONSULAR_VI}\n{HOTLINE_VI}", f"- {CONSULAR_EN}\n{HOTLINE_EN}"),
            "checklist": _t(
                f"- Thỏa thuận với gia đình một lịch gọi điện cố định, và một “mật khẩu” để báo khi gặp nguy hiểm.\n{CHECK_VI}",
                f"- Agree with your family on regular call times, and on a code word to say you are in danger.\n{CHECK_EN}",
            ),
        },
    },
    {
        "country": "AE",
        "sort": 60,
        "content": {
            "title": _t("Các Tiểu vương quốc Ả Rập Thống nhất (UAE)", "United Arab Emirates"),
            "summary": _t(
                "UAE tuyển lao động trong xây dựng, khách sạn, dịch vụ và giúp việc gia đình. Nhiều lời mời “làm việc ở Dubai” trên mạng không qua doanh nghiệp được cấp phép.",
                'The UAE recruits workers for construction, hotels, services and domestic work. Many online offers to "work in Dubai" do not come from a licensed enterprise.',
            ),
            "channels": _t(
                f"- Qua doanh nghiệp Việt Nam được cấp phép, với giấy phép lao động và thị thực lao động của UAE.\n- Không sang bằng thị thực du lịch để “tìm việc tại chỗ”.\n\n{SOURCES_VI}",
                f'- Through a licensed Vietnamese enterprise, with a UAE work permit and work visa.\n- Do not go on a tourist visa to "find work there".\n\n{SOURCES_EN}',
            ),
            "fees": _t(f"{FEE_RULE_VI}\n\n{RECEIPTS_VI}", f"{FEE_RULE_EN}\n\n{RECEIPTS_EN}"),
            "contract": _t(
                "- Hợp đồng lao động phải giống với bản bạn đã ký ở Việt Nam; nếu sang đến nơi bị đưa hợp đồng khác, đừng ký và hãy liên hệ doanh nghiệp và Đại sứ quán.",
                "- The labour contract must match the one you signed in Viet Nam; if you are given a different one on arrival, do not sign it, and contact the enterprise and the embassy.",
            ),
            "rights": _t(
                "- Luật lao động của UAE quy định về hợp đồng, giờ làm và trả lương; người giúp việc gia đình có quy định riêng [UNVERIFIED].\n- Không ai được giữ hộ chiếu của bạn [UNVERIFIED: điều luật của UAE].\n- Khiếu nại về lương: cơ quan lao động của UAE hoặc Đại sứ quán.",
                "- UAE labour law covers contracts, hours and pay; domestic workers have their own rules [UNVERIFIED].\n- No one may keep your passport [UNVERIFIED: the UAE provision].\n- Wage complaints: the UAE labour authority or the embassy.",
            ),
            "health": _t(
                "- Làm ngoài trời mùa hè: nghỉ trưa, uống đủ nước [UNVERIFIED: quy định nghỉ trưa bắt buộc].\n- Hỏi rõ về bảo hiểm y tế.",
                "- Outdoor work in summer: take the midday break and drink enough water [UNVERIFIED: the compulsory midday break].\n- Ask exactly about health insurance.",
            ),
            "contacts": _t(f"- {CONSULAR_VI}\n{HOTLINE_VI}", f"- {CONSULAR_EN}\n{HOTLINE_EN}"),
            "checklist": _t(
                f"- Thị thực lao động, không phải thị thực du lịch.\n{CHECK_VI}",
                f"- A work visa, not a tourist visa.\n{CHECK_EN}",
            ),
        },
    },
    {
        "country": "DE",
        "sort": 70,
        "content": {
            "title": _t("Đức", "Germany"),
            "summary": _t(
                "Đức tuyển lao động có tay nghề, điều dưỡng và người học nghề. Cần tiếng Đức và bằng cấp được công nhận. Cẩn thận với các gói “du học nghề” thu phí rất cao.",
                'Germany recruits skilled workers, nurses and apprentices. You need German and recognised qualifications. Beware of "vocational study" packages with very high fees.',
            ),
            "channels": _t(
                "- **Lao động có tay nghề**: cần công nhận bằng cấp và hợp đồng với chủ sử dụng ở Đức.\n- **Điều dưỡng, hộ lý**: theo chương trình hợp tác của Nhà nước hoặc qua doanh nghiệp được cấp phép.\n- **Học nghề (Ausbildung)**: hợp đồng học nghề với cơ sở đào tạo ở Đức, có trả lương.\n- Trang chính thức của Chính phủ Đức về lao động nước ngoài: [make-it-in-germany.com](https://www.make-it-in-germany.com).\n\nNguồn: Luật 69/2020/QH14; trang Make it in Germany.",
                "- **Skilled workers**: you need recognised qualifications and a contract with an employer in Germany.\n- **Nurses and care assistants**: through government cooperation programmes or licensed enterprises.\n- **Apprenticeship (Ausbildung)**: a paid training contract with a training company in Germany.\n- The German government's official site for foreign workers: [make-it-in-germany.com](https://www.make-it-in-germany.com).\n\nSources: Law 69/2020/QH14; the Make it in Germany portal.",
            ),
            "fees": _t(
                f"{FEE_RULE_VI}\n\nHọc tiếng Đức và làm hồ sơ công nhận bằng cấp có chi phí riêng: hãy yêu cầu báo giá bằng văn bản. Gói “du học nghề” đòi hàng trăm triệu đồng trước khi có hợp đồng là dấu hiệu cảnh báo.\n\n{RECEIPTS_VI}",
                f'{FEE_RULE_EN}\n\nGerman courses and the recognition of qualifications cost extra: ask for a written quote. "Vocational study" packages asking hundreds of millions of đồng before there is a contract are a warning sign.\n\n{RECEIPTS_EN}',
            ),
            "contract": _t(
                "- Hợp đồng lao động hoặc hợp đồng học nghề bằng văn bản, ghi rõ lương, giờ làm, ngày phép, thời gian thử việc.\n- Hợp đồng phải được ký trước khi bạn xin thị thực.",
                "- A written labour or apprenticeship contract, stating the salary, the hours, the paid leave and the probation period.\n- The contract must be signed before you apply for the visa.",
            ),
            "rights": _t(
                "- Lương tối thiểu theo luật Đức, nghỉ phép có lương, được tham gia công đoàn.\n- Ở Đức có các điểm tư vấn miễn phí cho người lao động nước ngoài, ví dụ mạng lưới “Faire Integration” [UNVERIFIED].",
                '- The German statutory minimum wage, paid leave, the right to join a union.\n- Germany has free counselling points for foreign workers, such as the "Faire Integration" network [UNVERIFIED].',
            ),
            "health": _t(
                "- Bảo hiểm y tế là bắt buộc ở Đức; chủ sử dụng đăng ký bảo hiểm cho người lao động.\n- Mùa đông lạnh và ngày ngắn: chuẩn bị quần áo ấm, giữ liên lạc với bạn bè để tránh cô đơn.",
                "- Health insurance is compulsory in Germany; the employer registers workers.\n- Winters are cold and days short: bring warm clothes and keep in touch with friends to avoid loneliness.",
            ),
            "contacts": _t(f"- {CONSULAR_VI}\n{HOTLINE_VI}", f"- {CONSULAR_EN}\n{HOTLINE_EN}"),
            "checklist": _t(
                f"- Có chứng chỉ tiếng Đức theo yêu cầu của chương trình.\n- Có quyết định công nhận bằng cấp (nếu chương trình yêu cầu).\n{CHECK_VI}",
                f"- You have the German certificate the programme asks for.\n- You have the recognition of your qualifications (if the programme asks for it).\n{CHECK_EN}",
            ),
        },
    },
    {
        "country": "RO",
        "sort": 80,
        "content": {
            "title": _t("Romania", "Romania"),
            "summary": _t(
                "Romania tuyển lao động nước ngoài trong xây dựng, sản xuất, nhà hàng và dịch vụ. Giấy phép lao động gắn với một chủ sử dụng và chỉ cho phép làm việc ở Romania. Cẩn thận với người môi giới thu phí rất cao cho “visa lao động châu Âu”, và với lời hứa sang Romania rồi “đi tiếp” sang nước châu Âu khác.",
                'Romania recruits foreign workers for construction, manufacturing, restaurants and services. The work permit is tied to one employer and allows work in Romania only. Beware of brokers charging very high fees for a "European work visa", and of promises to go to Romania and then "move on" to another European country.',
            ),
            "channels": _t(
                f"""
- **Lao động theo hợp đồng qua doanh nghiệp được cấp phép**: chủ sử dụng ở Romania xin giấy phép lao động (aviz de muncă) cho bạn tại Tổng Thanh tra Nhập cư Romania (IGI); có giấy phép rồi, bạn mới xin thị thực lao động dài hạn tại Đại sứ quán Romania, và xin thẻ cư trú sau khi đến. Thủ tục và thời gian xử lý hiện hành: [UNVERIFIED].
- Giấy phép lao động và thẻ cư trú gắn với một chủ sử dụng và một công việc. Muốn đổi chủ phải làm lại thủ tục theo quy định của Romania [UNVERIFIED].
- Nếu bạn tự ký hợp đồng trực tiếp với chủ sử dụng ở Romania, Luật 69/2020/QH14 yêu cầu đăng ký hợp đồng với cơ quan quản lý lao động của tỉnh/thành phố nơi bạn thường trú trước khi đi [UNVERIFIED].
- Không sang Romania bằng thị thực du lịch, thị thực Schengen ngắn hạn hay thị thực thăm thân với lời hứa “sang rồi làm giấy tờ đi làm sau”: làm việc như vậy là trái phép, có thể bị phạt, bị trục xuất và bị cấm nhập cảnh.
- Giấy phép lao động của Romania không cho phép làm việc ở nước khác. Thẻ cư trú có thể cho phép đi lại ngắn ngày trong khối Schengen [UNVERIFIED], nhưng không được làm việc ở đó. Lời hứa “sang Romania rồi đi tiếp sang Đức, Pháp, Anh” dẫn đến cư trú và làm việc bất hợp pháp, nợ nần, nguy cơ bị bóc lột và bị mua bán người trên đường đi.
- Trang chính thức của Tổng Thanh tra Nhập cư Romania: [igi.mai.gov.ro](https://igi.mai.gov.ro) [UNVERIFIED].

{SOURCES_VI}
""",
                f"""
- **Contract work through a licensed enterprise**: the employer in Romania applies for your work permit (aviz de muncă) to the General Inspectorate for Immigration (IGI); only with the permit do you apply for a long-stay work visa at the Romanian embassy, then for a residence permit after arrival. Current procedure and processing times: [UNVERIFIED].
- The work permit and the residence permit are tied to one employer and one job. Changing employer means a new procedure under Romanian rules [UNVERIFIED].
- If you sign a contract directly with an employer in Romania, Law 69/2020/QH14 requires you to register it with the labour authority of the province where you live before you leave [UNVERIFIED].
- Do not go to Romania on a tourist, short-stay Schengen or family-visit visa with a promise of "getting work papers once you are there": working that way is illegal, and can lead to fines, removal and an entry ban.
- A Romanian work permit does not allow work in any other country. The residence permit may allow short trips within the Schengen area [UNVERIFIED], but not work there. A promise to "go to Romania, then move on to Germany, France or the UK" leads to irregular stay and work, debt, and the risk of exploitation and trafficking on the way.
- Official site of Romania's General Inspectorate for Immigration: [igi.mai.gov.ro](https://igi.mai.gov.ro) [UNVERIFIED].

{SOURCES_EN}
""",
            ),
            "fees": _t(
                f"{FEE_RULE_VI}\n\nGiấy phép lao động do chủ sử dụng xin; hãy hỏi rõ bằng văn bản ai trả lệ phí giấy phép, thị thực và vé máy bay (mức lệ phí: [UNVERIFIED]). Người môi giới hay “công ty tư vấn” đòi hàng trăm triệu đồng cho “visa lao động châu Âu”, hoặc thu tiền trước khi có giấy phép lao động và hợp đồng, là dấu hiệu cảnh báo.\n\n{RECEIPTS_VI}",
                f'{FEE_RULE_EN}\n\nThe employer applies for the work permit; ask in writing who pays the permit and visa fees and the air ticket (amounts: [UNVERIFIED]). Brokers or "consultancies" asking hundreds of millions of đồng for a "European work visa", or taking money before there is a work permit and a contract, are a warning sign.\n\n{RECEIPTS_EN}',
            ),
            "contract": _t(
                "- Hợp đồng lao động bằng văn bản, có bản tiếng Việt, ghi rõ tên và địa chỉ chủ sử dụng, nơi làm việc, công việc, lương trước và sau thuế, giờ làm, làm thêm giờ, nhà ở và các khoản khấu trừ.\n- Chủ sử dụng, công việc và nơi làm việc trong hợp đồng phải giống với giấy phép lao động.\n- Lương không thấp hơn lương tối thiểu của Romania (mức hiện hành: [UNVERIFIED]).\n- Nếu sang đến nơi bị đưa hợp đồng khác, đừng ký và hãy liên hệ doanh nghiệp đưa đi và Đại sứ quán.",
                "- A written labour contract, with a Vietnamese version, stating the employer's name and address, the workplace, the job, the salary before and after tax, the hours, overtime, the housing and the deductions.\n- The employer, the job and the workplace in the contract must match the work permit.\n- The salary is not below Romania's minimum wage (current amount: [UNVERIFIED]).\n- If you are given a different contract on arrival, do not sign it, and contact the enterprise that sent you and the embassy.",
            ),
            "rights": _t(
                "- Luật lao động Romania áp dụng cho người lao động nước ngoài có giấy phép: giờ làm, ngày nghỉ, nghỉ phép có lương, trả lương làm thêm giờ.\n- Không ai được giữ hộ chiếu hay thẻ cư trú của bạn.\n- Vì giấy phép gắn với chủ sử dụng, mất việc có thể ảnh hưởng đến quyền cư trú [UNVERIFIED]. Khi chủ sử dụng không trả lương, ép làm việc hay cho nghỉ việc, hãy báo ngay cho doanh nghiệp đưa đi và Đại sứ quán.\n- Khiếu nại về lương và điều kiện làm việc: Thanh tra Lao động Romania (Inspecția Muncii) [UNVERIFIED].",
                "- Romanian labour law applies to foreign workers with a permit: hours, rest days, paid leave, overtime pay.\n- No one may keep your passport or residence permit.\n- Because the permit is tied to the employer, losing your job may affect your right to stay [UNVERIFIED]. If the employer does not pay, forces you to work or dismisses you, tell the enterprise that sent you and the embassy at once.\n- Complaints about pay and working conditions: Romania's Labour Inspection (Inspecția Muncii) [UNVERIFIED].",
            ),
            "health": _t(
                "- Người lao động có hợp đồng được đóng bảo hiểm y tế, trừ vào lương [UNVERIFIED]; hãy hỏi chủ sử dụng giấy xác nhận đã đóng bảo hiểm.\n- Làm ở công trường, nhà máy: yêu cầu đồ bảo hộ và hướng dẫn an toàn bằng ngôn ngữ bạn hiểu. Khi bị tai nạn lao động, hãy đi khám ngay và yêu cầu khai báo tai nạn lao động.\n- Mùa đông lạnh: chuẩn bị quần áo ấm, hỏi rõ nơi ở có sưởi hay không.\n- Xa gia đình, nợ nần, không biết tiếng dễ gây căng thẳng: hãy giữ liên lạc với gia đình, bạn bè và nói với người bạn tin tưởng.",
                "- Workers with a contract are enrolled in health insurance, paid from the salary [UNVERIFIED]; ask the employer for proof that contributions are paid.\n- Building sites and factories: ask for protective equipment and safety instructions in a language you understand. After a work accident, see a doctor at once and ask for it to be declared as a work accident.\n- Winters are cold: bring warm clothes and ask whether the housing is heated.\n- Distance from family, debt and not speaking the language are stressful: keep in touch with family and friends and talk to someone you trust.",
            ),
            "contacts": _t(f"- {CONSULAR_VI}\n{HOTLINE_VI}", f"- {CONSULAR_EN}\n{HOTLINE_EN}"),
            "checklist": _t(
                f"- Có giấy phép lao động của Romania và thị thực lao động dài hạn, không phải thị thực du lịch hay thị thực Schengen ngắn hạn.\n- Biết tên, địa chỉ của chủ sử dụng và nơi bạn sẽ ở.\n- Hiểu rằng bạn chỉ được làm việc ở Romania, cho chủ sử dụng ghi trong giấy phép.\n{CHECK_VI}",
                f"- You have a Romanian work permit and a long-stay work visa, not a tourist or short-stay Schengen visa.\n- You know the name and address of the employer and where you will live.\n- You understand that you may work only in Romania, for the employer named in the permit.\n{CHECK_EN}",
            ),
        },
    },
    {
        "country": "PL",
        "sort": 90,
        "content": {
            "title": _t("Ba Lan", "Poland"),
            "summary": _t(
                "Ba Lan tuyển lao động nước ngoài trong sản xuất, xây dựng, kho vận, chế biến thực phẩm và nông nghiệp. Giấy phép lao động gắn với một chủ sử dụng và chỉ cho phép làm việc ở Ba Lan. Cẩn thận với người môi giới thu phí cao cho “visa lao động châu Âu”, với hợp đồng không phải hợp đồng lao động, và với lời hứa “sang Ba Lan rồi đi tiếp”.",
                'Poland recruits foreign workers for manufacturing, construction, warehouses, food processing and farming. The work permit is tied to one employer and allows work in Poland only. Beware of brokers charging high fees for a "European work visa", of contracts that are not labour contracts, and of promises to "go to Poland, then move on".',
            ),
            "channels": _t(
                f"""
- **Lao động theo hợp đồng qua doanh nghiệp được cấp phép**: chủ sử dụng ở Ba Lan xin giấy phép lao động (zezwolenie na pracę) cho bạn tại cơ quan của tỉnh trưởng (wojewoda) nơi làm việc; có giấy phép rồi, bạn mới xin thị thực quốc gia (loại D) để làm việc tại cơ quan lãnh sự Ba Lan, và có thể xin giấy phép cư trú tạm thời sau khi đến. Thủ tục và thời gian chờ hiện hành: [UNVERIFIED].
- Giấy phép lao động ghi rõ chủ sử dụng, công việc và mức lương; đổi chủ hoặc đổi công việc thường phải xin giấy phép mới [UNVERIFIED].
- Thủ tục rút gọn (khai báo giao việc) chỉ dành cho công dân một số nước, không áp dụng cho người Việt Nam [UNVERIFIED]. Ai hứa “đi nhanh, không cần giấy phép” là đang nói sai.
- Nếu bạn tự ký hợp đồng trực tiếp với chủ sử dụng ở Ba Lan, Luật 69/2020/QH14 yêu cầu đăng ký hợp đồng với cơ quan quản lý lao động của tỉnh/thành phố nơi bạn thường trú trước khi đi [UNVERIFIED].
- Không sang Ba Lan bằng thị thực du lịch, thị thực Schengen ngắn hạn hay thị thực thăm thân với lời hứa “sang rồi làm giấy tờ đi làm sau”: làm việc như vậy là trái phép, có thể bị phạt, bị trục xuất và bị cấm nhập cảnh.
- Giấy phép lao động của Ba Lan không cho phép làm việc ở nước khác. Giấy phép cư trú có thể cho phép đi lại ngắn ngày trong khối Schengen [UNVERIFIED], nhưng không được làm việc ở đó. Lời hứa “sang Ba Lan rồi đi tiếp sang Đức, Pháp, Anh” dẫn đến cư trú và làm việc bất hợp pháp, nợ nần, nguy cơ bị bóc lột và bị mua bán người trên đường đi.
- Trang chính thức của Cơ quan Người nước ngoài Ba Lan (UdSC): [gov.pl/web/udsc](https://www.gov.pl/web/udsc) [UNVERIFIED].

{SOURCES_VI}
""",
                f"""
- **Contract work through a licensed enterprise**: the employer in Poland applies for your work permit (zezwolenie na pracę) to the office of the voivode (wojewoda) where you will work; only with the permit do you apply for a national (type D) visa for work at a Polish consulate, and you may apply for a temporary residence permit after arrival. Current procedure and waiting times: [UNVERIFIED].
- The work permit names the employer, the job and the salary; changing employer or job usually needs a new permit [UNVERIFIED].
- The simplified procedure (a declaration of entrusting work) is only for citizens of certain countries, not for Vietnamese citizens [UNVERIFIED]. Anyone promising to send you "fast, with no permit" is wrong.
- If you sign a contract directly with an employer in Poland, Law 69/2020/QH14 requires you to register it with the labour authority of the province where you live before you leave [UNVERIFIED].
- Do not go to Poland on a tourist, short-stay Schengen or family-visit visa with a promise of "getting work papers once you are there": working that way is illegal, and can lead to fines, removal and an entry ban.
- A Polish work permit does not allow work in any other country. The residence permit may allow short trips within the Schengen area [UNVERIFIED], but not work there. A promise to "go to Poland, then move on to Germany, France or the UK" leads to irregular stay and work, debt, and the risk of exploitation and trafficking on the way.
- Official site of Poland's Office for Foreigners (UdSC): [gov.pl/web/udsc](https://www.gov.pl/web/udsc) [UNVERIFIED].

{SOURCES_EN}
""",
            ),
            "fees": _t(
                f"{FEE_RULE_VI}\n\nGiấy phép lao động do chủ sử dụng xin; hãy hỏi rõ bằng văn bản ai trả lệ phí giấy phép, thị thực và vé máy bay (mức lệ phí: [UNVERIFIED]). Ở Ba Lan, công ty việc làm không được thu phí của người lao động cho việc giới thiệu việc làm [UNVERIFIED]. Người môi giới đòi hàng trăm triệu đồng cho “visa lao động châu Âu”, hoặc đòi tiền để “mua lịch hẹn”, “chạy visa” tại cơ quan lãnh sự, là dấu hiệu cảnh báo.\n\n{RECEIPTS_VI}",
                f'{FEE_RULE_EN}\n\nThe employer applies for the work permit; ask in writing who pays the permit and visa fees and the air ticket (amounts: [UNVERIFIED]). In Poland, employment agencies may not charge workers for finding them a job [UNVERIFIED]. Brokers asking hundreds of millions of đồng for a "European work visa", or money to "buy an appointment" or "fix the visa" at the consulate, are a warning sign.\n\n{RECEIPTS_EN}',
            ),
            "contract": _t(
                "- Hỏi rõ loại hợp đồng: ở Ba Lan có hợp đồng lao động (umowa o pracę) và các hợp đồng dân sự (ví dụ umowa zlecenie). Hợp đồng dân sự thường ít quyền lợi hơn, ví dụ về nghỉ phép có lương [UNVERIFIED]. Hãy đề nghị ký hợp đồng lao động.\n- Hợp đồng bằng văn bản, có bản tiếng Việt, ghi rõ chủ sử dụng, nơi làm việc, công việc, lương trước và sau thuế, giờ làm, nhà ở và các khoản khấu trừ; lương và giờ làm không được kém hơn ghi trong giấy phép lao động [UNVERIFIED].\n- Lương không thấp hơn lương tối thiểu của Ba Lan (mức hiện hành: [UNVERIFIED]).\n- Làm qua công ty cung ứng lao động tạm thời: hãy biết rõ ai là chủ sử dụng, ai trả lương và bạn làm ở đâu.\n- Nếu sang đến nơi bị đưa hợp đồng khác, đừng ký và hãy liên hệ doanh nghiệp đưa đi và Đại sứ quán.",
                "- Ask which kind of contract it is: Poland has labour contracts (umowa o pracę) and civil-law contracts (e.g. umowa zlecenie). Civil-law contracts usually give fewer rights, for example to paid leave [UNVERIFIED]. Ask for a labour contract.\n- A written contract, with a Vietnamese version, naming the employer, the workplace, the job, the salary before and after tax, the hours, the housing and the deductions; the pay and hours may not be worse than those in the work permit [UNVERIFIED].\n- The salary is not below Poland's minimum wage (current amount: [UNVERIFIED]).\n- Working through a temporary-work agency: know who the employer is, who pays you and where you will work.\n- If you are given a different contract on arrival, do not sign it, and contact the enterprise that sent you and the embassy.",
            ),
            "rights": _t(
                "- Người có hợp đồng lao động được hưởng các quyền theo Bộ luật Lao động Ba Lan: giờ làm, ngày nghỉ, nghỉ phép có lương, trả lương làm thêm giờ.\n- Không ai được giữ hộ chiếu hay thẻ cư trú của bạn.\n- Mất việc hoặc đổi chủ có thể ảnh hưởng đến giấy phép cư trú, và có thời hạn phải thông báo cho cơ quan có thẩm quyền [UNVERIFIED]. Khi chủ sử dụng không trả lương, ép làm việc hay cho nghỉ việc, hãy báo ngay cho doanh nghiệp đưa đi và Đại sứ quán.\n- Khiếu nại về lương và an toàn lao động: Thanh tra Lao động Quốc gia Ba Lan (Państwowa Inspekcja Pracy, PIP) [UNVERIFIED].",
                "- Workers with a labour contract have the rights of Poland's Labour Code: hours, rest days, paid leave, overtime pay.\n- No one may keep your passport or residence card.\n- Losing your job or changing employer may affect your residence permit, and there are deadlines to notify the authorities [UNVERIFIED]. If the employer does not pay, forces you to work or dismisses you, tell the enterprise that sent you and the embassy at once.\n- Complaints about pay and safety: Poland's National Labour Inspectorate (Państwowa Inspekcja Pracy, PIP) [UNVERIFIED].",
            ),
            "health": _t(
                "- Người có hợp đồng lao động được đăng ký bảo hiểm y tế công (NFZ) [UNVERIFIED]. Với hợp đồng dân sự, hãy hỏi rõ bạn có được đóng bảo hiểm y tế và bảo hiểm tai nạn hay không.\n- Làm ở nhà máy, kho hàng, công trường: yêu cầu đồ bảo hộ và hướng dẫn an toàn bằng ngôn ngữ bạn hiểu. Khi bị tai nạn lao động, hãy đi khám ngay và yêu cầu khai báo tai nạn lao động.\n- Mùa đông lạnh và ngày ngắn: chuẩn bị quần áo ấm, giữ liên lạc với gia đình, bạn bè để tránh cô đơn.",
                "- Workers with a labour contract are registered with public health insurance (NFZ) [UNVERIFIED]. With a civil-law contract, ask exactly whether you are covered by health and accident insurance.\n- Factories, warehouses and building sites: ask for protective equipment and safety instructions in a language you understand. After a work accident, see a doctor at once and ask for it to be declared as a work accident.\n- Winters are cold and days short: bring warm clothes and keep in touch with family and friends to avoid loneliness.",
            ),
            "contacts": _t(f"- {CONSULAR_VI}\n{HOTLINE_VI}", f"- {CONSULAR_EN}\n{HOTLINE_EN}"),
            "checklist": _t(
                f"- Có giấy phép lao động của Ba Lan và thị thực quốc gia (loại D) để làm việc, không phải thị thực du lịch hay thị thực Schengen ngắn hạn.\n- Biết loại hợp đồng bạn ký (hợp đồng lao động hay hợp đồng dân sự).\n- Biết tên, địa chỉ của chủ sử dụng và nơi bạn sẽ ở.\n- Hiểu rằng bạn chỉ được làm việc ở Ba Lan, cho chủ sử dụng ghi trong giấy phép.\n{CHECK_VI}",
                f"- You have a Polish work permit and a national (type D) visa for work, not a tourist or short-stay Schengen visa.\n- You know which kind of contract you sign (labour contract or civil-law contract).\n- You know the name and address of the employer and where you will live.\n- You understand that you may work only in Poland, for the employer named in the permit.\n{CHECK_EN}",
            ),
        },
    },
]

WARNING: dict[str, Any] = {
    "slug": "scam-compounds",
    "regions": ["KH", "MM", "LA"],
    "sort": 1,
    "content": {
        "title": _t(
            "Các “đặc khu lừa đảo” ở Campuchia, Myanmar và Lào",
            "Scam compounds in Cambodia, Myanmar and Laos",
        ),
        "summary": _t(
            "Nhiều người Việt Nam bị lừa sang các khu tổ hợp ở Campuchia, Myanmar và Lào với lời hứa “việc nhẹ lương cao”, rồi bị giữ lại, bị ép lừa đảo qua mạng, bị đánh và bị đòi tiền chuộc.",
            'Many Vietnamese are lured to compounds in Cambodia, Myanmar and Laos with promises of "easy work, high pay", then held, forced to run online scams, beaten and held for ransom.',
        ),
        "situation": _t(
            """
Các nhóm tội phạm điều hành những khu tổ hợp khép kín, thường gắn với sòng bạc, ở các nơi như Sihanoukville, Poipet, Bavet (Campuchia), Myawaddy, Shwe Kokko (Myanmar) và Đặc khu kinh tế Tam giác vàng (Lào). Người bị đưa đến đó bị giữ giấy tờ, bị ép làm chỉ tiêu lừa đảo qua mạng, bị phạt, bị đánh, bị bán sang khu khác.

Nguồn: cảnh báo của công an Việt Nam do báo SGGP đưa tin; báo cáo của Asia Pacific Foundation, Lao Times và Bộ Ngoại giao Thái Lan (theo tài liệu tham khảo của SafePath, mục 7).
""",
            """
Criminal groups run closed compounds, often linked to casinos, in places such as Sihanoukville, Poipet and Bavet (Cambodia), Myawaddy and Shwe Kokko (Myanmar) and the Golden Triangle Special Economic Zone (Laos). People taken there have their papers taken, are forced to meet online-scam quotas, fined, beaten and sold on to other compounds.

Sources: Vietnamese police warnings reported by SGGP; reports of the Asia Pacific Foundation, the Lao Times and the Thai Ministry of Foreign Affairs (as summarised in SafePath's domain reference, section 7).
""",
        ),
        "tactics": _t(
            """
- Tin tuyển dụng trên Facebook, Zalo, TikTok, Telegram: “nhân viên chăm sóc khách hàng”, “đánh máy”, “bán hàng online”, “làm ở sòng bạc”.
- Lương rất cao so với công việc, ví dụ “thu nhập trên 20 triệu đồng/tháng, không cần kinh nghiệm” (SGGP).
- “Không mất phí”, người tuyển trả trước vé đi lại: khoản này sau đó biến thành “nợ” hoặc “tiền phạt hợp đồng”; có trường hợp bị đòi 60–90 triệu đồng (SGGP).
- Đi bằng thị thực du lịch, được dặn vượt biên ban đêm hoặc đi thuyền, qua nước thứ ba.
- Người quen, người yêu qua mạng rủ đi.
""",
            """
- Job posts on Facebook, Zalo, TikTok and Telegram: "customer service", "typist", "online sales", "casino work".
- Pay far too high for the job, e.g. "over VND 20 million a month, no experience needed" (SGGP).
- "No fee", travel paid in advance by the recruiter: the cost later becomes a "debt" or a "contract penalty"; demands of VND 60–90 million have been reported (SGGP).
- Travel on a tourist visa, told to cross a border at night or by boat, through a third country.
- An acquaintance or an online partner invites you to come along.
""",
        ),
        "signs": _t(
            """
- Người tuyển dụng không phải doanh nghiệp có giấy phép đưa người lao động đi làm việc ở nước ngoài.
- Không có hợp đồng bằng văn bản, không rõ tên và địa chỉ công ty ở nước ngoài.
- Được dặn giữ bí mật với gia đình, chỉ liên lạc qua ứng dụng nhắn tin.
- Người khác lo toàn bộ giấy tờ, giữ hộ chiếu của bạn.
- Nơi đến là Campuchia, Myanmar, Lào với công việc “online”.
Hãy dán tin tuyển dụng vào trang “Kiểm tra tin tuyển dụng” để xem các dấu hiệu.
""",
            """
- The recruiter is not an enterprise licensed to send workers abroad.
- No written contract; the name and address of the company abroad are not given.
- You are told to keep it secret from your family and to talk only through messaging apps.
- Someone else arranges all the papers and keeps your passport.
- The destination is Cambodia, Myanmar or Laos, for "online" work.
Paste the job offer into the "Check a job offer" page to see its warning signs.
""",
        ),
        "help": _t(
            """
- Nếu bạn hoặc người thân đang bị giữ: gọi 111 [UNVERIFIED] hoặc 113, hoặc báo công an nơi gia đình cư trú.
- Ghi lại mọi thông tin: vị trí (ảnh chụp bản đồ), tên khu, số điện thoại, tài khoản mạng xã hội của người tuyển, ảnh chụp tin nhắn.
- Đừng tự chuyển tiền chuộc trước khi nói chuyện với công an: nhiều gia đình trả tiền mà người thân không được thả.
- Liên hệ Đại sứ quán Việt Nam tại Campuchia, Myanmar hoặc Lào ({CONSULAR_SHORT_VI}).
- Khi đã về nước: các trung tâm hỗ trợ miễn phí về chỗ ở, y tế, tâm lý, pháp lý và học nghề. Dùng trang “Yêu cầu hỗ trợ”.
""".replace("{CONSULAR_SHORT_VI}", "xem Cổng thông tin lãnh sự của Bộ Ngoại giao"),
            """
- If you or a relative are being held: call 111 [UNVERIFIED] or 113, or report to the police where the family lives.
- Write everything down: the location (a screenshot of the map), the name of the compound, the recruiter's phone numbers and social-media accounts, screenshots of the messages.
- Do not send ransom money on your own before talking to the police: many families pay and their relative is not released.
- Contact Viet Nam's embassy in Cambodia, Myanmar or Laos (see the Ministry of Foreign Affairs' consular portal).
- After coming home: centres give free support with shelter, health, counselling, legal help and vocational training. Use the "Ask for help" page.
""",
        ),
        "contacts": _t(f"- {CONSULAR_VI}\n{HOTLINE_VI}", f"- {CONSULAR_EN}\n{HOTLINE_EN}"),
    },
}
