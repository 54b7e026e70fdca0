//! Scorecards and history-true reports on a hand-checked fixture: a committee's work from June
//! to October 2022, done through the API with the server's clock moved from day to day, then
//! asked "how did each department stand at the end of Q3 2022, and who is worst?".

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde_json::{json, Value};

use crate::helpers::{browser, cli, open_sign_in_link, sign_in_link_for, Backend, TestApp};
use crate::on_both_backends;
use crate::world::{World, CANCEL, DECIDE_EXTENSION, REQUEST_EXTENSION, REVIEW, UPDATE};

/// The server's clock, at 09:00 in Hà Nội on `day`.
fn morning(day: &str) -> String {
    format!("{day}T09:00:00+07:00")
}

/// The fixture: who did what, and when.
struct Fixture {
    app: TestApp,
    world: World,
    /// Task ids by the letter the expectations use.
    tasks: std::collections::HashMap<char, String>,
}

impl Fixture {
    fn on(&mut self, day: &str) {
        let at = chrono::DateTime::parse_from_rfc3339(&morning(day)).expect("an instant");
        self.app.kill_and_restart_at(at.with_timezone(&chrono::Utc));
    }

    async fn assign(&mut self, letter: char, meeting: &str, lead: &str, deadline: Option<&str>) {
        let task = self
            .world
            .assign_in(
                &self.app,
                meeting,
                json!({ "title": format!("Nhiệm vụ {letter}"), "leadId": self.world.department(lead), "deadline": deadline }),
            )
            .await;
        self.tasks
            .insert(letter, task["id"].as_str().unwrap_or_default().to_string());
    }

    fn id(&self, letter: char) -> &str {
        &self.tasks[&letter]
    }

    async fn submit(&self, letter: char, lead: &str) {
        self.app
            .ok(
                &self.world.liaison(lead),
                UPDATE,
                json!({ "input": { "taskId": self.id(letter), "status": "SUBMITTED", "note": "Đã hoàn thành, báo cáo kèm theo" } }),
            )
            .await;
    }

    async fn review(&self, letter: char, accept: bool) {
        self.app
            .ok(
                &self.world.chair,
                REVIEW,
                json!({ "input": { "taskId": self.id(letter), "accept": accept, "note": if accept { "Đạt" } else { "Chưa đạt, bổ sung số liệu" } } }),
            )
            .await;
    }

    async fn meeting(&self, held_on: &str) -> String {
        let meeting = self
            .app
            .ok(
                &self.world.secretary,
                "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }",
                json!({ "input": { "committeeId": self.world.committee, "title": format!("Họp ngày {held_on}"), "heldOn": held_on } }),
            )
            .await;
        meeting["createMeeting"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

/// June to October 2022 (every day a working day in tests):
/// - LMHTX: J due 30/6, done 28/6 (before Q3); K assigned in June, due 20/7, done on time;
///   A due 15/8, done on time; B due 15/8, submitted 20/8 (5 days late); H cancelled 1/9.
/// - SKHCN: C due 9/9, open at the end of Q3 (21 days late), finished in October; D due 28/9,
///   open (2 days late); I assigned in October.
/// - SCT: E due 31/12, extended to 31/1/2023; F without a deadline; G due 20/9, submitted 15/9,
///   returned 18/9, open at the end of Q3 (10 days late).
async fn fixture(backend: Backend) -> Fixture {
    let app = TestApp::spawn_with(
        backend,
        &[("DONDOC_CLOCK_STARTS_AT", &morning("2022-06-20"))],
    )
    .await;
    let world = World::build(&app).await;
    let mut f = Fixture {
        app,
        world,
        tasks: std::collections::HashMap::new(),
    };
    let june = f.meeting("2022-06-20").await;
    f.assign('J', &june, "LMHTX", Some("2022-06-30")).await;
    f.assign('K', &june, "LMHTX", Some("2022-07-20")).await;
    f.on("2022-06-28");
    f.submit('J', "LMHTX").await;
    f.review('J', true).await;
    f.on("2022-07-05");
    let july = f.meeting("2022-07-05").await;
    for (letter, lead, deadline) in [
        ('A', "LMHTX", Some("2022-08-15")),
        ('B', "LMHTX", Some("2022-08-15")),
        ('H', "LMHTX", Some("2022-09-30")),
        ('C', "SKHCN", Some("2022-09-09")),
        ('D', "SKHCN", Some("2022-09-28")),
        ('E', "SCT", Some("2022-12-31")),
        ('F', "SCT", None),
        ('G', "SCT", Some("2022-09-20")),
    ] {
        f.assign(letter, &july, lead, deadline).await;
    }
    f.on("2022-07-18");
    f.submit('K', "LMHTX").await;
    f.review('K', true).await;
    f.on("2022-08-01");
    let request = f
        .app
        .ok(
            &f.world.liaison("SCT"),
            REQUEST_EXTENSION,
            json!({ "input": { "taskId": f.id('E'), "requestedDeadline": "2023-01-31", "reason": "Chờ ý kiến của Bộ" } }),
        )
        .await;
    f.app
        .ok(
            &f.world.chair,
            DECIDE_EXTENSION,
            json!({ "input": { "requestId": request["requestExtension"]["id"], "approve": true } }),
        )
        .await;
    f.on("2022-08-10");
    f.submit('A', "LMHTX").await;
    f.review('A', true).await;
    f.on("2022-08-20");
    f.submit('B', "LMHTX").await;
    f.review('B', true).await;
    f.on("2022-09-01");
    f.app
        .ok(
            &f.world.secretary,
            CANCEL,
            json!({ "input": { "taskId": f.id('H'), "reason": "Không còn phù hợp" } }),
        )
        .await;
    f.on("2022-09-15");
    f.submit('G', "SCT").await;
    f.on("2022-09-18");
    f.review('G', false).await;
    f.on("2022-10-05");
    f.submit('C', "SKHCN").await;
    f.review('C', true).await;
    f.on("2022-10-10");
    let october = f.meeting("2022-10-10").await;
    f.assign('I', &october, "SKHCN", Some("2022-11-30")).await;
    f
}

const SCORECARD: &str = "query($period: PeriodInput, $groupBy: ScoreGrouping = DEPARTMENT) {
  scorecard(period: $period, groupBy: $groupBy) {
    period { from to label } asOf groupBy
    total { total carriedOver assignedInPeriod doneOnTime doneLate inTime withoutDeadline overdue cancelled due }
    lines {
      rank department { code } meeting { heldOn } committee { id }
      total carriedOver assignedInPeriod doneOnTime doneLate inTime withoutDeadline overdue cancelled due
      onTimeRate onTimeRateOfDue overdueUpTo7Days overdue8To30Days overdueOver30Days
      extended extensionRate submitted returned returnRate meanDaysLate
    }
  }
}";

fn line<'a>(card: &'a Value, code: &str) -> &'a Value {
    card["lines"]
        .as_array()
        .and_then(|lines| lines.iter().find(|l| l["department"]["code"] == code))
        .unwrap_or_else(|| panic!("a line for {code} in {card:#}"))
}

/// The counts of a line, in the order of the per-unit summary: total, carried over, assigned in
/// the period, done on time, done late, in time, of which without deadline, overdue, cancelled,
/// due.
fn classes(line: &Value) -> Vec<i64> {
    [
        "total",
        "carriedOver",
        "assignedInPeriod",
        "doneOnTime",
        "doneLate",
        "inTime",
        "withoutDeadline",
        "overdue",
        "cancelled",
        "due",
    ]
    .iter()
    .map(|field| line[*field].as_i64().unwrap_or(-1))
    .collect()
}

async fn the_chair_ranks_departments_as_they_stood_at_the_end_of_q3_2022(backend: Backend) {
    let f = fixture(backend).await;
    let card = f
        .app
        .ok(
            &f.world.chair,
            SCORECARD,
            json!({ "period": { "year": 2022, "quarter": 3 } }),
        )
        .await["scorecard"]
        .clone();
    assert_eq!(
        card["period"],
        json!({ "from": "2022-07-01", "to": "2022-09-30", "label": "Quý III/2022" })
    );
    assert_eq!(card["asOf"], "2022-09-30");
    let order: Vec<(&str, &Value)> = card["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| {
            (
                l["department"]["code"].as_str().unwrap_or_default(),
                &l["rank"],
            )
        })
        .collect();
    assert_eq!(
        order,
        vec![
            ("LMHTX", &json!(1)),
            ("SCT", &json!(2)),
            ("SKHCN", &json!(3))
        ],
        "best first: the on-time rate over the tasks due, then fewer overdue; SKHCN is worst"
    );

    // J finished before the quarter began; I was assigned after it ended.
    let lmhtx = line(&card, "LMHTX");
    assert_eq!(classes(lmhtx), vec![4, 1, 3, 2, 1, 0, 0, 0, 1, 3]);
    assert_eq!(lmhtx["onTimeRate"], json!(2.0 / 3.0));
    assert_eq!(lmhtx["meanDaysLate"], json!(5.0));
    assert_eq!(
        (&lmhtx["submitted"], &lmhtx["returned"]),
        (&json!(3), &json!(0))
    );
    assert_eq!(lmhtx["returnRate"], json!(0.0));

    // C stood overdue at the end of September, though it is finished today.
    let skhcn = line(&card, "SKHCN");
    assert_eq!(classes(skhcn), vec![2, 0, 2, 0, 0, 0, 0, 2, 0, 2]);
    assert_eq!(
        (
            &skhcn["overdueUpTo7Days"],
            &skhcn["overdue8To30Days"],
            &skhcn["overdueOver30Days"]
        ),
        (&json!(1), &json!(1), &json!(0))
    );
    assert_eq!(skhcn["meanDaysLate"], json!(11.5));
    assert_eq!(
        skhcn["onTimeRate"],
        Value::Null,
        "nothing finished: no rate"
    );
    assert_eq!(skhcn["onTimeRateOfDue"], json!(0.0));

    let sct = line(&card, "SCT");
    assert_eq!(classes(sct), vec![3, 0, 3, 0, 0, 2, 1, 1, 0, 1]);
    assert_eq!(sct["extended"], 1);
    assert_eq!(sct["extensionRate"], json!(1.0 / 3.0));
    assert_eq!(
        (&sct["submitted"], &sct["returned"]),
        (&json!(1), &json!(1))
    );
    assert_eq!(sct["returnRate"], json!(1.0));
    assert_eq!(sct["overdue8To30Days"], 1);

    assert_eq!(classes(&card["total"]), vec![9, 1, 8, 2, 1, 2, 1, 3, 1, 6]);

    // The same quarter cut on the 15th (15/6 to 14/9): J and K, assigned on 20/6, are in it
    // and not carried over; at 14/9 C is 5 days late and D, G are still in time.
    let fifteenth = f
        .app
        .ok(
            &f.world.chair,
            SCORECARD,
            json!({ "period": { "year": 2022, "quarter": 3, "scheme": "FIFTEENTH" } }),
        )
        .await["scorecard"]
        .clone();
    assert_eq!(
        fifteenth["period"]["label"],
        "Quý III/2022 (15/06/2022 – 14/09/2022)"
    );
    assert_eq!(
        classes(line(&fifteenth, "LMHTX")),
        vec![5, 0, 5, 3, 1, 0, 0, 0, 1, 4]
    );
    let skhcn = line(&fifteenth, "SKHCN");
    assert_eq!(classes(skhcn), vec![2, 0, 2, 0, 0, 1, 0, 1, 0, 1]);
    assert_eq!(skhcn["overdueUpTo7Days"], 1);
    assert_eq!(
        classes(line(&fifteenth, "SCT"))[7],
        0,
        "G was not due yet on 14/9"
    );

    // By meeting: the June meeting's K is carried over; the October meeting is not in Q3.
    let by_meeting = f
        .app
        .ok(
            &f.world.chair,
            SCORECARD,
            json!({ "period": { "year": 2022, "quarter": 3 }, "groupBy": "MEETING" }),
        )
        .await["scorecard"]
        .clone();
    let meetings: Vec<(&str, i64)> = by_meeting["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| {
            (
                l["meeting"]["heldOn"].as_str().unwrap_or_default(),
                l["total"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    assert_eq!(meetings, vec![("2022-06-20", 1), ("2022-07-05", 8)]);
}

async fn an_as_of_report_shows_what_stood_then_not_todays_rows(backend: Backend) {
    let f = fixture(backend).await;
    let report = |as_of: Option<&str>| {
        let app = &f.app;
        let token = f.world.chair.clone();
        let as_of = as_of.map(str::to_string);
        async move {
            let data = app
                .ok(
                    &token,
                    "query($asOf: Date) { progressReport(asOf: $asOf) { asOf total byDepartment { department { code } total byTimeliness { timeliness count } } } }",
                    json!({ "asOf": as_of }),
                )
                .await;
            let mut counts: Vec<(String, String, i64)> = Vec::new();
            for line in data["progressReport"]["byDepartment"]
                .as_array()
                .expect("lines")
            {
                for class in line["byTimeliness"].as_array().expect("classes") {
                    if class["count"].as_i64().unwrap_or(0) > 0 {
                        counts.push((
                            line["department"]["code"]
                                .as_str()
                                .unwrap_or_default()
                                .into(),
                            class["timeliness"].as_str().unwrap_or_default().into(),
                            class["count"].as_i64().unwrap_or(0),
                        ));
                    }
                }
            }
            counts.sort();
            counts
        }
    };
    let owned = |rows: &[(&str, &str, i64)]| -> Vec<(String, String, i64)> {
        rows.iter()
            .map(|(d, t, n)| ((*d).into(), (*t).into(), *n))
            .collect()
    };
    // The end of 30 September 2022: C and D overdue, G returned and overdue, I not yet assigned.
    assert_eq!(
        report(Some("2022-09-30")).await,
        owned(&[
            ("LMHTX", "CANCELLED", 1),
            ("LMHTX", "DONE_LATE", 1),
            ("LMHTX", "DONE_ON_TIME", 3),
            ("SCT", "NO_DEADLINE", 1),
            ("SCT", "ON_TRACK", 1),
            ("SCT", "OVERDUE", 1),
            ("SKHCN", "OVERDUE", 2),
        ])
    );
    // The end of 16 September: G waited for the chair, submitted in time; B was already late.
    assert_eq!(
        report(Some("2022-09-16")).await,
        owned(&[
            ("LMHTX", "CANCELLED", 1),
            ("LMHTX", "DONE_LATE", 1),
            ("LMHTX", "DONE_ON_TIME", 3),
            ("SCT", "NO_DEADLINE", 1),
            ("SCT", "ON_TRACK", 2),
            ("SKHCN", "ON_TRACK", 1),
            ("SKHCN", "OVERDUE", 1),
        ])
    );
    // Today (10 October 2022): C finished late, I is new.
    assert_eq!(
        report(None).await,
        owned(&[
            ("LMHTX", "CANCELLED", 1),
            ("LMHTX", "DONE_LATE", 1),
            ("LMHTX", "DONE_ON_TIME", 3),
            ("SCT", "NO_DEADLINE", 1),
            ("SCT", "ON_TRACK", 1),
            ("SCT", "OVERDUE", 1),
            ("SKHCN", "DONE_LATE", 1),
            ("SKHCN", "ON_TRACK", 1),
            ("SKHCN", "OVERDUE", 1),
        ])
    );
    // Before anything was assigned, there was nothing.
    assert_eq!(report(Some("2022-06-19")).await, owned(&[]));
}

async fn the_quarter_downloads_in_the_official_layout_and_prints(backend: Backend) {
    let f = fixture(backend).await;
    let download = |path: &'static str| {
        let url = f.app.url(path);
        let token = f.world.chair.clone();
        async move {
            let response = reqwest::Client::new()
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .expect("an answer");
            assert_eq!(response.status(), 200, "{path}");
            assert!(
                response.headers()[reqwest::header::CONTENT_DISPOSITION]
                    .to_str()
                    .unwrap_or_default()
                    .contains("2022-07-01-2022-09-30"),
                "the file is named after the period"
            );
            response.bytes().await.expect("the file").to_vec()
        }
    };

    // The XLSX, read back with calamine: the heading of an official document, the two merged
    // header rows, then one line per department, best first, and the total.
    let mut book = Xlsx::new(Cursor::new(
        download("/export/scorecard.xlsx?year=2022&quarter=3").await,
    ))
    .expect("an XLSX calamine reads");
    let name = book.sheet_names()[0].clone();
    let sheet = book.worksheet_range(&name).expect("the sheet");
    let cell = |row: u32, column: u32| match sheet.get_value((row, column)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => format!("{f}"),
        Some(Data::Empty) | None => String::new(),
        Some(other) => format!("{other:?}"),
    };
    assert_eq!(cell(0, 4), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert_eq!(cell(1, 4), "Độc lập - Tự do - Hạnh phúc");
    assert_eq!(cell(2, 4), "……, ngày 10 tháng 10 năm 2022");
    assert_eq!(cell(4, 0), "BÁO CÁO");
    assert_eq!(
        cell(5, 0),
        "Tình hình thực hiện nhiệm vụ được giao – Quý III/2022"
    );
    let header: Vec<String> = (0..9).map(|c| cell(8, c)).collect();
    assert_eq!(
        header,
        [
            "STT",
            "Đơn vị",
            "Tổng số nhiệm vụ",
            "Đang thực hiện",
            "",
            "Đã hoàn thành",
            "",
            "Nhiệm vụ bị hủy",
            "Ghi chú"
        ]
    );
    let second: Vec<String> = (3..7).map(|c| cell(9, c)).collect();
    assert_eq!(second, ["Trong hạn", "Quá hạn", "Đúng hạn", "Quá hạn"]);
    book.load_merged_regions().expect("merged cells");
    let mut merged: Vec<(u32, u32, u32, u32)> = book
        .merged_regions_by_sheet(&name)
        .iter()
        .map(|(_, _, d)| (d.start.0, d.start.1, d.end.0, d.end.1))
        .filter(|(row, ..)| *row == 8)
        .collect();
    merged.sort_unstable();
    assert_eq!(
        merged,
        vec![
            (8, 0, 9, 0),
            (8, 1, 9, 1),
            (8, 2, 9, 2),
            (8, 3, 8, 4),
            (8, 5, 8, 6),
            (8, 7, 9, 7),
            (8, 8, 9, 8)
        ]
    );
    let row = |r: u32| (0..8).map(|c| cell(r, c)).collect::<Vec<_>>();
    assert_eq!(
        row(10),
        [
            "1",
            "Liên minh Hợp tác xã tỉnh",
            "4",
            "0 (0,0%)",
            "0 (0,0%)",
            "2 (50,0%)",
            "1 (25,0%)",
            "1 (25,0%)"
        ]
    );
    assert_eq!(
        cell(10, 8),
        "Hạng 1; đúng hạn 2/3 (66,7%); trễ bình quân 5,0 ngày"
    );
    assert_eq!(
        row(12),
        [
            "3",
            "Sở Khoa học và Công nghệ",
            "2",
            "0 (0,0%)",
            "2 (100,0%)",
            "0 (0,0%)",
            "0 (0,0%)",
            "0 (0,0%)"
        ]
    );
    assert_eq!(
        row(13),
        [
            "",
            "Tổng cộng",
            "9",
            "2 (22,2%)",
            "3 (33,3%)",
            "2 (22,2%)",
            "1 (11,1%)",
            "1 (11,1%)"
        ]
    );

    // The CSV, in English, read back with a CSV reader: every number of the scorecard.
    let csv_bytes = download("/export/scorecard.csv?year=2022&quarter=3&lang=en").await;
    let text = String::from_utf8(csv_bytes).expect("UTF-8");
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().expect("headings").clone();
    assert_eq!(&headers[0], "Rank");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    let field = |row: &csv::StringRecord, name: &str| {
        let index = headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("a column {name}"));
        row[index].to_string()
    };
    let skhcn = rows
        .iter()
        .find(|r| &r[1] == "Sở Khoa học và Công nghệ")
        .expect("SKHCN's row");
    assert_eq!(
        [
            "Rank",
            "Open overdue",
            "Overdue 1-7 days",
            "Overdue 8-30 days",
            "Mean days late",
            "On-time rate of due"
        ]
        .map(|n| field(skhcn, n)),
        ["3", "2", "1", "1", "11.5", "0.0000"].map(String::from)
    );
    let sct = rows
        .iter()
        .find(|r| &r[1] == "Sở Công Thương")
        .expect("SCT's row");
    assert_eq!(
        [
            "Extended",
            "Submitted",
            "Returned",
            "Of which without deadline"
        ]
        .map(|n| field(sct, n)),
        ["1", "1", "1", "1"].map(String::from)
    );
    assert_eq!(rows.last().map(|r| r[1].to_string()), Some("Total".into()));

    // The same files from the command line.
    let folder = tempfile::tempdir().expect("a folder");
    let written = folder.path().join("q3.xlsx");
    let path = written.to_string_lossy().to_string();
    let made = cli(
        &f.app.database.url,
        &[
            "export",
            "scorecard",
            &path,
            "--year",
            "2022",
            "--quarter",
            "3",
        ],
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let mut book: Xlsx<_> =
        Reader::new(Cursor::new(std::fs::read(&written).expect("the file"))).expect("an XLSX");
    let sheet = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    assert_eq!(
        sheet.get_value((10, 1)),
        Some(&Data::String("Liên minh Hợp tác xã tỉnh".into())),
        "the command writes the same summary"
    );
    let refused = cli(
        &f.app.database.url,
        &[
            "export",
            "scorecard",
            &folder.path().join("q5.csv").to_string_lossy(),
            "--year",
            "2022",
            "--quarter",
            "5",
        ],
    );
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("There is no quarter 5"), "{said}");

    // The printable page and the dashboard, for the chair signed in.
    let client = browser();
    let link = sign_in_link_for(&f.app, "chair@test.example", "/dashboard").await;
    assert_eq!(open_sign_in_link(&client, &link).await.status(), 200);
    let get = |path: &str| {
        let request = client.get(f.app.url(path));
        async move {
            let response = request.send().await.expect("the page");
            assert_eq!(response.status(), 200);
            response.text().await.expect("its text")
        }
    };
    let printable = get("/reports/scorecard?year=2022&quarter=3").await;
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BÁO CÁO",
        "Quý III/2022",
        "……, ngày 10 tháng 10 năm 2022",
        "@page { size: A4 landscape",
        "2 (50,0%)",
    ] {
        assert!(
            printable.contains(expected),
            "the printable report shows {expected}"
        );
    }
    let dashboard = get("/dashboard?year=2022&quarter=3&scheme=fifteenth").await;
    assert!(dashboard.contains("Quý III/2022 (15/06/2022 – 14/09/2022)"));
    assert!(
        dashboard.contains(
            "Tỷ lệ hoàn thành đúng hạn trên số nhiệm vụ đến hạn. Liên minh Hợp tác xã tỉnh: 75,0%"
        ),
        "the chart's text alternative gives each department's share"
    );
    let refused = client
        .get(f.app.url("/dashboard?year=2022&quarter=5"))
        .send()
        .await
        .expect("an answer");
    assert_eq!(refused.status(), 400, "a fifth quarter is refused");
    assert!(refused
        .text()
        .await
        .unwrap_or_default()
        .contains("There is no quarter 5"));
}

on_both_backends!(the_chair_ranks_departments_as_they_stood_at_the_end_of_q3_2022);
on_both_backends!(the_quarter_downloads_in_the_official_layout_and_prints);
on_both_backends!(an_as_of_report_shows_what_stood_then_not_todays_rows);
