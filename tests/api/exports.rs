//! Exports of the task list: the XLSX read back with a spreadsheet reader (calamine) and the
//! CSV with a CSV reader, compared cell by cell with what the API says of the same tasks.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use serde_json::{json, Value};

use crate::helpers::{days_from_today, id_number, Backend, TestApp};
use crate::on_both_backends;
use crate::world::{World, UPDATE};

/// A day as the export writes it.
fn shown(day: &Value) -> String {
    day.as_str()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or_else(
            || "Thường xuyên".to_string(),
            |d| d.format("%d/%m/%Y").to_string(),
        )
}

async fn download(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    reqwest::Client::new()
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("an answer")
}

fn cell(sheet: &calamine::Range<Data>, row: u32, column: u32) -> String {
    match sheet.get_value((row, column)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => format!("{f}"),
        Some(Data::Int(i)) => i.to_string(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => format!("{other:?}"),
    }
}

async fn the_task_list_exports_to_xlsx_and_csv_as_the_api_sees_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    world
        .assign(
            &app,
            json!({ "title": "Xây dựng đề án phát triển HTX", "leadId": world.department("SCT"),
                    "coOwnerIds": [world.department("SKHCN"), world.department("LMHTX")], "deadline": days_from_today(-3) }),
        )
        .await;
    let reported = world
        .simple_task(&app, "Tổng kết 10 năm Luật HTX", "SKHCN", Some(12))
        .await;
    app.ok(
        &world.liaison("SKHCN"),
        UPDATE,
        json!({ "input": { "taskId": reported["id"], "progress": 45, "note": "Đang tổng hợp" } }),
    )
    .await;
    world
        .simple_task(&app, "Nhiệm vụ thường xuyên", "LMHTX", None)
        .await;
    let elsewhere = world
        .meeting_of_another_committee(&app, json!({ "name": "Ban khác" }))
        .await;
    world
        .assign_in(
            &app,
            &elsewhere,
            json!({ "title": "Việc của Ban khác", "leadId": world.department("SCT") }),
        )
        .await;
    let committee = id_number(&world.committee);

    let answer = download(
        &app,
        &world.viewer,
        &format!("/export/tasks.xlsx?committee={committee}"),
    )
    .await;
    assert_eq!(answer.status(), 200);
    assert_eq!(
        answer
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );
    assert!(answer
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|d| d.starts_with("attachment; filename=\"nhiem-vu-")));
    let bytes = answer.bytes().await.expect("the file").to_vec();
    let mut workbook = Xlsx::new(Cursor::new(bytes)).expect("an XLSX a reader opens");
    let sheet = workbook
        .worksheet_range("Nhiem vu")
        .expect("the sheet of tasks");
    assert_eq!(
        cell(&sheet, 0, 0),
        "BAN CHỈ ĐẠO PHÁT TRIỂN KINH TẾ TẬP THỂ",
        "the committee, on the left"
    );
    assert_eq!(cell(&sheet, 0, 4), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert_eq!(cell(&sheet, 1, 4), "Độc lập - Tự do - Hạnh phúc");
    assert_eq!(cell(&sheet, 4, 0), "DANH SÁCH NHIỆM VỤ");
    let headings: Vec<String> = (0..9).map(|c| cell(&sheet, 6, c)).collect();
    assert_eq!(
        headings,
        [
            "TT",
            "Tên nhiệm vụ",
            "Nguồn chỉ đạo",
            "Đơn vị chủ trì",
            "Đơn vị phối hợp",
            "Thời hạn",
            "Tiến độ (%)",
            "Trạng thái",
            "Đánh giá"
        ]
    );
    let api = app
        .ok(
            &world.viewer,
            "query($c: ID!) { tasks(filter: { committeeId: $c }, first: 100) { edges { node {
                title deadline progress status timeliness lead { name } coOwners { name } meeting { reference heldOn } } } } }",
            json!({ "c": world.committee }),
        )
        .await;
    let tasks: Vec<Value> = api["tasks"]["edges"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["node"].clone())
        .collect();
    assert_eq!(tasks.len(), 3);
    let words = |status: &str| match status {
        "NOT_STARTED" => "Chưa thực hiện",
        "IN_PROGRESS" => "Đang thực hiện",
        _ => "?",
    };
    let standing = |t: &str| match t {
        "OVERDUE" => "Quá hạn",
        "ON_TRACK" => "Đúng tiến độ",
        "NO_DEADLINE" => "Thường xuyên",
        _ => "?",
    };
    for (n, task) in tasks.iter().enumerate() {
        let row = 7 + u32::try_from(n).unwrap_or(0);
        let mut co_owners: Vec<String> = task["coOwners"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| d["name"].as_str().map(str::to_string))
            .collect();
        let mut exported: Vec<String> = cell(&sheet, row, 4)
            .split("; ")
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        co_owners.sort();
        exported.sort();
        assert_eq!(cell(&sheet, row, 0), (n + 1).to_string());
        assert_eq!(cell(&sheet, row, 1), task["title"].as_str().unwrap_or(""));
        assert_eq!(
            cell(&sheet, row, 2),
            format!("123/TB-UBND ({})", shown(&task["meeting"]["heldOn"])),
            "the source document"
        );
        assert_eq!(
            cell(&sheet, row, 3),
            task["lead"]["name"].as_str().unwrap_or("")
        );
        assert_eq!(exported, co_owners);
        assert_eq!(cell(&sheet, row, 5), shown(&task["deadline"]));
        assert_eq!(cell(&sheet, row, 6), task["progress"].to_string());
        assert_eq!(
            cell(&sheet, row, 7),
            words(task["status"].as_str().unwrap_or(""))
        );
        assert_eq!(
            cell(&sheet, row, 8),
            standing(task["timeliness"].as_str().unwrap_or(""))
        );
    }
    assert_eq!(cell(&sheet, 10, 1), "", "nothing from the other committee");

    let csv = download(
        &app,
        &world.viewer,
        &format!(
            "/export/tasks.csv?lang=en&department={}",
            id_number(&world.department("SCT"))
        ),
    )
    .await;
    assert_eq!(csv.status(), 200);
    let text = csv.text().await.unwrap_or_default();
    // `dondoc export tasks` writes the same file from the command line.
    let folder = tempfile::tempdir().expect("a folder");
    let written = folder.path().join("sct.csv");
    let department = id_number(&world.department("SCT")).to_string();
    let made = crate::helpers::cli(
        &app.database.url,
        &[
            "export",
            "tasks",
            &written.to_string_lossy(),
            "--department",
            &department,
            "--english",
        ],
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&written).expect("the file"),
        text,
        "the command and the download agree"
    );
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a UTF-8 byte order mark, for Excel");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("headings")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header[1], "Task");
    assert_eq!(header[5], "Deadline");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    let titles: Vec<&str> = rows.iter().map(|r| &r[1]).collect();
    assert_eq!(
        titles,
        ["Xây dựng đề án phát triển HTX", "Việc của Ban khác"],
        "what SCT leads or co-owns, in every committee"
    );
    assert_eq!(&rows[0][8], "Overdue");
    assert_eq!(&rows[1][5], "Ongoing");

    world
        .simple_task(
            &app,
            "=HYPERLINK(\"https://evil.example\",\"Bấm vào đây\")",
            "SCT",
            Some(3),
        )
        .await;
    let csv = download(&app, &world.viewer, "/export/tasks.csv?search=hyperlink")
        .await
        .text()
        .await
        .unwrap_or_default();
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let row = reader.records().next().expect("the row").expect("a row");
    assert!(
        row[1].starts_with("'="),
        "a title that looks like a formula stays text: {}",
        &row[1]
    );
    let xlsx = download(&app, &world.viewer, "/export/tasks.xlsx?search=hyperlink")
        .await
        .bytes()
        .await
        .expect("the file")
        .to_vec();
    let mut workbook = Xlsx::new(Cursor::new(xlsx)).expect("an XLSX");
    let sheet = workbook.worksheet_range("Nhiem vu").expect("the sheet");
    assert_eq!(
        cell(&sheet, 7, 1),
        "=HYPERLINK(\"https://evil.example\",\"Bấm vào đây\")",
        "the XLSX keeps it as text, unchanged"
    );

    let refused = download(&app, "dd_nobody", "/export/tasks.csv").await;
    assert_eq!(refused.status(), 401);
    let bad = download(&app, &world.viewer, "/export/tasks.csv?status=LOST").await;
    assert_eq!(bad.status(), 400);
    let signed_out = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
        .get(app.url("/export/tasks.xlsx"))
        .send()
        .await
        .expect("an answer");
    assert_eq!(signed_out.status(), 303);
}

async fn an_export_longer_than_one_batch_numbers_every_row_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    // More tasks than the 500 the export reads per statement.
    for n in 1..=520 {
        world
            .simple_task(&app, &format!("Nhiệm vụ số {n:03}"), "SCT", Some(30))
            .await;
    }
    let text = download(&app, &world.viewer, "/export/tasks.csv")
        .await
        .text()
        .await
        .unwrap_or_default();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 520);
    for (n, row) in rows.iter().enumerate() {
        assert_eq!(&row[0], (n + 1).to_string().as_str());
        assert_eq!(&row[1], format!("Nhiệm vụ số {:03}", n + 1).as_str());
    }
    let xlsx = download(&app, &world.viewer, "/export/tasks.xlsx")
        .await
        .bytes()
        .await
        .expect("the file")
        .to_vec();
    let mut workbook = Xlsx::new(Cursor::new(xlsx)).expect("an XLSX");
    let sheet = workbook.worksheet_range("Nhiem vu").expect("the sheet");
    assert_eq!(cell(&sheet, 7 + 519, 1), "Nhiệm vụ số 520");
    assert_eq!(cell(&sheet, 7 + 519, 0), "520");
}

on_both_backends!(
    the_task_list_exports_to_xlsx_and_csv_as_the_api_sees_it,
    an_export_longer_than_one_batch_numbers_every_row_once,
);
