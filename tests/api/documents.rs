//! Report documents: a liaison attaches the report's document to a task from its page, the
//! journal lists it with its number, date and hash, and people signed in download it; files
//! that are not documents, too large, or sent by someone who may not write are refused with
//! nothing kept.

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::helpers::{browser, form_field, id_number, open_sign_in_link, Backend, TestApp};
use crate::on_both_backends;
use crate::world::World;

/// A small but real PDF.
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// Signs `email` in to the task's page; returns the browser and the form token.
async fn signed_in(app: &TestApp, email: &str, task_path: &str) -> (reqwest::Client, String) {
    let client = browser();
    let link = crate::helpers::sign_in_link_for(app, email, task_path).await;
    let html = open_sign_in_link(&client, &link)
        .await
        .text()
        .await
        .unwrap_or_default();
    let csrf = form_field(&html, "csrf");
    (client, csrf)
}

async fn attach(
    client: &reqwest::Client,
    app: &TestApp,
    task_path: &str,
    csrf: &str,
    file_name: &str,
    content: Vec<u8>,
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.to_string())
        .text("document_number", "45/BC-SCT")
        .text("document_date", crate::helpers::days_from_today(-1))
        .text("note", "Báo cáo kết quả rà soát HTX")
        .part(
            "file",
            reqwest::multipart::Part::bytes(content)
                .file_name(file_name.to_string())
                .mime_str("application/pdf")
                .expect("a type"),
        );
    client
        .post(app.url(&format!("{task_path}/documents")))
        .multipart(form)
        .send()
        .await
        .expect("an answer")
}

async fn journal(app: &TestApp, world: &World, id: &str) -> Vec<Value> {
    let data = app
        .ok(
            &world.viewer,
            "query($id: ID!) { node(id: $id) { ... on Task { updates { edges { node {
                note documentNumber documentDate author { email }
                attachments { fileName contentType sizeBytes sha256 url uploadedBy { email } } } } } } } }",
            json!({ "id": id }),
        )
        .await;
    data["node"]["updates"]["edges"]
        .as_array()
        .map(|edges| edges.iter().map(|e| e["node"].clone()).collect())
        .unwrap_or_default()
}

/// Every file kept in the documents folder.
fn kept_files(app: &TestApp) -> Vec<std::path::PathBuf> {
    let root = app.documents_dir();
    let Ok(folders) = std::fs::read_dir(&root) else {
        return Vec::new();
    };
    folders
        .filter_map(Result::ok)
        .flat_map(|folder| std::fs::read_dir(folder.path()).into_iter().flatten())
        .filter_map(Result::ok)
        .map(|file| file.path())
        .collect()
}

async fn a_liaison_attaches_a_report_document_and_the_chair_downloads_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(&app, "Rà soát hợp tác xã yếu kém", "SCT", Some(10))
        .await;
    let id = task["id"].as_str().unwrap_or_default().to_string();
    let path = format!("/tasks/{}", id_number(&id));
    let (liaison, csrf) = signed_in(&app, "liaison.sct@test.example", &path).await;

    let sent = attach(
        &liaison,
        &app,
        &path,
        &csrf,
        "C:\\Báo cáo\\Báo cáo số 45.pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(sent.status(), 200);
    let page = sent.text().await.unwrap_or_default();
    assert!(
        page.contains("Báo cáo số 45.pdf") && page.contains("45/BC-SCT"),
        "the task page lists the document"
    );
    let sha = hex::encode(Sha256::digest(PDF));
    let entry = &journal(&app, &world, &id).await[0];
    assert_eq!(entry["note"], "Báo cáo kết quả rà soát HTX");
    assert_eq!(entry["documentNumber"], "45/BC-SCT");
    assert_eq!(entry["documentDate"], crate::helpers::days_from_today(-1));
    let file = &entry["attachments"][0];
    assert_eq!(
        file["fileName"], "Báo cáo số 45.pdf",
        "the name, not the path"
    );
    assert_eq!(file["contentType"], "application/pdf");
    assert_eq!(file["sizeBytes"], PDF.len());
    assert_eq!(file["sha256"], sha);
    assert_eq!(file["uploadedBy"]["email"], "liaison.sct@test.example");
    let kept = kept_files(&app);
    assert_eq!(kept.len(), 1);
    assert_eq!(
        std::fs::read(&kept[0]).expect("the kept file"),
        PDF,
        "kept as sent, under its hash"
    );
    assert!(kept[0].ends_with(&sha));

    let url = file["url"].as_str().unwrap_or_default().to_string();
    let (chair, _) = signed_in(&app, "chair@test.example", &path).await;
    let download = chair.get(app.url(&url)).send().await.expect("downloaded");
    assert_eq!(download.status(), 200);
    let header = |name: &str| {
        download
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(header("content-type"), "application/pdf");
    assert_eq!(
        header("content-disposition"),
        "attachment; filename=\"B_o c_o s_ 45.pdf\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20s%E1%BB%91%2045.pdf"
    );
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(download.bytes().await.expect("the content").as_ref(), PDF);

    let with_token = reqwest::Client::new()
        .get(app.url(&url))
        .bearer_auth(&world.viewer)
        .send()
        .await
        .expect("an answer");
    assert_eq!(with_token.status(), 200, "an API token downloads too");
    let nobody = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
        .get(app.url(&url))
        .send()
        .await
        .expect("an answer");
    assert_eq!(nobody.status(), 303, "only people signed in");
    assert!(nobody
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|l| l.starts_with("/sign-in")));
    let bad_token = reqwest::Client::new()
        .get(app.url(&url))
        .bearer_auth("dd_not_a_token")
        .send()
        .await
        .expect("an answer");
    assert_eq!(bad_token.status(), 401);
}

async fn files_that_are_not_documents_or_not_theirs_are_refused_and_nothing_is_kept(
    backend: Backend,
) {
    let app = TestApp::spawn_with(backend, &[("DONDOC_DOCUMENT_MAX_BYTES", "2000")]).await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(&app, "Báo cáo sơ kết", "SCT", Some(10))
        .await;
    let id = task["id"].as_str().unwrap_or_default().to_string();
    let path = format!("/tasks/{}", id_number(&id));
    let (liaison, csrf) = signed_in(&app, "liaison.sct@test.example", &path).await;

    let page = b"<html><body><script>alert(document.cookie)</script></body></html>".to_vec();
    let disguised = attach(&liaison, &app, &path, &csrf, "bao-cao.pdf", page).await;
    assert_eq!(disguised.status(), 400, "judged by content, not by name");
    assert!(disguised
        .text()
        .await
        .unwrap_or_default()
        .contains("not a document dondoc keeps"));
    let mut large = PDF.to_vec();
    large.extend(std::iter::repeat_n(b' ', 2500));
    let too_large = attach(&liaison, &app, &path, &csrf, "lon.pdf", large).await;
    assert_eq!(too_large.status(), 400);
    assert!(too_large
        .text()
        .await
        .unwrap_or_default()
        .contains("larger than"));
    let mut huge = PDF.to_vec();
    huge.extend(std::iter::repeat_n(b' ', 200_000));
    let refused_unread = attach(&liaison, &app, &path, &csrf, "rat-lon.pdf", huge).await;
    assert_eq!(
        refused_unread.status(),
        413,
        "far over the limit: refused before it is read"
    );

    let (outsider, outsider_csrf) = signed_in(&app, "liaison.skhcn@test.example", &path).await;
    let not_theirs = attach(
        &outsider,
        &app,
        &path,
        &outsider_csrf,
        "bao-cao.pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(not_theirs.status(), 403);
    let forged = attach(
        &liaison,
        &app,
        &path,
        "not-the-token",
        "bao-cao.pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(forged.status(), 403, "the form's token is checked");

    assert_eq!(
        journal(&app, &world, &id).await.len(),
        1,
        "only the assignment"
    );
    assert!(kept_files(&app).is_empty(), "no file was kept");
}

on_both_backends!(
    a_liaison_attaches_a_report_document_and_the_chair_downloads_it,
    files_that_are_not_documents_or_not_theirs_are_refused_and_nothing_is_kept,
);
