//! What stands between the internet and the pages: body limits checked before a body is read,
//! signed-out posts refused unread, the sign-in form's own token, a cap on sign-in requests per
//! client, and the rules for where a sign-in may lead.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use poem::error::ReadBodyError;
use poem::http::{header, Method, StatusCode};
use poem::web::cookie::{Cookie, CookieJar, SameSite};
use poem::{Endpoint, IntoResponse, Request, Response};

use super::{lang_of, refusal, visitor, WebState};
use crate::store::directory::new_token;

/// The cookie that ties the sign-in form (and the sign-in button of a mailed link) to the
/// browser that loaded it, before anyone is signed in.
const PRE_SESSION_COOKIE: &str = "dondoc_pre";

/// Posts that may come from someone not signed in: asking for a link, and using one.
fn open_to_signed_out(path: &str) -> bool {
    path == "/sign-in" || path.starts_with("/login/")
}

/// Compares two secrets in a time that does not depend on where they first differ.
pub(crate) fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// The browser's pre-session token, made and set as a cookie when it has none.
pub(crate) fn pre_session(jar: &CookieJar, secure: bool) -> String {
    if let Some(token) = jar
        .get(PRE_SESSION_COOKIE)
        .map(|c| c.value_str().to_string())
    {
        if !token.is_empty() && token.len() <= 80 {
            return token;
        }
    }
    let token = new_token();
    let mut cookie = Cookie::new_with_str(PRE_SESSION_COOKIE, &token);
    cookie.set_http_only(true);
    cookie.set_same_site(SameSite::Strict);
    cookie.set_secure(secure);
    cookie.set_path("/");
    jar.add(cookie);
    token
}

/// Whether a form posted before sign-in carries this browser's pre-session token.
pub(crate) fn pre_session_ok(jar: &CookieJar, sent: &str) -> bool {
    jar.get(PRE_SESSION_COOKIE)
        .is_some_and(|c| !sent.is_empty() && same_secret(c.value_str(), sent))
}

/// Where a sign-in may lead: a path on this site, at most 500 characters, with no scheme, no
/// host (`//host`), no backslash (which browsers read as a slash) and no control characters or
/// spaces (browsers drop tabs and line breaks, so `/\t/evil.example` becomes `//evil.example`).
/// Anything else leads home.
pub(crate) fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && path.len() <= 500
                && !path
                    .chars()
                    .any(|c| c == '\\' || c.is_control() || c.is_whitespace()) =>
        {
            path.to_string()
        }
        _ => "/".to_string(),
    }
}

/// Counts requests per client over a sliding window.
pub struct ClientLimiter {
    limit: usize,
    window: Duration,
    seen: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// More clients than this are not tracked at once: the oldest entries go first, so memory stays
/// bounded whatever the number of addresses a flood comes from.
const MOST_CLIENTS: usize = 100_000;

impl ClientLimiter {
    pub fn new(limit: u32, window: Duration) -> ClientLimiter {
        ClientLimiter {
            limit: usize::try_from(limit).unwrap_or(usize::MAX),
            window,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Records a request from `client`; false when it is over the limit.
    pub fn allow(&self, client: &str, now: Instant) -> bool {
        let Ok(mut seen) = self.seen.lock() else {
            return true;
        };
        if seen.len() >= MOST_CLIENTS {
            seen.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < self.window)
            });
            if seen.len() >= MOST_CLIENTS {
                seen.clear();
            }
        }
        let times = seen.entry(client.to_string()).or_default();
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            times.pop_front();
        }
        if times.len() >= self.limit {
            return false;
        }
        times.push_back(now);
        true
    }
}

/// The client a request comes from: the peer's address, or the last address a trusted reverse
/// proxy put in `X-Forwarded-For`.
pub(crate) fn client_of(request: &Request, trust_forwarded_for: bool) -> String {
    let forwarded = trust_forwarded_for
        .then(|| request.headers().get("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty());
    forwarded.unwrap_or_else(|| {
        request
            .remote_addr()
            .as_socket_addr()
            .map(|a| a.ip().to_string())
            .unwrap_or_default()
    })
}

fn too_large(request: &Request, limit: usize) -> Response {
    let lang = lang_of(request);
    refusal(
        lang,
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!("{} ({limit} bytes)", lang.text().too_large),
    )
}

/// The answer to a post that needs a session and has none.
fn not_signed_in(request: &Request) -> Response {
    let lang = lang_of(request);
    let mut response = refusal(
        lang,
        StatusCode::UNAUTHORIZED,
        lang.text().signed_out_send_again,
    );
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        poem::http::HeaderValue::from_static("no-store"),
    );
    response
}

/// Whether a post may carry files: a report's documents, a spreadsheet of directives.
pub(crate) fn carries_files(path: &str) -> bool {
    (path.starts_with("/tasks/") && path.ends_with("/documents"))
        || (path.starts_with("/meetings/") && path.ends_with("/import"))
}

/// Every post to the pages: refused unread when it is too large by its own account, or when
/// it needs a session and has none; otherwise read up to the limit (a body that goes on past
/// it is refused) and handed on.
pub async fn guard_posts<E: Endpoint>(
    next: E,
    mut request: Request,
    state: Arc<WebState>,
) -> poem::Result<Response> {
    if request.method() != Method::POST {
        return Ok(next.call(request).await?.into_response());
    }
    let limit = if carries_files(request.uri().path()) {
        state.max_form_bytes + state.max_document_bytes
    } else {
        state.max_form_bytes
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Ok(too_large(&request, limit));
    }
    if !open_to_signed_out(request.uri().path()) {
        let Some(found) = visitor(&state, request.cookie(), state.clock.now()).await else {
            return Ok(not_signed_in(&request));
        };
        // The handler's extractor takes the visitor from here rather than reading it again.
        request.extensions_mut().insert(found);
    }
    match request.take_body().into_bytes_limit(limit).await {
        Ok(bytes) => {
            request.set_body(bytes);
            Ok(next.call(request).await?.into_response())
        }
        Err(ReadBodyError::PayloadTooLarge) => Ok(too_large(&request, limit)),
        Err(_) => {
            let lang = lang_of(&request);
            Ok(refusal(
                lang,
                StatusCode::BAD_REQUEST,
                lang.text().unreadable_form,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_leads_only_to_paths_on_this_site() {
        let cases = [
            (Some("/tasks/12"), "/tasks/12"),
            (Some("/my?search=ho%20tro"), "/my?search=ho%20tro"),
            (None, "/"),
            (Some(""), "/"),
            (Some("https://evil.example/"), "/"),
            (Some("//evil.example/x"), "/"),
            (Some("/\\evil.example/x"), "/"),
            (Some("/\t/evil.example/x"), "/"),
            (Some("/\r\n/evil.example"), "/"),
            (Some("/ /evil.example"), "/"),
            (Some("tasks/12"), "/"),
        ];
        for (next, expected) in cases {
            assert_eq!(safe_next(next), expected, "{next:?}");
        }
        assert_eq!(safe_next(Some(&format!("/{}", "a".repeat(600)))), "/");
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("dd_abc", "dd_abc"));
        assert!(!same_secret("dd_abc", "dd_abd"));
        assert!(!same_secret("dd_abc", "dd_ab"));
        assert!(!same_secret("", "x"));
    }

    #[test]
    fn a_client_is_held_to_its_limit_within_the_window() {
        let limiter = ClientLimiter::new(2, Duration::from_secs(60));
        let start = Instant::now();
        assert!(limiter.allow("10.0.0.1", start));
        assert!(limiter.allow("10.0.0.1", start));
        assert!(!limiter.allow("10.0.0.1", start));
        assert!(
            limiter.allow("10.0.0.2", start),
            "another client is not held"
        );
        assert!(limiter.allow("10.0.0.1", start + Duration::from_secs(61)));
    }
}
