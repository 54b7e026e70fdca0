//! The extractor's score on the annotated texts of `tests/extract/` (conventions:
//! `shared/design/EXTRACTION.md`): directives found and proposed, leads, co-owners and
//! deadlines, on the texts it was tuned on and, apart, on those kept aside. Printed by the
//! test; the test fails when a figure falls below its floor (see [`FLOORS`]).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use super::{extract, Draft};
use crate::domain::drafting::normalise;

#[derive(Deserialize)]
pub(super) struct Annotated {
    source: String,
    pub date: Option<NaiveDate>,
    /// "tuning" or "held-out".
    #[serde(default)]
    pub split: Option<String>,
    pub text: String,
    directives: Vec<Directive>,
}

#[derive(Deserialize)]
struct Directive {
    quote: String,
    lead: Vec<String>,
    co_owners: Vec<String>,
    deadline: Option<NaiveDate>,
    deadline_phrase: Option<String>,
}

/// Who a list of units names, as compared: the distinct words of their names, folded and
/// written out, in any order and however the list is cut, "các" (the plural) aside.
/// EXTRACTION.md leaves the cut open, and two annotators of one text cut "các sở, ngành, đơn vị
/// liên quan và các địa phương" into one unit and into two; "UBND các quận, huyện, sở, ngành"
/// names "các sở, ngành" as much as "sở, ngành"; "UBND các quận, huyện, TP Thủ Đức" names
/// what "UBND các quận, huyện" and "UBND TP Thủ Đức" do.
fn units(names: &[String]) -> BTreeSet<String> {
    names
        .iter()
        .map(|n| normalise(n))
        .flat_map(|name| {
            name.split(' ')
                .filter(|word| !word.is_empty() && *word != "cac")
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The counts behind the figures.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub texts: usize,
    pub annotated: usize,
    pub proposed: usize,
    /// Annotated directives a proposal overlaps (one proposal each).
    pub found: usize,
    pub lead_right: usize,
    /// Of the found directives whose lead is wrong: how it is wrong.
    pub lead_wrong: LeadMisses,
    pub co_owners_right: usize,
    /// Found directives whose text gives a day, and of those, the day proposed right.
    pub with_day: usize,
    pub day_right: usize,
    /// Found directives whose text gives no deadline, and of those, none proposed.
    pub without: usize,
    pub none_invented: usize,
    /// Proposals, and of those directives, by confidence in twentieths: how far the
    /// confidence a draft carries can be trusted.
    pub by_confidence: [(usize, usize); 21],
}

/// How the leads proposed for found directives miss, by the words of whom they name: none
/// proposed, fewer than the annotation names (a name cut short, a unit of a list left out),
/// more (a name run on), or others (another unit, or some of both). Counts, not texts, so that
/// the held-out part's can be printed without anyone reading its misses.
#[derive(Debug, Default, Clone, Copy)]
pub struct LeadMisses {
    pub none: usize,
    pub fewer: usize,
    pub more: usize,
    pub other: usize,
}

impl LeadMisses {
    fn count(&mut self, proposed: &BTreeSet<String>, annotated: &BTreeSet<String>) {
        let kind = if proposed.is_empty() {
            &mut self.none
        } else if proposed.is_subset(annotated) {
            &mut self.fewer
        } else if proposed.is_superset(annotated) {
            &mut self.more
        } else {
            &mut self.other
        };
        *kind += 1;
    }
}

fn share(part: usize, whole: usize) -> f64 {
    #[allow(clippy::cast_precision_loss)] // a few hundred directives
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

impl Tally {
    pub fn recall(&self) -> f64 {
        share(self.found, self.annotated)
    }
    pub fn precision(&self) -> f64 {
        share(self.found, self.proposed)
    }
    pub fn lead(&self) -> f64 {
        share(self.lead_right, self.found)
    }
    pub fn co_owners(&self) -> f64 {
        share(self.co_owners_right, self.found)
    }
    pub fn day(&self) -> f64 {
        share(self.day_right, self.with_day)
    }
    pub fn no_invention(&self) -> f64 {
        share(self.none_invented, self.without)
    }
}
#[cfg(test)]
impl Tally {
    fn report(&self, name: &str) -> String {
        format!(
            "{name}: {} texts, {} directives, {} proposed; recall {:.1}%, precision {:.1}%, lead {:.1}% (wrong: {} none, {} fewer, {} more, {} other), co-owners {:.1}%, day {:.1}% (of {}), no invented deadline {:.1}% (of {})",
            self.texts,
            self.annotated,
            self.proposed,
            100.0 * self.recall(),
            100.0 * self.precision(),
            100.0 * self.lead(),
            self.lead_wrong.none,
            self.lead_wrong.fewer,
            self.lead_wrong.more,
            self.lead_wrong.other,
            100.0 * self.co_owners(),
            100.0 * self.day(),
            self.with_day,
            100.0 * self.no_invention(),
            self.without
        ) + &self.calibration()
    }

    /// "proposals that are directives, by confidence: 0.95: 94.0% of 2017; …", surest first.
    fn calibration(&self) -> String {
        let levels: Vec<String> = (0..self.by_confidence.len())
            .rev()
            .filter(|level| self.by_confidence[*level].0 > 0)
            .map(|level| {
                let (proposed, directives) = self.by_confidence[level];
                #[allow(clippy::cast_precision_loss)] // twenty levels
                let confidence = level as f64 / 20.0;
                format!(
                    "{confidence:.2}: {:.1}% of {proposed}",
                    100.0 * share(directives, proposed)
                )
            })
            .collect();
        format!(
            "\n  proposals that are directives, by confidence: {}",
            levels.join("; ")
        )
    }
}

/// Which proposal each annotated directive takes: the first unused one whose words overlap its
/// quote (none for a quote not in the text).
fn matches(annotated: &Annotated, drafts: &[Draft]) -> Vec<Option<usize>> {
    let mut used = vec![false; drafts.len()];
    annotated
        .directives
        .iter()
        .map(|directive| {
            let byte = annotated.text.find(&directive.quote)?;
            let start = annotated.text[..byte].chars().count();
            let end = start + directive.quote.chars().count();
            let index = (0..drafts.len())
                .find(|i| !used[*i] && drafts[*i].start < end && start < drafts[*i].end)?;
            used[index] = true;
            Some(index)
        })
        .collect()
}

/// Which of `drafts` are annotated directives of the text, as the score counts them.
pub(super) fn directives_among(annotated: &Annotated, drafts: &[Draft]) -> Vec<bool> {
    let mut directives = vec![false; drafts.len()];
    for index in matches(annotated, drafts).into_iter().flatten() {
        directives[index] = true;
    }
    directives
}

/// Scores one text: each annotated directive takes the first unused proposal whose words
/// overlap its quote.
fn score(annotated: &Annotated, drafts: &[Draft], tally: &mut Tally, misses: &mut Vec<String>) {
    tally.texts += 1;
    tally.annotated += annotated.directives.len();
    tally.proposed += drafts.len();
    let used = directives_among(annotated, drafts);
    for (directive, matched) in annotated.directives.iter().zip(matches(annotated, drafts)) {
        if !annotated.text.contains(&directive.quote) {
            misses.push(format!("{}: quote not in text", annotated.source));
            continue;
        }
        let Some(draft) = matched.map(|index| &drafts[index]) else {
            misses.push(format!("missed: {}", directive.quote));
            continue;
        };
        tally.found += 1;
        let (proposed, annotated) = (units(&draft.lead), units(&directive.lead));
        if proposed == annotated {
            tally.lead_right += 1;
        } else {
            tally.lead_wrong.count(&proposed, &annotated);
            misses.push(format!(
                "lead {:?} for {:?}: {}",
                draft.lead, directive.lead, directive.quote
            ));
        }
        if units(&draft.co_owners) == units(&directive.co_owners) {
            tally.co_owners_right += 1;
        } else {
            misses.push(format!(
                "co-owners {:?} for {:?}: {}",
                draft.co_owners, directive.co_owners, directive.quote
            ));
        }
        if directive.deadline.is_some() {
            tally.with_day += 1;
            if draft.deadline == directive.deadline {
                tally.day_right += 1;
            } else {
                misses.push(format!(
                    "deadline {:?} for {:?}: {}",
                    draft.deadline, directive.deadline, directive.quote
                ));
            }
        } else if directive.deadline_phrase.is_none() {
            tally.without += 1;
            if draft.deadline.is_none() {
                tally.none_invented += 1;
            } else {
                misses.push(format!(
                    "deadline {:?} where the text gives none: {}",
                    draft.deadline, directive.quote
                ));
            }
        }
    }
    for (draft, used) in drafts.iter().zip(used) {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0 to 1
        let level =
            &mut tally.by_confidence[(draft.confidence.clamp(0.0, 1.0) * 20.0).round() as usize];
        level.0 += 1;
        level.1 += usize::from(used);
        if !used {
            misses.push(format!("proposed, not a directive: {}", draft.text));
        }
    }
}

/// The JSON files of `folder`, in the order of their names.
pub(super) fn json_files(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    files
}

/// Scores every annotated text in `folder`, (tuning, held out).
pub fn score_folder(folder: &Path) -> (Tally, Tally, Vec<String>) {
    let mut tuning = Tally::default();
    let mut held_out = Tally::default();
    let mut misses = Vec::new();
    for path in json_files(folder) {
        let Some(annotated) = annotated_at(&path) else {
            misses.push(format!("{}: not an annotated text", path.display()));
            continue;
        };
        // A text not yet given to a part is scored in neither: it is named as a problem.
        let held = match annotated.split.as_deref() {
            Some("held-out") => true,
            Some("tuning") => false,
            _ => {
                misses.push(format!(
                    "{}: not an annotated text (its split is neither \"tuning\" nor \"held-out\")",
                    path.display()
                ));
                continue;
            }
        };
        let tally = if held { &mut held_out } else { &mut tuning };
        let mut found = Vec::new();
        let drafts = extract(&annotated.text, annotated.date);
        score(&annotated, &drafts, tally, &mut found);
        let part = if held { "held out" } else { "tuning" };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        misses.extend(
            found
                .into_iter()
                .map(|miss| format!("[{part} {name}] {miss}")),
        );
    }
    (tuning, held_out, misses)
}

/// A second annotator's directives, read as proposals.
fn as_proposals(annotated: &Annotated) -> Vec<Draft> {
    annotated
        .directives
        .iter()
        .filter_map(|d| {
            let byte = annotated.text.find(&d.quote)?;
            let start = annotated.text[..byte].chars().count();
            Some(Draft {
                text: d.quote.clone(),
                start,
                end: start + d.quote.chars().count(),
                lead: d.lead.clone(),
                co_owners: d.co_owners.clone(),
                group: None,
                deadline: d.deadline,
                deadline_phrase: d.deadline_phrase.clone(),
                confidence: 1.0,
                groups: Vec::new(),
                reading: super::Reading::Handed,
            })
        })
        .collect()
}

pub(super) fn annotated_at(path: &Path) -> Option<Annotated> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

/// How far a second annotator, working blind from EXTRACTION.md alone, agrees with the set:
/// each text of `folder/second` scored as proposals against the same text in `folder`. It
/// tells how much of the extractor's gap the conventions themselves leave open.
pub fn agreement(folder: &Path) -> (Tally, Vec<String>) {
    let mut tally = Tally::default();
    let mut misses = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(folder.join("second"))
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for second in files {
        let Some(name) = second.file_name() else {
            continue;
        };
        let (Some(first), Some(again)) = (annotated_at(&folder.join(name)), annotated_at(&second))
        else {
            misses.push(format!("{}: not an annotated text", second.display()));
            continue;
        };
        if first.text != again.text {
            misses.push(format!("{}: not the same text", second.display()));
            continue;
        }
        let mut found = Vec::new();
        score(&first, &as_proposals(&again), &mut tally, &mut found);
        let name = name.to_string_lossy();
        misses.extend(
            found
                .into_iter()
                .map(|miss| format!("[second {name}] {miss}")),
        );
    }
    (tally, misses)
}

/// What the set must not fall below (a fall means a change made the extractor worse), as
/// (recall, precision, lead, co-owners, day, no invented deadline) on the tuning part and the
/// held-out part. The targets (recall 90%, precision 85%, lead 90%, co-owners 80%, day
/// 90%, no invention 95% on held-out texts) are printed beside them; see the README for where
/// the extractor stands.
pub const FLOORS: [[f64; 6]; 2] = [
    // Measured 7/12/2026, rules at e959608 and the weighing of `learned` (1,551 texts, every
    // one of them held out until measured; their misses then read, and the weights learned from
    // them, so these read higher than text the extractor has not seen): 90.0%, 87.7%, 83.4%,
    // 93.5%, 86.4%, 98.7%. Before the weighing: 85.4%, 82.9%, 86.0%.
    [0.87, 0.85, 0.81, 0.92, 0.82, 0.97],
    // Measured 7/12/2026, the same (590 texts whose misses have not been read, and which the
    // weights never saw: 80 gathered first, then batches of 32 to 94 texts, each first measured
    // before it was read by anyone; the newest, 32 texts, gathered after the weighing was
    // built: 89.1%, 83.3%, 66.7%, the rules alone 86.1%, 78.4%, 67.8%): 87.1%, 84.5%, 75.0%,
    // 92.8%, 70.5% (of 122), 98.8%. Before the weighing, on the 558 texts of the others: 84.9%,
    // 81.1%, 77.3%. Fresh batches read 8 to 19 points apart from one
    // another, which is why these floors sit below the tuning part's.
    [0.82, 0.81, 0.73, 0.90, 0.68, 0.97],
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The set's annotations are only as good as their agreement with a second reading: a
    /// change to either that makes them part ways fails here.
    #[test]
    fn a_second_annotator_agrees_with_the_set() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/extract");
        let (tally, misses) = agreement(&folder);
        println!("{}", tally.report("second annotator"));
        for miss in &misses {
            println!("  {miss}");
        }
        assert!(tally.texts >= 10, "the second reading covers its texts");
        assert!(
            !misses
                .iter()
                .any(|m| m.contains("not an annotated text") || m.contains("not the same text")),
            "{misses:?}"
        );
        let figures = [
            tally.recall(),
            tally.precision(),
            tally.lead(),
            tally.co_owners(),
        ];
        // Measured 7/12/2026 (62 texts, 210 directives): 96.7%, 91.9%, 94.6%, 98.0%.
        for (figure, floor) in figures.iter().zip([0.95, 0.9, 0.9, 0.9]) {
            assert!(
                *figure >= floor,
                "{} fell below {floor}",
                tally.report("second annotator")
            );
        }
    }

    #[test]
    fn lists_compare_by_whom_they_name_however_cut() {
        let list = |names: &[&str]| units(&names.iter().map(|n| n.to_string()).collect::<Vec<_>>());
        assert_eq!(
            list(&["UBND các quận, huyện, TP Thủ Đức"]),
            list(&["UBND các quận, huyện", "UBND TP Thủ Đức"])
        );
        assert_eq!(
            list(&["các sở, ngành, đơn vị liên quan và các địa phương"]),
            list(&["các sở, ngành, đơn vị liên quan", "các địa phương"])
        );
        assert_ne!(
            list(&["Sở Tài chính"]),
            list(&["Sở Tài chính", "Sở Xây dựng"])
        );
    }

    #[test]
    fn names_compare_folded_with_abbreviations_written_out() {
        assert_eq!(
            normalise("Sở NN&PTNT"),
            normalise("Sở Nông nghiệp và Phát triển nông thôn")
        );
        assert_eq!(normalise("UBND tỉnh"), normalise("Ủy ban nhân dân tỉnh"));
        assert_eq!(
            normalise("Liên minh HTX tỉnh"),
            normalise("Liên minh Hợp tác xã tỉnh")
        );
        assert_ne!(normalise("Sở Tài chính"), normalise("Sở Xây dựng"));
    }

    #[test]
    fn the_annotated_texts_score_at_least_their_floors() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/extract");
        let (tuning, held_out, misses) = score_folder(&folder);
        println!("{}", tuning.report("tuning"));
        println!("{}", held_out.report("held out"));
        println!("targets on held-out texts: recall 90%, precision 85%, lead 90%, co-owners 80%, day 90%, no invented deadline 95%");
        // The held-out part's misses are not printed: whoever tunes the rules reads only the
        // tuning part's, so the held-out figures stay those of text nobody tuned on.
        for miss in misses.iter().filter(|m| !m.starts_with("[held out")) {
            println!("  {miss}");
        }
        assert!(
            tuning.texts >= 15 && held_out.texts >= 8,
            "the set holds its texts"
        );
        let problems: Vec<&String> = misses
            .iter()
            .filter(|m| m.contains("not an annotated text"))
            .collect();
        assert!(problems.is_empty(), "{problems:?}");
        for (tally, floors, name) in [
            (tuning, FLOORS[0], "tuning"),
            (held_out, FLOORS[1], "held out"),
        ] {
            // A draft's confidence means something: the surer a kind of draft, the more of
            // them are directives.
            let shares: Vec<f64> = tally
                .by_confidence
                .iter()
                .filter(|(proposed, _)| *proposed > 0)
                .map(|(proposed, directives)| share(*directives, *proposed))
                .collect();
            assert!(
                shares.windows(2).all(|pair| pair[0] <= pair[1]),
                "{name}: a surer draft is less often a directive{}",
                tally.calibration()
            );
            let figures = [
                tally.recall(),
                tally.precision(),
                tally.lead(),
                tally.co_owners(),
                tally.day(),
                tally.no_invention(),
            ];
            for ((figure, floor), what) in figures.iter().zip(floors).zip([
                "recall",
                "precision",
                "lead",
                "co-owners",
                "day",
                "no invention",
            ]) {
                assert!(
                    *figure >= floor,
                    "{name}: {what} {figure:.3} fell below {floor}"
                );
            }
        }
    }
}
