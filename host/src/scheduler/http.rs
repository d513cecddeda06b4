//! The one HTTP client every outbound request to a carrier goes through:
//! TLS by rustls, trusting the system's root certificates plus any the
//! operator names in `SSL_CERT_FILE`, with connect and read timeouts. It is
//! built once at start-up and shared, so connections are reused.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};

/// Where Linux distributions keep their bundle of trusted roots (Debian and
/// Ubuntu, Fedora and RHEL, openSUSE, Alpine).
const SYSTEM_BUNDLES: &[&str] = &[
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/ssl/cert.pem",
];

/// How long to wait for a TCP and TLS connection to a carrier.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long to wait for the carrier's response once the request is sent.
const RESPONSE_TIMEOUT: Duration = Duration::from_secs(20);
/// The whole request, end to end: a stalled carrier cannot hold the
/// outbox worker longer than this.
const TOTAL_TIMEOUT: Duration = Duration::from_secs(30);

/// Why the trusted roots could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum TrustError {
    #[error("SSL_CERT_FILE names {path}, which cannot be read: {source}")]
    Unreadable { path: PathBuf, source: std::io::Error },
    #[error("SSL_CERT_FILE names {path}, which holds no PEM certificate")]
    NoCertificate { path: PathBuf },
}

/// Which roots an agent trusts, and where they came from (for the log).
#[derive(Debug, Clone)]
pub struct TrustedRoots {
    certificates: Vec<Certificate<'static>>,
    /// The files read, in order.
    pub sources: Vec<PathBuf>,
}

impl TrustedRoots {
    /// The system's bundle (the first of the usual paths that exists) and,
    /// when set, every certificate in `ssl_cert_file`: an operator adds a
    /// private CA without losing the public ones. A missing or empty
    /// `SSL_CERT_FILE` is an error, never silently ignored.
    pub fn load(ssl_cert_file: Option<&Path>) -> Result<TrustedRoots, TrustError> {
        let mut roots = TrustedRoots::system();
        if let Some(path) = ssl_cert_file {
            let pem =
                std::fs::read(path).map_err(|source| TrustError::Unreadable { path: path.to_path_buf(), source })?;
            let added: Vec<_> = certificates(&pem).collect();
            if added.is_empty() {
                return Err(TrustError::NoCertificate { path: path.to_path_buf() });
            }
            roots.certificates.extend(added);
            roots.sources.push(path.to_path_buf());
        }
        Ok(roots)
    }

    /// The system's bundle alone (none at all on a bare container).
    pub fn system() -> TrustedRoots {
        let mut roots = TrustedRoots { certificates: Vec::new(), sources: Vec::new() };
        if let Some(system) = SYSTEM_BUNDLES.iter().map(Path::new).find(|p| p.is_file())
            && let Ok(pem) = std::fs::read(system)
        {
            roots.certificates.extend(certificates(&pem));
            roots.sources.push(system.to_path_buf());
        }
        roots
    }

    /// From the process environment (`SSL_CERT_FILE`, when set and not empty).
    pub fn from_env() -> Result<TrustedRoots, TrustError> {
        let file = std::env::var_os("SSL_CERT_FILE").filter(|v| !v.is_empty()).map(PathBuf::from);
        TrustedRoots::load(file.as_deref())
    }

    pub fn len(&self) -> usize {
        self.certificates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.certificates.is_empty()
    }

    fn root_certs(&self) -> RootCerts {
        if self.certificates.is_empty() {
            // A machine with no bundle at all (a bare container): Mozilla's
            // roots, compiled in, rather than trusting nothing.
            RootCerts::WebPki
        } else {
            RootCerts::Specific(Arc::new(self.certificates.clone()))
        }
    }
}

fn certificates(pem: &[u8]) -> impl Iterator<Item = Certificate<'static>> + '_ {
    ureq::tls::parse_pem(pem).filter_map(|item| match item {
        Ok(PemItem::Certificate(c)) => Some(c),
        _ => None,
    })
}

/// The shared client for carriers: HTTP status codes are answers, not
/// errors (the caller decides what a 4xx or 5xx means).
pub fn agent(roots: &TrustedRoots) -> ureq::Agent {
    build(roots, Some((RESPONSE_TIMEOUT, TOTAL_TIMEOUT)))
}

/// The command line's client for its own server: the same trust, a
/// connect timeout, but no deadline on the answer, since publishing a large
/// plugin compiles it before the server replies.
pub fn operator_agent(roots: &TrustedRoots) -> ureq::Agent {
    build(roots, None)
}

/// `deadlines`: for the response, and for the whole request.
fn build(roots: &TrustedRoots, deadlines: Option<(Duration, Duration)>) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .tls_config(TlsConfig::builder().root_certs(roots.root_certs()).build())
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .timeout_recv_response(deadlines.map(|d| d.0))
        .timeout_global(deadlines.map(|d| d.1))
        .build()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_ssl_cert_file_is_an_error_that_names_it() {
        let err = TrustedRoots::load(Some(Path::new("/nonexistent/ca.pem"))).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/ca.pem"), "{err}");
    }

    #[test]
    fn a_file_without_certificates_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.pem");
        std::fs::write(&path, "not a certificate\n").unwrap();
        assert!(matches!(TrustedRoots::load(Some(&path)), Err(TrustError::NoCertificate { .. })));
    }
}
