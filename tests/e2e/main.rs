//! End-to-end tests: the real `switchboard` binary over real HTTP, real
//! plugin components in the real sandbox, a real sled data directory.
//! One test binary (link time); each test starts its own server on port 0.

mod backup;
mod booking;
mod conformance;
mod console;
mod console_http;
mod deploy;
mod directory;
mod durability;
mod escalation;
mod faults;
mod gateways;
mod hardening;
mod harness;
mod isolation;
mod oncall;
mod outbox;
mod paging;
mod pain;
mod practices;
mod queue;
mod registry;
mod safety;
mod schedule;
mod spanish;
mod swap;
mod tamper;
mod timers;
mod tls;
mod transcripts;
mod vendor;
mod webdriver;
