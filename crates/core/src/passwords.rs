//! Password hashing with Argon2id (the `argon2` crate's defaults: m = 19 MiB, t = 2, p = 1,
//! OWASP's recommended minimum), stored in the PHC string format so the parameters travel with
//! each hash and can be raised later without invalidating old ones.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::rngs::OsRng;

/// Hashes a password with a fresh random salt.
///
/// # Panics
/// Never in practice: hashing fails only for parameters out of range, and these are fixed.
#[must_use]
pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).expect("Argon2 with default parameters").to_string()
}

/// Whether `password` matches a stored hash. A malformed hash matches nothing.
#[must_use]
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = super::hash("binhdang-demo");
        assert!(h.starts_with("$argon2id$"));
        assert!(super::verify("binhdang-demo", &h));
        assert!(!super::verify("binhdang-dem0", &h));
        assert!(!super::verify("binhdang-demo", "not a hash"));
    }
}
