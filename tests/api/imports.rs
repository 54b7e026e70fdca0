//! Importing a meeting's directives from a spreadsheet: from the meeting's page (upload,
//! preview, confirm), all or nothing with every bad row named; and the seed meeting's
//! directives from `docs/import/` with `dondoc import`, in one step.

use serde_json::json;

use crate::helpers::{
    browser, cli, form_field, id_number, open_sign_in_link, sign_in_link_for, Backend, TestApp,
    TestDatabase,
};
use crate::on_both_backends;
use crate::world::World;

/// An XLSX written by rust_xlsxwriter, as a spreadsheet application would save one.
fn spreadsheet(rows: &[[&str; 4]]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            sheet
                .write_string(
                    u32::try_from(r).unwrap_or(0),
                    u16::try_from(c).unwrap_or(0),
                    *value,
                )
                .expect("a cell");
        }
    }
    workbook.save_to_buffer().expect("an XLSX")
}

async fn upload(
    client: &reqwest::Client,
    app: &TestApp,
    meeting: i64,
    csrf: &str,
    name: &str,
    content: Vec<u8>,
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(content).file_name(name.to_string()),
        );
    client
        .post(app.url(&format!("/meetings/{meeting}/import")))
        .multipart(form)
        .send()
        .await
        .expect("an answer")
}

async fn directives_of(app: &TestApp, world: &World) -> Vec<serde_json::Value> {
    let data = app
        .ok(
            &world.viewer,
            "query($m: ID!) { tasks(filter: { meetingId: $m, topLevelOnly: true }, first: 100) { edges { node {
                title deadline lead { code } coOwners { code } subtasks { lead { code } } } } } }",
            json!({ "m": world.meeting }),
        )
        .await;
    data["tasks"]["edges"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["node"].clone())
        .collect()
}

async fn the_secretary_imports_a_spreadsheet_after_a_preview_all_or_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let meeting = id_number(&world.meeting);
    let path = format!("/meetings/{meeting}");
    let secretary = browser();
    let link = sign_in_link_for(&app, "secretary@test.example", &path).await;
    let page = open_sign_in_link(&secretary, &link)
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(page.contains(&format!("action=\"/meetings/{meeting}/import\"")));
    let csrf = form_field(&page, "csrf");

    let bad = "Tên nhiệm vụ,Đơn vị chủ trì,Đơn vị phối hợp,Thời hạn\n\
               Việc đúng,SCT,SKHCN,30/12/2026\n\
               Việc của đơn vị lạ,SXD,,\n\
               ,SCT,,\n\
               Việc hạn sai,SCT,,cuối năm\n";
    let refused = upload(&secretary, &app, meeting, &csrf, "nhiem-vu.csv", bad.into()).await;
    assert_eq!(refused.status(), 400);
    let text = refused.text().await.unwrap_or_default();
    assert!(
        text.contains("<td>4</td>") && text.contains("<td>5</td>"),
        "{text}"
    );
    let unknown = upload(
        &secretary,
        &app,
        meeting,
        &csrf,
        "nhiem-vu.csv",
        "Tên nhiệm vụ,Đơn vị chủ trì\nViệc đúng,SCT\nViệc của đơn vị lạ,SXD\n".into(),
    )
    .await;
    let preview = unknown.text().await.unwrap_or_default();
    let file = form_field(&preview, "file");
    let confirmed = secretary
        .post(app.url(&format!("/meetings/{meeting}/import/confirm")))
        .form(&[("csrf", csrf.as_str()), ("file", file.as_str())])
        .send()
        .await
        .expect("an answer");
    assert_eq!(confirmed.status(), 400);
    assert!(confirmed
        .text()
        .await
        .unwrap_or_default()
        .contains("no department has the code SXD"));
    assert!(
        directives_of(&app, &world).await.is_empty(),
        "nothing was imported, not even the good row"
    );

    let good = spreadsheet(&[
        [
            "Tên nhiệm vụ",
            "Đơn vị chủ trì",
            "Đơn vị phối hợp",
            "Thời hạn",
        ],
        [
            "Xây dựng đề án hỗ trợ HTX",
            "SCT",
            "SKHCN; LMHTX",
            "31/12/2026",
        ],
        [
            "Kiện toàn Ban Chỉ đạo cấp huyện",
            "UBND-DH, UBND-HH, UBND-VT",
            "",
            "",
        ],
    ]);
    let preview = upload(&secretary, &app, meeting, &csrf, "nhiem-vu.xlsx", good).await;
    assert_eq!(preview.status(), 200);
    let preview = preview.text().await.unwrap_or_default();
    assert!(preview.contains("Xây dựng đề án hỗ trợ HTX") && preview.contains("31/12/2026"));
    assert!(
        directives_of(&app, &world).await.is_empty(),
        "a preview writes nothing"
    );
    let file = form_field(&preview, "file");
    let done = secretary
        .post(app.url(&format!("/meetings/{meeting}/import/confirm")))
        .form(&[("csrf", csrf.as_str()), ("file", file.as_str())])
        .send()
        .await
        .expect("imported");
    assert_eq!(done.status(), 200);
    let directives = directives_of(&app, &world).await;
    assert_eq!(directives.len(), 2);
    assert_eq!(directives[0]["lead"]["code"], "SCT");
    assert_eq!(directives[0]["deadline"], "2026-12-31");
    assert_eq!(directives[0]["coOwners"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        directives[1]["subtasks"].as_array().map(Vec::len),
        Some(3),
        "several leads: one task each"
    );

    let liaison = browser();
    let link = sign_in_link_for(&app, "liaison.sct@test.example", &path).await;
    let page = open_sign_in_link(&liaison, &link)
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(!page.contains("/import\""), "no import form for a liaison");
    let not_theirs = upload(
        &liaison,
        &app,
        meeting,
        &form_field(&page, "csrf"),
        "nhiem-vu.csv",
        "Tên nhiệm vụ,Đơn vị chủ trì\nViệc,SCT\n".into(),
    )
    .await;
    assert_eq!(not_theirs.status(), 403);
    let template = secretary
        .get(app.url("/import/template.csv"))
        .send()
        .await
        .expect("the template")
        .text()
        .await
        .unwrap_or_default();
    assert!(template.contains("Tên nhiệm vụ,Đơn vị chủ trì,Đơn vị phối hợp,Thời hạn,Mô tả"));
}

async fn the_seed_meetings_directives_import_in_one_step(backend: Backend) {
    let database = TestDatabase::create(backend);
    let demo = cli(&database.url, &["demo"]);
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    let seed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/import/thai-binh-2022-08-26.csv"
    );
    let imported = cli(
        &database.url,
        &[
            "import",
            seed,
            "--meeting",
            "1",
            "--as",
            "thuky.bcd@thaibinh.example",
        ],
    );
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&imported.stdout).trim(),
        "Assigned 8 directives at meeting 1."
    );
    let refused = cli(
        &database.url,
        &[
            "import",
            seed,
            "--meeting",
            "1",
            "--as",
            "daumoi.sct@thaibinh.example",
        ],
    );
    assert!(!refused.status.success(), "a liaison may not assign");
    let app = TestApp::spawn_on(database, &[]).await;
    let data = app
        .ok(
            &app.admin_token,
            "{ tasks(filter: { search: \"kien toan ban chi dao phat trien kinh te tap the cap huyen\", topLevelOnly: true }) { edges { node { subtasks { lead { code } } } } } }",
            json!({}),
        )
        .await;
    let splits: Vec<usize> = data["tasks"]["edges"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| e["node"]["subtasks"].as_array().map_or(0, Vec::len))
        .collect();
    assert!(
        splits.contains(&8),
        "the district directive, split across the eight districts: {splits:?}"
    );
}

/// The same import through the API: every bad row named, nothing written; then all of them.
async fn the_api_imports_a_spreadsheet_all_or_nothing(backend: Backend) {
    use base64::Engine as _;
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let import = "mutation($input: ImportDirectivesInput!) { importDirectives(input: $input) { title lead { code } subtasks { id } updates(first: 1) { nodes { note } } } }";
    let encode = |content: Vec<u8>| base64::engine::general_purpose::STANDARD.encode(content);
    let bad = app
        .gql(
            &world.secretary,
            import,
            json!({ "input": { "meetingId": world.meeting, "fileBase64": encode(
                "Tên nhiệm vụ,Đơn vị chủ trì,Thời hạn\nViệc đúng,SCT,\nViệc lạ,SXD,\nViệc hạn sai,SCT,mai\n".into()) } }),
        )
        .await;
    assert_eq!(bad["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    let message = bad["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("Row 4:"), "{message}");
    let unknown = app
        .gql(
            &world.secretary,
            import,
            json!({ "input": { "meetingId": world.meeting, "fileBase64": encode(
                "Tên nhiệm vụ,Đơn vị chủ trì\nViệc đúng,SCT\nViệc lạ,SXD\n".into()) } }),
        )
        .await;
    assert!(unknown["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("Row 3: no department has the code SXD"));
    assert!(directives_of(&app, &world).await.is_empty());
    assert_eq!(
        app.error_code(
            &world.liaison("SCT"),
            import,
            json!({ "input": { "meetingId": world.meeting, "fileBase64": encode("Tên nhiệm vụ,Đơn vị chủ trì\nViệc,SCT\n".into()) } })
        )
        .await,
        "FORBIDDEN"
    );
    let done = app
        .ok(
            &world.secretary,
            import,
            json!({ "input": { "meetingId": world.meeting, "fileBase64": encode(spreadsheet(&[
                ["Task", "Lead", "Co-owners", "Deadline"],
                ["Rà soát HTX yếu kém", "UBND-DH; UBND-HH", "", "2026-12-31"],
            ])) } }),
        )
        .await;
    assert_eq!(done["importDirectives"][0]["lead"]["code"], "UBND-DH");
    let first_entry = &done["importDirectives"][0]["updates"]["nodes"][0]["note"];
    assert!(
        first_entry
            .as_str()
            .is_some_and(|note| note.ends_with(", nhập từ bảng tính.")),
        "the journal says the spreadsheet: {first_entry}"
    );
    assert_eq!(
        done["importDirectives"][0]["subtasks"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
}

on_both_backends!(
    the_api_imports_a_spreadsheet_all_or_nothing,
    the_secretary_imports_a_spreadsheet_after_a_preview_all_or_nothing,
    the_seed_meetings_directives_import_in_one_step,
);
