"""Vietnamese administrative prose for the body of synthetic documents: goals, requirements,
tasks with the agencies in charge, funding, reporting duties.

Sentences are assembled from parts (actor + task + purpose), so a 30 KB plan does not repeat
itself. The prose never names a document: every citation in a synthetic text comes from the
plan, so the answer key lists all of them. Numbers that are *not* citations are written on
purpose (dates, percentages, periods `2021 - 2025`, quarters `Quý II/2024`, phone numbers,
the hotline 111) because real texts are full of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from random import Random
from typing import TypeVar

T = TypeVar("T")

ACTORS = {
    "province": [
        "Sở Lao động - Thương binh và Xã hội",
        "Sở Giáo dục và Đào tạo",
        "Sở Y tế",
        "Công an tỉnh",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Sở Thông tin và Truyền thông",
        "Sở Tư pháp",
        "Sở Tài chính",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "Hội Liên hiệp Phụ nữ tỉnh",
        "Tỉnh đoàn",
        "Đài Phát thanh và Truyền hình tỉnh",
        "Báo tỉnh",
        "Ban Tuyên giáo Tỉnh ủy",
        "Ủy ban nhân dân các huyện, thị xã, thành phố",
    ],
    "district": [
        "Phòng Lao động - Thương binh và Xã hội",
        "Phòng Giáo dục và Đào tạo",
        "Phòng Văn hóa và Thông tin",
        "Trung tâm Y tế huyện",
        "Công an huyện",
        "Phòng Tư pháp",
        "Phòng Tài chính - Kế hoạch",
        "Ủy ban Mặt trận Tổ quốc Việt Nam huyện",
        "Hội Liên hiệp Phụ nữ huyện",
        "Huyện đoàn",
        "Trung tâm Văn hóa - Thể thao và Truyền thanh",
        "Ban Tuyên giáo Huyện ủy",
        "Ủy ban nhân dân các xã, thị trấn",
    ],
    "commune": [
        "Công chức Văn hóa - Xã hội",
        "Trạm Y tế",
        "Công an xã",
        "Đài truyền thanh",
        "Ủy ban Mặt trận Tổ quốc",
        "Hội Liên hiệp Phụ nữ",
        "Đoàn Thanh niên",
        "Hội Nông dân",
        "Hội Cựu chiến binh",
        "các trường Mầm non, Tiểu học, Trung học cơ sở trên địa bàn",
        "Ban Công an",
        "các thôn, khu phố",
    ],
    "unit": [
        "Ban Giám hiệu",
        "giáo viên chủ nhiệm các lớp",
        "Tổng phụ trách Đội",
        "nhân viên y tế trường học",
        "Công đoàn nhà trường",
        "Chi đoàn giáo viên",
        "các tổ chuyên môn",
        "Ban đại diện cha mẹ học sinh",
    ],
}

TASKS = [
    "đẩy mạnh công tác thông tin, tuyên truyền, phổ biến, giáo dục pháp luật về quyền trẻ em",
    "chủ động phòng ngừa, phát hiện sớm và xử lý kịp thời các hành vi bạo lực, xâm hại trẻ em",
    "rà soát, thống kê, cập nhật thông tin về trẻ em có hoàn cảnh đặc biệt vào cơ sở dữ liệu",
    "tổ chức các lớp tập huấn nâng cao năng lực cho đội ngũ cán bộ làm công tác trẻ em",
    "duy trì và nhân rộng các mô hình phòng, chống tai nạn thương tích, đuối nước ở trẻ em",
    "phối hợp với các đơn vị liên quan tổ chức dạy bơi an toàn cho trẻ em trong dịp hè",
    "tăng cường kiểm tra, giám sát việc thực hiện chính sách, pháp luật về trẻ em",
    "kịp thời hỗ trợ, can thiệp đối với trẻ em bị xâm hại hoặc có nguy cơ bị xâm hại",
    "xây dựng môi trường sống an toàn, lành mạnh, thân thiện cho trẻ em tại gia đình và cộng đồng",
    "bảo đảm trẻ em được tiếp cận đầy đủ các dịch vụ y tế, giáo dục, văn hóa và vui chơi giải trí",
    "củng cố, kiện toàn mạng lưới cộng tác viên bảo vệ trẻ em ở thôn, tổ dân phố",
    "tổ chức diễn đàn trẻ em để các em được bày tỏ ý kiến, nguyện vọng về các vấn đề liên quan",
    "vận động các tổ chức, cá nhân hỗ trợ học bổng, quà tặng cho trẻ em nghèo vượt khó",
    "theo dõi, quản lý chặt chẽ trẻ em có nguy cơ bỏ học, lao động sớm hoặc kết hôn sớm",
    "quan tâm chăm sóc dinh dưỡng, phòng chống suy dinh dưỡng thấp còi cho trẻ em dưới 5 tuổi",
    "thực hiện đầy đủ việc tiêm chủng mở rộng và khám sức khỏe định kỳ cho trẻ em",
    "phát hiện, tư vấn và chuyển gửi kịp thời các trường hợp trẻ em cần hỗ trợ tâm lý",
    "nâng cao kỹ năng làm cha mẹ, kỹ năng bảo vệ con em trên môi trường mạng",
    "lồng ghép các chỉ tiêu về trẻ em vào kế hoạch phát triển kinh tế - xã hội hằng năm",
    "bố trí đủ cán bộ, công chức theo dõi công tác trẻ em và ổn định đội ngũ cộng tác viên",
    "tổ chức các hoạt động vui chơi, giải trí, văn hóa, thể thao cho trẻ em nhân dịp hè",
    "kiểm tra các điểm vui chơi, hồ, ao, sông, suối có nguy cơ mất an toàn và cắm biển cảnh báo",
    "xử lý nghiêm các tổ chức, cá nhân vi phạm quyền trẻ em và công khai kết quả xử lý",
    "phát huy vai trò của gia đình, nhà trường và cộng đồng trong chăm sóc, giáo dục trẻ em",
    "thực hiện tốt chính sách trợ giúp xã hội đối với trẻ em mồ côi, trẻ em khuyết tật",
    "giáo dục kỹ năng sống, kiến thức về giới và kỹ năng tự bảo vệ cho học sinh",
    "tổ chức đánh giá, công nhận xã, phường, thị trấn phù hợp với trẻ em theo đúng tiêu chí",
    "quảng bá rộng rãi Tổng đài điện thoại quốc gia bảo vệ trẻ em 111 đến từng hộ gia đình",
    "phối hợp liên ngành trong tiếp nhận, xác minh và xử lý thông tin, thông báo về trẻ em bị xâm hại",
    "ưu tiên nguồn lực cho các xã vùng sâu, vùng xa, vùng đồng bào dân tộc thiểu số",
]

UNIT_TASKS = [
    "xây dựng trường học an toàn, thân thiện, phòng chống bạo lực học đường",
    "lồng ghép nội dung giáo dục kỹ năng sống vào các tiết sinh hoạt lớp và hoạt động ngoại khóa",
    "tổ chức cho học sinh ký cam kết không vi phạm an toàn giao thông, không chơi gần ao, hồ",
    "kiểm tra, sửa chữa kịp thời cơ sở vật chất, thiết bị có nguy cơ gây mất an toàn",
    "phối hợp với cha mẹ học sinh theo dõi, quản lý học sinh trong thời gian nghỉ hè",
    "tổ chức tuyên truyền dưới cờ về phòng, chống xâm hại và bạo lực đối với học sinh",
    "duy trì hoạt động của phòng tư vấn tâm lý học đường và hộp thư góp ý của học sinh",
    "thực hiện nghiêm bộ quy tắc ứng xử trong nhà trường đối với cán bộ, giáo viên, nhân viên",
    "theo dõi sĩ số hằng ngày, kịp thời vận động học sinh có nguy cơ bỏ học trở lại lớp",
    "bảo đảm vệ sinh an toàn thực phẩm trong bữa ăn bán trú của học sinh",
]

PURPOSES = [
    "nhằm nâng cao nhận thức, trách nhiệm của gia đình, nhà trường và xã hội",
    "góp phần giảm thiểu tình trạng trẻ em bị xâm hại, bạo lực và tai nạn thương tích",
    "bảo đảm mọi trẻ em được phát triển toàn diện về thể chất, trí tuệ, tinh thần và đạo đức",
    "tạo sự chuyển biến rõ nét trong nhận thức và hành động của các cấp, các ngành",
    "để trẻ em được sống trong môi trường an toàn, lành mạnh",
    "nhằm thực hiện có hiệu quả các mục tiêu, chỉ tiêu về trẻ em đã đề ra",
    "bảo đảm không để trẻ em nào bị bỏ lại phía sau",
    "từng bước thu hẹp khoảng cách về điều kiện sống của trẻ em giữa các vùng",
]

MANNERS = [
    "Tiếp tục",
    "Chủ động",
    "Thường xuyên",
    "Tập trung",
    "Tăng cường",
    "Định kỳ hằng năm",
    "Phối hợp chặt chẽ để",
    "Chỉ đạo, hướng dẫn các đơn vị trực thuộc",
]

GOALS = [
    "Quán triệt sâu sắc, tổ chức triển khai đồng bộ các nhiệm vụ, giải pháp về chăm sóc, giáo dục và bảo vệ "
    "trẻ em {area}.",
    "Nâng cao nhận thức, vai trò, trách nhiệm của cấp ủy, chính quyền, các cơ quan, đơn vị và mỗi gia đình "
    "đối với công tác trẻ em.",
    "Xác định rõ nhiệm vụ trọng tâm, phân công cụ thể trách nhiệm cho từng cơ quan, đơn vị trong tổ chức "
    "thực hiện.",
    "Huy động sự tham gia của toàn xã hội trong việc bảo đảm thực hiện quyền trẻ em, tạo môi trường an toàn "
    "cho trẻ em phát triển.",
    "Tạo chuyển biến mạnh mẽ trong công tác phòng ngừa, phát hiện và xử lý các hành vi xâm hại trẻ em "
    "{area}.",
    "Cụ thể hóa các mục tiêu, chỉ tiêu về trẻ em phù hợp với điều kiện thực tế của địa phương.",
]

REQUIREMENTS = [
    "Việc triển khai phải bảo đảm thiết thực, hiệu quả, tránh hình thức, phù hợp với tình hình thực tế.",
    "Các cơ quan, đơn vị chủ động xây dựng kế hoạch cụ thể, bố trí nguồn lực để thực hiện các nhiệm vụ "
    "được giao.",
    "Tăng cường phối hợp giữa các cơ quan, đơn vị; thường xuyên kiểm tra, đôn đốc, sơ kết, đánh giá kết quả "
    "thực hiện.",
    "Gắn trách nhiệm của người đứng đầu với kết quả thực hiện công tác trẻ em tại cơ quan, đơn vị.",
    "Kịp thời báo cáo những khó khăn, vướng mắc phát sinh trong quá trình tổ chức thực hiện để được hướng "
    "dẫn, giải quyết.",
    "Bảo đảm sự lãnh đạo, chỉ đạo thống nhất từ {upper} đến cơ sở.",
]

SITUATIONS = [
    "Thời gian qua, công tác chăm sóc, giáo dục và bảo vệ trẻ em {area} đã được các cấp, các ngành quan tâm "
    "và đạt được nhiều kết quả tích cực.",
    "Tình trạng trẻ em bị tai nạn thương tích, đặc biệt là đuối nước trong dịp hè, vẫn còn xảy ra; "
    "một số vụ việc xâm hại trẻ em chưa được phát hiện, xử lý kịp thời.",
    "Điều kiện sống của một bộ phận trẻ em ở vùng khó khăn còn nhiều hạn chế; tỷ lệ trẻ em suy dinh dưỡng "
    "thể thấp còi tuy đã giảm nhưng chưa bền vững.",
    "Nhận thức của một bộ phận cha mẹ, người chăm sóc trẻ em về kỹ năng bảo vệ trẻ em còn chưa đầy đủ.",
    "Đội ngũ cán bộ làm công tác trẻ em ở cơ sở còn kiêm nhiệm nhiều việc, thường xuyên thay đổi.",
]

FUNDING = [
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước theo phân cấp hiện hành, lồng ghép trong "
    "các chương trình, đề án có liên quan và huy động từ các nguồn hợp pháp khác.",
    "Các cơ quan, đơn vị chủ động bố trí kinh phí trong dự toán được giao hằng năm để thực hiện các nhiệm vụ "
    "theo kế hoạch.",
    "Khuyến khích các tổ chức, cá nhân, doanh nghiệp đóng góp, hỗ trợ nguồn lực cho công tác bảo vệ, "
    "chăm sóc trẻ em.",
]

INDICATORS = [
    "Phấn đấu {pct}% trẻ em có hoàn cảnh đặc biệt được hỗ trợ, can thiệp để hòa nhập cộng đồng.",
    "Phấn đấu đến cuối năm {year} có {pct}% số xã, phường, thị trấn đạt tiêu chuẩn phù hợp với trẻ em.",
    "Giảm tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi xuống dưới {small}%.",
    "{pct}% trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế.",
    "{pct}% cha mẹ, người chăm sóc trẻ em được cung cấp kiến thức, kỹ năng về bảo vệ trẻ em.",
    "Giảm tỷ suất tử vong do tai nạn thương tích ở trẻ em so với năm {prev}.",
    "Tỷ lệ trẻ em trong độ tuổi đi học được đến trường đạt trên {pct}%.",
    "Ít nhất 1/3 số thôn, tổ dân phố duy trì mô hình phòng, chống xâm hại trẻ em.",
]

TIMINGS = [
    "Thời gian thực hiện: Thường xuyên.",
    "Thời gian thực hiện: Hằng năm.",
    "Thời gian thực hiện: Quý {quarter}/{year}.",
    "Thời gian thực hiện: Trong tháng {month}/{year}.",
    "Thời gian thực hiện: Từ tháng {month} đến tháng 12 năm {year}.",
    "Thời gian thực hiện: Tháng 6 hằng năm (Tháng hành động vì trẻ em).",
]

HOTLINES = [
    "Tuyên truyền rộng rãi số điện thoại của Tổng đài quốc gia bảo vệ trẻ em 111 (miễn phí) để người dân "
    "kịp thời thông báo, tố giác các hành vi xâm hại trẻ em.",
    "Mọi thông tin phản ánh về trẻ em bị xâm hại đề nghị gọi Tổng đài 111 hoặc số điện thoại trực của "
    "cơ quan thường trực: {phone}.",
]

QUARTERS = ("I", "II", "III", "IV")


def pick(rng: Random, seq: Sequence[T]) -> T:
    """`rng.choice`, about three times faster (the hot path of a 1.5 GB corpus)."""
    return seq[int(rng.random() * len(seq))]


def between(rng: Random, low: int, high: int) -> int:
    """`rng.randint`, faster."""
    return low + int(rng.random() * (high - low + 1))


def _fill(template: str, rng: Random, ctx: dict[str, str]) -> str:
    if "{" not in template:
        return template
    year = int(ctx["year"])
    return template.format(
        area=ctx["area"],
        upper=ctx["upper"],
        year=year,
        prev=year - 1,
        pct=pick(rng, (70, 80, 85, 90, 95, 100)),
        small=pick(rng, (12, 15, 18, 20)),
        quarter=pick(rng, QUARTERS),
        month=between(rng, 2, 11),
        phone=ctx["phone"],
    )


def actor(rng: Random, level: str) -> str:
    return pick(rng, ACTORS.get(level, ACTORS["district"]))


def task_sentence(rng: Random, level: str, ctx: dict[str, str]) -> str:
    """One sentence of a task: manner + task + purpose."""
    tasks = UNIT_TASKS + TASKS[:10] if level == "unit" else TASKS
    sentence = f"{pick(rng, MANNERS)} {pick(rng, tasks)}"
    if rng.random() < 0.6:
        sentence += f", {pick(rng, PURPOSES)}"
    return sentence + "."


def task_block(rng: Random, level: str, ctx: dict[str, str], heading: str) -> list[str]:
    """A numbered task: heading, bullets, agency in charge, partners, timing."""
    lines = [heading]
    for _ in range(between(rng, 1, 4)):
        lines.append("- " + task_sentence(rng, level, ctx))
    if rng.random() < 0.25:
        lines.append("- " + _fill(pick(rng, INDICATORS), rng, ctx))
    if rng.random() < 0.15:
        lines.append("- " + _fill(pick(rng, HOTLINES), rng, ctx))
    if level != "unit":
        lead = actor(rng, level)
        partners = sorted({actor(rng, level) for _ in range(between(rng, 1, 3))} - {lead})
        lines.append(f"- Cơ quan chủ trì: {lead}.")
        if partners:
            lines.append(f"- Cơ quan phối hợp: {', '.join(partners)} và các cơ quan, đơn vị có liên quan.")
    lines.append("- " + _fill(pick(rng, TIMINGS), rng, ctx))
    return lines


def goals(rng: Random, ctx: dict[str, str]) -> list[str]:
    return ["- " + _fill(g, rng, ctx) for g in rng.sample(GOALS, between(rng, 2, 4))]


def requirements(rng: Random, ctx: dict[str, str]) -> list[str]:
    return ["- " + _fill(r, rng, ctx) for r in rng.sample(REQUIREMENTS, between(rng, 2, 4))]


def situation(rng: Random, ctx: dict[str, str]) -> str:
    picks = sorted(rng.sample(range(len(SITUATIONS)), between(rng, 1, 3)))
    return " ".join(_fill(SITUATIONS[i], rng, ctx) for i in picks)


def funding(rng: Random) -> list[str]:
    return rng.sample(FUNDING, between(rng, 1, 2))


def assignment(rng: Random, level: str, ctx: dict[str, str], index: int) -> str:
    """A paragraph of the `Tổ chức thực hiện` section: one agency and its duties."""
    who = actor(rng, level)
    duty = pick(rng, TASKS if level != "unit" else UNIT_TASKS)
    return f"{index}. {who[:1].upper()}{who[1:]}: {pick(rng, MANNERS).lower()} {duty}; {pick(rng, PURPOSES)}."


def reporting(rng: Random, ctx: dict[str, str], to: str) -> str:
    """The reporting duty, with deadlines that are dates, not citations."""
    year = int(ctx["year"])
    late = int(ctx.get("month", "1")) >= 5  # the mid-year report of this year is already past
    first = f"{pick(rng, (10, 15, 20))}/{pick(rng, (5, 6))}/{year + late}"
    last = f"{pick(rng, (5, 10, 15))}/{pick(rng, (11, 12))}/{year + (int(ctx.get('month', '1')) >= 11)}"
    return (
        f"Định kỳ 6 tháng (trước ngày {first}) và hằng năm (trước ngày {last}), các cơ quan, đơn vị "
        f"báo cáo kết quả thực hiện về {to} để tổng hợp, báo cáo cấp trên theo quy định."
    )


def phone(rng: Random) -> str:
    """A provincial landline: `0235.3851.247` (not a citation)."""
    return f"02{between(rng, 10, 99)}.{between(rng, 3, 3)}{between(rng, 100, 999)}.{between(rng, 100, 999)}"
