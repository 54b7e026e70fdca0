//! The service's clock. Every part asks it for "now" instead of the system, so that a rehearsal
//! (or a test) can run the whole service as if it were another day and hour: the setting
//! `clock_starts_at` starts the clock at a chosen instant, from which it runs at the normal pace.

use chrono::{DateTime, Duration, Utc};

/// The real clock, or the real clock moved by a fixed amount.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Clock {
    shift: Duration,
}

impl Clock {
    /// The system's clock.
    pub fn real() -> Clock {
        Clock::default()
    }

    /// A clock that reads `start` now, and runs on from there.
    pub fn starting_at(start: DateTime<Utc>) -> Clock {
        Clock {
            shift: start - Utc::now(),
        }
    }

    /// The clock set by the `clock_starts_at` setting: empty for the real clock, or an RFC 3339
    /// instant such as `2026-11-27T23:59:30+07:00`.
    ///
    /// # Errors
    /// When the text is neither empty nor such an instant.
    pub fn from_setting(text: &str) -> Result<Clock, String> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Clock::real());
        }
        DateTime::parse_from_rfc3339(text)
            .map(|start| Clock::starting_at(start.with_timezone(&Utc)))
            .map_err(|_| format!("\"{text}\" is not an instant like 2026-11-27T08:00:00+07:00"))
    }

    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.shift
    }

    /// Whether this is the system's clock, unmoved.
    pub fn is_real(&self) -> bool {
        self.shift.is_zero()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_started_clock_reads_its_start_and_runs_on() {
        let start = DateTime::parse_from_rfc3339("2026-11-27T23:59:30+07:00")
            .expect("an instant")
            .with_timezone(&Utc);
        let clock = Clock::from_setting(" 2026-11-27T23:59:30+07:00 ").expect("a clock");
        let first = clock.now();
        assert!((first - start).num_seconds().abs() <= 1, "{first}");
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(clock.now() > first);
        assert!(!clock.is_real());
    }

    #[test]
    fn an_empty_setting_is_the_real_clock_and_nonsense_is_refused() {
        let clock = Clock::from_setting("").expect("the real clock");
        assert!(clock.is_real());
        assert!((clock.now() - Utc::now()).num_seconds().abs() <= 1);
        assert!(Clock::from_setting("tomorrow").is_err());
        assert!(Clock::from_setting("2026-11-27").is_err());
    }
}
