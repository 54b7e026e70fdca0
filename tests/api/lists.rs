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
    assert!(costs[1] <= 12, "a page costs {} statements", costs[1]);
    println!("statements per page of tasks: {costs:?}");
}

on_both_backends!(
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
