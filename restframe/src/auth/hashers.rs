//! Django's password hashing (`django.contrib.auth.hashers`): the `pbkdf2_sha256` format that
//! Django writes into `auth_user.password`, verified and produced byte for byte.
//!
//! An encoded password is `pbkdf2_sha256$<iterations>$<salt>$<base64 digest>`: PBKDF2-HMAC-SHA256
//! over the UTF-8 password and salt, 32-byte digest, standard base64 with padding. Django 6.1
//! hashes with 1,500,000 iterations ([`DEFAULT_ITERATIONS`]) and a 22-character salt; any
//! iteration count verifies, and [`Verification::must_update`] says when a stored hash should be
//! rewritten with the current parameters (done by `UserManager::check_password`).
//!
//! The blocking work runs on tokio's blocking pool ([`PasswordHasher::make_password`],
//! [`PasswordHasher::verify`]); the `*_blocking` twins are for code that already is off the
//! executor (benchmarks, CLI tools).
//!
//! ```
//! use restframe::auth::hashers::PasswordHasher;
//!
//! let hasher = PasswordHasher::default();
//! // Django's own test vector (password "secret", salt "abc123", 1,500,000 iterations).
//! let encoded = hasher.encode("secret", "abc123").expect("valid salt");
//! assert_eq!(encoded, "pbkdf2_sha256$1500000$abc123$rKzlL9C/5A9QGpQQGDHLTXe42HpuMs2NXJ0f5BDH0D0=");
//! let check = hasher.verify_blocking("secret", &encoded);
//! assert!(check.is_correct);
//! assert!(check.must_update, "a 6-character salt has less than 128 bits of entropy");
//! ```
//!
//! # Differences from Django
//! Only `pbkdf2_sha256` is implemented. Hashes of Django's other hashers (`pbkdf2_sha1`,
//! `argon2`, `bcrypt_sha256`, `scrypt`, the unsalted legacy ones) are treated like an unknown
//! format: they never verify, after the same equalising dummy hash Django runs for unusable
//! passwords. A malformed `pbkdf2_sha256` value (Django raises and answers 500) is handled the
//! same way.

use std::sync::atomic::{AtomicU64, Ordering};

mod slots;
pub use slots::{HashQueue, HashersBusy, hashes_running, hashes_waiting};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use subtle::ConstantTimeEq;

/// The algorithm name that prefixes every hash this module writes.
pub const ALGORITHM: &str = "pbkdf2_sha256";

/// Django 6.1's `PBKDF2PasswordHasher.iterations` (6.0: 1,200,000; 5.2: 1,000,000).
pub const DEFAULT_ITERATIONS: u32 = 1_500_000;

/// Prefix of an unusable password (`set_unusable_password()`); such a value never verifies.
pub const UNUSABLE_PASSWORD_PREFIX: &str = "!";

/// Number of random characters after [`UNUSABLE_PASSWORD_PREFIX`].
pub const UNUSABLE_PASSWORD_SUFFIX_LENGTH: usize = 40;

/// Django's `RANDOM_STRING_CHARS`: the alphabet of salts and unusable-password suffixes.
pub const RANDOM_STRING_CHARS: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// Salt length: `ceil(128 / log2(62))`, Django's `salt_entropy = 128` bits.
pub const SALT_LENGTH: usize = 22;

/// A salt Django's `encode()` refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidSalt;

impl std::fmt::Display for InvalidSalt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("salt must be provided and cannot contain $.")
    }
}

impl std::error::Error for InvalidSalt {}

/// The outcome of checking a password against an encoded hash (Django's `verify_password`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verification {
    /// The password matches.
    pub is_correct: bool,
    /// The hash should be rewritten with the current hasher parameters (different iteration
    /// count, or a salt of less than 128 bits).
    pub must_update: bool,
}

impl Verification {
    const FAILED: Verification = Verification { is_correct: false, must_update: false };
}

/// Django's `PBKDF2PasswordHasher` with a configurable work factor.
///
/// ```
/// use restframe::auth::hashers::{DEFAULT_ITERATIONS, PasswordHasher};
///
/// assert_eq!(PasswordHasher::default().iterations(), DEFAULT_ITERATIONS);
/// let fast = PasswordHasher::new(1_000); // for tests only
/// let encoded = fast.encode("pw", "saltsaltsaltsaltsalt22").expect("valid salt");
/// assert!(encoded.starts_with("pbkdf2_sha256$1000$saltsaltsaltsaltsalt22$"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PasswordHasher {
    iterations: u32,
    queue: HashQueue,
}

impl Default for PasswordHasher {
    fn default() -> Self {
        Self::new(DEFAULT_ITERATIONS)
    }
}

impl PasswordHasher {
    /// A hasher writing `iterations` rounds (0 means [`DEFAULT_ITERATIONS`], as in Django), with
    /// the default [`HashQueue`].
    pub const fn new(iterations: u32) -> Self {
        Self { iterations: if iterations == 0 { DEFAULT_ITERATIONS } else { iterations }, queue: HashQueue::DEFAULT }
    }

    /// How the fallible `try_*` methods (the login paths) wait for a hash slot.
    ///
    /// ```
    /// use std::time::Duration;
    /// use restframe::auth::hashers::{HashQueue, PasswordHasher};
    ///
    /// let hasher = PasswordHasher::default().with_queue(HashQueue::new(16, Duration::from_secs(5)));
    /// assert_eq!(hasher.queue().max_waiting(), 16);
    /// ```
    #[must_use]
    pub const fn with_queue(mut self, queue: HashQueue) -> Self {
        self.queue = queue;
        self
    }

    /// The queue limits of the `try_*` methods.
    pub const fn queue(&self) -> HashQueue {
        self.queue
    }

    /// The iteration count new hashes get.
    pub fn iterations(&self) -> u32 {
        self.iterations
    }

    /// A fresh 22-character salt from the OS RNG (Django's `salt()`).
    pub fn salt() -> String {
        random_string(SALT_LENGTH)
    }

    /// Django's `encode(password, salt)`: the encoded hash with this hasher's iteration count.
    /// Blocks for the whole key derivation.
    pub fn encode(&self, password: &str, salt: &str) -> Result<String, InvalidSalt> {
        if salt.is_empty() || salt.contains('$') {
            return Err(InvalidSalt);
        }
        Ok(encode_with(password, salt, self.iterations))
    }

    /// Django's `make_password(password)` on the calling thread: a new salt and hash, or an
    /// unusable password for `None`.
    pub fn make_password_blocking(&self, password: Option<&str>) -> String {
        match password {
            Some(password) => encode_with(password, &Self::salt(), self.iterations),
            None => make_unusable_password(),
        }
    }

    /// [`make_password_blocking`](Self::make_password_blocking) on tokio's blocking pool.
    pub async fn make_password(&self, password: Option<&str>) -> String {
        let hasher = *self;
        let password = password.map(str::to_owned);
        blocking(move || hasher.make_password_blocking(password.as_deref())).await
    }

    /// [`make_password`](Self::make_password) with a bounded wait for a hash slot, as
    /// [`try_verify`](Self::try_verify): [`HashersBusy`] when the queue is full or the wait
    /// runs out. What a client waits on (registration) uses this.
    pub async fn try_make_password(&self, password: Option<&str>) -> Result<String, HashersBusy> {
        let hasher = *self;
        let password = password.map(str::to_owned);
        try_blocking(self.queue, move || hasher.make_password_blocking(password.as_deref())).await
    }

    /// Django's `verify_password(password, encoded)` on the calling thread, including its timing
    /// equalisation: an unusable, unknown or malformed `encoded` still costs one default hash,
    /// and a wrong password against an outdated (cheaper) hash runs the missing rounds.
    pub fn verify_blocking(&self, password: &str, encoded: &str) -> Verification {
        let Some(decoded) = decode(encoded).filter(|_| is_password_usable(encoded)) else {
            self.dummy_hash_blocking();
            return Verification::FAILED;
        };
        let must_update = self.must_update_decoded(&decoded);
        let computed = encode_with(password, decoded.salt, decoded.iterations);
        let is_correct = bool::from(computed.as_bytes().ct_eq(encoded.as_bytes()));
        if !is_correct && must_update && decoded.iterations < self.iterations {
            // Django's harden_runtime: close the gap to the current work factor.
            encode_with(password, decoded.salt, self.iterations - decoded.iterations);
        }
        Verification { is_correct, must_update }
    }

    /// [`verify_blocking`](Self::verify_blocking) on tokio's blocking pool, waiting as long as it
    /// takes for a hash slot (use [`try_verify`](Self::try_verify) where a client waits).
    pub async fn verify(&self, password: &str, encoded: &str) -> Verification {
        let hasher = *self;
        let (password, encoded) = (password.to_owned(), encoded.to_owned());
        blocking(move || hasher.verify_blocking(&password, &encoded)).await
    }

    /// [`verify`](Self::verify) with a bounded wait for a hash slot: [`HashersBusy`] when
    /// [`HashQueue::max_waiting`] requests already wait, or no slot frees up within
    /// [`HashQueue::max_wait`]. What login paths use.
    ///
    /// ```
    /// use restframe::auth::hashers::PasswordHasher;
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let hasher = PasswordHasher::new(1_000);
    /// let encoded = hasher.make_password(Some("pw")).await;
    /// assert!(hasher.try_verify("pw", &encoded).await.expect("a free slot").is_correct);
    /// # });
    /// ```
    pub async fn try_verify(&self, password: &str, encoded: &str) -> Result<Verification, HashersBusy> {
        let hasher = *self;
        let (password, encoded) = (password.to_owned(), encoded.to_owned());
        try_blocking(self.queue, move || hasher.verify_blocking(&password, &encoded)).await
    }

    /// One hash at the current work factor whose result is thrown away, so that a request for
    /// an unknown user costs as much as one for a real user (Django's `ModelBackend`).
    pub async fn dummy_hash(&self) {
        let hasher = *self;
        blocking(move || hasher.dummy_hash_blocking()).await
    }

    /// [`dummy_hash`](Self::dummy_hash) through the same bounded queue as
    /// [`try_verify`](Self::try_verify), so an unknown user is refused exactly when a known one
    /// would be.
    pub async fn try_dummy_hash(&self) -> Result<(), HashersBusy> {
        let hasher = *self;
        try_blocking(self.queue, move || hasher.dummy_hash_blocking()).await
    }

    fn dummy_hash_blocking(&self) {
        encode_with(&random_string(UNUSABLE_PASSWORD_SUFFIX_LENGTH), &Self::salt(), self.iterations);
    }

    /// Django's `must_update(encoded)` for a `pbkdf2_sha256` hash: a different iteration count
    /// or a salt under 128 bits. Other formats always need updating.
    pub fn must_update(&self, encoded: &str) -> bool {
        decode(encoded).is_none_or(|d| self.must_update_decoded(&d))
    }

    fn must_update_decoded(&self, decoded: &Decoded<'_>) -> bool {
        // len(salt) * log2(62) < 128  <=>  len(salt) < 22 (21 * 5.954 = 125.04).
        decoded.iterations != self.iterations || decoded.salt.chars().count() < SALT_LENGTH
    }
}

/// Django's `is_password_usable(encoded)`: false for values starting with `!`.
pub fn is_password_usable(encoded: &str) -> bool {
    !encoded.starts_with(UNUSABLE_PASSWORD_PREFIX)
}

/// Django's `make_password(None)`: `!` followed by 40 random alphanumerics.
pub fn make_unusable_password() -> String {
    format!("{UNUSABLE_PASSWORD_PREFIX}{}", random_string(UNUSABLE_PASSWORD_SUFFIX_LENGTH))
}

/// Django's `get_random_string(length)`: characters drawn uniformly from
/// [`RANDOM_STRING_CHARS`] with bytes from the OS RNG.
///
/// # Panics
/// When the operating system's random number generator fails (nothing safe can be done then).
pub fn random_string(length: usize) -> String {
    let alphabet = RANDOM_STRING_CHARS.as_bytes();
    // 248 = 4 * 62: rejecting bytes >= 248 keeps `b % 62` uniform.
    let limit = (256 / alphabet.len() * alphabet.len()) as u8;
    let mut out = String::with_capacity(length);
    let mut buf = [0u8; 64];
    while out.len() < length {
        if let Err(err) = getrandom::fill(&mut buf) {
            panic!("the OS random number generator failed: {err}");
        }
        for &b in buf.iter().filter(|&&b| b < limit) {
            if out.len() == length {
                break;
            }
            out.push(alphabet[usize::from(b) % alphabet.len()] as char);
        }
    }
    out
}

struct Decoded<'a> {
    iterations: u32,
    salt: &'a str,
}

/// Splits a `pbkdf2_sha256$iter$salt$hash` value; `None` for any other algorithm or shape.
fn decode(encoded: &str) -> Option<Decoded<'_>> {
    let mut parts = encoded.splitn(4, '$');
    let (algorithm, iterations, salt, _hash) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let iterations: u32 = iterations.parse().ok().filter(|&n| n > 0)?;
    (algorithm == ALGORITHM && !salt.is_empty()).then_some(Decoded { iterations, salt })
}

/// PBKDF2 rounds computed by this process so far: lets tests and metrics see that timing
/// equalisation really does the work (an unknown user costs one full hash).
///
/// ```
/// use restframe::auth::hashers::{PasswordHasher, rounds_computed};
/// let before = rounds_computed();
/// PasswordHasher::new(1_000).encode("pw", "salt").expect("valid salt");
/// assert!(rounds_computed() >= before + 1_000);
/// ```
pub fn rounds_computed() -> u64 {
    ROUNDS_COMPUTED.load(Ordering::Relaxed)
}

static ROUNDS_COMPUTED: AtomicU64 = AtomicU64::new(0);

fn encode_with(password: &str, salt: &str, iterations: u32) -> String {
    ROUNDS_COMPUTED.fetch_add(u64::from(iterations), Ordering::Relaxed);
    let mut digest = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password.as_bytes(), salt.as_bytes(), iterations, &mut digest);
    format!("{ALGORITHM}${iterations}${salt}${}", STANDARD.encode(digest))
}

/// Runs CPU-heavy work on tokio's blocking pool in a hash slot, waiting as long as it takes.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    run_in_slot(slots::acquire().await, work).await
}

/// [`blocking`] with the bounded wait of `queue`.
async fn try_blocking<T: Send + 'static>(
    queue: HashQueue,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, HashersBusy> {
    let slot = slots::try_acquire(queue).await?;
    Ok(run_in_slot(slot, work).await)
}

/// Runs `work` on the blocking pool holding `slot` until it finishes: the permit moves into the
/// blocking task, so a caller that is dropped mid-hash (a client hanging up) cannot free the
/// slot while the hash still runs. Re-raises a panic as if it ran inline.
async fn run_in_slot<T: Send + 'static>(
    slot: tokio::sync::OwnedSemaphorePermit,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    let task = tokio::task::spawn_blocking(move || {
        let _slot = slot;
        work()
    });
    match task.await {
        Ok(value) => value,
        Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
        Err(err) => panic!("password hashing was cancelled: {err}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: PasswordHasher = PasswordHasher::new(1_000);

    #[test]
    fn encodes_djangos_known_vector() {
        assert_eq!(
            PasswordHasher::default().encode("secret", "abc123"),
            Ok("pbkdf2_sha256$1500000$abc123$rKzlL9C/5A9QGpQQGDHLTXe42HpuMs2NXJ0f5BDH0D0=".to_owned())
        );
    }

    #[test]
    fn verifies_a_hash_written_by_django_5_2() {
        // Produced by Django 5.2.19: make_password("correct horse", salt="Ab3dEf6hIj9kLm2nOp5qRs").
        let encoded = "pbkdf2_sha256$1000000$Ab3dEf6hIj9kLm2nOp5qRs$MC81TS/Z4szyFZWXA4XXrua0RwU2agg2SJKlKAuAtK4=";
        let check = PasswordHasher::default().verify_blocking("correct horse", encoded);
        assert_eq!(check, Verification { is_correct: true, must_update: true });
        let wrong = PasswordHasher::default().verify_blocking("correct horse ", encoded);
        assert_eq!(wrong, Verification { is_correct: false, must_update: true });
        let current = PasswordHasher::new(1_000_000).verify_blocking("correct horse", encoded);
        assert_eq!(current, Verification { is_correct: true, must_update: false });
        // Non-ASCII passwords are hashed as UTF-8, like Django.
        let unicode = "pbkdf2_sha256$1000000$Zz9Yy8Xx7Ww6Vv5Uu4Tt3S$izQS0hQ8mL9HIXsd5VrX/PY8rwQ5V+/ipKH80Q8lqfE=";
        assert!(PasswordHasher::default().verify_blocking("pässwörd ☃", unicode).is_correct);
    }

    #[test]
    fn verifies_hashes_with_very_few_rounds() {
        // Produced by Django 5.2.19: PBKDF2PasswordHasher().encode("pw", "seasalt", iterations=1).
        let encoded = "pbkdf2_sha256$1$seasalt$OjHLoUaCbUYvwwmfEI/elE+zBcOD/VIIVyR6er6BvgE=";
        assert!(FAST.verify_blocking("pw", encoded).is_correct);
    }

    #[test]
    fn rejects_bad_salts() {
        assert_eq!(FAST.encode("pw", ""), Err(InvalidSalt));
        assert_eq!(FAST.encode("pw", "a$b"), Err(InvalidSalt));
        assert_eq!(InvalidSalt.to_string(), "salt must be provided and cannot contain $.");
    }

    #[test]
    fn new_hashes_have_the_django_shape() {
        let encoded = FAST.make_password_blocking(Some("pw"));
        let parts: Vec<&str> = encoded.split('$').collect();
        assert_eq!(parts.len(), 4);
        assert_eq!((parts[0], parts[1]), ("pbkdf2_sha256", "1000"));
        assert_eq!(parts[2].len(), 22);
        assert!(parts[2].bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_eq!(parts[3].len(), 44);
        assert!(parts[3].ends_with('='));
        assert_ne!(encoded, FAST.make_password_blocking(Some("pw")), "salts are random");
        assert!(!FAST.must_update(&encoded));
    }

    #[test]
    fn default_hashes_use_django_6_1_iterations() {
        let encoded = PasswordHasher::default().make_password_blocking(Some("pw"));
        assert!(encoded.starts_with("pbkdf2_sha256$1500000$"), "{encoded}");
        assert_eq!(encoded.len(), 89);
    }

    #[test]
    fn must_update_follows_iterations_and_salt_entropy() {
        let salt21 = "a".repeat(21);
        let salt22 = "a".repeat(22);
        assert!(FAST.must_update(&format!("pbkdf2_sha256$1000${salt21}$x")));
        assert!(!FAST.must_update(&format!("pbkdf2_sha256$1000${salt22}$x")));
        assert!(FAST.must_update(&format!("pbkdf2_sha256$2000${salt22}$x")), "higher counts are updated too");
        assert!(FAST.must_update("argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdA$aGFzaA"));
    }

    #[test]
    fn unusable_and_unknown_formats_never_verify() {
        let unusable = make_unusable_password();
        assert_eq!(unusable.len(), 41);
        assert!(unusable.starts_with('!') && unusable[1..].bytes().all(|b| b.is_ascii_alphanumeric()));
        assert!(!is_password_usable(&unusable));
        assert!(is_password_usable("pbkdf2_sha256$1$a$b"));
        assert_eq!(FAST.make_password_blocking(None).len(), 41);
        // An unusable password built from a real hash still fails.
        let real = FAST.encode("pw", "saltsaltsaltsaltsalt22").expect("valid salt");
        for encoded in [
            unusable.as_str(),
            &format!("!{real}"),
            "",
            "md5$$abc",
            "pbkdf2_sha256$x$salt$hash",
            "pbkdf2_sha256$0$salt$hash",
            "pbkdf2_sha256$1000$$hash",
            "pbkdf2_sha256$1000$salt",
            "pbkdf2_sha1$1000$salt$hash",
        ] {
            assert_eq!(FAST.verify_blocking("pw", encoded), Verification::FAILED, "{encoded}");
        }
    }

    #[test]
    fn the_stored_iteration_text_must_round_trip() {
        let real = FAST.encode("pw", "saltsaltsaltsaltsalt22").expect("valid salt");
        assert!(FAST.verify_blocking("pw", &real).is_correct);
        let padded = real.replacen("$1000$", "$01000$", 1);
        assert!(!FAST.verify_blocking("pw", &padded).is_correct, "Django compares the re-encoded string");
    }

    #[test]
    fn random_strings_use_the_django_alphabet() {
        let s = random_string(1000);
        assert_eq!(s.len(), 1000);
        assert!(s.bytes().all(|b| RANDOM_STRING_CHARS.as_bytes().contains(&b)));
        assert!(RANDOM_STRING_CHARS.bytes().all(|c| s.as_bytes().contains(&c)), "all 62 characters appear");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn hashing_never_blocks_the_executor_thread() {
        use std::sync::Arc;
        use std::sync::atomic::AtomicUsize;
        let ticks = Arc::new(AtomicUsize::new(0));
        let counter = ticks.clone();
        let ticker = tokio::spawn(async move {
            loop {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                counter.fetch_add(1, Ordering::Relaxed);
            }
        });
        // Long enough that a blocked executor thread could not tick at all meanwhile.
        let encoded = PasswordHasher::new(300_000).make_password(Some("pw")).await;
        let during = ticks.load(Ordering::Relaxed);
        ticker.abort();
        assert!(encoded.starts_with("pbkdf2_sha256$300000$"));
        assert!(during >= 2, "the single executor thread kept running other tasks ({during} ticks)");
    }

    #[tokio::test]
    async fn async_helpers_run_on_the_blocking_pool() {
        let encoded = FAST.make_password(Some("pw")).await;
        assert!(FAST.verify("pw", &encoded).await.is_correct);
        assert!(!FAST.verify("nope", &encoded).await.is_correct);
        FAST.dummy_hash().await;
    }
}
