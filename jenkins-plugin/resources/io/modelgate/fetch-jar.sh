#!/bin/sh
# Fetches the modelgate command-line jar (io.modelgate:shared-core:<version>:jar:cli) from a Maven
# repository once per agent, verifies it, and prints its path. Run by the library's steps when
# neither the jar argument nor MODELGATE_JAR names a jar.
#   MODELGATE_REPOSITORY   URL of the Maven repository (the library's MODELGATE_MAVEN_REPOSITORY)
#   MODELGATE_VERSION      the library's own version: the jar must match the catalogue it was built with
#   MODELGATE_JAR_SHA256   optional pin: the jar's SHA-256, checked on top of the repository's SHA-1
#   MODELGATE_CACHE        optional cache folder (default: ~/.cache/modelgate)
# Exit codes: 0 printed the path, 2 misconfigured, 3 download or checksum failure.
set -eu

case "$MODELGATE_VERSION" in
  *-SNAPSHOT)
    echo "modelgate: version $MODELGATE_VERSION is a snapshot, which is not fetched by coordinates; set MODELGATE_JAR or pass jar:" >&2
    exit 2 ;;
esac
command -v curl >/dev/null || { echo "modelgate: curl is needed on the agent to fetch the jar; or set MODELGATE_JAR" >&2; exit 2; }

dir="${MODELGATE_CACHE:-${HOME:-/tmp}/.cache/modelgate}/$MODELGATE_VERSION"
jar="$dir/modelgate-$MODELGATE_VERSION.jar"
url="${MODELGATE_REPOSITORY%/}/io/modelgate/shared-core/$MODELGATE_VERSION/shared-core-$MODELGATE_VERSION-cli.jar"

# Succeeds when file $1 has SHA-1 $2 and, if pinned, SHA-256 $MODELGATE_JAR_SHA256.
verified() {
  [ "$(sha1sum "$1" | cut -c1-40)" = "$2" ] || return 1
  [ -z "${MODELGATE_JAR_SHA256:-}" ] || [ "$(sha256sum "$1" | cut -c1-64)" = "$MODELGATE_JAR_SHA256" ]
}

if [ -f "$jar" ] && [ -f "$jar.sha1" ] && verified "$jar" "$(cat "$jar.sha1")"; then
  echo "$jar"
  exit 0
fi

mkdir -p "$dir"
tmp="$(mktemp "$dir/.download.XXXXXX")"
trap 'rm -f "$tmp" "$tmp.sha1"' EXIT
curl -fsS --retry 3 -o "$tmp" "$url" || { echo "modelgate: cannot download $url" >&2; exit 3; }
curl -fsS --retry 3 -o "$tmp.sha1" "$url.sha1" || { echo "modelgate: cannot download $url.sha1" >&2; exit 3; }
# A repository's .sha1 file holds the hex digest, sometimes followed by the file name.
expected="$(cut -c1-40 "$tmp.sha1")"
if ! verified "$tmp" "$expected"; then
  echo "modelgate: checksum mismatch for $url: the download does not match $url.sha1${MODELGATE_JAR_SHA256:+ and MODELGATE_JAR_SHA256}; nothing was kept" >&2
  exit 3
fi
echo "$expected" > "$tmp.sha1"
mv "$tmp.sha1" "$jar.sha1"
mv "$tmp" "$jar"
echo "$jar"
