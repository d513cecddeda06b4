//! End-to-end tests: the real `switchboard` binary over real HTTP, real
//! plugin components in the real sandbox, a real sled data directory.
//! One test binary (link time); each test starts its own server on port 0.

mod console;
mod console_http;
mod directory;
mod durability;
mod faults;
mod gateways;
mod harness;
mod outbox;
mod pain;
mod practices;
mod python;
mod registry;
mod schedule;
mod swap;
mod timers;
mod transcripts;
mod vendor;
mod webdriver;
