//! Drafts the directives a meeting's own text gives: who leads, who co-owns, by when, each
//! pointing at the words it came from, for the secretary to confirm. Plain rules over the text,
//! then a small logistic model ([`learned`]) that weighs what they read and the other sentences
//! of the text; offline and in milliseconds, it depends on nothing but the domain's text folding.
//!
//! The text is cut into sentences and their clauses (";"); a clause is a directive when it
//! assigns work to units: after "giao", "đề nghị", "yêu cầu", "chỉ đạo" (the units named
//! next lead), or with units as its subject once the text has started giving directions; a
//! clause without a subject keeps the units (lead and co-owners) of the clause before it in the
//! same sentence, and a sentence without one right after a directive keeps that directive's
//! lead (and its co-owners too after "Đồng thời", "Tiếp tục"). Units after "phối hợp (với)" or
//! "cùng với" co-own. The conventions are `shared/design/EXTRACTION.md`.

pub mod deadlines;
pub mod folded;
mod learned;
pub mod score;
pub mod units;

use chrono::NaiveDate;
use serde::Serialize;

use folded::Folded;
use units::{body_at, list_at, partners_at, past_brackets, past_titles, referred, Unit};

/// The longest text the API and the pages draft from, in characters: a long conclusion notice
/// is some 20,000.
pub const MAX_TEXT_CHARS: usize = 200_000;

/// One proposed directive, as `dondoc extract` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    /// The words that state it, as written.
    pub text: String,
    /// Character offsets of `text` in the input.
    pub start: usize,
    pub end: usize,
    pub lead: Vec<String>,
    pub co_owners: Vec<String>,
    /// The group phrase when the lead is a group ("UBND các huyện, thành phố").
    pub group: Option<String>,
    /// The last day, when the text names one or a period ("trong quý III/2022": 30/9/2022).
    pub deadline: Option<NaiveDate>,
    pub deadline_phrase: Option<String>,
    /// How sure the rule that found it is, from 0 to 1.
    pub confidence: f64,
    /// Which of the names in `lead` and `co_owners` are group addressees (not printed: the
    /// contract has `group` for the lead).
    #[serde(skip)]
    pub groups: Vec<String>,
    /// What it was read from (not printed: `confidence` tells how sure that is).
    #[serde(skip)]
    reading: Reading,
}

/// Words that hand work to the units named next (folded), written in lower case.
const TRIGGERS: [&str; 9] = [
    "nhan manh",
    "luu y",
    "giao",
    "de nghi",
    "yeu cau",
    "chi dao",
    "kinh de nghi",
    "dong y",
    "kien nghi",
];

/// Words between a trigger and the units it hands work to ("giao nhiệm vụ cho", "giao trách
/// nhiệm cụ thể cho", "chỉ đạo khẩn cấp các thành viên …").
const HANDED: [&str; 8] = [
    "nhiem vu",
    // "chỉ đạo ngay Công ty …".
    "ngay",
    "trach nhiem",
    "cu the",
    "cho",
    "khan cap",
    "quyet liet",
    "kien quyet",
];

/// Words that may open a clause before its subject ("Đồng thời, …", "Đặc biệt các xã …", "- ",
/// "a) ").
const OPENERS: [&str; 15] = [
    // "Cụ thể, để chủ động …, các địa phương cần …".
    "cu the",
    "dong thoi",
    "dac biet la",
    "dac biet",
    "qua do",
    "ben canh do",
    "theo do",
    "trong do",
    "ngoai ra",
    "sau do",
    "mat khac",
    "tiep theo",
    "doi voi",
    "cung voi do",
    "rieng",
];

/// Openers that go on with the directive before ("Đồng thời, …", "Ngoài ra, …").
const CONTINUING: [&str; 4] = ["dong thoi", "ngoai ra", "ben canh do", "cung voi do"];

/// Verbs after a subject that make it the one who speaks, or tell what it did or how it works,
/// not what it is to do ("UBND thành phố vừa có văn bản …", "Giám đốc Sở … trình bày báo cáo …",
/// "Ban chỉ đạo sẽ họp hàng quý").
const SPEAKING: [&str; 37] = [
    "neu",
    // Praise or blame, and the paper printing the text: "Chủ tịch UBND tỉnh biểu dương …",
    // "UBND tỉnh cũng phê bình …", "Báo Hà Giang trân trọng đăng toàn văn Công điện".
    "bieu duong",
    "khen ngoi",
    "phe binh",
    "danh gia cao",
    "tran trong",
    "dang toan van",
    // "Bộ GTVT ra công điện khẩn …", "Chủ tịch UBND tỉnh phát biểu chỉ đạo tại phiên họp".
    "ra cong dien",
    "phat bieu",
    "ban hanh cong van",
    "ban hanh van ban",
    "co cong van",
    "co to trinh",
    "nhan duoc",
    "rat",
    "hoan nghenh",
    "da",
    "lam viec voi",
    "se hop",
    "thong bao",
    "truyen dat",
    "xin thong bao",
    "ket luan",
    "trinh bay",
    "vua",
    "da co",
    // "Sở Xây dựng cho biết …", "Chủ tịch UBND tỉnh khẳng định …": what they tell.
    "cho biet",
    "khang dinh",
    "ghi nhan",
    // "Sở GD-ĐT cũng dự kiến điều động …": what it plans.
    "du kien",
    // What a leader decides, allows or calls for: "Chủ tịch UBND tỉnh … cũng quyết định nâng
    // mức hỗ trợ …", "… nghiêm khắc phê bình …", "Chủ tịch UBND tỉnh … kêu gọi … toàn thể nhân
    // dân", "… chấp thuận ý kiến đề xuất …".
    "quyet dinh",
    "co quyet dinh",
    "nghiem khac",
    "keu goi",
    "chap thuan",
    "thao luan",
    "se xem xet",
];

/// Telling the public, which is work, unlike telling the meeting ("UBND huyện … thông báo công
/// khai số điện thoại …").
const PUBLISHING: [&str; 8] = [
    "thong bao cong khai",
    "thong bao rong rai",
    "thong bao kip thoi",
    // "… thông báo đến chính quyền cơ sở, người dân …", not to the units the text directs.
    "thong bao den chinh quyen",
    "thong bao den nguoi dan",
    "thong bao den nhan dan",
    "thong bao cho nguoi dan",
    "thong bao cho nhan dan",
];

/// Whether the verb at `at` tells what its subject says, did or answers for, not what it is to
/// do.
fn tells_at(text: &Folded, at: usize) -> bool {
    SPEAKING
        .iter()
        .chain(&ANSWERABLE)
        .any(|verb| text.words_at(at, verb))
        && !PUBLISHING.iter().any(|work| text.words_at(at, work))
}

/// Being answerable, which annotators do not count as a task of its own ("chịu trách nhiệm
/// trước Thủ tướng về …", "phải chịu hoàn toàn trách nhiệm …"), unlike being responsible for
/// doing something ("chịu trách nhiệm tổ chức …").
const ANSWERABLE: [&str; 6] = [
    "chiu trach nhiem truoc",
    "chiu trach nhiem toan dien",
    "chiu hoan toan trach nhiem",
    "phai chiu",
    // "Bộ NN&PTNT chịu trách nhiệm về số liệu báo cáo": vouching for what it sent.
    "chiu trach nhiem ve so lieu",
    "chiu trach nhiem ve noi dung",
];

/// Words that open a phrase of circumstance before a clause's subject ("Trên cơ sở đó, …",
/// "Căn cứ tiến độ, …", "Vào thứ Hai đầu mỗi tháng, …", "Chậm nhất ngày 20/7, …").
const CIRCUMSTANCES: [&str; 30] = [
    "tren co so",
    // "Theo chỉ đạo của UBND tỉnh, Sở Công Thương được giao chủ trì …".
    "theo chi dao",
    "theo yeu cau",
    // "Tại quận Sơn Trà, UBND quận Sơn Trà sớm hoàn tất …", "Tại công trình …, UBND quận …"
    // (not "Tại cuộc họp, …": whoever speaks follows).
    "tai quan",
    "tai huyen",
    "tai thi xa",
    "tai xa",
    "tai phuong",
    "tai cong trinh",
    "tai du an",
    "cham nhat",
    "truoc ngay",
    "de",
    "trong thoi gian",
    "trong khi",
    // "Trong quá trình phối hợp thực hiện, các thành viên Ban chỉ đạo cần …", "Trong dịp Tết,
    // …".
    "trong qua trinh",
    "trong dip",
    // "… yêu cầu thời gian tới, các cơ quan chức năng của tỉnh nâng cao …".
    "thoi gian toi",
    "can cu",
    "vao",
    "tu nay",
    "truoc mat",
    "sau khi",
    // "Ngay sau cuộc họp này, Công an thị xã chủ trì …".
    "ngay sau",
    "ve lau dai",
    "ve viec",
    // "yêu cầu đến 30/5/2016 Sở Nội vụ phải có báo cáo".
    "den",
    // "Trường hợp hồ sơ chưa được số hóa, các đơn vị cần thực hiện số hóa bổ sung ngay",
    // "Trong trường hợp cần thiết, các địa phương phối hợp …", "Khi cần thiết, …".
    "truong hop",
    "trong truong hop",
    "khi",
];

/// The phrase of circumstance opening at `at`: one of [`CIRCUMSTANCES`], or "Trước" and a time
/// ("Trước 15 giờ ngày 3/7/2019, các địa phương hoàn thành …"; not "Trước đó, …", which
/// narrates).
fn circumstance_at(text: &Folded, at: usize) -> Option<&'static str> {
    CIRCUMSTANCES
        .iter()
        .copied()
        .find(|c| text.words_at(at, c))
        .or_else(|| {
            let time = text.chars.get(at + 6).is_some_and(char::is_ascii_digit);
            (text.words_at(at, "truoc") && time).then_some("truoc")
        })
}

/// Where words start after each of the first commas of `[from, end)`, within a phrase's reach.
fn after_commas(text: &Folded, from: usize, end: usize) -> Vec<usize> {
    (from..end.min(from + 160))
        .filter(|at| text.chars[*at] == ',')
        .map(|at| skip_space(text, at + 1, end))
        .collect()
}

/// Openings of a clause that states a condition, asks or gives the time the work takes, not a
/// task of its own ("Trong quá trình thực hiện, nếu có vướng mắc, báo cáo …", "xin ý kiến …",
/// "Thời gian thực hiện từ tháng 5 đến tháng 12/2017", "Qua đó góp phần …"), or the reporter's
/// own words ("Được biết, …", "Đến nay, …", "(Nguồn: …)", "(Có phụ lục kèm theo)").
const NOT_TASKS: [&str; 31] = [
    "theo cong van",
    "dinh kem",
    "chi tiet xem",
    "xem chi tiet",
    "nguon",
    "chung toi",
    "co phu luc",
    "duoc biet",
    "den nay",
    "theo bao cao",
    "trong qua trinh",
    "trong truong hop",
    "truong hop",
    "gop phan",
    "neu",
    "xin",
    "qua trinh",
    "thoi gian thuc hien",
    // "Thời gian áp dụng từ 16-9 cho đến khi có thông báo mới."
    "thoi gian ap dung",
    // "Thực hiện sự chỉ đạo của tỉnh và của huyện, … Ban Chỉ huy quân sự huyện … đã huy động …".
    "thuc hien chi dao",
    "thuc hien su chi dao",
    "thoi gian hoan thanh",
    // A state of affairs, listed as what a meeting heard, not work ("…; tình trạng tiếp
    // nhận giáo viên chậm; tỷ lệ sinh con thứ 3 tăng").
    "tinh trang",
    "ty le",
    "ket qua",
    "van de",
    "toc do",
    "dien tich",
    "no dong",
    "tang truong",
    "nhin chung",
];

/// What a draft was read from, and so how sure it is: its confidence is the share of the
/// tuning part's drafts of that kind that were directives (rounded; measured with the rules at
/// b137d55 on 1,551 texts), so that the secretary, or a client, can tell which drafts to look
/// at first. The score test prints the shares on both parts.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Reading {
    /// Work handed to units by name: "giao Sở Y tế …", "yêu cầu UBND các huyện …" (94% of
    /// 2,017).
    Handed,
    /// A unit and its work: "Công an tỉnh chủ trì …" (89% of 1,432).
    Subject,
    /// A sentence after a directive, going on with it (81% of 919).
    NextSentence,
    /// An item of a list of tasks given to units (78% of 93).
    ListItem,
    /// A request naming no one, for whom the text is sent to (81% of 52); or directions that
    /// name no one at all, for the secretary to choose.
    NoOneNamed,
    /// A step after ";" or "," of the directive before in the sentence, which annotators
    /// split off as a task of its own two times in three (62% of 1,331).
    Step,
    /// A sentence the rules did not read as a directive, proposed because the model of
    /// [`learned`] finds it likely to be one, led by the units it opens with, else by the
    /// draft's before it (given the steps' confidence: on the tuning part, which the model
    /// learned from, three in four are directives; on unseen text fewer).
    Sentence,
}

impl Draft {
    /// Whether it may be only a step of the draft before it: a step after ";" proposed as a
    /// task of its own, which one time in three is not.
    pub fn may_be_a_step_of_the_one_before(&self) -> bool {
        self.reading == Reading::Step
    }

    /// Whether the text gives it as work, as the rules read it: not a sentence the rules did
    /// not read, kept by the model, whose lead is only the unit it names or the one of the
    /// draft before.
    pub fn given_plainly(&self) -> bool {
        self.reading != Reading::Sentence
    }
}

impl Reading {
    fn confidence(self) -> f64 {
        match self {
            Reading::Handed => 0.95,
            Reading::Subject => 0.9,
            Reading::NextSentence | Reading::ListItem | Reading::NoOneNamed => 0.8,
            Reading::Step | Reading::Sentence => 0.6,
        }
    }
}

/// Openings of a sentence giving the time the work before takes ("Thời gian thực hiện hoàn
/// thành trước ngày 20/11/2023.", "Kết quả thực hiện phải được hoàn thành trước ngày 12/3."),
/// folded.
const TIMES_GIVEN: [&str; 5] = [
    "ket qua",
    "thoi gian thuc hien",
    "thoi gian hoan thanh",
    "thoi han thuc hien",
    "thoi han hoan thanh",
];

/// Documents cited on a line of their own ("Quyết định số 1011/QĐ-BCĐCĐS ngày …").
const CITED: [&str; 8] = [
    "quyet dinh so",
    "cong van so",
    "van ban so",
    "ke hoach so",
    "nghi quyet so",
    "chi thi so",
    "thong bao so",
    "cong dien so",
];

/// The mark right before the word at `at`, past spaces and an opening quotation mark ("… ghi
/// rõ: “Giao …" has a colon before "Giao").
fn mark_before(text: &Folded, at: usize) -> Option<char> {
    text.chars[..at]
        .iter()
        .rev()
        .find(|c| !matches!(c, ' ' | '“' | '"' | '‘'))
        .copied()
}

/// "Văn bản số 3438/UBND-LN, ngày 7/6 của UBND tỉnh Lâm Đồng, giao UBND huyện …", "Công văn số
/// 1454/UBND-THKH … ký ghi rõ: “Giao …": a document cited, then, past a comma or a colon, what
/// it directs (not "Công văn số … về việc giao chỉ tiêu …", the document's title).
fn directs_after_citing(text: &Folded, span: Span) -> bool {
    (span.start..span.end).any(|at| {
        matches!(mark_before(text, at), Some(',' | ':')) && trigger_at(text, at, true).is_some()
    })
}

/// A line of capitals ("BỘ TRƯỞNG, CHỦ NHIỆM"): a heading or a signature.
fn in_capitals(text: &Folded, span: Span) -> bool {
    let letters: Vec<usize> = (span.start..span.end)
        .filter(|at| text.chars[*at].is_alphabetic())
        .collect();
    let capitals = letters.iter().filter(|at| text.is_capital(**at)).count();
    !letters.is_empty() && capitals * 10 >= letters.len() * 8
}

/// A stretch of text: folded offsets.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
}

/// Sentences (with the paragraph each is in), each cut into clauses at ";".
fn sentences(text: &Folded) -> Vec<(usize, Vec<Span>)> {
    let chars = &text.chars;
    let mut found = Vec::new();
    let mut paragraph = 0;
    let mut clauses = Vec::new();
    let mut start = 0;
    let mut at = 0;
    let close = |clauses: &mut Vec<Span>, start: usize, end: usize| {
        let (mut s, mut e) = (start, end);
        while s < e && chars[s].is_whitespace() {
            s += 1;
        }
        while e > s && chars[e - 1].is_whitespace() {
            e -= 1;
        }
        if e > s {
            clauses.push(Span { start: s, end: e });
        }
    };
    while at < chars.len() {
        let c = chars[at];
        let sentence_end = match c {
            // A line ending in ";" goes on with the same sentence on the next line.
            '\n' => {
                !(start > 0
                    && chars[start - 1] == ';'
                    && chars[start..at].iter().all(|c| c.is_whitespace()))
            }
            '.' | '!' | '?' | '…' => {
                // Not inside numbers ("465.889") or references ("TP.HCM"): a sentence ends where
                // a space and a capital (or the end) follow.
                let next = chars.get(at + 1).copied();
                // "… hiệu quả.Giao Sở …", "… phòng, chống dịch…Ban Chỉ đạo …": a space left out
                // after a word's end.
                let glued = matches!(c, '.' | '…')
                    && at > 0
                    && chars[at - 1].is_alphabetic()
                    && !text.is_capital(at - 1)
                    && text.is_capital(at + 1)
                    && chars
                        .get(at + 2)
                        .is_some_and(|c| c.is_alphabetic() && !c.is_uppercase());
                // "TP. Phan Thiết", "TX. Sơn Tây", "H. Tuy Phong": a level abbreviated.
                let level = c == '.' && units::abbreviated_level_before(text, at);
                next.is_none()
                    || glued
                    || (!level
                        && next.is_some_and(char::is_whitespace)
                        && chars[at + 1..]
                            .iter()
                            .position(|c| !c.is_whitespace())
                            .is_none_or(|offset| {
                                text.is_capital(at + 1 + offset)
                                    || !chars[at + 1 + offset].is_alphabetic()
                            }))
            }
            _ => false,
        };
        // ", đồng thời …", ", trong khi …" start the next task of the same sentence; so does
        // each part of a list that names its own agent ("bao gồm: Kinh tế đô thị do Sở KH-ĐT
        // chủ trì, Văn hóa đô thị do Sở VH-TT chủ trì và …").
        let and = c == ' ' && text.words_at(at + 1, "va");
        let at_the_same_time = (c == ',' || c == ':' || and) && {
            let next = skip_space(text, at + if and { 3 } else { 1 }, chars.len());
            (c == ',' && (text.words_at(next, "dong thoi") || text.words_at(next, "trong khi")))
                || part_with_agent(text, next)
        };
        let parts_clauses = c == ';' && !units::parts_names_of_one_kind(text, start, at);
        if parts_clauses || at_the_same_time {
            close(&mut clauses, start, at);
            start = at + 1;
        } else if sentence_end {
            let end = if c == '\n' { at } else { at + 1 };
            close(&mut clauses, start, end);
            if !clauses.is_empty() {
                found.push((paragraph, std::mem::take(&mut clauses)));
            }
            start = at + 1;
        }
        if c == '\n' {
            paragraph += 1;
        }
        at += 1;
    }
    close(&mut clauses, start, chars.len());
    if !clauses.is_empty() {
        found.push((paragraph, clauses));
    }
    found
}

/// The paragraphs that caption a photo ("… bảo vệ rừng. Ảnh: Văn Nỷ", "(ảnh minh họa)").
fn captions(text: &Folded, sentences: &[(usize, Vec<Span>)]) -> Vec<usize> {
    sentences
        .iter()
        .filter(|(_, clauses)| {
            clauses.iter().any(|clause| {
                let folded = text.folded(clause.start, clause.end);
                // "… tại thị xã Sa Pa. (Ảnh: Cổng thông tin …)", "… trong sáng 9.9 ẢNH: PHẠM
                // HIỆP": who took it closes it.
                let credited = folded
                    .rsplit_once(" anh: ")
                    .is_some_and(|(_, by)| by.split_whitespace().count() <= 4);
                ["anh:", "(anh:", "(anh :"]
                    .iter()
                    .any(|mark| folded.starts_with(mark))
                    || credited
                    || folded.contains("anh minh hoa")
            })
        })
        .map(|(paragraph, _)| *paragraph)
        .collect()
}

/// Whether units named from `at` run to the end of `span`, with nothing after them.
fn units_to_end(text: &Folded, at: usize, span: Span) -> bool {
    let at = past_titles(text, at, span.end);
    list_at(text, at, span.end).last().is_some_and(|last| {
        let after = past_brackets(text, skip_space(text, last.end, span.end), span.end);
        skip_space(text, after, span.end) >= span.end
    })
}

/// Whether the partners named in `clause` ("phối hợp với …") run to its end.
fn partners_to_end(text: &Folded, clause: Span) -> bool {
    co_owners_in(text, clause.start, clause.end)
        .last()
        .is_some_and(|last| {
            let after = past_brackets(text, skip_space(text, last.end, clause.end), clause.end);
            skip_space(text, after, clause.end) >= clause.end
        })
}

/// The clauses of a sentence, with addressees listed across ";" joined to the clause that
/// gives them their work ("Giao các sở, ngành tỉnh; UBND các huyện, thành phố; các Ban QLDA
/// báo cáo …", "yêu cầu Thủ trưởng các phòng, ban; Chủ tịch UBND các phường, xã có trách
/// nhiệm …").
fn addressees_joined(text: &Folded, clauses: Vec<Span>) -> Vec<Span> {
    let mut joined: Vec<Span> = Vec::with_capacity(clauses.len());
    // Whether the last clause kept so far ends with addressees and nothing else.
    let mut addressees_end = false;
    for clause in clauses {
        let opening = subject_start(text, clause);
        let units_at = past_titles(text, opening, clause.end);
        // "…; lực lượng Kiểm lâm, các đơn vị chủ rừng tập trung …": a body named in lower case
        // goes on with the list too, and so does a place named after committees ("chỉ đạo UBND
        // các huyện Đông Hòa, Tuy An; thị xã Sông Cầu và TP Tuy Hòa chủ trì …").
        let continues = addressees_end
            && (!list_at(text, units_at, clause.end).is_empty()
                || body_at(text, units_at, clause.end).is_some_and(|b| b.name.contains(' '))
                || units::place_at(text, units_at, clause.end).is_some());
        match joined.last_mut() {
            Some(last) if continues => {
                last.end = clause.end;
                addressees_end =
                    units_to_end(text, opening, clause) || partners_to_end(text, clause);
            }
            _ => {
                // "Sở Y tế (cơ quan thường trực); các sở, ban, ngành: khẩn trương …", or
                // "Giao các sở, ngành tỉnh; UBND các huyện …", or the partners: "Giao Sở GTVT
                // chủ trì, phối hợp các Sở: Kế hoạch và Đầu tư, Xây dựng; Ban Quản lý dự án …".
                addressees_end = units_to_end(text, opening, clause)
                    || partners_to_end(text, clause)
                    || (clause.start..clause.end).any(|at| {
                        trigger_at(text, at, at == opening).is_some_and(|after| {
                            let units_at = skip_space(text, after, clause.end);
                            units_to_end(text, units_at, clause)
                        })
                    });
                joined.push(clause);
            }
        }
    }
    joined
}

/// Whether `[opening, at)` names units and the duty to lead ("Sở Y tế chủ trì, phối hợp với
/// các sở, ngành …"), so that a request at `at` is that lead's work.
fn leads_before(text: &Folded, opening: usize, at: usize) -> bool {
    opening < at
        && owners(text, opening, at).is_some_and(|o| {
            text.words_at(skip_space(text, o.end, at), "chu tri")
                && !text.folded(o.end, at).contains(['.', ';', ':'])
        })
}

/// Whether the text is cut from the middle of directions: it opens in lower case, or with
/// "Đồng thời", "Ngoài ra", "Theo đó" (an excerpt: "Đồng thời khẩn cấp nắm lại số liệu tàu,
/// thuyền …", "Theo đó: Thực hiện đầy đủ …").
fn cut_from_directions(text: &Folded, sentences: &[(usize, Vec<Span>)]) -> bool {
    sentences
        .first()
        .and_then(|(_, clauses)| clauses.first())
        .is_some_and(|clause| {
            let first = skip_space(text, clause.start, clause.end);
            text.chars.get(first).is_some_and(|c| c.is_alphabetic())
                && (!text.is_capital(first)
                    || CONTINUING
                        .iter()
                        .chain(&["theo do"])
                        .any(|c| text.words_at(first, c)))
        })
}

/// A trigger written in lower case at `at` ("Ban Chỉ đạo" is a name, not a direction).
fn trigger_at(text: &Folded, at: usize, opens: bool) -> Option<usize> {
    // Opening a sentence, "Giao …", "Yêu cầu …" hand work over; "Chỉ đạo …" is the work of the
    // subject before ("[Công an tỉnh] chỉ đạo các đơn vị trực thuộc …").
    TRIGGERS
        .iter()
        .find(|t| {
            text.words_at(at, t)
                && (!text.is_capital(at) || (opens && !t.starts_with("chi dao")))
                // "Giao ban công tác": a weekly briefing, not a handing over.
                && (!text.words_at(at, "giao ban") || text.is_capital(at + 5))
                // "các kiến nghị của doanh nghiệp": recommendations, not one made here.
                && !(**t == "kien nghi"
                    && ["cac ", "nhung ", "y kien, "]
                        .iter()
                        .any(|w| at >= w.len() && text.folded(at - w.len(), at) == *w))
        })
        .map(|t| at + t.len())
}

/// "chỉ đạo các đơn vị chức năng", "chỉ đạo các đơn vị trực thuộc", "chỉ đạo phòng NN&PTNT" (a
/// district's office): a unit directing its own.
fn directs_its_own_units(text: &Folded, trigger: usize, under: &Owners) -> bool {
    text.words_at(trigger, "chi dao")
        && under.lead.iter().all(|unit| {
            let name = crate::domain::search::fold(&unit.name);
            (unit.group && ["chuc nang", "truc thuoc"].iter().any(|w| name.contains(w)))
                || name.starts_with("phong ")
        })
}

/// Whether units are the province's (or city's) People's Committee, whose text gives the
/// directions: when it "chỉ đạo" a unit, that unit leads.
fn speaks_for_the_text(lead: &[String]) -> bool {
    !lead.is_empty()
        && lead.iter().all(|name| {
            let name = crate::domain::search::fold(name);
            // "UBND tỉnh", "UBND TP", or named by the province alone ("UBND Quảng Ngãi").
            ["ubnd ", "uy ban nhan dan "].iter().any(|body| {
                name.strip_prefix(body).is_some_and(|level| {
                    let words: Vec<&str> = level
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| !w.is_empty())
                        .collect();
                    let first = |l: &&str| words.starts_with(&l.split(' ').collect::<Vec<_>>());
                    // "UBND TP Bắc Giang": a province's city, not a centrally run one, does not
                    // speak for a province's text. (Three words and more name a person as often:
                    // "UBND thành phố Nguyễn Anh Tú".)
                    if let Some(city) = ["thanh pho", "tp"].iter().find(|l| first(l)) {
                        let named = &words[city.split(' ').count()..];
                        let name = named.join(" ");
                        return !(1..=2).contains(&named.len())
                            || name == "hcm"
                            || units::CITIES.contains(&name.as_str());
                    }
                    first(&"tinh")
                        || ![
                            "huyen", "quan", "xa", "phuong", "thi", "cac", "cap", "dac khu",
                        ]
                        .iter()
                        .any(first)
                })
            })
        })
}

/// Words of a closing call to carry the text out ("yêu cầu các cơ quan, đơn vị nghiêm túc triển
/// khai thực hiện./.", "… thực hiện nghiêm công điện."), folded: no task of its own.
const CARRYING_OUT: [&str; 13] = [
    "nghiem tuc",
    "khan truong",
    "chu dong",
    "to chuc",
    "trien khai",
    "thuc hien",
    "nghiem",
    "can",
    "phai",
    "cong dien",
    "van ban",
    "thong bao",
    "nay",
];

/// Whether the work in `[from, end)` only says to carry the text out.
fn only_carries_out(text: &Folded, from: usize, end: usize) -> bool {
    let mut at = skip_space(text, from, end);
    let mut words = 0;
    while let Some(word) = CARRYING_OUT.iter().find(|w| text.words_at(at, w)) {
        at = skip_space(text, at + word.len(), end);
        words += 1;
    }
    words > 0 && text.folded(at, end).chars().all(|c| !c.is_alphanumeric())
}

/// How a unit directs ("Sở NN-PTNT tập trung chỉ đạo …"), folded.
const MANNERS: [&str; 11] = [
    // "Bộ Công an cũng được giao chỉ đạo …".
    "cung",
    // "UBND các huyện … tăng cường chỉ đạo các lực lượng …", "Chủ tịch UBND các tỉnh … phải
    // trực tiếp kiểm tra, chỉ đạo …": the one who must direct leads.
    "tang cuong",
    "phai",
    "can",
    "tap trung",
    "truc tiep",
    "tiep tuc",
    "khan truong",
    "chu dong",
    "thuong xuyen",
    "quyet liet",
];

/// What a unit does beside directing ("hướng dẫn, chỉ đạo", "kiểm tra và chỉ đạo"), folded.
const WITH_DIRECTING: [&str; 5] = ["huong dan", "don doc", "kiem tra", "giam sat", "theo doi"];

/// What a unit does that makes a sentence a directive even before any "giao" or "đề nghị".
const DUTIES: [&str; 19] = [
    // "Trung tâm Festival Huế sẽ là đơn vị chủ trì …".
    "la don vi chu tri",
    "se la don vi chu tri",
    "se chu tri",
    // "Các Cảng vụ hàng không khu vực … được yêu cầu bố trí nhân lực …".
    "duoc yeu cau",
    "duoc de nghi",
    "cung duoc giao",
    "cung duoc yeu cau",
    "ket hop",
    "can cu chuc nang",
    "can cu nhiem vu",
    "theo chuc nang",
    "co nhiem vu",
    "duoc giao",
    "phoi hop",
    "co trach nhiem",
    "chiu trach nhiem",
    "chu tri",
    "khan truong",
    "tham muu",
];

/// What the unit after "do" does when it is the one responsible ("… do Sở KH-ĐT chủ trì").
const AGENTS_DO: [&str; 4] = ["chu tri", "thuc hien", "phu trach", "dam nhan"];

/// Where the unit responsible starts when "do" at `at` names it ("… do Sở KH-ĐT chủ trì").
fn agent_after_do(text: &Folded, at: usize, end: usize) -> Option<usize> {
    if !(text.words_at(at, "do") && text.written_is(at, at + 2, "do")) {
        return None;
    }
    let unit = skip_space(text, at + 2, end);
    owners(text, unit, end)
        .is_some_and(|o| {
            let verb = skip_space(text, o.end, end);
            AGENTS_DO.iter().any(|v| text.words_at(verb, v))
        })
        .then_some(unit)
}

/// Whether the part of a list starting at `from` names its own agent ("…, Văn hóa đô thị do
/// Sở VH-TT chủ trì, …"): each such part is a task of its own.
fn part_with_agent(text: &Folded, from: usize) -> bool {
    let end = (from..text.len().min(from + 150))
        .find(|at| match text.chars[*at] {
            ',' | ';' | ':' | '\n' => true,
            // Not the dot of "TP.HCM".
            '.' => text.chars.get(at + 1).is_none_or(|c| c.is_whitespace()),
            _ => false,
        })
        .unwrap_or(text.len().min(from + 150));
    (from..end).any(|at| {
        (at == 0 || !text.chars[at - 1].is_alphanumeric())
            && agent_after_do(text, at, end).is_some()
    })
}

/// What a leader chairs (folded): a meeting, not a task.
const MEETINGS: [&str; 7] = [
    "cuoc hop",
    "ky hop",
    "phien hop",
    "hoi nghi",
    "buoi lam viec",
    "lam viec",
    "hop",
];

/// Work that opens a paragraph with no subject, in the imperative: after a paragraph of
/// directions, the next step of the same units ("… yêu cầu các đơn vị, địa phương …\nBố trí lực
/// lượng kiểm soát …").
const IMPERATIVES: [&str; 31] = [
    "bao dam",
    "bo tri",
    "cap nhat",
    "chi dao",
    "chu dong",
    "chu tri",
    "chuan bi",
    "dam bao",
    "day manh",
    "huong dan",
    "huy dong",
    "khac phuc",
    "khan truong",
    "kiem tra",
    "lam ro",
    "nghien cuu",
    "phan cong",
    "phoi hop",
    "quan ly chat",
    "ra soat",
    "tang cuong",
    "tap trung",
    "theo doi",
    "thuc hien",
    "thuong xuyen",
    "tien hanh",
    "to chuc",
    "trien khai",
    "tuyen truyen",
    "xay dung",
    "xu ly",
];

/// Whether the clause from `opening` gives work in the imperative, right away or after a short
/// topic ("Trong công tác chỉ đạo: Tập trung kiểm tra …", "Đối với nuôi trồng thủy sản: Đảm bảo
/// di dời …").
fn in_the_imperative(text: &Folded, opening: usize, end: usize) -> bool {
    let topic_end = folded::words(text, opening, end)
        .into_iter()
        .take(8)
        .find(|(_, word_end)| text.chars.get(*word_end) == Some(&':'))
        .map(|(_, colon)| skip_space(text, colon + 1, end));
    std::iter::once(opening)
        .chain(topic_end)
        // "Phải kiên quyết di dời …", "Cần chủ động …": a must, as well (not "Cán bộ …",
        // "Căn cứ …").
        .any(|at| {
            IMPERATIVES.iter().any(|w| text.words_at(at, w))
                // "Kịp thời báo cáo …", "Nghiêm túc xem xét …".
                || MODALS
                    .iter()
                    .filter(|m| !["can", "phai"].contains(*m))
                    .any(|w| text.words_at(at, w))
                || ["phải", "cần"]
                    .iter()
                    .any(|must| units::written_at(text, at, must))
        })
}

/// Whether "Đối với" (a topic) comes right before `at`.
fn after_a_topic(text: &Folded, at: usize) -> bool {
    at >= 8 && text.folded(at - 8, at) == "doi voi "
}

/// "Trường hợp vượt thẩm quyền thì tham mưu UBND tỉnh …", "Trong trường hợp cần thiết, chủ
/// động …", "Đối với khu vực có nguy cơ sạt lở, phải kiên quyết di dời dân …": where the work a
/// case or a topic opens starts, when it has no subject of its own. The clause opens at
/// `opening`, past "Đối với" (an opener), and ends at `end`.
fn work_after_condition(text: &Folded, opening: usize, end: usize) -> Option<usize> {
    let topic = after_a_topic(text, opening);
    let condition = ["trong truong hop", "truong hop", "neu"]
        .iter()
        .find(|c| text.words_at(opening, c))
        .map_or(0, |c| c.len());
    if condition == 0 && !topic {
        return None;
    }
    let reach = end.min(opening + 200);
    let after = (opening + condition..reach).find_map(|at| {
        if text.chars[at] == ',' {
            Some(skip_space(text, at + 1, end))
        } else {
            units::written_at(text, at, "thì").then(|| skip_space(text, at + 3, end))
        }
    })?;
    // Not a report up ("Trường hợp vượt thẩm quyền, báo cáo Thủ tướng Chính phủ"): annotators
    // leave it to the directive before.
    (IMPERATIVES
        .iter()
        .chain(&MODALS)
        .chain(&DUTIES)
        .any(|work| text.words_at(after, work))
        && !FOLLOW_UPS.iter().any(|up| text.words_at(after, up)))
    .then_some(after)
}

/// Verbs that open a follow-up of the directive before rather than a task of its own, when
/// the sentence gives its deadline ("Báo cáo UBND tỉnh trước ngày 25/3/2023").
const FOLLOW_UPS: [&str; 8] = [
    "bao cao",
    // "Kết quả thực hiện phải được hoàn thành trước ngày 12/3."
    "ket qua",
    "de xuat",
    "hoan thanh",
    "trinh",
    "yeu cau gui",
    "yeu cau hoan thien",
    "gui",
];

/// Whether the line holding `at` opens a numbered or dashed item ("1.", "a)", "- ", "+ ").
fn in_an_item(text: &Folded, at: usize) -> bool {
    let line = text.chars[..at]
        .iter()
        .rposition(|c| *c == '\n')
        .map_or(0, |newline| newline + 1);
    let first = skip_space(text, line, at);
    let marks = |c: Option<&char>| c.is_some_and(|c| matches!(c, '.' | ')'));
    match text.chars.get(first) {
        Some('-' | '–' | '+' | '•' | '*') => true,
        Some(c) if c.is_ascii_digit() => {
            let digits = text.chars[first..at]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            marks(text.chars.get(first + digits))
        }
        Some(c) if c.is_alphabetic() => text.chars.get(first + 1) == Some(&')'),
        _ => false,
    }
}

/// A sentence of names (a byline, a signature): most of its words start with a capital.
fn names_only(text: &Folded, span: Span) -> bool {
    let words = folded::words(text, span.start, span.end);
    let capitals = words.iter().filter(|(s, _)| text.is_capital(*s)).count();
    words.len() < 4 || capitals * 2 > words.len()
}

/// Where the verb after a subject ending at `at` starts, past "cũng" ("UBND tỉnh cũng yêu cầu
/// …", "Sở GD-ĐT cũng dự kiến …").
fn verb_after(text: &Folded, at: usize, end: usize) -> usize {
    let verb = skip_space(text, at, end);
    if text.words_at(verb, "cung") {
        skip_space(text, verb + 4, end)
    } else {
        verb
    }
}

fn skip_space(text: &Folded, mut at: usize, end: usize) -> usize {
    // "… nhấn mạnh: “Thủ trưởng các đơn vị phải …": a quotation opens on its subject.
    while at < end && matches!(text.chars[at], ' ' | ',' | ':' | '“') {
        at += 1;
    }
    at
}

/// Where a clause's subject would start: after numbering, dashes, quotation marks and openers.
fn subject_start(text: &Folded, span: Span) -> usize {
    let mut at = span.start;
    loop {
        let before = at;
        while at < span.end
            && (matches!(
                text.chars[at],
                '-' | '+' | '*' | '•' | ' ' | ',' | ')' | '(' | '"' | '“' | '\''
            ) || text.chars[at].is_ascii_digit()
                && text
                    .chars
                    .get(at + 1)
                    .is_some_and(|c| matches!(c, '.' | ')' | '-')))
        {
            at += 1;
        }
        if at + 1 < span.end && text.chars[at].is_alphabetic() && text.chars[at + 1] == ')' {
            at += 2;
        }
        if let Some(opener) = OPENERS.iter().find(|o| text.words_at(at, o)) {
            at += opener.len();
        }
        if at == before {
            return at;
        }
    }
}

/// Words that open what restricts a group ("các đơn vị được cấp phép …", "các huyện … trên
/// toàn tỉnh", "các cơ quan chuyên môn của UBND tỉnh", "các đơn vị là chủ đầu tư …"), folded.
const RESTRICTIONS: [&str; 12] = [
    "duoc",
    "la",
    "tren dia ban",
    "tren toan",
    "thuoc",
    "cua",
    "phu trach",
    "lien quan",
    "tai",
    "o",
    "trong",
    "hoat dong",
];

/// Words that open a group's work after its restriction besides [`IMPERATIVES`], folded: how it
/// must do it, or what.
const MODALS: [&str; 10] = [
    "phai",
    "can",
    "co trach nhiem",
    "tiep tuc",
    "kip thoi",
    "nghiem tuc",
    "quyet liet",
    "day nhanh",
    "bao cao",
    // "Trưởng các phòng, ban, đơn vị thuộc quận tích cực phối hợp …".
    "tich cuc",
];

/// Where the words restricting a group that ends at `at` end: they open with a word of
/// [`RESTRICTIONS`] and run, without a mark between, to a word of [`IMPERATIVES`] or [`MODALS`]
/// within a dozen words. None when no restriction follows, or no work after it.
fn restriction_end(text: &Folded, at: usize, end: usize) -> Option<usize> {
    let first = skip_space(text, at, end);
    if first != at + 1 || !RESTRICTIONS.iter().any(|r| text.words_at(first, r)) {
        return None;
    }
    // "các cơ sở được chỉ đạo tập trung …", "các đơn vị được giao nhiệm vụ …": work given.
    let given = skip_space(text, first + 4, end);
    if text.words_at(first, "duoc") && trigger_at(text, given, true).is_some() {
        return None;
    }
    let mut previous_end = None;
    // Two words at least: "các sở, ngành được phân công …" is work given, not which are meant.
    let words = folded::words(text, first, end);
    for (index, (word, word_end)) in words.into_iter().take(12).enumerate() {
        if previous_end.is_some_and(|p| !text.chars[p..word].iter().all(|c| *c == ' ')) {
            return None;
        }
        // Not work written with its capital: "các cơ quan chức năng của Bộ Xây dựng".
        if IMPERATIVES
            .iter()
            .chain(&MODALS)
            .any(|w| text.words_at(word, w))
            && !text.is_capital(word)
        {
            return previous_end.filter(|_| index >= 2);
        }
        previous_end = Some(word_end);
    }
    None
}

/// Who leads and who co-owns, from the units at the start of a clause's work.
struct Owners {
    lead: Vec<Unit>,
    co_owners: Vec<Unit>,
    /// The clause only introduces a list of their tasks ("giao Sở Y tế:", "… như sau:").
    introduces_list: bool,
    /// Where the units end.
    end: usize,
}

/// The co-owners named after "phối hợp (với)" or "cùng với" in `[from, end)`.
fn co_owners_in(text: &Folded, from: usize, end: usize) -> Vec<Unit> {
    let mut found: Vec<Unit> = Vec::new();
    let mut at = from;
    while at < end {
        // "phải cùng UBND quận Bình Thạnh công bố": "cùng" right before a unit; "Sở QH-KT kết
        // hợp chủ đầu tư …".
        let cue = [
            "phoi hop voi",
            "phoi hop cung",
            "cung voi",
            "phoi hop",
            "ket hop voi",
            "ket hop",
            // "Giao Ủy ban Dân tộc thống nhất với Bộ Kế hoạch và Đầu tư, Bộ Tài chính …".
            "thong nhat voi",
            "cung",
        ]
        .iter()
        .find(|cue| text.words_at(at, cue) && (at == 0 || !text.chars[at - 1].is_alphanumeric()));
        if let Some(cue) = cue {
            // "phối hợp chặt chẽ với …", "phối hợp chặt chẽ, kịp thời với …": how, then whom.
            let mut partners = skip_space(text, at + cue.len(), end);
            if cue.ends_with("hop") && partners_at(text, partners, end).is_empty() {
                let manner = folded::words(text, partners, end.min(partners + 40));
                if let Some((with, _)) = manner
                    .iter()
                    .take(5)
                    .find(|(start, _)| text.words_at(*start, "voi"))
                {
                    if !text.folded(partners, *with).contains(['.', ';', ':']) {
                        partners = skip_space(text, with + 3, end);
                    }
                }
            }
            let listed = partners_at(text, partners, end);
            if let Some(last) = listed.last() {
                at = last.end;
                found.extend(listed);
                continue;
            }
        }
        at += 1;
    }
    found
}

/// The owners of a clause whose units start at `at`, the rest of the clause being its work.
fn owners(text: &Folded, at: usize, end: usize) -> Option<Owners> {
    let at = past_titles(text, at, end);
    // "yêu cầu chính quyền địa phương phối hợp …": a body named in lower case leads too.
    let mut listed = list_at(text, at, end);
    if listed.is_empty() {
        // Not a kind of body alone ("ngành cần …" is the end of "các sở, ngành").
        listed.extend(body_at(text, at, end).filter(|b| b.name.contains(' ')));
        // "ngành nông nghiệp và các địa phương": the list goes on after it, though not past a
        // title ("Đối với công an, Chủ tịch UBND Q.1 … giao …": he is no unit of the list),
        // unless the title is of a group's heads ("cơ quan Thường trực Ban An toàn giao thông
        // huyện, Thủ trưởng các cơ quan, đơn vị và UBND các xã").
        if let Some(body_end) = listed.last().map(|body| body.end) {
            let next = units::after_separator(text, body_end, end).filter(|next| {
                text.folded(body_end, *next)
                    .split([' ', ',', ';'])
                    .all(|word| word.is_empty() || word == "va")
                    || units::group_at(text, *next, end).is_some()
            });
            if let Some(next) = next {
                let more = list_at(text, next, end);
                if more.is_empty() {
                    listed.extend(units::localities_at(text, next, end));
                } else {
                    listed.extend(more);
                }
            }
        }
        // "Lực lượng công an, kiểm lâm, quân sự …": the other forces, named by their kind.
        while let Some(force) = listed
            .last()
            .and_then(|last| units::after_separator(text, last.end, end))
            .and_then(|next| units::force_after(text, &listed, next, end))
        {
            listed.push(force);
        }
    }
    // "các sở, ban, ngành liên quan (Công an tỉnh, Sở Tài chính, …)": the units the group names
    // in brackets. The work follows the brackets.
    let mut last = listed.last()?.end;
    listed = listed
        .into_iter()
        .flat_map(|unit| {
            let open = skip_space(text, unit.end, end);
            let named = if unit.group && text.chars.get(open) == Some(&'(') {
                let close = past_brackets(text, open, end);
                list_at(text, open + 1, close.saturating_sub(1))
            } else {
                Vec::new()
            };
            if named.len() > 1 && named.iter().all(|u| !u.group) {
                named
            } else {
                vec![unit]
            }
        })
        .collect();
    // "Các đơn vị liên quan: Công an tỉnh, Sở Giao thông vận tải, …": the units the group names.
    if let [group] = listed.as_slice() {
        let named = list_at(text, skip_space(text, group.end + 1, end), end);
        if group.group && text.chars.get(group.end) == Some(&':') {
            if let Some(named_last) = named.last() {
                last = named_last.end;
                listed = named;
            }
        }
    }
    // "các đơn vị được cấp phép khai thác khoáng sản phải lắp đặt camera": which of a group
    // are meant, up to the work.
    if let Some(group) = listed.last_mut().filter(|u| u.group && u.end == last) {
        if let Some(restricted) = restriction_end(text, group.end, end) {
            group.name = text.text(group.start, restricted);
            group.end = restricted;
            last = restricted;
        }
    }
    let introduces_list = text.chars[..end].last() == Some(&':');
    // A unit must be followed by work, not end the clause nor be the end of a list going on
    // ("lấy ý kiến của các sở: …; Cục Quản lý thị trường, UBND các huyện để hoàn thiện …").
    let rest = skip_space(
        text,
        past_brackets(text, skip_space(text, last, end), end),
        end,
    );
    // "… gửi các sở, ban, ngành; UBND các huyện về việc thực hiện …": whom a letter is for.
    let purpose = (text.words_at(rest, "de") && text.written_is(rest, rest + 2, "để"))
        || text.words_at(rest, "ve viec");
    if !introduces_list && (rest >= end || !text.chars[rest].is_alphabetic() || purpose) {
        return None;
    }
    let mut co_owners = co_owners_in(text, last, end);
    // "Sở này", "các địa phương": the units named before.
    let mut lead: Vec<Unit> = listed
        .into_iter()
        .map(|unit| referred(text, &unit).unwrap_or(unit))
        .collect();
    // "A, B cùng với C phối hợp …": A leads; "A, B phối hợp với C …": A and B lead.
    let together = text.words_at(rest, "cung voi") && !text.words_at(rest, "cung voi do");
    if lead.len() > 1 && together && !lead.iter().any(|u| u.group) {
        let others = lead.split_off(1);
        co_owners.splice(0..0, others);
    }
    // "Đối với các sở, ngành, đơn vị, Ban Chỉ đạo tỉnh cũng yêu cầu …": the last unit after
    // the topic asks; the topic's units lead.
    let topic = after_a_topic(text, at);
    if topic && lead.len() > 1 {
        let asker = lead.last().is_some_and(|asker| {
            trigger_at(text, verb_after(text, asker.end, end), false).is_some()
        });
        if asker {
            lead.pop();
        }
    }
    Some(Owners {
        lead,
        co_owners,
        introduces_list,
        end: last,
    })
}

/// The unit a leader visits ("… làm việc với Sở Lao động - Thương binh và Xã hội"): its
/// directions then call it "sở" or "ngành".
fn host_of(text: &Folded) -> Option<Unit> {
    let at = (0..text.len()).find(|at| {
        (*at == 0 || !text.chars[at - 1].is_alphanumeric()) && text.words_at(*at, "lam viec voi")
    })?;
    let listed = list_at(text, skip_space(text, at + 12, text.len()), text.len());
    match listed.as_slice() {
        [unit] if !unit.group => Some(unit.clone()),
        _ => None,
    }
}

/// Where the Prime Minister's (or a deputy's) directions start: "Phó Thủ tướng Hoàng Trung Hải
/// có ý kiến như sau:", "Thủ tướng Nguyễn Xuân Phúc có ý kiến chỉ đạo như sau:". After it, a
/// province's People's Committee, or its chair, is given work: it does not speak for the text.
fn prime_minister_directs_from(text: &Folded) -> Option<usize> {
    (0..text.len()).find_map(|at| {
        if !text.words_at(at, "thu tuong") || at > 0 && text.chars[at - 1].is_alphanumeric() {
            return None;
        }
        let reach = text.len().min(at + 120);
        let said = (at..reach).find(|s| text.words_at(*s, "co y kien"))?;
        let heading = text.folded(said, text.len().min(said + 40));
        let colon = heading.find("nhu sau:")?;
        (!text.folded(at, said).contains(['.', ';', ':']))
            .then(|| said + heading[..colon].chars().count() + "nhu sau:".len())
    })
}

/// Whom the document is sent to ("Kính gửi: Sở Tài chính; UBND các huyện", "công văn số … gửi
/// các sở, ban, ngành; UBND các huyện …"): the first units named after "gửi" in its opening
/// (its first 1,500 characters), those a request that names no one is for.
fn addressees_of(text: &Folded) -> Vec<String> {
    let reach = text.len().min(ADDRESSEES_REACH);
    (0..reach)
        .filter(|at| *at == 0 || !text.chars[at - 1].is_alphanumeric())
        .find_map(|at| {
            let cue = ["kinh gui", "gui"].iter().find(|c| text.words_at(at, c))?;
            let listed = list_at(text, skip_space(text, at + cue.len() + 1, reach), reach);
            (!listed.is_empty()).then(|| names(&listed))
        })
        .unwrap_or_default()
}

/// "… có văn bản gửi các đơn vị y tế trên địa bàn tỉnh yêu cầu đầu tư mua sắm …", "… thông báo
/// tới công an các tỉnh, thành phố yêu cầu dừng tiếp nhận …": whom a document went to, named
/// right before "yêu cầu" or "đề nghị" at `trigger`, is whom it asks; the work starts at `work`.
fn sent_to_before(
    text: &Folded,
    from: usize,
    trigger: usize,
    work: usize,
    end: usize,
) -> Option<Owners> {
    // Not asked for a report only ("… gửi các đơn vị yêu cầu báo cáo …"), which annotators do
    // not count as a task.
    if !["yeu cau", "de nghi"]
        .iter()
        .any(|t| text.words_at(trigger, t))
        || text.words_at(work, "bao cao")
    {
        return None;
    }
    (from..trigger).find_map(|at| {
        let cue = ["gui", "thong bao toi", "thong bao den"]
            .iter()
            .find(|cue| {
                (at == 0 || !text.chars[at - 1].is_alphanumeric()) && text.words_at(at, cue)
            })?;
        let mut listed = list_at(text, skip_space(text, at + cue.len(), trigger), trigger);
        let last = listed.last_mut()?;
        // "… gửi các đơn vị y tế trên địa bàn tỉnh yêu cầu …": where they are, to the request.
        let between = text.folded(last.end, trigger);
        let where_they_are = ["tren ", "trong "]
            .iter()
            .any(|w| between.trim_start().starts_with(w))
            && !between.contains([',', ';', '.', ':'])
            && between.split_whitespace().count() <= 6;
        if where_they_are {
            let end = trigger - (between.len() - between.trim_end().len());
            last.name = text.text(last.start, end);
            last.end = end;
        }
        (skip_space(text, last.end, trigger) == trigger).then(|| Owners {
            lead: listed,
            co_owners: co_owners_in(text, work, end),
            introduces_list: false,
            end: work,
        })
    })
}

/// How far into a text its addressees may be named, in characters.
const ADDRESSEES_REACH: usize = 1500;

/// "UBND tỉnh Lâm Đồng yêu cầu thực hiện ngay các biện pháp …": a request written without
/// whom it is for, the work right after it.
fn names_no_one(text: &Folded, from: usize, end: usize) -> bool {
    let reach = end.min(from + 150);
    (from..reach).any(|at| {
        let Some(after) = ["yeu cau", "de nghi", "luu y"]
            .iter()
            .find(|t| text.words_at(at, t) && !text.is_capital(at))
            .map(|t| skip_space(text, at + t.len(), end))
        else {
            return false;
        };
        // Said by whom opens the clause ("Chủ tịch UBND tỉnh cũng yêu cầu …"), not told of a
        // document ("… vừa có công văn yêu cầu báo cáo …") or of a thing ("Việc đánh giá …
        // yêu cầu …").
        let said_by = text.folded(from, at);
        let written = text.text(from, at).to_lowercase();
        // "… đặc biệt lưu ý công tác đảm bảo an toàn …": the work named as such.
        (units::work_at(text, after)
            || ["cong tac", "viec"].iter().any(|w| text.words_at(after, w)))
            && folded::words(text, from, at).len() <= 10
            && !["van ban", "cong van", "viec "]
                .iter()
                .any(|told| said_by.contains(told))
            && !written.split_whitespace().any(|w| w == "đã" || w == "vừa")
            && owners(text, after, end).is_none()
            && ![
                "cua", "cho", "voi", "cac", "nhu sau", "tai", "ve", "theo", "trong", "la", "duoc",
            ]
            .iter()
            .any(|w| text.words_at(after, w))
    })
}

/// "chỉ đạo sở cần …": the visited unit, named by its kind alone.
fn host_meant(text: &Folded, host: Option<&Unit>, at: usize, end: usize) -> Option<Owners> {
    let host = host?;
    let kind = ["so", "nganh"]
        .iter()
        .find(|kind| text.words_at(at, kind) && !text.is_capital(at))?;
    let after = at + kind.len();
    let rest = skip_space(text, after, end);
    if rest >= end || !text.chars[rest].is_alphabetic() || text.is_capital(rest) {
        return None;
    }
    Some(Owners {
        lead: vec![host.clone()],
        co_owners: co_owners_in(text, after, end),
        introduces_list: false,
        end: after,
    })
}

/// "đề nghị thành phố Vị Thanh xúc tiến …": a place handed work stands for its committee.
fn place_meant(text: &Folded, at: usize, end: usize) -> Option<Owners> {
    // "yêu cầu lãnh đạo tỉnh Hà Giang chú trọng …": whom the title names.
    let at = units::past_titles(text, at, end);
    let place = units::place_at(text, at, end).filter(|p| !p.group)?;
    // "yêu cầu huyện Đức Trọng, các Sở NN-PTNT, TN-MT, Ban Dân tộc … tập trung …": the list
    // goes on after it.
    let mut lead = vec![place];
    if let Some(next) = units::after_separator(text, lead[0].end, end) {
        lead.extend(list_at(text, next, end));
    }
    let last = lead.last().map_or(at, |u| u.end);
    let rest = skip_space(text, last, end);
    if rest >= end || !text.chars[rest].is_alphabetic() {
        return None;
    }
    Some(Owners {
        co_owners: co_owners_in(text, last, end),
        end: last,
        lead,
        introduces_list: false,
    })
}

/// Whom a request names when no unit's grammar reads it ("yêu cầu các ki ốt phải thực hiện
/// …", "yêu cầu Quỹ đẩy nhanh …"): the words before the work.
fn addressed_before_work(text: &Folded, at: usize, end: usize) -> Option<Owners> {
    let addressee = units::addressed_before_work(text, at, end)?;
    Some(Owners {
        co_owners: co_owners_in(text, addressee.end, end),
        end: addressee.end,
        lead: vec![addressee],
        introduces_list: false,
    })
}

/// The group phrase of a lead: its first group addressee's name ("UBND các huyện, thành phố").
fn group_phrase(lead: &[Unit]) -> Option<String> {
    lead.iter().find(|u| u.group).map(|u| u.name.clone())
}

fn names(units: &[Unit]) -> Vec<String> {
    units.iter().map(|u| u.name.clone()).collect()
}

fn group_names<'a>(units: impl IntoIterator<Item = &'a Unit>) -> Vec<String> {
    units
        .into_iter()
        .filter(|u| u.group)
        .map(|u| u.name.clone())
        .collect()
}

/// The directives of a text; `held_on` is the meeting's day (for dates without a year and
/// "trong 15 ngày"), else the first date the text gives near its top.
pub fn extract(input: &str, held_on: Option<NaiveDate>) -> Vec<Draft> {
    let text = Folded::new(input);
    learned::likely(&text.original, candidates(&text, held_on))
}

/// What the rules read as directives, and every other sentence of the text for the model to
/// weigh, in the order of the text.
fn candidates(text: &Folded, held_on: Option<NaiveDate>) -> Vec<Draft> {
    let held_on = held_on.or_else(|| first_date(text));
    let reference = deadlines::Reference::of(text, held_on);
    let mut drafts = read_by_rules(text, reference);
    let unread = learned::unread_sentences(text, &drafts, |start, end| {
        deadlines::find(text, start, end, reference)
    });
    drafts.extend(unread);
    drafts.sort_by_key(|d| d.start);
    drafts
}

/// The directives the rules read: work handed to units, units and their work, and what goes on
/// with them.
fn read_by_rules(text: &Folded, reference: deadlines::Reference) -> Vec<Draft> {
    let host = host_of(text);
    let addressees = addressees_of(text);
    let prime_minister_directs = prime_minister_directs_from(text);
    let mut drafts: Vec<Draft> = Vec::new();
    let sentences = sentences(text);
    let cut = cut_from_directions(text, &sentences);
    let mut directing = cut;
    // The owners of the directive just before (and its paragraph), and of a list being given
    // ("giao Sở Y tế:" then its numbered tasks, one per line).
    let mut previous: Option<(usize, Vec<String>, Option<String>)> = None;
    let mut listing: Option<(Vec<String>, Option<String>)> = None;
    // The day a list is to be done by ("giao các đơn vị hoàn thành các nội dung trước ngày 20
    // tháng 9 năm 2024, cụ thể:"), for its numbered or dashed items that set none of their own.
    let mut list_day: Option<deadlines::Deadline> = None;
    // The province's committees someone in the text asks for work: they do not speak for it.
    let mut asked_committees: Vec<Vec<String>> = Vec::new();
    // Where the drafts of the sentence being read, and of the one before, start.
    let mut first_of_sentence = 0;
    let captions = captions(text, &sentences);
    // The paragraphs read (blank lines and photos' captions aside), to tell how far apart two
    // are.
    let mut read: Vec<usize> = sentences
        .iter()
        .map(|(paragraph, _)| *paragraph)
        .filter(|paragraph| !captions.contains(paragraph))
        .collect();
    read.dedup();
    let read_between = |from: usize, to: usize| {
        read.iter()
            .filter(|paragraph| (from + 1..=to).contains(*paragraph))
            .count()
    };
    for (paragraph, clauses) in sentences {
        // A photo's caption between two paragraphs of directions interrupts nothing.
        if captions.contains(&paragraph) {
            continue;
        }
        let clauses = addressees_joined(text, clauses);
        if !clauses.first().is_some_and(|c| in_an_item(text, c.end)) {
            list_day = None;
        }
        let first_of_sentence_before = first_of_sentence;
        first_of_sentence = drafts.len();
        // "Nơi nhận:" opens the list of who receives the document: its body has ended.
        if clauses
            .first()
            .is_some_and(|c| text.words_at(subject_start(text, *c), "noi nhan"))
        {
            break;
        }
        let mut carried: Option<(Vec<String>, Option<String>)> = None;
        // Someone in the sentence "chỉ đạo" units: "…; đồng thời chỉ đạo Công an tỉnh …" is
        // the same one directing others, not the units directed before.
        let mut directed_by_speaker = false;
        for (index, clause) in clauses.iter().enumerate() {
            let opening = subject_start(text, *clause);
            if in_capitals(text, *clause)
                || CITED.iter().any(|c| text.words_at(opening, c))
                    && !directs_after_citing(text, *clause)
            {
                previous = None;
                carried = None;
                continue;
            }
            // "Theo đó, …" (accordingly) opens what the document directs.
            // So does "Theo chỉ đạo của UBND tỉnh, …".
            directing |= ["theo do", "theo chi dao"]
                .iter()
                .any(|accordingly| text.folded(clause.start, opening).contains(accordingly))
                || text.words_at(opening, "theo chi dao");
            // "… thông báo ý kiến kết luận của Chủ tịch UBND tỉnh như sau:" opens them too.
            let heading = text.folded(clause.start, clause.end);
            directing |= heading.ends_with(':')
                && (heading.contains("nhu sau") || heading.contains("thong bao"));
            let mut found: Option<(usize, Owners, Reading)> = None;
            for at in clause.start..clause.end {
                // "được giao": work given before, not handed over here ("UBND TP đã giao Sở
                // GTVT …" reports a handing over, and it stands).
                // Not "Được" (a name: "Chủ tịch UBND TP.HCM Nguyễn Văn Được giao …").
                let passive =
                    at >= 5 && text.folded(at - 5, at) == "duoc " && !text.is_capital(at - 5);
                // "… có ý kiến chỉ đạo như sau: Giao các sở, ngành …" opens after the colon;
                // "Ủy ban nhân dân tỉnh Giao Sở …" is written with a capital before a unit.
                let opens = at == opening
                    || mark_before(text, at) == Some(':')
                    || units::hands_over_at(text, at, clause.end);
                // "Sở LĐ-TB&XH chủ trì, phối hợp với Liên đoàn Lao động tỉnh yêu cầu các doanh
                // nghiệp chi trả …": the unit that leads asks others as its work.
                let asked_by_lead = ["yeu cau", "de nghi"].iter().any(|w| text.words_at(at, w))
                    && leads_before(text, opening, at);
                if let Some(after) =
                    trigger_at(text, at, opens).filter(|_| !passive && !asked_by_lead)
                {
                    directing = true;
                    // "giao cho …", "giao trách nhiệm cụ thể cho …".
                    let mut units_at = skip_space(text, after, clause.end);
                    while let Some(word) = HANDED.iter().find(|w| text.words_at(units_at, w)) {
                        units_at = skip_space(text, units_at + word.len(), clause.end);
                    }
                    let owned = owners(text, units_at, clause.end)
                        .or_else(|| host_meant(text, host.as_ref(), units_at, clause.end))
                        .or_else(|| place_meant(text, units_at, clause.end))
                        .or_else(|| {
                            // The time first, then whom: past a comma ("yêu cầu chậm nhất đến
                            // ngày 7/8, Sở Nội vụ phải hoàn thành …"), or past the day itself
                            // ("yêu cầu đến 30/5/2016 Sở Nội vụ phải có báo cáo").
                            let circumstance = circumstance_at(text, units_at)?;
                            let day_end = folded::words(text, units_at, clause.end)
                                .into_iter()
                                .skip(circumstance.split(' ').count())
                                .take_while(|(word, _)| {
                                    text.chars[*word].is_ascii_digit()
                                        || ["ngay", "thang", "nam"]
                                            .iter()
                                            .any(|w| text.words_at(*word, w))
                                })
                                .last()
                                .map(|(_, end)| skip_space(text, end, clause.end));
                            after_commas(text, units_at, clause.end)
                                .into_iter()
                                .chain(day_end)
                                .find_map(|from| owners(text, from, clause.end))
                        })
                        .or_else(|| sent_to_before(text, clause.start, at, units_at, clause.end))
                        .or_else(|| {
                            // Not whom "chỉ đạo" directs, which may be the work of the
                            // subject before ("Đồng thời phối hợp với các sở, ngành chỉ đạo các
                            // chủ đập, hồ chứa …").
                            ["yeu cau", "de nghi"]
                                .iter()
                                .any(|asks| text.words_at(at, asks))
                                .then(|| addressed_before_work(text, units_at, clause.end))
                                .flatten()
                        });
                    // "Công an tỉnh chỉ đạo Công an các huyện …", "UBND huyện chỉ đạo Trung
                    // tâm Phát triển quỹ đất …": the unit that directs leads, unless it is the
                    // province's People's Committee giving the text's own directions ("UBND
                    // tỉnh chỉ đạo Sở Y tế …") to units not its own. With no unit before, the
                    // clause's subject is the one carried over.
                    if let Some(under) = owned.as_ref().filter(|_| text.words_at(at, "chi dao")) {
                        let own = directs_its_own_units(text, at, under);
                        // The clause's subject: right before "chỉ đạo", or opening it with a
                        // duty ("Sở TT&TT chủ trì, phối hợp Sở Y tế … chỉ đạo các cơ quan báo,
                        // đài …").
                        let opened_by = owners(text, opening, clause.end);
                        // "Lãnh đạo UBND huyện chỉ đạo các ngành chuyên môn …": the one who
                        // chairs a committee speaks; the units directed do the work.
                        // "Phó Thủ tướng … có ý kiến như sau: Chủ tịch UBND tỉnh Thái Nguyên
                        // chỉ đạo các cơ quan …": the province's chair is given the work.
                        let addressed = prime_minister_directs.is_some_and(|from| from <= at);
                        let chaired = !addressed
                            && ["lanh dao", "pho chu tich", "chu tich"]
                                .iter()
                                .any(|title| text.words_at(opening, title))
                            && opened_by
                                .as_ref()
                                .is_some_and(|o| o.lead.iter().all(|u| !u.group));
                        let opened_by = opened_by.filter(|_| !chaired);
                        // Not when someone speaks right before ("…, ông chỉ đạo các sở, ngành").
                        let word_before = folded::words(text, clause.start, at).last().copied();
                        let spoken = chaired
                            || word_before.is_some_and(|(start, _)| {
                                text.is_capital(start)
                                    || ["ong", "ba"].iter().any(|w| text.words_at(start, w))
                            });
                        let opens_without_subject = opened_by.is_none() && !spoken;
                        // Or right before it, after a phrase of circumstance ("Để …, Sở Giáo
                        // dục - Đào tạo chỉ đạo các cơ sở giáo dục …"), but not the last of the
                        // partners ("phối hợp với …, Công ty CP Tasco chỉ đạo …").
                        let partners = text.folded(opening, at);
                        let partnered =
                            partners.contains("phoi hop") || partners.contains("cung voi");
                        let subject = opened_by
                            .filter(|o| {
                                // "UBND các huyện, thành phố thành lập các đoàn kiểm tra và
                                // chỉ đạo các địa phương …": their own work, then what they
                                // direct.
                                let verb = skip_space(text, o.end, clause.end);
                                // "Sở NN-PTNT tập trung chỉ đạo lực lượng kiểm lâm …".
                                let mut directs = verb;
                                // "Sở NN&PTNT hướng dẫn, chỉ đạo Công ty …": work of its own
                                // on the way.
                                while let Some(how) = MANNERS
                                    .iter()
                                    .find(|m| text.words_at(directs, m))
                                    .map(|m| m.len())
                                    .or_else(|| {
                                        let with = WITH_DIRECTING
                                            .iter()
                                            .find(|w| text.words_at(directs, w))?;
                                        let after = directs + with.len();
                                        let and = skip_space(text, after, clause.end);
                                        if text.chars.get(after) == Some(&',') {
                                            Some(with.len())
                                        } else {
                                            text.words_at(and, "va").then(|| and + 2 - directs)
                                        }
                                    })
                                {
                                    directs = skip_space(text, directs + how, clause.end);
                                }
                                let own_work = text.folded(verb, at).ends_with(" va ")
                                    && !text.folded(verb, at).contains(':')
                                    && text.chars.get(verb).is_some_and(|c| c.is_alphabetic());
                                directs == at
                                    || DUTIES.iter().any(|d| {
                                        text.words_at(verb, d) || text.words_at(directs, d)
                                    })
                                    || own_work
                            })
                            .map(|o| (opening, o))
                            .or_else(|| {
                                (opening.max(at.saturating_sub(120))..at)
                                    .filter(|p| {
                                        !partnered
                                            && !chaired
                                            && *p > 0
                                            && text.chars[p - 1] == ' '
                                            && text.is_capital(*p)
                                    })
                                    .find_map(|from| {
                                        owners(text, from, clause.end)
                                            .filter(|o| skip_space(text, o.end, clause.end) == at)
                                            .map(|o| (from, o))
                                    })
                            });
                        // A clause without a subject goes on with the directive before
                        // ("Ban hành văn bản chỉ đạo các Sở GTVT …"; "Tham mưu UBND tỉnh chỉ
                        // đạo các cơ quan …").
                        let before = previous
                            .as_ref()
                            .filter(|(p, _, _)| *p == paragraph && index == 0)
                            .map(|(_, lead, _)| lead);
                        let carried_over = carried
                            .as_ref()
                            .or(listing.as_ref())
                            .map(|(lead, _)| lead)
                            .or(before)
                            .is_some_and(|lead| {
                                addressed
                                    || !speaks_for_the_text(lead)
                                    || asked_committees.contains(lead)
                            })
                            && !directed_by_speaker;
                        directed_by_speaker |= spoken && subject.is_none();
                        match subject {
                            Some((from, subject))
                                if own
                                    || addressed
                                    || !speaks_for_the_text(&names(&subject.lead)) =>
                            {
                                found = Some((from, subject, Reading::Subject));
                                break;
                            }
                            // "Chủ tịch UBND tỉnh … chỉ đạo các sở, ngành chức năng kiểm tra
                            // …": whoever speaks directs; the units directed lead.
                            None if (own && !spoken) || (opens_without_subject && carried_over) => {
                                break
                            }
                            _ => {}
                        }
                    }
                    if let Some(owned) = owned {
                        // "… Chủ tịch UBND tỉnh yêu cầu …": these units speak; read on.
                        let verb = skip_space(text, owned.end, clause.end);
                        // Not when they direct or ask: units asked to direct others lead ("giao
                        // UBND các huyện chỉ đạo Ban Quản lý dự án …", "Phó Thủ tướng yêu cầu Chủ
                        // tịch UBND tỉnh Thanh Hóa chỉ đạo Chủ tịch UBND huyện …", "Giao phường
                        // Phương Đông … yêu cầu Công ty BOT …"), even a province's committee:
                        // whoever asks it speaks for the text, not it.
                        let hands_on = !["chi dao", "yeu cau", "de nghi"]
                            .iter()
                            .any(|asks| text.words_at(verb, asks))
                            && trigger_at(text, verb, false).is_some_and(|next| {
                                owners(text, skip_space(text, next, clause.end), clause.end)
                                    .is_some()
                            });
                        if hands_on {
                            continue;
                        }
                        // "Ông Phúc đề nghị Chủ tịch UBND tỉnh … chỉ đạo …": a committee
                        // asked does not speak for the text; what it directs next is its work.
                        let lead = names(&owned.lead);
                        if speaks_for_the_text(&lead) && !asked_committees.contains(&lead) {
                            asked_committees.push(lead);
                        }
                        found = Some((at, owned, Reading::Handed));
                        break;
                    }
                }
            }
            if found.is_none() {
                // The subject opens the clause ("Nhiệm vụ của Bộ TN&MT là chủ trì …" names it
                // second), or follows a phrase of circumstance ("Trên cơ sở báo cáo của các đơn
                // vị, địa phương, Sở Kế hoạch và Đầu tư có nhiệm vụ …").
                let named_duty = text
                    .words_at(opening, "nhiem vu cua")
                    .then(|| skip_space(text, opening + 12, clause.end));
                // "Trong đó, tập trung các nhiệm vụ sau: Sở GTVT chủ trì, …".
                let after_colon = (opening..clause.end.min(opening + 200))
                    .find(|at| text.chars[*at] == ':')
                    .map(|colon| skip_space(text, colon + 1, clause.end));
                // "Kinh tế đô thị do Sở KH-ĐT chủ trì": the unit after "do" leads (not in
                // a description: "Lễ hội được tổ chức … do UBND tỉnh chủ trì").
                let agent = (opening..clause.end)
                    .filter(|at| !text.folded(opening, *at).contains("duoc "))
                    .find_map(|at| agent_after_do(text, at, clause.end));
                let subjects = std::iter::once(opening)
                    .chain(named_duty)
                    .chain(agent)
                    .chain(after_colon)
                    .chain(
                        // "… , trong khi Sở KH-CN chủ trì …": right after it, or after its
                        // commas; also after a colon ("chỉ đạo: Sau khi …, Sở QH-KT …").
                        // "Đối với các vấn đề thuộc thẩm quyền của Chính phủ, Bộ GD&ĐT …": the
                        // opener names a topic, and the subject follows it.
                        std::iter::once(opening)
                            .chain(after_colon)
                            .filter_map(|from| {
                                let topic = after_a_topic(text, from);
                                circumstance_at(text, from)
                                    .map(|c| (from, c.len()))
                                    .or(topic.then_some((from, 0)))
                            })
                            .flat_map(|(from, length)| {
                                let right_after = skip_space(text, from + length, clause.end);
                                std::iter::once(right_after)
                                    .chain(after_commas(text, from, clause.end))
                            }),
                    );
                found = subjects.into_iter().find_map(|subject| {
                    // "Huyện Duy Xuyên tiếp nhận hồ sơ …", "Tỉnh Quảng Bình cần chủ động bố trí
                    // …": a place doing work, named by a verb of work or a modal, not one telling
                    // what it has or did ("Huyện Hàm Yên có 2 trường").
                    // Not its leaders ("Chủ tịch tỉnh Hải Dương chỉ đạo …"): they speak.
                    let titled = units::past_titles(text, subject, clause.end) > subject;
                    let place = || {
                        place_meant(text, subject, clause.end).filter(|o| {
                            let verb = skip_space(text, o.end, clause.end);
                            !titled
                                && IMPERATIVES
                                    .iter()
                                    .chain(&MODALS)
                                    .chain(&DUTIES)
                                    .chain(&["hoan thanh", "tiep nhan"])
                                    .any(|work| text.words_at(verb, work))
                        })
                    };
                    let owned = owners(text, subject, clause.end)
                        .or_else(place)
                        .filter(|o| {
                            let verb = skip_space(text, o.end, clause.end);
                            // "Các Sở GD&ĐT, nhà trường cần phối hợp …", "UBND các quận …
                            // phải …", "Các thành viên Ban Chỉ đạo … tiếp tục …": what a unit
                            // must do is a directive wherever it is said (not what it reports
                            // at the meeting: "UBND huyện … báo cáo tình trạng …").
                            directing
                                || named_duty == Some(subject)
                                || DUTIES
                                    .iter()
                                    .chain(MODALS.iter().filter(|m| **m != "bao cao"))
                                    .chain(&["can phai"])
                                    .any(|d| text.words_at(verb, d))
                        })?;
                    // "UBND tỉnh (cũng) yêu cầu …", "Văn phòng … thông báo …": who speaks, not
                    // who acts.
                    let verb = verb_after(text, owned.end, clause.end);
                    // A unit other than the text's own committee directing others than units
                    // does the work ("Sở Công thương, Sở NN-PTNT chỉ đạo các chủ đập hồ chứa
                    // kiểm tra …").
                    // Its leader asking, whoever is asked: "Chủ tịch UBND TP.Thái Nguyên yêu cầu
                    // cương quyết di dời người dân …" asks the city's units, named or not.
                    let titled_asks = titled
                        && ["yeu cau", "de nghi"]
                            .iter()
                            .any(|asks| text.words_at(verb, asks));
                    let hands_to_units = titled_asks
                        || trigger_at(text, verb, false).is_some_and(|next| {
                            speaks_for_the_text(&names(&owned.lead))
                                || owners(text, skip_space(text, next, clause.end), clause.end)
                                    .is_some()
                        });
                    // "Phó Chủ tịch UBND tỉnh … chủ trì cuộc họp": a leader chairing a meeting.
                    let chairs = ["chu tich", "pho chu tich", "lanh dao"]
                        .iter()
                        .any(|title| text.words_at(subject, title))
                        && text.words_at(verb, "chu tri")
                        && MEETINGS.iter().any(|m| {
                            let what = skip_space(text, verb + "chu tri".len(), clause.end);
                            text.words_at(what, m)
                        });
                    // "Phó Chủ tịch … (đội mũ cối xanh) kiểm tra tiến độ …": a leader visiting.
                    let visited = units::past_brackets(text, verb, clause.end);
                    let visits = titled
                        && ["kiem tra", "tham", "khao sat"]
                            .iter()
                            .any(|visit| text.words_at(visited, visit));
                    let speaks = tells_at(text, verb) || hands_to_units || chairs || visits;
                    (!speaks).then_some((subject, owned, Reading::Subject))
                });
                // A unit's duty ("Công an huyện chủ trì, …") gives directions as "giao" does.
                directing |= found.is_some();
            }
            let found_none = found.is_none();
            // "Ban chỉ đạo sẽ họp hàng quý", "UBND tỉnh nhận được Công văn …": a unit telling
            // what it does or did, or answerable for it, opens no task, nor goes on with the one
            // before.
            let subject = owners(text, opening, clause.end).filter(|_| found_none);
            let verb_of = |o: &Owners| verb_after(text, o.end, clause.end);
            let tells = subject.as_ref().is_some_and(|o| {
                let verb = verb_of(o);
                tells_at(text, verb)
            });
            // "Chủ tịch UBND cấp huyện phải chịu trách nhiệm …; chủ động sử dụng …": the
            // steps after go on with whom it holds answerable.
            let answerable = subject
                .as_ref()
                .filter(|o| ANSWERABLE.iter().any(|v| text.words_at(verb_of(o), v)))
                .map(|o| (names(&o.lead), None));
            let mut groups: Vec<String>;
            // A step of a numbered or dashed item, with no subject of its own: "one unit's list
            // of duties in one numbered item stays one entry" (EXTRACTION.md).
            let mut step_of_item = false;
            let (start, lead, co_owners, group, confidence) = match found {
                Some((_, owned, _)) if owned.introduces_list => {
                    let group = group_phrase(&owned.lead);
                    listing = Some((names(&owned.lead), group));
                    list_day = deadlines::find(text, clause.start, clause.end, reference)
                        .filter(|d| d.day.is_some());
                    previous = None;
                    carried = None;
                    continue;
                }
                Some((_, owned, _)) if only_carries_out(text, owned.end, clause.end) => {
                    previous = None;
                    carried = None;
                    continue;
                }
                Some((start, owned, confidence)) => {
                    let group = group_phrase(&owned.lead);
                    groups = group_names(owned.lead.iter().chain(&owned.co_owners));
                    (
                        start,
                        referred_back(names(&owned.lead), &drafts),
                        names(&owned.co_owners),
                        group,
                        confidence,
                    )
                }
                None => {
                    // A clause without a subject: the units of the clause before, in the same
                    // sentence; or, for a sentence's first clause, of the directive just before
                    // in the same paragraph, or of the list being given.
                    // "Đồng thời, …" goes on with the directive before, even on a new line.
                    let goes_on = CONTINUING
                        .iter()
                        .any(|c| text.folded(clause.start, opening).contains(c))
                        || text.words_at(opening, "tiep tuc");
                    // Within a sentence, and after "Đồng thời", the work goes on with the
                    // directive before. Its lead carries over, not its co-owners: annotators
                    // name co-owners only where "phối hợp" is written (carrying them cost 1.8
                    // points of co-owner agreement on the tuning part).
                    let conditioned = work_after_condition(text, opening, clause.end);
                    let inherited = match (&carried, index, &previous, &listing) {
                        (Some((lead, group)), _, _, _) => {
                            // "…; trên cơ sở đó, tổng hợp …", "…; không để xảy ra …": the step
                            // before, done through or kept within.
                            step_of_item = in_an_item(text, clause.start)
                                || ["tren co so", "khong de", "khong duoc de"]
                                    .iter()
                                    .any(|w| text.words_at(opening, w));
                            Some((lead.clone(), group.clone(), Reading::Step))
                        }
                        (None, 0, Some((p, lead, group)), _)
                            if (*p == paragraph
                                || goes_on
                                || read_between(*p, paragraph) <= 1
                                    && in_the_imperative(
                                        text,
                                        conditioned.unwrap_or(opening),
                                        clause.end,
                                    ))
                                && directing =>
                        {
                            Some((lead.clone(), group.clone(), Reading::NextSentence))
                        }
                        (None, 0, _, Some((lead, group))) => {
                            Some((lead.clone(), group.clone(), Reading::ListItem))
                        }
                        // A request naming no one is for whom the document is sent to, or
                        // the units of the directive before.
                        _ if names_no_one(text, opening, clause.end) => {
                            // Or for no one named yet: the secretary chooses (EXTRACTION.md:
                            // the lead is empty when the text names no owner).
                            // A headline restating the text ("Lâm Đồng yêu cầu kiểm điểm
                            // …") opens no directions.
                            let lead = if addressees.is_empty() {
                                drafts
                                    .last()
                                    .map(|d| d.lead.clone())
                                    .or_else(|| (directing && paragraph > 0).then(Vec::new))
                            } else {
                                Some(addressees.clone())
                            };
                            lead.map(|lead| (lead, None, Reading::NoOneNamed))
                        }
                        // A text cut from its directions opening in the imperative, no one
                        // named before: the secretary chooses (EXTRACTION.md: the lead is empty
                        // when the text names no owner).
                        _ if cut
                            && drafts.is_empty()
                            && index == 0
                            && in_the_imperative(text, opening, clause.end) =>
                        {
                            Some((Vec::new(), None, Reading::NoOneNamed))
                        }
                        _ => None,
                    };
                    // "…; các đường mòn, lối mở …; chợ đầu mối …": what the work is about,
                    // listed on, not more work (work opens with what is done; "các" opens
                    // things).
                    let things =
                        index > 0 && ["cac", "nhung"].iter().any(|w| text.words_at(opening, w));
                    let starts_with_work = !tells
                        && !things
                        && text.chars.get(opening).is_some_and(|c| c.is_alphabetic())
                        && !names_only(text, *clause)
                        && (!NOT_TASKS
                            .iter()
                            .chain(&ANSWERABLE)
                            .any(|n| text.words_at(opening, n))
                            || conditioned.is_some());
                    // "Thời gian thực hiện hoàn thành trước ngày 20/11/2023.": the day the
                    // steps of the sentence before are to be done by.
                    if index == 0 && TIMES_GIVEN.iter().any(|t| text.words_at(opening, t)) {
                        let day = deadlines::find(text, opening, clause.end, reference)
                            .filter(|d| d.day.is_some());
                        if let (Some(day), Some(lead)) =
                            (day, drafts.last().map(|d| d.lead.clone()))
                        {
                            close_steps(&mut drafts[first_of_sentence_before..], &lead, Some(&day));
                        }
                    }
                    match inherited {
                        Some((lead, group, confidence))
                            if starts_with_work && clause.end - clause.start > 12 =>
                        {
                            let named = co_owners_in(text, clause.start, clause.end);
                            groups = group_names(&named);
                            groups.extend(group.clone());
                            (opening, lead, names(&named), group, confidence)
                        }
                        _ => {
                            // A sentence of the paragraph after the directions that is not
                            // read as work ("Thiết lập …", "Đặc biệt chú trọng …") leaves the
                            // directions open for the imperative sentences after it.
                            // Not one asking someone ("Yêu cầu 100% cơ sở kinh doanh …"): whom
                            // it asks, even if not read, has the work after it.
                            let open_after = index == 0
                                && answerable.is_none()
                                && previous.as_ref().is_some_and(|(p, _, _)| *p != paragraph)
                                && (clause.start..clause.end)
                                    .all(|at| trigger_at(text, at, at == opening).is_none());
                            if !open_after {
                                previous = answerable
                                    .as_ref()
                                    .map(|(lead, group)| (paragraph, lead.clone(), group.clone()));
                            }
                            carried = answerable;
                            continue;
                        }
                    }
                }
            };
            // A day may come before the subject ("trong thời gian từ đầu tháng 1 tới ngày
            // 15/3/2013, Công an tỉnh …"); a period there is the work's setting, not its limit,
            // and so is a day something happened ("Được biết, trước đó vào ngày 07/7 đã xảy
            // ra …, Thứ trưởng cũng đã yêu cầu …").
            let before_subject = deadlines::find(text, clause.start, start, reference)
                .filter(|d| d.written_as_a_day(text) && !text.words_at(d.start, "vao"));
            let deadline = match deadlines::find(text, start, clause.end, reference) {
                Some(after) if after.day.is_some() => Some(after),
                after => before_subject.or_else(|| list_day.clone()).or(after),
            };
            // "…; hoàn thành trước ngày 21/11/2022." belongs to the directive before it.
            // So does a short "…; báo cáo Chủ tịch UBND tỉnh." (a dozen syllables at most).
            let short = folded::words(text, start, clause.end).len() <= 12;
            let with_day = deadline.as_ref().is_some_and(|d| d.day.is_some());
            // "Việc giải tỏa, bàn giao mặt bằng để thi công hoàn thành trước ngày 15-8-2013."
            let work_before_done = text.words_at(start, "viec")
                && with_day
                && text.folded(start, clause.end).contains(" hoan thanh");
            let follows_up = found_none
                && (step_of_item && drafts.len() > first_of_sentence
                    || work_before_done
                    || FOLLOW_UPS.iter().any(|f| text.words_at(start, f))
                        && !text.words_at(start, "trinh bay")
                        && (short || with_day));
            if let (true, Some(before)) = (follows_up, drafts.last_mut()) {
                let (_, last) = text.span(start, clause.end);
                let before: &mut Draft = before;
                before.text = text.original[before.start..last].iter().collect();
                before.end = last;
                if before.deadline.is_none() {
                    before.deadline = deadline.as_ref().and_then(|d| d.day);
                    before.deadline_phrase = deadline.as_ref().map(|d| d.phrase.clone());
                }
                // "giao X chủ trì …; lập hồ sơ …; báo cáo UBND tỉnh trước ngày 5/9/2019.": the
                // day closes every step X was given in the sentence.
                // A sentence of its own ("… tham mưu đề xuất …. Hoàn thành, trình UBND tỉnh
                // trước ngày 30/4/2019.") closes the steps of the sentence before.
                let lead = before.lead.clone();
                let steps = if index == 0 {
                    first_of_sentence_before
                } else {
                    first_of_sentence
                };
                close_steps(&mut drafts[steps..], &lead, deadline.as_ref());
                continue;
            }
            // "Trong đó, tập trung vào một số nhiệm vụ trọng tâm: Theo dõi …": the lines after
            // go on with the tasks it opens.
            let folded_clause = text.folded(clause.start, clause.end);
            if folded_clause.split_once(':').is_some_and(|(opens, _)| {
                ["nhiem vu", "noi dung", "giai phap"]
                    .iter()
                    .any(|w| opens.contains(w))
                    || opens.trim_end().ends_with(" sau")
            }) {
                listing = Some((lead.clone(), group.clone()));
            }
            let (first, last) = text.span(start, clause.end);
            carried = Some((lead.clone(), group.clone()));
            previous = Some((paragraph, lead.clone(), group.clone()));
            let words: String = text.original[first..last].iter().collect();
            // A paragraph printed twice (as pages of news often are) gives its directives once.
            if drafts.iter().any(|d| d.text == words) {
                continue;
            }
            // "… khẩn trương tổ chức điều tra; lấy mẫu kiểm nghiệm …, báo cáo kết quả về UBND
            // tỉnh trước ngày 16-12-2025.": a day closing a sentence is the limit of all the
            // steps of the same owners before it in the sentence that set no day of their own
            // ("khẩn trương" included).
            // Only a day to report by ("…, báo cáo kết quả về UBND tỉnh trước ngày …", "gửi
            // báo cáo về Sở … trước ngày …"): a day of one step's own stays its own.
            let report_by = deadline.as_ref().is_some_and(|d| {
                let before = text.folded(start, d.start.max(start));
                before.contains("bao cao") || before.contains("gui ")
            });
            if found_none && report_by {
                close_steps(&mut drafts[first_of_sentence..], &lead, deadline.as_ref());
            }
            drafts.push(Draft {
                text: words,
                start: first,
                end: last,
                lead,
                co_owners,
                group,
                deadline: deadline.as_ref().and_then(|d| d.day),
                deadline_phrase: deadline.map(|d| d.phrase),
                confidence: confidence.confidence(),
                groups,
                reading: confidence,
            });
        }
    }
    drafts
}

/// A day to report by closing a sentence limits the steps of the same lead before it that set
/// no day of their own.
fn close_steps(steps: &mut [Draft], lead: &[String], deadline: Option<&deadlines::Deadline>) {
    let Some((day, phrase)) = deadline.and_then(|d| Some((d.day?, &d.phrase))) else {
        return;
    };
    for step in steps
        .iter_mut()
        .filter(|d| d.lead == lead && d.deadline.is_none())
    {
        step.deadline = Some(day);
        step.deadline_phrase = Some(phrase.clone());
    }
}

/// "các đơn vị này", "các địa phương này": the units the directive before was given;
/// "các cơ quan, đơn vị và địa phương nêu trên" ("nói trên"): all those given work so far;
/// "các đơn vị", "các cơ quan, đơn vị" with nothing to say which: the last addressees named
/// as a group or a list ("… yêu cầu các sở, ban, ngành, UBND cấp xã: … Các đơn vị cần rà soát
/// …"). Annotators resolve the last so in 24 of the tuning part's drafts and keep it as
/// written in 7.
fn referred_back(lead: Vec<String>, drafts: &[Draft]) -> Vec<String> {
    let [only] = lead.as_slice() else {
        return lead;
    };
    let folded = crate::domain::search::fold(only);
    if !folded.starts_with("cac ") {
        return lead;
    }
    let meant: Vec<String> = if folded.ends_with(" nay") {
        drafts.last().map(|d| d.lead.clone()).unwrap_or_default()
    } else if folded.ends_with(" neu tren") || folded.ends_with(" noi tren") {
        let mut all: Vec<String> = Vec::new();
        for unit in drafts.iter().flat_map(|d| &d.lead) {
            if !all.contains(unit) {
                all.push(unit.clone());
            }
        }
        all
    } else if is_any_office(&folded) {
        drafts
            .iter()
            .rev()
            .map(|d| &d.lead)
            .find(|lead| addresses_many(lead))
            .cloned()
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    if meant.is_empty() {
        lead
    } else {
        meant
    }
}

/// Whether a folded name is "các đơn vị", "các cơ quan" or both, and no more.
fn is_any_office(folded: &str) -> bool {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| w == "cac" || units::ANY_OFFICE.contains(&w))
}

/// Whether a lead names addressees a later "các đơn vị" may mean: a group or a list, other
/// than such a reference itself.
fn addresses_many(lead: &[String]) -> bool {
    let folded: Vec<String> = lead
        .iter()
        .map(|u| crate::domain::search::fold(u))
        .collect();
    let plural = |name: &String| name.starts_with("cac ") || name.contains(" cac ");
    !folded.iter().all(|name| is_any_office(name))
        && (folded.len() > 1 || folded.iter().any(plural))
}

/// The first date written in the first 400 characters ("Ngày: 26/08/2022"), as a reference.
fn first_date(text: &Folded) -> Option<NaiveDate> {
    let limit = text.len().min(400);
    let chars = &text.chars;
    (0..limit).find_map(|at| {
        if at > 0 && chars[at - 1].is_ascii_digit() {
            return None;
        }
        let digits: String = chars[at..limit]
            .iter()
            .take_while(|c| c.is_ascii_digit() || **c == '/')
            .collect();
        let parts: Vec<&str> = digits.split('/').collect();
        match parts.as_slice() {
            [d, m, y] if y.len() == 4 => {
                NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
            }
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules' reading alone: these tests are of the rules, `learned` has its own.
    fn extract(input: &str, held_on: Option<NaiveDate>) -> Vec<Draft> {
        let text = Folded::new(input);
        let held_on = held_on.or_else(|| first_date(&text));
        read_by_rules(&text, deadlines::Reference::of(&text, held_on))
    }

    #[test]
    fn a_duty_named_as_such_is_its_units_directive() {
        let drafts = extract(
            "Nhiệm vụ của Bộ Tài nguyên và Môi trường là chủ trì, phối hợp với Bộ Xây dựng rà soát nhu cầu thu hồi đất.",
            None,
        );
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].lead, ["Bộ Tài nguyên và Môi trường"]);
        assert_eq!(drafts[0].co_owners, ["Bộ Xây dựng"]);
    }

    fn leads(text: &str) -> Vec<Vec<String>> {
        extract(text, None).into_iter().map(|d| d.lead).collect()
    }

    #[test]
    fn work_written_with_its_capital_restricts_a_group() {
        assert_eq!(
            leads("Bộ yêu cầu các cơ quan chức năng của Bộ Xây dựng rà soát các dự án."),
            [["các cơ quan chức năng của Bộ Xây dựng"]]
        );
    }

    #[test]
    fn a_manner_ends_what_restricts_a_group() {
        assert_eq!(
            leads("Chủ tịch UBND quận yêu cầu Trưởng các phòng, ban, đơn vị thuộc quận tích cực phối hợp, hướng dẫn UBND các phường."),
            [["các phòng, ban, đơn vị thuộc quận"]]
        );
    }

    #[test]
    fn a_list_goes_on_after_a_body_named_in_lower_case() {
        assert_eq!(
            leads("Chủ tịch UBND tỉnh yêu cầu ngành nông nghiệp và các địa phương nắm diễn biến của thời tiết."),
            [["ngành nông nghiệp", "các địa phương"]]
        );
        assert_eq!(
            leads("Chủ tịch UBND tỉnh chỉ đạo cơ quan chức năng và địa phương tập trung xử lý ô nhiễm."),
            [["cơ quan chức năng", "địa phương"]]
        );
        assert_eq!(
            leads("Chủ tịch UBND tỉnh yêu cầu Giám đốc/thủ trưởng các sở, ban, ngành; Chủ tịch UBND các huyện, thành phố căn cứ tình hình."),
            [["các sở, ban, ngành", "UBND các huyện, thành phố"]]
        );
        // Not past a title: the chair is no unit of the list. Past the title of a group's
        // heads, and past a unit named inside the body, in full.
        assert_eq!(
            leads("Đối với công an, Chủ tịch UBND quận giao Công an quận kiểm tra việc đỗ xe."),
            [["Công an quận"]]
        );
        assert_eq!(
            leads("Chủ tịch UBND huyện yêu cầu cơ quan Thường trực Ban An toàn giao thông huyện, Thủ trưởng các cơ quan, đơn vị kiểm tra xe quá tải."),
            [["cơ quan Thường trực Ban An toàn giao thông huyện", "các cơ quan, đơn vị"]]
        );
    }

    #[test]
    fn cu_the_opens_the_details_before_their_subject() {
        assert_eq!(
            leads("Phó Chủ tịch UBND tỉnh kết luận cuộc họp.\nCụ thể, Sở Y tế phối hợp với trường Đại học Tây Nguyên rà soát danh sách các sinh viên."),
            [["Sở Y tế"]]
        );
        assert_eq!(
            leads("UBND tỉnh yêu cầu như sau:\nCụ thể, để chủ động phòng, chống nắng nóng, hạn chế thấp nhất thiệt hại cho sản xuất, các địa phương cần tập trung nhân lực để làm đất."),
            [["các địa phương"]]
        );
    }

    #[test]
    fn what_a_unit_must_do_is_a_directive_wherever_it_is_said() {
        assert_eq!(
            leads("Mùa dịch sởi đang đến gần.\nCác Sở GD&ĐT cần phối hợp chặt chẽ với cơ quan y tế phòng, chống dịch sởi."),
            [["Các Sở GD&ĐT"]]
        );
        assert!(leads("Mùa dịch sởi đang đến gần.\nSở Y tế tổ chức hội nghị tổng kết.").is_empty());
    }

    #[test]
    fn a_case_or_a_time_may_come_before_the_subject() {
        assert_eq!(
            leads("UBND thành phố yêu cầu như sau:\nTrong trường hợp cần thiết, các địa phương phối hợp với lực lượng quân đội tổ chức gia cố đê."),
            [["các địa phương"]]
        );
        assert_eq!(
            leads("UBND thành phố yêu cầu như sau:\nKhi có dịch bệnh xảy ra, Sở Y tế khẩn trương khoanh vùng ổ dịch."),
            [["Sở Y tế"]]
        );
        assert_eq!(
            leads("Chủ tịch UBND thị xã kết luận.\nNgay sau cuộc họp này, Công an thị xã chủ trì phối hợp với các phường thực hiện nghiêm các biện pháp."),
            [["Công an thị xã"]]
        );
        // With no subject, the work a case opens is a step of the units before; a report up
        // is not.
        assert_eq!(
            leads("UBND tỉnh giao Sở Tài chính rà soát các khoản chi. Trường hợp vượt thẩm quyền thì tham mưu UBND tỉnh xem xét. Trường hợp vượt thẩm quyền, báo cáo Thủ tướng Chính phủ."),
            [["Sở Tài chính"], ["Sở Tài chính"]]
        );
        // So is work after "Nếu …", a paragraph later, and work opening on how it is done.
        assert_eq!(
            leads("UBND tỉnh giao Sở Tài nguyên và Môi trường kiểm tra, xác minh nội dung đơn.\n\nNếu phát hiện sai phạm thì kịp thời xử lý theo đúng quy định."),
            [["Sở Tài nguyên và Môi trường"], ["Sở Tài nguyên và Môi trường"]]
        );
        // And a paragraph opening on a must ("Phải …", "Cần …"), not on "Cán bộ …".
        assert_eq!(
            leads("UBND tỉnh yêu cầu UBND các huyện rà soát các khu dân cư.\n\nPhải kiên quyết di dời dân đến nơi an toàn.\n\nCán bộ huyện hướng dẫn người dân di dời."),
            [["UBND các huyện"], ["UBND các huyện"]]
        );
        // So is the work a topic opens, a paragraph later.
        assert_eq!(
            leads("UBND tỉnh yêu cầu UBND các huyện rà soát các khu dân cư.\n\nĐối với khu vực có nguy cơ sạt lở, khẩn trương di dời dân đến nơi an toàn."),
            [["UBND các huyện"], ["UBND các huyện"]]
        );
    }

    #[test]
    fn a_plan_and_a_period_of_application_are_no_work() {
        assert_eq!(
            leads("UBND tỉnh yêu cầu Sở Y tế khẩn trương kiểm tra các khu cách ly. Sở Giáo dục và Đào tạo cũng dự kiến điều động 4.100 giáo viên coi thi. Thời gian áp dụng từ 16-9 cho đến khi có thông báo mới."),
            [["Sở Y tế"]]
        );
    }

    #[test]
    fn carrying_out_someone_s_directions_is_news_not_work() {
        assert!(leads("UBND tỉnh kết luận như sau:\nThực hiện chỉ đạo của Thủ tướng, hôm qua 27.4, Bộ trưởng Bộ TN-MT đã ký quyết định về việc tổng kiểm tra.").is_empty());
    }

    #[test]
    fn a_leader_deciding_allowing_or_calling_on_everyone_gives_no_task() {
        for said in [
            "Chủ tịch UBND tỉnh Nguyễn Bốn cũng quyết định nâng mức hỗ trợ tiền ăn đối với cán bộ y tế.",
            "UBND TP cũng chấp thuận chủ trương tổ chức di dời các hộ dân trong hành lang an toàn cầu Kiệu.",
            "Chủ tịch UBND tỉnh Bến Tre kêu gọi các ngành, địa phương và toàn thể nhân dân cùng đoàn kết khắc phục khó khăn.",
            "Chủ tịch UBND thành phố cũng nghiêm khắc phê bình một số sở, ngành chưa chủ động phối hợp.",
        ] {
            assert!(leads(&format!("UBND tỉnh kết luận như sau:\n{said}")).is_empty(), "{said}");
        }
    }

    #[test]
    fn a_leader_visiting_is_news_not_work() {
        assert!(leads("UBND tỉnh kết luận như sau:\nChủ tịch UBND tỉnh Bắc Ninh Vương Quốc Tuấn kiểm tra thực hiện mô hình chính quyền 2 cấp tại phường Kinh Bắc.").is_empty());
    }

    #[test]
    fn a_quotation_opens_on_its_subject() {
        assert_eq!(
            leads("Phát biểu kết luận tại Hội nghị, Giám đốc Đỗ Văn Phu nhấn mạnh: “Thủ trưởng các đơn vị phải bám sát kế hoạch công tác năm học của ngành."),
            [["các đơn vị"]]
        );
    }

    #[test]
    fn whom_a_document_went_to_is_whom_its_request_asks() {
        assert_eq!(
            leads("UBND tỉnh Bình Thuận đã có văn bản gửi các đơn vị y tế trên địa bàn tỉnh yêu cầu đầu tư mua sắm phải thực hiện đúng pháp luật."),
            [["các đơn vị y tế trên địa bàn tỉnh"]]
        );
        assert_eq!(
            leads("Bộ Công an vừa có văn bản thông báo tới Công an các tỉnh, thành phố trên cả nước yêu cầu dừng tiếp nhận hồ sơ cấp thẻ căn cước."),
            [["Công an các tỉnh, thành phố trên cả nước"]]
        );
    }

    #[test]
    fn a_time_in_the_course_of_the_work_may_come_before_the_subject() {
        assert_eq!(
            leads("Trong quá trình phối hợp thực hiện, các thành viên Ban chỉ đạo cần kịp thời phát hiện các vấn đề phát sinh."),
            [["các thành viên Ban chỉ đạo"]]
        );
        assert_eq!(
            leads("Phó Chủ tịch UBND tỉnh yêu cầu thời gian tới, các cơ quan chức năng của tỉnh nâng cao trách nhiệm quản lý."),
            [["các cơ quan chức năng của tỉnh"]]
        );
    }

    #[test]
    fn a_document_cited_then_what_it_directs() {
        assert_eq!(
            leads("Công văn số 1454/UBND-THKH ngày 22.2 do Chủ tịch UBND tỉnh ký ghi rõ: “Giao Chủ tịch UBND TP.Thanh Hoá tổ chức kiểm điểm, làm rõ trách nhiệm."),
            [["UBND TP.Thanh Hoá"]]
        );
        assert_eq!(
            leads("Văn bản số 3438/UBND-LN, ngày 7/6 của UBND tỉnh Lâm Đồng, giao UBND huyện Lạc Dương điều tra, xử lý nghiêm vụ phá rừng."),
            [["UBND huyện Lạc Dương"]]
        );
        assert_eq!(
            leads("Đồng chí Chủ tịch chỉ đạo rõ: “Giao cho Sở Kế hoạch - Đầu tư cung cấp thông tin liên quan."),
            [["Sở Kế hoạch - Đầu tư"]]
        );
        assert!(
            leads("Công văn số 12/UBND ngày 3/4/2024 về việc giao chỉ tiêu tuyển quân năm 2024.")
                .is_empty(),
            "a document's title is not what it directs"
        );
    }

    #[test]
    fn a_day_to_report_by_closing_a_sentence_limits_its_steps_before() {
        let days = |text: &str| -> Vec<Option<String>> {
            extract(text, None)
                .into_iter()
                .map(|d| d.deadline.map(|day| day.to_string()))
                .collect()
        };
        assert_eq!(
            days("UBND tỉnh giao Sở Y tế khẩn trương tổ chức điều tra; lấy mẫu kiểm nghiệm, báo cáo kết quả về UBND tỉnh trước ngày 16-12-2025."),
            [Some("2025-12-16".into()), Some("2025-12-16".into())]
        );
        // The report closing the sentence closes every step given to the lead before it.
        assert_eq!(
            days("UBND tỉnh giao UBND huyện Trấn Yên chủ trì, phối hợp với các sở, ngành xử lý dứt điểm tình trạng khai thác cát trái phép; lập hồ sơ xử lý các tổ chức vi phạm; báo cáo UBND tỉnh kết quả giải quyết trước ngày 5/9/2019."),
            [Some("2019-09-05".into()), Some("2019-09-05".into())]
        );
        // So does a sentence of its own that follows up.
        assert_eq!(
            days("UBND tỉnh giao Sở Nông nghiệp và Phát triển nông thôn rà soát hiện trạng các xã; nghiên cứu, tham mưu UBND tỉnh các giải pháp cụ thể. Hoàn thành, trình UBND tỉnh trước ngày 30/4/2019."),
            [Some("2019-04-30".into()), Some("2019-04-30".into())]
        );
        // So does a sentence giving the time the work takes.
        assert_eq!(
            days("UBND tỉnh giao Sở Tài nguyên và Môi trường chủ trì kiểm tra, xác minh; có văn bản thông tin lại Báo Thanh tra. Thời gian thực hiện hoàn thành trước ngày 20/11/2023."),
            [Some("2023-11-20".into()), Some("2023-11-20".into())]
        );
        // So does a sentence giving the day of the results.
        assert_eq!(
            days("Chủ tịch UBND tỉnh yêu cầu các sở, ban, ngành và địa phương rà soát toàn bộ các hồ sơ quá hạn; đồng thời làm rõ nguyên nhân. Kết quả thực hiện phải được hoàn thành trước ngày 12/3/2026."),
            [Some("2026-03-12".into()), Some("2026-03-12".into())]
        );
        // A list introduced with its day gives it to its items, not to what follows them.
        assert_eq!(
            days("Chủ tịch UBND tỉnh giao các đơn vị hoàn thành các nội dung trước ngày 20 tháng 9 năm 2024, cụ thể:\n1. Sở Tư pháp có ý kiến về Quyết định số 67/2023/QĐ-UBND.\n2. Sở Xây dựng hướng dẫn các cơ quan thực hiện.\nSở Y tế kiểm tra các bệnh viện."),
            [Some("2024-09-20".into()), Some("2024-09-20".into()), None]
        );
        // A step's own day stays its own.
        assert_eq!(
            days("UBND thị xã yêu cầu các phòng, ban liên quan chuẩn bị tốt nội dung buổi lễ; vệ sinh và chuẩn bị cây, hố trồng trước ngày 1/2/2019."),
            [None, Some("2019-02-01".into())]
        );
    }

    #[test]
    fn units_referred_back_to_are_those_given_work_before() {
        assert_eq!(
            leads("UBND tỉnh yêu cầu UBND các huyện, thị xã, thành phố tăng cường công tác giám sát. Ngoài ra, các đơn vị này cần phối hợp với điện lực địa phương tăng cường tuyên truyền."),
            [["UBND các huyện, thị xã, thành phố"], ["UBND các huyện, thị xã, thành phố"]]
        );
        assert_eq!(
            leads("1. Giao Đài Khí tượng thủy văn tỉnh theo dõi diễn biến thời tiết. 2. Giao Sở Nông nghiệp và Phát triển nông thôn kiểm tra các hồ chứa. Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị và địa phương nêu trên thực hiện tốt nội dung Công văn."),
            [
                vec!["Đài Khí tượng thủy văn tỉnh"],
                vec!["Sở Nông nghiệp và Phát triển nông thôn"],
                vec!["Đài Khí tượng thủy văn tỉnh", "Sở Nông nghiệp và Phát triển nông thôn"]
            ]
        );
        assert_eq!(
            leads("Chủ tịch UBND tỉnh yêu cầu các sở, ban, ngành, UBND các huyện tập trung triển khai các giải pháp.\nCác đơn vị cần rà soát và cung cấp thông tin."),
            [["các sở, ban, ngành", "UBND các huyện"], ["các sở, ban, ngành", "UBND các huyện"]]
        );
        // Nothing named before as a group or a list: "các đơn vị" stays as written.
        assert_eq!(
            leads("Giao Sở Y tế kiểm tra an toàn thực phẩm.\nCác đơn vị cần rà soát và cung cấp thông tin."),
            [["Sở Y tế"], ["Các đơn vị"]]
        );
    }

    #[test]
    fn giao_with_its_capital_hands_work_to_the_unit_after_it() {
        assert_eq!(
            leads("Theo đó, Ủy ban nhân dân tỉnh Giao Sở Nông nghiệp và Phát triển nông thôn chủ trì nghiên cứu nội dung chỉ đạo."),
            [["Sở Nông nghiệp và Phát triển nông thôn"]]
        );
        assert_eq!(
            leads("Chủ tịch UBND tỉnh có ý kiến chỉ đạo như sau: Giao các sở, ngành giải trình những nội dung khác nhau."),
            [["các sở, ngành"]]
        );
        // The place "Giao Thủy" and the weekly briefing ("Giao ban") hand nothing over.
        assert_eq!(
            leads("UBND tỉnh giao UBND huyện Giao Thủy rà soát các hộ dân ven biển."),
            [["UBND huyện Giao Thủy"]]
        );
        assert!(leads("UBND thành phố: Giao ban công tác trong tuần.").is_empty());
        // Past the title of whom it names.
        assert_eq!(
            leads("Chủ tịch Giao Giám đốc Sở Tài nguyên và Môi trường chủ trì rà soát."),
            [["Sở Tài nguyên và Môi trường"]]
        );
        // A unit after it in lower case.
        assert_eq!(
            leads(
                "Giao sở NN làm việc với huyện Tri Tôn có phương án chuyển đổi diện tích sản xuất."
            ),
            [["sở NN"]]
        );
    }

    #[test]
    fn a_place_doing_work_leads_and_a_time_may_come_first() {
        let text = "UBND tỉnh kết luận như sau:\nPhường Trần Liễu hoàn thành phê duyệt phương án bồi thường trước ngày 10/11.\n\nHuyện Hàm Yên có 2 trường đạt chuẩn.\n\nTrước 15 giờ ngày 3/7/2019, các địa phương hoàn thành việc kiểm đếm tàu thuyền.\n\nTrước đó, Báo Kon Tum có bài phản ánh.";
        assert_eq!(leads(text), [["Phường Trần Liễu"], ["các địa phương"]]);
    }

    #[test]
    fn forces_named_after_another_by_their_kind_each_lead() {
        assert_eq!(
            leads("UBND tỉnh kết luận như sau:\nLực lượng công an, kiểm lâm, quân sự tăng cường phối hợp tuần tra."),
            [["Lực lượng công an", "lực lượng kiểm lâm", "lực lượng quân sự"]]
        );
        assert_eq!(
            leads("UBND tỉnh kết luận như sau:\nlực lượng hải quan, bộ đội biên phòng tăng cường kiểm soát."),
            [["lực lượng hải quan", "bộ đội biên phòng"]]
        );
    }

    #[test]
    fn who_asks_after_a_topic_does_not_lead() {
        assert_eq!(
            leads("Về sản xuất nông nghiệp:\nĐối với UBND các huyện, thị xã, UBND tỉnh đề nghị thành lập ngay ban chỉ đạo phòng, chống rầy nâu."),
            [["UBND các huyện, thị xã"]]
        );
    }

    #[test]
    fn a_place_asked_through_its_leaders_leads() {
        assert_eq!(
            leads("Thủ tướng yêu cầu lãnh đạo tỉnh Hà Giang chú trọng đầu tư phát triển kết cấu hạ tầng."),
            [["tỉnh Hà Giang"]]
        );
        assert_eq!(
            leads("Chủ tịch UBND tỉnh yêu cầu chính quyền huyện Lý Sơn khẩn trương xử lý."),
            [["chính quyền huyện Lý Sơn"]]
        );
    }

    #[test]
    fn units_related_closing_a_list_lead_with_those_named() {
        // Annotators name them among the leads (with 1,359 texts, leaving them out cost 0.4
        // points of lead).
        assert_eq!(
            leads("UBND thành phố giao Sở Tài nguyên và Môi trường, Sở Xây dựng và cơ quan, đơn vị có liên quan kiểm tra, xử lý vi phạm."),
            [["Sở Tài nguyên và Môi trường", "Sở Xây dựng", "cơ quan, đơn vị có liên quan"]]
        );
        assert_eq!(
            leads("Chủ tịch UBND tỉnh yêu cầu Giám đốc Sở Y tế và Thủ trưởng các đơn vị có liên quan kiểm tra an toàn thực phẩm."),
            [["Sở Y tế", "các đơn vị có liên quan"]]
        );
        assert_eq!(
            leads("UBND huyện yêu cầu UBND các xã, thị trấn và các đơn vị liên quan tăng cường kiểm tra."),
            [["UBND các xã, thị trấn", "các đơn vị liên quan"]]
        );
    }

    #[test]
    fn the_steps_of_a_numbered_item_are_one_directive() {
        let text = "Chủ tịch UBND tỉnh chỉ đạo:\n2. Sở Y tế chuẩn bị thuốc men; tổ chức cấp cứu người bệnh; báo cáo trước ngày 5/9/2024.\nSở Y tế chuẩn bị thuốc men; tổ chức cấp cứu người bệnh.";
        let drafts = extract(text, None);
        let parts: Vec<_> = drafts.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(
            parts,
            [
                "Sở Y tế chuẩn bị thuốc men; tổ chức cấp cứu người bệnh; báo cáo trước ngày 5/9/2024.",
                "Sở Y tế chuẩn bị thuốc men",
                "tổ chức cấp cứu người bệnh.",
            ]
        );
        assert_eq!(drafts[0].deadline, NaiveDate::from_ymd_opt(2024, 9, 5));
    }

    #[test]
    fn a_step_done_through_or_kept_within_the_one_before_is_part_of_it() {
        let texts = [
            "Giao Sở Xây dựng kiểm tra các công trình; trên cơ sở đó, đề xuất UBND tỉnh xử lý.",
            "Yêu cầu UBND huyện xử lý các vi phạm; không để công trình vi phạm đưa vào sử dụng.",
        ];
        for text in texts {
            assert_eq!(extract(text, None).len(), 1, "{text}");
        }
        let drafts = extract(
            "Giao UBND quận Liên Chiểu bàn giao mặt bằng cho dự án. Việc giải tỏa, bàn giao mặt bằng hoàn thành trước ngày 15-8-2013.",
            None,
        );
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].deadline, NaiveDate::from_ymd_opt(2013, 8, 15));
    }

    #[test]
    fn a_paragraph_opening_in_the_imperative_goes_on_with_the_directions_before() {
        assert_eq!(
            leads("Chủ tịch UBND tỉnh yêu cầu các đơn vị, địa phương theo dõi chặt chẽ diễn biến thiên tai.\nBố trí lực lượng kiểm soát giao thông qua các ngầm tràn.\nTheo dự báo, mưa lớn sẽ kéo dài đến hết ngày 26."),
            [["các đơn vị, địa phương"], ["các đơn vị, địa phương"]]
        );
        assert_eq!(
            leads("UBND tỉnh giao Sở Nông nghiệp và PTNT chỉ đạo sản xuất vụ đông.\nTrong công tác chỉ đạo: Tập trung kiểm tra kế hoạch sản xuất vụ đông."),
            [["Sở Nông nghiệp và PTNT"], ["Sở Nông nghiệp và PTNT"]]
        );
        // A sentence not read as work leaves the directions open for the next; one asking
        // someone unread closes them.
        assert_eq!(
            leads("UBND tỉnh giao Sở Nông nghiệp và PTNT chủ trì xây dựng các chỉ tiêu.\nThiết lập các điều kiện kỹ thuật cần thiết. Thực hiện các chương trình giám sát dư lượng thuốc.\nYêu cầu 100% cơ sở kinh doanh karaoke phải có lối thoát nạn. Tổ chức tổng kiểm tra các cơ sở."),
            [["Sở Nông nghiệp và PTNT"], ["Sở Nông nghiệp và PTNT"]]
        );
    }

    #[test]
    fn a_province_directing_under_the_prime_minister_s_directions_leads() {
        assert_eq!(
            leads("Phó Thủ tướng Hoàng Trung Hải có ý kiến như sau:\nChủ tịch Ủy ban nhân dân tỉnh Phú Thọ chỉ đạo các sở, ngành chức năng kiểm tra; đồng thời chỉ đạo Công an tỉnh xử lý nghiêm."),
            [["Ủy ban nhân dân tỉnh Phú Thọ"], ["Ủy ban nhân dân tỉnh Phú Thọ"]]
        );
        // In the province's own text, its chair speaks.
        assert_eq!(
            leads(
                "Chủ tịch Ủy ban nhân dân tỉnh Phú Thọ chỉ đạo các sở, ngành chức năng kiểm tra."
            ),
            [["các sở, ngành chức năng"]]
        );
    }

    #[test]
    fn a_text_cut_from_directions_gives_directions_from_its_start() {
        let cut = "Đồng thời khẩn cấp nắm lại số liệu tàu, thuyền.\n\nUBND các địa phương tổ chức thông tin cho người dân biết về diễn biến cơn bão.";
        assert_eq!(leads(cut), [vec!["UBND các địa phương".to_string()]]);
        // Directions in the imperative with no one named: the secretary chooses the lead.
        let unnamed = "Theo đó, khẩn trương sơ tán người dân ra khỏi vùng nguy hiểm. Kiên quyết đình chỉ thi công các công trình trên sườn dốc.";
        assert_eq!(leads(unnamed), [Vec::<String>::new(), Vec::new()]);
        // A whole text telling what a unit did gives none.
        let told = "Bão số 5 đã đổ bộ.\n\nUBND các địa phương tổ chức thông tin cho người dân biết về diễn biến cơn bão.";
        assert!(leads(told).is_empty());
    }

    #[test]
    fn whom_a_request_names_is_read_up_to_its_work() {
        assert_eq!(
            leads("UBND tỉnh yêu cầu Quỹ đẩy nhanh công tác thi công."),
            [vec!["Quỹ".to_string()]]
        );
        assert_eq!(
            leads("Ông yêu cầu các ki ốt phải thực hiện vệ sinh tại khu vực kinh doanh."),
            [vec!["các ki ốt".to_string()]]
        );
        // Work right after the request names no one: "rà soát" is no addressee.
        assert!(leads("UBND tỉnh yêu cầu rà soát, triển khai thực hiện.").is_empty());
    }

    #[test]
    fn a_step_after_a_semicolon_may_be_part_of_the_task_before() {
        let drafts = extract(
            "Giao Sở Y tế kiểm tra vệ sinh thực phẩm; tuyên truyền đến người dân.",
            None,
        );
        let steps: Vec<bool> = drafts
            .iter()
            .map(Draft::may_be_a_step_of_the_one_before)
            .collect();
        assert_eq!(steps, [false, true]);
    }

    #[test]
    fn a_lead_asking_others_keeps_the_work() {
        assert_eq!(
            leads("Sở Lao động, Thương binh và Xã hội chủ trì, phối hợp với Liên đoàn Lao động tỉnh yêu cầu các đơn vị, doanh nghiệp chi trả tiền lương kịp thời."),
            [vec!["Sở Lao động, Thương binh và Xã hội".to_string()]]
        );
        // Asked by the text's own speaker, the units asked lead.
        assert_eq!(
            leads("UBND tỉnh yêu cầu các đơn vị, doanh nghiệp chi trả tiền lương kịp thời."),
            [vec!["các đơn vị, doanh nghiệp".to_string()]]
        );
    }

    #[test]
    fn a_school_is_no_head_and_a_principal_names_the_school() {
        assert_eq!(
            leads("UBND tỉnh giao Trường Cao đẳng Y tế tổ chức đào tạo lại."),
            [["Trường Cao đẳng Y tế"]]
        );
        assert_eq!(
            leads("Bộ yêu cầu Giám đốc Sở GD&ĐT, Hiệu trưởng Trường Đại học Vinh kiểm tra lại."),
            [["Sở GD&ĐT", "Trường Đại học Vinh"]]
        );
        // "Thủ trường": "Thủ trưởng" misspelt.
        assert_eq!(
            leads("UBND tỉnh yêu cầu Thủ trường các sở, ban, ngành tăng cường kiểm tra."),
            [["các sở, ban, ngành"]]
        );
    }

    #[test]
    fn the_subject_follows_as_directed_by() {
        assert_eq!(
            leads("Theo chỉ đạo của UBND tỉnh, Sở Công Thương được giao chủ trì đẩy mạnh tuyên truyền."),
            [["Sở Công Thương"]]
        );
    }

    #[test]
    fn a_group_naming_its_units_in_brackets_is_those_units() {
        assert_eq!(
            leads("UBND tỉnh yêu cầu các sở, ban, ngành liên quan (Công an tỉnh, Sở Tài chính) và UBND các huyện thực hiện tốt công tác phối hợp."),
            [["Công an tỉnh", "Sở Tài chính", "UBND các huyện"]]
        );
        // A bracket that names one unit says what the group is, not who it is.
        assert_eq!(
            leads("UBND tỉnh yêu cầu các cơ quan thường trực (Sở Y tế) thực hiện tốt công tác phối hợp."),
            [["các cơ quan thường trực"]]
        );
    }

    #[test]
    fn which_of_a_group_are_meant_runs_to_their_work() {
        assert_eq!(
            leads("Chủ tịch UBND tỉnh yêu cầu các đơn vị được cấp phép khai thác khoáng sản phải lắp đặt camera."),
            [["các đơn vị được cấp phép khai thác khoáng sản"]]
        );
        assert_eq!(
            leads("UBND tỉnh yêu cầu các huyện, thị xã, thành phố trên toàn tỉnh phải đẩy mạnh kiểm tra."),
            [["các huyện, thị xã, thành phố trên toàn tỉnh"]]
        );
        // "thi" in "thi công" is no "thị".
        assert_eq!(
            leads("Phó Chủ tịch UBND tỉnh yêu cầu đơn vị thi công đẩy nhanh tiến độ xây dựng."),
            [["đơn vị thi công"]]
        );
        // Work given is no restriction; nor is what a group is asked to do.
        assert_eq!(
            leads("UBND tỉnh yêu cầu các cơ sở y tế được chỉ đạo tập trung cấp cứu người bệnh."),
            [["các cơ sở y tế"]]
        );
        assert_eq!(
            leads("UBND tỉnh yêu cầu các địa phương vận động người dân thực hiện nghiêm."),
            [["các địa phương"]]
        );
        assert_eq!(
            leads("UBND tỉnh yêu cầu các sở, ngành được phân công theo dõi tiến độ."),
            [["các sở, ngành"]]
        );
    }

    #[test]
    fn a_provinces_city_directing_does_the_work() {
        assert_eq!(
            leads("Chủ tịch UBND tỉnh có ý kiến chỉ đạo như sau:\n1. UBND TP Bắc Giang chỉ đạo tổ chức thăm hỏi chu đáo gia đình người bị nạn."),
            [["UBND TP Bắc Giang"]]
        );
        assert_eq!(
            leads("UBND TP.HCM chỉ đạo UBND quận 5 chủ trì giám định nguyên nhân sự cố."),
            [["UBND quận 5"]]
        );
    }

    #[test]
    fn a_line_wrapped_inside_a_sentence_goes_on() {
        let drafts = extract(
            "UBND tỉnh yêu cầu UBND các huyện, thị xã, thành phố thành lập các\ntổ kiểm tra công tác phòng chống rét.\nSở Y tế chuẩn bị thuốc.",
            None,
        );
        assert_eq!(drafts.len(), 2);
        assert!(
            drafts[0].text.ends_with("phòng chống rét."),
            "{}",
            drafts[0].text
        );
    }

    #[test]
    fn items_numbered_with_a_dash_open_with_their_subject() {
        assert_eq!(
            leads("UBND tỉnh chỉ đạo:\n\n1- Các huyện tổ chức di dời dân khỏi những nơi nguy hiểm;\n\n2- Sở Y tế chuẩn bị thuốc men."),
            [["Các huyện"], ["Sở Y tế"]]
        );
    }

    #[test]
    fn a_place_handed_work_goes_on_with_a_list() {
        assert_eq!(
            leads("UBND tỉnh yêu cầu huyện Đức Trọng, Sở Tài nguyên và Môi trường, Công an tỉnh tập trung xử lý dứt điểm vụ việc."),
            [["huyện Đức Trọng", "Sở Tài nguyên và Môi trường", "Công an tỉnh"]]
        );
        // Units asked to ask others lead.
        assert_eq!(
            leads("Giao phường Phương Đông và Ban Quản lý Dự án công trình yêu cầu Công ty BOT Phả Lại lắp đặt cống hộp."),
            [["phường Phương Đông", "Ban Quản lý Dự án công trình"]]
        );
    }

    #[test]
    fn a_place_or_work_site_opening_a_sentence_is_its_setting() {
        assert_eq!(
            leads("UBND thành phố yêu cầu UBND quận Liên Chiểu hoàn tất chi trả đền bù.\nTại quận Sơn Trà, UBND quận Sơn Trà sớm hoàn tất thủ tục thi hành cưỡng chế."),
            [["UBND quận Liên Chiểu"], ["UBND quận Sơn Trà"]]
        );
    }

    #[test]
    fn a_leader_chairing_a_meeting_is_no_task() {
        assert!(extract(
            "Theo đó, Phó Chủ tịch UBND tỉnh Đinh Khắc Đính chủ trì hội nghị.",
            None
        )
        .is_empty());
        assert_eq!(
            leads("Theo đó, Sở Xây dựng chủ trì làm việc với Sở Tài chính thống nhất phương án."),
            [["Sở Xây dựng"]]
        );
    }

    #[test]
    fn what_a_unit_tells_is_no_task() {
        assert!(leads("UBND tỉnh giao Sở Xây dựng rà soát. Sở Xây dựng cho biết có 40 công trình do cơ quan này cấp phép xây dựng.").len() == 1);
        assert!(leads("UBND tỉnh giao Sở Xây dựng rà soát. Chủ tịch UBND tỉnh khẳng định, đây là cuộc thanh tra theo kế hoạch.").len() == 1);
        // Telling the public is work.
        assert_eq!(
            leads("UBND tỉnh giao Sở Xây dựng rà soát. UBND huyện Lâm Hà và Đức Trọng thông báo công khai số điện thoại của cơ quan quản lý."),
            [vec!["Sở Xây dựng"], vec!["UBND huyện Lâm Hà", "UBND huyện Đức Trọng"]]
        );
        assert_eq!(
            leads("UBND tỉnh giao Sở Xây dựng rà soát. Ban Chỉ huy PCTT cấp huyện thông báo đến chính quyền cơ sở, người dân biết để chủ động phòng tránh."),
            [vec!["Sở Xây dựng"], vec!["Ban Chỉ huy PCTT cấp huyện"]]
        );
    }

    #[test]
    fn work_handed_over_at_once_is_the_units_after() {
        assert_eq!(
            leads("UBND tỉnh Hòa Bình chỉ đạo ngay Công ty cổ phần đầu tư nước sạch sông Đà khắc phục sự cố."),
            [["Công ty cổ phần đầu tư nước sạch sông Đà"]]
        );
    }

    #[test]
    fn vouching_for_figures_sent_is_no_task() {
        assert_eq!(
            leads("Thủ tướng giao Bộ Tài chính xuất cấp hạt giống cho các tỉnh. Bộ Nông nghiệp và Phát triển nông thôn chịu trách nhiệm về số liệu báo cáo."),
            [["Bộ Tài chính"]]
        );
    }

    #[test]
    fn dac_biet_opens_a_clause_before_its_subject() {
        assert_eq!(
            leads("Chủ tịch UBND huyện yêu cầu các cơ quan chuyên môn khẩn trương hoàn thiện hồ sơ. Đặc biệt các xã tiếp tục phối hợp với các ngành chuyên môn đẩy nhanh tiến độ giải phóng mặt bằng."),
            [["các cơ quan chuyên môn"], ["các xã"]]
        );
    }

    #[test]
    fn a_request_naming_no_one_is_for_whom_the_document_is_sent_to() {
        assert_eq!(
            leads("UBND tỉnh ban hành Công văn số 12/UBND-KT gửi các sở, ban, ngành; UBND các huyện về việc phòng, chống bão. Chủ tịch UBND tỉnh yêu cầu thực hiện nghiêm các biện pháp phòng, chống bão."),
            [["các sở, ban, ngành", "UBND các huyện"]]
        );
        // Told of a document, it asks nothing here.
        assert!(
            leads("UBND tỉnh vừa có công văn yêu cầu tăng cường phối hợp quản lý khoáng sản.")
                .is_empty()
        );
        // Sent to no one named and no directive before: the lead is left for the secretary,
        // but a headline restating the text is none.
        let empty: [Vec<&str>; 1] = [vec![]];
        assert_eq!(
            leads("Lâm Đồng yêu cầu kiểm điểm trách nhiệm vụ Dự án golf\n\nChủ tịch UBND tỉnh yêu cầu tổ chức tốt công tác tiếp công dân."),
            empty
        );
        // A city's chair asking names no one either: the city's units are asked, not the city.
        assert_eq!(
            leads("UBND tỉnh kết luận như sau:\nChủ tịch UBND TP.Thái Nguyên yêu cầu cương quyết di dời người dân đến vị trí an toàn."),
            empty
        );
        // So is a point to heed, and work named as such.
        assert_eq!(
            leads("UBND tỉnh kết luận như sau:\nChủ tịch UBND tỉnh lưu ý tăng cường công tác đảm bảo an toàn giao thông trong dịp Tết."),
            empty
        );
        assert_eq!(
            leads("UBND tỉnh kết luận như sau:\nChủ tịch UBND tỉnh yêu cầu công tác đảm bảo an toàn giao thông phải được tăng cường."),
            empty
        );
    }

    #[test]
    fn a_committee_asked_for_work_leads_what_it_directs_next() {
        assert_eq!(
            leads("Văn phòng Chính phủ đề nghị Chủ tịch UBND tỉnh Phú Thọ kiểm tra, làm rõ nội dung phản ánh; đồng thời chỉ đạo Công an tỉnh xử lý nghiêm việc khai thác cát trái phép."),
            [["UBND tỉnh Phú Thọ"], ["UBND tỉnh Phú Thọ"]]
        );
    }

    #[test]
    fn a_recommendation_to_direct_is_the_recommended_units_work() {
        assert_eq!(
            leads("Thanh tra tỉnh Hà Tĩnh kiến nghị UBND tỉnh chỉ đạo UBND huyện Thạch Hà chấn chỉnh công tác quản lý tài chính."),
            [["UBND tỉnh"]]
        );
    }

    #[test]
    fn addressees_listed_across_semicolons_share_the_work() {
        assert_eq!(
            leads("Chủ tịch UBND Thành phố yêu cầu Thủ trưởng các Phòng, ban, đơn vị thuộc thành phố; Chủ tịch UBND 36 phường, xã có trách nhiệm quán triệt, khẩn trương tổ chức thực hiện."),
            [["các Phòng, ban, đơn vị thuộc thành phố", "UBND 36 phường, xã"]]
        );
        // A unit followed by "để" ends a list going on, it does not open a task of its own.
        assert_eq!(
            leads("Giao Sở Công Thương xây dựng Phương án; lấy ý kiến góp ý của các sở: Tài chính, Xây dựng; Cục Quản lý thị trường và các đơn vị liên quan để hoàn thiện, ban hành; khẩn trương báo cáo UBND tỉnh những vấn đề vượt thẩm quyền."),
            vec![vec!["Sở Công Thương"]; 4]
        );
        // Names of one kind after a colon, parted by ";" as they hold commas.
        assert_eq!(
            leads("Thủ tướng Chính phủ yêu cầu Bộ trưởng các bộ: Tài chính; Thông tin và Truyền thông; Nông nghiệp và Phát triển nông thôn phải trực tiếp chỉ đạo việc soạn thảo."),
            [["Bộ Tài chính", "Bộ Thông tin và Truyền thông", "Bộ Nông nghiệp và Phát triển nông thôn"]]
        );
        assert_eq!(
            leads("UBND tỉnh yêu cầu các sở: Văn hóa, Thể thao và Du lịch; Thông tin và Truyền thông; Hội Nhà báo tỉnh; UBND huyện Văn Yên tổ chức các hoạt động."),
            [["Sở Văn hóa, Thể thao và Du lịch", "Sở Thông tin và Truyền thông", "Hội Nhà báo tỉnh", "UBND huyện Văn Yên"]]
        );
        // A body named in lower case goes on with the list.
        assert_eq!(
            leads("UBND tỉnh đề nghị UBND các huyện, thành, thị; lực lượng Kiểm lâm, các đơn vị chủ rừng tập trung cao nhất."),
            [["UBND các huyện, thành, thị", "lực lượng Kiểm lâm", "các đơn vị chủ rừng"]]
        );
        // Partners listed across ";" too; and a place after committees has its own.
        let drafts = extract(
            "Phó Chủ tịch UBND tỉnh chỉ đạo UBND các huyện Đông Hòa, Tuy An; thị xã Sông Cầu chủ trì, phối hợp với Sở Nông nghiệp và Phát triển nông thôn; các đơn vị liên quan thường xuyên tổ chức tuyên truyền.",
            None,
        );
        assert_eq!(
            drafts
                .iter()
                .map(|d| (d.lead.clone(), d.co_owners.clone()))
                .collect::<Vec<_>>(),
            [(
                vec![
                    "UBND huyện Đông Hòa".to_string(),
                    "UBND huyện Tuy An".into(),
                    "UBND thị xã Sông Cầu".into()
                ],
                vec![
                    "Sở Nông nghiệp và Phát triển nông thôn".to_string(),
                    "các đơn vị liên quan".into()
                ]
            )]
        );
    }

    #[test]
    fn each_part_of_a_list_naming_its_agent_is_a_task() {
        assert_eq!(
            leads("Giao Sở Nội vụ làm chủ nhiệm đề án, phối hợp các sở, ngành chuyên môn xây dựng các đề án nhánh, bao gồm: Kinh tế đô thị do Sở KH-ĐT chủ trì, Hạ tầng đô thị do Sở QH-KT chủ trì, Con người đô thị do Viện Nghiên cứu phát triển TP.HCM chủ trì và Quản lý nhà nước do Sở Nội vụ chủ trì."),
            [
                vec!["Sở Nội vụ"],
                vec!["Sở KH-ĐT"],
                vec!["Sở QH-KT"],
                vec!["Viện Nghiên cứu phát triển TP.HCM"],
                vec!["Sở Nội vụ"]
            ]
        );
    }

    #[test]
    fn presenting_is_no_follow_up_of_the_directive_before() {
        let drafts = extract(
            "Chủ tịch UBND tỉnh yêu cầu Sở VH-TT&DL kiểm điểm, làm rõ trách nhiệm.\n\nĐồng thời, trình bày lộ trình hoàn thành chiến lược trong tháng 11/2025.",
            None,
        );
        assert_eq!(drafts.len(), 2);
        assert_eq!(drafts[0].deadline, None);
    }

    #[test]
    fn a_sentence_ends_where_its_space_was_left_out() {
        assert_eq!(
            leads("UBND tỉnh giao Sở Tài nguyên và Môi trường cung cấp các nội dung về giao đất, sử dụng hiệu quả.Giao Sở Kế hoạch và Đầu tư rà soát, báo cáo tình hình kêu gọi đầu tư. Công an TP.Hải Phòng chủ trì kiểm tra."),
            [
                vec!["Sở Tài nguyên và Môi trường"],
                vec!["Sở Kế hoạch và Đầu tư"],
                vec!["Công an TP.Hải Phòng"]
            ]
        );
        // Nor after a level abbreviated with a point and a space ("TP. Phan Thiết").
        assert_eq!(
            leads("Giao Sở Nông nghiệp & PTNT chủ trì, phối hợp các sở và TP. Phan Thiết khảo sát lại toàn bộ kè."),
            [["Sở Nông nghiệp & PTNT"]]
        );
        // Nor after an ellipsis.
        assert_eq!(
            leads("UBND tỉnh giao Sở Y tế chuẩn bị tốt phòng, chống dịch…Ban Chỉ đạo kỳ thi cần có phương án dự phòng."),
            [vec!["Sở Y tế"], vec!["Ban Chỉ đạo kỳ thi"]]
        );
    }

    #[test]
    fn a_clause_without_subject_directing_others_goes_on_with_the_directive_before() {
        assert_eq!(
            leads("Bộ GTVT yêu cầu Tổng cục Đường bộ kiểm tra toàn bộ tuyến cao tốc. Ban hành văn bản chỉ đạo các Sở GTVT, các bến xe tăng cường kiểm tra phương tiện."),
            [["Tổng cục Đường bộ"], ["Tổng cục Đường bộ"]]
        );
        assert_eq!(
            leads("Sở Thông tin và Truyền thông chủ trì, phối hợp Sở Y tế chỉ đạo các cơ quan báo, đài chủ động tuyên truyền."),
            [["Sở Thông tin và Truyền thông"]]
        );
    }

    #[test]
    fn the_subject_follows_the_topic_an_opener_names() {
        assert_eq!(
            leads("Phó Thủ tướng chỉ đạo hoàn chỉnh Nghị quyết.\n\nVề việc đề xuất ban hành Nghị quyết của Chính phủ để điều chỉnh lộ trình và một số nội dung quy định liên quan về học phí: Bộ Giáo dục và Đào tạo chủ trì, phối hợp với Bộ Tư pháp khẩn trương rà soát.\n\nĐối với các vấn đề thuộc thẩm quyền của Chính phủ, Bộ Tài chính chủ động phối hợp với các Bộ hoàn chỉnh dự thảo."),
            [["Bộ Giáo dục và Đào tạo"], ["Bộ Tài chính"]]
        );
    }

    #[test]
    fn the_reporters_own_words_are_no_tasks() {
        assert_eq!(
            leads("Chủ tịch UBND tỉnh vừa ký Công văn gửi các sở, ban, ngành cấp tỉnh; UBND các huyện, thành phố, thị xã về việc thực hiện Thông báo Kết luận.\n\nUBND tỉnh giao Sở Y tế chủ trì tổ chức tiêm chủng. Ban chỉ đạo sẽ họp hàng quý. UBND tỉnh nhận được Công văn số 6544/BKHĐT ngày 18/9/2018. Chúng tôi sẽ tiếp tục thông tin tới bạn đọc. Được biết, tổng kế hoạch vốn năm 2019 là 2.311,8 tỷ đồng. Đến nay, toàn tỉnh có hơn 4.500 hộ dân đã ký cam kết. (Có phụ lục kèm theo)\n\nBan chỉ đạo huyện làm việc với 04 xã. Các xã đã đề xuất kiến nghị huyện hỗ trợ kinh phí. Chủ tịch UBND tỉnh biểu dương nhân dân 3 huyện đã tập trung chỉ đạo cấy gọn lúa mùa. Báo Hà Giang trân trọng đăng toàn văn Công điện. UBND tỉnh yêu cầu các cơ quan, đơn vị, địa phương nghiêm túc triển khai thực hiện./."),
            [["Sở Y tế"]]
        );
        // Not even right after a directive, where a clause without its own subject goes on.
        assert_eq!(
            leads("Công điện yêu cầu UBND huyện Quang Bình tạm dừng các cuộc họp không cần thiết… Báo Hà Giang trân trọng đăng toàn văn Công điện."),
            [["UBND huyện Quang Bình"]]
        );
    }

    #[test]
    fn units_asked_in_the_passive_lead() {
        assert_eq!(
            leads("Các Cảng vụ hàng không khu vực được yêu cầu bố trí nhân lực tại các cảng hàng không quốc tế. Sở Y tế cũng được giao chủ trì kiểm tra."),
            [["Các Cảng vụ hàng không khu vực"], ["Sở Y tế"]]
        );
    }

    #[test]
    fn a_person_directing_hands_the_work_over() {
        assert_eq!(
            leads("Ông Trần Sơn Hải chỉ đạo: Văn phòng UBND tỉnh phối hợp với Văn phòng HĐND tỉnh rà soát các nội dung. Đối với các ý kiến góp ý của các Ban HĐND tỉnh, ông chỉ đạo các sở, ngành cần chuẩn bị kỹ báo cáo tiếp thu giải trình."),
            [["Văn phòng UBND tỉnh"], ["các sở, ngành"]]
        );
        // "Chánh" is a title.
        assert_eq!(
            leads("Chủ tịch UBND tỉnh giao Chánh Văn phòng UBND tỉnh chịu trách nhiệm theo dõi, đôn đốc thực hiện."),
            [["Văn phòng UBND tỉnh"]]
        );
        // "Được" as a name is no passive.
        assert_eq!(
            leads("Chủ tịch UBND TP.HCM Nguyễn Văn Được giao Giám đốc Sở Xây dựng TP.HCM trực tiếp chỉ đạo thi công công viên."),
            [["Sở Xây dựng TP.HCM"]]
        );
    }

    #[test]
    fn a_district_committee_directing_its_offices_leads() {
        assert_eq!(
            leads("UBND tỉnh giao Sở NN&PTNT - Cơ quan thường trực Ban Chỉ huy phòng chống thiên tai tỉnh tăng cường theo dõi. UBND huyện, thị xã, thành phố chỉ đạo các cơ quan chuyên môn hướng dẫn các biện pháp phòng dịch. Chủ tịch UBND tỉnh đề nghị thành phố Vị Thanh xúc tiến kêu gọi đầu tư."),
            [
                vec!["Sở NN&PTNT"],
                vec!["UBND huyện, thị xã, thành phố"],
                vec!["thành phố Vị Thanh"]
            ]
        );
    }

    #[test]
    fn the_unit_right_before_chi_dao_directs_after_a_phrase_of_circumstance() {
        assert_eq!(
            leads("Để thực hiện các hoạt động phòng, chống dịch bệnh trong cộng đồng, trong thời gian học sinh nghỉ học, Sở Giáo dục - Đào tạo chỉ đạo các cơ sở giáo dục phối hợp với ngành Y tế tổ chức vệ sinh trường học. (Theo Công văn số 1598/UBND-TH, ngày 3/4/2024)"),
            [["Sở Giáo dục - Đào tạo"]]
        );
        // Not the last of the partners.
        assert_eq!(
            leads("UBND tỉnh yêu cầu Công an tỉnh phối hợp với UBND huyện Mỹ Lộc, Công ty CP Tasco chỉ đạo các lực lượng chức năng bảo đảm an ninh."),
            [["Công an tỉnh"]]
        );
    }

    #[test]
    fn a_group_named_by_its_units_is_those_units() {
        assert_eq!(
            leads("UBND tỉnh yêu cầu. Các đơn vị liên quan: Công an tỉnh, Sở Giao thông vận tải, Hiệp hội Vận tải ô tô tỉnh tăng cường tuyên truyền."),
            [["Công an tỉnh", "Sở Giao thông vận tải", "Hiệp hội Vận tải ô tô tỉnh"]]
        );
    }

    #[test]
    fn what_follows_nhu_sau_is_directions() {
        assert_eq!(
            leads("UBND tỉnh thông báo như sau:\n1. Cho toàn bộ học sinh nghỉ học.\n2. Các huyện tổ chức di dời dân khỏi những nơi nguy hiểm. Bộ Y tế đề nghị các cơ sở y tế tăng cường việc giám sát."),
            [vec!["Các huyện"], vec!["các cơ sở y tế"]]
        );
    }

    #[test]
    fn a_unit_directing_others_than_units_does_the_work() {
        assert_eq!(
            leads("UBND tỉnh giao Sở Xây dựng kiểm tra. Sở Công thương, Sở NN-PTNT chỉ đạo các chủ đập hồ chứa kiểm tra hồ đập."),
            [vec!["Sở Xây dựng"], vec!["Sở Công thương", "Sở NN-PTNT"]]
        );
    }

    #[test]
    fn being_answerable_is_no_task_of_its_own() {
        assert_eq!(
            leads("Giao Sở Kế hoạch và Đầu tư thông báo vốn ứng trước; chịu trách nhiệm trước Thủ tướng về danh mục dự án. Chủ tịch UBND các quận, huyện phải chịu hoàn toàn trách nhiệm trước lãnh đạo thành phố. Các sở, ban, ngành, UBND các huyện, thành phố căn cứ nhiệm vụ, chức năng triển khai thực hiện nghiêm công tác quản lý lễ hội. Chi tiết xem tại đây."),
            [
                vec!["Sở Kế hoạch và Đầu tư"],
                vec!["Các sở, ban, ngành", "UBND các huyện, thành phố"]
            ]
        );
    }

    #[test]
    fn references_back_name_the_units_meant() {
        assert_eq!(
            leads("UBND TP yêu cầu Sở QH-KT kết hợp chủ đầu tư lập đồ án quy hoạch. Sở này phải cùng UBND quận Bình Thạnh công bố quy hoạch."),
            [["Sở QH-KT"], ["Sở QH-KT"]]
        );
        assert_eq!(
            leads("Sở Nông nghiệp và Môi trường được giao chỉ đạo Văn phòng Đăng ký đất đai trích đo địa chính. Cơ quan này cũng chủ trì làm việc với đơn vị quốc phòng."),
            [["Sở Nông nghiệp và Môi trường"], ["Sở Nông nghiệp và Môi trường"]]
        );
        assert_eq!(
            leads("UBND tỉnh vừa yêu cầu UBND các huyện, thị xã, thành phố củng cố ban chỉ huy.\n\nUBND tỉnh yêu cầu lãnh đạo các địa phương thành lập đoàn công tác kiểm tra hồ chứa."),
            [["UBND các huyện, thị xã, thành phố"], ["các địa phương"]]
        );
        assert_eq!(
            leads("Thủ trưởng các cơ quan, đơn vị thuộc Bộ có trách nhiệm lập kế hoạch. Hằng tuần, các đơn vị gửi báo cáo về Vụ Kế hoạch."),
            [["các cơ quan, đơn vị thuộc Bộ"], ["các cơ quan, đơn vị thuộc Bộ"]]
        );
        let drafts = extract("Tại thông báo, lãnh đạo TP chỉ đạo: Sau khi nhiệm vụ quy hoạch phân khu được duyệt, Sở QH-KT kết hợp chủ đầu tư thực hiện tiếp đồ án. Sở này phải cùng UBND quận Bình Thạnh công bố quy hoạch.", None);
        assert_eq!(
            drafts
                .iter()
                .map(|d| (&d.lead, &d.co_owners))
                .collect::<Vec<_>>(),
            [
                (
                    &vec!["Sở QH-KT".to_string()],
                    &vec!["chủ đầu tư".to_string()]
                ),
                (
                    &vec!["Sở QH-KT".to_string()],
                    &vec!["UBND quận Bình Thạnh".to_string()]
                )
            ]
        );
        // Named before by nothing it can mean, a group stays as written.
        assert_eq!(
            leads("UBND tỉnh đề nghị các đơn vị tiếp tục quán triệt, tuyên truyền."),
            [["các đơn vị"]]
        );
        // A district's committee named by its level alone is the one named last.
        assert_eq!(
            leads("UBND TP giao UBND huyện Thuỷ Nguyên kiểm tra công trình. Giao UBND huyện yêu cầu chủ đầu tư tự phá dỡ công trình."),
            [["UBND huyện Thuỷ Nguyên"], ["UBND huyện Thuỷ Nguyên"]]
        );
        assert_eq!(
            leads("UBND tỉnh giao UBND huyện kiểm điểm các tập thể."),
            [["UBND huyện"]]
        );
    }

    #[test]
    fn work_may_be_handed_over_as_such_and_quoted() {
        assert_eq!(
            leads("UBND Thành phố giao nhiệm vụ cho Phòng Quản lý Đô thị chủ trì tham mưu quy hoạch phân khu."),
            [["Phòng Quản lý Đô thị"]]
        );
        // A line ending in ";" goes on with the same sentence, and so with its subject.
        assert_eq!(
            leads("Theo đó, TP giao Sở Công Thương tham mưu danh mục sản phẩm chủ lực;\n\ntriển khai các giải pháp nâng cao chỉ số phát triển công nghiệp.\n“Các sở, ngành, đơn vị thực hiện tốt các nhiệm vụ quốc phòng - an ninh; tăng cường kéo giảm tai nạn giao thông” - TP yêu cầu."),
            [
                vec!["Sở Công Thương"],
                vec!["Sở Công Thương"],
                vec!["Các sở, ngành, đơn vị"],
                vec!["Các sở, ngành, đơn vị"]
            ]
        );
    }

    #[test]
    fn a_new_line_going_on_keeps_the_directive_before() {
        let drafts = extract(
            "Giao Sở Y tế chủ trì, phối hợp với Sở Công Thương kiểm tra vệ sinh thực phẩm.\n\nNgười dân mua sắm Tết. Ảnh: Văn Nỷ\n\nTiếp tục kiểm tra các bếp ăn tập thể.\n\nCác sở, ngành liên quan xây dựng các phương án bảo đảm an ninh trật tự.\n\nĐồng thời đảm bảo lễ hội được tổ chức trang trọng.\n\nThời gian thực hiện từ tháng 5 đến tháng 12/2017.",
            None,
        );
        let owners: Vec<(&[String], &[String])> = drafts
            .iter()
            .map(|d| (d.lead.as_slice(), d.co_owners.as_slice()))
            .collect();
        let health = ["Sở Y tế".to_string()];
        let trade = ["Sở Công Thương".to_string()];
        let others = ["Các sở, ngành liên quan".to_string()];
        // A photo's caption between does not stop "Tiếp tục …" going on with its lead; the
        // co-owners are named where "phối hợp" is written.
        assert_eq!(
            owners,
            [
                (&health[..], &trade[..]),
                (&health[..], &[][..]),
                (&others[..], &[][..]),
                (&others[..], &[][..])
            ]
        );
        // Nor one credited in capitals.
        assert_eq!(
            leads("UBND tỉnh kết luận như sau:\n\nGiao Sở Y tế kiểm tra vệ sinh thực phẩm.\n\nCác phường ven sông Cầu bị ngập lụt trong sáng 9.9 ẢNH: PHẠM HIỆP\n\nKhẩn trương kiểm tra các bếp ăn tập thể."),
            [["Sở Y tế"], ["Sở Y tế"]]
        );
        // Nor does it set the step after it, written in the imperative, apart.
        assert_eq!(
            leads("UBND tỉnh kết luận như sau:\n\nGiao Sở Y tế kiểm tra vệ sinh thực phẩm.\n\nNgười dân mua sắm Tết. Ảnh: Văn Nỷ\n\nKhẩn trương kiểm tra các bếp ăn tập thể."),
            [["Sở Y tế"], ["Sở Y tế"]]
        );
        // So does one written in brackets after its sentence.
        assert_eq!(
            leads("Tỉnh Lào Cai yêu cầu thị xã Sa Pa tăng cường kiểm tra các chủ đầu tư.\n\nLũ ống gây hư hại nhà dân tại thị xã Sa Pa. (Ảnh: Cổng thông tin và điện tử Lào Cai).\n\nĐồng thời phối hợp với các sở, ngành chỉ đạo các chủ đập, hồ chứa thuỷ điện kiểm tra."),
            [["thị xã Sa Pa"], ["thị xã Sa Pa"]]
        );
    }

    #[test]
    fn work_given_is_read_past_brackets_and_as_reported() {
        assert_eq!(
            leads("UBND TP.Hà Nội đã giao cho Sở Tài nguyên - Môi trường (TN-MT) chủ trì hoàn thiện thủ tục pháp lý."),
            [["Sở Tài nguyên - Môi trường"]]
        );
        assert_eq!(
            leads("Trong khi chờ hướng dẫn của Bộ Xây dựng, Sở Xây dựng được giao nghiên cứu, đề xuất giải pháp tháo gỡ khó khăn."),
            [["Sở Xây dựng"]]
        );
        // A unit's duty gives directions: the units after it need no "giao".
        assert_eq!(
            leads("Công an huyện chủ trì, phối hợp với UBND xã Nghi Hợp đảm bảo an ninh trật tự. Trung tâm VHTT - TT huyện xây dựng kế hoạch tổ chức các hoạt động văn hóa."),
            [["Công an huyện"], ["Trung tâm VHTT - TT huyện"]]
        );
        // "Qua đó đề xuất … trước ngày …" is the last step of the directive before.
        let drafts = extract(
            "Giao Sở Kế hoạch và Đầu tư rà soát quy trình lập quy hoạch; qua đó đề xuất cụ thể trình UBND thành phố trước ngày 15-11-2018.",
            None,
        );
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].deadline, NaiveDate::from_ymd_opt(2018, 11, 15));
    }

    #[test]
    fn addressees_may_be_bodies_or_explained_in_brackets() {
        assert_eq!(
            leads("Các quận, huyện có lễ hội yêu cầu chính quyền địa phương phối hợp với lực lượng CSGT tăng cường kiểm tra."),
            [["chính quyền địa phương"]]
        );
        assert_eq!(
            leads("Sở Y tế (cơ quan thường trực Ban chỉ đạo); các sở, ban, ngành, UBND các huyện: khẩn trương cung cấp thông tin."),
            [["Sở Y tế", "các sở, ban, ngành", "UBND các huyện"]]
        );
        // "người đứng đầu" is a title.
        assert_eq!(
            leads("UBND tỉnh yêu cầu người đứng đầu các cơ quan, đơn vị rà soát công tác này."),
            [["các cơ quan, đơn vị"]]
        );
        // The heads of every office of a kind, named by their title and the head alone.
        assert_eq!(
            leads("Chủ tịch UBND tỉnh yêu cầu Giám đốc Sở, thủ trưởng các cơ quan thuộc UBND tỉnh, Chủ tịch UBND huyện tăng cường quán triệt các Chỉ thị."),
            [["Sở", "các cơ quan thuộc UBND tỉnh", "UBND huyện"]]
        );
        assert_eq!(
            leads("Chủ tịch tỉnh yêu cầu Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh, Giám đốc Sở Y tế kiểm soát chặt chẽ tàu thuyền."),
            [["Bộ Chỉ huy Quân sự tỉnh", "Sở Y tế"]]
        );
        // ", đồng thời" starts the next task of the same units.
        let drafts = extract(
            "Giao Sở Y tế sẵn sàng lực lượng cứu hộ khi có tình huống, đồng thời tổ chức trực ban nghiêm túc.",
            None,
        );
        assert_eq!(drafts.len(), 2);
        assert_eq!(drafts[1].lead, ["Sở Y tế"]);
    }

    #[test]
    fn a_unit_that_directs_another_leads_unless_it_gives_the_texts_directions() {
        assert_eq!(
            leads("UBND huyện Bến Cầu chỉ đạo Trung tâm Phát triển Quỹ đất huyện khẩn trương bồi thường, hỗ trợ."),
            [["UBND huyện Bến Cầu"]]
        );
        assert_eq!(
            leads("Chủ tịch UBND tỉnh chỉ đạo Sở Y tế khẩn trương mua sắm vật tư."),
            [["Sở Y tế"]]
        );
        assert_eq!(
            leads("UBND tỉnh yêu cầu đến 30/5/2016 Sở Nội vụ phải có báo cáo cho UBND tỉnh."),
            [["Sở Nội vụ"]]
        );
        assert_eq!(
            leads("Sở NN-PTNT tập trung chỉ đạo lực lượng kiểm lâm tăng cường bảo vệ rừng."),
            [["Sở NN-PTNT"]]
        );
        // A chair directing "các … chức năng": they lead, and he directs the next too.
        assert_eq!(
            leads("Chủ tịch UBND tỉnh Phú Thọ chỉ đạo các sở, ngành chức năng kiểm tra làm rõ nội dung phản ánh; đồng thời chỉ đạo Công an tỉnh phối hợp với các sở, ngành liên quan chấn chỉnh việc khai thác cát."),
            [["các sở, ngành chức năng"], ["Công an tỉnh"]]
        );
        assert_eq!(
            leads("Công an tỉnh chỉ đạo các đơn vị chức năng tăng cường tuần tra."),
            [["Công an tỉnh"]]
        );
        // The one who must direct, or is to direct more, leads.
        assert_eq!(
            leads("Theo đó, UBND các huyện, xã trong vùng xả lũ tăng cường chỉ đạo các lực lượng trên địa bàn sơ tán người."),
            [["UBND các huyện, xã trong vùng xả lũ"]]
        );
        assert_eq!(
            leads("Bộ Nông nghiệp và Phát triển nông thôn phải phối hợp với Bộ Y tế chỉ đạo các địa phương thu gom hải sản chết."),
            [["Bộ Nông nghiệp và Phát triển nông thôn"]]
        );
        assert_eq!(
            leads("Sở Thông tin và Truyền thông chủ động phối hợp với Sở Y tế, hướng dẫn, chỉ đạo Đài Truyền thanh cấp huyện tuyên truyền."),
            [["Sở Thông tin và Truyền thông"]]
        );
        assert_eq!(
            leads("Chủ tịch UBND tỉnh yêu cầu chậm nhất đến ngày 7/8, Sở Nội vụ phải hoàn thành rà soát đội ngũ cán bộ."),
            [["Sở Nội vụ"]]
        );
        assert_eq!(
            leads("Lãnh đạo UBND huyện chỉ đạo các ngành chuyên môn vận động người dân thực hiện giản vụ."),
            [["các ngành chuyên môn"]]
        );
        assert_eq!(
            leads("UBND các huyện, thành phố thành lập các đoàn kiểm tra và chỉ đạo các địa phương tăng cường tuyên truyền."),
            [["UBND các huyện, thành phố"]]
        );
        // Handed work, a district committee that directs its board leads.
        assert_eq!(
            leads("Giao UBND các huyện, thành phố chỉ đạo Ban Quản lý dự án và Phát triển quỹ đất tổ chức rà soát quỹ đất."),
            [["UBND các huyện, thành phố"]]
        );
        // Asked to direct, even a province's committee leads: whoever asks it speaks.
        assert_eq!(
            leads("Phó Thủ tướng cũng yêu cầu Chủ tịch UBND tỉnh Thanh Hóa chỉ đạo UBND huyện Thạch Thành xử lý dứt điểm vụ việc."),
            [["UBND tỉnh Thanh Hóa"]]
        );
        // Under a unit's own list of tasks, "chỉ đạo …" is that unit's work.
        assert_eq!(
            leads("Theo đó, trong thời gian từ đầu tháng 1/2013 tới ngày 15/3/2013, Công an tỉnh bố trí lực lượng kiểm tra giao thông; chỉ đạo Công an các huyện, thành phố tăng cường xử lý vi phạm."),
            [["Công an tỉnh"], ["Công an tỉnh"]]
        );
        let drafts = extract(
            "Theo đó, trong thời gian từ đầu tháng 1/2013 tới ngày 15/3/2013, Công an tỉnh bố trí lực lượng kiểm tra giao thông.",
            None,
        );
        assert_eq!(drafts[0].deadline, NaiveDate::from_ymd_opt(2013, 3, 15));
    }

    #[test]
    fn work_handed_over_with_words_between_and_tasks_joined_by_trong_khi() {
        assert_eq!(
            leads("UBND tỉnh giao trách nhiệm cụ thể cho Sở Y tế là cơ quan thường trực chủ trì tổng hợp và báo cáo kết quả."),
            [["Sở Y tế"]]
        );
        assert_eq!(
            leads("Công an tỉnh có trách nhiệm đảm bảo an toàn thông tin cho các hệ thống, trong khi Sở KH-CN chủ trì thúc đẩy hợp tác nghiên cứu. Để triển khai Nghị định này, Sở Tài chính chủ trì bố trí kinh phí."),
            [["Công an tỉnh"], ["Sở KH-CN"], ["Sở Tài chính"]]
        );
        // Who says it, not who does it.
        assert!(leads("Để tăng cường kiểm soát ô nhiễm, UBND TP.Hà Nội cũng nêu sẽ quy trách nhiệm cho người đứng đầu.").is_empty());
    }

    #[test]
    fn the_unit_after_do_leads_and_a_limit_may_come_first() {
        assert_eq!(
            leads("Lễ hội được tổ chức theo quy mô cấp tỉnh do UBND tỉnh chủ trì tổ chức. Giao Sở Nội vụ làm chủ nhiệm đề án. Đề án nhánh kinh tế đô thị do Sở KH-ĐT chủ trì."),
            [["Sở Nội vụ"], ["Sở KH-ĐT"]]
        );
        let drafts = extract(
            "Giao Sở Giáo dục và Đào tạo tổ chức kỳ thi. Chậm nhất ngày 20/7/2016, các Hội đồng thi xuất kết quả thi từ phần mềm.",
            None,
        );
        assert_eq!(drafts.len(), 2);
        assert_eq!(drafts[1].lead, ["các Hội đồng thi"]);
        assert_eq!(drafts[1].deadline, NaiveDate::from_ymd_opt(2016, 7, 20));
    }

    #[test]
    fn a_subject_may_follow_a_colon_or_an_emphasis() {
        assert_eq!(
            leads("Trong đó, tập trung các nhiệm vụ sau: Sở GTVT chủ trì, phối hợp với Công an TP xây dựng phương án vận tải."),
            [["Sở GTVT"]]
        );
        assert_eq!(
            leads("Do đó, Chủ tịch UBND tỉnh nhấn mạnh Cục Thuế tỉnh phải đôn đốc các địa phương thực hiện tốt các khoản thu."),
            [["Cục Thuế tỉnh"]]
        );
    }

    #[test]
    fn a_unit_directing_its_own_units_leads() {
        assert_eq!(
            leads("Công an TP.Hải Phòng chỉ đạo các đơn vị chức năng phối hợp với Thanh tra Sở GTVT xử lý nghiêm các trường hợp đỗ xe trái phép."),
            [["Công an TP.Hải Phòng"]]
        );
        // Named departments are handed the work: they lead.
        assert_eq!(
            leads("UBND tỉnh chỉ đạo Sở Y tế, Sở Tài chính khẩn trương mua sắm vật tư."),
            [["Sở Y tế", "Sở Tài chính"]]
        );
        // Work of its own on the way to directing ("hướng dẫn, chỉ đạo").
        assert_eq!(
            leads("Sở Nông nghiệp và PTNT hướng dẫn, chỉ đạo Công ty TNHH MTV Khai thác công trình thuỷ lợi và UBND các huyện vận hành hồ chứa."),
            [["Sở Nông nghiệp và PTNT"]]
        );
        // An ellipsis ends a sentence before the next one's "Yêu cầu".
        assert_eq!(
            leads("Giao Sở GTVT bố trí lực lượng trên các tuyến QL1, QL5… Yêu cầu UBND các quận, huyện, thị xã tăng cường kiểm tra."),
            [["Sở GTVT"], ["UBND các quận, huyện, thị xã"]]
        );
    }

    /// A text may end anywhere (a paste cut short, a field's limit): reading it never panics,
    /// here cut right after each capital, where a unit's head may start.
    #[test]
    fn a_text_cut_short_anywhere_is_read_without_panic() {
        let seed = include_str!("../../tests/extract/thai-binh-2022-08-26.txt");
        let cuts: Vec<usize> = seed
            .char_indices()
            .filter(|(_, c)| c.is_uppercase())
            .map(|(at, c)| at + c.len_utf8())
            .collect();
        for cut in &cuts {
            super::extract(&seed[..*cut], NaiveDate::from_ymd_opt(2022, 8, 26));
        }
        assert!(cuts.len() > 100, "the seed is cut in many places");
    }

    #[test]
    fn the_seed_gives_its_eight_directives() {
        let seed = include_str!("../../tests/extract/thai-binh-2022-08-26.txt");
        let drafts = super::extract(seed, NaiveDate::from_ymd_opt(2022, 8, 26));
        let summary: Vec<(Vec<String>, Vec<String>, Option<String>)> = drafts
            .iter()
            .map(|d| {
                (
                    d.lead.clone(),
                    d.co_owners.clone(),
                    d.deadline_phrase.clone(),
                )
            })
            .collect();
        let board = "các đồng chí thành viên Ban Chỉ đạo phát triển KTTT tỉnh".to_string();
        let districts = "Các huyện, thành phố".to_string();
        assert_eq!(
            summary,
            vec![
                (vec![board.clone()], vec![], None),
                (vec![board], vec![], None),
                (vec![districts.clone()], vec![], Some("khẩn trương".into())),
                (vec![districts], vec![], None),
                (vec!["Liên minh HTX tỉnh".into()], vec![], None),
                (vec!["Liên minh Hợp tác xã tỉnh".into()], vec![], None),
                (vec!["Liên minh Hợp tác xã tỉnh".into()], vec![], None),
                (
                    vec!["Sở Khoa học và công nghệ".into()],
                    vec![
                        "Sở Công thương".into(),
                        "Sở Nông nghiệp và Phát triển nông thôn".into(),
                        "Liên minh Hợp tác xã tỉnh".into()
                    ],
                    None
                ),
            ]
        );
        let chars: Vec<char> = seed.chars().collect();
        for draft in &drafts {
            assert_eq!(
                chars[draft.start..draft.end].iter().collect::<String>(),
                draft.text
            );
            assert_eq!(draft.deadline, None, "no day is given: {}", draft.text);
        }
    }
}
