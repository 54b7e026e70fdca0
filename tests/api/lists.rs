//! Lists: paging, filters, Vietnamese search, the progress report, and the cost of a page.

use serde_json::{json, Value};

use crate::helpers::{days_from_today, Backend, TestApp};
use crate::on_both_backends;
use crate::world::{World, UPDATE};

fn titles(data: &Value) -> Vec<String> {
    data["tasks"]["edges"]
        .as_array()
        .map(|edges| {
            edges
                .iter()
                .filter_map(|e| e["node"]["title"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

const TASKS: &str = "query($filter: TaskFilter, $first: Int, $after: String) {
  tasks(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { title } } } }";

async fn pages_follow_each_other_without_gaps_or_repeats(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    for n in 0..7 {
        world
            .simple_task(&app, &format!("Nhiệm vụ {n}"), "SCT", Some(n))
            .await;
    }
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let data = app
            .ok(&world.viewer, TASKS, json!({ "first": 3, "after": after }))
            .await;
        assert_eq!(data["tasks"]["totalCount"], 7);
        seen.extend(titles(&data));
        if data["tasks"]["pageInfo"]["hasNextPage"] != json!(true) {
            break;
        }
        after = data["tasks"]["pageInfo"]["endCursor"]
            .as_str()
            .map(str::to_string);
    }
    let expected: Vec<String> = (0..7).map(|n| format!("Nhiệm vụ {n}")).collect();
    assert_eq!(seen, expected);
    let default_page = app.ok(&world.viewer, TASKS, json!({})).await;
    assert_eq!(titles(&default_page).len(), 7, "first defaults to 20");
    for first in [0, 101, -1] {
        assert_eq!(
            app.error_code(&world.viewer, TASKS, json!({ "first": first }))
                .await,
            "BAD_USER_INPUT",
            "first: {first}"
        );
    }
    assert_eq!(
        app.error_code(&world.viewer, TASKS, json!({ "after": "forged" }))
            .await,
        "BAD_USER_INPUT"
    );
    let departments = app.ok(&world.viewer, "{ departments(first: 2) { totalCount pageInfo { hasNextPage } edges { node { code } } } }", json!({})).await;
    assert_eq!(departments["departments"]["totalCount"], 7);
    assert_eq!(departments["departments"]["pageInfo"]["hasNextPage"], true);
}

async fn search_ignores_case_and_diacritics(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    for title in [
        "Tham mưu thành lập Quỹ hỗ trợ phát triển hợp tác xã",
        "Lựa chọn, nhân rộng các mô hình tiêu biểu trong lĩnh vực nông nghiệp",
        "Kiện toàn Ban Chỉ đạo ĐÔNG HƯNG",
        "Báo cáo tiến độ 50% kế hoạch",
    ] {
        world.simple_task(&app, title, "LMHTX", Some(10)).await;
    }
    let cases = [
        (
            "quy ho tro",
            vec!["Tham mưu thành lập Quỹ hỗ trợ phát triển hợp tác xã"],
        ),
        (
            "QUỸ HỖ TRỢ",
            vec!["Tham mưu thành lập Quỹ hỗ trợ phát triển hợp tác xã"],
        ),
        ("dong hung", vec!["Kiện toàn Ban Chỉ đạo ĐÔNG HƯNG"]),
        (
            "nông nghiệp mô hình",
            vec!["Lựa chọn, nhân rộng các mô hình tiêu biểu trong lĩnh vực nông nghiệp"],
        ),
        ("50%", vec!["Báo cáo tiến độ 50% kế hoạch"]),
        ("5_%", vec![]),
        // Words shorter than three characters have no trigrams and are looked for row by row,
        // with the same meaning: "ho" is in "hỗ", "chọn" and "hoạch".
        (
            "ho",
            vec![
                "Tham mưu thành lập Quỹ hỗ trợ phát triển hợp tác xã",
                "Lựa chọn, nhân rộng các mô hình tiêu biểu trong lĩnh vực nông nghiệp",
                "Báo cáo tiến độ 50% kế hoạch",
            ],
        ),
        ("ho hoạch", vec!["Báo cáo tiến độ 50% kế hoạch"]),
        ("\"quy\" OR hung", vec![]),
        ("tiến độ\"", vec![]),
        ("không có", vec![]),
    ];
    for (search, expected) in cases {
        let data = app
            .ok(
                &world.viewer,
                TASKS,
                json!({ "filter": { "search": search } }),
            )
            .await;
        assert_eq!(titles(&data), expected, "search {search:?}");
    }
}

async fn filters_narrow_by_owner_status_timeliness_meeting_and_deadline(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    world.assign(&app, json!({ "title": "SCT chủ trì", "leadId": world.department("SCT"), "deadline": days_from_today(-1) })).await;
    world.assign(&app, json!({ "title": "SCT phối hợp", "leadId": world.department("SKHCN"), "coOwnerIds": [world.department("SCT")], "deadline": days_from_today(2) })).await;
    let done = world
        .simple_task(&app, "Đã xong", "SNNPTNT", Some(20))
        .await;
    world.simple_task(&app, "Thường xuyên", "LMHTX", None).await;
    app.ok(
        &world.liaison("SNNPTNT"),
        UPDATE,
        json!({ "input": { "taskId": done["id"], "status": "SUBMITTED", "note": "Xong" } }),
    )
    .await;
    let cases = [
        (
            json!({ "departmentId": world.department("SCT") }),
            vec!["SCT chủ trì", "SCT phối hợp"],
        ),
        (
            json!({ "departmentId": world.department("SCT"), "leadOnly": true }),
            vec!["SCT chủ trì"],
        ),
        (json!({ "timeliness": ["OVERDUE"] }), vec!["SCT chủ trì"]),
        (
            json!({ "timeliness": ["DUE_SOON", "NO_DEADLINE"] }),
            vec!["SCT phối hợp", "Thường xuyên"],
        ),
        (json!({ "timeliness": ["ON_TRACK"] }), vec!["Đã xong"]),
        (json!({ "status": ["SUBMITTED"] }), vec!["Đã xong"]),
        (
            json!({ "status": ["NOT_STARTED"], "deadlineFrom": days_from_today(0) }),
            vec!["SCT phối hợp"],
        ),
        (
            json!({ "deadlineTo": days_from_today(0) }),
            vec!["SCT chủ trì"],
        ),
        (
            json!({ "meetingId": world.meeting, "search": "thuong xuyen" }),
            vec!["Thường xuyên"],
        ),
    ];
    for (filter, expected) in cases {
        let data = app
            .ok(&world.viewer, TASKS, json!({ "filter": filter }))
            .await;
        assert_eq!(titles(&data), expected, "filter {filter}");
        assert_eq!(
            data["tasks"]["totalCount"],
            expected.len(),
            "count for {filter}"
        );
    }
    let department = app
        .ok(&world.viewer, "query($id: ID!) { node(id: $id) { ... on Department { code liaisons { email } tasks { totalCount } } } }", json!({ "id": world.department("SCT") }))
        .await;
    assert_eq!(department["node"]["tasks"]["totalCount"], 2);
    assert_eq!(
        department["node"]["liaisons"],
        json!([{ "email": "liaison.sct@test.example" }])
    );
}

async fn the_progress_report_counts_each_district_and_ranks_the_worst_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    world
        .assign(&app, json!({ "title": "Kiện toàn BCĐ cấp huyện", "leadId": world.department("LMHTX"), "deadline": days_from_today(-5),
            "splitAcross": [world.department("UBND-DH"), world.department("UBND-HH"), world.department("UBND-VT")] }))
        .await;
    world
        .simple_task(&app, "Quỹ hỗ trợ", "LMHTX", Some(30))
        .await;
    let report = app
        .ok(&world.chair, "query($c: ID) { progressReport(committeeId: $c) { asOf total byTimeliness { timeliness count }
            byDepartment { department { code } total byTimeliness { timeliness count } } } }", json!({ "c": world.committee }))
        .await;
    let report = &report["progressReport"];
    assert_eq!(report["asOf"], days_from_today(0));
    assert_eq!(
        report["total"], 4,
        "three districts and the fund; the split directive is counted through them"
    );
    let count = |list: &Value, t: &str| {
        list.as_array()
            .and_then(|l| l.iter().find(|c| c["timeliness"] == t))
            .map(|c| c["count"].clone())
    };
    assert_eq!(count(&report["byTimeliness"], "OVERDUE"), Some(json!(3)));
    assert_eq!(count(&report["byTimeliness"], "ON_TRACK"), Some(json!(1)));
    let ranking: Vec<&str> = report["byDepartment"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|d| d["department"]["code"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        ranking.last(),
        Some(&"LMHTX"),
        "the department with nothing overdue comes last: {ranking:?}"
    );
    let past = app
        .ok(
            &world.chair,
            "{ progressReport(asOf: \"2000-01-01\") { asOf byTimeliness { timeliness count } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        count(&past["progressReport"]["byTimeliness"], "OVERDUE"),
        Some(json!(0)),
        "as of long ago nothing was late"
    );
}

async fn a_page_of_tasks_costs_the_same_few_statements_whatever_its_size(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let query = "query($first: Int) { tasks(first: $first) { totalCount edges { node {
        title timeliness lead { code name } coOwners { code } meeting { title committee { name } }
        subtasks { title lead { code } } parent { title } extensionRequests { reason } } } } }";
    let mut costs = Vec::new();
    for (size, first) in [(5, 5), (100, 100)] {
        while app
            .ok(&world.viewer, "{ tasks { totalCount } }", json!({}))
            .await["tasks"]["totalCount"]
            .as_i64()
            .unwrap_or_default()
            < size
        {
            world
                .assign(&app, json!({ "title": "Nhiệm vụ", "leadId": world.department("SKHCN"), "coOwnerIds": [world.department("SCT"), world.department("LMHTX")],
                    "deadline": days_from_today(3), "splitAcross": [world.department("UBND-DH")] }))
                .await;
        }
        let before = app.statements().await;
        let data = app
            .ok(&world.viewer, query, json!({ "first": first }))
            .await;
        let after = app.statements().await;
        assert_eq!(
            data["tasks"]["edges"].as_array().map(Vec::len),
            Some(usize::try_from(first).unwrap_or_default())
        );
        costs.push(after - before);
    }
    assert_eq!(
        costs[0], costs[1],
        "statements for 5 and for 100 tasks: {costs:?}"
    );
    assert!(costs[1] <= 7, "a page costs {} statements", costs[1]);
    println!("statements per page of tasks: {costs:?}");
}

/// A task's value in the field a list is sorted by, as the test compares it.
#[derive(Debug, Clone, PartialEq, PartialOrd)]
enum SortValue {
    Text(String),
    Number(i64),
    Instant(chrono::DateTime<chrono::Utc>),
}

fn sort_value(task: &Value, field: &str) -> Option<SortValue> {
    let text = |name: &str| task[name].as_str().map(str::to_string);
    match field {
        "DEADLINE" => text("deadline").map(SortValue::Text),
        "DUE_ON" => text("dueOn").map(SortValue::Text),
        "TITLE" => text("title").map(SortValue::Text),
        "PROGRESS" => task["progress"].as_i64().map(SortValue::Number),
        "CREATED_AT" | "UPDATED_AT" => text(if field == "CREATED_AT" {
            "createdAt"
        } else {
            "updatedAt"
        })
        .and_then(|t| t.parse().ok())
        .map(SortValue::Instant),
        other => panic!("no such field {other}"),
    }
}

/// The titles of `tasks` (given in the order of assignment) sorted as the API promises: by the
/// field, tasks without a value last either way, ties in the order of assignment.
fn sorted_titles(tasks: &[Value], field: &str, descending: bool) -> Vec<String> {
    let mut ordered: Vec<&Value> = tasks.iter().collect();
    ordered.sort_by(|a, b| {
        match (sort_value(a, field), sort_value(b, field)) {
            (Some(x), Some(y)) if descending => y.partial_cmp(&x),
            (Some(x), Some(y)) => x.partial_cmp(&y),
            (x, y) => Some(x.is_none().cmp(&y.is_none())),
        }
        .unwrap_or(std::cmp::Ordering::Equal)
    });
    ordered
        .iter()
        .filter_map(|t| t["title"].as_str().map(str::to_string))
        .collect()
}

const ORDERED: &str = "query($orderBy: TaskOrderBy, $first: Int, $after: String) {
  tasks(orderBy: $orderBy, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor } edges { node { title } } } }";

/// Every title of the list in `order_by`, read two at a time; after the first page the
/// secretary assigns `meanwhile` (title and deadline in days), as happens while a client reads.
async fn read_in_pages(
    app: &TestApp,
    world: &World,
    order_by: Value,
    meanwhile: &[(&str, i64)],
) -> Vec<String> {
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let data = app
            .ok(
                &world.viewer,
                ORDERED,
                json!({ "orderBy": order_by, "first": 2, "after": after }),
            )
            .await;
        if after.is_none() {
            for (title, days) in meanwhile {
                world.simple_task(app, title, "SCT", Some(*days)).await;
            }
        }
        seen.extend(titles(&data));
        if data["tasks"]["pageInfo"]["hasNextPage"] != json!(true) {
            return seen;
        }
        after = data["tasks"]["pageInfo"]["endCursor"]
            .as_str()
            .map(str::to_string);
    }
}

async fn tasks_sort_by_each_field_both_ways_with_stable_pages(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    // Ties on the deadline and on the progress, tasks without a deadline, and titles whose first
    // letters are outside ASCII.
    for (title, days) in [
        ("Báo cáo quý", Some(5)),
        ("Đôn đốc giải ngân", Some(5)),
        ("an toàn thực phẩm", None),
        ("Xây dựng kế hoạch", Some(-3)),
        ("Kiện toàn ban", Some(12)),
        ("Zalo nhóm", None),
        ("Ấn định lịch", Some(1)),
    ] {
        world.simple_task(&app, title, "SCT", days).await;
    }
    let all = app
        .ok(&world.viewer, "{ tasks(first: 100) { edges { node { title deadline dueOn progress createdAt updatedAt } } } }", json!({}))
        .await;
    let tasks: Vec<Value> = all["tasks"]["edges"]
        .as_array()
        .map(|edges| edges.iter().map(|e| e["node"].clone()).collect())
        .unwrap_or_default();
    assert_eq!(tasks.len(), 7);
    for field in [
        "DEADLINE",
        "DUE_ON",
        "UPDATED_AT",
        "CREATED_AT",
        "TITLE",
        "PROGRESS",
    ] {
        for (direction, descending) in [("ASC", false), ("DESC", true)] {
            let order_by = json!({ "field": field, "direction": direction });
            let seen = read_in_pages(&app, &world, order_by, &[]).await;
            assert_eq!(
                seen,
                sorted_titles(&tasks, field, descending),
                "{field} {direction}"
            );
        }
    }
    let by_deadline = sorted_titles(&tasks, "DEADLINE", false);
    assert_eq!(
        by_deadline.last().map(String::as_str),
        Some("Zalo nhóm"),
        "no deadline comes last, ties in the order of assignment"
    );

    // A task assigned while a client pages through lands in its place without shifting the
    // pages: one due before the cursor is not shown, one due after it is.
    let meanwhile = [
        ("Giao thêm, hạn sớm nhất", -30),
        ("Giao thêm, hạn muộn nhất", 300),
    ];
    let seen = read_in_pages(&app, &world, json!({ "field": "DEADLINE" }), &meanwhile).await;
    let mut expected = by_deadline.clone();
    expected.insert(5, "Giao thêm, hạn muộn nhất".to_string());
    assert_eq!(seen, expected);

    // A cursor belongs to its order: another order, or none, refuses it rather than skip rows.
    let first_page = app
        .ok(
            &world.viewer,
            ORDERED,
            json!({ "orderBy": { "field": "TITLE" }, "first": 2 }),
        )
        .await;
    let cursor = first_page["tasks"]["pageInfo"]["endCursor"].clone();
    for order_by in [
        json!({ "field": "TITLE", "direction": "DESC" }),
        json!({ "field": "DEADLINE" }),
        Value::Null,
    ] {
        assert_eq!(
            app.error_code(
                &world.viewer,
                ORDERED,
                json!({ "orderBy": order_by, "after": cursor })
            )
            .await,
            "BAD_USER_INPUT",
            "{order_by}"
        );
    }
}

/// What a liaison's page asks for: their department's tasks, nearest deadline first, with lead,
/// meeting, co-owners, timeliness and the total.
const LIAISON_PAGE: &str =
    "query($first: Int) { me { department { tasks(first: $first, orderBy: { field: DEADLINE }) {
  totalCount edges { node { id title deadline dueOn status timeliness progress version
  lead { code name } meeting { title } coOwners { code } } } } } } }";

async fn a_liaisons_page_costs_few_statements_authentication_included(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let liaison = world.liaison("SCT");
    let mut costs = Vec::new();
    for (size, first) in [(3, 3), (60, 50)] {
        while app.ok(&liaison, LIAISON_PAGE, json!({ "first": 1 })).await["me"]["department"]
            ["tasks"]["totalCount"]
            .as_i64()
            .unwrap_or_default()
            < size
        {
            world
                .assign(
                    &app,
                    json!({ "title": "Nhiệm vụ của Sở", "leadId": world.department("SCT"),
                    "coOwnerIds": [world.department("LMHTX")], "deadline": days_from_today(5) }),
                )
                .await;
        }
        let before = app.statements().await;
        let data = app
            .ok(&liaison, LIAISON_PAGE, json!({ "first": first }))
            .await;
        let after = app.statements().await;
        let tasks = &data["me"]["department"]["tasks"];
        assert_eq!(tasks["totalCount"], size);
        assert_eq!(
            tasks["edges"].as_array().map(Vec::len),
            Some(usize::try_from(first).unwrap_or_default())
        );
        assert_eq!(tasks["edges"][0]["node"]["coOwners"][0]["code"], "LMHTX");
        costs.push(after - before);
    }
    println!("statements per liaison's page: {costs:?}");
    assert_eq!(
        costs[0], costs[1],
        "the cost does not grow with the page: {costs:?}"
    );
    assert!(
        costs[1] <= 5,
        "a liaison's page costs {} statements",
        costs[1]
    );
}

on_both_backends!(
    a_liaisons_page_costs_few_statements_authentication_included,
    tasks_sort_by_each_field_both_ways_with_stable_pages,
    pages_follow_each_other_without_gaps_or_repeats,
    search_ignores_case_and_diacritics,
    filters_narrow_by_owner_status_timeliness_meeting_and_deadline,
    the_progress_report_counts_each_district_and_ranks_the_worst_first,
    a_page_of_tasks_costs_the_same_few_statements_whatever_its_size,
    a_server_whose_clock_starts_elsewhere_lives_on_that_day,
);

/// A server whose clock is set to start at another instant (`clock_starts_at`, for rehearsals)
/// judges deadlines, and dates what it records, by that clock, and says so in its log.
async fn a_server_whose_clock_starts_elsewhere_lives_on_that_day(backend: Backend) {
    let app = TestApp::spawn_with(
        backend,
        &[
            ("DONDOC_CLOCK_STARTS_AT", "2031-03-15T10:00:00+07:00"),
            ("DONDOC_LOG", "warn"),
        ],
    )
    .await;
    let world = World::build(&app).await;
    let mut standings = Vec::new();
    for deadline in ["2031-03-14", "2031-03-16", "2031-04-30"] {
        let task = world
            .assign(&app, json!({ "title": format!("Hạn {deadline}"), "leadId": world.department("SCT"), "deadline": deadline }))
            .await;
        standings.push(task["timeliness"].clone());
    }
    assert_eq!(
        standings,
        [json!("OVERDUE"), json!("DUE_SOON"), json!("ON_TRACK")]
    );
    let report = app
        .ok(
            &world.chair,
            "query($c: ID) { progressReport(committeeId: $c) { asOf } }",
            json!({ "c": world.committee }),
        )
        .await;
    assert_eq!(report["progressReport"]["asOf"], "2031-03-15");
    assert!(
        app.log().contains("the clock is set by clock_starts_at"),
        "the server warns that its dates are not today's: {}",
        app.log()
    );
}

/// Deadlines are days in each committee's own time zone. Kiritimati (UTC+14) and Pago Pago
/// (UTC-11) are never on the same day, so the same deadline, Pago Pago's today, is overdue for a
/// committee in Kiritimati and due soon for one in Pago Pago, whatever the hour of the run.
async fn deadlines_are_days_in_the_committees_own_time_zone(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let pago_pago_today = app
        .now()
        .with_timezone(&chrono_tz::Pacific::Pago_Pago)
        .date_naive()
        .to_string();
    let mut standings = Vec::new();
    for zone in ["Pacific/Kiritimati", "Pacific/Pago_Pago"] {
        let committee = app
            .ok(
                &world.admin,
                "mutation($input: CreateCommitteeInput!) { createCommittee(input: $input) { id timeZone } }",
                json!({ "input": { "name": format!("Ban ở {zone}"), "timeZone": zone } }),
            )
            .await;
        assert_eq!(committee["createCommittee"]["timeZone"], zone);
        world
            .serve(
                &app,
                committee["createCommittee"]["id"]
                    .as_str()
                    .unwrap_or_default(),
            )
            .await;
        let meeting = app
            .ok(
                &world.secretary,
                "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }",
                json!({ "input": { "committeeId": committee["createCommittee"]["id"], "title": "Họp", "heldOn": "2026-11-02" } }),
            )
            .await;
        let task = app
            .ok(
                &world.secretary,
                "mutation($input: AssignTaskInput!) { assignTask(input: $input) { timeliness dueOn } }",
                json!({ "input": { "meetingId": meeting["createMeeting"]["id"], "title": format!("Việc ở {zone}"), "leadId": world.department("SCT"), "deadline": pago_pago_today } }),
            )
            .await;
        assert_eq!(task["assignTask"]["dueOn"], pago_pago_today.as_str());
        standings.push(task["assignTask"]["timeliness"].clone());
    }
    assert_eq!(standings, vec![json!("OVERDUE"), json!("DUE_SOON")]);
}

on_both_backends!(deadlines_are_days_in_the_committees_own_time_zone);
