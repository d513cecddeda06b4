//! A small W3C WebDriver client over the suite's own HTTP client (ureq):
//! start `chromedriver` on 127.0.0.1, open a headless Chromium session,
//! navigate, find, click, type, read, press keys, take screenshots. The
//! protocol is a handful of JSON calls; a synchronous client fits the
//! synchronous harness and adds no async runtime or second HTTP stack.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

/// The key W3C WebDriver uses for element references.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
pub const TAB: &str = "\u{E004}";

pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    agent: ureq::Agent,
    _profile: tempfile::TempDir,
}

#[derive(Clone)]
pub struct Element(String);

fn find_binary(env: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env) {
        return Some(PathBuf::from(path));
    }
    candidates.iter().map(PathBuf::from).find(|p| p.exists())
}

impl Browser {
    /// A headless Chromium, or `None` when it is not installed and the
    /// run does not require it (`SWITCHBOARD_REQUIRE_BROWSER` unset). CI
    /// sets the variable, so there a missing browser fails the test.
    pub fn start(test: &str) -> Option<Browser> {
        let chromium = find_binary("SWITCHBOARD_CHROMIUM", &["/usr/bin/chromium", "/usr/bin/chromium-browser"]);
        let driver = find_binary("SWITCHBOARD_CHROMEDRIVER", &["/usr/bin/chromedriver"]);
        let (Some(chromium), Some(driver)) = (chromium, driver) else {
            let required = std::env::var_os("SWITCHBOARD_REQUIRE_BROWSER").is_some_and(|v| !v.is_empty());
            assert!(!required, "SWITCHBOARD_REQUIRE_BROWSER is set but chromium or chromedriver is missing");
            eprintln!(
                "\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\
                 SKIPPED {test}: no chromium/chromedriver (apt-get install chromium chromium-driver,\n\
                 or run .ci/run, which installs them and sets SWITCHBOARD_REQUIRE_BROWSER=1)\n\
                 !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n"
            );
            return None;
        };
        Some(Browser::launch(&chromium, &driver))
    }

    fn launch(chromium: &Path, driver: &Path) -> Browser {
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let driver = Command::new(driver)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ready = agent
                .get(format!("{base}/status"))
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_json::<Value>().ok())
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                break;
            }
            assert!(Instant::now() < deadline, "chromedriver did not become ready");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().expect("profile dir");
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--window-size=1280,1000", format!("--user-data-dir={}", profile.path().display()),
                ],
            },
        }}});
        let mut browser = Browser { driver, base, session: String::new(), agent, _profile: profile };
        let created = browser.call("POST", "/session", Some(capabilities));
        browser.session = created["sessionId"].as_str().expect("a session id").to_string();
        browser
    }

    /// One WebDriver command; panics with the driver's message on error.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = if path == "/session" {
            format!("{}{path}", self.base)
        } else {
            format!("{}/session/{}{path}", self.base, self.session)
        };
        let response = match method {
            "GET" => self.agent.get(&url).call(),
            "DELETE" => self.agent.delete(&url).call(),
            _ => self.agent.post(&url).send_json(body.unwrap_or_else(|| json!({}))),
        };
        let mut response = response.unwrap_or_else(|e| panic!("webdriver {method} {path}: {e}"));
        let status = response.status();
        let value: Value = response.body_mut().read_json().expect("webdriver JSON");
        assert!(status.is_success(), "webdriver {method} {path} failed ({status}): {}", value["value"]);
        value["value"].clone()
    }

    pub fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn url(&self) -> String {
        self.call("GET", "/url", None).as_str().unwrap_or_default().to_string()
    }

    pub fn title(&self) -> String {
        self.call("GET", "/title", None).as_str().unwrap_or_default().to_string()
    }

    /// The page's HTML as the browser has it.
    pub fn source(&self) -> String {
        self.call("GET", "/source", None).as_str().unwrap_or_default().to_string()
    }

    pub fn find(&self, css: &str) -> Element {
        self.try_find(css)
            .unwrap_or_else(|| panic!("no element matches {css:?} on {}:\n{}", self.url(), self.text("body")))
    }

    pub fn try_find(&self, css: &str) -> Option<Element> {
        let url = format!("{}/session/{}/element", self.base, self.session);
        let mut response =
            self.agent.post(&url).send_json(json!({ "using": "css selector", "value": css })).expect("webdriver");
        let found = response.status().is_success();
        let value: Value = response.body_mut().read_json().expect("webdriver JSON");
        found.then(|| Element(value["value"][ELEMENT].as_str().expect("element id").to_string()))
    }

    /// The first element matching `css` whose text contains `text`.
    pub fn find_with_text(&self, css: &str, text: &str) -> Element {
        let found = self.call("POST", "/elements", Some(json!({ "using": "css selector", "value": css })));
        for e in found.as_array().into_iter().flatten() {
            let element = Element(e[ELEMENT].as_str().expect("element id").to_string());
            if self.element_text(&element).contains(text) {
                return element;
            }
        }
        panic!("no {css:?} containing {text:?} on {}:\n{}", self.url(), self.text("body"))
    }

    pub fn click(&self, element: &Element) {
        self.call("POST", &format!("/element/{}/click", element.0), None);
    }

    /// Click something that loads a new page (a submit button, a link) and
    /// wait until the new page is there: the old document's root must go
    /// stale, then the new one must have its `main` landmark.
    pub fn click_and_wait(&self, element: &Element) {
        let old = self.find("html");
        self.click(element);
        let deadline = Instant::now() + Duration::from_secs(20);
        let stale = |e: &Element| {
            let url = format!("{}/session/{}/element/{}/name", self.base, self.session, e.0);
            self.agent.get(&url).call().map(|r| !r.status().is_success()).unwrap_or(true)
        };
        while !stale(&old) {
            assert!(Instant::now() < deadline, "the page did not change after the click");
            std::thread::sleep(Duration::from_millis(25));
        }
        while self.try_find("main").is_none() {
            assert!(Instant::now() < deadline, "the new page has no main landmark");
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    pub fn clear(&self, element: &Element) {
        self.call("POST", &format!("/element/{}/clear", element.0), None);
    }

    pub fn type_into(&self, element: &Element, text: &str) {
        self.call("POST", &format!("/element/{}/value", element.0), Some(json!({ "text": text })));
    }

    /// Replace a field's whole value at once, as pasting does. Typing a
    /// config of several KiB key by key takes minutes on a loaded machine;
    /// the page itself still runs no script.
    pub fn paste_into(&self, element: &Element, text: &str) {
        let script = "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));";
        let args = json!([{ ELEMENT: element.0 }, text]);
        self.call("POST", "/execute/sync", Some(json!({ "script": script, "args": args })));
    }

    pub fn element_text(&self, element: &Element) -> String {
        self.call("GET", &format!("/element/{}/text", element.0), None).as_str().unwrap_or_default().to_string()
    }

    pub fn property(&self, element: &Element, name: &str) -> Value {
        self.call("GET", &format!("/element/{}/property/{name}", element.0), None)
    }

    pub fn attribute(&self, element: &Element, name: &str) -> Option<String> {
        self.call("GET", &format!("/element/{}/attribute/{name}", element.0), None).as_str().map(str::to_string)
    }

    /// The visible text of the first element matching `css`.
    pub fn text(&self, css: &str) -> String {
        match self.try_find(css) {
            Some(element) => self.element_text(&element),
            None => String::new(),
        }
    }

    /// The element that has the keyboard focus.
    pub fn focused(&self) -> Element {
        let value = self.call("GET", "/element/active", None);
        Element(value[ELEMENT].as_str().expect("an active element").to_string())
    }

    /// Press keys on whatever has the focus, as a person at a keyboard.
    pub fn press(&self, keys: &str) {
        let mut actions = Vec::new();
        for key in keys.chars() {
            actions.push(json!({ "type": "keyDown", "value": key.to_string() }));
            actions.push(json!({ "type": "keyUp", "value": key.to_string() }));
        }
        self.call(
            "POST",
            "/actions",
            Some(json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": actions }] })),
        );
        self.call("DELETE", "/actions", None);
    }

    /// Save a PNG of the viewport to `path`; returns its size in bytes.
    pub fn screenshot(&self, path: &Path) -> usize {
        let encoded = self.call("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD.decode(encoded.as_str().expect("base64")).expect("PNG");
        assert!(png.starts_with(b"\x89PNG"), "a screenshot is a PNG");
        std::fs::write(path, &png).expect("write screenshot");
        png.len()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self.agent.delete(format!("{}/session/{}", self.base, self.session)).call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
