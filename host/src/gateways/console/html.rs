//! The console's only way to produce HTML: [`esc`] for every value that
//! came from a request, the store or a plugin, and [`page`] for the shared
//! layout (skip link, landmarks, navigation, the live region for flash
//! messages). Markup is built with `write!` into a `String`; a fragment that
//! is already HTML is passed around as [`Html`] so it is never escaped twice
//! and never confused with text.

use std::fmt::{self, Display, Write};

/// HTML that is safe to insert as is.
#[derive(Debug, Default, Clone)]
pub struct Html(pub String);

impl Display for Html {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Text escaped for element content and quoted attribute values.
pub struct Esc<'a>(&'a str);

pub fn esc(text: &str) -> Esc<'_> {
    Esc(text)
}

impl Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..at])?;
            f.write_str(match rest.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[at + 1..];
        }
        f.write_str(rest)
    }
}

/// A value for a URL query parameter.
pub fn url_param(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// A flash message shown once after a redirect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flash {
    Done(String),
    Problem(String),
}

/// What the layout needs to know about who is looking.
pub struct Chrome<'a> {
    pub practice_name: &'a str,
    pub actor: &'a str,
    pub is_admin: bool,
    /// May change the plugin and its configuration.
    pub can_configure: bool,
    pub csrf: &'a str,
    /// The nav entry to mark as the current page.
    pub current: &'a str,
    pub flash: Option<Flash>,
}

const STAFF_NAV: &[(&str, &str)] =
    &[("/console/queue", "Queues"), ("/console/schedule", "Schedule"), ("/console/prior-auth", "Prior authorization")];

const ADMIN_NAV: &[(&str, &str)] =
    &[("/console/dashboard", "Dashboard"), ("/console/audit", "Audit log"), ("/console/hours", "Hours and on-call")];
const CONFIGURE_NAV: &[(&str, &str)] = &[("/console/plugin", "Plugin"), ("/console/config", "Configuration")];

/// The whole document around a page's `body`.
pub fn page(title: &str, chrome: &Chrome<'_>, body: &Html) -> Html {
    let mut out = String::with_capacity(body.0.len() + 2048);
    let _ = write!(
        out,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · Switchboard</title><style>{STYLE}</style></head><body>\
         <a class=\"skip\" href=\"#main\">Skip to main content</a>\
         <header><p class=\"brand\">Switchboard · {}</p><nav aria-label=\"Console\"><ul>",
        esc(title),
        esc(chrome.practice_name),
    );
    let nav = STAFF_NAV
        .iter()
        .chain(if chrome.is_admin { ADMIN_NAV.iter() } else { [].iter() })
        .chain(if chrome.can_configure { CONFIGURE_NAV.iter() } else { [].iter() });
    for (href, label) in nav {
        let current = if *href == chrome.current { " aria-current=\"page\"" } else { "" };
        let _ = write!(out, "<li><a href=\"{href}\"{current}>{label}</a></li>");
    }
    let _ = write!(
        out,
        "</ul></nav><form method=\"post\" action=\"/console/sign-out\" class=\"signout\">{}\
         <span>Signed in as {}</span> <button type=\"submit\">Sign out</button></form></header>\
         <main id=\"main\" tabindex=\"-1\"><h1>{}</h1>{}{body}</main></body></html>",
        csrf_field(chrome.csrf),
        esc(chrome.actor),
        esc(title),
        flash_region(chrome.flash.as_ref()),
    );
    Html(out)
}

/// A page for someone not signed in (the sign-in form, errors).
pub fn bare_page(title: &str, flash: Option<&Flash>, body: &Html) -> Html {
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · Switchboard</title><style>{STYLE}</style></head><body>\
         <a class=\"skip\" href=\"#main\">Skip to main content</a>\
         <header><p class=\"brand\">Switchboard</p></header>\
         <main id=\"main\" tabindex=\"-1\"><h1>{}</h1>{}{body}</main></body></html>",
        esc(title),
        esc(title),
        flash_region(flash),
    ))
}

/// Always present, so screen readers announce what is put into it; a
/// problem is an alert, a success a polite status.
fn flash_region(flash: Option<&Flash>) -> String {
    match flash {
        Some(Flash::Done(text)) => {
            format!("<div id=\"flash\" class=\"flash done\" role=\"status\" aria-live=\"polite\">{}</div>", esc(text))
        }
        Some(Flash::Problem(text)) => {
            format!(
                "<div id=\"flash\" class=\"flash problem\" role=\"alert\" aria-live=\"assertive\">{}</div>",
                esc(text)
            )
        }
        None => "<div id=\"flash\" role=\"status\" aria-live=\"polite\"></div>".into(),
    }
}

/// The hidden CSRF field every console form carries.
pub fn csrf_field(token: &str) -> String {
    format!("<input type=\"hidden\" name=\"csrf\" value=\"{}\">", esc(token))
}

/// A `<select>` with a visible label; `selected` picks the current option.
pub fn select(id: &str, label: &str, options: &[(&str, &str)], selected: &str) -> String {
    let mut out = format!("<label for=\"{id}\">{}</label><select id=\"{id}\" name=\"{id}\">", esc(label));
    for (value, text) in options {
        let mark = if *value == selected { " selected" } else { "" };
        let _ = write!(out, "<option value=\"{}\"{mark}>{}</option>", esc(value), esc(text));
    }
    out.push_str("</select>");
    out
}

/// Milliseconds since the epoch as a local time in the practice's zone.
pub fn local_time(ms: i64, zone: &str) -> String {
    let Ok(ts) = jiff::Timestamp::from_millisecond(ms) else { return "?".into() };
    match jiff::tz::TimeZone::get(zone) {
        Ok(tz) => ts.to_zoned(tz).strftime("%Y-%m-%d %H:%M").to_string(),
        Err(_) => ts.strftime("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

const STYLE: &str = "\
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}\
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:9}\
header{background:#17324d;color:#fff;padding:8px 16px;display:flex;flex-wrap:wrap;gap:16px;align-items:center}\
header a{color:#fff}header nav ul{list-style:none;display:flex;gap:16px;margin:0;padding:0}\
header a[aria-current=page]{font-weight:bold;text-decoration-thickness:3px}.brand{font-weight:bold;margin:0}\
.signout{margin-left:auto}main{padding:16px;max-width:1200px}\
:focus-visible{outline:3px solid #f5a623;outline-offset:2px}\
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}\
caption{text-align:left;font-weight:bold;padding:4px 0}.flash{padding:8px 12px;margin:8px 0;border-radius:4px}\
.done{background:#e3f4e1;border:1px solid #2e7d32}.problem{background:#fde8e8;border:1px solid #b71c1c}\
.urgent{color:#b71c1c;font-weight:bold}form.inline{display:inline}fieldset{margin:8px 0}\
label{display:block;font-weight:600;margin-top:8px}textarea{width:100%;font-family:monospace}\
.errors li{color:#b71c1c}.figures{display:flex;flex-wrap:wrap;gap:16px}.figure{background:#fff;border:1px solid #ccc;padding:8px 16px}\
.figure b{display:block;font-size:1.6em}button{font-size:1em;padding:4px 12px}\
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_markup_character_is_escaped() {
        assert_eq!(esc("<a href=\"x\">'&'</a>").to_string(), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert_eq!(esc("plain text").to_string(), "plain text");
    }

    #[test]
    fn the_layout_escapes_what_it_is_given() {
        let chrome = Chrome {
            practice_name: "<script>",
            actor: "staff",
            is_admin: false,
            can_configure: false,
            csrf: "t\"",
            current: "/console/queue",
            flash: Some(Flash::Problem("<b>".into())),
        };
        let html = page("Queues & more", &chrome, &Html("<p>body</p>".into())).0;
        assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"));
        assert!(html.contains("value=\"t&quot;\""));
        assert!(html.contains("role=\"alert\" aria-live=\"assertive\">&lt;b&gt;"));
        assert!(html.contains("Queues &amp; more"));
        assert!(html.contains("<a href=\"/console/queue\" aria-current=\"page\">"));
        assert!(!html.contains("/console/config"), "staff see no admin pages");
    }
}
