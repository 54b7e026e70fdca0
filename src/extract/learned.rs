//! Which of the candidates are directives, weighed by a small logistic model: the rules
//! propose what they read, every other sentence of the text is proposed beside them, and a
//! candidate is kept when the model finds it likely enough. The model reads plain features of
//! a candidate (how the rules read it, its first words, the marks around it, the candidate
//! before it) with weights learned from the tuning part of `tests/extract/` and kept beside
//! this file in `weights.tsv`, so it runs offline and in milliseconds like the rules. The
//! weights are only ever what the tuning part teaches: the test
//! `the_weights_are_those_the_tuning_part_teaches` learns them again and compares.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use super::deadlines::Deadline;
use super::folded::Folded;
use super::{group_names, group_phrase, names, owners, subject_start, Draft, Reading, Span};
use crate::domain::search::fold;

/// How likely a draft of the rules, and a sentence they did not read, must be to be proposed.
/// Chosen by five-fold cross-validation on the tuning part (texts kept whole in one fold, on a
/// prototype of these features), for the best balance of recall and precision: a sentence the
/// rules did not read needs more. One threshold of 0.35 for both read alike within half a
/// point, but proposed a clause of the seed's narration ("…; thực hiện tốt các hoạt động dịch
/// vụ, …", 0.45), which these keep out.
const KEEP_FROM: (f64, f64) = (0.3, 0.5);

/// Words whose presence tells what a sentence does (folded).
const SAYS: [&str; 28] = [
    "chu tri",
    "phoi hop",
    "khan truong",
    "tham muu",
    "bao cao",
    "chi dao",
    "giao",
    "yeu cau",
    "de nghi",
    "co trach nhiem",
    "tiep tuc",
    "can",
    "kip thoi",
    "dam bao",
    "theo doi",
    "huong dan",
    "to chuc",
    "kiem tra",
    "hoan thanh",
    "truoc ngay",
    "thuc hien",
    "trien khai",
    "xay dung",
    "rieng",
    "nghiem tuc",
    "chiu trach nhiem",
    "de xuat",
    "trinh",
];

/// The sentences of `text` the rules did not read as directives, as candidates: cut at ".",
/// ";", "!", "?" and line ends, at least four words long, overlapping no draft of the rules.
/// Each is led by the units it opens with when the rules' grammar of units reads some there,
/// else by the owners of the draft before it, as a sentence going on with the directions is,
/// and takes the day it gives itself (`deadline_in` of its folded span).
pub(super) fn unread_sentences(
    text: &Folded,
    drafts: &[Draft],
    deadline_in: impl Fn(usize, usize) -> Option<Deadline>,
) -> Vec<Draft> {
    let mut by_start: Vec<&Draft> = drafts.iter().collect();
    by_start.sort_by_key(|d| d.start);
    // The drafts starting before the sentence (read once, in order, as the sentences are):
    // how many, and how far the furthest of them reaches.
    let (mut started, mut reach, mut before) = (0, 0, None);
    let mut unread = Vec::new();
    let mut start = 0;
    for at in 0..=text.len() {
        let ends = text.chars.get(at).copied();
        if !matches!(ends, None | Some('.' | ';' | '!' | '?' | '\n')) {
            continue;
        }
        let end = if ends == Some('\n') || ends.is_none() {
            at
        } else {
            at + 1
        };
        let sentence = (start, end);
        start = end.max(at + 1);
        let first = (sentence.0..sentence.1)
            .find(|i| !text.chars[*i].is_whitespace())
            .unwrap_or(sentence.1);
        let last = (first..sentence.1)
            .rev()
            .find(|i| !text.chars[*i].is_whitespace())
            .map_or(first, |i| i + 1);
        if text.folded(first, last).split_whitespace().count() < 4 {
            continue;
        }
        let (from, to) = text.span(first, last);
        for limit in [from, to] {
            while started < by_start.len() && by_start[started].start < limit {
                reach = reach.max(by_start[started].end);
                started += 1;
            }
            if limit == from {
                before = by_start[..started].last().copied();
            }
        }
        if reach > from {
            continue;
        }
        let deadline = deadline_in(first, last);
        let mut draft = Draft {
            text: text.original[from..to].iter().collect(),
            start: from,
            end: to,
            lead: Vec::new(),
            co_owners: Vec::new(),
            group: None,
            deadline: deadline.as_ref().and_then(|d| d.day),
            deadline_phrase: deadline.map(|d| d.phrase),
            confidence: Reading::Sentence.confidence(),
            groups: Vec::new(),
            reading: Reading::Sentence,
        };
        let subject = subject_start(
            text,
            Span {
                start: first,
                end: last,
            },
        );
        if let Some(named) = owners(text, subject, last).filter(|o| !o.lead.is_empty()) {
            draft.lead = names(&named.lead);
            draft.co_owners = names(&named.co_owners);
            draft.groups = group_names(named.lead.iter().chain(&named.co_owners));
            draft.group = group_phrase(&named.lead);
        } else if let Some(before) = before {
            draft.lead.clone_from(&before.lead);
            draft.group.clone_from(&before.group);
            draft.groups.clone_from(&before.groups);
        }
        unread.push(draft);
    }
    unread
}

/// The candidates (in the order of the text) the model finds likely to be directives.
pub(super) fn likely(original: &[char], candidates: Vec<Draft>) -> Vec<Draft> {
    let keep: Vec<bool> = all_features(original, &candidates)
        .iter()
        .zip(&candidates)
        .map(|(features, draft)| likelihood(features) >= keep_from(draft))
        .collect();
    let mut kept: Vec<Draft> = Vec::new();
    for (draft, keep) in candidates.into_iter().zip(keep) {
        if keep {
            kept.push(draft);
            continue;
        }
        // A candidate left out in the sentence of the task above it, with the same lead, is a
        // step of that task ("…; lập danh sách; đề xuất hỗ trợ."): its words join the task's,
        // so that none of the task is lost.
        let Some(above) = kept.last_mut().filter(|above| {
            above.lead == draft.lead
                && above.end <= draft.start
                && !original[above.end.saturating_sub(1).max(above.start)..draft.start]
                    .iter()
                    .any(|c| matches!(c, '.' | '!' | '?' | '\n'))
        }) else {
            continue;
        };
        above.end = draft.end;
        above.text = original[above.start..above.end].iter().collect();
        if above.deadline.is_none() && above.deadline_phrase.is_none() {
            above.deadline = draft.deadline;
            above.deadline_phrase = draft.deadline_phrase;
        }
    }
    kept
}

fn keep_from(draft: &Draft) -> f64 {
    if draft.reading == Reading::Sentence {
        KEEP_FROM.1
    } else {
        KEEP_FROM.0
    }
}

/// The weights, read once from `weights.tsv`: "bias", then one feature a line with its weight.
fn weights() -> &'static HashMap<&'static str, f64> {
    static WEIGHTS: OnceLock<HashMap<&'static str, f64>> = OnceLock::new();
    WEIGHTS.get_or_init(|| {
        include_str!("weights.tsv")
            .lines()
            .filter_map(|line| {
                let (feature, weight) = line.rsplit_once('\t')?;
                Some((feature, weight.parse().ok()?))
            })
            .collect()
    })
}

/// How likely a candidate with `features` is to be a directive, from 0 to 1.
fn likelihood(features: &[String]) -> f64 {
    let weights = weights();
    let score: f64 = weights.get("bias").copied().unwrap_or_default()
        + features
            .iter()
            .filter_map(|f| weights.get(f.as_str()))
            .sum::<f64>();
    1.0 / (1.0 + (-score).exp())
}

/// The words of `text`, folded, each its letters and digits only.
fn folded_words(text: &str) -> Vec<String> {
    fold(text)
        .split_whitespace()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect())
        .collect()
}

/// What the model reads of each of `drafts`.
fn all_features(original: &[char], drafts: &[Draft]) -> Vec<Vec<String>> {
    let mut read_before = 0;
    drafts
        .iter()
        .enumerate()
        .map(|(i, draft)| {
            let features = features(original, drafts, i, read_before);
            read_before += usize::from(draft.reading != Reading::Sentence);
            features
        })
        .collect()
}

/// What the model reads of candidate `i` of `drafts`, each feature a name; `read_before`
/// drafts of the rules come before it.
fn features(original: &[char], drafts: &[Draft], i: usize, read_before: usize) -> Vec<String> {
    let draft = &drafts[i];
    let kind = format!("{:?}", draft.reading);
    let mut features = vec![
        format!("kind={kind}"),
        format!("kind={kind} read before={}", read_before.min(2)),
        format!("leads={}", draft.lead.len().min(3)),
        format!("co-owners={}", draft.co_owners.len().min(3)),
    ];
    if draft.group.is_some() {
        features.push("group".into());
    }
    if draft.deadline.is_some() {
        features.push("day".into());
    }
    if draft.deadline_phrase.is_some() {
        features.push("deadline phrase".into());
    }
    let words = folded_words(&draft.text);
    features.push(format!("length={}", (words.len() / 5).min(12)));
    for (at, word) in words.iter().take(3).enumerate() {
        features.push(format!("word {at}={word}"));
    }
    if let [first, second, ..] = &words[..] {
        features.push(format!("opening={first} {second}"));
    }
    let opening: BTreeSet<&String> = words.iter().take(10).collect();
    features.extend(
        opening
            .into_iter()
            .map(|word| format!("among the first={word}")),
    );
    let spaced = format!(" {} ", words.join(" "));
    features.extend(
        SAYS.iter()
            .filter(|says| spaced.contains(&format!(" {says} ")))
            .map(|says| format!("says={says}")),
    );
    let lead = folded_words(&draft.lead.join(" ")).join(" ");
    if let Some(first) = lead.split(' ').next().filter(|w| !w.is_empty()) {
        features.push(format!("lead opens={first}"));
        let opening: String = spaced.chars().take(lead.chars().count() + 12).collect();
        if opening.contains(&lead) {
            features.push("lead first".into());
        }
    }
    let (start, end) = (
        draft.start.min(original.len()),
        draft.end.min(original.len()),
    );
    let before = &original[start.saturating_sub(30)..start];
    let mark_before = before.iter().rev().find(|c| **c != ' ');
    let mark_before = mark_before.map_or("start".to_string(), |c| format!("{c:?}"));
    features.push(format!("after={mark_before}"));
    features.push(format!("kind={kind} after={mark_before}"));
    // Narration tells what was done ("Các HTX đã khẳng định …; thực hiện tốt …").
    let window = &original[start.saturating_sub(80)..start];
    let line_starts = window
        .iter()
        .rposition(|c| *c == '\n')
        .map_or(0, |at| at + 1);
    let line_before: String = window[line_starts..].iter().collect();
    if format!(" {} ", line_before.to_lowercase()).contains(" đã ") {
        features.push("done before".into());
        features.push(format!("done before, after={mark_before}"));
    }
    if format!(" {} ", draft.text.to_lowercase()).contains(" đã ") {
        features.push("done".into());
    }
    if before.is_empty() || before.iter().rev().take(3).any(|c| *c == '\n') {
        features.push("on a new line".into());
    }
    let after = original[end..(end + 5).min(original.len())]
        .iter()
        .find(|c| **c != ' ');
    features.push(format!(
        "before={}",
        after.map_or("end".to_string(), |c| format!("{c:?}"))
    ));
    if let Some(last) = draft.text.trim_end().chars().last() {
        features.push(format!("ends={last:?}"));
    }
    match i.checked_sub(1).map(|p| &drafts[p]) {
        Some(previous) => {
            let gap = start.saturating_sub(previous.end.min(start));
            let gap = match gap {
                0..=2 => "none",
                3..=39 => "small",
                40..=299 => "mid",
                _ => "far",
            };
            features.push(format!("gap={gap}"));
            features.push(format!("previous kind={:?}", previous.reading));
            // A step after ";" of a sentence the rules did not read either is narration's.
            features.push(format!(
                "previous kind={:?} after={mark_before}",
                previous.reading
            ));
            if previous.lead == draft.lead {
                features.push("lead of the previous".into());
            }
            let between = &original[previous.end.min(start)..start];
            if between.contains(&'.') {
                features.push("a full stop since the previous".into());
            }
            if between.contains(&'\n') {
                features.push("a new line since the previous".into());
            }
        }
        None => features.push("first".into()),
    }
    features.push(format!(
        "position={}",
        (10 * start / original.len().max(1)).min(9)
    ));
    features.push(format!("candidates={}", (drafts.len() / 5).min(6)));
    features
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::extract::candidates;
    use crate::extract::score::{annotated_at, directives_among, json_files};

    /// The examples the tuning part gives: each candidate's features, and whether it is one of
    /// the annotated directives.
    fn tuning_examples() -> Vec<(Vec<String>, bool)> {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/extract");
        let mut examples = Vec::new();
        for annotated in json_files(&folder)
            .iter()
            .filter_map(|path| annotated_at(path))
            .filter(|a| a.split.as_deref() == Some("tuning"))
        {
            let text = Folded::new(&annotated.text);
            let drafts = candidates(&text, annotated.date);
            let directives = directives_among(&annotated, &drafts);
            examples.extend(
                all_features(&text.original, &drafts)
                    .into_iter()
                    .zip(directives),
            );
        }
        examples
    }

    /// How strongly the weights are held near zero, as over the sum of the losses: chosen by
    /// the same cross-validation as [`KEEP_FROM`] (from 1 to 3, recall and precision gain a few
    /// tenths each).
    const STRENGTH: f64 = 3.0;

    /// L2-regularised logistic regression (of [`STRENGTH`]),
    /// by full-batch gradient descent with AdaGrad steps: deterministic, so that learning again
    /// gives the same weights to the last digit written. Features seen fewer than twice are
    /// left out. Returns `weights.tsv` as it should read.
    fn learn(examples: &[(Vec<String>, bool)]) -> String {
        let mut seen: std::collections::BTreeMap<&str, usize> = Default::default();
        for (features, _) in examples {
            for feature in features {
                *seen.entry(feature.as_str()).or_default() += 1;
            }
        }
        let names: Vec<&str> = seen
            .into_iter()
            .filter(|(_, count)| *count >= 2)
            .map(|(name, _)| name)
            .collect();
        let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let rows: Vec<(Vec<usize>, f64)> = examples
            .iter()
            .map(|(features, directive)| {
                let mut row: Vec<usize> = features
                    .iter()
                    .filter_map(|f| index.get(f.as_str()).copied())
                    .collect();
                row.sort_unstable();
                row.dedup();
                (row, if *directive { 1.0 } else { 0.0 })
            })
            .collect();
        // The bias is the last weight, not regularised.
        let bias = names.len();
        let mut weights = vec![0.0_f64; names.len() + 1];
        let mut squares = vec![0.0_f64; names.len() + 1];
        for _ in 0..400 {
            let mut gradient: Vec<f64> = weights[..bias].iter().map(|w| STRENGTH * w).collect();
            gradient.push(0.0);
            for (row, label) in &rows {
                let score = weights[bias] + row.iter().map(|f| weights[*f]).sum::<f64>();
                let error = 1.0 / (1.0 + (-score).exp()) - label;
                for f in row {
                    gradient[*f] += error;
                }
                gradient[bias] += error;
            }
            for ((weight, square), g) in weights.iter_mut().zip(&mut squares).zip(&gradient) {
                *square += g * g;
                if *square > 0.0 {
                    *weight -= 0.5 * g / square.sqrt();
                }
            }
        }
        let mut written = format!("bias\t{:.4}\n", weights[bias]);
        for (name, weight) in names.iter().zip(&weights) {
            let weight = format!("{weight:.4}");
            if weight != "0.0000" && weight != "-0.0000" {
                written.push_str(&format!("{name}\t{weight}\n"));
            }
        }
        written
    }

    /// `DONDOC_LEARN=1 cargo test --lib extract::learned` writes them after a change to the
    /// rules, the features or the tuning part.
    #[test]
    fn the_weights_are_those_the_tuning_part_teaches() {
        let learned = learn(&tuning_examples());
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/extract/weights.tsv");
        if std::env::var_os("DONDOC_LEARN").is_some() {
            std::fs::write(&path, &learned).expect("weights.tsv is writable");
        }
        assert!(
            learned == include_str!("weights.tsv"),
            "the weights are not those the tuning part teaches: learn them again with \
             DONDOC_LEARN=1 cargo test --lib extract::learned"
        );
    }

    #[test]
    fn every_sentence_the_rules_do_not_read_is_a_candidate_keeping_the_owners_before_it() {
        let text = Folded::new(
            "Giao Sở Y tế chủ trì kiểm tra an toàn thực phẩm. Báo cáo kết quả trước ngày 30/9/2024.\nHết.",
        );
        let read = vec![Draft {
            text: "Giao Sở Y tế chủ trì kiểm tra an toàn thực phẩm.".into(),
            start: 0,
            end: 48,
            lead: vec!["Sở Y tế".into()],
            co_owners: Vec::new(),
            group: None,
            deadline: None,
            deadline_phrase: None,
            confidence: Reading::Handed.confidence(),
            groups: Vec::new(),
            reading: Reading::Handed,
        }];
        let unread = unread_sentences(&text, &read, |_, _| None);
        let texts: Vec<&str> = unread.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(texts, ["Báo cáo kết quả trước ngày 30/9/2024."]);
        assert_eq!(unread[0].lead, ["Sở Y tế"]);
        let (start, end) = (unread[0].start, unread[0].end);
        assert_eq!(
            text.original[start..end].iter().collect::<String>(),
            unread[0].text
        );
    }

    /// A paragraph of work after narration, which the rules do not read as going on with the
    /// directive before it, is proposed with that directive's lead, narration is not.
    #[test]
    fn work_after_narration_is_proposed_with_the_lead_before_it() {
        let drafts = crate::extract::extract(
            "Giao Sở Y tế chủ trì kiểm tra vệ sinh an toàn thực phẩm.\nHội nghị cũng đã nghe báo cáo tình hình dịch bệnh trên địa bàn.\nTăng cường kiểm tra, xử lý nghiêm các trường hợp vi phạm về an toàn thực phẩm.",
            None,
        );
        let read: Vec<(&str, bool, &[String])> = drafts
            .iter()
            .map(|d| (d.text.as_str(), d.given_plainly(), &d.lead[..]))
            .collect();
        assert_eq!(read.len(), 2, "{read:?}");
        assert!(read[0].1, "{read:?}");
        assert_eq!(
            read[1].0,
            "Tăng cường kiểm tra, xử lý nghiêm các trường hợp vi phạm về an toàn thực phẩm."
        );
        assert!(!read[1].1, "{read:?}");
        assert_eq!(read[1].2, ["Sở Y tế"]);
    }

    #[test]
    fn a_step_left_out_joins_the_task_above_it() {
        let drafts = crate::extract::extract(
            "Yêu cầu UBND các huyện khẩn trương rà soát các hộ nghèo; lập danh sách; đề xuất hỗ trợ. Hội nghị đã thống nhất các nội dung trên.",
            None,
        );
        let texts: Vec<&str> = drafts.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Yêu cầu UBND các huyện khẩn trương rà soát các hộ nghèo; lập danh sách; đề xuất hỗ trợ."]
        );
        assert_eq!(drafts[0].lead, ["UBND các huyện"]);
    }

    #[test]
    fn a_sentence_of_narration_is_weighed_less_likely_than_work_handed_over() {
        let input = "Năm qua, kinh tế tập thể trên địa bàn tỉnh đã có bước phát triển khá. Giao Sở Y tế chủ trì kiểm tra an toàn thực phẩm.";
        let text = Folded::new(input);
        let drafts = candidates(&text, None);
        let weighed: Vec<(&str, f64)> = drafts
            .iter()
            .zip(all_features(&text.original, &drafts))
            .map(|(draft, features)| (draft.text.as_str(), likelihood(&features)))
            .collect();
        assert_eq!(weighed.len(), 2, "{weighed:?}");
        assert!(weighed[0].1 < keep_from(&drafts[0]), "{weighed:?}");
        assert!(weighed[1].1 >= keep_from(&drafts[1]), "{weighed:?}");
        let kept = likely(&text.original, drafts);
        assert_eq!(kept.len(), 1);
        assert!(kept[0].text.starts_with("Giao Sở Y tế"));
    }
}
