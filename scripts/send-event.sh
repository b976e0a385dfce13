#!/usr/bin/env bash
# Sends one CloudEvent, stored in JSON structured format, to a running function in binary mode
# (ce-* headers plus the data as body), the way Eventarc delivers it.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/send-event.sh [--structured] FILE [URL]

Sends the CloudEvent in FILE (JSON structured format, as in src/test/resources/events/) to URL,
default http://127.0.0.1:8080/.

  --structured   send the event as it is (Content-Type: application/cloudevents+json)
                 instead of converting it to binary mode
  -h, --help     show this help

Exit status: 0 when the function answered 2xx, 1 otherwise, 2 for bad arguments.
USAGE
}

mode=binary
args=()
while (($#)); do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --structured) mode=structured ;;
    -*) echo "send-event.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) args+=("$1") ;;
  esac
  shift
done
if ((${#args[@]} < 1 || ${#args[@]} > 2)); then
  usage >&2
  exit 2
fi
file=${args[0]}
url=${args[1]:-http://127.0.0.1:8080/}

command -v jq >/dev/null || { echo "send-event.sh: jq is required (apt-get install jq)" >&2; exit 2; }
[ -r "$file" ] || { echo "send-event.sh: cannot read $file" >&2; exit 2; }
if ! jq -e 'type == "object" and has("specversion") and has("type") and has("source") and has("id")' "$file" >/dev/null 2>&1; then
  echo "send-event.sh: $file is not a CloudEvent in JSON structured format (needs specversion, type, source, id)" >&2
  exit 2
fi

body=$(mktemp)
trap 'rm -f "$body"' EXIT

curl_args=(-sS -o /dev/null -w '%{http_code}' -X POST "$url")
if [ "$mode" = structured ]; then
  cp "$file" "$body"
  curl_args+=(-H 'Content-Type: application/cloudevents+json')
else
  jq -c '.data' "$file" >"$body"
  content_type=$(jq -r '.datacontenttype // "application/json"' "$file")
  curl_args+=(-H "Content-Type: $content_type")
  # Every context attribute except data and datacontenttype becomes a ce-* header.
  while IFS=$'\t' read -r name value; do
    curl_args+=(-H "ce-$name: $value")
  done < <(jq -r 'to_entries[] | select(.key != "data" and .key != "datacontenttype" and .key != "data_base64")
                  | [.key, (.value | tostring)] | @tsv' "$file")
fi
curl_args+=(--data-binary "@$body")

status=$(curl "${curl_args[@]}") || { echo "send-event.sh: could not reach $url" >&2; exit 1; }
echo "$file -> HTTP $status ($mode mode)"
[[ "$status" == 2* ]]
