//! Government units recognised by their grammar rather than looked up in a list: a head word
//! written with its capital ("Sở", "Ban", "Bộ", "UBND", "Ủy ban nhân dân", "Công an", "Liên
//! minh", "Văn phòng", "Cục", "Đài", "Báo", "Hội", "Trung tâm"…) followed by its name, which runs
//! until a verb or a function word, and ends after its level ("tỉnh", "huyện Vũ Thư"); group
//! addressees ("UBND các huyện, thành phố", "các sở, ban, ngành"); and the elliptical lists of
//! one head ("các sở: Tài chính, Xây dựng").

use unicode_normalization::UnicodeNormalization;

use crate::domain::drafting::TITLES;

use super::folded::{words, Folded};

/// Head words as written (lower case, with their accents), longest first where one starts
/// another.
const HEADS: [&str; 71] = [
    "ủy ban nhân dân",
    "uỷ ban nhân dân",
    // Glued by a copy from PDF.
    "ủyban nhân dân",
    "uỷban nhân dân",
    "ubnd",
    "ủy ban",
    "uỷ ban",
    "bộ chỉ huy quân sự",
    "bộ chỉ huy bộ đội biên phòng",
    // The Inspector General, who heads the Government Inspectorate ("Tổng Thanh tra Chính
    // phủ chỉ đạo …", "Chính phủ yêu cầu Tổng Thanh tra chủ trì …").
    "tổng thanh tra",
    "bộ",
    "sở",
    "ban",
    "công an",
    "liên minh",
    "văn phòng",
    "tổng cục",
    "chi cục",
    "cục",
    "đài",
    "báo",
    "hội đồng",
    "hiệp hội",
    "hội",
    "trung tâm",
    "thanh tra",
    "kho bạc",
    "ngân hàng",
    "tỉnh đoàn",
    "thành đoàn",
    "mặt trận",
    "quỹ",
    "viện",
    "học viện",
    "đại học",
    "trường",
    "trạm",
    "cơ quan",
    "bảo hiểm xã hội",
    // "BHXH tỉnh", "BQL Khu kinh tế", "BQLDA các công trình giao thông".
    "bhxh",
    // "Ngành Giáo dục và Đào tạo", with its capital.
    "ngành",
    "bqlda",
    "bql",
    "cảng vụ",
    "công ty",
    "cty",
    "tổng công ty",
    "tập đoàn",
    "phòng",
    "tỉnh ủy",
    "tỉnh uỷ",
    "thành ủy",
    "huyện ủy",
    // "Đảng ủy các xã, thị trấn", "Đảng ủy xã Bình Phú": a party committee below the district.
    "đảng ủy",
    "đảng uỷ",
    "liên đoàn lao động",
    "hải quan",
    "cục thuế",
    "điện lực",
    "bưu điện",
    "bệnh viện",
    "hạt kiểm lâm",
    "vườn quốc gia",
    // "Tiểu ban Tuyên truyền kiểm tra …": a committee's subcommittee.
    "tiểu ban",
    "chi nhánh",
    // "Tổ công tác sẽ tiến hành kiểm tra …", "Đoàn thanh tra …": a task force.
    "tổ công tác",
    // "Tổ kiểm kê tài sản có nhiệm vụ …", "Tổ bầu cử phải …": a team named by its task.
    "tổ",
    "đoàn thanh tra",
    "đoàn kiểm tra",
    "đoàn công tác",
    "cảnh sát biển",
];

/// Words that end a unit's name: what the unit does, or how, as written (lower case, with
/// their accents, so that "tư" in "Đầu tư" is not "từ"). Right after the head, a word
/// written with its capital is the name instead ("Sở Xây dựng xây dựng…").
const STOPS: [&str; 245] = [
    "quyết định",
    // "các doanh nghiệp kinh doanh xăng dầu trên địa bàn cam kết thực hiện …".
    "cam kết",
    // "Văn phòng Chính phủ sắp xếp bộ máy, nhân sự …".
    "sắp xếp",
    // "Ngành y tế ngoài công tác chăm sóc …", "Ngành thú y mua test nhanh …".
    "ngoài",
    "mua",
    // "Trung tâm Nước sạch … Bến Tre quan trắc …".
    "quan trắc",
    "đề cao",
    "công khai",
    "cung ứng",
    "phát hiện",
    "làm rõ",
    "sửa chữa",
    "sơ tán",
    "xem xét",
    "kiểm kê",
    "chăm sóc",
    "phân bổ",
    "nghiệm thu",
    "tháo dỡ",
    "kê khai",
    "tiếp tục",
    "chủ trì",
    "phối hợp",
    "kết hợp",
    "khẩn trương",
    "tham mưu",
    "có trách nhiệm",
    "cùng với",
    "theo chức năng",
    "chủ động",
    "tăng cường",
    "rà soát",
    "hướng dẫn",
    "xây dựng",
    "tổ chức",
    "thực hiện",
    "triển khai",
    "nghiên cứu",
    "đề xuất",
    "báo cáo",
    "kiểm tra",
    "đôn đốc",
    "tổng hợp",
    "hoàn thành",
    "kiện toàn",
    "huy động",
    "tuyên truyền",
    "lựa chọn",
    "quan tâm",
    "đẩy nhanh",
    "tập trung",
    "tiếp thu",
    "giải quyết",
    "xử lý",
    "ban hành",
    "cập nhật",
    "bố trí",
    "đảm bảo",
    "bảo đảm",
    "theo dõi",
    "làm việc",
    "khắc phục",
    "điều chỉnh",
    "phân công",
    "chỉ đạo",
    "quyết liệt",
    "kịp thời",
    "nghiêm túc",
    "tích cực",
    "sửa đổi",
    "bổ sung",
    "lập",
    "giao",
    "đề nghị",
    "yêu cầu",
    "cần",
    "phải",
    "sớm",
    "ngay",
    "được",
    "đã",
    "đang",
    "sẽ",
    "là",
    "có",
    "để",
    "theo",
    "trong",
    "tại",
    "về",
    "cho",
    "với",
    "từ",
    "đến",
    "trước",
    "sau",
    "của",
    "nhằm",
    "thông qua",
    "rút",
    "nhận",
    "trả",
    "xem",
    "đánh giá",
    "mời",
    "tham gia",
    "ưu tiên",
    "làm",
    "đưa",
    "không",
    "nếu",
    "thẩm định",
    "trình",
    "phê duyệt",
    "hỗ trợ",
    "nâng cao",
    "phát huy",
    "chịu trách nhiệm",
    "ứng",
    "gửi",
    "cấp",
    "chuẩn bị",
    "tiến hành",
    "thu hút",
    "khảo sát",
    "giám sát",
    "quản lý",
    "vận động",
    "phát động",
    "củng cố",
    "duy trì",
    "thông báo",
    "truyền đạt",
    "biết",
    "lưu ý",
    "cung cấp",
    "hoàn thiện",
    "thẩm tra",
    "tiếp nhận",
    "áp dụng",
    "sử dụng",
    "phổ biến",
    "bàn giao",
    "thống nhất",
    "tập huấn",
    "hoàn chỉnh",
    "thành lập",
    "tạm dừng",
    "dừng",
    "lên",
    "lấy",
    "trân trọng",
    "vận hành",
    "cùng",
    "kiên quyết",
    "cương quyết",
    "niêm yết",
    "chịu",
    "tạo điều kiện",
    "chú trọng",
    "tùy",
    "xúc tiến",
    "giúp",
    "quyết tâm",
    "chốt",
    "tuyệt đối",
    "hết sức",
    "xây dựng kế hoạch",
    "điều phối",
    "nắm",
    "ngừng",
    "khẩn cấp",
    "rà",
    "tăng",
    "giảm",
    "mở rộng",
    "đẩy mạnh",
    "thường xuyên",
    "định kỳ",
    "hằng",
    "hàng",
    "tiếp",
    "trên",
    "căn cứ",
    "thuộc",
    "sẵn sàng",
    "chấn chỉnh",
    "nắm bắt",
    "thống kê",
    "kiểm soát",
    "ngăn chặn",
    "xác minh",
    "điều tra",
    "tháo gỡ",
    "giải ngân",
    "thu hồi",
    "cưỡng chế",
    "di dời",
    "lắp đặt",
    "kiểm điểm",
    "công bố",
    "thanh tra",
    "cũng",
    "rất",
    "chú ý",
    "nhắc nhở",
    "quán triệt",
    "thuê",
    "nêu",
    "xuất",
    // "Tổng cục Thuế vừa có văn bản yêu cầu …".
    "vừa",
    "giữ",
    "xác định",
    "nhanh chóng",
    "phản hồi",
    "đề ra",
    "cắm",
    "chậm",
    "vẫn",
    "chưa",
    "trực tiếp",
    "bám sát",
    "đình chỉ",
    "đàm phán",
    "khám nghiệm",
    "hoãn",
    "hoàn tất",
    "điều tiết",
    "đăng tải",
    "vào cuộc",
    "nộp",
    "dự trữ",
    "đối với",
    "tìm",
    // "Sở Tài chính cân đối, bố trí kinh phí", "Sở NN&PTNT cử lực lượng", "Sở TN-MT đăng ký làm
    // việc", "Bộ Tài chính nhấn mạnh", and "chủ trì" mistyped.
    "cân đối",
    "cử",
    "đăng ký",
    "nhấn mạnh",
    "chu trì",
    // "Sở Kế hoạch Đầu tư soạn dự thảo văn bản".
    "soạn",
    "họp",
    "ủy quyền",
    "uỷ quyền",
    // "Các đơn vị dựa trên chức năng, nhiệm vụ …", "Giao Sở Xây dựng thiết kế, lắp đặt …".
    "dựa",
    "thiết kế",
];

/// What follows "và" inside a name written in lower case ("Sở Khoa học và công nghệ").
const NAME_TAILS: [&str; 19] = [
    "cong nghe",
    // "Cục Chế biến thương mại nông lâm thủy sản và nghề muối".
    "nghe muoi",
    "thuy san",
    "thu y",
    // "Chi cục Trồng trọt và bảo vệ thực vật".
    "bao ve thuc vat",
    "cong nghiep",
    "che xuat",
    "tim kiem cuu nan",
    "dau tu",
    "phat trien nong thon",
    // "Công ty cổ phần đầu tư và phát triển xây dựng Miền Bắc".
    "phat trien",
    "moi truong",
    "xa hoi",
    "du lich",
    "truyen thong",
    "dao tao",
    "the thao",
    "thuong binh",
    // "dự án phát triển đô thị vừa và nhỏ".
    "nho",
];

/// Levels that close a name ("Liên minh HTX tỉnh"), or precede a place's name ("huyện Vũ Thư").
const LEVELS: [&str; 9] = [
    "tỉnh",
    "thành phố",
    "huyện",
    "thị xã",
    "quận",
    "xã",
    "phường",
    "thị trấn",
    "đặc khu",
];

/// Levels abbreviated before a place's name (folded): "TP. Phan Thiết", "TX Sơn Tây", "H. Tuy
/// Phong", "Q. 3", "P. 11".
const ABBREVIATED_LEVELS: [&str; 5] = ["tp", "tx", "h", "q", "p"];

/// Whether the word ending at folded `end` is a level abbreviated with its capital ("TP",
/// "Tp", "TX", "H.").
pub fn abbreviated_level_before(text: &Folded, end: usize) -> bool {
    crate::extract::folded::words(text, end.saturating_sub(3), end)
        .last()
        .is_some_and(|(word, word_end)| {
            *word_end == end
                && ABBREVIATED_LEVELS.contains(&text.folded(*word, end).as_str())
                && text.is_capital(*word)
        })
}

/// Whether a city or a town is abbreviated at folded `at` ("TP Hà Nội", "TP.HCM", "Tp Huế",
/// "TX. Sơn Tây"), written with its capital.
fn abbreviated_city_at(text: &Folded, at: usize) -> bool {
    ["tp", "tx"].iter().any(|level| text.words_at(at, level)) && text.is_capital(at)
}

/// Whether `word` (written, lower case) stands at folded `at`.
pub fn written_at(text: &Folded, at: usize, word: &str) -> bool {
    let folded = crate::domain::search::fold(word);
    text.words_at(at, &folded) && written(text, at, at + folded.chars().count()) == word
}

/// The kinds of body a group addressee names after "các" (folded).
const MEMBERS: [&str; 59] = [
    "huyen",
    "thi xa",
    "thanh pho",
    "quan",
    "xa",
    "phuong",
    "thi tran",
    "dac khu",
    "so",
    "ban",
    "phong",
    "nganh",
    "bo",
    "co quan",
    "don vi",
    "dia phuong",
    "doan the",
    "hoi",
    "to chuc",
    "doanh nghiep",
    "hop tac xa",
    "tinh",
    "thanh vien",
    "dong chi",
    // "các đơn vị lực lượng vũ trang": the armed forces, not forces cut short.
    "luc luong vu trang",
    "luc luong",
    "tap doan",
    "tong cong ty",
    "cong ty",
    // "các cục thuế địa phương".
    "cuc thue",
    "chi cuc thue",
    "chu rung",
    "chu dau tu",
    "co so",
    // "các cơ quan, đơn vị, cá nhân".
    "ca nhan",
    // "các phương tiện thông tin đại chúng".
    "phuong tien thong tin dai chung",
    // "Các bệnh viện trực thuộc Bộ", "các trường học", "các trung tâm y tế".
    "benh vien",
    "truong hoc",
    "trung tam",
    "chi cuc",
    "cang vu",
    "ngan hang",
    // A commune's own: "các chuyên môn, đơn vị thuộc UBND xã", "các bộ phận", "các thôn, xóm".
    "chuyen mon",
    "bo phan",
    "thon",
    "xom",
    "to dan pho",
    "ban quan ly",
    // "các cấp ủy, chính quyền", "các cấp chính quyền địa phương", "các cấp, các ngành".
    "cap uy",
    "cap chinh quyen",
    "cap",
    // People by their service: "các cán bộ, công chức, viên chức", "mỗi giáo viên".
    "can bo",
    "cong chuc",
    "vien chuc",
    "nguoi lao dong",
    "giao vien",
    // "các tỉnh, thành", "các huyện, thành, thị": after "thành phố", "thành viên", "thị xã" and
    // "thị trấn", which they would cut short.
    "thanh",
    "thi",
    "tp",
];

/// How far a unit's name may reach, in characters.
const NAME_REACH: usize = 200;

/// A unit or group found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// As written out: the text's words, or "Sở Xây dựng" for "Xây dựng" in "các sở: Tài
    /// chính, Xây dựng".
    pub name: String,
    /// Folded offsets of the words it was read from.
    pub start: usize,
    pub end: usize,
    /// A group addressee ("UBND các huyện, thành phố").
    pub group: bool,
}

impl Unit {
    /// The unit named by folded `[start, end)`, as written there.
    fn read(text: &Folded, start: usize, end: usize, group: bool) -> Unit {
        Unit {
            name: text.text(start, end),
            start,
            end,
            group,
        }
    }
}

fn written(text: &Folded, start: usize, end: usize) -> String {
    text.text(start, end)
        .nfc()
        .collect::<String>()
        .to_lowercase()
}

/// Words that look like a head but begin a common word: "Báo cáo", "Hội nghị", "Ban hành",
/// "Trường hợp", "Phòng chống", "Quỹ đất" (folded).
const NOT_HEADS: [&str; 20] = [
    // "Ban Chấp hành Bộ đội Biên phòng tỉnh": troops, not a ministry.
    "bo doi",
    // "Ban Chỉ huy Phòng thủ dân sự - Phòng, chống thiên tai …".
    "phong thu",
    "phong, chong",
    "phong chay",
    "bao cao",
    "hoi nghi",
    "ban hanh",
    "truong hop",
    "phong chong",
    "phong ngua",
    "bo phan",
    "bo may",
    "ban dau",
    "quy dinh",
    "hoi dap",
    "dai dien",
    "quy dat",
    // "Tổ chức kiểm tra …", "Mặt trận Tổ quốc", "tổ hợp".
    "to chuc",
    "to quoc",
    "to hop",
];

/// The head written at word `at`, as its length in folded characters.
fn head_at(text: &Folded, at: usize) -> Option<usize> {
    // "Bộ đội Biên phòng tỉnh" opening a name is the border guard; inside one ("Bộ Chỉ huy Bộ
    // đội Biên phòng tỉnh", "Ban Chấp hành Bộ đội Biên phòng") it is the name going on.
    if text.words_at(at, "bo doi bien phong") && text.is_capital(at) {
        // Of the name when one of the two words right before it has a capital ("Ban Chấp hành").
        let before = words(text, at.saturating_sub(20), at);
        let mut reach = at;
        let inside = before.iter().rev().take(2).any(|(start, end)| {
            let joined = text.folded(*end, reach).trim().is_empty();
            reach = *start;
            joined && text.is_capital(*start)
        });
        if !inside {
            return Some("bo doi bien phong".len());
        }
    }
    if NOT_HEADS.iter().any(|word| text.words_at(at, word)) {
        return None;
    }
    if !text.is_capital(at) {
        return abbreviated_head_at(text, at);
    }
    // "Vụ Kế hoạch, Tài chính …", "Vụ Pháp chế": a ministry's department, named with a capital
    // ("Vụ việc", "Vụ đông" open a sentence).
    if written(text, at, at + 2) == "vụ" && text.chars.get(at + 2) == Some(&' ') {
        return text.is_capital(at + 3).then_some(2);
    }
    HEADS.iter().find_map(|head| {
        let folded: String = crate::domain::search::fold(head);
        let end = at + folded.chars().count();
        (text.words_at(at, &folded) && written(text, at, end) == *head).then_some(end - at)
    })
}

/// Nouns whose last words are also a stop ("Trung tâm Điều hành chương trình chống ngập",
/// "Ban Quản lý dự án đầu tư xây dựng tỉnh"):
/// inside a name they do not end it (folded).
const NOUNS_ENDING_IN_STOPS: [&str; 19] = [
    "dau tu xay dung",
    "san xuat",
    "cuc thong ke",
    "phat trien xay dung",
    "cong trinh xay dung",
    "trung cap",
    "truc thuoc",
    "vat lieu xay dung",
    "che xuat",
    "co quan dieu tra",
    "hang khong",
    "chuong trinh",
    "cong trinh",
    "quy trinh",
    "lo trinh",
    "tien trinh",
    "hanh trinh",
    // "Hội đồng bầu cử", "Tiểu ban hậu cần".
    "bau cu",
    "hau can",
];

/// Words of a group whose folded form other words share, as they must be written: "các phương
/// tiện" are no wards, "các số liệu" no offices, "đơn vị thi công" no "thị", "thôn, bản" no
/// "ban", "… khắc phục" no "khác", "… có biện pháp" no "có biển".
const WRITTEN_AS: [(&str, &str); 12] = [
    ("phuong", "phường"),
    ("so", "sở"),
    ("quan", "quận"),
    ("xa", "xã"),
    ("thi", "thị"),
    ("thanh", "thành"),
    ("tinh", "tỉnh"),
    ("ban", "ban"),
    ("hoi", "hội"),
    ("bo", "bộ"),
    ("khac", "khác"),
    ("co bien", "có biển"),
];

/// Whether the group's word `folded` at `at` is written as that word is (see [`WRITTEN_AS`]).
fn written_as(text: &Folded, at: usize, folded: &str) -> bool {
    WRITTEN_AS
        .iter()
        .find(|(word, _)| *word == folded)
        .is_none_or(|(_, written)| written_at(text, at, written))
}

/// "sở GTVT", "ban QLDA": a head written in lower case, named by an abbreviation in capitals
/// (or "ngành Thuế", by a capital).
fn abbreviated_head_at(text: &Folded, at: usize) -> Option<usize> {
    // "ngành Thuế tỉnh", "ngành Y tế": a sector named by its capital.
    if text.words_at(at, "nganh") && text.chars.get(at + 5) == Some(&' ') && text.is_capital(at + 6)
    {
        return Some(5);
    }
    let head = ["so", "ban", "phong", "bo"]
        .iter()
        .find(|head| text.words_at(at, head))?;
    // "Tổng cục Đường bộ Việt Nam", "các tỉnh Bắc Trung bộ": a word of the name before it.
    // "Bộ chỉ huy biên phòng TP": the border guard, in lower case.
    // Not "Giao sở Xây dựng …": work handed over opening a sentence.
    let word_before = words(text, at.saturating_sub(12), at).last().copied();
    if word_before.is_some_and(|(start, end)| {
        ((text.is_capital(start) && text.folded(start, end) != "giao")
            || text.folded(start, end) == "bien")
            && text.chars.get(end) == Some(&' ')
            && end + 1 == at
    }) {
        return None;
    }
    let name = at + head.len() + 1;
    // "sở Giáo dục và Đào tạo", "phòng Quản lý đô thị": a head in lower case, its name with a
    // capital.
    if text.chars.get(at + head.len()) == Some(&' ')
        && text.is_capital(name)
        && head_at(text, name).is_none()
        && !LEVELS.iter().any(|level| written_at(text, name, level))
    {
        return Some(head.len());
    }
    let end = (name..text.len())
        .find(|i| !(text.chars[*i].is_alphanumeric() || matches!(text.chars[*i], '&' | '-')))
        .unwrap_or(text.len());
    let abbreviation = text.text(name.min(end), end);
    (text.chars.get(at + head.len()) == Some(&' ')
        && abbreviation.chars().count() >= 2
        && abbreviation
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, '&' | '-')))
    .then_some(head.len())
}

/// Nouns whose first word is also a stop ("Ban An toàn giao thông tỉnh") (folded).
/// "Phòng Vận tải hàng không", "Cảng vụ Hàng hải", "doanh nghiệp vừa và nhỏ".
const NOUNS_STARTING_WITH_STOPS: [&str; 11] = [
    "tim kiem",
    // "Trung tâm xúc tiến du lịch", "Trung tâm Xúc tiến đầu tư".
    "xuc tien du lich",
    "xuc tien dau tu",
    "xuc tien thuong mai",
    "giao thong",
    "giao dich",
    "giao nhan",
    "hang khong",
    "hang hai",
    "hang hoa",
    "vua va nho",
];

fn stop_at(text: &Folded, at: usize) -> Option<&'static str> {
    // The stop may be any word of the noun after its first.
    // "Bộ Kế hoạch và Đầu tư xây dựng nội dung …": the ministry's field, then its work.
    let ministry_field = at >= 19 && text.folded(at - 19, at) == "ke hoach va dau tu ";
    let in_noun = NOUNS_ENDING_IN_STOPS.iter().any(|noun| {
        noun.match_indices(' ')
            .any(|(space, _)| at > space && text.words_at(at - space - 1, noun))
    }) && !ministry_field
        || NOUNS_STARTING_WITH_STOPS
            .iter()
            .any(|noun| text.words_at(at, noun));
    if in_noun {
        return None;
    }
    if let Some(stop) = STOPS
        .iter()
        .copied()
        .find(|stop| written_at(text, at, stop))
    {
        return Some(stop);
    }
    // What a unit tells ("Kho bạc Nhà nước thảo luận …", "Sở Nội vụ phát biểu …") ends its name
    // as its work does (the words of more than one syllable, in lower case).
    if let Some(told) = super::SPEAKING
        .iter()
        .copied()
        .find(|verb| verb.contains(' ') && !text.is_capital(at) && text.words_at(at, verb))
    {
        return Some(told);
    }
    // A text copied from a PDF glues words together ("Bộ Kế hoạch và Đầu tư chủtrì"): read the
    // word only when no stop stands there as written, as is the case for most words of a name.
    let word_end = (at..text.len())
        .find(|i| !text.chars[*i].is_alphanumeric())
        .unwrap_or(text.len());
    let word = written(text, at, word_end);
    STOPS
        .iter()
        .copied()
        .find(|stop| stop.contains(' ') && word == stop.replace(' ', ""))
}

/// Whom a request names when no unit's grammar reads it: a group opening with "các",
/// "những" or "tất cả", or a name with its capital, up to its work within eight words, with no
/// mark but commas between ("các ki ốt phải thực hiện …", "Quỹ đẩy nhanh …").
pub fn addressed_before_work(text: &Folded, at: usize, limit: usize) -> Option<Unit> {
    let words = words(text, at, limit);
    let (first, _) = *words.first()?;
    let group = ["cac", "nhung", "tat ca"]
        .iter()
        .any(|many| text.words_at(at, many));
    if first != at || !(group || text.is_capital(at)) || work_at(text, at) {
        return None;
    }
    let work = words
        .iter()
        .take(9)
        .skip(1)
        .position(|(word, _)| work_at(text, *word))?;
    let end = words[work].1;
    if text
        .folded(at, end)
        .contains(['.', ';', ':', '(', '"', '“'])
    {
        return None;
    }
    Some(Unit::read(text, at, end, group))
}

/// Whether the word at `at` is work (or another word that ends a name), not a unit's.
pub fn work_at(text: &Folded, at: usize) -> bool {
    stop_at(text, at).is_some()
}

/// Where a name's word `[start, stop)` ends when a copy from PDF glued to it the first word
/// of work whose second word starts at `next` ("trườngchủ trì", "Đầu tưtham mưu").
fn glued_stop(text: &Folded, start: usize, stop: usize, next: usize) -> Option<usize> {
    let word = written(text, start, stop);
    let after = written(
        text,
        next,
        (next..text.len())
            .find(|i| !text.chars[*i].is_alphanumeric())
            .unwrap_or(text.len()),
    );
    STOPS.iter().find_map(|work| {
        let (first, second) = work.split_once(' ')?;
        let kept = word.strip_suffix(first)?;
        (!kept.is_empty() && after == second && second.chars().count() > 1)
            .then(|| stop - first.chars().count())
    })
}

/// Past the spaces from `at`.
fn skip_gap(text: &Folded, mut at: usize, limit: usize) -> usize {
    while at < limit && text.chars[at] == ' ' {
        at += 1;
    }
    at
}

/// Whether what stands between two words of a name, other than a space, keeps them in one
/// name: " - " or " – " ("Lao động - Thương binh và Xã hội"), the "&" of "NN & PTNT", the comma of "Văn hóa, Thể thao và Du
/// lịch" and "Lao động, Thương binh và Xã hội" or of an abbreviation ("VH,TT&DL"), the dot
/// of "TP.Hải Phòng".
fn joins_a_name(text: &Folded, end: usize, start: usize) -> bool {
    let gap = text.folded(end, start);
    let capital = text.is_capital(start);
    let abbreviated =
        |at: usize| text.is_capital(at) && text.chars.get(at).is_some_and(|c| c.is_alphabetic());
    // Not "Sở NN&PTNT - Cơ quan thường trực Ban Chỉ huy …": what the unit is besides. "Sở Tài
    // nguyên - môi trường": the second field in lower case.
    (matches!(gap.trim(), "-" | "–")
        && (capital || stop_at(text, start).is_none())
        && !text.words_at(start, "co quan"))
        // "Sở NN & PTNT", "Sở Nông nghiệp & PTNT".
        || (gap.trim() == "&" && abbreviated(start))
        || (gap.trim() == ","
            && ["the thao", "thuong binh", "khen thuong", "chua benh"]
                .iter()
                .any(|field| text.words_at(start, field)))
        // "Ban Chỉ huy Phòng thủ dân sự - Phòng, chống thiên tai …".
        || (gap.trim() == "," && text.words_at(start, "chong") && end >= 5 && text.words_at(end - 5, "phong"))
        || (gap == "," && capital && end > 0 && abbreviated(end - 1) && abbreviated(start + 1))
        || (gap == "." && capital)
        // "UBND TP. Hà Nội": the dot of a level abbreviated, then a space.
        || (gap == ". " && capital && abbreviated_level_before(text, end))
}

/// "Vụ Kế hoạch, Tài chính và Quản lý doanh nghiệp", "Bộ Lao động, Thương binh và Xã hội": a
/// name listing its fields, a comma between the first ones and "và" before the last, each
/// written with its capital. Not the places of a committee ("UBND huyện A, B và C").
fn fields_joined(text: &Folded, at: usize, end: usize, rest: &[(usize, usize)]) -> bool {
    let Some(&(start, _)) = rest.first() else {
        return false;
    };
    if text.folded(end, start).trim() != ","
        || !text.is_capital(start)
        || head_at(text, start).is_some()
        || past_titles(text, start, text.len()) != start
        || committee_head(text, at)
    {
        return false;
    }
    // The field's words up to "và", then a capital: no other comma, no stop, no "các" between.
    let mut last = end;
    for (index, (word, stop)) in rest.iter().enumerate() {
        if index > 0 && !gap_is_space(text, last, *word) {
            return false;
        }
        if text.words_at(*word, "va") {
            return rest
                .get(index + 1)
                .is_some_and(|(next, _)| text.is_capital(*next) && head_at(text, *next).is_none());
        }
        if stop_at(text, *word).is_some() || text.words_at(*word, "cac") {
            return false;
        }
        last = *stop;
    }
    false
}

/// How a People's Committee is written at the head of its name (folded; "Ủyban" glued by a
/// copy from PDF).
const COMMITTEES: [&str; 3] = ["ubnd", "uy ban nhan dan", "uyban nhan dan"];

/// Whether a People's Committee is named at `at`.
fn committee_head(text: &Folded, at: usize) -> bool {
    COMMITTEES.iter().any(|body| text.words_at(at, body))
}

fn gap_is_space(text: &Folded, from: usize, to: usize) -> bool {
    text.chars[from..to].iter().all(|c| *c == ' ')
}

/// A unit starting at folded `at` (a head word), ending before `limit`.
pub fn unit_at(text: &Folded, at: usize, limit: usize) -> Option<Unit> {
    // A head running past the limit ("Sở" read up to "S") is no unit within it.
    let head = head_at(text, at).filter(|head| at + head <= limit)?;
    // A name is short: read at most its first 200 characters, so that a long clause is not
    // read again for every head in it.
    let tokens = words(text, at + head, limit.min(at + head + NAME_REACH));
    let mut end = at + head;
    let mut index = 0;
    while index < tokens.len() && index < 18 {
        let (start, stop) = tokens[index];
        let spaced = gap_is_space(text, end, start);
        if !spaced
            && !joins_a_name(text, end, start)
            && !fields_joined(text, at, end, &tokens[index..])
        {
            break;
        }
        let first = end == at + head;
        // "Sở LĐ-TB&XH thông tin, giới thiệu …": fields abbreviated whole close the name;
        // what follows in lower case is the work, a level aside ("Sở NN&PTNT tỉnh", "Ban Chỉ
        // huy PCTT&TKCN các huyện").
        let after_abbreviated_fields = index > 0 && {
            let (before_start, before_end) = tokens[index - 1];
            let before = text.text(before_start, before_end);
            before.contains(['&', '-'])
                && before
                    .chars()
                    .all(|c| c.is_uppercase() || c == '&' || c == '-')
        };
        if after_abbreviated_fields
            && !text.is_capital(start)
            && !text.words_at(start, "cac")
            && !LEVELS.iter().any(|level| written_at(text, start, level))
        {
            break;
        }
        // "UBND cấp huyện": a level of government, all of its units; "Ban Chỉ huy … cấp huyện":
        // the board at that level.
        if written_at(text, start, "cấp") {
            let level_at = skip_gap(text, stop, limit);
            if let Some(level) = LEVELS.iter().find(|l| written_at(text, level_at, l)) {
                let mut end = level_at + crate::domain::search::fold(level).chars().count();
                // "UBND cấp tỉnh, cấp huyện": more levels.
                while let Some(more) = after_separator(text, end, limit)
                    .filter(|next| written_at(text, *next, "cấp"))
                    .map(|next| skip_gap(text, next + 3, limit))
                    .and_then(|level_at| {
                        LEVELS
                            .iter()
                            .find(|l| written_at(text, level_at, l))
                            .map(|l| level_at + crate::domain::search::fold(l).chars().count())
                    })
                {
                    end = more;
                }
                return Some(Unit::read(text, at, end, false));
            }
        }
        // "Ban chỉ đạo", "Ban quản lý" are names even written in lower case.
        // "Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia": inside a name too.
        let board_word = if first {
            Some(at)
        } else {
            index.checked_sub(1).map(|i| tokens[i].0)
        };
        let board = board_word
            .is_some_and(|b| text.words_at(b, "ban") && (first || text.is_capital(b)))
            && ["chi dao", "chi huy", "quan ly", "to chuc"]
                .iter()
                .any(|kind| text.words_at(start, kind));
        // "Cục quản lý thị trường tỉnh": an office named by what it manages.
        let office = first
            && ["cuc", "chi cuc", "tong cuc"]
                .iter()
                .any(|head| text.folded(at, end) == *head)
            && text.words_at(start, "quan ly");
        // "Ban Chỉ đạo về vệ sinh an toàn thực phẩm tỉnh": what the board is about.
        // "Ban chỉ đạo Trung ương về phòng chống thiên tai" too.
        let about = [
            "ban chi dao",
            "ban chi dao trung uong",
            "ban chi dao quoc gia",
        ]
        .contains(&text.folded(at, end).as_str())
            && written_at(text, start, "về");
        // "Văn phòng Điều phối xây dựng NTM tỉnh": the programme a board or office serves.
        let programme = PROGRAMMES.iter().any(|name| text.words_at(start, name));
        // "… và Quản lý doanh nghiệp": a field named after "và", with its capital.
        let after_and = index > 0 && text.words_at(tokens[index - 1].0, "va");
        // "Công ty CP Cấp nước Ninh Thuận": a word with its capital after one in capitals.
        let after_capitals = index > 0 && {
            let (before_start, before_end) = tokens[index - 1];
            text.text(before_start, before_end)
                .chars()
                .all(|c| c.is_uppercase() || !c.is_alphabetic())
        };
        // "Tổ kiểm tra liên ngành", "Tổ giúp việc": a team is named by its task.
        let team = first && text.folded(at, end) == "to";
        let named_anyway = (first && text.is_capital(start))
            || team
            || board
            || office
            || about
            || programme
            || ((after_and || after_capitals) && text.is_capital(start));
        if stop_at(text, start).is_some() && !named_anyway {
            break;
        }
        // "Sở Tài nguyên và Môi trườngchủ trì": a copy from PDF glued the work to the name.
        if let Some(glued) = tokens
            .get(index + 1)
            .and_then(|next| glued_stop(text, start, stop, next.0))
        {
            end = glued;
            break;
        }
        if text.words_at(start, "va") {
            let next = tokens.get(index + 1).map(|t| t.0);
            // "… và Thủ trưởng các đơn vị": whom a title names starts another unit.
            let titled = next.is_some_and(|n| {
                crate::domain::drafting::TITLES
                    .iter()
                    .any(|title| text.words_at(n, title))
            });
            let named = !titled
                && next.is_some_and(|n| {
                    // "UBND TP Hà Nội và TP HCM": a second place, not the name going on.
                    (text.is_capital(n) && head_at(text, n).is_none() && !text.words_at(n, "tp"))
                        || NAME_TAILS.iter().any(|tail| text.words_at(n, tail))
                });
            if !named {
                break;
            }
        }
        // "xã" closes "UBND xã …" but is a noun in "hợp tác xã" and "xã hội"; "huyện" is part
        // of "Huyện ủy" ("Ban Tuyên giáo Huyện ủy").
        // "Ban Thường vụ Tỉnh đoàn": the youth union's too, "đoàn" in lower case ("huyện Đoan
        // Hùng" is a place).
        let party = ["huyen uy", "tinh uy", "thanh uy", "quan uy"]
            .iter()
            .any(|committee| text.words_at(start, committee))
            || ["tinh doan", "thanh doan", "huyen doan"]
                .iter()
                .any(|union| {
                    text.words_at(start, union) && !text.is_capital(start + union.len() - 4)
                });
        let cooperative = (start >= 8 && text.folded(start - 8, start) == "hop tac ")
            || text.words_at(start, "xa hoi")
            || party;
        // "Sở Công Thương các tỉnh/thành phố trực thuộc Trung ương": the office of each place,
        // a group.
        let places = index
            .checked_sub(1)
            .map(|before| tokens[before].0)
            .filter(|before| {
                text.words_at(*before, "cac")
                    && !committee_head(text, at)
                    && LEVELS.iter().any(|level| written_at(text, start, level))
            })
            .and_then(|before| group_at(text, before, limit));
        if let Some(places) = places {
            return Some(Unit::read(text, at, places.end, true));
        }
        // "UBND TP Hà Nội", "Công an TX. Sơn Tây": a city or town abbreviated.
        let abbreviated = abbreviated_city_at(text, start);
        let level = LEVELS
            .iter()
            .find(|level| written_at(text, start, level) && !cooperative)
            .map(|level| start + crate::domain::search::fold(level).chars().count())
            .or(abbreviated.then_some(start + 2))
            // A level cut by the limit ("… thành" of "thành phố") names none.
            .filter(|level| *level <= limit);
        if let Some(level) = level {
            end = level;
            // Several levels: "UBND xã, phường, thị trấn", "UBND quận, huyện", "UBND quận -
            // huyện".
            while end < limit {
                let next = (end..limit)
                    .find(|i| !matches!(text.chars[*i], ' ' | ',' | '-' | '–' | '/'))
                    .unwrap_or(limit);
                let joined = text.folded(end, next).contains([',', '-', '–', '/'])
                    || text.words_at(next, "va");
                let next = if text.words_at(next, "va") {
                    next + 3
                } else {
                    next
                };
                // "UBND huyện, TX, TP": levels by their initials, no place named after them.
                let initials = ["tx", "tp"].iter().any(|level| {
                    text.words_at(next, level)
                        && text.is_capital(next)
                        && text.is_capital(next + 1)
                        && !text.is_capital(skip_gap(text, next + 2, limit))
                });
                match LEVELS.iter().find(|l| written_at(text, next, l)) {
                    Some(more) if joined => {
                        end = next + crate::domain::search::fold(more).chars().count();
                    }
                    None if joined && initials => end = next + 2,
                    _ => break,
                }
            }
            // "UBND tỉnh, thành phố trực thuộc Trung ương": the centrally run ones.
            let centre = end + 1 + "truc thuoc trung uong".len();
            if text.chars.get(end) == Some(&' ')
                && text.words_at(end + 1, "truc thuoc trung uong")
                && centre <= limit
            {
                return Some(Unit::read(text, at, centre, false));
            }
            // A place's name after its level: "huyện Vũ Thư", "tỉnh Thái Bình", "TP.HCM".
            let level_end = end;
            for (word_start, word_end) in tokens[index..].iter().filter(|(s, _)| *s >= level_end) {
                // "UBND quận 5", "UBND phường 11": a place named by its number.
                let named = text.is_capital(*word_start)
                    || (*word_start == level_end + 1 && text.chars[*word_start].is_ascii_digit());
                let joined = gap_is_space(text, end, *word_start)
                    || (abbreviated
                        && end == level_end
                        && text.folded(end, *word_start).trim_end() == ".");
                if !(named && joined) || hands_over_at(text, *word_start, limit) {
                    break;
                }
                end = *word_end;
            }
            // Read past the leader's name, not named by it.
            let named = place_name_before_leader(text, level_end, end);
            return Some(Unit {
                end,
                ..Unit::read(text, at, named, false)
            });
        }
        // A second head starts another unit, unless a dash ties the body it belongs to
        // ("Ban Quản lý dự án 85 - Bộ GTVT") or it ends a place's name ("Công an TP Hải Phòng
        // chỉ đạo": it follows a capital and no name follows it), or it is the party committee
        // the body belongs to ("Ban Tuyên giáo Huyện ủy").
        let ends_place = text.is_capital(tokens[index.saturating_sub(1)].0)
            && tokens
                .get(index + 1)
                .is_none_or(|next| !text.is_capital(next.0) || !gap_is_space(text, stop, next.0));
        // "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam": the central body of an organisation.
        let of_central = index >= 2 && text.words_at(tokens[index - 2].0, "trung uong");
        // "Cơ quan Thường trực Ban Chỉ huy PCTT & TKCN huyện": the body that serves the board.
        let standing = index >= 2 && text.words_at(tokens[index - 2].0, "thuong truc");
        // "Ban cán sự đảng UBND tỉnh": the party's board in the body.
        let party_board = text.folded(at, end) == "ban can su dang";
        if index > 0
            && spaced
            && head_at(text, start).is_some()
            && !ends_place
            && !party
            && !of_central
            && !standing
            && !party_board
        {
            break;
        }
        end = stop;
        index += 1;
    }
    let named_by_its_head = COMPLETE_HEADS.iter().any(|name| text.words_at(at, name));
    let end = board_level_end(text, at, end, limit).unwrap_or(end);
    (end > at + head || text.words_at(at, "ubnd") || named_by_its_head)
        .then(|| Unit::read(text, at, end, false))
}

/// Boards named after their task (folded): "Ban Chỉ đạo cải cách hành chính tỉnh", "Ban Chỉ
/// đạo Đôn đốc thu, chống thất thu ngân sách Nhà nước TP", "Tiểu ban Tuyên truyền – khánh tiết
/// Đại hội đại biểu Đảng bộ huyện".
const TASKED_BOARDS: [&str; 4] = ["ban chi dao", "ban chi huy", "tieu ban", "to cong tac"];

/// How many words the task of a board may run to the level that closes its name.
const TASK_REACH: usize = 14;

/// Words that end what a board's task may be before any level is named (folded): whom it
/// gives work, or how it is to work ("Ban Chỉ đạo yêu cầu các xã", "Ban Chỉ đạo tập trung
/// kiểm tra các xã").
const NOT_IN_A_TASK: [&str; 16] = [
    "cac",
    "giao",
    "yeu cau",
    "de nghi",
    "chi dao",
    "chu tri",
    "phoi hop",
    "co trach nhiem",
    "tham muu",
    "can",
    "phai",
    "tap trung",
    "tang cuong",
    "khan truong",
    "tiep tuc",
    "chu dong",
];

/// Where the name of a board named after its task ends, when the name read so far (to `end`)
/// stopped at a word of that task and a level closes it a few words on ("Ban Chỉ đạo cải cách
/// hành chính tỉnh").
fn board_level_end(text: &Folded, at: usize, end: usize, limit: usize) -> Option<usize> {
    if !TASKED_BOARDS.iter().any(|board| text.words_at(at, board)) {
        return None;
    }
    let mut last = end;
    for (start, _) in words(text, end, limit.min(end + NAME_REACH))
        .into_iter()
        .take(TASK_REACH)
    {
        if text
            .folded(last, start)
            .contains(['.', ';', ':', '(', ')', '\n'])
            || NOT_IN_A_TASK.iter().any(|word| text.words_at(start, word))
        {
            return None;
        }
        if let Some(level) = LEVELS.iter().find(|level| written_at(text, start, level)) {
            let level_end = start + crate::domain::search::fold(level).chars().count();
            // "… thành phố Hà Nội": the place named after it.
            let named = (text.chars.get(level_end) == Some(&' '))
                .then(|| place_name_end(text, level_end + 1, limit))
                .filter(|named| *named > level_end + 1);
            return Some(named.unwrap_or(level_end));
        }
        if text.words_at(start, "tp") && text.is_capital(start) {
            return Some(start + 2);
        }
        last = start;
    }
    None
}

/// Programmes whose boards and offices are named after them ("Ban Chỉ đạo xây dựng nông thôn
/// mới tỉnh"), though their first word is work (folded).
const PROGRAMMES: [&str; 3] = [
    "xay dung nong thon moi",
    "xay dung ntm",
    "xay dung do thi van minh",
];

/// Heads that are whole names ("Bộ Chỉ huy Quân sự tăng cường …", "Tỉnh đoàn phối hợp …").
/// Not the party's committees: they end the names of their boards ("Ban Tuyên giáo Huyện ủy").
const COMPLETE_HEADS: [&str; 15] = [
    // "lực lượng Cảnh sát biển, Bộ đội Biên phòng, Hải quan xây dựng phương án …".
    "bo doi bien phong",
    "hai quan",
    "canh sat bien",
    "to cong tac",
    "doan thanh tra",
    "doan kiem tra",
    "doan cong tac",
    "bo chi huy quan su",
    "bo chi huy bo doi bien phong",
    "tinh doan",
    "thanh doan",
    "bao hiem xa hoi",
    "lien doan lao dong",
    "cuc thue",
    "tong thanh tra",
];

/// Numbers that count the places named after them, as written.
const COUNTS: [&str; 9] = [
    "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười",
];

/// Where the kind counted at `at` starts ("2 tỉnh …", "hai huyện …").
fn counted_at(text: &Folded, at: usize, limit: usize) -> Option<usize> {
    let digits = text
        .chars
        .get(at..limit)
        .unwrap_or_default()
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let count = if (1..=2).contains(&digits) {
        digits
    } else {
        let word = COUNTS.iter().find(|count| {
            let folded = crate::domain::search::fold(count);
            text.words_at(at, &folded) && text.written_is(at, at + folded.len(), count)
        })?;
        word.chars().count()
    };
    (text.chars.get(at + count) == Some(&' ')).then_some(at + count + 1)
}

/// A group addressee at `at`: "(UBND) các huyện, thị xã, thành phố", "các sở, ban, ngành",
/// "các đồng chí thành viên Ban Chỉ đạo …".
pub fn group_at(text: &Folded, at: usize, limit: usize) -> Option<Unit> {
    let mut cursor = at;
    // "tất cả các sở, ngành".
    for prefix in ["ubnd ", "uy ban nhan dan ", "tat ca ", "toan the "] {
        if text.folded(at, at + prefix.len()) == prefix {
            cursor = at + prefix.len();
        }
    }
    // "từng địa phương", "mỗi cơ quan, đơn vị": each of them (not "mời các đồng chí").
    if let Some(each) = ["từng", "mỗi"]
        .iter()
        .find(|each| written_at(text, at, each))
    {
        cursor = at + each.chars().count() + 1;
    }
    // "2 tỉnh Điện Biên và Lạng Sơn", "Hai thành phố Cẩm Phả, Hạ Long": places counted, then
    // named (not "12 xã đạt từ 16 - 18 tiêu chí").
    if let Some(count) = counted_at(text, at, limit) {
        let level = LEVELS.iter().find(|l| written_at(text, count, l))?;
        let name = count + crate::domain::search::fold(level).chars().count() + 1;
        if !text.is_capital(name) {
            return None;
        }
        cursor = count;
    }
    let committees = cursor > at && ["ubnd", "uy ban"].iter().any(|c| text.words_at(at, c));
    // "UBND các cấp": the committees of every level.
    if committees && text.words_at(cursor, "cac cap") {
        return Some(Unit::read(text, at, cursor + 7, true));
    }
    // "sở, ngành liên quan", written without "các": two kinds at least, the first of them a
    // kind of office ("xã hội" is no group).
    // "Sở, ban, ngành Thành phố" opening a line.
    let bare = cursor == at
        && ["so", "nganh", "co quan", "don vi"].iter().any(|kind| {
            text.words_at(cursor, kind)
                && (!text.is_capital(cursor) || text.chars.get(cursor + kind.len()) == Some(&','))
        });
    // "tất cả thành viên Ban Chỉ đạo", "tất cả đơn vị", "từng đơn vị": "các" left out.
    let all = cursor > at && !committees && !text.words_at(cursor, "cac");
    if !bare && !all && !text.words_at(cursor, "cac") {
        return None;
    }
    let mut end = if bare || all { cursor } else { cursor + 3 };
    let mut members = 0;
    let mut last_member = "";
    loop {
        // "các quận/huyện", "các sở/ngành": a slash lists as a comma does.
        let mut next = end;
        // "các sở-ngành liên quan": a dash too.
        while next < limit && matches!(text.chars[next], ' ' | ',' | '/' | '-') {
            next += 1;
        }
        if members > 0 && text.folded(end, next).trim().is_empty() && text.words_at(next, "va") {
            next += 3;
            while next < limit && text.chars[next] == ' ' {
                next += 1;
            }
        } else if members > 0
            && !text.folded(end, next).contains([',', '/', '-'])
            && !(next == end + 1 && stop_at(text, next).is_none())
        {
            // "các sở ban ngành" runs on without commas; "các sở ban hành" does not.
            break;
        }
        // "các sở, ngành, đơn vị, địa phương, Ban Quản lý Công trình …": a unit named after the
        // kinds, not one more kind.
        let named_unit = members > 0
            && text.is_capital(next)
            && unit_at(text, next, limit).is_some_and(|u| {
                let kind_end = MEMBERS
                    .iter()
                    .find(|m| text.words_at(next, m))
                    .map_or(next, |m| next + m.len());
                u.end > kind_end
            });
        // "UBND các huyện, thành, thị": cities and towns, shortened after other places (not
        // "thị xã", "thị trấn", "thị trường", "thị ủy", "thị đoàn").
        let after_places = PLACE_WORDS.contains(&last_member.split(' ').next().unwrap_or(""));
        let shortened = || {
            let word_end = |w: &str| next + w.len();
            (text.words_at(next, "thanh") && text.chars.get(word_end("thanh")) == Some(&','))
                .then_some("thanh")
                .or_else(|| {
                    let after = skip_gap(text, word_end("thi"), limit);
                    (text.words_at(next, "thi")
                        && !["xa", "tran", "truong", "uy", "doan"]
                            .iter()
                            .any(|w| text.words_at(after, w)))
                    .then_some("thi")
                })
                .filter(|_| after_places && members > 0)
        };
        let Some(member) = MEMBERS
            .iter()
            .find(|m| {
                text.words_at(next, m)
                    && !text.words_at(next, "quan ly")
                    && written_as(text, next, m)
            })
            .copied()
            .or_else(shortened)
            .filter(|_| !named_unit)
        else {
            // "Các Cảng vụ hàng không khu vực", "các Trung tâm Y tế huyện": bodies of one kind
            // the list of kinds does not hold, with their name.
            if members == 0 && !bare && !committees && text.is_capital(next) {
                if let Some(unit) = unit_at(text, next, limit) {
                    end = unit.end;
                    members = 1;
                }
            }
            break;
        };
        // "các sở, ngành và thị xã Kỳ Anh": a place named after the kinds, not a kind of place.
        let named_place = members > 0
            && !committees
            && !PLACE_WORDS.contains(&last_member.split(' ').next().unwrap_or(last_member))
            && is_named_place_at(text, next);
        last_member = member;
        // "các sở và TP. Phan Thiết", "các sở và TP Huế": a city named, not a kind of place.
        let named_city = member == "tp"
            && (text.chars.get(next + 2) == Some(&'.')
                || (text.chars.get(next + 2) == Some(&' ') && text.is_capital(next + 3)));
        // "từng cơ quan, ban, ngành, đồng chí Doãn Tiến Dũng – Chủ tịch …": a person named
        // after the kinds, not one more kind.
        let named_person = members > 0
            && member == "dong chi"
            && text.chars.get(next + member.len()) == Some(&' ')
            && text.is_capital(next + member.len() + 1);
        if named_city || named_place || named_person {
            break;
        }
        // "UBND các quận, huyện, sở, ngành": the committees are of places; the offices after
        // them are a group of their own.
        if committees
            && members > 0
            && !PLACE_WORDS.contains(&member.split(' ').next().unwrap_or(member))
        {
            break;
        }
        end = next + member.len();
        members += 1;
        // "các Ban QLDA chuyên ngành tỉnh": bodies of one kind, with their name.
        if members == 1 && text.is_capital(next) {
            if let Some(unit) = unit_at(text, next, limit).filter(|u| u.end > end) {
                end = unit.end;
                break;
            }
        }
        // "các công ty TNHH MTV Thủy lợi", "các công ty thủy nông": companies, named by their
        // kind and trade.
        if member == "cong ty" && members == 1 {
            for (start, stop) in words(text, end, limit).into_iter().take(ITEM_REACH) {
                if !gap_is_space(text, end, start)
                    || stop_at(text, start).is_some()
                    || text.words_at(start, "va")
                {
                    break;
                }
                end = stop;
            }
            break;
        }
        // "các cơ sở y tế", "các cơ sở khám, chữa bệnh": establishments, named by what they do.
        if member == "co so" {
            for (start, stop) in words(text, end, limit).into_iter().take(4) {
                let joined = gap_is_space(text, end, start) || joins_a_name(text, end, start);
                if !joined || stop_at(text, start).is_some() {
                    break;
                }
                end = stop;
            }
            break;
        }
        // "các đồng chí thành viên Ban Chỉ đạo …": the body they are members of.
        if matches!(member, "dong chi" | "thanh vien") {
            let mut after = end;
            while after < limit && text.chars[after] == ' ' {
                after += 1;
            }
            if text.words_at(after, "thanh vien") {
                end = after + 10;
                after = end + 1;
            }
            // "Các thành viên của Ban Chỉ đạo …".
            if text.words_at(after, "cua") {
                after = skip_gap(text, after + 3, limit);
            }
            if let Some(unit) = unit_at(text, after, limit) {
                end = unit.end;
            } else if let Some(board) = ["ban chi dao", "ban chi huy"]
                .iter()
                .find(|board| text.words_at(after, board))
            {
                // "các thành viên ban chỉ đạo": the board named in lower case, with its task
                // ("… ban chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn thành phố").
                end = after + board.len();
                end = board_level_end(text, after, end, limit).unwrap_or(end);
            }
            break;
        }
    }
    // One after another: "các cơ quan chức năng liên quan".
    let named_end = end;
    loop {
        // "các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ": after what says which, another
        // kind with its own.
        if end > named_end && text.folded(end, end + 2) == ", " {
            // "các cơ quan, đơn vị cấp huyện, cấp xã": another level.
            let levels = ["cap tinh", "cap huyen", "cap xa"];
            let level_before = levels
                .iter()
                .any(|level| end >= level.len() && text.folded(end - level.len(), end) == *level);
            if let Some(level) = levels
                .iter()
                .find(|level| level_before && text.words_at(end + 2, level))
            {
                end += 2 + level.len();
                continue;
            }
            let other = MEMBERS
                .iter()
                .find(|m| text.words_at(end + 2, m) && written_as(text, end + 2, m))
                .map(|m| end + 2 + m.len())
                .filter(|after| text.chars.get(*after) == Some(&' '))
                .and_then(|after| group_suffix_at(text, after + 1).map(|s| after + 1 + s.len()));
            match other {
                Some(other_end) => {
                    end = other_end;
                    continue;
                }
                None => break,
            }
        }
        if text.chars.get(end) != Some(&' ') {
            break;
        }
        // "các bệnh viện trực thuộc Bộ": the body, past the suffix alone ("… trực thuộc").
        let of_body = text
            .words_at(end + 1, "truc thuoc")
            .then(|| qualifier_at(text, end + 1, limit))
            .flatten();
        if let Some(qualified) = of_body {
            end = qualified;
        } else if let Some(suffix) = group_suffix_at(text, end + 1) {
            end += 1 + suffix.len();
        } else if let Some(qualified) = qualifier_at(text, end + 1, limit) {
            end = qualified;
        } else if let Some(passed) = passed_through_at(text, end + 1, limit) {
            end = passed;
        } else if let Some(levels) = levels_at(text, end + 1) {
            end = levels;
        } else {
            break;
        }
    }
    // "các địa phương trên địa bàn tỉnh Hà Tĩnh": the place a suffix names.
    // "UBND các tỉnh, thành phố khu vực Đồng bằng sông Cửu Long": the region they are in.
    if text.chars.get(end) == Some(&' ') && written_at(text, end + 1, "khu vực") {
        end = region_end(text, end + 9, limit).unwrap_or(end);
    }
    let place_level = ["tỉnh", "thành phố", "huyện", "quận"].iter().any(|level| {
        let length = crate::domain::search::fold(level).chars().count();
        end >= named_end + length && written_at(text, end - length, level)
    });
    if end > named_end && place_level && text.chars.get(end) == Some(&' ') {
        let place_end = place_name_end(text, end + 1, limit);
        if place_end > end + 1 {
            end = place_end;
        }
    }
    // "các đơn vị quản lý bến xe", "các cơ quan quản lý nhà nước", "các sở quản lý du lịch":
    // what they manage names them, though "quản lý" alone is work; "các đơn vị quản lý, vận
    // hành hồ chứa".
    let managing = ["quan ly, van hanh ", "quan ly "].iter().find(|m| {
        text.chars.get(end) == Some(&' ') && text.folded(end + 1, end + 1 + m.len()) == **m
    });
    // "các cơ quan thuế", "các đơn vị quản lý đường bộ": one kind of office, named by its
    // field, when no other word says which.
    let kind_named = matches!(last_member, "co quan" | "don vi" | "doanh nghiep")
        || (matches!(last_member, "so" | "ban") && managing.is_some());
    if end == named_end && members == 1 && kind_named {
        let named_by = managing.map_or(0, |m| m.split(' ').count() - 1);
        let field = words(text, end, limit)
            .into_iter()
            .enumerate()
            .take(4 + named_by);
        for (index, (start, stop)) in field {
            if index >= named_by
                && (!gap_is_space(text, end, start)
                    || text.is_capital(start)
                    || text.words_at(start, "va")
                    || stop_at(text, start).is_some()
                    || (managing.is_none() && MEMBERS.iter().any(|m| text.words_at(start, m))))
            {
                break;
            }
            end = stop;
        }
    }
    // "các sở giáo dục và đào tạo", "các phòng tài nguyên và môi trường": the office of each
    // place for one field, the field written in lower case.
    if end == named_end && members == 1 && matches!(last_member, "so" | "phong") {
        let field = FIELDS
            .iter()
            .find(|field| text.chars.get(end) == Some(&' ') && text.words_at(end + 1, field))
            .filter(|_| !text.is_capital(end + 1));
        if let Some(field) = field {
            end += 1 + field.len();
        }
    }
    (members > usize::from(bare) && end <= limit).then(|| Unit::read(text, at, end, true))
}

/// The fields of the provinces' offices and the districts' divisions, folded: "các sở giáo dục
/// và đào tạo" are one office of each province.
const FIELDS: [&str; 16] = [
    "giao duc va dao tao",
    "y te",
    "tai chinh",
    "nong nghiep va phat trien nong thon",
    "nong nghiep va moi truong",
    "tai nguyen va moi truong",
    "xay dung",
    "giao thong van tai",
    "cong thuong",
    "lao dong - thuong binh va xa hoi",
    "ke hoach va dau tu",
    "thong tin va truyen thong",
    "noi vu",
    "tu phap",
    "khoa hoc va cong nghe",
    "van hoa, the thao va du lich",
];

/// Words of a region's name written in lower case ("Đồng bằng sông Cửu Long", "Bắc Trung bộ"),
/// folded.
const REGION_WORDS: [&str; 4] = ["bang", "song", "bo", "nguyen"];

/// Where the name of a region written from `at` ends, when one is: its words with their
/// capitals, and the few in lower case a region's name has.
fn region_end(text: &Folded, at: usize, limit: usize) -> Option<usize> {
    if !text.is_capital(at) {
        return None;
    }
    let mut end = at;
    for (start, stop) in words(text, at, limit.min(at + NAME_REACH))
        .into_iter()
        .take(6)
    {
        let named = text.is_capital(start) || REGION_WORDS.iter().any(|w| text.words_at(start, w));
        if !named || !gap_is_space(text, end, start) || head_at(text, start).is_some() {
            break;
        }
        end = stop;
    }
    Some(end)
}

/// Where "có … đi qua" written from `at` ends: which places a road or project crosses ("các
/// địa phương có dự án đi qua", "các xã có tuyến Tỉnh lộ 352 đi qua").
fn passed_through_at(text: &Folded, at: usize, limit: usize) -> Option<usize> {
    if !text.words_at(at, "co") {
        return None;
    }
    words(text, at, limit.min(at + 60))
        .into_iter()
        .take(8)
        .take_while(|(start, _)| !text.folded(at, *start).contains([',', ';', '.']))
        .find(|(start, _)| text.words_at(*start, "di qua"))
        .map(|(start, _)| start + "di qua".len())
}

/// Levels of government a phrase spans, folded.
const SPANNED_LEVELS: [&str; 9] = [
    "trung uong",
    "tinh",
    "thanh pho",
    "huyen",
    "xa",
    "co so",
    "thon",
    "ban",
    "dia phuong",
];

/// Where the levels a body or group reaches, written from `at`, end: "các hội đoàn thể từ huyện
/// đến cơ sở", "Kho bạc Nhà nước từ tỉnh đến huyện", "chính quyền địa phương các cấp".
fn levels_at(text: &Folded, at: usize) -> Option<usize> {
    if text.words_at(at, "cac cap") {
        return Some(at + 7);
    }
    let level = |from: usize| {
        SPANNED_LEVELS
            .iter()
            .find(|level| text.words_at(from, level))
            .map(|level| from + level.len())
    };
    let to = level(at + 3).filter(|_| text.words_at(at, "tu"))?;
    let end = level(to + 5).filter(|_| text.folded(to, to + 5) == " den ")?;
    Some(end)
}

/// The suffix of [`GROUP_SUFFIXES`] at `at`, written as a suffix is (see [`WRITTEN_AS`]).
fn group_suffix_at(text: &Folded, at: usize) -> Option<&'static str> {
    GROUP_SUFFIXES
        .iter()
        .copied()
        .find(|suffix| text.words_at(at, suffix) && written_as(text, at, suffix))
}

/// Words after a group that say which of them are meant, folded: "… có liên quan", "các cơ
/// quan ngang Bộ", "… trực thuộc", "các phòng, ban thuộc thành phố", "các tỉnh, thành khác",
/// "các đơn vị chức năng", "các sở, ngành tỉnh" (or "của tỉnh", "TP").
const GROUP_SUFFIXES: [&str; 61] = [
    "co lien quan",
    "lien quan",
    "chuyen mon",
    "chuc nang",
    // "các đơn vị sự nghiệp".
    "su nghiep",
    // "các tổ chức chính trị - xã hội", "các cơ quan hữu quan", "các cảng vụ hàng hải".
    "chinh tri - xa hoi",
    "chinh tri xa hoi",
    "chinh tri – xa hoi",
    "huu quan",
    "hang hai",
    "ngang bo",
    // "các Bộ, cơ quan thuộc Chính phủ", "các tổ chức thủy lợi".
    "thuoc chinh phu",
    "thuy loi",
    "truc thuoc trung uong",
    "truc thuoc chinh phu",
    "truc thuoc",
    "neu tren",
    "thuoc ubnd tinh",
    "thuoc ubnd thanh pho",
    "thuoc ubnd huyen",
    "thuoc thanh pho",
    "thuoc tinh",
    "thanh pho",
    "thuoc huyen",
    "trong tinh",
    "cua tinh",
    "cua tp",
    "cua thanh pho",
    "o cap tinh",
    "o cap huyen",
    "o cap xa",
    "cap tinh",
    "cap huyen",
    "cap xa",
    "trung uong",
    "cac cap",
    "bien gioi",
    "dong quan tren dia ban",
    "dong tren dia ban tinh",
    "dong tren dia ban",
    "tren dia ban tinh",
    "tren dia ban thanh pho",
    "tren dia ban huyen",
    "tren dia ban xa",
    "tren dia ban",
    // "các Sở LĐ-TB&XH trên cả nước", "các đơn vị của quận", "các cục thuế địa phương".
    "tren ca nuoc",
    "ca nuoc",
    "cua quan",
    "cua huyen",
    "dia phuong",
    "tp",
    "khac",
    "tinh",
    // "UBND các huyện, thành phố còn lại", "các cơ quan, tổ chức ở địa phương", "các xã có
    // biển", "các xã ven biển", "các cơ quan thông tin đại chúng", "các cơ quan truyền
    // thông", "các cơ quan báo chí".
    "con lai",
    "o dia phuong",
    "co bien",
    "trong diem",
    "ven bien",
    "thong tin dai chung",
    "truyen thong",
    "bao chi",
];

/// Where a phrase that says which of a group are meant, starting at `at`, ends: the body they
/// belong to ("các cơ quan, đơn vị thuộc Bộ", "… là thành viên Ban Chỉ huy phòng chống thiên
/// tai và tìm kiếm cứu nạn tỉnh") or the sector an abbreviation names ("các sở GD&ĐT").
fn qualifier_at(text: &Folded, at: usize, limit: usize) -> Option<usize> {
    let cue = [
        // "các bệnh viện trực thuộc Bộ".
        "truc thuoc",
        "thuoc",
        "la thanh vien cua",
        "la thanh vien",
        "thanh vien cua",
        "thanh vien",
        // "các cơ quan chuyên môn của UBND tỉnh", "các cơ quan chức năng của Bộ Xây dựng".
        "cua",
    ]
    .iter()
    .find(|cue| text.words_at(at, cue));
    if let Some(cue) = cue {
        let body = skip_gap(text, at + cue.len(), limit);
        // "các tỉnh, TP trực thuộc T.Ư": the centre, abbreviated with a dot.
        if let Some(centre) = ["t.u", "t.w"].iter().find(|c| text.words_at(body, c)) {
            return Some(body + centre.len()).filter(|end| *end <= limit);
        }
        // "thuộc Bộ", "thuộc Sở": the body the text is about, by its head alone.
        let named = unit_at(text, body, limit).map(|u| u.end).or_else(|| {
            let head = head_at(text, body)?;
            let end = body + head;
            text.chars
                .get(end)
                .is_none_or(|c| !c.is_alphanumeric())
                .then_some(end)
        });
        return named.filter(|end| *end <= limit);
    }
    let end = (at..limit)
        .find(|i| !(text.chars[*i].is_alphanumeric() || matches!(text.chars[*i], '&' | '-')))
        .unwrap_or(limit);
    let abbreviation = text.text(at, end);
    (abbreviation.chars().count() >= 2
        && abbreviation.chars().any(char::is_alphabetic)
        && abbreviation
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, '&' | '-'))
        && head_at(text, at).is_none())
    .then_some(end)
}

/// Units listed from `at`: "Sở A, Sở B và Sở C", a group, or "các sở: Tài chính, Xây dựng"
/// (written out as "Sở Tài chính", "Sở Xây dựng"). Empty when no unit starts there.
pub fn list_at(text: &Folded, at: usize, limit: usize) -> Vec<Unit> {
    let mut found = Vec::new();
    let mut cursor = at;
    // "các sở QHKT, Xây dựng, Tổng Công ty Vận tải Hà Nội": the list goes on after the
    // names of one kind.
    if let Some(expanded) = elliptical_at(text, at, limit) {
        cursor = expanded.last().map_or(at, |u| u.end);
        found = expanded;
        match next_in_list(text, cursor, limit) {
            Some(next) => cursor = next,
            None => return found,
        }
    }
    // "Uỷ ban nhân dân thành phố và các huyện", "UBND TP Hà Nội và TP HCM": places named
    // after a People's Committee have committees of their own.
    let mut committee: Option<String> = None;
    loop {
        // "Công an tỉnh, Cục quản lý thị trường, các sở: TN&MT, Xây dựng, …": names of one
        // kind inside the list.
        if let Some(expanded) = elliptical_at(text, cursor, limit).filter(|_| cursor > at) {
            cursor = expanded.last().map_or(cursor, |u| u.end);
            found.extend(expanded);
            match next_in_list(text, cursor, limit) {
                Some(next) => {
                    cursor = next;
                    continue;
                }
                None => break,
            }
        }
        let place = committee
            .as_ref()
            .filter(|_| head_at(text, cursor).is_none())
            .and_then(|body| {
                place_at(text, cursor, limit).map(|place| Unit {
                    name: format!("{body} {}", place.name),
                    ..place
                })
            });
        let unit = place
            .or_else(|| group_at(text, cursor, limit))
            .or_else(|| unit_at(text, cursor, limit))
            .or_else(|| {
                (!found.is_empty() && is_named_place_at(text, cursor))
                    .then(|| place_at(text, cursor, limit))
                    .flatten()
            })
            .or_else(|| listed_body(text, &found, cursor, limit))
            .or_else(|| head_after_title(text, cursor))
            // "UBND huyện Krông Pa, Ia Grai, Chư Pah, Kbang": places named bare go on.
            .or_else(|| {
                found
                    .last()
                    .and_then(|last| same_level_place(text, last, cursor, limit))
            })
            .or_else(|| {
                (!found.is_empty())
                    .then(|| named_item_at(text, cursor, limit))
                    .flatten()
            })
            .or_else(|| {
                (!found.is_empty())
                    .then(|| localities_at(text, cursor, limit))
                    .flatten()
            });
        let Some(mut unit) = unit else { break };
        // "Kho bạc Nhà nước từ tỉnh đến huyện": the levels it reaches.
        if !unit.group && unit.name == text.text(unit.start, unit.end) {
            if let Some(levels) = levels_at(text, unit.end + 1) {
                unit = Unit::read(text, unit.start, levels, false);
            }
        }
        cursor = unit.end;
        committee = committee_body(text, &unit).or(committee);
        match places_of(text, &unit, limit) {
            Some(places) => {
                cursor = places.last().map_or(cursor, |p| p.end);
                found.extend(places);
            }
            None => {
                // "UBND các huyện, thành phố Cà Mau": the place names the last of them.
                let unit = if committee_body(text, &unit).is_some() && unit.group {
                    let named = place_name_end(text, unit.end, limit);
                    cursor = named;
                    Unit {
                        name: text.text(unit.start, named),
                        end: named,
                        ..unit
                    }
                } else {
                    unit
                };
                found.push(unit);
            }
        }
        let Some(next) = after_separator(text, cursor, limit) else {
            break;
        };
        let listed = head_at(text, next).is_some()
            || group_at(text, next, limit).is_some()
            || localities_at(text, next, limit).is_some()
            || listed_body(text, &found, next, limit).is_some()
            || (named_item_at(text, next, limit).is_some()
                && found
                    .last()
                    .and_then(|last| same_level_place(text, last, next, limit))
                    .is_none())
            || ((committee.is_some() || is_named_place_at(text, next))
                && place_at(text, next, limit).is_some());
        if !listed {
            // "UBND huyện Quang Bình, Bắc Quang": a place named bare after the committee of a
            // place has a committee of the same level.
            let Some(place) = found
                .last()
                .and_then(|last| same_level_place(text, last, next, limit))
            else {
                break;
            };
            cursor = place.end;
            found.push(place);
            let Some(after) = after_separator(text, cursor, limit) else {
                break;
            };
            cursor = after;
            continue;
        }
        cursor = next;
    }
    found
}

/// "các sở, ngành, đơn vị thành viên và địa phương", "cơ quan chức năng và địa phương": the
/// localities, named without "các", as an item of a list: a group, as "các địa phương" is.
pub fn localities_at(text: &Folded, at: usize, limit: usize) -> Option<Unit> {
    let end = at + "dia phuong".len();
    (text.words_at(at, "dia phuong") && closes_item(text, end, limit))
        .then(|| Unit::read(text, at, end, true))
}

/// How many words an item of a list named by no kind the rules know may have.
const ITEM_REACH: usize = 8;

/// "… Báo An ninh Hải Phòng, Cổng Thông tin điện tử thành phố tuyên truyền …", "…, các chủ hồ
/// đập thủy lợi, thủy điện trên địa bàn tỉnh chủ động …": an item of a list of units named by
/// no head or kind the rules know, bounded by the list's grammar: it opens with a capital or
/// "các", and runs to the next separator, or to the work the list is given.
fn named_item_at(text: &Folded, at: usize, limit: usize) -> Option<Unit> {
    let plural = text.words_at(at, "cac");
    if !(text.is_capital(at) || plural) || stop_at(text, at).is_some() {
        return None;
    }
    let mut end = at;
    let mut read = 0;
    for (start, stop) in words(text, at, limit.min(at + NAME_REACH)) {
        if read > 0
            && (!gap_is_space(text, end, start)
                || stop_at(text, start).is_some()
                || text.words_at(start, "va")
                || head_at(text, start).is_some())
        {
            break;
        }
        end = stop;
        read += 1;
        if read == ITEM_REACH {
            return None;
        }
    }
    // "các trường đại học, học viện, cao đẳng và trung cấp chuyên nghiệp": a plural goes on
    // with kinds in lower case, up to the work.
    if plural {
        while let Some(kind_end) = kind_after(text, end, limit) {
            end = kind_end;
        }
    }
    // "… trên địa bàn tỉnh": which of them.
    while text.chars.get(end) == Some(&' ') {
        let Some(suffix) = group_suffix_at(text, end + 1) else {
            break;
        };
        end += 1 + suffix.len();
    }
    (closes_item(text, end, limit) && read >= 2).then(|| Unit::read(text, at, end, plural))
}

/// Whether what follows `end` closes an item of a list: a separator, or the work the list is
/// given.
fn closes_item(text: &Folded, end: usize, limit: usize) -> bool {
    let after = skip_gap(text, end, limit);
    after >= limit
        || matches!(text.chars[after], ',' | ';')
        || text.words_at(after, "va")
        || stop_at(text, after).is_some()
}

/// Where a kind named in lower case after ", " or " và " at `end` ends ("…, thủy điện trên địa
/// bàn tỉnh"), when it does so before the work, a separator or the next unit.
fn kind_after(text: &Folded, end: usize, limit: usize) -> Option<usize> {
    let gap_end = (end..limit)
        .find(|i| !matches!(text.chars[*i], ' ' | ','))
        .unwrap_or(limit);
    let start = if text.words_at(gap_end, "va") {
        skip_gap(text, gap_end + 2, limit)
    } else if text.folded(end, gap_end).contains(',') {
        gap_end
    } else {
        return None;
    };
    if text.is_capital(start)
        || stop_at(text, start).is_some()
        || head_at(text, start).is_some()
        || group_at(text, start, limit).is_some()
    {
        return None;
    }
    let kind_end = lower_case_kind_end(text, start, limit, ITEM_REACH, false);
    (kind_end > start && closes_item(text, kind_end, limit)).then_some(kind_end)
}

/// Where a kind named in lower case from `start` ends: after at most `reach` words, before a
/// mark, "và", or a word of work (unless `through_work`: "quản lý thị trường" is a name).
fn lower_case_kind_end(
    text: &Folded,
    start: usize,
    limit: usize,
    reach: usize,
    through_work: bool,
) -> usize {
    let mut end = start;
    for (word, stop) in words(text, start, limit.min(start + NAME_REACH))
        .into_iter()
        .take(reach)
    {
        if word > start
            && (!gap_is_space(text, end, word)
                || (stop_at(text, word).is_some() && !through_work)
                || text.words_at(word, "va"))
        {
            break;
        }
        end = stop;
    }
    end
}

/// "quản lý thị trường": the market watch, though "quản lý" is work.
fn market_watch_at(text: &Folded, at: usize) -> bool {
    text.words_at(at, "quan ly thi truong")
}

/// A force named after another by its kind alone: "Lực lượng công an, kiểm lâm, quân sự"
/// names "lực lượng kiểm lâm" and "lực lượng quân sự" too.
pub fn force_after(text: &Folded, found: &[Unit], at: usize, limit: usize) -> Option<Unit> {
    let last = found.last()?;
    let folded = crate::domain::search::fold(&last.name);
    // Listed with a comma: "Lực lượng chức năng và người dân" are not two forces.
    let forces = (folded.starts_with("luc luong ") || folded.starts_with("cac luc luong "))
        && text.folded(last.end, at).contains(',');
    let market = market_watch_at(text, at);
    if !forces
        || text.is_capital(at)
        || (stop_at(text, at).is_some() && !market)
        || head_at(text, at).is_some()
        || group_at(text, at, limit).is_some()
    {
        return None;
    }
    let end = lower_case_kind_end(text, at, limit, 4, market);
    // "bộ đội biên phòng" names itself.
    let named = ["bo doi", "cong an", "canh sat"]
        .iter()
        .any(|force| text.words_at(at, force));
    let kind = text.text(at, end);
    (end > at && closes_item(text, end, limit)).then(|| Unit {
        name: if named {
            kind
        } else {
            format!("lực lượng {kind}")
        },
        start: at,
        end,
        group: false,
    })
}

/// "các sở quản lý du lịch và chính quyền địa phương": a body named in lower case, going on
/// with a list of units.
fn listed_body(text: &Folded, found: &[Unit], at: usize, limit: usize) -> Option<Unit> {
    body_at(text, at, limit).filter(|body| !found.is_empty() && body.name.contains(' '))
}

/// "TP. Phan Thiết", "TP Huế", "thị xã Kỳ Anh": a place named by its level and its name, as a
/// list may go on with it ("các sở và TP. Phan Thiết", "các sở, ngành và thị xã Kỳ Anh").
fn is_named_place_at(text: &Folded, at: usize) -> bool {
    abbreviated_city_at(text, at)
        || LEVELS.iter().any(|level| {
            let name = at + crate::domain::search::fold(level).chars().count() + 1;
            written_at(text, at, level)
                && text.chars.get(name - 1) == Some(&' ')
                && text.is_capital(name)
                && head_at(text, name).is_none()
        })
}

/// The place named bare at `at` ("Bắc Quang" after "UBND huyện Quang Bình, "), as the
/// committee of its level when `last` is the committee of a place of a level ("UBND huyện
/// Bắc Quang").
fn same_level_place(text: &Folded, last: &Unit, at: usize, limit: usize) -> Option<Unit> {
    // "UBND xã Hồng Quảng và Thị trấn": a level of its own, not a place's name.
    let level = LEVELS.iter().any(|level| written_at(text, at, level));
    // "UBND phường 11, 12": places named by their numbers.
    let numbered = last.name.ends_with(|c: char| c.is_ascii_digit())
        && text.chars.get(at).is_some_and(char::is_ascii_digit);
    if last.group || !(text.is_capital(at) || numbered) || head_at(text, at).is_some() || level {
        return None;
    }
    // Read from the name as written out: "UBND tỉnh Bình Dương" may have been made from
    // "tỉnh Bình Dương" after "UBND TP.HCM, ".
    let (body, rest) = ["UBND ", "Ủy ban nhân dân ", "Uỷ ban nhân dân "]
        .iter()
        .find_map(|body| {
            last.name
                .strip_prefix(body)
                .map(|rest| (body.trim_end(), rest))
        })?;
    let level = LEVELS.iter().find(|l| {
        rest.strip_prefix(**l)
            .is_some_and(|name| name.starts_with(' '))
    })?;
    let end = if numbered {
        (at..limit)
            .find(|i| !text.chars[*i].is_ascii_digit())
            .unwrap_or(limit)
    } else {
        place_name_end(text, at, limit)
    };
    (end > at).then(|| Unit {
        name: format!("{body} {level} {}", text.text(at, end)),
        start: at,
        end,
        group: false,
    })
}

/// How a People's Committee is written when `unit` is one ("UBND", "Uỷ ban nhân dân").
fn committee_body(text: &Folded, unit: &Unit) -> Option<String> {
    COMMITTEES.iter().find_map(|body| {
        let end = unit.start + body.len();
        text.words_at(unit.start, body)
            .then(|| text.text(unit.start, end))
            .filter(|_| unit.end > end)
    })
}

/// Words of a group that name places ("các huyện, thành phố"), folded.
const PLACE_WORDS: [&str; 13] = [
    "cac", "tinh", "thanh", "pho", "huyen", "quan", "thi", "xa", "tran", "phuong", "dac", "khu",
    "tp",
];

/// A place named by its level alone, without its People's Committee: "các huyện, thị xã",
/// "TP HCM", "huyện Vũ Thư".
pub fn place_at(text: &Folded, at: usize, limit: usize) -> Option<Unit> {
    if let Some(group) = group_at(text, at, limit) {
        let folded = text.folded(group.start, group.end);
        return folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && *w != "va")
            .all(|w| PLACE_WORDS.contains(&w))
            .then_some(group);
    }
    let level = LEVELS
        .iter()
        .find(|level| written_at(text, at, level))
        .map(|level| crate::domain::search::fold(level).chars().count())
        // "TP HCM", "TP. Phan Thiết", "TX Sơn Tây".
        .or_else(|| {
            abbreviated_city_at(text, at)
                .then(|| 2 + usize::from(text.chars.get(at + 2) == Some(&'.')))
        })?;
    let end = place_name_end(text, at + level, limit);
    let named = place_name_before_leader(text, at + level, end);
    (named > at + level).then(|| Unit {
        end,
        ..Unit::read(text, at, named, false)
    })
}

/// Where the name of a place written from `at` ends ("Cà Mau", "Thủ Đức"): its words written
/// with their capitals, up to a head word.
fn place_name_end(text: &Folded, at: usize, limit: usize) -> usize {
    let mut end = at;
    for (start, stop) in words(text, at, limit.min(at + NAME_REACH)) {
        // "UBND các huyện, thị xã, thành phố Nâng cao vai trò …": work written with a capital.
        if !(text.is_capital(start) && gap_is_space(text, end, start))
            || head_at(text, start).is_some()
            || stop_at(text, start).is_some()
            || hands_over_at(text, start, limit)
        {
            break;
        }
        end = stop;
    }
    end
}

/// Family names that open a person's name after a place's ("Phó Chủ tịch UBND tỉnh Đồng Nai
/// Nguyễn Sơn Hùng"), as written.
const FAMILY_NAMES: [&str; 30] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Đoàn", "Lưu", "Lương", "Mai", "Cao", "Lâm",
    "Trương", "Hà", "Tạ", "Triệu", "Nông", "Lò",
];

/// Family names no place's name starts with, so that three words opened by one after a level
/// are a person's ("Phó Chủ tịch Thường trực UBND tỉnh Nguyễn Thế Phước"; not "huyện Trần Văn
/// Thời", "huyện Hoàng Su Phì").
const NOT_PLACES: [&str; 8] = [
    "Nguyễn", "Phạm", "Bùi", "Đặng", "Huỳnh", "Trịnh", "Lê", "Đỗ",
];

/// Where a place's name written in `[start, end)` ends when the name of its leader follows it
/// ("Phó Chủ tịch UBND tỉnh Đồng Nai Nguyễn Sơn Hùng"). A place's name has two or three words
/// ("Đồng Nai", "Thừa Thiên Huế"), so two to four words after those, opened by a family name,
/// are the leader's ("UBND tỉnh Thừa Thiên Huế Nguyễn Văn Phương"), as are three opened by a
/// family name no place has ("UBND tỉnh Nguyễn Thế Phước").
fn place_name_before_leader(text: &Folded, start: usize, end: usize) -> usize {
    let name = words(text, start, end);
    let family = |names: &[&str], (start, end): (usize, usize)| {
        names
            .iter()
            .any(|n| text.written_is(start, end, &n.to_lowercase()))
    };
    let place_words = if name.len() == 3 && family(&NOT_PLACES, name[0]) {
        0
    } else {
        (2..name.len())
            .find(|&leader| {
                (2..=4).contains(&(name.len() - leader)) && family(&FAMILY_NAMES, name[leader])
            })
            .unwrap_or(name.len())
    };
    place_words
        .checked_sub(1)
        .map_or(start, |last| name[last].1)
}

/// "Ủy ban nhân dân tỉnh Giao Sở Nông nghiệp …": a word handing work over, written with its
/// capital before a unit, is no word of a place's name (as "Giao Thủy" is).
pub fn hands_over_at(text: &Folded, at: usize, limit: usize) -> bool {
    ["giao", "yeu cau", "de nghi"].iter().any(|word| {
        // "Chủ tịch Giao Giám đốc Sở …": past the titles of whom it names.
        let next = past_titles(text, skip_gap(text, at + word.len(), limit), limit);
        text.words_at(at, word)
            && next > at + word.len()
            && (head_at(text, next).is_some() || text.words_at(next, "cac"))
    })
}

/// How far before a reference back ("Sở này") the unit it means may be named, in characters.
const REFERENCE_REACH: usize = 4000;

/// At how many places, at most, a unit that a reference back means is looked for: a bound on
/// the work a text full of references can ask for. The set's figures are the same with 16 as
/// with no bound.
const REFERENCE_TRIES: usize = 16;

/// The words of "các đơn vị", "các cơ quan", "các cơ quan, đơn vị" after "các" (folded):
/// offices of any kind, which only what was named before can say.
pub const ANY_OFFICE: [&str; 4] = ["don", "vi", "co", "quan"];

/// What a unit named by reference back means, as EXTRACTION.md resolves anaphora: "Sở này" the
/// last "Sở …" named; "cơ quan này" the last unit that acts; "các đơn vị" the last group of
/// them named with the body they belong to ("các cơ quan, đơn vị thuộc Bộ"). Read at the
/// reference's own place; None when it is no reference, or the text named nothing it can mean.
/// "Các địa phương" is left as written: most annotators keep it so (22 of 36 in the set).
pub fn referred(text: &Folded, unit: &Unit) -> Option<Unit> {
    let name = text.folded(unit.start, unit.end);
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let meant = match words.as_slice() {
        // "Cơ quan này", "Đơn vị này": the last unit named as the one that acts, whatever its
        // kind: opening a sentence, or given the work ("giao Sở …"), not one it directs.
        ["co", "quan", "nay"] | ["don", "vi", "nay"] => earlier(
            text,
            unit.start,
            |at| {
                let before = text.folded(at.saturating_sub(12), at);
                let before = before.trim_end();
                before.is_empty()
                    || before.ends_with(['.', '\n', ':', ';'])
                    || ["giao", "yeu cau", "de nghi"]
                        .iter()
                        .any(|given| before.ends_with(given))
            },
            |u, folded| !u.group && !folded.ends_with(" nay"),
        ),
        [head, "nay"] => {
            let opening = format!("{head} ");
            earlier(
                text,
                unit.start,
                |at| text.words_at(at, head),
                |u, folded| !u.group && folded.starts_with(&opening) && !folded.ends_with(" nay"),
            )
        }
        ["cac", members @ ..] if unit.group && members.iter().all(|w| ANY_OFFICE.contains(w)) => {
            earlier(
                text,
                unit.start,
                |at| text.words_at(at, "cac"),
                |u, folded| {
                    let named: Vec<&str> = folded
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| !w.is_empty())
                        .collect();
                    u.group
                        && named.first() == Some(&"cac")
                        && named.contains(&"thuoc")
                        && members.iter().all(|m| named.contains(m))
                },
            )
        }
        // "UBND huyện" bare: the committee of that level the text named last ("Giao UBND
        // huyện yêu cầu chủ đầu tư …" after "… tại huyện Thuỷ Nguyên").
        _ => bare_committee(&name)
            .filter(|_| !unit.group)
            .and_then(|level| {
                let named = format!("{level} ");
                earlier(
                    text,
                    unit.start,
                    |at| committee_head(text, at),
                    |u, folded| {
                        !u.group
                            && bare_committee(folded).is_none()
                            && ["ubnd ", "uy ban nhan dan "].iter().any(|body| {
                                folded
                                    .strip_prefix(body)
                                    .is_some_and(|place| place.starts_with(&named))
                            })
                    },
                )
            }),
    };
    meant.map(|meant| Unit {
        name: meant.name,
        group: meant.group,
        ..unit.clone()
    })
}

/// The level of a People's Committee below the province named by its level alone ("ubnd huyen"),
/// from its folded name.
fn bare_committee(folded: &str) -> Option<&'static str> {
    let level = ["ubnd ", "uy ban nhan dan "]
        .iter()
        .find_map(|body| folded.strip_prefix(body))?;
    ["huyen", "quan", "thi xa", "xa", "phuong", "thi tran"]
        .into_iter()
        .find(|l| *l == level)
}

/// The last unit or group named in the reach before `before` that `meant` accepts (given it
/// and its folded name), among those starting where `may_open` allows, the last
/// [`REFERENCE_TRIES`] of them. Units are read only there: reading one at every word of the
/// reach, for every reference of a text, made a text of 7,000 references ("các đơn vị …" on
/// every line) take minutes.
fn earlier(
    text: &Folded,
    before: usize,
    may_open: impl Fn(usize) -> bool,
    meant: impl Fn(&Unit, &str) -> bool,
) -> Option<Unit> {
    (before.saturating_sub(REFERENCE_REACH)..before)
        .rev()
        .filter(|at| (*at == 0 || !text.chars[at - 1].is_alphanumeric()) && may_open(*at))
        .take(REFERENCE_TRIES)
        .find_map(|at| {
            [group_at(text, at, before), unit_at(text, at, before)]
                .into_iter()
                .flatten()
                .find(|u| meant(u, &text.folded(u.start, u.end)))
        })
}

/// Centrally run cities (folded): among provinces, their People's Committees are "UBND thành
/// phố …".
pub const CITIES: [&str; 6] = [
    "ha noi",
    "ho chi minh",
    "hai phong",
    "da nang",
    "can tho",
    "hue",
];

/// Levels a group of People's Committees names (folded, as written).
const PLACE_LEVELS: [(&str, &str); 8] = [
    ("tinh", "tỉnh"),
    ("thanh pho", "thành phố"),
    ("huyen", "huyện"),
    ("quan", "quận"),
    ("thi xa", "thị xã"),
    ("xa", "xã"),
    ("phuong", "phường"),
    ("thi tran", "thị trấn"),
];

/// "UBND các tỉnh, thành phố Ninh Bình, Hà Tĩnh, Cần Thơ": each place's People's Committee,
/// when the group is followed by the places' names and each place's level can be told (one
/// level, or provinces and the centrally run cities).
fn places_of(text: &Folded, group: &Unit, limit: usize) -> Option<Vec<Unit>> {
    let folded = text.folded(group.start, group.end);
    let committee = ["ubnd ", "uy ban nhan dan "]
        .iter()
        .find_map(|prefix| folded.strip_prefix(prefix).map(|rest| (prefix, rest)))
        .filter(|_| group.group);
    // "Ban Chỉ huy PCTT&TKCN các huyện: Sông Lô, Lập Thạch": a body of each place, when a
    // colon gives the places.
    let of_each = || {
        let cut = folded.find(" cac ")?;
        let body_end = group.start + folded[..cut].chars().count();
        (text.chars.get(group.end) == Some(&':'))
            .then(|| (text.text(group.start, body_end), &folded[cut + 1..]))
    };
    // "các xã Châu Minh, Ngọc Sơn": places below the province named bare, two at least (not a
    // region: "các tỉnh Tây Nguyên").
    // "2 tỉnh Điện Biên và Lạng Sơn", "hai huyện Kiến Xương và Tiền Hải": places counted, then
    // named (a region is not counted).
    let count = counted_at(text, group.start, group.end)
        .map(|kind| folded.chars().take(kind - group.start).collect::<String>());
    let bare =
        group.group && (folded.starts_with("cac ") && !folded.contains(" tinh") || count.is_some());
    let (body, members) = match committee {
        Some((prefix, rest)) => (
            if prefix.starts_with("ubnd") {
                "UBND ".to_string()
            } else {
                "Ủy ban nhân dân ".to_string()
            },
            rest,
        ),
        None if bare => (String::new(), folded.as_str()),
        None => of_each().map(|(body, members)| (format!("{body} "), members))?,
    };
    let members: Vec<&str> = members
        .trim_start_matches("cac ")
        .trim_start_matches(count.as_deref().unwrap_or("cac "))
        .split([','])
        .flat_map(|m| m.split(" va "))
        .map(str::trim)
        .collect();
    let levels: Vec<(&str, &str)> = PLACE_LEVELS
        .iter()
        .copied()
        .filter(|(level, _)| members.contains(level))
        .collect();
    let provinces_and_cities = levels.len() == 2
        && levels
            .iter()
            .all(|(level, _)| matches!(*level, "tinh" | "thanh pho"));
    if levels.len() != members.len() || !(levels.len() == 1 || provinces_and_cities) {
        return None;
    }
    let mut places = Vec::new();
    // "UBND các quận: Hồng Bàng, Ngô Quyền".
    let mut cursor = group.end + usize::from(text.chars.get(group.end) == Some(&':'));
    loop {
        let mut start = skip_gap(text, cursor, limit);
        // "UBND các Quận 1, Quận 5, Quận 10": places numbered, their level said again.
        if levels.len() == 1 && start > cursor && text.words_at(start, levels[0].0) {
            start = skip_gap(text, start + levels[0].0.len(), limit);
        }
        let numbered = text.chars.get(start).is_some_and(char::is_ascii_digit);
        if start == cursor
            || start >= limit
            || !(text.is_capital(start) || numbered)
            || head_at(text, start).is_some()
        {
            break;
        }
        let mut end = start;
        for (word_start, word_end) in words(text, start, limit.min(start + NAME_REACH)) {
            let part = text.is_capital(word_start) || (numbered && word_start == start);
            if !(part && gap_is_space(text, end, word_start)) {
                break;
            }
            end = word_end;
        }
        let name = text.text(start, end);
        let level = if provinces_and_cities {
            if CITIES.contains(&text.folded(start, end).as_str()) {
                "thành phố"
            } else {
                "tỉnh"
            }
        } else {
            levels[0].1
        };
        places.push(Unit {
            name: format!("{body}{level} {name}"),
            start,
            end,
            group: false,
        });
        // ", Hà Tĩnh", " và Cần Thơ".
        let mut next = end;
        while next < limit && text.chars[next] == ',' {
            next += 1;
        }
        let after = skip_gap(text, next, limit);
        cursor = if text.words_at(after, "va") {
            after + 2
        } else if next > end {
            next
        } else {
            break;
        };
    }
    (places.len() > usize::from(committee.is_none() && bare)).then_some(places)
}

/// Where the next unit of a list starts after one ending at `end` (past ", ", "; ", "và" and a
/// title), when one does.
fn next_in_list(text: &Folded, end: usize, limit: usize) -> Option<usize> {
    let next = after_separator(text, end, limit)?;
    (head_at(text, next).is_some() || group_at(text, next, limit).is_some()).then_some(next)
}

/// Where the next item of a list would start after one ending at `end`: past ", ", "; ", "và"
/// and a title ("… và chủ tịch UBND các huyện": the title names the unit after it).
pub fn after_separator(text: &Folded, end: usize, limit: usize) -> Option<usize> {
    let end = past_brackets(text, skip_gap(text, end, limit), limit);
    let mut next = end;
    while next < limit && matches!(text.chars[next], ' ' | ',' | ';') {
        next += 1;
    }
    if text.words_at(next, "va") {
        next += 2;
        while next < limit && text.chars[next] == ' ' {
            next += 1;
        }
    } else if !text.folded(end, next).contains([',', ';']) {
        return None;
    }
    Some(past_titles(text, next, limit))
}

/// How long a bracket after a name may be, in characters ("Sở NN-PTNT (cơ quan thường trực Ban
/// Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn tỉnh) chủ trì …").
const BRACKET_REACH: usize = 160;

/// Past what brackets, or a dash, say of a unit ("Sở Tài nguyên - Môi trường (TN-MT) chủ trì",
/// "Sở Y tế (cơ quan thường trực)", "Sở NN&PTNT - Cơ quan thường trực Ban Chỉ huy … tỉnh tăng
/// cường …"), when they open at `at`.
pub fn past_brackets(text: &Folded, at: usize, limit: usize) -> usize {
    if matches!(text.chars.get(at), Some('-' | '–')) {
        let role = skip_gap(text, at + 1, limit);
        if !text.words_at(role, "co quan thuong truc") {
            return at;
        }
        let body = skip_gap(text, role + 18, limit);
        return unit_at(text, body, limit).map_or(role + 18, |u| u.end);
    }
    if text.chars.get(at) != Some(&'(') {
        return at;
    }
    (at..limit.min(at + BRACKET_REACH))
        .find(|close| text.chars[*close] == ')')
        .map_or(at, |close| close + 1)
}

/// Past titles ("giám đốc", "Bộ trưởng, Chủ nhiệm") to the unit they name: the unit is meant.
pub fn past_titles(text: &Folded, mut at: usize, limit: usize) -> usize {
    // "Trường Cao đẳng Y tế": a school (trường), not a head (trưởng). Lower case, "trường Đại
    // học Vinh" is read as "Đại học Vinh", and "Thủ trường" is a head misspelt.
    let school = |at: usize, title: &str| title == "truong" && text.text(at, at + 6) == "Trường";
    while let Some(title) = TITLES
        .iter()
        .find(|t| text.words_at(at, t) && !school(at, t))
    {
        at += title.len();
        // "Giám đốc/thủ trưởng các sở, ban, ngành": either title.
        while at < limit && matches!(text.chars[at], ' ' | ',' | ':' | '/') {
            at += 1;
        }
    }
    at
}

/// Bodies a text names in lower case, without a head word, as they may follow "phối hợp với"
/// (folded), each with how many words of its name may follow.
const BODIES: [(&str, usize); 11] = [
    ("luc luong", 4),
    ("cong an", 3),
    ("chinh quyen", 2),
    ("co quan chuc nang", 0),
    ("nganh chuc nang", 0),
    ("co quan quan ly", 4),
    ("chu dau tu", 0),
    ("co quan", 4),
    ("nganh", 2),
    ("don vi", 2),
    ("canh sat", 2),
];

/// "lực lượng kiểm lâm", "chính quyền địa phương": a body named in lower case, its name
/// running to a verb or a comma.
pub fn body_at(text: &Folded, at: usize, limit: usize) -> Option<Unit> {
    let (body, reach) = BODIES.iter().find(|(body, _)| text.words_at(at, body))?;
    let mut end = at + body.len();
    // "Chính quyền các địa phương trong tỉnh": the body of each of a group.
    let of_each = skip_gap(text, end, limit);
    if let Some(group) = group_at(text, of_each, limit).filter(|_| of_each > end) {
        return Some(Unit::read(text, at, group.end, true));
    }
    // "chính quyền huyện Lý Sơn": the government of a place named in full.
    let place = (*body == "chinh quyen")
        .then(|| place_at(text, skip_gap(text, end, limit), limit))
        .flatten()
        .filter(|place| !place.group);
    if let Some(place) = place {
        return Some(Unit::read(text, at, place.end, false));
    }
    for (start, stop) in words(text, end, limit).into_iter().take(*reach) {
        // "lực lượng Quản lý thị trường": work written with its capital is a name, and so is
        // the market watch in lower case.
        if !gap_is_space(text, end, start)
            || (stop_at(text, start).is_some()
                && !text.is_capital(start)
                && !market_watch_at(text, start))
            || text.words_at(start, "va")
        {
            break;
        }
        // "cơ quan Thường trực Ban An toàn giao thông huyện": a unit named inside, in full.
        if let Some(unit) = unit_at(text, start, limit).filter(|_| text.is_capital(start)) {
            end = unit.end;
            break;
        }
        end = stop;
    }
    if text.chars.get(end) == Some(&' ') {
        end = levels_at(text, end + 1).unwrap_or(end);
    }
    // "lực lượng an ninh quận Liên Chiểu", "ngành y tế Cần Thơ": the place it serves.
    if end > at + body.len() && text.chars.get(end) == Some(&' ') && text.is_capital(end + 1) {
        let place_end = place_name_end(text, end + 1, limit);
        if place_end > end + 1 {
            end = place_end;
        }
    }
    Some(Unit::read(text, at, end, false))
}

/// The co-owners listed from `at` (after "phối hợp với"): units, groups, and bodies named in
/// lower case ("lực lượng kiểm lâm, chính quyền địa phương").
pub fn partners_at(text: &Folded, at: usize, limit: usize) -> Vec<Unit> {
    let mut found = Vec::new();
    let mut cursor = at;
    loop {
        // "phối hợp với Giám đốc Sở Kế hoạch và Đầu tư, Thủ trưởng cơ quan liên quan".
        cursor = past_titles(text, cursor, limit);
        let mut listed = list_at(text, cursor, limit);
        if listed.is_empty() {
            listed.extend(body_at(text, cursor, limit));
        }
        // "phối hợp huyện Thủy Nguyên, Ban Quản lý dự án": a place named.
        if listed.is_empty() {
            listed.extend(place_at(text, cursor, limit).filter(|p| !p.group));
        }
        let Some(last) = listed.last() else { break };
        cursor = last.end;
        found.extend(listed);
        let mut next = skip_gap(text, cursor, limit);
        if text.chars.get(next) == Some(&',') {
            next = skip_gap(text, next + 1, limit);
        } else if text.words_at(next, "va") {
            next = skip_gap(text, next + 2, limit);
        } else {
            break;
        }
        cursor = next;
    }
    found
}

/// "Giám đốc Sở, thủ trưởng các cơ quan …": the head of every office of that kind, named by a
/// title and the head alone, the list going on after it.
fn head_after_title(text: &Folded, at: usize) -> Option<Unit> {
    let titled = crate::domain::drafting::TITLES
        .iter()
        .any(|title| at > title.len() && text.words_at(at - title.len() - 1, title));
    let head = ["so", "ban", "nganh"]
        .iter()
        .find(|head| text.words_at(at, head) && written_as(text, at, head))?;
    let end = at + head.len();
    let goes_on = text.chars.get(end) == Some(&',') || text.words_at(end + 1, "va");
    (titled && goes_on).then(|| Unit::read(text, at, end, true))
}

/// Heads that name a sector as much as a body ("các ngành: BHXH, Thuế, Hải quan"), folded.
const SECTORS_NAMED_AS_BODIES: [&str; 8] = [
    "bhxh",
    "bao hiem xa hoi",
    "cong an",
    "hai quan",
    "kho bac",
    "thanh tra",
    "ngan hang",
    "dien luc",
];

/// "các sở: Tài chính, Xây dựng" and "các Bộ: Tài chính, Công Thương".
fn elliptical_at(text: &Folded, at: usize, limit: usize) -> Option<Vec<Unit>> {
    if !text.words_at(at, "cac") {
        return None;
    }
    let kind_at = at + 4;
    // "các sở: Tài chính, Xây dựng", or without the colon when a name follows the kind
    // ("các sở QHKT, Xây dựng"); "các Bộ, cơ quan" is a group instead.
    // "các xã: Tân Phú Trung, Tân Phú": places only with the colon ("các huyện miền núi" is
    // a group).
    let places = ["thi xa", "xa", "huyen", "phuong", "quan", "tinh"];
    // "các sở, ngành: Nội vụ, Y tế, Công an tỉnh": offices by their field, other units whole;
    // "các Bộ, ngành: Giao thông vận tải, Công an, …": ministries so.
    let offices = ["so, ban, nganh", "so, nganh", "bo, nganh", "bo, co quan"]
        .iter()
        .find(|k| text.words_at(kind_at, k) && text.chars.get(kind_at + k.len()) == Some(&':'));
    let kind = offices
        .into_iter()
        .chain(["so", "bo", "ban", "nganh", "co quan", "don vi"].iter())
        .chain(&places)
        .find(|k| {
            let after = kind_at + k.len();
            text.words_at(kind_at, k)
                && (text.chars.get(after) == Some(&':')
                    || (!places.contains(k)
                        && text.chars.get(after) == Some(&' ')
                        && text.is_capital(after + 1)
                        && head_at(text, after + 1).is_none()))
        })?;
    // "các sở, ngành: …" names offices ("Sở"), "các Bộ, ngành: …" ministries ("Bộ").
    let head_length = if offices.is_some() { 2 } else { kind.len() };
    let head: String = text.text(kind_at, kind_at + head_length);
    let head = {
        let mut chars = head.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
            .unwrap_or_default()
    };
    let mut cursor = kind_at + kind.len() + 1;
    let mut found = Vec::new();
    // "các sở: Y tế; Lao động, Thương binh và Xã hội; Văn hóa, Thể thao và Du lịch": after the
    // colon, names holding commas are parted by ";".
    let colon = text.chars.get(kind_at + kind.len()) == Some(&':');
    let parted = |c: char| c == ',' || (colon && c == ';');
    loop {
        while cursor < limit
            && (matches!(text.chars[cursor], ' ' | ':') || parted(text.chars[cursor]))
        {
            cursor += 1;
        }
        if text.words_at(cursor, "va") {
            cursor += 3;
        }
        // "các sở: …, Xây dựng và Chủ tịch UBND huyện Tam Bình": whom a title names is another
        // unit.
        let titled = |at: usize| {
            crate::domain::drafting::TITLES
                .iter()
                .any(|title| text.words_at(at, title))
        };
        // "các Bộ, ngành: …, Công an, …": a ministry by its field, though the field alone is a
        // head.
        let ministry_field = kind.starts_with("bo")
            && head_at(text, cursor).is_some_and(|head| {
                unit_at(text, cursor, limit).is_none_or(|unit| unit.end == cursor + head)
            });
        if offices.is_some() && !titled(cursor) && !ministry_field {
            if let Some(unit) = head_at(text, cursor).and_then(|_| unit_at(text, cursor, limit)) {
                cursor = unit.end;
                found.push(unit);
                continue;
            }
        }
        // "các ngành: BHXH, Thuế, Hải quan": sectors named as their bodies are.
        let sector = ministry_field
            || *kind == "nganh"
                && SECTORS_NAMED_AS_BODIES
                    .iter()
                    .any(|s| text.words_at(cursor, s));
        if cursor >= limit
            || !text.is_capital(cursor)
            || (head_at(text, cursor).is_some() && !sector)
            || titled(cursor)
        {
            break;
        }
        // The name runs to the next comma, "và" or a word that ends names.
        let tokens = words(text, cursor, limit.min(cursor + NAME_REACH));
        let mut end = cursor;
        for (index, (start, stop)) in tokens.iter().enumerate() {
            if index > 0
                && (!(gap_is_space(text, end, *start) || joins_a_name(text, end, *start))
                    || text.words_at(*start, "va")
                        && !tokens.get(index + 1).is_some_and(|n| {
                            text.is_capital(n.0) && !titled(n.0)
                                || NAME_TAILS.iter().any(|tail| text.words_at(n.0, tail))
                        })
                    || (stop_at(text, *start).is_some() && !text.is_capital(*start)))
            {
                break;
            }
            end = *stop;
        }
        found.push(Unit {
            name: format!("{head} {}", text.text(cursor, end)),
            start: cursor,
            end,
            group: false,
        });
        cursor = end;
        if !text.chars.get(cursor).is_some_and(|c| parted(*c)) && !text.words_at(cursor + 1, "va") {
            break;
        }
    }
    // Without the colon, one name is bodies of that kind ("các Ban QLDA chuyên ngành tỉnh").
    (found.len() > 1 || colon && !found.is_empty()).then_some(found)
}

/// Whether a ";" at folded `at` parts the names of one kind listed after a colon ("yêu cầu
/// Bộ trưởng các bộ: Tài chính; Thông tin và Truyền thông; Quốc phòng phải …"), rather than
/// two clauses; the clause being read opens at `start`.
pub fn parts_names_of_one_kind(text: &Folded, start: usize, at: usize) -> bool {
    (start..at)
        .filter(|kind| text.words_at(*kind, "cac") && text.folded(*kind, at).contains(':'))
        .any(|kind| {
            elliptical_at(text, kind, text.len())
                .and_then(|names| names.last().map(|last| last.end))
                .is_some_and(|end| end > at)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, bool)> {
        let folded = Folded::new(text);
        list_at(&folded, 0, folded.len())
            .into_iter()
            .map(|u| (u.name, u.group))
            .collect()
    }

    #[test]
    fn a_unit_is_read_without_panic_wherever_its_limit_falls() {
        let text = Folded::new(
            "UBND các huyện, thị xã, TP Huế và UBND các tỉnh, thành phố trực thuộc trung ương thông báo",
        );
        let mut read = 0;
        for at in 0..text.len() {
            for limit in at..=text.len() {
                read += usize::from(unit_at(&text, at, limit).is_some());
            }
        }
        assert!(read > 100, "units are read within most limits");
    }

    fn units(list: &[&str]) -> Vec<(String, bool)> {
        list.iter().map(|n| ((*n).to_string(), false)).collect()
    }

    fn partners(text: &str) -> Vec<String> {
        let folded = Folded::new(text);
        partners_at(&folded, 0, folded.len())
            .into_iter()
            .map(|u| u.name)
            .collect()
    }

    #[test]
    fn partners_are_named_past_their_titles() {
        assert_eq!(
            partners("Giám đốc Sở Kế hoạch và Đầu tư, Thủ trưởng các cơ quan liên quan tham mưu"),
            ["Sở Kế hoạch và Đầu tư", "các cơ quan liên quan"]
        );
    }

    #[test]
    fn partners_may_be_bodies_named_in_lower_case() {
        assert_eq!(
            partners("cơ quan bảo hiểm xã hội triển khai"),
            ["cơ quan bảo hiểm xã hội"]
        );
        assert_eq!(partners("ngành y tế tăng cường"), ["ngành y tế"]);
        assert_eq!(
            partners("chính quyền các địa phương trong tỉnh có nhiệm vụ"),
            ["chính quyền các địa phương trong tỉnh"]
        );
        assert_eq!(
            partners("công an các địa phương khẩn trương"),
            ["công an các địa phương"]
        );
        assert_eq!(
            partners("Công an tỉnh, cơ quan quản lý đường thủy nội địa kiểm tra"),
            ["Công an tỉnh", "cơ quan quản lý đường thủy nội địa"]
        );
        assert_eq!(partners("đơn vị tư vấn hoàn thành"), ["đơn vị tư vấn"]);
        assert_eq!(
            partners("huyện Thủy Nguyên, Ban Quản lý dự án giải quyết"),
            ["huyện Thủy Nguyên", "Ban Quản lý dự án"]
        );
        assert_eq!(
            partners("chính quyền địa phương các cấp tăng cường"),
            ["chính quyền địa phương các cấp"]
        );
        assert_eq!(
            partners("Cảnh sát giao thông, cảnh sát trật tự có biện pháp"),
            ["Cảnh sát giao thông", "cảnh sát trật tự"]
        );
        assert_eq!(
            partners("các sở, ngành chuyên môn tổ chức"),
            ["các sở, ngành chuyên môn"]
        );
        assert_eq!(
            partners("lực lượng Quản lý thị trường, lực lượng an ninh quận Liên Chiểu kiểm tra"),
            [
                "lực lượng Quản lý thị trường",
                "lực lượng an ninh quận Liên Chiểu"
            ]
        );
        assert_eq!(
            partners("lực lượng quản lý thị trường tăng cường kiểm soát"),
            ["lực lượng quản lý thị trường"]
        );
        assert_eq!(
            partners("lực lượng kiểm lâm, chính quyền địa phương và Công an tỉnh ngăn chặn"),
            [
                "lực lượng kiểm lâm",
                "chính quyền địa phương",
                "Công an tỉnh"
            ]
        );
    }

    #[test]
    fn units_are_read_by_their_grammar() {
        let cases: [(&str, Vec<(String, bool)>); 259] = [
            ("Sở Tài chính chủ trì, phối hợp", units(&["Sở Tài chính"])),
            ("Sở Xây dựng xây dựng kế hoạch", units(&["Sở Xây dựng"])),
            ("Sở Khoa học và công nghệ, Sở Công thương, Sở Nông nghiệp và Phát triển nông thôn cùng với", units(&["Sở Khoa học và công nghệ", "Sở Công thương", "Sở Nông nghiệp và Phát triển nông thôn"])),
            ("Liên minh HTX tỉnh tiếp tục tuyên truyền", units(&["Liên minh HTX tỉnh"])),
            ("Liên minh Hợp tác xã tỉnh tham mưu thành lập Quỹ", units(&["Liên minh Hợp tác xã tỉnh"])),
            ("UBND huyện Vũ Thư khẩn trương", units(&["UBND huyện Vũ Thư"])),
            ("UBND xã, phường, thị trấn tổng hợp", units(&["UBND xã, phường, thị trấn"])),
            ("Sở Lao động - Thương binh và Xã hội báo cáo", units(&["Sở Lao động - Thương binh và Xã hội"])),
            ("Sở Lao động – Thương binh và Xã hội chủ trì", units(&["Sở Lao động – Thương binh và Xã hội"])),
            ("Sở NN & PTNT tăng cường", units(&["Sở NN & PTNT"])),
            ("Sở LĐ-TB&XH thông tin, giới thiệu các doanh nghiệp", units(&["Sở LĐ-TB&XH"])),
            ("Sở NN&PTNT tỉnh chủ trì", units(&["Sở NN&PTNT tỉnh"])),
            ("Ban Chỉ huy PCTT&TKCN các huyện, thị xã triển khai", vec![("Ban Chỉ huy PCTT&TKCN các huyện, thị xã".into(), true)]),
            ("tất cả các sở, ngành cần tiếp tục", vec![("tất cả các sở, ngành".into(), true)]),
            ("UBND tỉnh Đồng Nai Nguyễn Sơn Hùng đặc biệt lưu ý", units(&["UBND tỉnh Đồng Nai"])),
            ("UBND tỉnh Thừa Thiên Huế Nguyễn Văn Phương chỉ đạo", units(&["UBND tỉnh Thừa Thiên Huế"])),
            ("UBND tỉnh Nguyễn Thế Phước tiếp tục chỉ đạo", units(&["UBND tỉnh"])),
            ("UBND huyện Trần Văn Thời khẩn trương", units(&["UBND huyện Trần Văn Thời"])),
            ("UBND huyện Hoàng Su Phì khẩn trương", units(&["UBND huyện Hoàng Su Phì"])),
            ("Sở Xây dựng thiết kế, lắp đặt hệ thống", units(&["Sở Xây dựng"])),
            ("Các đơn vị dựa trên chức năng, nhiệm vụ", vec![("Các đơn vị".into(), true)]),
            ("2 tỉnh Điện Biên và Lạng Sơn chỉ đạo", units(&["tỉnh Điện Biên", "tỉnh Lạng Sơn"])),
            ("Hai thành phố Cẩm Phả, Hạ Long rà soát", units(&["thành phố Cẩm Phả", "thành phố Hạ Long"])),
            ("12 xã đạt từ 16 - 18 tiêu chí", vec![]),
            ("các sở giáo dục và đào tạo chủ động phối hợp", vec![("các sở giáo dục và đào tạo".into(), true)]),
            ("các phòng tài nguyên và môi trường kiểm tra", vec![("các phòng tài nguyên và môi trường".into(), true)]),
            ("toàn thể cán bộ, công chức, viên chức, người lao động nâng cao", vec![("toàn thể cán bộ, công chức, viên chức, người lao động".into(), true)]),
            ("các sở, ngành: Nội vụ, Y tế, Công an tỉnh kiểm tra", units(&["Sở Nội vụ", "Sở Y tế", "Công an tỉnh"])),
            ("các cơ quan, đơn vị cấp huyện, cấp xã có trách nhiệm", vec![("các cơ quan, đơn vị cấp huyện, cấp xã".into(), true)]),
            ("các Bộ, ngành: Giao thông vận tải, Công an, Thanh tra Chính phủ tăng cường", units(&["Bộ Giao thông vận tải", "Bộ Công an", "Thanh tra Chính phủ"])),
            ("các ban: Tuyên giáo, Dân vận tham mưu", units(&["Ban Tuyên giáo", "Ban Dân vận"])),
            ("từng địa phương phải xác định rõ", vec![("từng địa phương".into(), true)]),
            ("Mỗi cơ quan, đơn vị bố trí 01 thùng", vec![("Mỗi cơ quan, đơn vị".into(), true)]),
            ("mời các đồng chí trong Tổ cấp ủy dự", vec![]),
            ("từng cơ quan, ban, ngành, đồng chí Doãn Tiến Dũng yêu cầu", vec![("từng cơ quan, ban, ngành".into(), true)]),
            ("Đài Phát thanh và Truyền hình Hải Phòng, Báo Hải Phòng tuyên truyền", units(&["Đài Phát thanh và Truyền hình Hải Phòng", "Báo Hải Phòng"])),
            ("sở Giáo dục và Đào tạo, phòng Quản lý đô thị thuê đơn vị tư vấn", units(&["sở Giáo dục và Đào tạo", "phòng Quản lý đô thị"])),
            ("Trung tâm Phát triển Quỹ đất thành phố thực hiện", units(&["Trung tâm Phát triển Quỹ đất thành phố"])),
            ("Ủy ban nhân dân các xã, thị trấn quán triệt", vec![("Ủy ban nhân dân các xã, thị trấn".into(), true)]),
            ("UBND các huyện biên giới chỉ đạo", vec![("UBND các huyện biên giới".into(), true)]),
            ("Cục Hàng không Việt Nam, UBND tỉnh Quảng Nam tạo điều kiện", units(&["Cục Hàng không Việt Nam", "UBND tỉnh Quảng Nam"])),
            ("Các tỉnh, TP cho phép", vec![("Các tỉnh, TP".into(), true)]),
            ("Sở VHTTDL chú ý nhắc nhở các nhà thầu", units(&["Sở VHTTDL"])),
            ("Sở Giao thông - Vận tải - Cơ quan Thường trực Ban An toàn giao thông tỉnh kiểm tra", units(&["Sở Giao thông - Vận tải"])),
            ("Ủyban nhân dân tỉnh Quảng Trị nghiên cứu", units(&["Ủyban nhân dân tỉnh Quảng Trị"])),
            ("Báo CCB Việt Nam rất hoan nghênh", units(&["Báo CCB Việt Nam"])),
            ("UBND các huyện, thành phố Cà Mau và các đơn vị có liên quan", vec![("UBND các huyện, thành phố Cà Mau".into(), true), ("các đơn vị có liên quan".into(), true)]),
            ("Ban Tuyên giáo Huyện ủy và các cơ quan liên quan", vec![("Ban Tuyên giáo Huyện ủy".into(), false), ("các cơ quan liên quan".into(), true)]),
            ("các sở, ngành, đơn vị của TP triển khai", vec![("các sở, ngành, đơn vị của TP".into(), true)]),
            ("các quận/huyện và các sở/ngành liên quan xây dựng", vec![("các quận/huyện".into(), true), ("các sở/ngành liên quan".into(), true)]),
            ("Ban quản lý các khu chế xuất và công nghiệp cần phối hợp", units(&["Ban quản lý các khu chế xuất và công nghiệp"])),
            ("Ban quản lý Khu công nghệ cao thống kê", units(&["Ban quản lý Khu công nghệ cao"])),
            ("Sở, ban, ngành Thành phố và Ủy ban nhân dân các quận, huyện, thị xã: Chủ động", vec![("Sở, ban, ngành Thành phố".into(), true), ("Ủy ban nhân dân các quận, huyện, thị xã".into(), true)]),
            ("UBND các quận, huyện, sở, ngành hỗ trợ", vec![("UBND các quận, huyện".into(), true), ("sở, ngành".into(), true)]),
            ("Các đơn vị, chủ rừng tiếp tục", vec![("Các đơn vị, chủ rừng".into(), true)]),
            ("các ngành các cấp tiếp tục", vec![("các ngành các cấp".into(), true)]),
            ("Sở Kế hoạch và Đầu tư và Sở Tài chính rà soát", units(&["Sở Kế hoạch và Đầu tư", "Sở Tài chính"])),
            ("Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh theo chức năng", units(&["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"])),
            ("UBND các huyện, thành phố khẩn trương", vec![("UBND các huyện, thành phố".into(), true)]),
            ("các sở, ban, ngành liên quan", vec![("các sở, ban, ngành liên quan".into(), true)]),
            ("các sở: Tài chính, Xây dựng rà soát", units(&["Sở Tài chính", "Sở Xây dựng"])),
            ("các sở QHKT, Xây dựng, Tổng Công ty Vận tải Hà Nội kiểm tra", units(&["Sở QHKT", "Sở Xây dựng", "Tổng Công ty Vận tải Hà Nội"])),
            ("UBND các tỉnh, thành phố Ninh Bình, Hà Tĩnh và Cần Thơ có kế hoạch", units(&["UBND tỉnh Ninh Bình", "UBND tỉnh Hà Tĩnh", "UBND thành phố Cần Thơ"])),
            ("UBND cấp huyện tổ chức", units(&["UBND cấp huyện"])),
            ("Ban Quản lý dự án 85 - Bộ GTVT kiểm tra", units(&["Ban Quản lý dự án 85 - Bộ GTVT"])),
            ("Trung tâm Điều hành chương trình chống ngập nước TP phối hợp", units(&["Trung tâm Điều hành chương trình chống ngập nước TP"])),
            ("các Phòng, ban, đơn vị thuộc thành phố có trách nhiệm", vec![("các Phòng, ban, đơn vị thuộc thành phố".into(), true)]),
            ("Các Ban QLDA chuyên ngành tỉnh báo cáo", vec![("Các Ban QLDA chuyên ngành tỉnh".into(), true)]),
            ("Các Bộ, cơ quan ngang Bộ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương khẩn trương", vec![("Các Bộ, cơ quan ngang Bộ".into(), true), ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương".into(), true)]),
            ("các Sở: Lao động - Thương binh và Xã hội, Tài chính chỉ đạo", units(&["Sở Lao động - Thương binh và Xã hội", "Sở Tài chính"])),
            ("Các tỉnh, thành khác tự tổ chức kiểm tra", vec![("Các tỉnh, thành khác".into(), true)]),
            ("các cơ quan chức năng liên quan lập Đề án", vec![("các cơ quan chức năng liên quan".into(), true)]),
            ("UBND các quận: Hồng Bàng, Ngô Quyền, Lê Chân chỉ đạo", units(&["UBND quận Hồng Bàng", "UBND quận Ngô Quyền", "UBND quận Lê Chân"])),
            ("các xã Châu Minh, Ngọc Sơn và Hương Lâm tổ chức", units(&["xã Châu Minh", "xã Ngọc Sơn", "xã Hương Lâm"])),
            ("các tỉnh Tây Nguyên, Nam Bộ chủ động", vec![("các tỉnh".into(), true)]),
            ("Bộ Chỉ huy Bộ đội Biên phòng, Cục Hải quan chỉ đạo", units(&["Bộ Chỉ huy Bộ đội Biên phòng", "Cục Hải quan"])),
            ("Bộ Chỉ huy Quân sự tăng cường", units(&["Bộ Chỉ huy Quân sự"])),
            ("Bộ chỉ huy biên phòng TP chủ trì", units(&["Bộ chỉ huy biên phòng TP"])),
            ("các ngành khắc phục hậu quả", vec![("các ngành".into(), true)]),
            ("các tỉnh, thành khác tự tổ chức", vec![("các tỉnh, thành khác".into(), true)]),
            ("các phương tiện thông tin đại chúng cần tập trung", vec![("các phương tiện thông tin đại chúng".into(), true)]),
            ("Công ty điện lực Hà Nội công khai số điện thoại", units(&["Công ty điện lực Hà Nội"])),
            ("các bệnh viện trực thuộc Bộ chủ động", vec![("các bệnh viện trực thuộc Bộ".into(), true)]),
            ("Sở Công Thương các tỉnh/thành phố trực thuộc Trung ương tăng cường", vec![("Sở Công Thương các tỉnh/thành phố trực thuộc Trung ương".into(), true)]),
            ("UBND các tỉnh, TP trực thuộc T.Ư phải kiểm tra", vec![("UBND các tỉnh, TP trực thuộc T.Ư".into(), true)]),
            ("BQL Khu kinh tế hướng dẫn", units(&["BQL Khu kinh tế"])),
            ("các đơn vị lực lượng vũ trang sẵn sàng", vec![("các đơn vị lực lượng vũ trang".into(), true)]),
            ("Trung tâm xúc tiến du lịch theo dõi", units(&["Trung tâm xúc tiến du lịch"])),
            ("Ngành Giáo dục và Đào tạo theo dõi", units(&["Ngành Giáo dục và Đào tạo"])),
            ("Ngành y tế ngoài công tác chăm sóc", units(&["Ngành y tế"])),
            ("BHXH tỉnh phối hợp", units(&["BHXH tỉnh"])),
            ("Các ngành: BHXH, Hải quan cần phối hợp", units(&["Ngành BHXH", "Ngành Hải quan"])),
            ("các huyện Tây Bắc chủ động", vec![("các huyện".into(), true)]),
            ("Công an TP.Hải Phòng chỉ đạo", units(&["Công an TP.Hải Phòng"])),
            // A city abbreviated, its name then the work.
            ("UBND TP. Hà Nội gặp gỡ", units(&["UBND TP. Hà Nội"])),
            ("UBND TP Hà Nội gặp gỡ", units(&["UBND TP Hà Nội"])),
            ("UBND Tp.Hồ Chí Minh gặp gỡ", units(&["UBND Tp.Hồ Chí Minh"])),
            ("UBND TX Sơn Tây tiếp nhận", units(&["UBND TX Sơn Tây"])),
            ("sở GTVT tổ chức", units(&["sở GTVT"])),
            ("các sở ban ngành, địa phương tăng cường", vec![("các sở ban ngành, địa phương".into(), true)]),
            ("các sở ban hành", vec![("các sở".into(), true)]),
            ("UBND xã, phường, đặc khu và các đơn vị liên quan khảo sát", vec![("UBND xã, phường, đặc khu".into(), false), ("các đơn vị liên quan".into(), true)]),
            ("các tỉnh, thành phố nêu trên theo dõi", vec![("các tỉnh, thành phố nêu trên".into(), true)]),
            ("các sở, ban, ngành thuộc UBND thành phố tham dự", vec![("các sở, ban, ngành thuộc UBND thành phố".into(), true)]),
            ("Trạm Khuyến nông và Dịch vụ nông lâm nghiệp thành phố chủ trì", units(&["Trạm Khuyến nông và Dịch vụ nông lâm nghiệp thành phố"])),
            ("sở, ngành phối hợp với", vec![("sở, ngành".into(), true)]),
            ("các cơ quan, đơn vị thuộc Bộ có trách nhiệm", vec![("các cơ quan, đơn vị thuộc Bộ".into(), true)]),
            ("Các Sở, ban, ngành là thành viên Ban Chỉ huy phối hợp", vec![("Các Sở, ban, ngành là thành viên Ban Chỉ huy".into(), true)]),
            ("các Sở, ban, ngành là thành viên của Ban Chỉ huy PCTT&TKCN tỉnh tiến hành", vec![("các Sở, ban, ngành là thành viên của Ban Chỉ huy PCTT&TKCN tỉnh".into(), true)]),
            ("các sở GD&ĐT phải công bố", vec![("các sở GD&ĐT".into(), true)]),
            ("các Sở, ban, ngành, đơn vị cấp tỉnh, UBND các huyện, thành, thị triển khai", vec![("các Sở, ban, ngành, đơn vị cấp tỉnh".into(), true), ("UBND các huyện, thành, thị".into(), true)]),
            ("cơ quan thành viên Ban Chỉ đạo về vệ sinh an toàn thực phẩm tỉnh, UBND các huyện tổ chức", vec![("cơ quan thành viên Ban Chỉ đạo về vệ sinh an toàn thực phẩm tỉnh".into(), true), ("UBND các huyện".into(), true)]),
            ("Ban chỉ huy phòng chống thiên tai và tìm kiếm cứu nạn tỉnh theo dõi", units(&["Ban chỉ huy phòng chống thiên tai và tìm kiếm cứu nạn tỉnh"])),
            ("Uỷ ban nhân dân thành phố và các huyện tổ chức", vec![("Uỷ ban nhân dân thành phố".into(), false), ("Uỷ ban nhân dân các huyện".into(), true)]),
            ("UBND TP Hà Nội và TP HCM chủ động", units(&["UBND TP Hà Nội", "UBND TP HCM"])),
            ("UBND các Quận 1, Quận 5, Quận 10 tăng cường", units(&["UBND quận 1", "UBND quận 5", "UBND quận 10"])),
            ("Ủy ban An toàn giao thông quốc gia căn cứ chức năng", units(&["Ủy ban An toàn giao thông quốc gia"])),
            ("Bộ Kế hoạch và Đầu tư chủtrì, phối hợp", units(&["Bộ Kế hoạch và Đầu tư"])),
            ("Sở Lao động, Thương binh và Xã hội thanh tra", units(&["Sở Lao động, Thương binh và Xã hội"])),
            ("Văn phòng Ban An toàn giao thông tỉnh chủ trì", units(&["Văn phòng Ban An toàn giao thông tỉnh"])),
            ("Cơ quan BHXH tỉnh xây dựng kế hoạch", units(&["Cơ quan BHXH tỉnh"])),
            ("ngành Thuế tỉnh tập trung", units(&["ngành Thuế tỉnh"])),
            ("Sở VH,TT&DL chủ trì", units(&["Sở VH,TT&DL"])),
            ("Các sở, ban, ngành, đoàn thể của tỉnh, UBND các huyện chủ động", vec![("Các sở, ban, ngành, đoàn thể của tỉnh".into(), true), ("UBND các huyện".into(), true)]),
            ("Ban Quản lý dự án đầu tư xây dựng tỉnh khẩn trương", units(&["Ban Quản lý dự án đầu tư xây dựng tỉnh"])),
            ("Bộ Nông nghiệp và Phát triển nông thôn xuất cấp không thu tiền", units(&["Bộ Nông nghiệp và Phát triển nông thôn"])),
            ("các sở: Y tế, VH,TT&DL tổ chức", units(&["Sở Y tế", "Sở VH,TT&DL"])),
            ("Các ngành: BHXH, Thuế cần phối hợp", units(&["Ngành BHXH", "Ngành Thuế"])),
            ("UBND các xã, phường, đặc khu chủ trì", vec![("UBND các xã, phường, đặc khu".into(), true)]),
            ("UBND huyện Quang Bình, Bắc Quang triển khai", units(&["UBND huyện Quang Bình", "UBND huyện Bắc Quang"])),
            ("UBND TP.HCM, tỉnh Bình Dương, Đồng Nai tạo điều kiện", units(&["UBND TP.HCM", "UBND tỉnh Bình Dương", "UBND tỉnh Đồng Nai"])),
            ("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam đẩy mạnh", units(&["Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"])),
            ("các cơ quan thuế tiếp tục khai thác nguồn thu", vec![("các cơ quan thuế".into(), true)]),
            ("các cơ quan liên quan đàm phán", vec![("các cơ quan liên quan".into(), true)]),
            ("Ban Chỉ huy PCTT&TKCN các huyện: Sông Lô, Lập Thạch triển khai", units(&["Ban Chỉ huy PCTT&TKCN huyện Sông Lô", "Ban Chỉ huy PCTT&TKCN huyện Lập Thạch"])),
            ("UBND xã Ea Bông, Bình Hòa, thị trấn Buôn Trấp và các đơn vị liên quan", vec![("UBND xã Ea Bông".into(), false), ("UBND xã Bình Hòa".into(), false), ("UBND thị trấn Buôn Trấp".into(), false), ("các đơn vị liên quan".into(), true)]),
            ("UBND các xã: Khánh Phú, Khánh Thượng, Sơn Thái nghiêm túc", units(&["UBND xã Khánh Phú", "UBND xã Khánh Thượng", "UBND xã Sơn Thái"])),
            ("UBND các huyện, thành phố còn lại tập trung", vec![("UBND các huyện, thành phố còn lại".into(), true)]),
            ("các xã có biển chỉ đạo", vec![("các xã có biển".into(), true)]),
            ("các cơ quan, đơn vị thông tin đại chúng đẩy mạnh", vec![("các cơ quan, đơn vị thông tin đại chúng".into(), true)]),
            ("Công ty Cổ phần Vật liệu xây dựng Tây Nguyên dừng", units(&["Công ty Cổ phần Vật liệu xây dựng Tây Nguyên"])),
            ("Cty TNHH một thành viên KTCTTL theo dõi", units(&["Cty TNHH một thành viên KTCTTL"])),
            ("Tổng cục Đường bộ Việt Nam lên kế hoạch", units(&["Tổng cục Đường bộ Việt Nam"])),
            ("Ban Chấp hành Bộ đội Biên phòng tỉnh cử cán bộ", units(&["Ban Chấp hành Bộ đội Biên phòng tỉnh"])),
            ("Đài Phát thanh và Truyền hình Hải Phòng, Báo Hải Phòng, Cổng Thông tin điện tử thành phố tuyên truyền", units(&["Đài Phát thanh và Truyền hình Hải Phòng", "Báo Hải Phòng", "Cổng Thông tin điện tử thành phố"])),
            ("Sở Nông nghiệp và Môi trường, Cảng vụ Hàng hải, UBND các xã ven biển khẩn trương", vec![("Sở Nông nghiệp và Môi trường".into(), false), ("Cảng vụ Hàng hải".into(), false), ("UBND các xã ven biển".into(), true)]),
            ("các sở, các trường đại học, học viện, cao đẳng và trung cấp chuyên nghiệp tăng cường", vec![("các sở".into(), true), ("các trường đại học, học viện, cao đẳng và trung cấp chuyên nghiệp".into(), true)]),
            ("UBND các huyện, thành phố, các chủ hồ đập thủy lợi, thủy điện trên địa bàn tỉnh chủ động", vec![("UBND các huyện, thành phố".into(), true), ("các chủ hồ đập thủy lợi, thủy điện trên địa bàn tỉnh".into(), true)]),
            ("Ban quản lý Khu kinh tế Dung Quất, các ban quản lý chuyên ngành khẩn trương", vec![("Ban quản lý Khu kinh tế Dung Quất".into(), false), ("các ban quản lý chuyên ngành".into(), true)]),
            // A name the list does not go on to: no work follows it.
            ("Sở Tài chính, Kho bạc nhà nước tỉnh năm 2024 theo", units(&["Sở Tài chính", "Kho bạc nhà nước tỉnh"])),
            ("Vụ Kế hoạch, Tài chính và Quản lý doanh nghiệp được giao nhiệm vụ", units(&["Vụ Kế hoạch, Tài chính và Quản lý doanh nghiệp"])),
            ("Vụ việc được giao", vec![]),
            ("Sở Tài nguyên - môi trường chủ trì", units(&["Sở Tài nguyên - môi trường"])),
            ("Sở Nông nghiệp & PTNT chủ trì", units(&["Sở Nông nghiệp & PTNT"])),
            ("các sở và TP. Phan Thiết khảo sát", vec![("các sở".into(), true), ("TP. Phan Thiết".into(), false)]),
            ("Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia điều phối", units(&["Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia"])),
            ("UBND các huyện, thị xã, thành phố Nâng cao vai trò", vec![("UBND các huyện, thị xã, thành phố".into(), true)]),
            // Cities and towns shortened after the districts.
            ("UBND các huyện, thành, thị rà soát", vec![("UBND các huyện, thành, thị".into(), true)]),
            ("Tổng Thanh tra Chính phủ chỉ đạo", units(&["Tổng Thanh tra Chính phủ"])),
            ("Tổng Thanh tra chủ trì", units(&["Tổng Thanh tra"])),
            // Places named by their numbers.
            ("UBND phường 11, 12 thành lập", units(&["UBND phường 11", "UBND phường 12"])),
            // Of the body named after "của".
            ("các cơ quan chuyên môn của UBND tỉnh nên có giải pháp", vec![("các cơ quan chuyên môn của UBND tỉnh".into(), true)]),
            ("các huyện, thị xã rà soát", vec![("các huyện, thị xã".into(), true)]),
            ("Sở Nông nghiệp và Phát triển nông thôn lấy ý kiến", units(&["Sở Nông nghiệp và Phát triển nông thôn"])),
            ("các đồng chí thành viên Ban Chỉ huy Phòng thủ dân sự - Phòng, chống thiên tai và Tìm kiếm cứu nạn tỉnh tiếp tục", vec![("các đồng chí thành viên Ban Chỉ huy Phòng thủ dân sự - Phòng, chống thiên tai và Tìm kiếm cứu nạn tỉnh".into(), true)]),
            ("Phòng Vận tải hàng không triển khai", units(&["Phòng Vận tải hàng không"])),
            ("Tổng cục Thuế vừa có văn bản", units(&["Tổng cục Thuế"])),
            ("Ban Quản lý dự án phát triển đô thị vừa và nhỏ miền Trung tỉnh Phú Yên thực hiện", units(&["Ban Quản lý dự án phát triển đô thị vừa và nhỏ miền Trung tỉnh Phú Yên"])),
            ("các cục thuế địa phương báo cáo", vec![("các cục thuế địa phương".into(), true)]),
            ("các Sở LĐ-TB&XH trên cả nước chủ động", vec![("các Sở LĐ-TB&XH trên cả nước".into(), true)]),
            ("các sở, ngành và thị xã Kỳ Anh lắng nghe", vec![("các sở, ngành".into(), true), ("thị xã Kỳ Anh".into(), false)]),
            ("các địa phương trên địa bàn tỉnh Hà Tĩnh cần tiếp tục", vec![("các địa phương trên địa bàn tỉnh Hà Tĩnh".into(), true)]),
            ("Các sở, ngành liên quan ở cấp tỉnh phân công", vec![("Các sở, ngành liên quan ở cấp tỉnh".into(), true)]),
            ("Sở Y tế phản hồi kết quả", units(&["Sở Y tế"])),
            ("các hội đoàn thể từ huyện đến cơ sở tích cực", vec![("các hội đoàn thể từ huyện đến cơ sở".into(), true)]),
            ("UBND các cấp triển khai", vec![("UBND các cấp".into(), true)]),
            ("Kho bạc Nhà nước từ tỉnh đến huyện ưu tiên", units(&["Kho bạc Nhà nước từ tỉnh đến huyện"])),
            ("các cơ sở khám, chữa bệnh tập trung cấp cứu", vec![("các cơ sở khám, chữa bệnh".into(), true)]),
            ("Bệnh viện đa khoa huyện chuẩn bị đầy đủ trang thiết bị", units(&["Bệnh viện đa khoa huyện"])),
            ("Công ty CP Cấp nước Ninh Thuận chỉ đạo nhà thầu", units(&["Công ty CP Cấp nước Ninh Thuận"])),
            ("các sở, ngành, đơn vị, địa phương, Ban Quản lý Công trình xây dựng phát triển đô thị khẩn trương", vec![("các sở, ngành, đơn vị, địa phương".into(), true), ("Ban Quản lý Công trình xây dựng phát triển đô thị".into(), false)]),
            ("các xã: Tân Phú Trung, Tân Phú mời", units(&["Xã Tân Phú Trung", "Xã Tân Phú"])),
            ("UBND quận 5 kiểm tra tình trạng", units(&["UBND quận 5"])),
            ("Các công ty TNHH MTV Thủy lợi tổ chức trực ban", vec![("Các công ty TNHH MTV Thủy lợi".into(), true)]),
            ("các công ty thủy nông chủ động tiêu rút nước", vec![("các công ty thủy nông".into(), true)]),
            ("các xã có tuyến Tỉnh lộ 352 đi qua có trách nhiệm", vec![("các xã có tuyến Tỉnh lộ 352 đi qua".into(), true)]),
            ("Cơ quan Thường trực Ban Chỉ huy PCTT & TKCN huyện chủ động", units(&["Cơ quan Thường trực Ban Chỉ huy PCTT & TKCN huyện"])),
            ("Bộ Kế hoạch và Đầu tư xây dựng nội dung", units(&["Bộ Kế hoạch và Đầu tư"])),
            ("Sở Tài nguyên và Môi trườngchủ trì, phối hợp", units(&["Sở Tài nguyên và Môi trường"])),
            ("Ban Quản lý dự án đầu tư xây dựng huyện khẩn trương", units(&["Ban Quản lý dự án đầu tư xây dựng huyện"])),
            ("các đơn vị sản xuất tạm dừng thi công", vec![("các đơn vị sản xuất".into(), true)]),
            ("các doanh nghiệp xăng dầu dự trữ, cung cấp đủ xăng dầu", vec![("các doanh nghiệp xăng dầu".into(), true)]),
            ("các Ban ngành trên địa bàn xã chủ động", vec![("các Ban ngành trên địa bàn xã".into(), true)]),
            ("Cục thống kê chủ trì, phối hợp", units(&["Cục thống kê"])),
            ("Sở Giao thông vận tải đối với đường giao thông", units(&["Sở Giao thông vận tải"])),
            ("các sở-ngành liên quan theo dõi", vec![("các sở-ngành liên quan".into(), true)]),
            ("UBND huyện Krông Pa, Ia Grai, Chư Pah, Kbang tăng cường", units(&["UBND huyện Krông Pa", "UBND huyện Ia Grai", "UBND huyện Chư Pah", "UBND huyện Kbang"])),
            ("các bộ, ngành liên quan có biện pháp giảm giá", vec![("các bộ, ngành liên quan".into(), true)]),
            ("các xã có biển khẩn trương", vec![("các xã có biển".into(), true)]),
            ("Hạt kiểm lâm địa phương tăng cường kiểm tra", units(&["Hạt kiểm lâm địa phương"])),
            ("các đơn vị kinh doanh vận tải khách thực hiện nghiêm", vec![("các đơn vị kinh doanh vận tải".into(), true)]),
            ("Ban Quản lý dự án các công trình xây dựng huyện khẩn trương", units(&["Ban Quản lý dự án các công trình xây dựng huyện"])),
            ("Công ty cổ phần đầu tư và phát triển xây dựng Miền Bắc khẩn trương", units(&["Công ty cổ phần đầu tư và phát triển xây dựng Miền Bắc"])),
            ("Bộ đội Biên phòng tỉnh, Sở Nông nghiệp và Phát triển nông thôn tìm mọi biện pháp", units(&["Bộ đội Biên phòng tỉnh", "Sở Nông nghiệp và Phát triển nông thôn"])),
            ("Ban Chấp hành Bộ đội Biên phòng tỉnh cử cán bộ", units(&["Ban Chấp hành Bộ đội Biên phòng tỉnh"])),
            ("Ủy ban nhân dân các tỉnh, thành phố khu vực Đồng bằng sông Cửu Long khẩn trương", vec![("Ủy ban nhân dân các tỉnh, thành phố khu vực Đồng bằng sông Cửu Long".into(), true)]),
            ("các bộ, cơ quan ngang bộ, cơ quan trực thuộc Chính phủ bố trí", vec![("các bộ, cơ quan ngang bộ, cơ quan trực thuộc Chính phủ".into(), true)]),
            ("các thành viên Ban tổ chức cần rà soát", vec![("các thành viên Ban tổ chức".into(), true)]),
            ("Hội đồng Thi đua, khen thưởng tỉnh thực hiện", units(&["Hội đồng Thi đua, khen thưởng tỉnh"])),
            ("UBND các huyện trọng điểm căn cứ", vec![("UBND các huyện trọng điểm".into(), true)]),
            ("các địa phương có dự án đi qua cần chú trọng", vec![("các địa phương có dự án đi qua".into(), true)]),
            ("Các đơn vị của Quận theo nhiệm vụ", vec![("Các đơn vị của Quận".into(), true)]),
            ("các đơn vị quản lý đường bộ tăng cường", vec![("các đơn vị quản lý đường bộ".into(), true)]),
            ("các sở: Kế hoạch và đầu tư, Tài chính, NN&PTNT theo dõi", units(&["Sở Kế hoạch và đầu tư", "Sở Tài chính", "Sở NN&PTNT"])),
            ("các sở quản lý du lịch và chính quyền địa phương thường xuyên kiểm tra", vec![("các sở quản lý du lịch".into(), true), ("chính quyền địa phương".into(), false)]),
            ("UBND các xã, thị trấn và đơn vị liên quan khẩn trương chấn chỉnh", vec![("UBND các xã, thị trấn".into(), true), ("đơn vị liên quan".into(), false)]),
            ("Các Cảng vụ hàng không khu vực, Tổng công ty Cảng hàng không Việt Nam được yêu cầu", vec![("Các Cảng vụ hàng không khu vực".into(), true), ("Tổng công ty Cảng hàng không Việt Nam".into(), false)]),
            ("Ban Thường vụ Tỉnh đoàn phối hợp thực hiện", units(&["Ban Thường vụ Tỉnh đoàn"])),
            ("UBND huyện Đoan Hùng chỉ đạo", units(&["UBND huyện Đoan Hùng"])),
            ("Văn phòng Điều phối xây dựng NTM tỉnh tổ chức kiểm tra", units(&["Văn phòng Điều phối xây dựng NTM tỉnh"])),
            ("Cục Quản lý chất lượng nông lâm sản và thủy sản chủ trì", units(&["Cục Quản lý chất lượng nông lâm sản và thủy sản"])),
            ("UBND huyện, TX, TP chỉ đạo rà soát", units(&["UBND huyện, TX, TP"])),
            ("UBND quận - huyện tăng cường kiểm tra", units(&["UBND quận - huyện"])),
            ("Sở Tài chính cân đối, bố trí kinh phí", units(&["Sở Tài chính"])),
            ("Sở Nông nghiệp và Phát triển nông thôn cử lực lượng phối hợp", units(&["Sở Nông nghiệp và Phát triển nông thôn"])),
            ("Sở TN-MT đăng ký làm việc trực tuyến", units(&["Sở TN-MT"])),
            ("Hội đồng bầu cử tỉnh họp", units(&["Hội đồng bầu cử tỉnh"])),
            ("Tiểu ban hậu cần khẩn trương hoàn thành", units(&["Tiểu ban hậu cần"])),
            ("Sở Kế hoạch Đầu tư soạn dự thảo văn bản", units(&["Sở Kế hoạch Đầu tư"])),
            ("UBND huyện Ngọc Hiển và Vườn Quốc gia Mũi Cà Mau vận động", units(&["UBND huyện Ngọc Hiển", "Vườn Quốc gia Mũi Cà Mau"])),
            ("UBND xã Hồng Quảng và Thị trấn huy động", units(&["UBND xã Hồng Quảng", "Thị trấn"])),
            ("Ban Chỉ huy Phòng chống thiên tai và tìm kiếm cứu nạn cấp huyện rà soát", units(&["Ban Chỉ huy Phòng chống thiên tai và tìm kiếm cứu nạn cấp huyện"])),
            ("Chi cục Trồng trọt và bảo vệ thực vật tăng cường", units(&["Chi cục Trồng trọt và bảo vệ thực vật"])),
            ("các cấp, các ngành kiểm tra", vec![("các cấp".into(), true), ("các ngành".into(), true)]),
            ("các sở, ban, ngành, tổ chức chính trị - xã hội cấp tỉnh tập trung", vec![("các sở, ban, ngành, tổ chức chính trị - xã hội cấp tỉnh".into(), true)]),
            ("các cơ quan hữu quan phối hợp", vec![("các cơ quan hữu quan".into(), true)]),
            ("Công an tỉnh, Bộ chỉ huy bộ đội biên phòng, Cục quản lý thị trường tỉnh tổ chức kiểm tra", units(&["Công an tỉnh", "Bộ chỉ huy bộ đội biên phòng", "Cục quản lý thị trường tỉnh"])),
            ("Công an tỉnh, Cục quản lý thị trường, các sở: TN&MT, Xây dựng, UBND các huyện tập trung", vec![("Công an tỉnh".into(), false), ("Cục quản lý thị trường".into(), false), ("Sở TN&MT".into(), false), ("Sở Xây dựng".into(), false), ("UBND các huyện".into(), true)]),
            ("các cấp chính quyền địa phương cần tăng cường", vec![("các cấp chính quyền địa phương".into(), true)]),
            ("các sở: Giáo dục và Đào tạo, Xây dựng và Chủ tịch UBND huyện Tam Bình rà soát", units(&["Sở Giáo dục và Đào tạo", "Sở Xây dựng", "UBND huyện Tam Bình"])),
            ("các đơn vị thành viên ban chỉ đạo cần căn cứ", vec![("các đơn vị thành viên ban chỉ đạo".into(), true)]),
            ("các sở, ngành, đơn vị thành viên và địa phương thực hiện nghiêm", vec![("các sở, ngành, đơn vị thành viên".into(), true), ("địa phương".into(), true)]),
            ("Ban Chỉ đạo Đôn đốc thu, chống thất thu ngân sách Nhà nước TP khẩn trương rà soát", units(&["Ban Chỉ đạo Đôn đốc thu, chống thất thu ngân sách Nhà nước TP"])),
            ("Tiểu ban Tuyên truyền – khánh tiết Đại hội đại biểu Đảng bộ huyện chuẩn bị", units(&["Tiểu ban Tuyên truyền – khánh tiết Đại hội đại biểu Đảng bộ huyện"])),
            ("Ban Chỉ đạo kiểm tra các xã", units(&["Ban Chỉ đạo"])),
            ("Tổ công tác sẽ tiến hành kiểm tra việc giải phóng mặt bằng", units(&["Tổ công tác"])),
            ("Đoàn thanh tra cần có lịch làm việc cụ thể", units(&["Đoàn thanh tra"])),
            ("Tổ kiểm kê tài sản có nhiệm vụ kiểm kê", units(&["Tổ kiểm kê tài sản"])),
            ("Tổ bầu cử phải thường xuyên thông báo", units(&["Tổ bầu cử"])),
            ("Kho bạc Nhà nước thảo luận những vấn đề thu, chi", units(&["Kho bạc Nhà nước"])),
            ("Đảng ủy các xã, thị trấn phân công Bí thư", vec![("Đảng ủy các xã, thị trấn".into(), true)]),
            ("các Bộ, cơ quan thuộc Chính phủ, Ủy ban Nhân dân các địa phương tăng cường", vec![("các Bộ, cơ quan thuộc Chính phủ".into(), true), ("Ủy ban Nhân dân các địa phương".into(), true)]),
            ("Cảnh sát biển, Bộ đội Biên phòng, Hải quan xây dựng phương án", units(&["Cảnh sát biển", "Bộ đội Biên phòng", "Hải quan"])),
            ("các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ, UBND các tỉnh tăng cường", vec![("các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ".into(), true), ("UBND các tỉnh".into(), true)]),
            ("Ban chỉ đạo Trung ương về phòng chống thiên tai, Bộ Nông nghiệp và Phát triển nông thôn chỉ đạo", units(&["Ban chỉ đạo Trung ương về phòng chống thiên tai", "Bộ Nông nghiệp và Phát triển nông thôn"])),
            ("Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương tiếp tục thực hiện", units(&["Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung ương"])),
            ("UBND cấp tỉnh, cấp huyện quyết định số kinh phí", units(&["UBND cấp tỉnh, cấp huyện"])),
            ("các doanh nghiệp kinh doanh xăng dầu cam kết thực hiện", vec![("các doanh nghiệp kinh doanh xăng dầu".into(), true)]),
            ("Sở Tài chính và địa phương rà soát", vec![("Sở Tài chính".into(), false), ("địa phương".into(), true)]),
        ];
        for (text, wanted) in cases {
            assert_eq!(names(text), wanted, "{text}");
        }
        assert_eq!(
            names("các đồng chí thành viên Ban Chỉ đạo phát triển KTTT tỉnh tiếp tục chủ động"),
            vec![(
                "các đồng chí thành viên Ban Chỉ đạo phát triển KTTT tỉnh".into(),
                true
            )]
        );
        assert!(
            names("Số người trực tuyến: 64").is_empty(),
            "\"Số\" is not \"Sở\""
        );
        assert!(names("số liệu").is_empty());
        assert!(
            names("sở hữu").is_empty(),
            "a head in lower case needs an abbreviation"
        );
        assert!(names("xã hội hóa").is_empty(), "\"xã hội\" is no group");
        assert!(
            names("Tổ chức kiểm tra các cơ sở").is_empty(),
            "\"Tổ chức\" is work, not a team"
        );
        assert!(
            names("sở tại").is_empty(),
            "one kind written bare is no group"
        );
    }
}
