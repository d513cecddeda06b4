//! Vendor signatures: ed25519 over a package's digest
//! ([`super::package`]). Keys are 32 bytes, written as hex: the secret key
//! file holds the seed, the public key is what practices trust.

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

use super::package::{Package, PackageError, SignatureFile};

/// A new signing key from the operating system's randomness.
pub fn generate_key() -> SigningKey {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).expect("the operating system has no randomness");
    SigningKey::from_bytes(&seed)
}

/// Read a secret key file (64 hex characters, surrounding space ignored).
pub fn parse_secret_key(text: &str) -> Result<SigningKey, String> {
    let bytes = hex::decode(text.trim()).map_err(|_| "the signing key must be 64 hex characters".to_string())?;
    let seed: [u8; 32] = bytes.try_into().map_err(|_| "the signing key must be 32 bytes (64 hex characters)")?;
    Ok(SigningKey::from_bytes(&seed))
}

pub fn public_key_hex(key: &SigningKey) -> String {
    hex::encode(key.verifying_key().to_bytes())
}

/// A public key as practices write it; normalised to lowercase hex.
pub fn parse_public_key(text: &str) -> Result<String, String> {
    let bytes = hex::decode(text.trim()).map_err(|_| format!("{text:?} is not a hex ed25519 public key"))?;
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| format!("{text:?} is not 32 bytes"))?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| format!("{text:?} is not a valid ed25519 public key"))?;
    Ok(hex::encode(bytes))
}

/// Sign a package in place.
pub fn sign(package: &mut Package, key: &SigningKey) {
    let signature = key.sign(&package.digest);
    package.signature = Some(SignatureFile { key: public_key_hex(key), signature: hex::encode(signature.to_bytes()) });
}

/// Check a package's signature, if it has one; returns the signer's public
/// key (hex). A signature that does not verify is an error, never ignored.
pub fn verify(package: &Package) -> Result<Option<String>, PackageError> {
    let Some(file) = &package.signature else { return Ok(None) };
    let bad = |m: &str| PackageError::Signature(m.to_string());
    let key = parse_public_key(&file.key).map_err(PackageError::Signature)?;
    let key_bytes: [u8; 32] = hex::decode(&key).expect("normalised above").try_into().expect("32 bytes");
    let verifying = VerifyingKey::from_bytes(&key_bytes).map_err(|_| bad("not a valid public key"))?;
    let sig_bytes: [u8; 64] = hex::decode(file.signature.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| bad("the signature must be 128 hex characters"))?;
    verifying
        .verify(&package.digest, &Signature::from_bytes(&sig_bytes))
        .map_err(|_| bad("it does not match the package's contents (was the package changed after signing?)"))?;
    Ok(Some(key))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use sha2::{Digest, Sha256};

    use super::*;
    use crate::registry::package::{FORMAT, Manifest};

    fn package() -> Package {
        let component = b"\0asm\x0d\0\x01\0".to_vec();
        let manifest = Manifest {
            format: FORMAT,
            name: "signed".into(),
            version: "1.0.0".into(),
            contract: "switchboard:plugin@0.1.0".into(),
            component_sha256: hex::encode(Sha256::digest(&component)),
            description: None,
        };
        Package::new(manifest, component, BTreeMap::new(), None, None).unwrap()
    }

    #[test]
    fn a_signed_package_verifies_after_a_round_trip_and_names_its_signer() {
        let key = generate_key();
        let mut signed = package();
        sign(&mut signed, &key);
        let read = Package::read(&signed.build()).unwrap();
        assert_eq!(verify(&read).unwrap(), Some(public_key_hex(&key)));
        assert_eq!(verify(&package()).unwrap(), None, "unsigned is not an error");
        let again = parse_secret_key(&hex::encode(key.to_bytes())).unwrap();
        assert_eq!(public_key_hex(&again), public_key_hex(&key));
    }

    #[test]
    fn a_changed_package_or_a_borrowed_signature_does_not_verify() {
        let key = generate_key();
        let mut signed = package();
        sign(&mut signed, &key);
        let mut tampered = signed.clone();
        tampered.tests.insert("tests/extra.toml".into(), "name = \"x\"".into());
        let tampered = Package::read(&tampered.build()).unwrap();
        assert!(matches!(verify(&tampered), Err(PackageError::Signature(_))));

        let mut other_key = signed.clone();
        other_key.signature.as_mut().unwrap().key = public_key_hex(&generate_key());
        assert!(matches!(verify(&other_key), Err(PackageError::Signature(_))));
        assert!(parse_public_key("zz").is_err());
    }
}
