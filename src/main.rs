//! The `dondoc` command: serve, migrate, manage users, load the demo, print the schema.

use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{Parser, Subcommand};
use sea_orm::DbErr;
use tokio::sync::Notify;

use dondoc::config::Settings;
use dondoc::domain::journal::AssignedFrom;
use dondoc::domain::reminders::ReminderPolicy;
use dondoc::domain::timeliness::DueSoonWindow;
use dondoc::domain::validate::{Email, Name};
use dondoc::domain::Role;
use dondoc::mail::Mailer;
use dondoc::reminders::Reminders;
use dondoc::server::{self, AppState};
use dondoc::store::backup::{redact_password, restore_sqlite, BackupError};
use dondoc::store::directory::{actor_of, NewUser};
use dondoc::store::imports::ImportRefusal;
use dondoc::store::{Store, StoreOptions};
use dondoc::{api, demo, generate};

/// Follow up the directives a steering committee hands out until each one is done.
#[derive(Parser)]
#[command(name = "dondoc", version)]
struct Cli {
    /// A settings file (TOML) overriding the built-in defaults; also DONDOC_CONFIG.
    #[arg(long, global = true)]
    config: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the GraphQL API (POST /graphql, query page at GET /graphql, GET /healthz).
    Serve {
        /// Load the demo meeting first when the database is empty.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Manage people.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Fill an empty database with made-up directives at a province's scale, for measuring.
    Generate {
        /// Tasks in all (the subtasks of split directives included).
        #[arg(long, default_value_t = 100_000)]
        tasks: u32,
        #[arg(long, default_value_t = 1_000)]
        departments: u32,
        /// The same seed makes the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Add to a database that already holds data.
        #[arg(long)]
        into_existing: bool,
    },
    /// Load the demo meeting of the Thái Bình steering committee into an empty database.
    Demo,
    /// Assign a meeting's directives from a spreadsheet (XLSX or CSV; see the template on the
    /// meeting's page): all of them, or none when any row has a problem (each is listed).
    Import {
        /// The spreadsheet.
        file: std::path::PathBuf,
        /// The meeting's number (as in its page's address).
        #[arg(long)]
        meeting: i32,
        /// The address of the chair or secretary the directives are assigned as.
        #[arg(long = "as")]
        as_person: String,
    },
    /// Draft the directives a meeting's text gives (a conclusion notice, a news item): prints
    /// JSON, each draft with its words and their place, lead, co-owners, group and deadline.
    Extract {
        /// The meeting's day: the year of dates written without one, and the start of "trong 15
        /// ngày". Without it, the first date near the top of the text.
        #[arg(long)]
        held_on: Option<chrono::NaiveDate>,
        /// The text (UTF-8); "-" or nothing reads it from standard input.
        file: Option<std::path::PathBuf>,
    },
    /// Write the task list or a period's scorecard as the pages' downloads give them, as XLSX
    /// or CSV by the file's extension.
    Export {
        #[command(subcommand)]
        what: ExportCommand,
    },
    /// Write today's reminders and send them now (for cron, or to catch up after downtime).
    Remind {
        /// Print the digests instead of sending them; nothing is written.
        #[arg(long)]
        dry_run: bool,
        /// Remind as of this day (YYYY-MM-DD) instead of today, whatever the hour.
        #[arg(long, value_parser = day_argument)]
        as_of: Option<chrono::NaiveDate>,
    },
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Copy the SQLite database to a new file, consistent even while the service runs (on
    /// PostgreSQL, says how to use pg_dump).
    Backup {
        /// The new file to write.
        path: std::path::PathBuf,
    },
    /// Put an SQLite backup in place of the database; stop the service first. The database
    /// it replaces is kept beside it.
    Restore {
        /// The backup file.
        path: std::path::PathBuf,
    },
}

/// An import's problems, one row per line.
fn listed(problems: &[dondoc::domain::import::RowProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("row {}: {}", p.line, p.problem))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A day on the command line, within the years every date must fall in.
fn day_argument(raw: &str) -> Result<chrono::NaiveDate, String> {
    let day = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| format!("\"{raw}\" is not a date; write it as YYYY-MM-DD"))?;
    dondoc::domain::validate::plausible_day(day, "The day").map_err(|rule| rule.to_string())
}

#[derive(Subcommand)]
enum ExportCommand {
    /// The task list, narrowed as the lists are.
    Tasks {
        /// The file to write: .xlsx or .csv.
        output: std::path::PathBuf,
        /// One committee's number.
        #[arg(long)]
        committee: Option<i32>,
        /// One meeting's number.
        #[arg(long)]
        meeting: Option<i32>,
        /// The tasks one department leads or co-owns.
        #[arg(long)]
        department: Option<i32>,
        /// Statuses separated by commas, such as IN_PROGRESS,SUBMITTED.
        #[arg(long)]
        status: Option<String>,
        /// Standings separated by commas, such as OVERDUE,DUE_SOON.
        #[arg(long)]
        timeliness: Option<String>,
        /// Words in the title or description, diacritics or not.
        #[arg(long)]
        search: Option<String>,
        /// English headings instead of Vietnamese.
        #[arg(long)]
        english: bool,
    },
    /// A period's scorecard: the per-unit summary (XLSX) or every number (CSV).
    Scorecard {
        /// The file to write: .xlsx or .csv.
        output: std::path::PathBuf,
        #[arg(long)]
        year: Option<i32>,
        /// 1 to 4.
        #[arg(long)]
        quarter: Option<u32>,
        /// 1 to 12.
        #[arg(long)]
        month: Option<u32>,
        /// First and last days instead of a named period (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        /// Cut periods on the 15th (a quarter from the 15th of the month before it to the 14th
        /// of its last month).
        #[arg(long)]
        fifteenth: bool,
        /// One line per `department` (the default), `meeting` or `committee`.
        #[arg(long)]
        group: Option<String>,
        /// One committee's number; every committee when absent.
        #[arg(long)]
        committee: Option<i32>,
        /// English headings instead of Vietnamese.
        #[arg(long)]
        english: bool,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a person; their API token is printed alone on the last line.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        /// ADMIN, CHAIR, SECRETARY, LIAISON or VIEWER.
        #[arg(long)]
        role: String,
        /// The department code of a liaison, e.g. SCT.
        #[arg(long)]
        department: Option<String>,
    },
    /// Revoke a person's access; their tokens stop working at once.
    Revoke {
        #[arg(long)]
        email: String,
    },
}

fn settings(cli: &Cli) -> Result<Settings, String> {
    let mut env: HashMap<String, String> = std::env::vars().collect();
    if let Some(path) = &cli.config {
        env.insert("DONDOC_CONFIG".into(), path.clone());
    }
    Settings::from_sources(&env).map_err(|e| e.to_string())
}

async fn open_store(settings: &Settings) -> Result<Store, String> {
    let options = StoreOptions {
        database_url: settings.database_url.clone(),
        max_connections: settings.max_connections,
        sqlite_busy_timeout: Duration::from_millis(settings.sqlite_busy_timeout_ms),
        due_soon: DueSoonWindow(settings.due_soon_days),
        calendar: settings.calendar().map_err(|e| e.to_string())?,
        notice_delay: chrono::Duration::minutes(i64::from(settings.notice_delay_minutes)),
    };
    let cannot_open = |e: DbErr| {
        format!(
            "cannot open the database {}: {e}",
            redact_password(&settings.database_url)
        )
    };
    Store::migrate(&options).await.map_err(|e| match e {
        DbErr::Conn(_) => cannot_open(e),
        e => format!("cannot bring the database schema up to date: {e}"),
    })?;
    let store = Store::connect(&options).await.map_err(cannot_open)?;
    let moved = store
        .refresh_due_days()
        .await
        .map_err(|e| format!("cannot apply the working-day calendar: {e}"))?;
    if moved > 0 {
        tracing::info!(
            tasks = moved,
            "due days recomputed for the current holiday list"
        );
    }
    Ok(store)
}

/// The mail server, when one is configured.
fn mailer(settings: &Settings) -> Result<Option<Mailer>, String> {
    if settings.smtp_url.trim().is_empty() {
        return Ok(None);
    }
    Mailer::new(
        &settings.smtp_url,
        &settings.mail_from,
        Duration::from_secs(settings.smtp_timeout_seconds),
        settings.reminder_workers,
    )
    .map(Some)
}

/// The reminder service that sends: its mail links sign each person in (`serve` and `remind`
/// alike, so the two cannot differ).
fn sending_reminders(
    settings: &Settings,
    store: Store,
    policy: ReminderPolicy,
    mailer: Mailer,
) -> Reminders {
    Reminders::new(store, policy, &settings.public_url, Some(mailer))
        .with_sign_in_links(chrono::Duration::hours(i64::from(settings.mail_link_hours)))
        .with_lease(chrono::Duration::seconds(
            i64::try_from(settings.reminder_lease_seconds).unwrap_or(i64::MAX),
        ))
        .with_workers(settings.reminder_workers)
}

fn print_accounts(accounts: &[demo::DemoAccount]) {
    println!("Demo accounts (API tokens: send as \"Authorization: Bearer <token>\"):");
    for account in accounts {
        println!(
            "  {:<9} {:<10} {:<45} {}",
            account.role.as_str(),
            account.department.as_deref().unwrap_or("-"),
            account.email,
            account.token
        );
    }
    println!("{}", demo::CHOICES);
}

async fn run(cli: Cli) -> Result<(), String> {
    if let Command::Schema = cli.command {
        print!("{}", api::sdl());
        return Ok(());
    }
    let mut settings = settings(&cli)?;
    init_logging(&settings.log);
    let clock = settings.clock().map_err(|e| e.to_string())?;
    if !clock.is_real() {
        tracing::warn!(now = %clock.now(), "the clock is set by clock_starts_at: dates and times are not today's");
    }
    match cli.command {
        Command::Schema => Ok(()),
        Command::Migrate => {
            open_store(&settings).await?;
            println!("The database schema is up to date.");
            Ok(())
        }
        Command::Generate {
            tasks,
            departments,
            seed,
            into_existing,
        } => {
            let store = open_store(&settings).await?;
            let started = std::time::Instant::now();
            let mut shown = 0;
            let made = generate::generate(
                &store,
                generate::Scale {
                    tasks,
                    departments,
                    seed,
                },
                into_existing,
                clock.now(),
                |done, all| {
                    let percent = u64::from(done) * 100 / u64::from(all.max(1));
                    if percent > shown {
                        shown = percent;
                        eprint!("\r{done} of {all} tasks ({percent}%)");
                    }
                },
            )
            .await
            .map_err(|e| e.to_string())?;
            eprintln!();
            println!(
                "Made {} departments, {} committees, {} meetings and {} tasks in {:.0} s.",
                made.departments,
                made.committees,
                made.meetings,
                made.tasks,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Import {
            file,
            meeting,
            as_person,
        } => {
            let content = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let table = dondoc::tabular::rows_of(&content).map_err(|e| e.to_string())?;
            eprintln!(
                "Read {} rows from {}.",
                table.len().saturating_sub(1),
                file.display()
            );
            let rows = dondoc::domain::import::read_table(&table)
                .map_err(|problems| format!("Nothing was imported:\n{}", listed(&problems)))?;
            let store = open_store(&settings).await?;
            let email = Email::parse(&as_person).map_err(|e| e.to_string())?;
            let person = store
                .active_user_by_email(&email)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("No active account has the address {as_person}."))?;
            let actor = actor_of(&person).map_err(|e| e.to_string())?;
            eprintln!("Assigning {} directives in one change…", rows.len());
            match store
                .import_directives(
                    &actor,
                    meeting,
                    rows,
                    AssignedFrom::Spreadsheet,
                    clock.now(),
                )
                .await
            {
                Ok(assigned) => {
                    println!(
                        "Assigned {} directives at meeting {meeting}.",
                        assigned.len()
                    );
                    Ok(())
                }
                Err(ImportRefusal::Rows(problems)) => {
                    Err(format!("Nothing was imported:\n{}", listed(&problems)))
                }
                Err(ImportRefusal::Store(error)) => Err(error.to_string()),
            }
        }
        Command::Extract { held_on, file } => {
            let text = match file.as_deref().filter(|f| f.as_os_str() != "-") {
                Some(path) => {
                    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?
                }
                None => {
                    let mut bytes = Vec::new();
                    std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
                        .map_err(|e| format!("standard input: {e}"))?;
                    bytes
                }
            };
            let text = String::from_utf8(text).map_err(|_| "The text is not UTF-8.".to_string())?;
            let directives = dondoc::extract::extract(&text, held_on);
            let json = serde_json::json!({ "directives": directives });
            println!(
                "{}",
                serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?
            );
            Ok(())
        }
        Command::Export { what } => {
            let store = open_store(&settings).await?;
            let text = |value: Option<String>| value.unwrap_or_default();
            let number = |value: Option<i32>| value.map(|v| v.to_string()).unwrap_or_default();
            let language = |english: bool| if english { "en" } else { "vi" }.to_string();
            let output = match what {
                ExportCommand::Tasks {
                    output,
                    committee,
                    meeting,
                    department,
                    status,
                    timeliness,
                    search,
                    english,
                } => {
                    let pairs = [
                        ("committee", number(committee)),
                        ("meeting", number(meeting)),
                        ("department", number(department)),
                        ("status", text(status)),
                        ("timeliness", text(timeliness)),
                        ("search", text(search)),
                        ("lang", language(english)),
                    ];
                    // An empty number is no filter: leave it out rather than send "".
                    let pairs: Vec<(&str, String)> =
                        pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect();
                    dondoc::web::exports::task_list_file(&store, clock.now(), &pairs, &output)
                        .await?;
                    output
                }
                ExportCommand::Scorecard {
                    output,
                    year,
                    quarter,
                    month,
                    from,
                    to,
                    fifteenth,
                    group,
                    committee,
                    english,
                } => {
                    let xlsx = match output.extension().and_then(|e| e.to_str()) {
                        Some("xlsx") => true,
                        Some("csv") => false,
                        _ => {
                            return Err(format!(
                                "{}: name the file .xlsx or .csv",
                                output.display()
                            ))
                        }
                    };
                    let pairs = [
                        ("year", number(year)),
                        (
                            "quarter",
                            quarter.map(|v| v.to_string()).unwrap_or_default(),
                        ),
                        ("month", month.map(|v| v.to_string()).unwrap_or_default()),
                        ("from", text(from)),
                        ("to", text(to)),
                        (
                            "scheme",
                            if fifteenth { "fifteenth" } else { "calendar" }.to_string(),
                        ),
                        ("group", text(group)),
                        ("committee", number(committee)),
                        ("lang", language(english)),
                    ];
                    let (_, bytes) =
                        dondoc::web::scorecards::scorecard_file(&store, clock.now(), &pairs, xlsx)
                            .await?;
                    std::fs::write(&output, bytes)
                        .map_err(|e| format!("{}: {e}", output.display()))?;
                    output
                }
            };
            println!("Wrote {}.", output.display());
            Ok(())
        }
        Command::Demo => {
            let store = open_store(&settings).await?;
            let accounts = demo::load(&store, clock.now())
                .await
                .map_err(|e| e.to_string())?;
            print_accounts(&accounts);
            Ok(())
        }
        Command::Backup { path } => {
            let store = open_store(&settings).await?;
            match store.back_up_to(&path, &settings.database_url).await {
                Ok(()) => {
                    println!("Backed up to {}", path.display());
                    Ok(())
                }
                Err(BackupError::UsePgDump(advice)) => {
                    println!("{advice}");
                    Err("no backup was made".into())
                }
                Err(error) => Err(error.to_string()),
            }
        }
        Command::Restore { path } => {
            let kept = restore_sqlite(&settings.database_url, &path, clock.now())
                .await
                .map_err(|e| e.to_string())?;
            println!("Restored {}.", path.display());
            if let Some(kept) = kept {
                println!("The database it replaced is kept as {}.", kept.display());
            }
            Ok(())
        }
        Command::Remind { dry_run, as_of } => {
            // Without a server of its own, links lead to where `serve` is set to listen.
            settings.public_url = settings.public_url_listening_on(&settings.listen);
            let store = open_store(&settings).await?;
            let policy = settings.reminder_policy().map_err(|e| e.to_string())?;
            let now = clock.now();
            if dry_run {
                let reminders = Reminders::new(store, policy, &settings.public_url, None);
                let planned = reminders
                    .plan(now, as_of)
                    .await
                    .map_err(|e| e.to_string())?;
                let previews = reminders
                    .preview(&planned)
                    .await
                    .map_err(|e| e.to_string())?;
                for (recipient, digest) in &previews {
                    println!(
                        "To: {recipient}\nSubject: {}\n\n{}\n",
                        digest.subject, digest.text
                    );
                }
                println!(
                    "{} digest(s) would be sent; nothing was written or sent.",
                    previews.len()
                );
                return Ok(());
            }
            let mailer = mailer(&settings)?.ok_or(
                "no mail server is set: set DONDOC_SMTP_URL (or smtp_url), or use --dry-run",
            )?;
            let reminders = sending_reminders(&settings, store, policy, mailer);
            let written = reminders
                .sweep(now, as_of)
                .await
                .map_err(|e| e.to_string())?;
            let report = reminders.dispatch(now).await.map_err(|e| e.to_string())?;
            println!(
                "{written} new reminder(s); {} digest(s) sent, {} to retry, {} failed.",
                report.sent, report.retrying, report.failed
            );
            Ok(())
        }
        Command::User { command } => {
            let store = open_store(&settings).await?;
            match command {
                UserCommand::Add {
                    name,
                    email,
                    role,
                    department,
                } => {
                    let department_id = match department {
                        Some(code) => Some(
                            store
                                .department_by_code(&code)
                                .await
                                .map_err(|e| e.to_string())?
                                .id,
                        ),
                        None => None,
                    };
                    let new = NewUser {
                        name: Name::parse(&name).map_err(|e| e.to_string())?,
                        email: Email::parse(&email).map_err(|e| e.to_string())?,
                        role: role.parse::<Role>().map_err(|e| e.to_string())?,
                        department_id,
                    };
                    let (user, token) = store
                        .create_user(new, clock.now())
                        .await
                        .map_err(|e| e.to_string())?;
                    println!(
                        "Added {} <{}> as {}. Their API token (shown once):",
                        user.name, user.email, user.role
                    );
                    println!("{token}");
                    Ok(())
                }
                UserCommand::Revoke { email } => {
                    let email = Email::parse(&email).map_err(|e| e.to_string())?;
                    if store
                        .revoke_user(&email, clock.now())
                        .await
                        .map_err(|e| e.to_string())?
                    {
                        println!("Revoked {}: their tokens no longer work.", email.as_str());
                        Ok(())
                    } else {
                        Err(format!(
                            "No active account has the address {}.",
                            email.as_str()
                        ))
                    }
                }
            }
        }
        Command::Serve { demo: with_demo } => {
            let listener = tokio::net::TcpListener::bind(&settings.listen)
                .await
                .map_err(|e| format!("cannot listen on {}: {e}", settings.listen))?;
            let address = listener.local_addr().map_err(|e| e.to_string())?;
            settings.public_url = settings.public_url_listening_on(&address.to_string());
            let store = open_store(&settings).await?;
            if with_demo && store.is_empty().await.map_err(|e| e.to_string())? {
                let accounts = demo::load(&store, clock.now())
                    .await
                    .map_err(|e| e.to_string())?;
                print_accounts(&accounts);
            }
            if with_demo {
                let links = demo::sign_in_links(&store, &settings.public_url, clock.now())
                    .await
                    .map_err(|e| e.to_string())?;
                println!("Sign in to the pages with these links (each works once, for a day):");
                for (who, link) in links {
                    println!("  {who:<22} {link}");
                }
            }
            let (stop_reminders, reminders_stopped) = tokio::sync::watch::channel(false);
            let bell = Arc::new(Notify::new());
            let reminder_loop = match mailer(&settings)? {
                Some(mailer) => {
                    let policy = settings.reminder_policy().map_err(|e| e.to_string())?;
                    let reminders = sending_reminders(&settings, store.clone(), policy, mailer)
                        .with_clock(clock);
                    let interval = Duration::from_secs(settings.reminder_check_seconds.max(1));
                    Some(tokio::spawn(reminders.run(
                        interval,
                        Arc::clone(&bell),
                        reminders_stopped,
                    )))
                }
                None => {
                    tracing::warn!(
                        "no smtp_url is set (DONDOC_SMTP_URL): e-mail reminders are off"
                    );
                    None
                }
            };
            println!(
                "dondoc is listening on http://{address} (query page: http://{address}/graphql)"
            );
            let state = AppState::new(store, &settings, bell, mailer(&settings)?, clock);
            let served = server::serve(
                state,
                listener,
                server::shutdown_signal(),
                Duration::from_secs(settings.shutdown_grace_seconds),
            )
            .await;
            let _ = stop_reminders.send(true);
            if let Some(handle) = reminder_loop {
                let _ = handle.await;
            }
            served.map_err(|e| format!("the server stopped: {e}"))?;
            println!("dondoc stopped.");
            Ok(())
        }
    }
}

fn init_logging(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour codes only for a terminal, not in a log file.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("dondoc: {message}");
            ExitCode::FAILURE
        }
    }
}
