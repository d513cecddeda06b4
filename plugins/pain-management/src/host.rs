//! The seam between the conversation logic and the host, from the SDK
//! (`switchboard_sdk::host`): the conversation talks to a [`Host`]; in the
//! component that is the SDK's `ImportHost` over the real imports, and
//! natively the SDK's `RecordingHost` (its `testing` feature), so the same
//! logic runs in unit tests, the corpus report and the host's native
//! baseline benchmark. What is the demo practice's own stays here.

pub use switchboard_sdk::host::{Host, OfficeHours};
#[cfg(not(target_arch = "wasm32"))]
pub use switchboard_sdk::testing::{Action, DirectoryEntry, FakeSchedule, RecordingHost};

/// A recording host with the demo practice's directory (Maria Gonzalez,
/// born 1971-03-14, +15550199001, and the others in
/// `host/demo/patients.csv`).
#[cfg(not(target_arch = "wasm32"))]
pub fn demo_host() -> RecordingHost {
    let entry = |id: &str, given: &str, family: &str, dob: &str, phones: &[&str]| DirectoryEntry {
        id: id.into(),
        given_name: given.into(),
        family_name: family.into(),
        date_of_birth: dob.into(),
        phones: phones.iter().map(|p| (*p).to_owned()).collect(),
    };
    RecordingHost::with_directory(vec![
        entry("demo-p001", "Maria", "Gonzalez", "1971-03-14", &["+15550199001"]),
        entry("demo-p002", "James", "Whitfield", "1958-11-02", &["+15550199002"]),
        entry("demo-p003", "Aisha", "Rahman", "1985-07-21", &["+15550199003", "+15550199013"]),
        entry("demo-p004", "Robert", "O'Neill", "1949-01-30", &["+15550199004"]),
        entry("demo-p005", "Linh", "Nguyen", "1990-12-05", &["+15550199005"]),
        entry("demo-p006", "Dorothy", "Baker", "1962-05-17", &[]),
        entry("demo-p007", "María", "García López", "1983-09-09", &["+15550199007"]),
    ])
}
