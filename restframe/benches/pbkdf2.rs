//! One Django password hash (PBKDF2-HMAC-SHA256 at Django 6.1's 1,500,000 iterations) in
//! restframe, next to Python's `hashlib.pbkdf2_hmac` at the same count on the same machine.
//!
//! Run with `restframe/benches/pbkdf2.sh` (or `cargo bench -p restframe --bench pbkdf2`).
//! Target: restframe takes at most half of Python's time. That needs the CPU's SHA extensions:
//! sha2 0.11 picks its SHA-NI backend at run time when the CPU has `sha` and `sse4.1`.

use std::process::Command;
use std::time::Instant;

use restframe::auth::hashers::{DEFAULT_ITERATIONS, PasswordHasher};

const PASSWORD: &str = "correct horse battery staple";
const SALT: &str = "SubOutrYeN1Wcy7aDmQVq2";
const RUNS: usize = 5;

fn main() {
    let iterations: u32 =
        std::env::var("PBKDF2_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_ITERATIONS);
    report_cpu();
    let hasher = PasswordHasher::new(iterations);
    // restframe and Python take turns, so a burst of load elsewhere on a shared machine falls on
    // both sides rather than on whichever happened to run during it.
    let (mut ours, mut theirs) = (Vec::with_capacity(RUNS), Vec::with_capacity(RUNS));
    let mut encoded = String::new();
    let mut python_hash = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        encoded = hasher.encode(PASSWORD, SALT).expect("valid salt");
        ours.push(start.elapsed().as_secs_f64() * 1000.0);
        if let Some((ms, hash)) = python_once(iterations) {
            theirs.push(ms);
            python_hash = Some(hash);
        }
    }
    let (best, median) = best_and_median(&mut ours);
    // Two SHA-256 compressions per PBKDF2 round (HMAC inner and outer, keys precomputed).
    let mb_per_s = f64::from(iterations) * 2.0 * 64.0 / (best / 1000.0) / 1e6;
    println!(
        "restframe  pbkdf2_sha256 x {iterations}: best {best:.1} ms, median {median:.1} ms ({mb_per_s:.0} MB/s of SHA-256)"
    );
    println!("           {encoded}");

    match python_hash {
        Some(py_hash) => {
            let (py_best, py_median) = best_and_median(&mut theirs);
            println!("python     hashlib.pbkdf2_hmac x {iterations}: best {py_best:.1} ms, median {py_median:.1} ms");
            assert_eq!(py_hash, encoded, "Python computed a different hash");
            let ratio = best / py_best;
            let verdict = if ratio <= 0.5 { "meets" } else { "MISSES" };
            println!("ratio      restframe / python = {ratio:.2} ({verdict} the <= 0.50 target)");
        }
        None => println!("python     not available (set PYTHON to a Python 3 interpreter)"),
    }
}

fn best_and_median(times: &mut [f64]) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    (times[0], times[times.len() / 2])
}

#[cfg(target_arch = "x86_64")]
fn report_cpu() {
    let sha = std::arch::is_x86_feature_detected!("sha");
    let sse41 = std::arch::is_x86_feature_detected!("sse4.1");
    let backend = if sha && sse41 { "SHA-NI (runtime-selected by sha2)" } else { "portable software" };
    println!("cpu        sha={sha} sse4.1={sse41} -> sha2 backend: {backend}");
}

#[cfg(not(target_arch = "x86_64"))]
fn report_cpu() {
    println!("cpu        not x86_64: sha2 uses its portable or architecture-specific backend");
}

/// Milliseconds of one Python `hashlib.pbkdf2_hmac` (timed inside Python, so without the
/// interpreter's start-up), and the Django-format hash.
fn python_once(iterations: u32) -> Option<(f64, String)> {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let script = format!(
        "import base64, hashlib, time\n\
         t = time.perf_counter()\n\
         d = hashlib.pbkdf2_hmac('sha256', {PASSWORD:?}.encode(), {SALT:?}.encode(), {iterations})\n\
         ms = (time.perf_counter() - t) * 1000\n\
         print(ms, 'pbkdf2_sha256${iterations}${SALT}$' + base64.b64encode(d).decode())\n"
    );
    let output = Command::new(python).arg("-c").arg(script).output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let mut parts = text.split_whitespace();
    Some((parts.next()?.parse().ok()?, parts.next()?.to_owned()))
}
