#!/usr/bin/env bash
# Python tools the tests use, from PyPI, in a virtual environment of their own (.venv-tools; Debian's Python
# refuses system-wide pip installs): the OpenAPI 3.1 validator the API tests run on openapi.yaml.
# Quick when they are already installed.
set -euo pipefail
cd "$(dirname "$0")/.."

REQUIREMENTS=(openapi-spec-validator==0.9.0)
stamp=.venv-tools/requirements.txt
if [ -x .venv-tools/bin/python3 ] && [ "$(cat "$stamp" 2>/dev/null)" = "${REQUIREMENTS[*]}" ]; then exit 0; fi

echo "setup: installing test tools (${REQUIREMENTS[*]}) into .venv-tools"
python3 -m venv .venv-tools
.venv-tools/bin/python3 -m pip install --quiet --disable-pip-version-check "${REQUIREMENTS[@]}"
echo "${REQUIREMENTS[*]}" > "$stamp"
