//! Which department a unit named in a meeting's text is: by its name, its code or one of its
//! other names, compared folded and with the standard abbreviations written out ("Sở NN&PTNT"
//! is "Sở Nông nghiệp và Phát triển nông thôn"); and which departments a group addressee means
//! ("UBND các huyện, thành phố": those in the groups "huyện" and "thành phố").

use super::search::fold;

/// Abbreviations the texts use, folded and without their separators ("NN&PTNT", "NN-PTNT" and
/// "NN & PTNT" are all "nnptnt"), and what they stand for.
const ABBREVIATIONS: [(&str, &str); 36] = [
    ("ubnd", "uy ban nhan dan"),
    // "Ban Quản lý KCNC", "BQL các KCN", "Ban Quản lý KKT Dung Quất".
    ("kcnc", "khu cong nghe cao"),
    ("kcn", "khu cong nghiep"),
    ("kkt", "khu kinh te"),
    ("bqlda", "ban quan ly du an"),
    ("bql", "ban quan ly"),
    ("qltt", "quan ly thi truong"),
    ("csgt", "canh sat giao thong"),
    ("hdnd", "hoi dong nhan dan"),
    ("htx", "hop tac xa"),
    ("kttt", "kinh te tap the"),
    ("nnptnt", "nong nghiep phat trien nong thon"),
    ("ptnt", "phat trien nong thon"),
    ("tnmt", "tai nguyen moi truong"),
    ("khdt", "ke hoach dau tu"),
    ("vhttdl", "van hoa the thao du lich"),
    ("ldtbxh", "lao dong thuong binh xa hoi"),
    ("gddt", "giao duc dao tao"),
    ("tttt", "thong tin truyen thong"),
    ("khcn", "khoa hoc cong nghe"),
    ("gtvt", "giao thong van tai"),
    ("chqs", "chi huy quan su"),
    ("bchqs", "ban chi huy quan su"),
    ("pctt", "phong chong thien tai"),
    ("tkcn", "tim kiem cuu nan"),
    ("pccc", "phong chay chua chay"),
    ("bhxh", "bao hiem xa hoi"),
    ("qlda", "quan ly du an"),
    ("atgt", "an toan giao thong"),
    ("mttq", "mat tran to quoc"),
    ("ubmttq", "uy ban mat tran to quoc"),
    ("tp", "thanh pho"),
    ("tx", "thi xa"),
    // "UBND Q.Ba Đình", "H.Tuy Phong", "UBND P.5": a level by its initial.
    ("q", "quan"),
    ("h", "huyen"),
    ("p", "phuong"),
];

/// The longest abbreviation written in parts ("VH, TT & DL").
const ABBREVIATION_PARTS: usize = 3;

/// Words with their abbreviations written out: the longest run of short words (the parts of
/// "NN & PTNT", "VH,TT&DL") that makes a known abbreviation is read as one.
fn written_out(words: &[&str]) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    let mut at = 0;
    while at < words.len() {
        let known = (1..=ABBREVIATION_PARTS.min(words.len() - at))
            .rev()
            .filter(|parts| *parts == 1 || words[at..at + parts].iter().all(|w| w.len() <= 4))
            .find_map(|parts| {
                let joined = words[at..at + parts].concat();
                ABBREVIATIONS
                    .iter()
                    .find(|(short, _)| *short == joined)
                    .map(|(_, long)| (parts, *long))
            });
        let (parts, word) = known.unwrap_or((1, words[at]));
        out.extend(word.split(' ').map(str::to_string));
        at += parts;
    }
    out
}

/// Titles that may stand before a unit and name it ("giám đốc các sở", "Bộ trưởng, Chủ nhiệm
/// Văn phòng Chính phủ", "Thường trực Ban An toàn giao thông"), folded; a longer title before
/// the shorter one it contains.
pub const TITLES: [&str; 20] = [
    "thuong truc",
    // "người đứng đầu các cơ quan, đơn vị".
    "nguoi dung dau",
    // "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh".
    "chi huy truong",
    "pho chu tich",
    "chu tich",
    "pho giam doc",
    "tong giam doc",
    "giam doc",
    "thu truong",
    "lanh dao",
    "bo truong",
    "chu nhiem",
    "tong cuc truong",
    "chi cuc truong",
    "cuc truong",
    "hat truong",
    "vu truong",
    // "Hiệu trưởng trường Đại học Vinh".
    "hieu truong",
    "truong",
    // "Chánh Văn phòng UBND tỉnh", "Chánh Thanh tra tỉnh".
    "chanh",
];

/// Words a copy from PDF glued together ("Kế hoạch vàĐầu tư") set apart again, where a small
/// letter meets a capital.
fn unglued(name: &str) -> String {
    let mut spaced = String::with_capacity(name.len() + 4);
    let mut before: Option<char> = None;
    for c in name.chars() {
        if before.is_some_and(char::is_lowercase) && c.is_uppercase() {
            spaced.push(' ');
        }
        spaced.push(c);
        before = Some(c);
    }
    spaced
}

/// A unit's name as compared: folded, abbreviations written out however they are punctuated,
/// punctuation, spacing and "và" ignored, a leading title dropped.
pub fn normalise(name: &str) -> String {
    let folded = fold(&unglued(name));
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // "và" is left out: "Sở Kế hoạch - Đầu tư" is "Sở Kế hoạch và Đầu tư".
    let words = written_out(&words)
        .into_iter()
        .filter(|w| w != "va")
        .collect::<Vec<_>>()
        .join(" ");
    let mut name = words.as_str();
    while let Some(rest) = TITLES.iter().find_map(|title| {
        name.strip_prefix(title)
            .and_then(|rest| rest.strip_prefix(' '))
    }) {
        name = rest;
    }
    name.to_string()
}

/// A department as the matching sees it.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub id: i32,
    pub code: String,
    pub name: String,
    /// Other names, as written by the administrator.
    pub aliases: Vec<String>,
    /// Groups ("huyện", "thành phố", "sở").
    pub groups: Vec<String>,
}

/// The kinds of body a group phrase names (folded), as they may appear in department groups.
const GROUP_WORDS: [&str; 12] = [
    "huyen",
    "thanh pho",
    "thi xa",
    "quan",
    "xa",
    "phuong",
    "thi tran",
    "so",
    "ban",
    "nganh",
    "bo",
    "dia phuong",
];

/// The departments a unit named in a text is: one for a unit ("Sở Tài chính"), those of its
/// groups for a group phrase, none when nothing matches.
pub fn match_unit(name: &str, group: bool, candidates: &[Candidate]) -> Vec<i32> {
    if group {
        let phrase = format!(" {} ", normalise(name));
        let wanted: Vec<&str> = GROUP_WORDS
            .iter()
            .copied()
            .filter(|word| phrase.contains(&format!(" {word} ")))
            .collect();
        return candidates
            .iter()
            .filter(|c| {
                c.groups
                    .iter()
                    .any(|g| wanted.contains(&normalise(g).as_str()))
            })
            .map(|c| c.id)
            .collect();
    }
    let wanted = normalise(name);
    // Exactly; else without the level and place a name may add or leave out ("Sở Tài chính
    // tỉnh Thái Bình" for "Sở Tài chính").
    let bare = |n: &str| {
        n.find(" tinh")
            .map_or(n.to_string(), |at| n[..at].to_string())
    };
    let names = |c: &Candidate| {
        std::iter::once(normalise(&c.name))
            .chain(c.aliases.iter().map(|a| normalise(a)))
            .collect::<Vec<_>>()
    };
    candidates
        .iter()
        .find(|c| fold(&c.code) == wanted || names(c).contains(&wanted))
        .or_else(|| {
            candidates
                .iter()
                .find(|c| names(c).iter().any(|n| bare(n) == bare(&wanted)))
        })
        .map(|c| vec![c.id])
        .unwrap_or_default()
}

/// The longest title a draft proposes; the whole text goes to the description when longer.
const TITLE_CHARACTERS: usize = 300;

/// The task's title a draft proposes from the words that state it: spacing collapsed, a
/// capital first, no final full stop, cut at a word within 300 characters ("…").
pub fn suggested_title(words: &str) -> String {
    let collapsed = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let trimmed = collapsed.trim_end_matches(['.', ';', ',', ':']);
    let mut chars = trimmed.chars();
    let capital: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if capital.chars().count() <= TITLE_CHARACTERS {
        return capital;
    }
    let cut: String = capital.chars().take(TITLE_CHARACTERS).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |space| &cut[..space]);
    format!("{at_word}…")
}

/// Other names or groups as the administrator types them: one per line (or separated by ";"),
/// trimmed, empty ones left out.
pub fn lines_of(text: &str) -> Vec<String> {
    text.split(['\n', ';'])
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(id: i32, code: &str, name: &str, aliases: &[&str], groups: &[&str]) -> Candidate {
        Candidate {
            id,
            code: code.into(),
            name: name.into(),
            aliases: aliases.iter().map(|a| (*a).to_string()).collect(),
            groups: groups.iter().map(|g| (*g).to_string()).collect(),
        }
    }

    #[test]
    fn units_match_by_name_code_alias_and_abbreviation() {
        let departments = [
            candidate(
                1,
                "SNNPTNT",
                "Sở Nông nghiệp và Phát triển nông thôn",
                &[],
                &["sở"],
            ),
            candidate(2, "LMHTX", "Liên minh Hợp tác xã tỉnh", &[], &[]),
            candidate(
                3,
                "SCT",
                "Sở Công Thương",
                &["Sở Công thương tỉnh Thái Bình"],
                &["sở"],
            ),
            candidate(4, "UBND-DH", "UBND huyện Đông Hưng", &[], &["huyện"]),
            candidate(
                5,
                "UBND-TP",
                "UBND thành phố Thái Bình",
                &[],
                &["thành phố"],
            ),
            candidate(6, "SKHCN", "Sở Khoa học và Công nghệ", &[], &["sở"]),
        ];
        let cases: [(&str, bool, Vec<i32>); 9] = [
            ("Sở NN&PTNT", false, vec![1]),
            ("Liên minh HTX tỉnh", false, vec![2]),
            ("Sở Công thương", false, vec![3]),
            ("Sở Công thương tỉnh Thái Bình", false, vec![3]),
            ("SKHCN", false, vec![6]),
            ("Sở Khoa học và công nghệ tỉnh", false, vec![6]),
            ("Sở Tư pháp", false, vec![]),
            ("Các huyện, thành phố", true, vec![4, 5]),
            ("các sở, ban, ngành", true, vec![1, 3, 6]),
        ];
        for (name, group, wanted) in cases {
            assert_eq!(match_unit(name, group, &departments), wanted, "{name}");
        }
        assert_eq!(normalise("giám đốc các sở"), normalise("các sở"));
        assert_eq!(
            normalise("Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ"),
            normalise("Văn phòng Chính phủ")
        );
        for (written, full) in [
            ("Sở NN-PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
            ("Sở NN & PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
            (
                "Sở Nông nghiệp - PTNT",
                "Sở Nông nghiệp và Phát triển nông thôn",
            ),
            ("Sở VH,TT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
            ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
            ("Sở Kế hoạch - Đầu tư", "Sở KH&ĐT"),
            ("Sở TN-MT", "Sở Tài nguyên và Môi trường"),
            (
                "Ban Chỉ huy PCTT và TKCN tỉnh",
                "Ban Chỉ huy phòng chống thiên tai và tìm kiếm cứu nạn tỉnh",
            ),
            ("UBND TX Sơn Tây", "Ủy ban nhân dân thị xã Sơn Tây"),
            ("UBND Q.Ba Đình", "UBND quận Ba Đình"),
            ("UBND H. Tuy Phong", "UBND huyện Tuy Phong"),
            ("Ban Quản lý KCNC", "Ban Quản lý Khu Công nghệ cao"),
            ("BQL các KCN tỉnh", "Ban Quản lý các khu công nghiệp tỉnh"),
            ("Chi cục QLTT", "Chi cục Quản lý thị trường"),
        ] {
            assert_eq!(normalise(written), normalise(full), "{written}");
        }
        assert_ne!(normalise("UBND, HĐND tỉnh"), normalise("UBND tỉnh"));
        assert_eq!(
            normalise("Bộ Kế hoạch vàĐầu tư"),
            normalise("Bộ KH&ĐT"),
            "words a copy from PDF glued"
        );
        assert_eq!(
            suggested_title("khẩn trương  kiện toàn Ban Chỉ đạo;"),
            "Khẩn trương kiện toàn Ban Chỉ đạo"
        );
        let long = suggested_title(&"rà soát ".repeat(100));
        assert!(long.ends_with('…') && long.chars().count() <= 301, "{long}");
        assert_eq!(
            lines_of(" Sở NN&PTNT \n\n Sở Nông nghiệp; "),
            vec!["Sở NN&PTNT", "Sở Nông nghiệp"]
        );
    }
}
