"""Validates OpenAPI documents (JSON or YAML files) with openapi-spec-validator; exit 1 on the first invalid one."""
import json
import sys

import yaml
from openapi_spec_validator import validate

for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    document = json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)
    validate(document)
    print(f"{path}: valid OpenAPI {document['openapi']}")
