#!/usr/bin/env bash
# Sends one CloudEvent, stored in JSON structured format, to a running function in binary mode
# (ce-* headers plus the data as body), the way Eventarc delivers it.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/send-event.sh [--structured] [--now] FILE [URL]

Sends the CloudEvent in FILE (JSON structured format, as in src/test/resources/events/) to URL,
default http://127.0.0.1:8080/.

  --structured   send the event as it is (Content-Type: application/cloudevents+json)
                 instead of converting it to binary mode
  --now          set the event's timestamps to the current time first (the CloudEvent's, the
                 LogEntry's, and the Pub/Sub message's, inside its base64 data too), so that a
                 stored event is not refused as too old
  -h, --help     show this help

Exit status: 0 when the function answered 2xx, 1 otherwise, 2 for bad arguments.
USAGE
}

mode=binary
now=false
args=()
while (($#)); do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --structured) mode=structured ;;
    --now) now=true ;;
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
event=$(mktemp)
trap 'rm -f "$body" "$event"' EXIT

# Only timestamps the event already has are set, and no field is added; a Pub/Sub message whose data
# is not a JSON object (a malformed one) is left as it is.
if [ "$now" = true ]; then
  jq '(now | todate) as $now
    | def stamp($keys): reduce $keys[] as $k (.; if has($k) then .[$k] = $now else . end);
      def inside($k; f): if type == "object" and has($k) then .[$k] = (.[$k] | f) else . end;
      def entry: if type == "object" then stamp(["timestamp", "receiveTimestamp"]) else . end;
      def logentry_text: . as $raw | try (@base64d | fromjson | entry | tojson | @base64) catch $raw;
    stamp(["time", "recordedtime"])
    | inside("data"; entry
        | inside("message"; stamp(["publishTime", "publish_time"])
            | inside("attributes"; stamp(["logging.googleapis.com/timestamp"]))
            | inside("data"; if type == "string" then logentry_text else . end)))' "$file" >"$event"
else
  cp "$file" "$event"
fi

curl_args=(-sS -o /dev/null -w '%{http_code}' -X POST "$url")
if [ "$mode" = structured ]; then
  cp "$event" "$body"
  curl_args+=(-H 'Content-Type: application/cloudevents+json')
else
  jq -c '.data' "$event" >"$body"
  content_type=$(jq -r '.datacontenttype // "application/json"' "$event")
  curl_args+=(-H "Content-Type: $content_type")
  # Every context attribute except data and datacontenttype becomes a ce-* header.
  while IFS=$'\t' read -r name value; do
    curl_args+=(-H "ce-$name: $value")
  done < <(jq -r 'to_entries[] | select(.key != "data" and .key != "datacontenttype" and .key != "data_base64")
                  | [.key, (.value | tostring)] | @tsv' "$event")
fi
curl_args+=(--data-binary "@$body")

status=$(curl "${curl_args[@]}") || { echo "send-event.sh: could not reach $url" >&2; exit 1; }
echo "$file -> HTTP $status ($mode mode)"
[[ "$status" == 2* ]]
