//! Committees after their creation: settings changed and journaled, members, and secretaries
//! who act only on the committees they serve.

use serde_json::{json, Value};

use crate::helpers::{days_from_today, Backend, TestApp};
use crate::on_both_backends;
use crate::world::{World, REVIEW, UPDATE};

const UPDATE_COMMITTEE: &str =
    "mutation($input: UpdateCommitteeInput!) { updateCommittee(input: $input) {
    name timeZone language chair { email } changes { field from to author { email } } } }";

const MEMBER: &str = "mutation($c: ID!, $u: ID!, $m: Boolean!) { setCommitteeMember(committeeId: $c, userId: $u, member: $m) { members { email } } }";

const CREATE_MEETING: &str =
    "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }";

async fn user_id(app: &TestApp, token: &str) -> String {
    app.ok(token, "{ me { id } }", json!({})).await["me"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn fields(changes: &Value) -> Vec<String> {
    changes
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["field"].as_str().map(str::to_string))
        .collect()
}

async fn an_administrator_changes_a_committee_and_each_change_is_journaled(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let submitted = world
        .submitted_task(&app, "Tổng kết mô hình HTX kiểu mới", "SCT", 5)
        .await;
    let new_chair = user_id(&app, &world.other_chair).await;
    let old_chair = user_id(&app, &world.chair).await;

    for (what, input, code) in [
        (
            "a chair changes their own committee",
            json!({ "id": world.committee, "name": "Ban mới" }),
            "FORBIDDEN",
        ),
        (
            "an unknown time zone",
            json!({ "id": world.committee, "timeZone": "Asia/Atlantis" }),
            "BAD_USER_INPUT",
        ),
        (
            "a secretary as chair",
            json!({ "id": world.committee, "chairId": world.secretary_id }),
            "BAD_USER_INPUT",
        ),
    ] {
        let token = if code == "FORBIDDEN" {
            &world.chair
        } else {
            &world.admin
        };
        assert_eq!(
            app.error_code(token, UPDATE_COMMITTEE, json!({ "input": input }))
                .await,
            code,
            "{what}"
        );
    }

    let changed = app
        .ok(
            &world.admin,
            UPDATE_COMMITTEE,
            json!({ "input": { "id": world.committee, "name": "Ban Chỉ đạo Phát triển KTTT tỉnh Hưng Yên",
                    "shortName": "BCĐ KTTT HY", "chairId": new_chair, "timeZone": "Asia/Bangkok",
                    "language": "en", "reminders": { "dueSoonDays": 5 } } }),
        )
        .await;
    let committee = &changed["updateCommittee"];
    assert_eq!(
        committee["name"],
        "Ban Chỉ đạo Phát triển KTTT tỉnh Hưng Yên"
    );
    assert_eq!(committee["timeZone"], "Asia/Bangkok");
    assert_eq!(committee["language"], "en");
    assert_eq!(committee["chair"]["email"], "other.chair@test.example");
    let mut journaled = fields(&committee["changes"]);
    journaled.retain(|f| f != "member");
    journaled.sort();
    assert_eq!(
        journaled,
        [
            "chair",
            "language",
            "name",
            "reminders",
            "shortName",
            "timeZone"
        ]
    );
    let chair_change = committee["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["field"] == "chair")
        .cloned()
        .unwrap_or_default();
    assert_eq!(chair_change["from"], old_chair.as_str());
    assert_eq!(chair_change["to"], new_chair.as_str());
    assert_eq!(chair_change["author"]["email"], "admin@test.example");

    let former = app
        .error_code(
            &world.chair,
            REVIEW,
            json!({ "input": { "taskId": submitted, "accept": true, "note": "Đạt" } }),
        )
        .await;
    assert_eq!(former, "FORBIDDEN", "the former chair no longer decides");
    let accepted = app
        .ok(
            &world.other_chair,
            REVIEW,
            json!({ "input": { "taskId": submitted, "accept": true, "note": "Đạt" } }),
        )
        .await;
    assert_eq!(
        accepted["reviewTask"]["status"], "DONE",
        "the new chair does"
    );

    let count = committee["changes"].as_array().map_or(0, Vec::len);
    let again = app
        .ok(
            &world.admin,
            UPDATE_COMMITTEE,
            json!({ "input": { "id": world.committee, "timeZone": "Asia/Bangkok", "language": "en" } }),
        )
        .await;
    assert_eq!(
        again["updateCommittee"]["changes"]
            .as_array()
            .map_or(0, Vec::len),
        count,
        "the same values again change nothing"
    );
    let without_chair = app
        .ok(
            &world.admin,
            UPDATE_COMMITTEE,
            json!({ "input": { "id": world.committee, "chairId": null } }),
        )
        .await;
    assert_eq!(without_chair["updateCommittee"]["chair"], Value::Null);
}

async fn secretaries_act_only_on_the_committees_they_serve(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let other = app
        .ok(
            &world.admin,
            "mutation($input: CreateCommitteeInput!) { createCommittee(input: $input) { id members { email } } }",
            json!({ "input": { "name": "Ban Chỉ đạo Chuyển đổi số" } }),
        )
        .await;
    assert_eq!(other["createCommittee"]["members"], json!([]));
    let other = other["createCommittee"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let meeting =
        json!({ "input": { "committeeId": other, "title": "Họp", "heldOn": days_from_today(-2) } });

    let refused = app
        .gql(&world.secretary, CREATE_MEETING, meeting.clone())
        .await;
    assert_eq!(refused["errors"][0]["extensions"]["code"], "FORBIDDEN");
    assert!(refused["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("not a secretary of this committee"));
    let their_meeting = app.ok(&world.admin, CREATE_MEETING, meeting.clone()).await;
    let task = app
        .ok(
            &world.admin,
            "mutation($input: AssignTaskInput!) { assignTask(input: $input) { id } }",
            json!({ "input": { "meetingId": their_meeting["createMeeting"]["id"], "title": "Số hoá hồ sơ", "leadId": world.department("SKHCN") } }),
        )
        .await["assignTask"]["id"]
        .clone();
    let note = json!({ "input": { "taskId": task, "note": "Thư ký ghi chú" } });
    assert_eq!(
        app.error_code(&world.secretary, UPDATE, note.clone()).await,
        "FORBIDDEN",
        "nor writes in its tasks' journals"
    );

    for (who, token) in [("a chair", &world.chair), ("a secretary", &world.secretary)] {
        assert_eq!(
            app.error_code(
                token,
                MEMBER,
                json!({ "c": other, "u": world.secretary_id, "m": true })
            )
            .await,
            "FORBIDDEN",
            "{who} does not manage members"
        );
    }
    let liaison = user_id(&app, &world.liaison("SCT")).await;
    assert_eq!(
        app.error_code(
            &world.admin,
            MEMBER,
            json!({ "c": other, "u": liaison, "m": true })
        )
        .await,
        "BAD_USER_INPUT",
        "a liaison belongs to a department, not to a committee"
    );
    let added = app
        .ok(
            &world.admin,
            MEMBER,
            json!({ "c": other, "u": world.secretary_id, "m": true }),
        )
        .await;
    assert_eq!(
        added["setCommitteeMember"]["members"],
        json!([{ "email": "secretary@test.example" }])
    );
    app.ok(&world.secretary, CREATE_MEETING, meeting.clone())
        .await;
    app.ok(&world.secretary, UPDATE, note.clone()).await;
    let mine = app
        .ok(&world.secretary, "{ me { committees { id } } }", json!({}))
        .await;
    assert_eq!(
        mine["me"]["committees"].as_array().map(Vec::len),
        Some(2),
        "they serve both: {mine}"
    );

    app.ok(
        &world.admin,
        MEMBER,
        json!({ "c": other, "u": world.secretary_id, "m": false }),
    )
    .await;
    assert_eq!(
        app.error_code(&world.secretary, CREATE_MEETING, meeting)
            .await,
        "FORBIDDEN",
        "taken off, they act there no more"
    );
    let changes = app
        .ok(
            &world.viewer,
            "query($id: ID!) { node(id: $id) { ... on Committee { changes { field from to } } } }",
            json!({ "id": other }),
        )
        .await;
    assert_eq!(
        changes["node"]["changes"],
        json!([
            { "field": "member", "from": world.secretary_id, "to": null },
            { "field": "member", "from": null, "to": world.secretary_id },
        ]),
        "newest first"
    );
}

/// The administration pages set a committee's members, and a person's committees, to exactly
/// what is ticked.
async fn the_pages_set_members_and_committees_to_what_is_ticked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let viewer = user_id(&app, &world.viewer).await;
    let committee = crate::helpers::id_number(&world.committee);
    let admin = crate::helpers::browser();
    let link = crate::helpers::sign_in_link_for(
        &app,
        "admin@test.example",
        &format!("/admin/committees/{committee}"),
    )
    .await;
    let page = crate::helpers::open_sign_in_link(&admin, &link)
        .await
        .text()
        .await
        .unwrap_or_default();
    let csrf = crate::helpers::form_field(&page, "csrf");
    let members = "query($id: ID!) { node(id: $id) { ... on Committee { members { email } } } }";
    let ticked = admin
        .post(app.url(&format!("/admin/committees/{committee}/members")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("member", &crate::helpers::id_number(&viewer).to_string()),
        ])
        .send()
        .await
        .expect("saved");
    assert_eq!(ticked.status(), 200);
    assert_eq!(
        app.ok(&world.admin, members, json!({ "id": world.committee }))
            .await["node"]["members"],
        json!([{ "email": "viewer@test.example" }]),
        "the viewer added, the secretary (not ticked) taken off"
    );
    let secretary = crate::helpers::id_number(&world.secretary_id);
    admin
        .post(app.url(&format!("/admin/people/{secretary}/committees")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("committee", &committee.to_string()),
        ])
        .send()
        .await
        .expect("saved");
    assert_eq!(
        app.ok(&world.admin, members, json!({ "id": world.committee }))
            .await["node"]["members"]
            .as_array()
            .map(Vec::len),
        Some(2),
        "the secretary serves it again"
    );
}

on_both_backends!(
    the_pages_set_members_and_committees_to_what_is_ticked,
    an_administrator_changes_a_committee_and_each_change_is_journaled,
    secretaries_act_only_on_the_committees_they_serve,
);
