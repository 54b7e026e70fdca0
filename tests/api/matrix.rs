//! The authorization matrix: every mutation and every form, tried by each role that may not
//! use it and by nobody, on records inside and outside the caller's department and committee.
//! Each refusal carries FORBIDDEN or UNAUTHENTICATED (403 or 401 on pages), and a dump of the
//! database taken before and after shows that nothing changed.

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::helpers::{
    browser, form_field, id_number, open_sign_in_link, sign_in_link_for, Backend, TestApp,
};
use crate::on_both_backends;
use crate::world::{World, DECIDE_EXTENSION, REQUEST_EXTENSION, REVIEW, UPDATE};

/// Every record a refusal could have touched, in a stable order. Sessions and sign-in links
/// are left out: signing in writes them, and they are not records of the committee's work.
async fn dump(database_url: &str) -> String {
    dump_of(database_url, false).await
}

/// Every record, sessions and sign-in links too when `with_sign_ins`, one per line.
async fn dump_of(database_url: &str, with_sign_ins: bool) -> String {
    use dondoc::store::entities::{
        api_token, attachment, committee, department, extension_request, meeting, reminder, task,
        task_co_owner, task_update, user,
    };
    use sea_orm::{Database, EntityTrait};
    let db = Database::connect(database_url)
        .await
        .expect("a second connection");
    macro_rules! rows {
        ($($entity:ident),*) => {{
            let mut lines = Vec::new();
            $(
                for row in $entity::Entity::find().all(&db).await.expect("rows") {
                    lines.push(format!("{row:?}"));
                }
            )*
            lines
        }};
    }
    let mut lines = rows!(
        api_token,
        attachment,
        committee,
        department,
        extension_request,
        meeting,
        reminder,
        task,
        task_co_owner,
        task_update,
        user
    );
    if with_sign_ins {
        use dondoc::store::entities::{login_link, session};
        lines.extend(rows!(login_link, session));
    }
    lines.sort();
    db.close().await.expect("closed");
    lines.join("\n")
}

/// A form's fields, besides its CSRF token.
type Fields = Vec<(&'static str, String)>;

/// Who tries: each role's token, and nobody.
struct Cast {
    tokens: HashMap<&'static str, String>,
}

impl Cast {
    fn of(world: &World) -> Cast {
        let tokens = HashMap::from([
            ("nobody", String::new()),
            ("viewer", world.viewer.clone()),
            ("lead liaison", world.liaison("SCT")),
            ("co-owner liaison", world.liaison("LMHTX")),
            ("other liaison", world.liaison("SKHCN")),
            ("secretary", world.secretary.clone()),
            ("chair", world.chair.clone()),
            ("other chair", world.other_chair.clone()),
        ]);
        Cast { tokens }
    }
}

/// The e-mail address each role signs in to the pages with.
const EMAILS: [(&str, &str); 7] = [
    ("viewer", "viewer@test.example"),
    ("lead liaison", "liaison.sct@test.example"),
    ("co-owner liaison", "liaison.lmhtx@test.example"),
    ("other liaison", "liaison.skhcn@test.example"),
    ("secretary", "secretary@test.example"),
    ("chair", "chair@test.example"),
    ("other chair", "other.chair@test.example"),
];

const EVERYONE_BUT_ADMIN: [&str; 7] = [
    "viewer",
    "lead liaison",
    "co-owner liaison",
    "other liaison",
    "secretary",
    "chair",
    "other chair",
];

/// The records the matrix acts on, and each role signed in to the pages.
struct Scene {
    world: World,
    /// In progress, led by SCT, co-owned by LMHTX, with a pending extension request.
    task_id: String,
    /// Submitted by SCT, waiting for the chair.
    submitted_id: String,
    request_id: String,
    /// Each role's browser and its session's form token.
    sessions: HashMap<&'static str, (reqwest::Client, String)>,
}

async fn scene(app: &TestApp) -> Scene {
    let world = World::build(app).await;
    let task = world
        .assign(
            app,
            json!({ "title": "Nhiệm vụ có phối hợp", "leadId": world.department("SCT"), "coOwnerIds": [world.department("LMHTX")], "deadline": crate::helpers::days_from_today(10) }),
        )
        .await;
    let task_id = task["id"].as_str().unwrap_or_default().to_string();
    let submitted = world
        .simple_task(app, "Nhiệm vụ chờ duyệt", "SCT", Some(10))
        .await;
    let submitted_id = submitted["id"].as_str().unwrap_or_default().to_string();
    app.ok(
        &world.liaison("SCT"),
        UPDATE,
        json!({ "input": { "taskId": submitted_id, "status": "SUBMITTED", "note": "Đã xong" } }),
    )
    .await;
    let request = app
        .ok(
            &world.liaison("SCT"),
            REQUEST_EXTENSION,
            json!({ "input": { "taskId": task_id, "requestedDeadline": crate::helpers::days_from_today(40), "reason": "Chờ số liệu" } }),
        )
        .await;
    let request_id = request["requestExtension"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let mut sessions = HashMap::new();
    let task_page = format!("/tasks/{}", id_number(&task_id));
    for (role, email) in EMAILS {
        let client = browser();
        let link = sign_in_link_for(app, email, &task_page).await;
        let page = open_sign_in_link(&client, &link).await;
        assert_eq!(page.status(), 200, "{role} signs in");
        let html = page.text().await.unwrap_or_default();
        sessions.insert(role, (client, form_field(&html, "csrf")));
    }
    Scene {
        world,
        task_id,
        submitted_id,
        request_id,
        sessions,
    }
}

async fn every_refusal_is_clear_and_changes_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // Everyone signs in to the pages before the first dump: signing in writes sessions.
    let Scene {
        world,
        task_id,
        submitted_id,
        request_id,
        sessions,
    } = scene(&app).await;
    let before = dump(&app.database.url).await;

    let cast = Cast::of(&world);
    let not_admin: Vec<&str> = EVERYONE_BUT_ADMIN.to_vec();
    let may_not_record = [
        "viewer",
        "lead liaison",
        "co-owner liaison",
        "other liaison",
        "other chair",
    ];
    let may_not_decide = [
        "viewer",
        "lead liaison",
        "co-owner liaison",
        "other liaison",
        "secretary",
        "other chair",
    ];
    let mutations: Vec<(&str, String, Value, Vec<&str>)> = vec![
        (
            "createDepartment",
            "mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id } }"
                .into(),
            json!({ "input": { "code": "MOI", "name": "Đơn vị mới" } }),
            not_admin.clone(),
        ),
        (
            "createUser",
            "mutation($input: CreateUserInput!) { createUser(input: $input) { token } }".into(),
            json!({ "input": { "name": "Người mới", "email": "moi@test.example", "role": "ADMIN" } }),
            not_admin.clone(),
        ),
        (
            "createCommittee",
            "mutation($input: CreateCommitteeInput!) { createCommittee(input: $input) { id } }"
                .into(),
            json!({ "input": { "name": "Ban mới" } }),
            not_admin.clone(),
        ),
        (
            "createMeeting",
            "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }".into(),
            json!({ "input": { "committeeId": world.committee, "title": "Họp", "heldOn": "2026-11-02" } }),
            may_not_record.to_vec(),
        ),
        (
            "assignTask",
            "mutation($input: AssignTaskInput!) { assignTask(input: $input) { id } }".into(),
            json!({ "input": { "meetingId": world.meeting, "title": "Việc mới", "leadId": world.department("SCT") } }),
            may_not_record.to_vec(),
        ),
        (
            "assignDrafts",
            "mutation($meetingId: ID!, $drafts: [DraftInput!]!) { assignDrafts(meetingId: $meetingId, drafts: $drafts) { id } }".into(),
            json!({ "meetingId": world.meeting, "drafts": [{ "title": "Việc từ văn bản", "leadIds": [world.department("SCT")] }] }),
            may_not_record.to_vec(),
        ),
        (
            "updateTask (progress)",
            UPDATE.into(),
            json!({ "input": { "taskId": task_id, "progress": 50 } }),
            vec!["viewer", "co-owner liaison", "other liaison", "other chair"],
        ),
        (
            "updateTask (note)",
            UPDATE.into(),
            json!({ "input": { "taskId": task_id, "note": "Ghi chú" } }),
            vec!["viewer", "other liaison", "other chair"],
        ),
        (
            "reviewTask",
            REVIEW.into(),
            json!({ "input": { "taskId": submitted_id, "accept": true, "note": "Đồng ý" } }),
            may_not_decide.to_vec(),
        ),
        (
            "requestExtension",
            REQUEST_EXTENSION.into(),
            json!({ "input": { "taskId": task_id, "requestedDeadline": crate::helpers::days_from_today(50), "reason": "Thêm thời gian" } }),
            vec![
                "viewer",
                "co-owner liaison",
                "other liaison",
                "chair",
                "other chair",
            ],
        ),
        (
            "decideExtension",
            DECIDE_EXTENSION.into(),
            json!({ "input": { "requestId": request_id, "approve": true } }),
            may_not_decide.to_vec(),
        ),
        (
            "remindNow",
            "mutation($id: ID!) { remindNow(taskId: $id) { id } }".into(),
            json!({ "id": task_id }),
            may_not_record.to_vec(),
        ),
        (
            "cancelTask",
            "mutation($input: CancelTaskInput!) { cancelTask(input: $input) { id } }".into(),
            json!({ "input": { "taskId": task_id, "reason": "Không cần nữa" } }),
            may_not_record.to_vec(),
        ),
        (
            "editTask",
            "mutation($input: EditTaskInput!) { editTask(input: $input) { id } }".into(),
            json!({ "input": { "taskId": task_id, "title": "Tên mới" } }),
            may_not_record.to_vec(),
        ),
        (
            "changeOwners",
            "mutation($input: ChangeOwnersInput!) { changeOwners(input: $input) { id } }".into(),
            json!({ "input": { "taskId": task_id, "leadId": world.department("SKHCN"), "reason": "Chuyển" } }),
            may_not_record.to_vec(),
        ),
        (
            "updateDepartment",
            "mutation($input: UpdateDepartmentInput!) { updateDepartment(input: $input) { id } }"
                .into(),
            json!({ "input": { "id": world.department("SCT"), "name": "Tên mới" } }),
            not_admin.clone(),
        ),
        (
            "setDepartmentActive",
            "mutation($id: ID!) { setDepartmentActive(id: $id, active: false) { id } }".into(),
            json!({ "id": world.department("SCT") }),
            not_admin.clone(),
        ),
        (
            "updateUser",
            "mutation($input: UpdateUserInput!) { updateUser(input: $input) { id } }".into(),
            json!({ "input": { "id": world.secretary_id, "name": "Tên mới" } }),
            not_admin.clone(),
        ),
        (
            "setUserActive",
            "mutation($id: ID!) { setUserActive(id: $id, active: false) { id } }".into(),
            json!({ "id": world.secretary_id }),
            not_admin.clone(),
        ),
        (
            "updateCommittee",
            "mutation($input: UpdateCommitteeInput!) { updateCommittee(input: $input) { id } }"
                .into(),
            json!({ "input": { "id": world.committee, "name": "Ban mới" } }),
            not_admin.clone(),
        ),
        (
            "setCommitteeMember",
            "mutation($c: ID!, $u: ID!) { setCommitteeMember(committeeId: $c, userId: $u, member: false) { id } }"
                .into(),
            json!({ "c": world.committee, "u": world.secretary_id }),
            not_admin.clone(),
        ),
        (
            "transferDepartment",
            "mutation($input: TransferDepartmentInput!) { transferDepartment(input: $input) { moved } }"
                .into(),
            json!({ "input": { "fromId": world.department("SCT"), "toId": world.department("SKHCN"), "note": "Sáp nhập" } }),
            not_admin.clone(),
        ),
    ];
    let mut tried = 0;
    for (name, query, variables, refused) in &mutations {
        for role in std::iter::once(&"nobody").chain(refused.iter()) {
            let expected = if *role == "nobody" {
                "UNAUTHENTICATED"
            } else {
                "FORBIDDEN"
            };
            let answer = app.gql(&cast.tokens[role], query, variables.clone()).await;
            assert_eq!(
                answer["errors"][0]["extensions"]["code"], expected,
                "{name} as {role}: {answer:#}"
            );
            tried += 1;
        }
    }

    let version = world.task(&app, &task_id).await["version"].to_string();
    let task_number = id_number(&task_id);
    let submitted_number = id_number(&submitted_id);
    let request_number = id_number(&request_id);
    let meeting_number = id_number(&world.meeting);
    let committee_number = id_number(&world.committee);
    let sct_number = id_number(&world.department("SCT"));
    let secretary_number = id_number(&world.secretary_id);
    let forms: Vec<(String, Fields, Vec<&str>)> = vec![
        (
            format!("/tasks/{task_number}/report"),
            vec![
                ("version", version.clone()),
                ("progress", "50".into()),
                ("status", String::new()),
                ("note", String::new()),
            ],
            vec!["viewer", "co-owner liaison", "other liaison", "other chair"],
        ),
        (
            format!("/tasks/{submitted_number}/review"),
            vec![("accept", "1".into()), ("note", "Đồng ý".into())],
            may_not_decide.to_vec(),
        ),
        (
            format!("/tasks/{task_number}/extension"),
            vec![
                ("requested_deadline", crate::helpers::days_from_today(50)),
                ("reason", "Thêm thời gian".into()),
            ],
            vec![
                "viewer",
                "co-owner liaison",
                "other liaison",
                "chair",
                "other chair",
            ],
        ),
        (
            format!("/extensions/{request_number}/decide"),
            vec![("approve", "1".into()), ("note", String::new())],
            may_not_decide.to_vec(),
        ),
        (
            "/meetings".into(),
            vec![
                ("committee_id", committee_number.to_string()),
                ("title", "Họp".into()),
                ("held_on", "2026-11-02".into()),
                ("reference", String::new()),
            ],
            may_not_record.to_vec(),
        ),
        (
            format!("/meetings/{meeting_number}/tasks"),
            vec![
                ("title", "Việc mới".into()),
                ("lead_id", id_number(&world.department("SCT")).to_string()),
                ("deadline", String::new()),
            ],
            may_not_record.to_vec(),
        ),
        (
            format!("/tasks/{task_number}/edit"),
            vec![
                ("version", version.clone()),
                ("title", "Tên mới".into()),
                ("description", String::new()),
                ("deadline", String::new()),
                ("reason", "Sửa".into()),
            ],
            may_not_record.to_vec(),
        ),
        (
            format!("/tasks/{task_number}/owners"),
            vec![
                ("version", version.clone()),
                ("lead_id", sct_number.to_string()),
                ("reason", "Chuyển".into()),
            ],
            may_not_record.to_vec(),
        ),
        (
            format!("/tasks/{task_number}/cancel"),
            vec![("reason", "Không cần nữa".into())],
            may_not_record.to_vec(),
        ),
        (
            "/admin/departments".into(),
            vec![("code", "MOI".into()), ("name", "Đơn vị mới".into())],
            EVERYONE_BUT_ADMIN.to_vec(),
        ),
        (
            format!("/admin/departments/{sct_number}"),
            vec![("code", "SCT".into()), ("name", "Tên mới".into())],
            EVERYONE_BUT_ADMIN.to_vec(),
        ),
        (
            format!("/admin/departments/{sct_number}/active"),
            vec![("active", "0".into())],
            EVERYONE_BUT_ADMIN.to_vec(),
        ),
        (
            "/admin/people".into(),
            vec![
                ("name", "Người mới".into()),
                ("email", "moi@test.example".into()),
                ("role", "ADMIN".into()),
                ("department_id", String::new()),
            ],
            EVERYONE_BUT_ADMIN.to_vec(),
        ),
        (
            format!("/admin/people/{secretary_number}"),
            vec![
                ("name", "Tên mới".into()),
                ("email", "secretary@test.example".into()),
                ("role", "ADMIN".into()),
            ],
            EVERYONE_BUT_ADMIN.to_vec(),
        ),
        (
            format!("/admin/people/{secretary_number}/committees"),
            vec![],
            EVERYONE_BUT_ADMIN.to_vec(),
        ),
        (
            format!("/admin/people/{secretary_number}/active"),
            vec![("active", "0".into())],
            EVERYONE_BUT_ADMIN.to_vec(),
        ),
        (
            "/admin/committees".into(),
            vec![("name", "Ban mới".into())],
            EVERYONE_BUT_ADMIN.to_vec(),
        ),
        (
            format!("/admin/committees/{committee_number}"),
            vec![
                ("name", "Ban mới".into()),
                ("time_zone", "Asia/Ho_Chi_Minh".into()),
                ("language", "vi".into()),
            ],
            EVERYONE_BUT_ADMIN.to_vec(),
        ),
        (
            format!("/admin/committees/{committee_number}/members"),
            vec![],
            EVERYONE_BUT_ADMIN.to_vec(),
        ),
        (
            format!("/admin/departments/{sct_number}/transfer"),
            vec![
                ("to", id_number(&world.department("SKHCN")).to_string()),
                ("note", "Sáp nhập".into()),
            ],
            EVERYONE_BUT_ADMIN.to_vec(),
        ),
    ];
    for (path, fields, refused) in &forms {
        let nobody = reqwest::Client::new()
            .post(app.url(path))
            .form(fields)
            .send()
            .await
            .expect("an answer");
        assert_eq!(nobody.status(), 401, "{path} as nobody");
        for role in refused {
            let (client, csrf) = &sessions[role];
            let mut form = fields.clone();
            form.push(("csrf", csrf.clone()));
            let answer = client
                .post(app.url(path))
                .form(&form)
                .send()
                .await
                .expect("an answer");
            assert_eq!(answer.status(), 403, "{path} as {role}");
            tried += 1;
        }
    }
    for (role, (client, _)) in &sessions {
        for path in [
            "/admin/departments".to_string(),
            "/admin/people".to_string(),
            format!("/admin/people/{secretary_number}"),
            "/admin/committees".to_string(),
            format!("/admin/committees/{committee_number}"),
            format!("/admin/departments/{sct_number}"),
            format!(
                "/admin/departments/{sct_number}/transfer?to={}",
                id_number(&world.department("SKHCN"))
            ),
        ] {
            let answer = client.get(app.url(&path)).send().await.expect("an answer");
            assert_eq!(answer.status(), 403, "{path} as {role}");
            tried += 1;
        }
    }
    assert!(tried > 70, "the whole matrix was tried: {tried}");
    assert_eq!(
        dump(&app.database.url).await,
        before,
        "no refusal changed anything"
    );
}

/// Which forms a task page shows: (progress and status, note only, extension, review).
async fn forms_on(client: &reqwest::Client, app: &TestApp, task: &str) -> (bool, bool, bool, bool) {
    let html = client
        .get(app.url(&format!("/tasks/{}", id_number(task))))
        .send()
        .await
        .expect("the task page")
        .text()
        .await
        .unwrap_or_default();
    let report = html.contains("action=\"/tasks/") && html.contains("/report\"");
    let progress = html.contains("name=\"progress\"");
    (
        report && progress,
        report && !progress,
        html.contains("/extension\""),
        html.contains("/review\""),
    )
}

/// The task page and the dashboard offer each person exactly the forms they may use.
async fn pages_offer_each_role_exactly_its_forms(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let scene = scene(&app).await;
    // (progress and status, note only, extension, review) on the task in progress.
    let in_progress = [
        ("viewer", (false, false, false, false)),
        ("lead liaison", (true, false, true, false)),
        ("co-owner liaison", (false, true, false, false)),
        ("other liaison", (false, false, false, false)),
        ("secretary", (true, false, true, false)),
        ("chair", (true, false, false, false)),
        ("other chair", (false, false, false, false)),
    ];
    let waiting = [
        ("viewer", (false, false, false, false)),
        ("lead liaison", (false, true, false, false)),
        ("other liaison", (false, false, false, false)),
        ("secretary", (false, true, false, false)),
        ("chair", (false, true, false, true)),
        ("other chair", (false, false, false, false)),
    ];
    for (task, which, table) in [
        (&scene.task_id, "in progress", &in_progress[..]),
        (&scene.submitted_id, "submitted", &waiting[..]),
    ] {
        for (role, expected) in table {
            let (client, _) = &scene.sessions[role];
            assert_eq!(
                forms_on(client, &app, task).await,
                *expected,
                "{role} on the task {which}"
            );
        }
    }
    // Editing, moving and cancelling the directive: those who assign it, on their committee.
    for (role, manages) in [
        ("viewer", false),
        ("lead liaison", false),
        ("co-owner liaison", false),
        ("other liaison", false),
        ("secretary", true),
        ("chair", true),
        ("other chair", false),
    ] {
        let (client, _) = &scene.sessions[role];
        let html = client
            .get(app.url(&format!("/tasks/{}", id_number(&scene.task_id))))
            .send()
            .await
            .expect("the task page")
            .text()
            .await
            .unwrap_or_default();
        for form in ["/edit\"", "/owners\"", "/cancel\""] {
            assert_eq!(html.contains(form), manages, "{form} for {role}");
        }
        assert!(!html.contains("/reopen\""), "an open task is not reopened");
    }
    // The dashboard: the review and extension queues carry their forms for the chair only.
    let review = format!(
        "action=\"/tasks/{}/review\"",
        id_number(&scene.submitted_id)
    );
    let decide = format!(
        "action=\"/extensions/{}/decide\"><p>",
        id_number(&scene.request_id)
    );
    for (role, deciding) in [
        ("chair", true),
        ("other chair", false),
        ("secretary", false),
        ("viewer", false),
        ("lead liaison", false),
    ] {
        let (client, _) = &scene.sessions[role];
        let html = client
            .get(app.url("/dashboard"))
            .send()
            .await
            .expect("the dashboard")
            .text()
            .await
            .unwrap_or_default();
        assert_eq!(html.contains(&review), deciding, "{role}: review form");
        assert_eq!(
            html.contains(&decide) && html.contains("name=\"approve\""),
            deciding,
            "{role}: extension decision"
        );
    }
}

/// The database holds no secret that lets anyone in: API tokens, sign-in links and session
/// cookies are kept only as hashes, so a copy of the database (a backup, a dump) signs nobody in.
async fn no_token_link_or_session_is_stored_as_it_is(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let link = crate::helpers::sign_in_link_for(&app, "liaison.sct@test.example", "/my").await;
    let link_token = link.rsplit('/').next().unwrap_or_default().to_string();
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let liaison = reqwest::Client::builder()
        .cookie_provider(std::sync::Arc::clone(&jar))
        .build()
        .expect("a client");
    let signed_in = crate::helpers::open_sign_in_link(&liaison, &link).await;
    assert_eq!(signed_in.url().path(), "/my");
    let cookies = reqwest::cookie::CookieStore::cookies(&*jar, signed_in.url())
        .and_then(|value| value.to_str().ok().map(str::to_string))
        .unwrap_or_default();
    let session = cookies
        .split("; ")
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| name.contains("session"))
        .map(|(_, value)| value.to_string())
        .unwrap_or_else(|| panic!("a session cookie among {cookies}"));
    let every_row = dump_of(&app.database.url, true).await;
    assert!(
        every_row.contains("token_hash"),
        "the dump reads the secrets' tables"
    );
    let mut secrets = vec![
        app.admin_token.clone(),
        world.chair.clone(),
        world.liaison("SCT"),
        link_token,
        session,
    ];
    secrets.retain(|secret| secret.len() >= 20);
    assert_eq!(secrets.len(), 5, "every secret is long: {secrets:?}");
    for secret in &secrets {
        let (_, random) = secret.split_once('_').unwrap_or(("", secret));
        assert!(
            !every_row.contains(random),
            "a secret is stored as it is: {secret}"
        );
    }
}

on_both_backends!(
    no_token_link_or_session_is_stored_as_it_is,
    every_refusal_is_clear_and_changes_nothing,
    pages_offer_each_role_exactly_its_forms,
);
