//! The console's security over plain HTTP (no browser needed): the session
//! cookie's flags, CSRF tokens, cross-site posts, sessions that end when
//! their token is rotated, escaping of what patients write, and `/metrics`.

use std::time::Duration;

use crate::harness::{ADMIN_TOKEN, STAFF_TOKEN, Server, form};

/// A client that does not follow redirects, so each answer can be checked.
fn client() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

struct Answer {
    status: u16,
    location: String,
    set_cookie: String,
    body: String,
}

fn send(request: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut response = request.expect("HTTP");
    let header =
        |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let (location, set_cookie) = (header("location"), header("set-cookie"));
    Answer {
        status: response.status().as_u16(),
        location,
        set_cookie,
        body: response.body_mut().read_to_string().unwrap_or_default(),
    }
}

fn post_form(
    server: &Server,
    path: &str,
    cookie: Option<&str>,
    origin: Option<&str>,
    params: &[(&str, &str)],
) -> Answer {
    let mut request = client().post(server.url(path)).header("Content-Type", "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        request = request.header("Cookie", &format!("switchboard_console={cookie}"));
    }
    if let Some(origin) = origin {
        request = request.header("Origin", origin);
    }
    send(request.send(form(params)))
}

fn get(server: &Server, path: &str, cookie: &str) -> Answer {
    send(client().get(server.url(path)).header("Cookie", &format!("switchboard_console={cookie}")).call())
}

/// Sign in and return the session cookie's value.
fn sign_in(server: &Server, token: &str) -> String {
    sign_in_to(server, "demo", token)
}

fn sign_in_to(server: &Server, practice: &str, token: &str) -> String {
    let answer = post_form(server, "/console/sign-in", None, None, &[("practice", practice), ("token", token)]);
    assert_eq!(answer.status, 303, "{}", answer.body);
    assert_eq!(answer.location, "/console/queue");
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/console", "Max-Age="] {
        assert!(answer.set_cookie.contains(flag), "{flag} in {}", answer.set_cookie);
    }
    let value = answer.set_cookie.split(';').next().unwrap().strip_prefix("switchboard_console=").unwrap();
    value.to_string()
}

/// The CSRF token in a page's forms.
fn csrf(page: &str) -> String {
    let at = page.find("name=\"csrf\" value=\"").expect("a CSRF field") + "name=\"csrf\" value=\"".len();
    page[at..].split('"').next().unwrap().to_string()
}

#[test]
fn sessions_csrf_and_cross_site_posts() {
    let server = Server::start();
    // Without a session every page goes to the sign-in form.
    let answer = get(&server, "/console/queue", "made-up");
    assert_eq!((answer.status, answer.location.as_str()), (303, "/console/sign-in"));
    let wrong = post_form(&server, "/console/sign-in", None, None, &[("practice", "demo"), ("token", "nope")]);
    assert_eq!(wrong.status, 401);
    assert!(wrong.set_cookie.is_empty());
    let unknown = post_form(&server, "/console/sign-in", None, None, &[("practice", "nope"), ("token", STAFF_TOKEN)]);
    assert_eq!(unknown.status, 401, "an unknown practice looks like a wrong token");

    // Forms need the session's CSRF token (the audit check, as an administrator).
    let cookie = sign_in(&server, ADMIN_TOKEN);
    let page = get(&server, "/console/audit", &cookie);
    assert_eq!(page.status, 200);
    let token = csrf(&page.body);

    // A form without the session's CSRF token, or from another site, is refused.
    let forged = post_form(&server, "/console/audit/verify", Some(&cookie), None, &[("csrf", "forged")]);
    assert_eq!(forged.status, 403, "{}", forged.body);
    let cross =
        post_form(&server, "/console/audit/verify", Some(&cookie), Some("https://evil.example"), &[("csrf", &token)]);
    assert_eq!(cross.status, 403, "{}", cross.body);
    let good = post_form(&server, "/console/audit/verify", Some(&cookie), None, &[("csrf", &token)]);
    assert_eq!((good.status, good.location.as_str()), (303, "/console/audit"));

    // Pages are never cached and never framed.
    let response = client()
        .get(server.url("/console/queue"))
        .header("Cookie", &format!("switchboard_console={cookie}"))
        .call()
        .unwrap();
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert!(response.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));

    // Rotating the practice's tokens ends the sessions they opened.
    let cookie = sign_in(&server, STAFF_TOKEN);
    assert_eq!(get(&server, "/console/queue", &cookie).status, 200);
    assert_eq!(get(&server, "/console/audit", &cookie).status, 403, "the audit log is for administrators");
    let rotated = server.post_json("/v1/practices/demo/tokens/rotate", ADMIN_TOKEN, &serde_json::json!({}));
    assert_eq!(rotated.status, 200, "{}", rotated.body);
    let answer = get(&server, "/console/queue", &cookie);
    assert_eq!((answer.status, answer.location.as_str()), (303, "/console/sign-in"));
}

#[test]
fn what_patients_write_is_escaped_and_staff_pages_are_audited() {
    let server = Server::start();
    let from = "+15550199001";
    // A refill request whose pharmacy is markup: it lands in the item's
    // record and in the transcript.
    for (sid, text) in [
        ("SMx1", "I need a refill of my percocet"),
        ("SMx2", "Maria Gonzalez"),
        ("SMx3", "3/14/1971"),
        ("SMx4", "<script>alert(1)</script> pharmacy"),
        ("SMx5", "yes"),
    ] {
        let reply = server.sms(from, sid, text);
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    let cookie = sign_in(&server, STAFF_TOKEN);
    let item = server.queue("demo", STAFF_TOKEN).into_iter().next().expect("the refill request is queued");
    let page = get(&server, &format!("/console/queue/{}", item["id"].as_str().unwrap()), &cookie);
    assert_eq!(page.status, 200, "{}", page.body);
    // The transcript shows what the patient wrote, as text.
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; pharmacy"), "{}", page.body);
    assert!(!page.body.contains("<script>"), "{}", page.body);
    let audit = server.get("/v1/practices/demo/audit/verify", STAFF_TOKEN).json();
    assert_eq!(audit["ok"], true);
    let admin = sign_in(&server, ADMIN_TOKEN);
    let page = get(&server, "/console/audit", &admin);
    assert!(page.body.contains("console.signed-in"), "signing in is audited");
    assert!(page.body.contains("queue-item.read"), "staff reading the item is audited");
    assert!(!page.body.contains("<script>"), "the audit page escapes too");
}

#[test]
fn metrics_are_prometheus_text_for_the_admin() {
    let server = Server::start();
    server.sms("+15550199001", "SMm1", "what are your office hours");
    let refused = server.get("/metrics", STAFF_TOKEN);
    assert_eq!(refused.status, 403);
    let metrics = server.get("/metrics", ADMIN_TOKEN);
    assert_eq!(metrics.status, 200, "{}", metrics.body);
    let text = metrics.body;
    let plugin = server.get("/v1/practices/demo", ADMIN_TOKEN).json()["plugin"].as_str().unwrap().to_string();
    let labels = format!("practice=\"demo\",plugin=\"{plugin}\"");
    assert!(text.contains(&format!("switchboard_turn_duration_seconds_count{{{labels}}} 1")), "{text}");
    assert!(text.contains(&format!("switchboard_turn_duration_seconds_bucket{{{labels},le=\"+Inf\"}} 1")), "{text}");
    assert!(text.contains("# TYPE switchboard_plugin_faults_total counter"));
    assert!(text.contains("switchboard_handled_without_staff_ratio_24h{practice=\"demo\"} 1"), "{text}");
    assert!(text.contains("switchboard_escalations_24h{practice=\"demo\"} 0"), "{text}");
    let by_hour: u64 = text
        .lines()
        .filter(|l| l.starts_with("switchboard_conversations_24h{practice=\"demo\",channel=\"sms\""))
        .map(|l| l.rsplit(' ').next().unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(by_hour, 1, "{text}");
    assert!(!text.contains("+1555"), "no phone numbers in metrics");
}

#[test]
fn the_console_shows_the_conversations_language() {
    let server = Server::start();
    let from = "+15550199001";
    for (sid, text) in [
        ("SMl1", "Hola, necesito un resurtido de mi gabapentina"),
        ("SMl2", "Maria Gonzalez"),
        ("SMl3", "14/03/1971"),
        ("SMl4", "CVS en la calle Main"),
        ("SMl5", "sí"),
    ] {
        assert_eq!(server.sms(from, sid, text).status, 200);
    }
    let cookie = sign_in(&server, STAFF_TOKEN);
    let item = server.queue("demo", STAFF_TOKEN).into_iter().next().expect("the refill request is queued");
    let page = get(&server, &format!("/console/queue/{}", item["id"].as_str().unwrap()), &cookie);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Language: Spanish (español)"), "{}", page.body);
}

#[test]
fn the_dashboard_lists_messages_that_did_not_reach_the_patient() {
    use crate::outbox::{practice, send_turn, start_gateway, wait_for};
    let gw: crate::outbox::Shared = Default::default();
    let base = start_gateway(gw.clone());
    let server = Server::start();
    let staff = practice(&server, &base, ("00:00", "00:00"));
    let cookie = sign_in_to(&server, "outreach", ADMIN_TOKEN);
    let page = get(&server, "/console/dashboard?days=1", &cookie);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<b>0</b>did not reach the patient"), "{}", page.body);
    assert!(page.body.contains("none was reported undelivered"), "{}", page.body);

    // The number texts STOP; the next text to it is refused by the host.
    let stop = server.twilio(
        "/twilio/sms",
        crate::outbox::TWILIO,
        &[("MessageSid", "SMdashstop"), ("From", "+15550124444"), ("To", crate::outbox::NUMBER), ("Body", "STOP")],
    );
    assert_eq!(stop.status, 200, "{}", stop.body);
    send_turn(&server, "SMdashsend");
    wait_for(&server, &staff, "failed", Duration::from_secs(10));
    let page = get(&server, "/console/dashboard?days=1", &cookie);
    assert!(page.body.contains("<b>1</b>did not reach the patient"), "{}", page.body);
    assert!(page.body.contains("<td>+15550124444</td><td>text</td><td>not sent after"), "{}", page.body);
    assert!(page.body.contains("opted out"), "{}", page.body);
    // Staff (not admins) do not see the dashboard.
    let staff_cookie = sign_in_to(&server, "outreach", &staff);
    assert_ne!(get(&server, "/console/dashboard", &staff_cookie).status, 200);
}
