//! Deadlines in a directive's words: a day ("trước ngày 30/9/2022", "trước 15/10", "chậm nhất
//! ngày 5/11"), a period that ends on its last day ("trong tháng 10/2022", "trong quý III/2022",
//! "trong năm 2023"), a count of days from the meeting ("trong 15 ngày"), or urgency without a
//! day ("khẩn trương", "ngay", "thường xuyên"). A date counts only after such words, so that the
//! dates of cited documents ("Nghị định số 45/2021/NĐ-CP ngày 31/3/2021") and of the meeting
//! itself are never taken for deadlines.

use chrono::{Datelike, Days, Months, NaiveDate};

use super::folded::Folded;

/// A deadline found: the day (when one can be named) and the words as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub day: Option<NaiveDate>,
    pub phrase: String,
    /// Where the words are, in the folded text.
    pub start: usize,
    pub end: usize,
}

/// Words that put a date as a limit (folded, longest first).
const BEFORE: [&str; 16] = [
    // "tổ chức lễ phát động … vào ngày 28/4", "khai giảng … vào buổi sáng ngày 05/9/2019": the
    // day the work is done (not a document's: see [`ON_A_DAY_TOLD`]).
    "vao buoi sang ngay",
    "vao sang ngay",
    "vao ngay",
    "den het ngay",
    "cham nhat vao ngay",
    "hoan thanh truoc ngay",
    "hoan thanh truoc",
    "cham nhat ngay",
    "cham nhat la ngay",
    "cham nhat",
    "truoc ngay",
    "den ngay",
    "toi ngay",
    "truoc",
    "xong truoc",
    // "yêu cầu đến 30/5/2016 Sở Nội vụ phải có báo cáo".
    "den",
];

/// Words before "vào ngày" that tell of a document or a plan, not of when work is done ("công
/// văn … ban hành vào ngày 15/5/2018", "dự kiến vào ngày 18/7/2021").
const ON_A_DAY_TOLD: [&str; 4] = ["ban hanh", "du kien", "ky", "gui"];

const ROMAN: [(&str, u32); 4] = [("iv", 4), ("iii", 3), ("ii", 2), ("i", 1)];

/// Reads a number of up to `digits` digits at `at`.
fn number(chars: &[char], at: usize, digits: usize) -> Option<(u32, usize)> {
    let mut end = at;
    while end < chars.len() && end - at < digits && chars[end].is_ascii_digit() {
        end += 1;
    }
    if end == at || (end < chars.len() && chars[end].is_ascii_digit()) {
        return None;
    }
    let value: String = chars[at..end].iter().collect();
    value.parse().ok().map(|v| (v, end))
}

/// The end of `word` written after spaces at `at` in folded `chars`, then the spaces after it.
fn word_then_space(chars: &[char], at: usize, word: &str) -> Option<usize> {
    let at = skip_spaces(chars, at);
    let end = at + word.chars().count();
    (chars.get(at..end)?.iter().copied().eq(word.chars())
        && chars.get(end).is_some_and(|c| *c == ' '))
    .then(|| skip_spaces(chars, end))
}

/// "30 tháng 11 năm 2017", "30 tháng 11" (folded) at `at`, as [`day_month_year`] reads them.
fn day_month_year_in_words(chars: &[char], at: usize) -> Option<(u32, u32, Option<i32>, usize)> {
    let (day, after) = number(chars, at, 2)?;
    let (month, after) = number(chars, word_then_space(chars, after, "thang")?, 2)?;
    let year = word_then_space(chars, after, "nam")
        .and_then(|at| number(chars, at, 4))
        .filter(|(year, _)| *year >= 1990);
    Some(match year {
        Some((year, end)) => (day, month, i32::try_from(year).ok(), end),
        None => (day, month, None, after),
    })
}

/// Where a date's next number starts past the separator at `at`: "/", "-" or ".", or a slash
/// with spaces around it ("01 / 6 / 2015", "30 /11/2018"; not " - ", which writes a range:
/// "từ ngày 1 - 3/10").
fn past_separator(chars: &[char], at: usize) -> Option<usize> {
    if matches!(chars.get(at), Some('/' | '-' | '.')) {
        return Some(at + 1);
    }
    let slash = skip_spaces(chars, at);
    (slash > at && chars.get(slash) == Some(&'/')).then(|| skip_spaces(chars, slash + 1))
}

/// "30/9/2022", "30/9", "30-9-2022" at `at` (or written in words: "30 tháng 9 năm 2022"): day,
/// month, year if written, and the end.
fn day_month_year(chars: &[char], at: usize) -> Option<(u32, u32, Option<i32>, usize)> {
    let (day, after) = number(chars, at, 2)?;
    let Some(month_at) = past_separator(chars, after) else {
        return day_month_year_in_words(chars, at);
    };
    let (month, after) = number(chars, month_at, 2)?;
    if let Some(year_at) = past_separator(chars, after) {
        if let Some((year, end)) = number(chars, year_at, 4) {
            if year >= 1990 {
                return Some((day, month, i32::try_from(year).ok(), end));
            }
        }
    }
    Some((day, month, None, after))
}

fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|first| first.checked_add_months(Months::new(1)))
        .and_then(|next| next.checked_sub_days(Days::new(1)))
}

/// Past an hour before the day ("trước 17h00 ngày 20/9", "trước 15 giờ, ngày 5/10", "chậm
/// nhất vào 10 giờ ngày 4/7", "trước 7h00 sáng ngày 01/7", "chậm nhất 10h00' ngày 27/4"), when
/// one is written at `at`.
fn past_hour(chars: &[char], at: usize) -> usize {
    let hour_at = ["vao", "luc"].iter().fold(at, |from, word| {
        word_then_space(chars, from, word).unwrap_or(from)
    });
    let Some((_, after)) = number(chars, hour_at, 2) else {
        return at;
    };
    // "10h00'": the minute mark after the minutes.
    let minutes = |from: usize| {
        let end = number(chars, from, 2).map_or(from, |(_, end)| end);
        end + usize::from(chars.get(end) == Some(&'\''))
    };
    let after = if chars.get(after) == Some(&'h') {
        minutes(after + 1)
    } else if chars.get(skip_spaces(chars, after)..skip_spaces(chars, after) + 3)
        == Some(&['g', 'i', 'o'][..])
    {
        minutes(skip_spaces(chars, skip_spaces(chars, after) + 3))
    } else {
        return at;
    };
    let mut day = skip_spaces(chars, after);
    if let Some(part) = ["sang", "chieu", "trua", "toi"]
        .iter()
        .find_map(|part| word_then_space(chars, day, part))
    {
        day = part;
    }
    if chars.get(day) == Some(&',') {
        day = skip_spaces(chars, day + 1);
    }
    let word: String = chars.iter().skip(day).take(4).collect();
    if word == "ngay" {
        skip_spaces(chars, day + 4)
    } else {
        at
    }
}

fn skip_spaces(chars: &[char], mut at: usize) -> usize {
    while at < chars.len() && chars[at] == ' ' {
        at += 1;
    }
    at
}

/// The first deadline in folded `[start, end)` of `text`, with `held_on` the meeting's day (the
/// year of dates written without one, and the start of "trong 15 ngày").
impl Deadline {
    /// Whether the text writes the day itself ("trước ngày 30/9", "từ ngày 15/3 đến ngày
    /// 30/3/2017"), not a period it ends.
    pub fn written_as_a_day(&self, text: &Folded) -> bool {
        BEFORE
            .iter()
            .chain(&["tu"])
            .any(|cue| text.words_at(self.start, cue))
    }
}

/// What deadlines are read against: the meeting's day ("trong 15 ngày" counts from it) and the
/// year a day written without one takes: the meeting's, else the latest year of a date the text
/// writes in full, else the year it names most often ("kỳ thi năm 2016"); EXTRACTION.md: "if
/// there is no year anywhere, null".
#[derive(Debug, Clone, Copy)]
pub struct Reference {
    pub held_on: Option<NaiveDate>,
    pub year: Option<i32>,
}

impl Reference {
    pub fn of(text: &Folded, held_on: Option<NaiveDate>) -> Reference {
        let chars = &text.chars;
        let written = || {
            (0..chars.len())
                .filter(|at| *at == 0 || !chars[at - 1].is_alphanumeric())
                .filter_map(|at| day_month_year(chars, at).and_then(|(_, _, year, _)| year))
                .max()
        };
        // "năm 2016", the earliest of those named most often (a plan's horizon is named once).
        let named = || {
            let mut years: Vec<i32> = (0..chars.len())
                .filter(|at| text.words_at(*at, "nam"))
                .filter_map(|at| number(chars, skip_spaces(chars, at + 3), 4))
                .filter_map(|(year, _)| i32::try_from(year).ok())
                .collect();
            years.sort_unstable();
            // Runs of one year, in order: the longest run wins, the earlier on a tie.
            years
                .chunk_by(|a, b| a == b)
                .map(|run| (run.len(), std::cmp::Reverse(run[0])))
                .max()
                .map(|(_, std::cmp::Reverse(year))| year)
        };
        Reference {
            held_on,
            year: held_on.map(|d| d.year()).or_else(written).or_else(named),
        }
    }
}

pub fn find(text: &Folded, start: usize, end: usize, reference: Reference) -> Option<Deadline> {
    let chars = &text.chars;
    let year_of = |year: Option<i32>| year.or(reference.year);
    let mut found: Vec<Deadline> = Vec::new();
    let mut at = start;
    while at < end {
        if at > 0 && chars[at - 1].is_alphanumeric() {
            at += 1;
            continue;
        }
        // A day after words that make it a limit.
        let told = text.words_at(at, "vao")
            && ON_A_DAY_TOLD
                .iter()
                .any(|w| at > w.len() && text.words_at(at - w.len() - 1, w));
        if let Some(cue) = BEFORE
            .iter()
            .find(|cue| text.words_at(at, cue))
            .filter(|_| !told)
        {
            let date_at = past_hour(chars, skip_spaces(chars, at + cue.len()));
            if let Some((day, month, year, after)) = day_month_year(chars, date_at) {
                if after <= end {
                    let day = year_of(year).and_then(|y| NaiveDate::from_ymd_opt(y, month, day));
                    found.push(Deadline {
                        day,
                        phrase: text.text(at, after),
                        start: at,
                        end: after,
                    });
                    at = after;
                    continue;
                }
            }
        }
        // "từ ngày 26/8 đến 15/12/2024", "từ ngày 18 - 20/9": a period, which ends on its last
        // day.
        if let Some(range) = range_at(text, at, end, reference) {
            at = range.end;
            found.push(range);
            continue;
        }
        // "trong tháng 10/2022", "trong quý III/2022", "trong năm 2023", "trong 15 ngày".
        if text.words_at(at, "trong") {
            let rest = skip_spaces(chars, at + 5);
            if let Some(deadline) = period(text, at, rest, end, reference) {
                at = deadline.end;
                found.push(deadline);
                continue;
            }
        }
        if text.words_at(at, "den het nam") || text.words_at(at, "den cuoi nam") {
            let after = skip_spaces(chars, at + 11);
            if let Some((year, stop)) = number(chars, after, 4) {
                let day = i32::try_from(year)
                    .ok()
                    .and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31));
                found.push(Deadline {
                    day,
                    phrase: text.text(at, stop),
                    start: at,
                    end: stop,
                });
                at = stop;
                continue;
            }
        }
        at += 1;
    }
    if let Some(first) = found.into_iter().next() {
        return Some(first);
    }
    urgency(text, start, end)
}

/// "từ ngày 26/8 đến 15/12/2024", "từ 15/10 đến ngày 30/11", "từ ngày 1 - 31/10/2025" at `at`:
/// the days of a period, its last day as the deadline (the first may leave out its month).
fn range_at(text: &Folded, at: usize, end: usize, reference: Reference) -> Option<Deadline> {
    let chars = &text.chars;
    if !text.words_at(at, "tu") {
        return None;
    }
    let mut first = skip_spaces(chars, at + 2);
    if text.words_at(first, "ngay") {
        first = skip_spaces(chars, first + 4);
    }
    let first_end = day_month_year(chars, first)
        .map(|(_, _, _, after)| after)
        .or_else(|| number(chars, first, 2).map(|(_, after)| after))?;
    let mut last = skip_spaces(chars, first_end);
    if matches!(chars.get(last), Some('-' | '–')) {
        last += 1;
    } else {
        last = ["den", "toi"]
            .iter()
            .find(|w| text.words_at(last, w))
            .map(|w| last + w.len())?;
    }
    last = skip_spaces(chars, last);
    if text.words_at(last, "ngay") {
        last = skip_spaces(chars, last + 4);
    }
    let (day, month, year, after) = day_month_year(chars, last)?;
    if after > end {
        return None;
    }
    Some(Deadline {
        day: year
            .or(reference.year)
            .and_then(|y| NaiveDate::from_ymd_opt(y, month, day)),
        phrase: text.text(at, after),
        start: at,
        end: after,
    })
}

/// A period after "trong" at `words` (the first word after it).
fn period(
    text: &Folded,
    at: usize,
    words: usize,
    end: usize,
    reference: Reference,
) -> Option<Deadline> {
    let chars = &text.chars;
    let within = |stop: usize, day: Option<NaiveDate>| {
        (stop <= end).then(|| Deadline {
            day,
            phrase: text.text(at, stop),
            start: at,
            end: stop,
        })
    };
    let year_after = |from: usize| -> (Option<i32>, usize) {
        if matches!(chars.get(from), Some('/' | '-' | '.'))
            || text.words_at(skip_spaces(chars, from), "nam")
        {
            let digits = if matches!(chars.get(from), Some('/' | '-' | '.')) {
                from + 1
            } else {
                skip_spaces(chars, skip_spaces(chars, from) + 3)
            };
            if let Some((year, stop)) = number(chars, digits, 4) {
                return (i32::try_from(year).ok(), stop);
            }
        }
        (None, from)
    };
    let default_year = reference.year;
    if text.words_at(words, "thang") {
        let (month, after) = number(chars, skip_spaces(chars, words + 5), 2)?;
        let (year, stop) = year_after(after);
        let day = year.or(default_year).and_then(|y| last_of_month(y, month));
        return within(stop, day);
    }
    if text.words_at(words, "quy") {
        let numeral = skip_spaces(chars, words + 3);
        let (quarter, after) = ROMAN
            .iter()
            .find(|(name, _)| {
                text.words_at(numeral, name)
                    || (text.folded(numeral, numeral + name.len()) == *name
                        && matches!(chars.get(numeral + name.len()), Some('/')))
            })
            .map(|(name, q)| (*q, numeral + name.len()))
            .or_else(|| number(chars, numeral, 1))?;
        let (year, stop) = year_after(after);
        let day = year
            .or(default_year)
            .and_then(|y| last_of_month(y, quarter * 3));
        return within(stop, day);
    }
    if text.words_at(words, "nam") {
        let (year, stop) = number(chars, skip_spaces(chars, words + 3), 4)?;
        let day = i32::try_from(year)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31));
        return within(stop, day);
    }
    let (count, after) = number(chars, words, 3)?;
    let unit = skip_spaces(chars, after);
    if text.words_at(unit, "ngay") {
        let stop = unit + 4;
        let day = reference
            .held_on
            .and_then(|d| d.checked_add_days(Days::new(u64::from(count))));
        return within(stop, day);
    }
    None
}

/// Urgency or recurrence without a day.
fn urgency(text: &Folded, start: usize, end: usize) -> Option<Deadline> {
    for at in start..end {
        for (phrase, written) in [
            ("khan truong", None),
            ("thuong xuyen", None),
            ("ngay", Some("ngay")),
        ] {
            let stop = at + phrase.len();
            if stop <= end
                && text.words_at(at, phrase)
                && written.is_none_or(|w| text.written_is(at, stop, w))
            {
                return Some(Deadline {
                    day: None,
                    phrase: text.text(at, stop),
                    start: at,
                    end: stop,
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("a test day")
    }

    #[test]
    fn a_day_without_a_year_takes_the_texts_year_when_the_meetings_is_not_known() {
        // Only a day after "trước" is a limit: the cited documents' days are not.
        let day_in = |words: &str| {
            let text = Folded::new(words);
            find(&text, 0, text.len(), Reference::of(&text, None)).and_then(|d| d.day)
        };
        assert_eq!(
            day_in("Kỳ thi THPT quốc gia năm 2016, đề án đến năm 2030. Trước ngày 15-8, các sở gửi danh sách."),
            NaiveDate::from_ymd_opt(2016, 8, 15)
        );
        assert_eq!(
            day_in("Theo Nghị định ngày 31/3/2021 và Công văn ngày 2/6/2022. Trước ngày 15/10, các sở báo cáo."),
            NaiveDate::from_ymd_opt(2022, 10, 15)
        );
        assert_eq!(day_in("Trước ngày 15/10, các sở báo cáo."), None);
    }

    #[test]
    fn deadlines_are_read_from_their_words() {
        let held_on = Some(day("2022-08-26"));
        let cases: [(&str, Option<&str>, Option<&str>); 30] = [
            (
                "tổ chức lễ phát động vào ngày 28/4",
                Some("2022-04-28"),
                Some("vào ngày 28/4"),
            ),
            (
                "khai giảng vào buổi sáng ngày 05/9/2022",
                Some("2022-09-05"),
                Some("vào buổi sáng ngày 05/9/2022"),
            ),
            ("thực hiện công văn ban hành vào ngày 15/5/2018", None, None),
            (
                "yêu cầu đến 30/5/2016 Sở Nội vụ phải có báo cáo",
                Some("2016-05-30"),
                Some("đến 30/5/2016"),
            ),
            (
                "gửi về Sở Tài chính trước 17h00 ngày 20/9/2022",
                Some("2022-09-20"),
                Some("trước 17h00 ngày 20/9/2022"),
            ),
            (
                "báo cáo trước 15 giờ, ngày 5/10",
                Some("2022-10-05"),
                Some("trước 15 giờ, ngày 5/10"),
            ),
            (
                "báo cáo UBND tỉnh chậm nhất vào 10 giờ ngày 4/7",
                Some("2022-07-04"),
                Some("chậm nhất vào 10 giờ ngày 4/7"),
            ),
            (
                "báo cáo về Bộ Y tế trước ngày 01  / 6 / 2015 .",
                Some("2015-06-01"),
                Some("trước ngày 01  / 6 / 2015"),
            ),
            (
                "tổ chức từ ngày 18 - 20/9",
                Some("2022-09-20"),
                Some("từ ngày 18 - 20/9"),
            ),
            (
                "ra quân từ ngày 26/8 đến 15/12/2024",
                Some("2024-12-15"),
                Some("từ ngày 26/8 đến 15/12/2024"),
            ),
            ("cấm biển từ 14 giờ ngày 13/11", None, None),
            (
                "gửi trước 7h00 sáng ngày 01/7/2025",
                Some("2025-07-01"),
                Some("trước 7h00 sáng ngày 01/7/2025"),
            ),
            (
                "gửi chậm nhất 10h00' ngày 27/4/2020",
                Some("2020-04-27"),
                Some("chậm nhất 10h00' ngày 27/4/2020"),
            ),
            (
                "thực hiện đến hết ngày 31/12/2022",
                Some("2022-12-31"),
                Some("đến hết ngày 31/12/2022"),
            ),
            (
                "hoàn thành trước ngày 30/9/2022.",
                Some("2022-09-30"),
                Some("hoàn thành trước ngày 30/9/2022"),
            ),
            (
                "báo cáo UBND tỉnh trước 15/10",
                Some("2022-10-15"),
                Some("trước 15/10"),
            ),
            (
                "chậm nhất ngày 05/11/2022",
                Some("2022-11-05"),
                Some("chậm nhất ngày 05/11/2022"),
            ),
            (
                "thực hiện trong tháng 10/2022",
                Some("2022-10-31"),
                Some("trong tháng 10/2022"),
            ),
            ("trong tháng 12", Some("2022-12-31"), Some("trong tháng 12")),
            (
                "xong trong quý III/2022",
                Some("2022-09-30"),
                Some("trong quý III/2022"),
            ),
            (
                "trong quý IV năm 2023",
                Some("2023-12-31"),
                Some("trong quý IV năm 2023"),
            ),
            (
                "hoàn thành trong năm 2023",
                Some("2023-12-31"),
                Some("trong năm 2023"),
            ),
            (
                "trong 15 ngày kể từ ngày họp",
                Some("2022-09-10"),
                Some("trong 15 ngày"),
            ),
            (
                "khẩn trương kiện toàn Ban Chỉ đạo",
                None,
                Some("khẩn trương"),
            ),
            ("triển khai ngay các biện pháp", None, Some("ngay")),
            (
                "theo Nghị định số 45/2021/NĐ-CP ngày 31/3/2021 của Chính phủ",
                None,
                None,
            ),
            ("Sáng ngày 26/8/2022, Ban Chỉ đạo họp", None, None),
            (
                "trình Thủ tướng trước ngày 31 tháng 12 năm 2017",
                Some("2017-12-31"),
                Some("trước ngày 31 tháng 12 năm 2017"),
            ),
            (
                "chậm nhất ngày 5 tháng 10",
                Some("2022-10-05"),
                Some("chậm nhất ngày 5 tháng 10"),
            ),
            (
                "đến hết năm 2025",
                Some("2025-12-31"),
                Some("đến hết năm 2025"),
            ),
        ];
        for (words, wanted_day, wanted_phrase) in cases {
            let text = Folded::new(words);
            let found = find(&text, 0, text.len(), Reference::of(&text, held_on));
            assert_eq!(
                (found.as_ref().and_then(|d| d.day), found.map(|d| d.phrase)),
                (wanted_day.map(day), wanted_phrase.map(str::to_string)),
                "{words}"
            );
        }
    }
}
