//! The practice's patient directory and prior-authorization records through
//! the real binary: CSV import by admins (API and CLI), staff updates of
//! prior-auth status, validation and isolation.

use std::process::Command;

use serde_json::json;

use crate::harness::*;

fn put_csv(server: &Server, practice: &str, token: &str, csv: &str, query: &str) -> Reply {
    server.put_raw(&format!("/v1/practices/{practice}/patients{query}"), token, "text/csv", csv.as_bytes())
}

#[test]
fn the_demo_ships_a_directory_with_maria_gonzalez() {
    let server = Server::start();
    let patients = server.get("/v1/practices/demo/patients", STAFF_TOKEN).json();
    let maria = patients.as_array().unwrap().iter().find(|p| p["given_name"] == "Maria").expect("Maria");
    assert_eq!(maria["family_name"], "Gonzalez");
    assert_eq!(maria["date_of_birth"], "1971-03-14");
    assert_eq!(maria["phones"], json!(["+15550199001"]));
    assert_eq!(server.get("/v1/practices/demo/patients", GATEWAY_TOKEN).status, 403);
}

#[test]
fn a_directory_import_is_all_or_nothing_with_line_numbered_errors() {
    let server = Server::start();
    let bad = "id,given_name,family_name,date_of_birth,phones\nx1,Ann,Lee,1980-02-30,\nx2,Bo,Lee,1980-02-01,555\n";
    let reply = put_csv(&server, "demo", ADMIN_TOKEN, bad, "");
    assert_eq!(reply.status, 400, "{}", reply.body);
    let detail = reply.json()["detail"].clone();
    assert!(detail[0].as_str().unwrap().starts_with("line 2:"), "{detail}");
    assert!(detail[1].as_str().unwrap().starts_with("line 3:"), "{detail}");
    assert_eq!(server.get("/v1/practices/demo/patients", STAFF_TOKEN).json().as_array().unwrap().len(), 7, "unchanged");

    assert_eq!(put_csv(&server, "demo", STAFF_TOKEN, bad, "").status, 403, "staff cannot replace the directory");
    assert_eq!(put_csv(&server, "demo", ADMIN_TOKEN, "id\n", "?mode=sideways").status, 400);

    let good = "id,given_name,family_name,date_of_birth,phones\nn1,Nora,Quinn,1966-06-06,+15550188001\n";
    let merged = put_csv(&server, "demo", ADMIN_TOKEN, good, "?mode=merge");
    assert_eq!(merged.status, 200, "{}", merged.body);
    assert_eq!(server.get("/v1/practices/demo/patients", STAFF_TOKEN).json().as_array().unwrap().len(), 8);
    let replaced = put_csv(&server, "demo", ADMIN_TOKEN, good, "");
    assert_eq!(replaced.json()["imported"], 1);
    assert_eq!(server.get("/v1/practices/demo/patients", STAFF_TOKEN).json().as_array().unwrap().len(), 1);
}

#[test]
fn the_cli_imports_patients_and_staff_set_prior_auth_status() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("patients.csv");
    std::fs::write(&csv, "id,given_name,family_name,date_of_birth,phones\np9,Zed,Young,1977-07-07,+15550177001\n")
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["practice", "import-patients", "demo", csv.to_str().unwrap(), "--merge"])
        .env("SWITCHBOARD_SERVER", &server.base)
        .env("SWITCHBOARD_ADMIN_TOKEN", ADMIN_TOKEN)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let set = |status: &str| {
        server.put_json(
            "/v1/practices/demo/prior-auths/p9/lumbar-esi",
            STAFF_TOKEN,
            &json!({ "status": status, "note": "payer ref 123" }),
        )
    };
    assert_eq!(set("pending-payer").status, 200);
    assert_eq!(set("maybe").status, 400);
    let records = server.get("/v1/practices/demo/prior-auths/p9", STAFF_TOKEN).json();
    assert_eq!(records[0]["status"], "pending-payer");
    assert_eq!(records[0]["updated_by"], "staff");

    let cli = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["practice", "set-prior-auth", "demo", "p9", "lumbar-esi", "--status", "approved"])
        .env("SWITCHBOARD_SERVER", &server.base)
        .env("SWITCHBOARD_ADMIN_TOKEN", ADMIN_TOKEN)
        .output()
        .unwrap();
    assert!(cli.status.success(), "{}", String::from_utf8_lossy(&cli.stderr));
    assert_eq!(server.get("/v1/practices/demo/prior-auths/p9", STAFF_TOKEN).json()[0]["status"], "approved");

    // Unknown patients and other practices' tokens are refused.
    let unknown = server.put_json(
        "/v1/practices/demo/prior-auths/nobody/lumbar-esi",
        STAFF_TOKEN,
        &json!({ "status": "approved" }),
    );
    assert_eq!(unknown.status, 404);
    assert_eq!(server.get("/v1/practices/demo/prior-auths/p9", GATEWAY_TOKEN).status, 403);
    let verify = server.get("/v1/practices/demo/audit/verify", STAFF_TOKEN).json();
    assert_eq!(verify["ok"], true);
}
