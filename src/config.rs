//! Settings: the documented defaults built in from `config/default.toml`, then the file named by
//! `DONDOC_CONFIG`, then `DONDOC_*` environment variables.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveTime;
use serde::Deserialize;

use crate::clock::Clock;
use crate::domain::calendar::WorkCalendar;
use crate::domain::reminders::ReminderPolicy;
use crate::domain::timeliness::DueSoonWindow;

/// The defaults, documented where operators read them.
pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");

/// Every setting of the service.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub database_url: String,
    pub max_connections: u32,
    pub sqlite_busy_timeout_ms: u64,
    pub listen: String,
    pub public_url: String,
    pub max_body_bytes: usize,
    pub shutdown_grace_seconds: u64,
    pub max_query_depth: usize,
    pub max_query_cost: usize,
    pub max_batch_size: usize,
    pub due_soon_days: u32,
    pub working_days: String,
    pub holidays_file: String,
    pub reminder_send_at: String,
    pub reminder_overdue_every: u32,
    pub reminder_escalate_after_days: u32,
    pub reminder_notify_co_owners: bool,
    pub reminder_check_seconds: u64,
    pub notice_delay_minutes: u32,
    pub session_hours: u32,
    pub sign_in_link_minutes: u32,
    pub mail_link_hours: u32,
    pub max_form_bytes: usize,
    pub documents_dir: String,
    pub document_max_bytes: usize,
    pub sign_in_links_per_address: u32,
    pub sign_in_requests_per_client: u32,
    pub sign_in_limit_minutes: u32,
    pub trust_forwarded_for: bool,
    pub smtp_url: String,
    pub mail_from: String,
    pub smtp_timeout_seconds: u64,
    pub reminder_lease_seconds: u64,
    pub reminder_workers: u32,
    pub clock_starts_at: String,
    pub log: String,
}

/// The holidays shipped with dondoc.
pub const VIETNAM_HOLIDAYS: &str = include_str!("../config/holidays-vn.txt");

impl Settings {
    /// The working-day calendar: the configured weekdays less the holidays.
    ///
    /// # Errors
    /// When a weekday name is wrong or the holiday file cannot be read or parsed.
    pub fn calendar(&self) -> Result<WorkCalendar, ConfigError> {
        let names: Vec<String> = self
            .working_days
            .split(',')
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty())
            .collect();
        let weekdays = WorkCalendar::parse_weekdays(&names).map_err(|e| ConfigError::Value {
            name: "working_days".into(),
            reason: e.to_string(),
        })?;
        let text = if self.holidays_file.trim().is_empty() {
            VIETNAM_HOLIDAYS.to_string()
        } else {
            std::fs::read_to_string(&self.holidays_file).map_err(|source| ConfigError::Read {
                path: self.holidays_file.clone(),
                source,
            })?
        };
        let holidays = WorkCalendar::parse_holidays(&text).map_err(|e| ConfigError::Value {
            name: "holidays_file".into(),
            reason: e.to_string(),
        })?;
        Ok(WorkCalendar::new(&weekdays, holidays))
    }

    /// The address people reach dondoc at: `public_url`, or when that is empty the address it
    /// listens on (127.0.0.1 standing for "every address").
    pub fn public_url_listening_on(&self, listening: &str) -> String {
        let configured = self.public_url.trim().trim_end_matches('/');
        if configured.is_empty() {
            format!("http://{}", listening.replace("0.0.0.0", "127.0.0.1"))
        } else {
            configured.to_string()
        }
    }

    /// The service's clock: the real one unless `clock_starts_at` sets another start.
    ///
    /// # Errors
    /// When `clock_starts_at` is not an instant.
    pub fn clock(&self) -> Result<Clock, ConfigError> {
        Clock::from_setting(&self.clock_starts_at).map_err(|reason| ConfigError::Value {
            name: "clock_starts_at".into(),
            reason,
        })
    }

    /// The reminder settings every committee starts from.
    ///
    /// # Errors
    /// When the send time is not a time of day, the number of senders is not 1 to 64, or the
    /// lease of a digest being sent is not longer than the mail server's timeout (a slow send
    /// would be taken over and sent twice).
    pub fn reminder_policy(&self) -> Result<ReminderPolicy, ConfigError> {
        if !(1..=64).contains(&self.reminder_workers) {
            return Err(ConfigError::Value {
                name: "reminder_workers".into(),
                reason: format!("{} is not between 1 and 64", self.reminder_workers),
            });
        }
        if self.reminder_lease_seconds <= self.smtp_timeout_seconds {
            return Err(ConfigError::Value {
                name: "reminder_lease_seconds".into(),
                reason: format!(
                    "{} must be longer than smtp_timeout_seconds ({})",
                    self.reminder_lease_seconds, self.smtp_timeout_seconds
                ),
            });
        }
        let send_at =
            NaiveTime::parse_from_str(self.reminder_send_at.trim(), "%H:%M").map_err(|_| {
                ConfigError::Value {
                    name: "reminder_send_at".into(),
                    reason: format!("\"{}\" is not a time like 08:00", self.reminder_send_at),
                }
            })?;
        Ok(ReminderPolicy {
            send_at,
            due_soon: DueSoonWindow(self.due_soon_days),
            overdue_every: self.reminder_overdue_every.max(1),
            escalate_after_days: self.reminder_escalate_after_days,
            notify_co_owners: self.reminder_notify_co_owners,
        })
    }
}

/// Why the settings could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the settings file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("the settings file {path} is not valid TOML: {source}")]
    Parse {
        path: String,
        source: Box<toml::de::Error>,
    },
    #[error("{name}={value:?} is not a valid value: {reason}")]
    Environment {
        name: String,
        value: String,
        reason: String,
    },
    #[error("the setting {name} is wrong: {reason}")]
    Value { name: String, reason: String },
    #[error("invalid settings: {0}")]
    Invalid(Box<toml::de::Error>),
}

fn parse_table(text: &str, path: &str) -> Result<toml::Table, ConfigError> {
    text.parse::<toml::Table>()
        .map_err(|source| ConfigError::Parse {
            path: path.to_string(),
            source: Box::new(source),
        })
}

impl Settings {
    /// Reads the settings from the process environment.
    ///
    /// # Errors
    /// When the file cannot be read or parsed, or a value has the wrong type.
    pub fn load() -> Result<Settings, ConfigError> {
        let env: HashMap<String, String> = std::env::vars().collect();
        Settings::from_sources(&env)
    }

    /// Reads the settings from the given environment, so tests need not touch the process's.
    ///
    /// # Errors
    /// As [`Settings::load`].
    pub fn from_sources(env: &HashMap<String, String>) -> Result<Settings, ConfigError> {
        let mut table = parse_table(DEFAULT_TOML, "config/default.toml (built in)")?;
        if let Some(path) = env.get("DONDOC_CONFIG").filter(|p| !p.is_empty()) {
            let text =
                std::fs::read_to_string(Path::new(path)).map_err(|source| ConfigError::Read {
                    path: path.clone(),
                    source,
                })?;
            for (key, value) in parse_table(&text, path)? {
                table.insert(key, value);
            }
        }
        let keys: Vec<String> = table.keys().cloned().collect();
        for key in keys {
            let name = format!("DONDOC_{}", key.to_ascii_uppercase());
            let Some(raw) = env.get(&name) else { continue };
            let value = match table.get(&key) {
                Some(toml::Value::Integer(_)) => raw
                    .trim()
                    .parse::<i64>()
                    .map(toml::Value::Integer)
                    .map_err(|e| ConfigError::Environment {
                        name: name.clone(),
                        value: raw.clone(),
                        reason: e.to_string(),
                    })?,
                Some(toml::Value::Boolean(_)) => match raw.trim().to_ascii_lowercase().as_str() {
                    "true" | "1" | "yes" => toml::Value::Boolean(true),
                    "false" | "0" | "no" => toml::Value::Boolean(false),
                    _ => {
                        return Err(ConfigError::Environment {
                            name: name.clone(),
                            value: raw.clone(),
                            reason: "use true or false".into(),
                        })
                    }
                },
                _ => toml::Value::String(raw.clone()),
            };
            table.insert(key, value);
        }
        toml::Value::Table(table)
            .try_into()
            .map_err(|e| ConfigError::Invalid(Box::new(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_built_in_defaults_are_safe() {
        let settings = Settings::from_sources(&env(&[])).expect("defaults parse");
        assert_eq!(settings.database_url, "sqlite://dondoc.db?mode=rwc");
        assert_eq!(settings.listen, "127.0.0.1:8080");
        assert_eq!(settings.due_soon_days, 3);
        assert_eq!(settings.max_body_bytes, 1024 * 1024);
    }

    #[test]
    fn links_follow_the_listening_address_unless_a_public_one_is_set() {
        let mut settings = Settings::from_sources(&env(&[])).expect("defaults parse");
        assert_eq!(
            settings.public_url_listening_on("127.0.0.1:41234"),
            "http://127.0.0.1:41234"
        );
        assert_eq!(
            settings.public_url_listening_on("0.0.0.0:8080"),
            "http://127.0.0.1:8080"
        );
        settings.public_url = "https://dondoc.thaibinh.gov.vn/".into();
        assert_eq!(
            settings.public_url_listening_on("0.0.0.0:8080"),
            "https://dondoc.thaibinh.gov.vn"
        );
    }

    #[test]
    fn environment_variables_override_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("site.toml");
        std::fs::write(&file, "listen = \"0.0.0.0:9000\"\ndue_soon_days = 5\n").expect("write");
        let path = file.to_string_lossy().to_string();
        let settings = Settings::from_sources(&env(&[
            ("DONDOC_CONFIG", &path),
            ("DONDOC_DUE_SOON_DAYS", "7"),
            (
                "DONDOC_DATABASE_URL",
                "postgres://postgres@127.0.0.1/dondoc",
            ),
        ]))
        .expect("settings");
        assert_eq!(settings.listen, "0.0.0.0:9000");
        assert_eq!(settings.due_soon_days, 7);
        assert_eq!(
            settings.database_url,
            "postgres://postgres@127.0.0.1/dondoc"
        );
    }

    #[test]
    fn bad_values_are_reported_by_name() {
        let error = Settings::from_sources(&env(&[("DONDOC_DUE_SOON_DAYS", "soon")]))
            .expect_err("not a number");
        assert!(
            error.to_string().contains("DONDOC_DUE_SOON_DAYS"),
            "{error}"
        );
        let unknown = tempfile::NamedTempFile::new().expect("temp file");
        std::fs::write(unknown.path(), "colour = \"red\"\n").expect("write");
        let path = unknown.path().to_string_lossy().to_string();
        assert!(Settings::from_sources(&env(&[("DONDOC_CONFIG", &path)])).is_err());
    }
}
