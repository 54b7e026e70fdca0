//! Signing in and out: the sign-in form, the links mailed to people, sessions, the language.

use std::sync::Arc;

use maud::{html, Markup};
use poem::http::StatusCode;
use poem::web::cookie::{Cookie, CookieJar};
use poem::web::{Data, Form, Path, Query};
use poem::{handler, Request, Response};
use serde::Deserialize;

use super::guard::{client_of, pre_session, pre_session_ok, safe_next};
use super::{
    lang_of, page, redirect, refusal, session_cookie, visitor, Lang, WebState, SESSION_COOKIE,
};
use crate::domain::validate::Email;
use crate::domain::Role;
use crate::mail::OutgoingMail;
use crate::store::sessions::sign_in_url;

use super::layout::*;

#[handler]
pub async fn home(request: &Request, Data(state): Data<&Arc<WebState>>) -> Response {
    match visitor(state, request.cookie(), state.clock.now()).await {
        Some(v) if matches!(v.actor.role, Role::Chair | Role::Admin) => redirect("/dashboard"),
        Some(_) => redirect("/my"),
        None => redirect("/sign-in"),
    }
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// The sign-in form, carrying the browser's pre-session token.
fn sign_in_body(lang: Lang, next: &str, error: Option<&str>, pre_session: &str) -> Markup {
    html! {
        @if let Some(error) = error {
            p.error { (error) }
        }
        form.card method="post" action="/sign-in" {
            label for="email" { (lang.text().your_email) }
            input #email name="email" type="email" required autocomplete="email";
            input type="hidden" name="next" value=(next);
            input type="hidden" name="csrf" value=(pre_session);
            p { button { (lang.text().send_me_a_link) } }
        }
    }
}

#[handler]
pub async fn sign_in_form(
    request: &Request,
    Query(query): Query<NextQuery>,
    Data(state): Data<&Arc<WebState>>,
) -> Response {
    let lang = lang_of(request);
    let next = safe_next(query.next.as_deref());
    let token = pre_session(request.cookie(), state.secure_cookies());
    page(
        lang,
        lang.text().sign_in,
        None,
        sign_in_body(lang, &next, None, &token),
    )
}

#[derive(Deserialize)]
pub struct SignInForm {
    email: String,
    next: Option<String>,
    #[serde(default)]
    csrf: String,
}

#[handler]
pub async fn sign_in(
    request: &Request,
    Data(state): Data<&Arc<WebState>>,
    Form(form): Form<SignInForm>,
) -> Response {
    let lang = lang_of(request);
    let next = safe_next(form.next.as_deref());
    if !pre_session_ok(request.cookie(), &form.csrf) {
        let token = pre_session(request.cookie(), state.secure_cookies());
        let mut response = page(
            lang,
            lang.text().sign_in,
            None,
            sign_in_body(lang, &next, Some(lang.text().stale_form_send_again), &token),
        );
        response.set_status(StatusCode::FORBIDDEN);
        return response;
    }
    let client = client_of(request, state.trust_forwarded_for);
    if !state
        .sign_in_clients
        .allow(&client, std::time::Instant::now())
    {
        return refusal(
            lang,
            StatusCode::TOO_MANY_REQUESTS,
            lang.text().too_many_requests,
        );
    }
    if let Ok(email) = Email::parse(&form.email) {
        // In the background, so that the answer takes as long whether or not the address is
        // known, and a slow mail server holds up nobody.
        let state = Arc::clone(state);
        tokio::spawn(async move {
            if let Err(error) = send_sign_in_link(&state, &email, &next).await {
                tracing::error!(%error, "a sign-in link could not be sent");
            }
        });
    }
    // The same answer whether or not the address is known, so the page reveals nobody.
    let minutes = state.sign_in_link_lifetime.num_minutes();
    let body = html! {
        p.ok { (lang.text().link_on_its_way.replace("{minutes}", &minutes.to_string())) }
    };
    page(lang, lang.text().check_your_mail, None, body)
}

async fn send_sign_in_link(state: &WebState, email: &Email, next: &str) -> Result<(), String> {
    let Some(user) = state
        .store
        .active_user_by_email(email)
        .await
        .map_err(|e| e.to_string())?
    else {
        return Ok(());
    };
    let Some(token) = state
        .store
        .create_asked_login_link(
            user.id,
            next,
            state.clock.now(),
            state.sign_in_link_lifetime,
            state.link_limit,
        )
        .await
        .map_err(|e| e.to_string())?
    else {
        tracing::warn!(
            user = user.id,
            "sign-in links asked for too often; none sent"
        );
        return Ok(());
    };
    let link = sign_in_url(&state.public_url, &token);
    let Some(mailer) = &state.mailer else {
        tracing::warn!(%link, email = %email.as_str(), "no mail server is set; the sign-in link is only in this log");
        return Ok(());
    };
    mailer
        .send(&OutgoingMail {
            to_name: Some(user.name.clone()),
            to_email: user.email.clone(),
            subject: "Đường dẫn đăng nhập / Your sign-in link".into(),
            text: format!(
                "Mở đường dẫn sau để đăng nhập (dùng được một lần, trong {minutes} phút):\n{link}\n\nOpen this link to sign in (it works once, within {minutes} minutes):\n{link}\n",
                minutes = state.sign_in_link_lifetime.num_minutes()
            ),
            html: html! { p { a href=(link) { "Đăng nhập / Sign in" } } p { (link) } }.into_string(),
            message_id: format!("sign-in.{}@{}", &token[3..27], mailer.domain()),
        })
        .await
        .map_err(|e| format!("{e:?}"))
}

/// The page of a link that no longer works, with the form to ask for a new one.
fn link_gone(request: &Request, state: &WebState, lang: Lang) -> Response {
    let token = pre_session(request.cookie(), state.secure_cookies());
    let mut response = page(
        lang,
        lang.text().link_no_longer_works,
        None,
        sign_in_body(lang, "/", Some(lang.text().link_used_or_expired), &token),
    );
    response.set_status(StatusCode::GONE);
    response
}

/// Opening a mailed link shows one button; only pressing it (a POST) uses the link up. Mail
/// gateways that open every link to scan it therefore use nothing up.
#[handler]
pub async fn login_page(
    request: &Request,
    Path(token): Path<String>,
    Data(state): Data<&Arc<WebState>>,
) -> Response {
    let lang = lang_of(request);
    match state
        .store
        .login_link_works(&token, state.clock.now())
        .await
    {
        Ok(true) => {
            let pre = pre_session(request.cookie(), state.secure_cookies());
            let body = html! {
                form.card method="post" action={ "/login/" (urlencode(&token)) } {
                    p { (lang.text().press_to_sign_in) }
                    input type="hidden" name="csrf" value=(pre);
                    p { button { (lang.text().sign_in) } }
                }
            };
            let mut response = page(lang, lang.text().sign_in, None, body);
            response.headers_mut().insert(
                poem::http::header::CACHE_CONTROL,
                poem::http::HeaderValue::from_static("no-store"),
            );
            response
        }
        Ok(false) => link_gone(request, state, lang),
        Err(error) => failure(lang, error),
    }
}

#[handler]
pub async fn login(
    request: &Request,
    Path(token): Path<String>,
    Data(state): Data<&Arc<WebState>>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let lang = lang_of(request);
    if !pre_session_ok(request.cookie(), &form.csrf) {
        return csrf_refusal(lang);
    }
    match state
        .store
        .redeem_login_link(&token, state.clock.now())
        .await
    {
        Ok(Some((user, next))) => match state
            .store
            .create_session(user.id, state.clock.now(), state.session_lifetime)
            .await
        {
            Ok(session) => {
                request.cookie().add(session_cookie(state, &session));
                redirect(&safe_next(Some(&next)))
            }
            Err(error) => failure(lang, error),
        },
        Ok(None) => link_gone(request, state, lang),
        Err(error) => failure(lang, error),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

#[handler]
pub async fn sign_out(
    request: &Request,
    Data(state): Data<&Arc<WebState>>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let lang = lang_of(request);
    let Some(v) = visitor(state, request.cookie(), state.clock.now()).await else {
        return redirect("/sign-in");
    };
    if !csrf_ok(&v, &form.csrf) {
        return csrf_refusal(lang);
    }
    if let Some(token) = request
        .cookie()
        .get(SESSION_COOKIE)
        .map(|c| c.value_str().to_string())
    {
        if let Err(error) = state.store.end_session(&token, state.clock.now()).await {
            return failure(lang, error);
        }
    }
    let mut response = redirect("/sign-in");
    response.headers_mut().append(
        poem::http::header::SET_COOKIE,
        poem::http::HeaderValue::from_static(
            "dondoc_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
        ),
    );
    response
}

#[handler]
pub async fn language(Path(code): Path<String>, jar: &CookieJar) -> Response {
    let mut cookie = Cookie::new_with_str(
        super::LANGUAGE_COOKIE,
        if code == "en" { "en" } else { "vi" },
    );
    cookie.set_path("/");
    jar.add(cookie);
    redirect("/")
}
