//! Outbound over real TLS: the real binary sends a text to a local HTTPS
//! stand-in for the carrier's REST API, whose certificate is signed by a
//! private CA the operator adds with `SSL_CERT_FILE`; the stand-in reports
//! delivery back through a signed status callback, and the outbox shows
//! the carrier's id and status. Without the CA, the handshake fails and
//! nothing is sent.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::harness::*;
use crate::outbox::{TWILIO, practice, send_turn, wait_for};

/// A private CA and a server certificate for 127.0.0.1 signed by it.
struct Pki {
    ca_pem: String,
    server_cert_der: Vec<u8>,
    server_key_der: Vec<u8>,
}

fn pki() -> Pki {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair, KeyUsagePurpose};
    let mut ca = CertificateParams::new(Vec::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name.push(rcgen::DnType::CommonName, "Switchboard test CA");
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::DigitalSignature];
    let ca_key = KeyPair::generate().unwrap();
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca, ca_key);
    let mut leaf = CertificateParams::new(vec!["127.0.0.1".to_string()]).unwrap();
    leaf.distinguished_name.push(rcgen::DnType::CommonName, "carrier stand-in");
    leaf.use_authority_key_identifier_extension = true;
    let leaf_key = KeyPair::generate().unwrap();
    let leaf_cert = leaf.signed_by(&leaf_key, &issuer).unwrap();
    Pki { ca_pem: ca_cert.pem(), server_cert_der: leaf_cert.der().to_vec(), server_key_der: leaf_key.serialize_der() }
}

/// One request the stand-in received: its path and form.
#[derive(Clone, Debug)]
struct Received {
    path: String,
    form: Vec<(String, String)>,
}

impl Received {
    fn get(&self, name: &str) -> &str {
        self.form.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }
}

/// An HTTPS server on 127.0.0.1:0 that answers every POST like Twilio's
/// Messages API; returns its base URL. Failed handshakes are counted.
fn start_https(pki: &Pki, received: Arc<Mutex<Vec<Received>>>, handshake_failures: Arc<Mutex<usize>>) -> String {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(
            vec![pki.server_cert_der.clone().into()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(pki.server_key_der.clone().into()),
        )
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(tcp) = stream else { continue };
            let (config, received, failures) = (config.clone(), received.clone(), handshake_failures.clone());
            std::thread::spawn(move || {
                let connection = rustls::ServerConnection::new(config).unwrap();
                let mut tls = rustls::StreamOwned::new(connection, tcp);
                match read_request(&mut tls) {
                    Some(request) => {
                        let sid = format!("SM{}", request.get("To").trim_start_matches('+'));
                        received.lock().unwrap().push(request);
                        let body = format!(r#"{{"sid":"{sid}","status":"queued"}}"#);
                        let _ = write!(
                            tls,
                            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                            body.len()
                        );
                        let _ = tls.flush();
                        tls.conn.send_close_notify();
                        let _ = tls.flush();
                    }
                    None => *failures.lock().unwrap() += 1,
                }
            });
        }
    });
    format!("https://{address}")
}

/// Read one HTTP/1.1 request (the handshake happens on the first read).
fn read_request(stream: &mut impl Read) -> Option<Received> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split_whitespace().nth(1)?.to_string();
    let mut length = 0;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        if header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Received { path, form: form_urlencoded::parse(&body).into_owned().collect() })
}

fn wait_until<T>(within: Duration, what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + within;
    loop {
        if let Some(found) = probe() {
            return found;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A stand-in behind a private CA, and a server that trusts it through
/// `SSL_CERT_FILE` with a practice sending through the stand-in.
struct Rig {
    server: Server,
    staff: String,
    received: Arc<Mutex<Vec<Received>>>,
    failures: Arc<Mutex<usize>>,
    _dir: tempfile::TempDir,
}

fn rig() -> Rig {
    let pki = pki();
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("private-ca.pem");
    std::fs::write(&ca_file, &pki.ca_pem).unwrap();
    let received = Arc::new(Mutex::new(Vec::new()));
    let failures = Arc::new(Mutex::new(0));
    let base = start_https(&pki, received.clone(), failures.clone());
    let server = Server::start_with_env(&[("SSL_CERT_FILE", ca_file.to_str().unwrap())]);
    let staff = practice(&server, &base, ("00:00", "00:00"));
    Rig { server, staff, received, failures, _dir: dir }
}

#[test]
fn a_text_travels_over_tls_to_a_private_ca_and_comes_back_delivered() {
    let Rig { server, staff, received, failures, _dir } = rig();
    send_turn(&server, "SMtls1");
    let sent = wait_for(&server, &staff, "sent", Duration::from_secs(20));
    assert_eq!(sent["attempts"], 1, "delivered on the first attempt, over TLS: {sent}");
    let request = received.lock().unwrap()[0].clone();
    assert_eq!(request.path, "/2010-04-01/Accounts/AC123/Messages.json");
    assert_eq!(request.get("Body"), "A reminder from the fixture.");
    assert_eq!(sent["gateway_sid"], "SM15550124444", "the carrier's id is on the outbox entry");

    // The status callback names this message, and is signed like any webhook.
    let callback = request.get("StatusCallback").to_string();
    let path = callback.strip_prefix(&server.url("")).expect("the callback is on the host's public URL").to_string();
    assert!(path.starts_with("/twilio/status?"), "{callback}");
    assert!(path.contains(sent["id"].as_str().unwrap()), "{callback}");
    let report = |status: &str, error: &str| {
        let mut params = vec![("MessageSid", "SM15550124444"), ("MessageStatus", status), ("AccountSid", "AC123")];
        if !error.is_empty() {
            params.push(("ErrorCode", error));
        }
        server.twilio(&path, TWILIO, &params)
    };
    assert_eq!(report("sent", "").status, 204);
    assert_eq!(report("delivered", "").status, 204);
    let outbox = server.get("/v1/practices/outreach/outbox", &staff).json();
    assert_eq!(outbox[0]["carrier_status"], "delivered", "{outbox}");
    // A late `sent` does not undo `delivered`.
    assert_eq!(report("sent", "").status, 204);
    assert_eq!(server.get("/v1/practices/outreach/outbox", &staff).json()[0]["carrier_status"], "delivered");

    // A forged report, or one for another practice's message, changes nothing.
    let forged = server.twilio_with_signature(&path, "bm90IGEgc2lnbmF0dXJl", &[("MessageStatus", "failed")]);
    assert_eq!(forged.status, 403, "{}", forged.body);
    let wrong_token = server.twilio(&path, "not-the-token", &[("MessageStatus", "failed")]);
    assert_eq!(wrong_token.status, 403);
    let elsewhere = path.replace("practice=outreach", "practice=demo");
    assert_eq!(server.twilio(&elsewhere, TWILIO, &[("MessageStatus", "failed")]).status, 403);
    let unknown = path.replace("practice=outreach", "practice=nobody");
    assert_eq!(server.twilio(&unknown, TWILIO, &[("MessageStatus", "failed")]).status, 403);
    let outbox = server.get("/v1/practices/outreach/outbox", &staff).json();
    assert_eq!(outbox[0]["carrier_status"], "delivered", "{outbox}");
    assert_eq!(*failures.lock().unwrap(), 0);
}

#[test]
fn an_undelivered_report_keeps_the_carriers_error_code() {
    let Rig { server, staff, received, _dir, .. } = rig();
    send_turn(&server, "SMtls2");
    wait_for(&server, &staff, "sent", Duration::from_secs(20));
    let callback = received.lock().unwrap()[0].get("StatusCallback").to_string();
    let path = callback.strip_prefix(&server.url("")).unwrap().to_string();
    let reply = server.twilio(&path, TWILIO, &[("MessageStatus", "undelivered"), ("ErrorCode", "30003")]);
    assert_eq!(reply.status, 204, "{}", reply.body);
    let entry = server.get("/v1/practices/outreach/outbox", &staff).json()[0].clone();
    assert_eq!(entry["carrier_status"], "undelivered", "{entry}");
    assert_eq!(entry["carrier_error"], "30003", "{entry}");
    let metrics = server.get("/metrics", ADMIN_TOKEN).body;
    assert!(metrics.contains("switchboard_outbox_failures_24h{practice=\"outreach\"} 1"), "{metrics}");
    assert!(metrics.contains("switchboard_outbox_backlog{practice=\"outreach\"} 0"), "{metrics}");
    let bad = server.twilio(&path, TWILIO, &[("MessageStatus", "<script>")]);
    assert_eq!(bad.status, 400, "{}", bad.body);
}

#[test]
fn without_the_private_ca_the_handshake_fails_and_nothing_is_sent() {
    let pki = pki();
    let received = Arc::new(Mutex::new(Vec::new()));
    let failures = Arc::new(Mutex::new(0));
    let base = start_https(&pki, received.clone(), failures.clone());
    let server = Server::start_with_env(&[("SSL_CERT_FILE", "")]);
    let staff = practice(&server, &base, ("00:00", "00:00"));
    send_turn(&server, "SMtls3");
    let entry = wait_until(Duration::from_secs(20), "a failed attempt", || {
        let outbox = server.get("/v1/practices/outreach/outbox", &staff).json();
        (outbox[0]["attempts"].as_u64() >= Some(1)).then(|| outbox[0].clone())
    });
    assert_eq!(entry["status"], "pending", "retried later, not given up: {entry}");
    let error = entry["last_error"].as_str().unwrap_or_default().to_ascii_lowercase();
    assert!(error.contains("certificate") || error.contains("issuer"), "{entry}");
    assert!(received.lock().unwrap().is_empty(), "no request crossed an untrusted connection");
    assert!(*failures.lock().unwrap() >= 1);
}

#[test]
fn an_unreadable_ssl_cert_file_stops_the_server_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(dir.path().join("data"))
        .env("SSL_CERT_FILE", dir.path().join("missing-ca.pem"))
        .env("SWITCHBOARD_ADMIN_TOKEN", ADMIN_TOKEN)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("missing-ca.pem"), "{stderr}");
}
