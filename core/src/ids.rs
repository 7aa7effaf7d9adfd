//! Identifiers for tags, branches, Call-IDs and nonces (RFC 3261 §19.3).
//!
//! Deterministic from a seed supplied by the driver (the browser passes random bytes from
//! `crypto.getRandomValues`), so tests are reproducible. Not a cryptographic generator:
//! these values only need to be unique, not secret.

/// A small xorshift64* generator.
#[derive(Clone, Debug)]
pub struct IdGen {
    state: u64,
}

const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

impl IdGen {
    /// A generator from a seed (a zero seed is replaced by a fixed constant).
    pub fn new(seed: u64) -> IdGen {
        IdGen {
            state: if seed == 0 {
                0x9E37_79B9_7F4A_7C15
            } else {
                seed
            },
        }
    }

    /// The next 64 pseudo-random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.state = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A token of `len` characters from `[a-z2-7]`.
    pub fn token(&mut self, len: usize) -> String {
        let mut out = String::with_capacity(len);
        let mut bits = 0u64;
        for i in 0..len {
            if i % 12 == 0 {
                bits = self.next_u64();
            }
            out.push(char::from(ALPHABET[(bits & 31) as usize]));
            bits >>= 5;
        }
        out
    }

    /// RFC 3261 §8.1.1.7: a branch with the magic cookie.
    pub fn branch(&mut self) -> String {
        format!("z9hG4bK{}", self.token(16))
    }

    /// A From/To tag.
    pub fn tag(&mut self) -> String {
        self.token(10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_distinct_and_reproducible() {
        let (mut a, mut b) = (IdGen::new(7), IdGen::new(7));
        let x = a.token(16);
        assert_eq!(x, b.token(16));
        assert_ne!(x, a.token(16));
        assert!(a.branch().starts_with("z9hG4bK"));
    }
}
