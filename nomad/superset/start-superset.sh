#!/bin/sh
# Starts Superset for Spotlight: installs the ClickHouse driver, prepares Superset's metadata database and its
# first administrator, registers the Spotlight database (as the read-only ClickHouse user) and runs the web server.
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
# Creating an administrator who exists already only prints a message: it keeps the password set in the UI.
superset fab create-admin --username "$SPOTLIGHT_ADMIN_USER" --firstname Spotlight --lastname Admin \
    --email "$SPOTLIGHT_ADMIN_USER@localhost" --password "$SPOTLIGHT_ADMIN_PASSWORD"
superset init

# The URI is built in Python so that any character of the password is quoted correctly.
uri=$(python3 -c '
import os, urllib.parse as up
env = os.environ
url = up.urlsplit(env["SPOTLIGHT_CLICKHOUSE_URL"])
credentials = up.quote(env["SPOTLIGHT_READONLY_USER"], safe="") + ":" + up.quote(env["SPOTLIGHT_READONLY_PASSWORD"], safe="")
print("clickhousedb://" + credentials + "@" + url.netloc + "/" + env["SPOTLIGHT_DATABASE"] + ("?secure=true" if url.scheme == "https" else ""))
')
superset set-database-uri --database_name Spotlight --uri "$uri"

exec /usr/bin/run-server.sh
