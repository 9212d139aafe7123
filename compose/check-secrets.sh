#!/bin/sh
# Refuses placeholder and weak secrets before Docker Compose starts anything else: every other service of compose.yaml
# waits for this one to complete successfully (Compose has no validation of its own). The rule is Terraform's for the
# Nomad deployment (terraform/render/variables.tf), and deploy-checks holds the two to the same verdicts:
#   at least 16 characters (32 for the names in SPOTLIGHT_LONG_SECRETS), 8 or more of them different, only
#   A-Z a-z 0-9 . _ ~ + / = -, no placeholder word (change-me, changeit, placeholder, example, password, secret,
#   default); access keys without "="; and the pairs below differ.
# Checks the variables named in SPOTLIGHT_SECRETS and SPOTLIGHT_LONG_SECRETS, and those in SPOTLIGHT_OPTIONAL_SECRETS
# when they are set. Prints names and reasons, never a value. Plain POSIX sh with builtins only: it runs in any image.
set -u

failed=0

refuse() {
    echo "$1 is refused: $2. Generate a secret with: openssl rand -hex 32 (then set $1 in .env)" >&2
    failed=1
}

value_of() {
    eval "printf '%s' \"\${$1:-}\""
}

check() {
    name=$1
    minimum=$2
    value=$(value_of "$name")
    if [ -z "$value" ]; then
        refuse "$name" "it is empty"
        return
    fi
    case $value in
        *[!A-Za-z0-9._~+/=-]*)
            refuse "$name" "it holds characters other than A-Z a-z 0-9 . _ ~ + / = -"
            return ;;
    esac
    case $value in
        *[Cc][Hh][Aa][Nn][Gg][Ee]-[Mm][Ee]* | *[Cc][Hh][Aa][Nn][Gg][Ee][Mm][Ee]* | *[Cc][Hh][Aa][Nn][Gg][Ee][Ii][Tt]* \
        | *[Pp][Ll][Aa][Cc][Ee][Hh][Oo][Ll][Dd][Ee][Rr]* | *[Ee][Xx][Aa][Mm][Pp][Ll][Ee]* \
        | *[Pp][Aa][Ss][Ss][Ww][Oo][Rr][Dd]* | *[Ss][Ee][Cc][Rr][Ee][Tt]* | *[Dd][Ee][Ff][Aa][Uu][Ll][Tt]*)
            refuse "$name" "it is a placeholder"
            return ;;
    esac
    if [ "${#value}" -lt "$minimum" ]; then
        refuse "$name" "it has fewer than $minimum characters"
        return
    fi
    rest=$value
    seen=""
    distinct=0
    while [ -n "$rest" ]; do
        char=${rest%"${rest#?}"}
        rest=${rest#?}
        case $seen in
            *"$char"*) ;;
            *) seen="$seen$char"; distinct=$((distinct + 1)) ;;
        esac
    done
    if [ "$distinct" -lt 8 ]; then
        refuse "$name" "it has fewer than 8 different characters"
        return
    fi
    case $name in
        *ACCESS_KEY | *ROOT_USER)
            case $value in *=*) refuse "$name" "MinIO reserves = in access keys" ;; esac ;;
    esac
}

# Pairs whose values must differ, when both are checked here: each credential opens something else.
check_different() {
    first=$(value_of "$1")
    second=$(value_of "$2")
    if [ -n "$first" ] && [ "$first" = "$second" ]; then
        refuse "$1" "it equals $2"
    fi
}

for name in ${SPOTLIGHT_SECRETS:-}; do
    check "$name" 16
done
for name in ${SPOTLIGHT_LONG_SECRETS:-}; do
    check "$name" 32
done
for name in ${SPOTLIGHT_OPTIONAL_SECRETS:-}; do
    [ -z "$(value_of "$name")" ] || check "$name" 16
done
check_different CLICKHOUSE_READONLY_PASSWORD CLICKHOUSE_PASSWORD
check_different KAFKA_BROKER_PASSWORD KAFKA_PASSWORD
check_different KAFKA_BROKER_PASSWORD KAFKA_CONTROLLER_PASSWORD
check_different MINIO_ROOT_USER S3_ACCESS_KEY

if [ "$failed" -ne 0 ]; then
    echo "check-secrets: nothing was started; fix the settings above in .env and run docker compose up again" >&2
    exit 1
fi
echo "check-secrets: every secret is set and strong enough"
