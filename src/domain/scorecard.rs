//! A scorecard: how the tasks of a department (or a meeting, or a committee) stood at the end of
//! a period, in the four classes the Government Office publishes, with the rates derived from
//! them and the ranking of the lines.
//!
//! The tasks counted are those assigned by the end of the period and not already finished
//! (accepted or cancelled) before it began: the work carried over from earlier periods plus the
//! work assigned during it. Their standing is the one they had at the end of the period.

use std::cmp::Ordering;

/// What the lines of a scorecard are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScoreGrouping {
    /// The lead department, as it was at the end of the period.
    #[default]
    Department,
    Meeting,
    Committee,
}

/// The counts the database adds up for one line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScoreCounts {
    /// Every task counted, cancelled ones included.
    pub total: u64,
    /// Assigned before the period began.
    pub carried_over: u64,
    /// Finished, submitted by the deadline (or with no deadline).
    pub done_on_time: u64,
    /// Finished, submitted after the deadline.
    pub done_late: u64,
    /// Still open and not past the deadline: ON_TRACK, DUE_SOON, and submitted in time.
    pub open_in_time: u64,
    /// Still open with no deadline: counted as in time, and shown apart.
    pub open_without_deadline: u64,
    /// Still open and past the deadline.
    pub open_overdue: u64,
    pub cancelled: u64,
    /// Open and overdue by 1 to 7 days, 8 to 30 days, more than 30 days.
    pub overdue_ageing: [u64; 3],
    /// Days late of the late ones: to the submission for finished tasks, to the end of the
    /// period for open ones.
    pub days_late: u64,
    /// Tasks given at least one extension by the end of the period.
    pub extended: u64,
    /// Tasks submitted at least once, and of those, returned by the chair at least once.
    pub submitted: u64,
    pub returned: u64,
}

/// A share, or nothing when there is nothing to share out.
fn rate(part: u64, whole: u64) -> Option<f64> {
    #[allow(clippy::cast_precision_loss)] // counts of tasks are far below 2^52
    (whole > 0).then(|| part as f64 / whole as f64)
}

impl ScoreCounts {
    /// Assigned during the period.
    pub fn assigned_in_period(&self) -> u64 {
        self.total.saturating_sub(self.carried_over)
    }

    /// The four published classes: "đang thực hiện trong hạn" includes the open tasks with no
    /// deadline (as the ministries' trackers count them), shown apart as well.
    pub fn in_time(&self) -> u64 {
        self.open_in_time + self.open_without_deadline
    }

    pub fn finished(&self) -> u64 {
        self.done_on_time + self.done_late
    }

    /// "Nhiệm vụ đến hạn": finished, or open past the deadline.
    pub fn due(&self) -> u64 {
        self.finished() + self.open_overdue
    }

    /// Finished on time, of the finished.
    pub fn on_time_rate(&self) -> Option<f64> {
        rate(self.done_on_time, self.finished())
    }

    /// Finished on time, of the tasks due: what lines are ranked by.
    pub fn on_time_rate_of_due(&self) -> Option<f64> {
        rate(self.done_on_time, self.due())
    }

    /// Tasks given an extension, of the tasks counted but cancelled.
    pub fn extension_rate(&self) -> Option<f64> {
        rate(self.extended, self.total.saturating_sub(self.cancelled))
    }

    /// Tasks returned, of the tasks submitted.
    pub fn return_rate(&self) -> Option<f64> {
        rate(self.returned, self.submitted)
    }

    /// Mean days late of the late tasks, finished or open.
    pub fn mean_days_late(&self) -> Option<f64> {
        rate(self.days_late, self.done_late + self.open_overdue)
    }

    /// A share of the total, for "count (percent)" cells.
    pub fn share(&self, part: u64) -> Option<f64> {
        rate(part, self.total)
    }

    /// Adds another line's counts: the total of a scorecard.
    pub fn add(&mut self, other: &ScoreCounts) {
        self.total += other.total;
        self.carried_over += other.carried_over;
        self.done_on_time += other.done_on_time;
        self.done_late += other.done_late;
        self.open_in_time += other.open_in_time;
        self.open_without_deadline += other.open_without_deadline;
        self.open_overdue += other.open_overdue;
        self.cancelled += other.cancelled;
        for (sum, bucket) in self.overdue_ageing.iter_mut().zip(other.overdue_ageing) {
            *sum += bucket;
        }
        self.days_late += other.days_late;
        self.extended += other.extended;
        self.submitted += other.submitted;
        self.returned += other.returned;
    }
}

/// How two lines compare, better first: the higher on-time rate over the tasks due, then fewer
/// overdue tasks (REPORTS.md: no published formula ranks departments; this one is shown).
/// A line with nothing due yet is not ranked and comes last.
pub fn compare(a: &ScoreCounts, b: &ScoreCounts) -> Ordering {
    match (a.on_time_rate_of_due(), b.on_time_rate_of_due()) {
        (Some(x), Some(y)) => y.total_cmp(&x).then(a.open_overdue.cmp(&b.open_overdue)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Sorts lines better first and gives each its rank: equal lines share a rank and the next
/// rank skips (1, 2, 2, 4); lines with nothing due get none.
pub fn rank<T>(lines: &mut [T], counts: impl Fn(&T) -> &ScoreCounts) -> Vec<Option<u32>> {
    lines.sort_by(|a, b| compare(counts(a), counts(b)));
    let mut ranks = Vec::with_capacity(lines.len());
    for index in 0..lines.len() {
        let here = counts(&lines[index]);
        let rank = if here.due() == 0 {
            None
        } else if index > 0 && compare(counts(&lines[index - 1]), here) == Ordering::Equal {
            ranks.last().copied().flatten()
        } else {
            u32::try_from(index + 1).ok()
        };
        ranks.push(rank);
    }
    ranks
}

/// "12 (34,5%)": a count and its share of the total, as the per-unit summary writes them.
pub fn count_with_share(count: u64, total: u64) -> String {
    match rate(count, total) {
        Some(share) => format!("{count} ({})", percent(share)),
        None => count.to_string(),
    }
}

/// A share written the Vietnamese way, with a decimal comma: "91,8%".
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0).replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(done_on_time: u64, done_late: u64, open_overdue: u64) -> ScoreCounts {
        ScoreCounts {
            total: done_on_time + done_late + open_overdue,
            done_on_time,
            done_late,
            open_overdue,
            ..ScoreCounts::default()
        }
    }

    #[test]
    fn rates_show_their_denominators_and_are_absent_over_nothing() {
        let counts = ScoreCounts {
            total: 10,
            carried_over: 4,
            done_on_time: 3,
            done_late: 1,
            open_in_time: 2,
            open_without_deadline: 1,
            open_overdue: 2,
            cancelled: 1,
            overdue_ageing: [1, 0, 1],
            days_late: 50,
            extended: 3,
            submitted: 5,
            returned: 1,
        };
        assert_eq!(counts.assigned_in_period(), 6);
        assert_eq!(
            (counts.in_time(), counts.finished(), counts.due()),
            (3, 4, 6)
        );
        assert_eq!(counts.on_time_rate(), Some(0.75));
        assert_eq!(counts.on_time_rate_of_due(), Some(0.5));
        assert_eq!(counts.extension_rate(), Some(3.0 / 9.0));
        assert_eq!(counts.return_rate(), Some(0.2));
        assert_eq!(counts.mean_days_late(), Some(50.0 / 3.0));
        let empty = ScoreCounts::default();
        assert_eq!(
            (
                empty.on_time_rate(),
                empty.return_rate(),
                empty.mean_days_late()
            ),
            (None, None, None)
        );
        assert_eq!(count_with_share(2501, 2723), "2501 (91,8%)");
        assert_eq!(count_with_share(0, 0), "0");
    }

    #[test]
    fn lines_rank_by_on_time_rate_of_due_then_fewer_overdue() {
        let mut lines = vec![
            ("nothing due", ScoreCounts::default()),
            ("half, two overdue", line(2, 0, 2)),
            ("all on time", line(3, 0, 0)),
            ("half, one overdue", line(1, 0, 1)),
            ("half, two overdue too", line(2, 0, 2)),
            ("none on time", line(0, 1, 1)),
        ];
        let ranks = rank(&mut lines, |(_, counts)| counts);
        let order: Vec<(&str, Option<u32>)> =
            lines.iter().map(|(name, _)| *name).zip(ranks).collect();
        assert_eq!(
            order,
            vec![
                ("all on time", Some(1)),
                ("half, one overdue", Some(2)),
                ("half, two overdue", Some(3)),
                ("half, two overdue too", Some(3)),
                ("none on time", Some(5)),
                ("nothing due", None),
            ]
        );
    }
}
