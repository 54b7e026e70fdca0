//! A small committee built through the API: departments, a chair, a secretary, a viewer, a
//! liaison per department, and one meeting held a month ago.

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::helpers::{days_from_today, TestApp};

pub const DEPARTMENTS: [(&str, &str); 7] = [
    ("LMHTX", "Liên minh Hợp tác xã tỉnh"),
    ("SKHCN", "Sở Khoa học và Công nghệ"),
    ("SCT", "Sở Công Thương"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("UBND-DH", "UBND huyện Đông Hưng"),
    ("UBND-HH", "UBND huyện Hưng Hà"),
    ("UBND-VT", "UBND huyện Vũ Thư"),
];

pub struct World {
    pub admin: String,
    pub chair: String,
    /// A chair, but of another committee.
    pub other_chair: String,
    pub secretary: String,
    pub viewer: String,
    pub committee: String,
    pub meeting: String,
    /// The secretary's user id: they serve the committee (and any other made by
    /// `meeting_of_another_committee`).
    pub secretary_id: String,
    departments: HashMap<String, String>,
    liaisons: HashMap<String, String>,
}

pub const TASK_FIELDS: &str =
    "id title status timeliness progress deadline version submittedOn completedOn
    lead { code } coOwners { code } subtasks { id status progress timeliness lead { code } }";

impl World {
    pub async fn build(app: &TestApp) -> World {
        let admin = app.admin_token.clone();
        let mut departments = HashMap::new();
        for (code, name) in DEPARTMENTS {
            let data = app
                .ok(
                    &admin,
                    "mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id } }",
                    json!({ "input": { "code": code, "name": name, "email": format!("{}@test.example", code.to_lowercase()) } }),
                )
                .await;
            departments.insert(
                code.to_string(),
                data["createDepartment"]["id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            );
        }
        let mut world = World {
            admin: admin.clone(),
            chair: String::new(),
            other_chair: String::new(),
            secretary: String::new(),
            viewer: String::new(),
            committee: String::new(),
            meeting: String::new(),
            secretary_id: String::new(),
            departments,
            liaisons: HashMap::new(),
        };
        let (chair_token, chair_id) = world
            .person(
                app,
                "Nguyễn Quang Hưng",
                "chair@test.example",
                "CHAIR",
                None,
            )
            .await;
        world.chair = chair_token;
        world.other_chair = world
            .person(
                app,
                "Chủ tịch khác",
                "other.chair@test.example",
                "CHAIR",
                None,
            )
            .await
            .0;
        let (secretary_token, secretary_id) = world
            .person(app, "Thư ký", "secretary@test.example", "SECRETARY", None)
            .await;
        world.secretary = secretary_token;
        world.secretary_id = secretary_id;
        world.viewer = world
            .person(app, "Người xem", "viewer@test.example", "VIEWER", None)
            .await
            .0;
        for (code, _) in DEPARTMENTS {
            let department = world.department(code);
            let token = world
                .person(
                    app,
                    &format!("Đầu mối {code}"),
                    &format!("liaison.{}@test.example", code.to_lowercase()),
                    "LIAISON",
                    Some(department),
                )
                .await
                .0;
            world.liaisons.insert(code.to_string(), token);
        }
        let committee = app
            .ok(
                &admin,
                "mutation($input: CreateCommitteeInput!) { createCommittee(input: $input) { id } }",
                json!({ "input": { "name": "Ban Chỉ đạo Phát triển Kinh tế tập thể", "chairId": chair_id } }),
            )
            .await;
        world.committee = committee["createCommittee"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        world.serve(app, &world.committee.clone()).await;
        let meeting = app
            .ok(
                &world.secretary,
                "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }",
                json!({ "input": { "committeeId": world.committee, "title": "Hội nghị triển khai nhiệm vụ", "heldOn": days_from_today(-30), "reference": "123/TB-UBND" } }),
            )
            .await;
        world.meeting = meeting["createMeeting"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        world
    }

    /// The administrator makes the secretary a member of a committee.
    pub async fn serve(&self, app: &TestApp, committee: &str) {
        app.ok(
            &self.admin,
            "mutation($c: ID!, $u: ID!) { setCommitteeMember(committeeId: $c, userId: $u, member: true) { id } }",
            json!({ "c": committee, "u": self.secretary_id }),
        )
        .await;
    }

    async fn person(
        &self,
        app: &TestApp,
        name: &str,
        email: &str,
        role: &str,
        department: Option<String>,
    ) -> (String, String) {
        let data = app
            .ok(
                &self.admin,
                "mutation($input: CreateUserInput!) { createUser(input: $input) { token user { id } } }",
                json!({ "input": { "name": name, "email": email, "role": role, "departmentId": department } }),
            )
            .await;
        (
            data["createUser"]["token"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            data["createUser"]["user"]["id"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        )
    }

    pub fn department(&self, code: &str) -> String {
        self.departments
            .get(code)
            .cloned()
            .unwrap_or_else(|| panic!("no department {code}"))
    }

    pub fn liaison(&self, code: &str) -> String {
        self.liaisons
            .get(code)
            .cloned()
            .unwrap_or_else(|| panic!("no liaison {code}"))
    }

    /// Assigns a task at the shared meeting as the secretary and returns it.
    pub async fn assign(&self, app: &TestApp, input: Value) -> Value {
        self.assign_in(app, &self.meeting, input).await
    }

    /// Assigns a task at `meeting` as the secretary and returns it.
    pub async fn assign_in(&self, app: &TestApp, meeting: &str, input: Value) -> Value {
        let mut input = input;
        input["meetingId"] = json!(meeting);
        let data = app
            .ok(
                &self.secretary,
                &format!("mutation($input: AssignTaskInput!) {{ assignTask(input: $input) {{ {TASK_FIELDS} }} }}"),
                json!({ "input": input }),
            )
            .await;
        data["assignTask"].clone()
    }

    /// Another committee, made by the administrator from `input` (a `CreateCommitteeInput`),
    /// with a meeting held ten days ago; returns the meeting's id.
    pub async fn meeting_of_another_committee(&self, app: &TestApp, input: Value) -> String {
        let committee = app
            .ok(
                &self.admin,
                "mutation($input: CreateCommitteeInput!) { createCommittee(input: $input) { id } }",
                json!({ "input": input }),
            )
            .await;
        let committee_id = committee["createCommittee"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        self.serve(app, &committee_id).await;
        let meeting = app
            .ok(
                &self.secretary,
                "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }",
                json!({ "input": { "committeeId": committee_id, "title": "Họp", "heldOn": days_from_today(-10) } }),
            )
            .await;
        meeting["createMeeting"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// A task led by `lead`, due `days` from today, that its liaison has submitted for review;
    /// returns its id.
    pub async fn submitted_task(
        &self,
        app: &TestApp,
        title: &str,
        lead: &str,
        days: i64,
    ) -> String {
        let task = self.simple_task(app, title, lead, Some(days)).await;
        let id = task["id"].as_str().unwrap_or_default().to_string();
        app.ok(
            &self.liaison(lead),
            UPDATE,
            json!({ "input": { "taskId": id, "status": "SUBMITTED", "note": "Đã xong" } }),
        )
        .await;
        id
    }

    /// The chair chases a task at once (`remindNow`).
    pub async fn chase(&self, app: &TestApp, task_id: &Value) {
        app.ok(
            &self.chair,
            "mutation($id: ID!) { remindNow(taskId: $id) { id } }",
            json!({ "id": task_id }),
        )
        .await;
    }

    /// A task led by `lead` with a deadline `days` from today.
    pub async fn simple_task(
        &self,
        app: &TestApp,
        title: &str,
        lead: &str,
        days: Option<i64>,
    ) -> Value {
        self.assign(
            app,
            json!({ "title": title, "leadId": self.department(lead), "deadline": days.map(days_from_today) }),
        )
        .await
    }

    pub async fn task(&self, app: &TestApp, id: &str) -> Value {
        let data = app
            .ok(
                &self.viewer,
                &format!(
                    "query($id: ID!) {{ node(id: $id) {{ ... on Task {{ {TASK_FIELDS} }} }} }}"
                ),
                json!({ "id": id }),
            )
            .await;
        data["node"].clone()
    }
}

pub const UPDATE: &str = "mutation($input: UpdateTaskInput!) { updateTask(input: $input) { id status progress version submittedOn timeliness } }";
pub const REVIEW: &str = "mutation($input: ReviewTaskInput!) { reviewTask(input: $input) { id status progress completedOn timeliness } }";
pub const REQUEST_EXTENSION: &str = "mutation($input: RequestExtensionInput!) { requestExtension(input: $input) { id decision requestedDeadline } }";
pub const DECIDE_EXTENSION: &str = "mutation($input: DecideExtensionInput!) { decideExtension(input: $input) { id decision decidedBy { name } task { deadline } } }";
pub const CANCEL: &str = "mutation($input: CancelTaskInput!) { cancelTask(input: $input) { id status timeliness subtasks { status } } }";
