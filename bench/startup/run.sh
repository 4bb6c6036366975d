#!/usr/bin/env bash
# Cold start of the modelgate command line: `--version` and `config validate` on the sample
# project, median of 15 runs, plain `java -jar` and with the class-data archive that the
# actions' setup step and the demo create. Target: under 0.5 s each.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/shared-core/target/modelgate.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -pl shared-core -am package -DskipTests)
sample="$root/test-projects/fraud-detection/modelgate.yaml"
archive="$(mktemp -d)/modelgate.jsa"
java -XX:ArchiveClassesAtExit="$archive" -jar "$jar" config validate --config "$sample" >/dev/null 2>&1
cds="-XX:SharedArchiveFile=$archive -XX:TieredStopAtLevel=1"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
python3 "$root/bench/timing.py" 15 \
  "java -jar modelgate.jar --version=java -jar $jar --version" \
  "java -jar modelgate.jar config validate=java -jar $jar config validate --config $sample" \
  "with class-data archive: --version=java $cds -jar $jar --version" \
  "with class-data archive: config validate=java $cds -jar $jar config validate --config $sample"
