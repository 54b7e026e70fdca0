//! Calendar feeds: a liaison makes their calendar address on their tasks page; a real
//! iCalendar parser reads the feed as a calendar application would; changes, cancellations,
//! a new address and a revoked one show as they should.

use serde_json::json;

use crate::helpers::{
    browser, days_from_today, form_field, open_sign_in_link, sign_in_link_for, Backend, TestApp,
};
use crate::on_both_backends;
use crate::world::{World, CANCEL};

/// One event of a feed: its UID, all-day date (YYYYMMDD), summary and sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Event {
    uid: String,
    day: String,
    summary: String,
    sequence: String,
}

/// Reads a feed with the `ical` crate's parser.
fn events_of(feed: &str) -> Vec<Event> {
    let mut calendars = ical::IcalParser::new(std::io::BufReader::new(feed.as_bytes()));
    let calendar = calendars
        .next()
        .expect("one calendar")
        .expect("a calendar the parser reads");
    assert!(calendars.next().is_none(), "only one calendar");
    let mut events: Vec<Event> = calendar
        .events
        .iter()
        .map(|event| {
            let property = |name: &str| {
                event
                    .properties
                    .iter()
                    .find(|p| p.name == name)
                    .and_then(|p| p.value.clone())
                    .unwrap_or_default()
            };
            let all_day = event
                .properties
                .iter()
                .find(|p| p.name == "DTSTART")
                .and_then(|p| p.params.as_ref())
                .is_some_and(|params| {
                    params
                        .iter()
                        .any(|(name, values)| name == "VALUE" && values.iter().any(|v| v == "DATE"))
                });
            assert!(all_day, "deadlines are all-day events");
            Event {
                uid: property("UID"),
                day: property("DTSTART"),
                summary: property("SUMMARY"),
                sequence: property("SEQUENCE"),
            }
        })
        .collect();
    events.sort_by(|a, b| a.uid.cmp(&b.uid));
    events
}

fn compact(day: &str) -> String {
    day.replace('-', "")
}

/// Signs `email` in, makes their calendar address on the tasks page, and returns it.
async fn make_address(app: &TestApp, email: &str) -> (reqwest::Client, String, String) {
    let client = browser();
    let link = sign_in_link_for(app, email, "/my").await;
    let page = open_sign_in_link(&client, &link)
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(
        page.contains("action=\"/calendar\""),
        "the tasks page offers it"
    );
    let csrf = form_field(&page, "csrf");
    let made = client
        .post(app.url("/calendar"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("made")
        .text()
        .await
        .unwrap_or_default();
    let start = made.find("<code>").map(|i| i + 6).unwrap_or_default();
    let end = made[start..].find("</code>").map_or(start, |i| start + i);
    (client, made[start..end].to_string(), csrf)
}

async fn read_feed(address: &str) -> reqwest::Response {
    reqwest::get(address).await.expect("the feed answers")
}

async fn a_liaison_follows_their_deadlines_in_a_calendar_application(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let led = world
        .simple_task(&app, "Báo cáo sơ kết; giai đoạn 1, 2", "SCT", Some(10))
        .await;
    let co_owned = world
        .assign(
            &app,
            json!({ "title": "Phối hợp rà soát HTX", "leadId": world.department("SKHCN"), "coOwnerIds": [world.department("SCT")], "deadline": days_from_today(20) }),
        )
        .await;
    world
        .simple_task(&app, "Nhiệm vụ thường xuyên", "SCT", None)
        .await;
    world
        .simple_task(&app, "Việc của đơn vị khác", "SKHCN", Some(5))
        .await;
    let (client, address, csrf) = make_address(&app, "liaison.sct@test.example").await;
    assert!(address.ends_with(".ics"), "{address}");

    let answer = read_feed(&address).await;
    assert_eq!(answer.status(), 200, "read without signing in");
    assert_eq!(
        answer
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/calendar; charset=utf-8")
    );
    let events = events_of(&answer.text().await.unwrap_or_default());
    assert_eq!(
        events.len(),
        2,
        "what the department leads or co-owns, with a deadline: {events:?}"
    );
    let led_event = events
        .iter()
        .find(|e| e.summary.contains("Báo cáo sơ kết"))
        .cloned()
        .expect("the led task");
    assert_eq!(led_event.day, compact(&days_from_today(10)));
    assert!(
        led_event
            .summary
            .contains("Báo cáo sơ kết\\; giai đoạn 1\\, 2")
            || led_event.summary.contains("Báo cáo sơ kết; giai đoạn 1, 2"),
        "{}",
        led_event.summary
    );
    assert!(events
        .iter()
        .any(|e| e.day == compact(&days_from_today(20))));

    app.ok(
        &world.secretary,
        "mutation($input: EditTaskInput!) { editTask(input: $input) { id } }",
        json!({ "input": { "taskId": led["id"], "deadline": days_from_today(15), "reason": "Gia hạn theo ý kiến Trưởng ban" } }),
    )
    .await;
    app.ok(
        &world.secretary,
        CANCEL,
        json!({ "input": { "taskId": co_owned["id"], "reason": "Không còn phù hợp" } }),
    )
    .await;
    let events = events_of(&read_feed(&address).await.text().await.unwrap_or_default());
    assert_eq!(events.len(), 1, "the cancelled task left the feed");
    assert_eq!(events[0].uid, led_event.uid, "the same event");
    assert_eq!(events[0].day, compact(&days_from_today(15)), "moved");
    assert!(
        events[0].sequence.parse::<u32>().unwrap_or(0)
            > led_event.sequence.parse::<u32>().unwrap_or(0),
        "with a higher sequence, so calendars take the change"
    );

    let renewed = client
        .post(app.url("/calendar"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("renewed")
        .text()
        .await
        .unwrap_or_default();
    assert!(renewed.contains("/calendar/dd_"));
    assert_eq!(
        read_feed(&address).await.status(),
        404,
        "a new address ends the old one"
    );
    let revoked = client
        .post(app.url("/calendar/revoke"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("revoked");
    assert_eq!(revoked.status(), 200);
    let start = renewed.find("<code>").map(|i| i + 6).unwrap_or_default();
    let end = renewed[start..]
        .find("</code>")
        .map_or(start, |i| start + i);
    assert_eq!(read_feed(&renewed[start..end]).await.status(), 404);
    assert_eq!(
        read_feed(&app.url("/calendar/dd_guessed.ics"))
            .await
            .status(),
        404
    );
}

async fn a_chairs_feed_shows_their_committee_and_ends_with_their_access(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    world
        .simple_task(&app, "Việc của Ban", "SCT", Some(3))
        .await;
    let other = world
        .meeting_of_another_committee(&app, json!({ "name": "Ban khác" }))
        .await;
    world
        .assign_in(&app, &other, json!({ "title": "Việc của Ban khác", "leadId": world.department("SCT"), "deadline": days_from_today(4) }))
        .await;
    let (_, address, _) = make_address(&app, "chair@test.example").await;
    let events = events_of(&read_feed(&address).await.text().await.unwrap_or_default());
    let summaries: Vec<&str> = events.iter().map(|e| e.summary.as_str()).collect();
    assert_eq!(events.len(), 1, "{summaries:?}");
    assert!(summaries[0].contains("Việc của Ban"));

    let renewed = app
        .ok(
            &world.secretary,
            "mutation { renewCalendarFeed }",
            json!({}),
        )
        .await;
    let secretary_address = renewed["renewCalendarFeed"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(secretary_address.starts_with(&app.url("/calendar/dd_")));
    let events = events_of(
        &read_feed(&secretary_address)
            .await
            .text()
            .await
            .unwrap_or_default(),
    );
    assert_eq!(
        events.len(),
        2,
        "a secretary's feed: every committee they serve"
    );
    app.ok(
        &world.secretary,
        "mutation { revokeCalendarFeed }",
        json!({}),
    )
    .await;
    assert_eq!(read_feed(&secretary_address).await.status(), 404);

    let chair = app.ok(&world.chair, "{ me { id } }", json!({})).await["me"]["id"].clone();
    app.ok(
        &world.admin,
        "mutation($input: UpdateCommitteeInput!) { updateCommittee(input: $input) { id } }",
        json!({ "input": { "id": world.committee, "chairId": null } }),
    )
    .await;
    app.ok(
        &world.admin,
        "mutation($id: ID!) { setUserActive(id: $id, active: false) { active } }",
        json!({ "id": chair }),
    )
    .await;
    assert_eq!(
        read_feed(&address).await.status(),
        404,
        "a deactivated person's feed stops"
    );
}

on_both_backends!(
    a_liaison_follows_their_deadlines_in_a_calendar_application,
    a_chairs_feed_shows_their_committee_and_ends_with_their_access,
);
