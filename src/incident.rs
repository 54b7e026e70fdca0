//! Incident references: a short code shown to the person who met an internal error and written
//! in the server's log line with the cause, so that a liaison's screenshot leads an
//! administrator straight to that line.

use rand::Rng;

/// A new reference, eight characters such as "K7Q2M9XD": easy to read out over the phone (no
/// 0/O or 1/I).
pub fn new_reference() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut rng = rand::thread_rng();
    (0..8)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_short_and_unambiguous() {
        let reference = new_reference();
        assert_eq!(reference.len(), 8);
        assert!(reference
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
        assert!(!reference.contains(['0', 'O', '1', 'I']));
        assert_ne!(new_reference(), new_reference());
    }
}
