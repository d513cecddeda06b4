//! The practice console in a real headless Chromium, driving the real
//! server: sign in, work a refill item that a real signed SMS conversation
//! created, set a prior-authorization status, check the audit chain, fix a
//! config the plugin rejects, install a plugin and roll it back, and look
//! at the dashboard — with a screenshot of every page under
//! `target/tmp/console-screenshots/` (not committed).

use std::path::PathBuf;

use crate::harness::{ADMIN_TOKEN, STAFF_TOKEN, Server};
use crate::webdriver::{Browser, TAB};

struct Shots {
    dir: PathBuf,
    taken: usize,
}

impl Shots {
    fn new() -> Shots {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("console-screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        Shots { dir, taken: 0 }
    }

    fn take(&mut self, browser: &Browser, name: &str) {
        self.taken += 1;
        let path = self.dir.join(format!("{:02}-{name}.png", self.taken));
        let bytes = browser.screenshot(&path);
        assert!(bytes > 2_000, "{name}: a real page renders to more than a blank image ({bytes} bytes)");
    }
}

/// The refill conversation the pain-management suite also uses.
fn text_a_refill_request(server: &Server, from: &str) {
    for (sid, text) in [
        ("SMc1", "hi"),
        ("SMc2", "I need a refil of my percocet pls"),
        ("SMc3", "Maria Gonzalez"),
        ("SMc4", "3/14/1971"),
        ("SMc5", "CVS on Main street"),
        ("SMc6", "yes"),
    ] {
        let reply = server.sms(from, sid, text);
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
}

fn sign_in(browser: &Browser, server: &Server, token: &str) {
    browser.goto(&server.url("/console/sign-in"));
    let practice = browser.find("#practice");
    browser.clear(&practice);
    browser.type_into(&practice, "demo");
    browser.type_into(&browser.find("#token"), token);
    browser.click_and_wait(&browser.find("button[type=submit]"));
}

fn flash(browser: &Browser) -> String {
    browser.text("#flash")
}

#[test]
fn staff_and_administrators_work_the_console_in_a_real_browser() {
    let Some(browser) = Browser::start("console::staff_and_administrators_work_the_console_in_a_real_browser") else {
        return;
    };
    let mut shots = Shots::new();
    let server = Server::start();
    let from = "+15550199001";
    text_a_refill_request(&server, from);

    // Not signed in: every page leads to the sign-in form.
    browser.goto(&server.url("/console/queue"));
    assert!(browser.url().ends_with("/console/sign-in"), "{}", browser.url());
    // The first Tab reaches the skip link, and it leads to the main content.
    browser.press(TAB);
    assert_eq!(browser.attribute(&browser.focused(), "href").as_deref(), Some("#main"));
    shots.take(&browser, "sign-in");

    // A wrong token is refused, with the message in the live region.
    sign_in(&browser, &server, "not-the-token");
    assert!(flash(&browser).contains("do not match"), "{} / {}", browser.url(), browser.source());
    assert_eq!(browser.attribute(&browser.find("#flash"), "role").as_deref(), Some("alert"));

    // Staff sign in and see the refill item the conversation created.
    sign_in(&browser, &server, STAFF_TOKEN);
    assert!(browser.url().ends_with("/console/queue"), "{}", browser.url());
    assert!(browser.title().starts_with("Queues"), "{}", browser.title());
    let row = browser.find_with_text("tbody tr", "Refill");
    assert!(browser.element_text(&row).contains(from), "{}", browser.element_text(&row));
    assert!(browser.try_find("nav a[href='/console/config']").is_none(), "staff see no admin pages");
    assert!(browser.try_find("nav a[href='/console/audit']").is_none(), "the audit log is for administrators");
    shots.take(&browser, "queue");

    // Filters: the refill queue only.
    browser.goto(&server.url("/console/queue?kind=callback&status=all"));
    assert!(browser.text("main").contains("No items match"), "{}", browser.text("main"));
    browser.goto(&server.url("/console/queue?kind=refill"));

    // The item: its structured record and the transcript.
    browser.click_and_wait(&browser.find("tbody tr a"));
    let page = browser.text("main");
    for expected in [
        "percocet",
        "cvs on main street",
        "demo-p001",
        "I need a refil of my percocet pls",
        "received your refill request",
    ] {
        assert!(page.contains(expected), "the item page shows {expected:?}:\n{page}");
    }
    assert_eq!(browser.text("#item-status"), "New");
    shots.take(&browser, "item");

    // Claim, note, resolve.
    browser.click_and_wait(&browser.find_with_text("form button", "Claim"));
    assert!(flash(&browser).contains("You claimed"), "{}", flash(&browser));
    assert_eq!(browser.text("#item-status"), "Claimed");
    browser.type_into(&browser.find("#note-text"), "Called CVS; script sent to Dr. Lee for review.");
    browser.click_and_wait(&browser.find_with_text("form button", "Add note"));
    assert!(flash(&browser).contains("Note added"), "{}", flash(&browser));
    assert!(browser.text("main").contains("Called CVS"), "the note is shown");
    browser.click_and_wait(&browser.find_with_text("form button", "Resolve"));
    assert!(flash(&browser).contains("Resolved"), "{}", flash(&browser));
    assert_eq!(browser.text("#item-status"), "Resolved");
    shots.take(&browser, "item-resolved");

    // The API sees the same item resolved by staff, and the audit chain has it.
    let refill = server.queue("demo", STAFF_TOKEN).into_iter().find(|i| i["kind"] == "refill").expect("refill");
    assert_eq!(refill["status"], "completed");
    assert_eq!(refill["resolved"]["by"], "staff");
    assert_eq!(refill["notes"][0]["text"], "Called CVS; script sent to Dr. Lee for review.");

    // Resolved items leave the default (open) view.
    browser.goto(&server.url("/console/queue"));
    assert!(!browser.text("table").contains("Refill"), "{}", browser.text("main"));
    browser.goto(&server.url("/console/queue?kind=refill&status=completed"));
    assert!(browser.text("table").contains("Refill"), "{}", browser.text("main"));

    // Today's schedule and the waitlist.
    browser.goto(&server.url("/console/schedule"));
    assert!(browser.text("main").contains("Waitlist"));
    shots.take(&browser, "schedule");

    // Prior authorization: set a status and see it.
    browser.goto(&server.url("/console/prior-auth?patient=demo-p001"));
    browser.type_into(&browser.find("#procedure"), "lumbar-esi");
    let status = browser.find("#status option[value=approved]");
    browser.click(&status);
    browser.type_into(&browser.find("#note"), "Approved by payer, ref 123");
    browser.click_and_wait(&browser.find_with_text("form button", "Save status"));
    assert!(flash(&browser).contains("lumbar-esi set to approved"), "{}", flash(&browser));
    assert!(browser.text("table").contains("Approved by payer, ref 123"));
    shots.take(&browser, "prior-auth");
    let records = server.get("/v1/practices/demo/prior-auths/demo-p001", STAFF_TOKEN).json();
    assert_eq!(records[0]["status"], "approved");

    // Staff cannot open the administrators' pages.
    browser.goto(&server.url("/console/config"));
    assert!(browser.text("main").contains("host administrator"), "{}", browser.text("main"));
    browser.goto(&server.url("/console/audit"));
    assert!(browser.text("main").contains("for practice administrators"), "{}", browser.text("main"));
    browser.goto(&server.url("/console/queue"));
    browser.click_and_wait(&browser.find_with_text("button", "Sign out"));
    assert!(browser.url().ends_with("/console/sign-in"));
    browser.goto(&server.url("/console/queue"));
    assert!(browser.url().ends_with("/console/sign-in"), "signed out means signed out");

    // The administrator: the audit log (what staff did is there), and its chain check.
    sign_in(&browser, &server, ADMIN_TOKEN);
    browser.goto(&server.url("/console/audit"));
    let log = browser.text("table");
    for action in ["console.signed-in", "queue-item.claimed", "queue-item.resolved", "prior-auth.updated"] {
        assert!(log.contains(action), "the audit log shows {action}:\n{log}");
    }
    browser.click_and_wait(&browser.find_with_text("form button", "Verify the hash chain"));
    assert!(flash(&browser).contains("The audit chain is intact"), "{}", flash(&browser));
    assert!(browser.text("table").contains("audit.read"), "reading the log is audited");
    shots.take(&browser, "audit");

    // The config editor shows the plugin's errors inline and saves
    // nothing until they are fixed.
    browser.goto(&server.url("/console/config"));
    let editor = browser.find("#config");
    let original = browser.property(&editor, "value").as_str().expect("config text").to_string();
    assert!(original.contains("number = \"+15025550142\""), "{original}");
    shots.take(&browser, "config");
    let broken = original.replace("number = \"+15025550142\"", "number = \"555\"");
    browser.paste_into(&editor, &broken);
    browser.click_and_wait(&browser.find_with_text("form button", "Check and save"));
    let problems = browser.text("#config-problems");
    assert!(problems.contains("transfer.number") && problems.contains("E.164"), "{problems}");
    assert!(problems.contains("nothing was saved"), "{problems}");
    let editor = browser.find("#config");
    assert_eq!(browser.attribute(&editor, "aria-invalid").as_deref(), Some("true"));
    assert!(browser.property(&editor, "value").as_str().unwrap().contains("number = \"555\""), "the edit is kept");
    shots.take(&browser, "config-error");
    let saved = server.get("/v1/practices/demo", ADMIN_TOKEN).json();
    assert!(saved["config"].as_str().unwrap().contains("+15025550142"), "nothing was saved");

    let fixed = original.replace("number = \"+15025550142\"", "number = \"+15025550199\"");
    browser.paste_into(&editor, &fixed);
    browser.click_and_wait(&browser.find_with_text("form button", "Check and save"));
    assert!(flash(&browser).contains("checked and saved"), "{}", flash(&browser));
    let saved = server.get("/v1/practices/demo", ADMIN_TOKEN).json();
    assert!(saved["config"].as_str().unwrap().contains("number = \"+15025550199\""), "{}", saved["config"]);

    // Install another plugin version, then roll back to the one before.
    let running = saved["plugin"].as_str().unwrap().to_string();
    let other = server.publish(switchboard_artifacts::HOSTILE_PLUGIN);
    browser.goto(&server.url("/console/plugin"));
    assert!(browser.text("main").contains(&running));
    shots.take(&browser, "plugin");
    browser.click(&browser.find(&format!("input[value='{other}']")));
    browser.click_and_wait(&browser.find_with_text("form button", "Install the chosen version"));
    assert!(flash(&browser).contains(&format!("Installed {other} (was {running})")), "{}", flash(&browser));
    assert_eq!(server.get("/v1/practices/demo", ADMIN_TOKEN).json()["plugin"], other.as_str());
    assert!(browser.text("table").contains(&other), "the history shows the install: {}", browser.text("main"));
    browser.click_and_wait(&browser.find_with_text("form button", &format!("Roll back to {running}")));
    assert!(flash(&browser).contains(&format!("Rolled back to {running} (was {other})")), "{}", flash(&browser));
    let status = server.get("/v1/practices/demo/plugin", ADMIN_TOKEN).json();
    assert_eq!(status["active"], running.as_str());
    assert_eq!(status["history"].as_array().unwrap().last().unwrap()["action"], "rollback", "{status}");
    shots.take(&browser, "plugin-rolled-back");

    // Hours and on-call.
    browser.goto(&server.url("/console/hours"));
    let monday = browser.find("#day-mon");
    browser.clear(&monday);
    browser.type_into(&monday, "08:00-17:00");
    let primary = browser.find("#primary");
    browser.clear(&primary);
    browser.type_into(&primary, "+15550108888");
    browser.click_and_wait(&browser.find_with_text("form button", "Save hours and on-call"));
    assert!(flash(&browser).contains("saved"), "{}", flash(&browser));
    let saved = server.get("/v1/practices/demo", ADMIN_TOKEN).json();
    assert_eq!(saved["on_call"]["primary"], "+15550108888");
    assert_eq!(saved["hours"]["weekly"]["mon"], "08:00-17:00");
    shots.take(&browser, "hours");

    // The dashboard: one text conversation, which needed staff.
    browser.goto(&server.url("/console/dashboard"));
    let figures = browser.text(".figures");
    assert!(figures.contains("1\nconversations") || figures.contains("1 conversations"), "{figures}");
    assert!(figures.contains("0%"), "{figures}");
    let chart = browser.find("svg#chart-hours");
    assert_eq!(browser.attribute(&chart, "role").as_deref(), Some("img"));
    assert!(browser.source().contains("1 text and 0 voice conversations"));
    shots.take(&browser, "dashboard");
    assert!(shots.taken >= 12);
}
