#!/bin/sh
# Starts Superset for Spotlight: installs the ClickHouse driver, prepares Superset's metadata database and its
# first administrator, registers the Spotlight database (as the read-only ClickHouse user) and runs the web server
# (on SUPERSET_BIND_ADDRESS:SUPERSET_PORT). Passwords travel in the environment and on standard input only.
# Used by the Superset Nomad job and by compose.yaml. Needs SUPERSET_HOME (where superset.db lives),
# SUPERSET_SECRET_KEY, SUPERSET_CLICKHOUSE_DRIVER, SUPERSET_PYTHON_TARGET, SPOTLIGHT_ADMIN_USER,
# SPOTLIGHT_ADMIN_PASSWORD, SPOTLIGHT_CLICKHOUSE_URL, SPOTLIGHT_DATABASE, SPOTLIGHT_READONLY_USER and
# SPOTLIGHT_READONLY_PASSWORD. (No brace expansions: the Nomad job embeds this file in a template.)
set -eu

# The driver goes into a directory of its own, which PYTHONPATH puts before Superset's packages: so only the
# driver and the two compression libraries it needs and Superset lacks, never newer copies of Superset's own
# dependencies (urllib3, certifi, pytz are already there).
pip install --quiet --no-cache-dir --no-deps --target "$SUPERSET_PYTHON_TARGET" "$SUPERSET_CLICKHOUSE_DRIVER" zstandard lz4
export PYTHONPATH="$SUPERSET_PYTHON_TARGET"

superset db upgrade
# The password reaches create-admin on its standard input (it prompts for it, twice), not on its command line.
# Creating an administrator who exists already only prints a message: it keeps the password set in the UI.
printf '%s\n%s\n' "$SPOTLIGHT_ADMIN_PASSWORD" "$SPOTLIGHT_ADMIN_PASSWORD" | superset fab create-admin \
    --username "$SPOTLIGHT_ADMIN_USER" --firstname Spotlight --lastname Admin --email "$SPOTLIGHT_ADMIN_USER@localhost"
superset init

# Registers (or updates) the database "Spotlight" as `superset set-database-uri` does, in Python: the URI holds the
# read-only user's password, so it is built here from the environment, quoted correctly, and never passed as an argument.
python3 - <<'PY'
import os
import urllib.parse as up

from superset.app import create_app

env = os.environ
url = up.urlsplit(env["SPOTLIGHT_CLICKHOUSE_URL"])
credentials = up.quote(env["SPOTLIGHT_READONLY_USER"], safe="") + ":" + up.quote(env["SPOTLIGHT_READONLY_PASSWORD"], safe="")
uri = "clickhousedb://" + credentials + "@" + url.netloc + "/" + env["SPOTLIGHT_DATABASE"] + ("?secure=true" if url.scheme == "https" else "")
with create_app().app_context():
    from superset.utils.database import get_or_create_db

    get_or_create_db("Spotlight", uri)
PY

exec /usr/bin/run-server.sh
