#!/usr/bin/env bash
# Files per second of `checkup uploads` over the office corpus, cold JVM each run, two or more
# checkup jars interleaved round by round (so a busy machine slows every jar alike).
#
#   benchmarks/checkup-uploads.sh ROUNDS COPIES JAR...
#
# COPIES: the corpus folder is given that many times (620 files each), to see longer runs.
# Prints one line per run (jar, wall s, user+sys CPU s, files/s) and, per jar, the median wall
# time and files/s; then the load average. The corpus is ../shared/corpus/office/files (or
# $CORPUS). Example (issue 11: the c22fe48 build against this one):
#   benchmarks/checkup-uploads.sh 9 1 /tmp/checkup-c22fe48.jar checkup/target/checkup.jar
set -euo pipefail
rounds=${1:?rounds}; copies=${2:?copies}; shift 2
corpus=${CORPUS:-$(cd "$(dirname "$0")/../.." && pwd)/shared/corpus/office/files}
[ -d "$corpus" ] || { echo "no corpus at $corpus (set CORPUS)" >&2; exit 2; }
paths=(); for _ in $(seq "$copies"); do paths+=("$corpus"); done
files=$(( $(find "$corpus" -type f | wc -l) * copies ))
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "corpus $corpus x$copies = $files files; load $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$rounds"); do
  for jar in "$@"; do
    /usr/bin/time -f "%e %U %S" -o "$tmp/t" java -jar "$jar" uploads \
      --allow doc,docx,xls,xlsx,ppt,pptx,jpg,png,tif,txt,svg,xml --json "${paths[@]}" >/dev/null 2>"$tmp/err" || true
    read -r wall user sys < <(tail -1 "$tmp/t")
    echo "$jar $wall $(echo "$user + $sys" | bc) $(echo "scale=0; $files / $wall" | bc)" | tee -a "$tmp/all"
  done
done
echo "median per jar (wall s, files/s):"
for jar in "$@"; do
  grep -F "$jar " "$tmp/all" | awk '{print $2}' | sort -n | awk -v j="$jar" -v f="$files" \
    '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "  %s %.2f s %d files/s\n", j, m, f/m}'
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
