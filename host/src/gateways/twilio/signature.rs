//! `X-Twilio-Signature`, exactly as Twilio signs: the full public URL, then
//! each form parameter's name and value, names sorted (values of a repeated
//! name sorted too), HMAC-SHA1 keyed by the auth token, standard base64.
//! Twilio is inconsistent about default ports, so both spellings of the URL
//! are accepted.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use subtle::ConstantTimeEq;

/// The signature Twilio would send for this request. Like Twilio's own
/// helpers, a name/value pair that is repeated exactly counts once.
pub fn sign(auth_token: &str, url: &str, params: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort();
    sorted.dedup();
    let mut mac = Hmac::<Sha1>::new_from_slice(auth_token.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(url.as_bytes());
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    STANDARD.encode(mac.finalize().into_bytes())
}

/// Is `provided` a valid signature for this request?
pub fn verify(auth_token: &str, url: &str, params: &[(String, String)], provided: &str) -> bool {
    url_variants(url).iter().any(|candidate| {
        let expected = sign(auth_token, candidate, params);
        expected.as_bytes().ct_eq(provided.trim().as_bytes()).into()
    })
}

/// The URL as given, and with its default port added or removed.
fn url_variants(url: &str) -> Vec<String> {
    let mut variants = vec![url.to_string()];
    let Some((scheme, rest)) = url.split_once("://") else { return variants };
    let default_port = match scheme.to_ascii_lowercase().as_str() {
        "https" => "443",
        "http" => "80",
        _ => return variants,
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    // Leave userinfo and IPv6 literals alone: `host:port` is all Twilio uses.
    let alternative = match authority.rsplit_once(':') {
        Some((host, port)) if port == default_port && !host.contains(']') => format!("{scheme}://{host}{tail}"),
        Some(_) => return variants,
        None => format!("{scheme}://{authority}:{default_port}{tail}"),
    };
    variants.push(alternative);
    variants
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known_answer_params() -> Vec<(String, String)> {
        [
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+12349013030"),
            ("Digits", "1234"),
            ("From", "+12349013030"),
            ("To", "+18005551212"),
        ]
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
    }

    #[test]
    fn matches_twilios_published_example() {
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        assert_eq!(sign("12345", url, &known_answer_params()), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    }

    #[test]
    fn accepts_the_url_with_and_without_the_default_port() {
        let params = known_answer_params();
        let signature = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";
        assert!(verify("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", &params, signature));
        assert!(verify("12345", "https://mycompany.com:443/myapp.php?foo=1&bar=2", &params, signature));
        let with_port = sign("12345", "https://mycompany.com:443/myapp.php?foo=1&bar=2", &params);
        assert!(verify("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", &params, &with_port));
        assert!(!verify("12345", "https://mycompany.com:8443/myapp.php?foo=1&bar=2", &params, signature));
    }

    #[test]
    fn rejects_tampering() {
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        let mut params = known_answer_params();
        let signature = sign("12345", url, &params);
        assert!(!verify("54321", url, &params, &signature), "another token");
        params[2].1 = "9999".into();
        assert!(!verify("12345", url, &params, &signature), "a changed parameter");
        assert!(!verify("12345", url, &known_answer_params(), ""), "no signature");
    }

    #[test]
    fn repeated_names_sort_by_value() {
        let a = vec![("MediaUrl".to_string(), "b".to_string()), ("MediaUrl".to_string(), "a".to_string())];
        let b = vec![("MediaUrl".to_string(), "a".to_string()), ("MediaUrl".to_string(), "b".to_string())];
        assert_eq!(sign("t0ken123", "https://x.test/s", &a), sign("t0ken123", "https://x.test/s", &b));
    }
}
