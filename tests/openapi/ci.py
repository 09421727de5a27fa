"""CI check of the generated OpenAPI documents: writes the demo's and the bookshelf's with their
`spectacular` commands and validates them, with the recorded references, with
openapi-spec-validator (validate.py) in a venv under target/openapi-venv (created once, the way
tests/differential/drfdiff.py creates its own)."""
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
REQUIREMENTS = ["openapi-spec-validator==0.9.*"]

os.environ.setdefault("DRFDIFF_VENV", str(REPO / "target" / "openapi-venv"))
sys.path.insert(0, str(REPO / "tests" / "differential"))
from drfdiff import virtualenv  # noqa: E402  (after the path and the venv location are set)


def main():
    out = REPO / "target" / "openapi"
    out.mkdir(parents=True, exist_ok=True)
    # Generating a document only connects to the database: an in-memory one will do.
    env = {**os.environ, "DATABASE_URL": "sqlite::memory:"}
    documents = []
    for package in ["demo-project", "bookshelf"]:
        document = out / f"{package}.json"
        subprocess.run(["cargo", "run", "-q", "-p", package, "--", "spectacular", "--format", "openapi-json",
                        "--file", str(document)], cwd=REPO, env=env, check=True)
        documents.append(str(document))
    venv = virtualenv(REQUIREMENTS)
    references = sorted(str(p) for p in HERE.glob("*.json"))
    result = subprocess.run([str(venv / "bin" / "python"), str(HERE / "validate.py"), *documents, *references])
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
