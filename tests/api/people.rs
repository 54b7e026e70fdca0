//! People after their account is made: the administrator changes their details and role, and
//! ends their access at once or lets them back in.

use serde_json::json;

use crate::helpers::{browser, open_sign_in_link, sign_in_link_for, Backend, TestApp};
use crate::on_both_backends;
use crate::world::World;

const UPDATE_USER: &str = "mutation($input: UpdateUserInput!) { updateUser(input: $input) { name email role department { code } active } }";
const ACTIVE: &str =
    "mutation($id: ID!, $active: Boolean!) { setUserActive(id: $id, active: $active) { active } }";

async fn id_of(app: &TestApp, token: &str) -> String {
    app.ok(token, "{ me { id } }", json!({})).await["me"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

async fn the_administrator_changes_a_persons_details_and_role(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let liaison = id_of(&app, &world.liaison("SCT")).await;
    let chair = id_of(&app, &world.chair).await;

    let moved = app
        .ok(
            &world.admin,
            UPDATE_USER,
            json!({ "input": { "id": liaison, "name": "Trần Thị Bình", "departmentId": world.department("SKHCN") } }),
        )
        .await;
    assert_eq!(
        moved["updateUser"],
        json!({ "name": "Trần Thị Bình", "email": "liaison.sct@test.example", "role": "LIAISON", "department": { "code": "SKHCN" }, "active": true })
    );
    let reported = app
        .ok(
            &world.liaison("SCT"),
            "{ me { department { code } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        reported["me"]["department"]["code"], "SKHCN",
        "their token now acts for the new department"
    );
    for (what, input, code) in [
        (
            "a liaison without a department",
            json!({ "id": liaison, "departmentId": null }),
            "BAD_USER_INPUT",
        ),
        (
            "a secretary with a department",
            json!({ "id": liaison, "role": "SECRETARY" }),
            "BAD_USER_INPUT",
        ),
        (
            "an address already taken",
            json!({ "id": liaison, "email": "chair@test.example" }),
            "CONFLICT",
        ),
        (
            "a chair who chairs a committee",
            json!({ "id": chair, "role": "VIEWER" }),
            "BAD_USER_INPUT",
        ),
    ] {
        assert_eq!(
            app.error_code(&world.admin, UPDATE_USER, json!({ "input": input }))
                .await,
            code,
            "{what}"
        );
    }
    let secretary = app
        .ok(
            &world.admin,
            UPDATE_USER,
            json!({ "input": { "id": liaison, "role": "SECRETARY", "departmentId": null } }),
        )
        .await;
    assert_eq!(secretary["updateUser"]["role"], "SECRETARY");
    assert_eq!(
        app.error_code(
            &world.chair,
            UPDATE_USER,
            json!({ "input": { "id": liaison, "name": "X" } })
        )
        .await,
        "FORBIDDEN"
    );
    let people = app
        .ok(&world.admin, "{ people { totalCount } }", json!({}))
        .await;
    assert_eq!(
        people["people"]["totalCount"], 12,
        "the administrator, 4 officers, 7 liaisons"
    );
    assert_eq!(
        app.error_code(&world.chair, "{ people { totalCount } }", json!({}))
            .await,
        "FORBIDDEN",
        "addresses are for administrators"
    );
}

async fn a_deactivated_person_is_locked_out_at_once_and_may_come_back(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let liaison = id_of(&app, &world.liaison("SCT")).await;
    let client = browser();
    let link = sign_in_link_for(&app, "liaison.sct@test.example", "/my").await;
    assert_eq!(open_sign_in_link(&client, &link).await.status(), 200);

    let off = app
        .ok(
            &world.admin,
            ACTIVE,
            json!({ "id": liaison, "active": false }),
        )
        .await;
    assert_eq!(off["setUserActive"]["active"], false);
    assert_eq!(
        app.error_code(&world.liaison("SCT"), "{ me { id } }", json!({}))
            .await,
        "UNAUTHENTICATED",
        "their token stops at once"
    );
    let page = client.get(app.url("/my")).send().await.expect("an answer");
    assert!(
        page.url().path().starts_with("/sign-in"),
        "their session ends at once"
    );
    assert_eq!(
        app.error_code(
            &world.admin,
            ACTIVE,
            json!({ "id": id_of(&app, &world.admin).await, "active": false })
        )
        .await,
        "FORBIDDEN",
        "an administrator cannot lock themselves out"
    );

    app.ok(
        &world.admin,
        ACTIVE,
        json!({ "id": liaison, "active": true }),
    )
    .await;
    let back = browser();
    let link = sign_in_link_for(&app, "liaison.sct@test.example", "/my").await;
    let page = open_sign_in_link(&back, &link).await;
    assert_eq!(page.url().path(), "/my", "they sign in again with a link");
}

on_both_backends!(
    the_administrator_changes_a_persons_details_and_role,
    a_deactivated_person_is_locked_out_at_once_and_may_come_back,
);
