//! Integration tests of the scheduling backend through its public API
//! (`ScheduleBackend` on `SledSchedule`), one binary for link time. Each
//! module is one concern; `support` builds practices and instants.

mod booking;
mod concurrency;
mod config;
mod dst;
mod isolation;
mod openings;
mod support;
mod waitlist;
