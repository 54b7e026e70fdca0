//! Drafting a meeting's directives from its text: the seed's conclusion read back as drafts
//! matched to the committee's departments (a group addressee to the districts), then the
//! confirmed drafts assigned in one step, the districts' directive split across them.

use serde_json::{json, Value};

use crate::helpers::{
    browser, form_field, id_number, open_sign_in_link, sign_in_link_for, Backend, TestApp,
};
use crate::on_both_backends;
use crate::world::World;

const DRAFT: &str = "query($meetingId: ID!, $text: String!) {
  draftDirectives(meetingId: $meetingId, text: $text) {
    text start end title group deadline deadlinePhrase confidence
    lead { name departments { id code } }
    coOwners { name departments { id code } }
  }
}";

const ASSIGN: &str = "mutation($meetingId: ID!, $drafts: [DraftInput!]!) {
  assignDrafts(meetingId: $meetingId, drafts: $drafts) { id title lead { code } coOwners { code } subtasks { lead { code } } updates(first: 5) { nodes { note } } }
}";

fn codes(units: &Value) -> Vec<Vec<String>> {
    units
        .as_array()
        .map(|units| {
            units
                .iter()
                .map(|u| {
                    u["departments"]
                        .as_array()
                        .map(|d| {
                            d.iter()
                                .map(|d| d["code"].as_str().unwrap_or_default().to_string())
                                .collect()
                        })
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default()
}

fn ids(units: &Value) -> Vec<Value> {
    units
        .as_array()
        .map(|units| {
            units
                .iter()
                .flat_map(|u| u["departments"].as_array().cloned().unwrap_or_default())
                .map(|d| d["id"].clone())
                .collect()
        })
        .unwrap_or_default()
}

async fn the_seeds_text_drafts_its_directives_and_the_secretary_assigns_them(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    // The districts belong to the group "huyện"; the alliance is also called by its short name.
    for code in ["UBND-DH", "UBND-HH", "UBND-VT"] {
        app.ok(
            &world.admin,
            "mutation($input: UpdateDepartmentInput!) { updateDepartment(input: $input) { groups } }",
            json!({ "input": { "id": world.department(code), "groups": ["huyện"] } }),
        )
        .await;
    }
    let aliased = app
        .ok(
            &world.admin,
            "mutation($input: UpdateDepartmentInput!) { updateDepartment(input: $input) { aliases } }",
            json!({ "input": { "id": world.department("SKHCN"), "aliases": ["Sở KH&CN", " "] } }),
        )
        .await;
    assert_eq!(aliased["updateDepartment"]["aliases"], json!(["Sở KH&CN"]));

    let seed = include_str!("../extract/thai-binh-2022-08-26.txt");
    let drafts = app
        .ok(
            &world.secretary,
            DRAFT,
            json!({ "meetingId": world.meeting, "text": seed }),
        )
        .await["draftDirectives"]
        .clone();
    let drafts = drafts.as_array().expect("drafts").clone();
    assert_eq!(drafts.len(), 8, "{drafts:#?}");
    let chars: Vec<char> = seed.chars().collect();
    for draft in &drafts {
        let start = draft["start"].as_u64().unwrap_or(0) as usize;
        let end = draft["end"].as_u64().unwrap_or(0) as usize;
        assert_eq!(
            chars[start..end].iter().collect::<String>(),
            draft["text"].as_str().unwrap_or_default()
        );
    }
    // The steering committee's members match no department; the districts are the group.
    assert_eq!(codes(&drafts[0]["lead"]), vec![Vec::<String>::new()]);
    assert_eq!(drafts[2]["group"], "Các huyện, thành phố");
    assert_eq!(drafts[2]["deadlinePhrase"], "khẩn trương");
    assert_eq!(
        codes(&drafts[2]["lead"]),
        vec![vec!["UBND-DH", "UBND-HH", "UBND-VT"]]
    );
    assert_eq!(codes(&drafts[4]["lead"]), vec![vec!["LMHTX"]]);
    assert_eq!(codes(&drafts[7]["lead"]), vec![vec!["SKHCN"]]);
    assert_eq!(
        codes(&drafts[7]["coOwners"]),
        vec![vec!["SCT"], vec!["SNNPTNT"], vec!["LMHTX"]]
    );
    assert!(drafts[2]["title"]
        .as_str()
        .unwrap_or_default()
        .starts_with("Các huyện, thành phố khẩn trương kiện toàn"));

    // A draft without a title and one without a lead: both named, nothing assigned.
    let refused = app
        .error_code(
            &world.secretary,
            ASSIGN,
            json!({ "meetingId": world.meeting, "drafts": [
                { "title": " ", "leadIds": ids(&drafts[4]["lead"]) },
                { "title": "Việc không có đơn vị", "leadIds": [] },
            ] }),
        )
        .await;
    assert_eq!(refused, "BAD_USER_INPUT");
    let answer = app
        .gql(
            &world.secretary,
            ASSIGN,
            json!({ "meetingId": world.meeting, "drafts": [
                { "title": " ", "leadIds": ids(&drafts[4]["lead"]) },
                { "title": "Việc không có đơn vị", "leadIds": [] },
            ] }),
        )
        .await;
    let message = answer["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        message.contains("Draft 1") && message.contains("Draft 2"),
        "{message}"
    );
    let count = "query($id: ID!) { node(id: $id) { ... on Meeting { tasks { totalCount } } } }";
    let before = app
        .ok(&world.viewer, count, json!({ "id": world.meeting }))
        .await;
    assert_eq!(
        before["node"]["tasks"]["totalCount"], 0,
        "nothing was assigned"
    );

    // The secretary confirms three drafts as proposed.
    let confirmed: Vec<Value> = [2, 4, 7]
        .iter()
        .map(|i| {
            let draft = &drafts[*i];
            json!({ "title": draft["title"], "leadIds": ids(&draft["lead"]), "coOwnerIds": ids(&draft["coOwners"]), "deadline": draft["deadline"] })
        })
        .collect();
    let assigned = app
        .ok(
            &world.secretary,
            ASSIGN,
            json!({ "meetingId": world.meeting, "drafts": confirmed }),
        )
        .await["assignDrafts"]
        .clone();
    let assigned = assigned.as_array().expect("tasks").clone();
    assert_eq!(assigned.len(), 3);
    let districts: Vec<&str> = assigned[0]["subtasks"]
        .as_array()
        .expect("subtasks")
        .iter()
        .map(|s| s["lead"]["code"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        districts,
        ["UBND-DH", "UBND-HH", "UBND-VT"],
        "split across the districts"
    );
    assert_eq!(assigned[2]["lead"]["code"], "SKHCN");
    let mut co_owners: Vec<&str> = assigned[2]["coOwners"]
        .as_array()
        .expect("co-owners")
        .iter()
        .map(|c| c["code"].as_str().unwrap_or_default())
        .collect();
    co_owners.sort_unstable();
    assert_eq!(co_owners, ["LMHTX", "SCT", "SNNPTNT"]);
    // The journal says where the words came from.
    let first_entry = assigned[2]["updates"]["nodes"][0]["note"]
        .as_str()
        .expect("the first journal entry");
    assert!(
        first_entry.ends_with(", soạn từ văn bản của cuộc họp."),
        "{first_entry}"
    );

    // A liaison may read drafts but not assign them.
    let liaison = app
        .error_code(
            &world.liaison("SCT"),
            ASSIGN,
            json!({ "meetingId": world.meeting, "drafts": [{ "title": "Việc", "leadIds": ids(&drafts[4]["lead"]) }] }),
        )
        .await;
    assert_eq!(liaison, "FORBIDDEN");
}

on_both_backends!(the_seeds_text_drafts_its_directives_and_the_secretary_assigns_them);

/// Drafts `notice` on the meeting's page as the person with `email`: the page's HTML.
async fn drafted_on_the_page(
    app: &TestApp,
    world: &World,
    email: &str,
    notice: &str,
) -> (reqwest::Client, String) {
    let meeting = id_number(&world.meeting);
    let person = browser();
    let link = sign_in_link_for(app, email, &format!("/meetings/{meeting}")).await;
    let page = open_sign_in_link(&person, &link)
        .await
        .text()
        .await
        .unwrap_or_default();
    let form = reqwest::multipart::Form::new()
        .text("csrf", form_field(&page, "csrf"))
        .text("notice", notice.to_string());
    let drafted = person
        .post(app.url(&format!("/meetings/{meeting}/draft")))
        .multipart(form)
        .send()
        .await
        .expect("the drafts page answers");
    assert_eq!(drafted.status(), 200);
    let html = drafted.text().await.unwrap_or_default();
    (person, html)
}

/// A step after ";" proposed as a task of its own says it may belong to the task above, so that
/// the secretary reads it in the text before assigning it.
async fn a_draft_that_may_be_a_step_of_the_one_before_says_so(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let notice = "Giao Sở Y tế kiểm tra vệ sinh thực phẩm; tuyên truyền đến người dân.";
    let (_, html) = drafted_on_the_page(&app, &world, "admin@test.example", notice).await;
    assert_eq!(html.matches("class=\"step\"").count(), 1, "{html}");
    let second = html
        .split("name=\"take\" value=\"2\"")
        .nth(1)
        .expect("a second draft");
    assert!(
        second.contains("class=\"step\""),
        "on the second draft: {html}"
    );
    assert!(
        html.contains("Có thể chỉ là một bước của nhiệm vụ ngay trên"),
        "in Vietnamese: {html}"
    );
}
on_both_backends!(a_draft_that_may_be_a_step_of_the_one_before_says_so);

/// A sentence the text does not plainly give to anyone, proposed because it reads like work,
/// says so, so that the secretary checks its lead (taken from the task above) before assigning.
async fn a_draft_the_text_does_not_give_plainly_says_so(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let notice = "Giao Sở Y tế chủ trì kiểm tra vệ sinh an toàn thực phẩm.\nHội nghị cũng đã nghe báo cáo tình hình dịch bệnh trên địa bàn.\nTăng cường kiểm tra, xử lý nghiêm các trường hợp vi phạm về an toàn thực phẩm.";
    let (_, html) = drafted_on_the_page(&app, &world, "admin@test.example", notice).await;
    let hint = "Văn bản không nói rõ câu này giao cho ai";
    assert_eq!(html.matches(hint).count(), 1, "{html}");
    let second = html
        .split("name=\"take\" value=\"2\"")
        .nth(1)
        .expect("a second draft");
    assert!(second.contains(hint), "on the second draft: {html}");
    assert!(
        !html.contains("name=\"take\" value=\"3\""),
        "narration is not proposed: {html}"
    );
}
on_both_backends!(a_draft_the_text_does_not_give_plainly_says_so);

async fn an_administrator_adds_the_department_a_draft_names(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let notice = "Giao Sở Du lịch chủ trì xây dựng kế hoạch phát triển du lịch năm 2027.";

    let (admin, html) = drafted_on_the_page(&app, &world, "admin@test.example", notice).await;
    assert!(
        html.contains("<strong>Sở Du lịch</strong>"),
        "flagged: {html}"
    );
    let add = html
        .split("href=\"/admin/departments?")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link to add the department");
    let query = add.split('#').next().unwrap_or_default();
    let form = admin
        .get(app.url(&format!("/admin/departments?{query}")))
        .send()
        .await
        .expect("the departments page")
        .text()
        .await
        .unwrap_or_default();
    assert!(
        form.contains("name=\"name\" required size=\"60\" value=\"Sở Du lịch\""),
        "the new department's form starts with the name: {form}"
    );
    assert!(html.contains("name=\"again\""), "offers to match again");

    // Someone who may not add departments is offered only the choice.
    let (_, secretarys) = drafted_on_the_page(&app, &world, "secretary@test.example", notice).await;
    assert!(secretarys.contains("<strong>Sở Du lịch</strong>"));
    assert!(
        !secretarys.contains("/admin/departments?"),
        "no link for a secretary"
    );

    // Once the department exists, matching again chooses it and keeps what the secretary
    // changed in the meantime.
    let tourism = app
        .ok(
            &world.admin,
            "mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id } }",
            json!({ "input": { "code": "SDL", "name": "Sở Du lịch" } }),
        )
        .await["createDepartment"]["id"]
        .as_str()
        .map(id_number)
        .expect("the new department");
    let meeting = id_number(&world.meeting);
    let again = reqwest::multipart::Form::new()
        .text("csrf", form_field(&html, "csrf"))
        .text("notice", notice)
        .text("take", "1")
        .text("title-1", "Kế hoạch du lịch 2027 (đã sửa)")
        .text("deadline-1", "2027-03-31")
        .text("unmatched-1", "Sở Du lịch")
        .text("again", "1");
    let matched = admin
        .post(app.url(&format!("/meetings/{meeting}/draft")))
        .multipart(again)
        .send()
        .await
        .expect("the drafts page answers")
        .text()
        .await
        .unwrap_or_default();
    assert!(
        matched.contains(&format!(
            "<option value=\"{tourism}\" selected>Sở Du lịch</option>"
        )),
        "the new department leads: {matched}"
    );
    assert!(matched.contains("Kế hoạch du lịch 2027 (đã sửa)</textarea>"));
    assert!(matched.contains("value=\"2027-03-31\""));
    assert!(
        !matched.contains("<strong>Sở Du lịch</strong>") && !matched.contains("name=\"again\""),
        "nothing is left unmatched"
    );
}

on_both_backends!(an_administrator_adds_the_department_a_draft_names);
