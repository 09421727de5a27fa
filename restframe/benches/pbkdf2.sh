#!/usr/bin/env bash
# One Django password hash in restframe vs Python's hashlib at the same iteration count.
# Usage: restframe/benches/pbkdf2.sh [iterations]   (default: Django 6.1's 1,500,000)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ $# -gt 0 ]]; then export PBKDF2_ITERATIONS="$1"; fi
python3 -c 'import ssl, sys; print("python    ", sys.version.split()[0], ssl.OPENSSL_VERSION)' || true
cargo bench -p restframe --bench pbkdf2
