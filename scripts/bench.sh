#!/usr/bin/env bash
# bench.sh: PilotDesk against issue 18's speed targets (what a person feels) at
# 1,000 / 10,000 / 100,000 activities in a county (15, 30, 30 townships) and at
# the province scale (100,000 activities in 1,500 townships).
#
#   make bench                       every scale; writes BENCHMARKS.md
#   make bench BENCH_SCALES=1000     a quick run (CI): prints the table and writes
#                                    out/bench-small.md, never BENCHMARKS.md
#
# For each scale it generates a database with the command line (`pilotdesk demo
# --activities N --townships T`, kept in $BENCH_CACHE under a key of the
# generator's sources) and the same places and people without activities (the
# import's target), then measures:
#   - the data layer's pages, lists and overview (BenchmarkScaleTargets, ./data);
#   - the ledger export against excelize's own StreamWriter writing the same
#     cells (BenchmarkScaleExport, ./export), and `pilotdesk export ledger` as a
#     process (its maximum resident set);
#   - the exported ledger imported back into the database without activities,
#     `pilotdesk import activities` as a process (time, maximum resident set);
#   - the window under Xvfb, start to drawn content (scripts/bench_window.py).
# The table gives the slowest case of each target at each scale. Benchmarks are
# not tests: a missed target is reported, never fatal. Raw output: out/bench/.
#
# Environment: BENCH_SCALES [1000 10000 100000 province], BENCH_CACHE
# [.cache/bench], BENCH_COUNT (runs of each Go benchmark; the best counts)
# [3, 1 for a quick run], BENCH_TIME (-benchtime) [1s, 200ms for a quick run],
# BENCH_REPORT [BENCHMARKS.md, out/bench-small.md for a quick run].
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
prog=bench
scales=${BENCH_SCALES:-1000 10000 100000 province}
read -r -a scale_list <<<"$scales"
full=0
[[ ${scale_list[*]} == "1000 10000 100000 province" ]] && full=1
if ((full)); then
	count=${BENCH_COUNT:-3} benchtime=${BENCH_TIME:-1s} report=${BENCH_REPORT:-BENCHMARKS.md}
else
	count=${BENCH_COUNT:-1} benchtime=${BENCH_TIME:-200ms} report=${BENCH_REPORT:-out/bench-small.md}
fi
cache=${BENCH_CACHE:-.cache/bench}
raw=out/bench
tags=migrated_fynedo,sqlite_fts5
bin=$root/bin/pilotdesk

say() { printf '%s: %s\n' "$prog" "$*"; }
die() { printf '%s: FAIL %s\n' "$prog" "$*" >&2; exit 1; }
t_start=$EPOCHREALTIME
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }'; }
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
# zh: a command in Chinese (Fyne cannot parse the locale "C").
zh() { env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=zh_CN.UTF-8 "$@"; }

# activities and townships of a scale
activities() { if [[ $1 == province ]]; then echo 100000; else echo "$1"; fi; }
townships() {
	case $1 in province) echo 1500 ;; 1000) echo 15 ;; *) echo 30 ;; esac
}
for s in "${scale_list[@]}"; do
	[[ $s == province || ($s =~ ^[0-9]+$ && $s -ge 100) ]] || die "BENCH_SCALES: $s is neither a number of activities nor province"
done
mkdir -p "$raw" "$cache" "$(dirname "$report")"
rm -f "$raw"/*.txt "$raw"/*.json "$raw"/*.log "$raw"/rows.tsv
rows=$raw/rows.tsv
: >"$rows"
# row KEY SCALE SECONDS MB CASE: one measure (empty: not measured)
row() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$rows"; }

xvfb_pid="" tmp=$(mktemp -d "${TMPDIR:-/tmp}/pilotdesk-bench.XXXXXX")
cleanup() {
	[[ -n $xvfb_pid ]] && { kill "$xvfb_pid" 2>/dev/null || true; }
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_tools() {
	local -a missing=() sudo=()
	[[ -x /usr/bin/time ]] || missing+=(time)
	command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
	python3 -c 'import ctypes' >/dev/null 2>&1 || missing+=(python3)
	local p
	for p in libgl1 libglx-mesa0 libgl1-mesa-dri; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
	done
	((${#missing[@]} == 0)) && return 0
	[[ $(id -u) -ne 0 ]] && sudo=(sudo -n)
	say "installing with apt-get: ${missing[*]}"
	{ "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq &&
		"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
			install -y -qq --no-install-recommends "${missing[@]}"; } >"$raw/apt.txt" 2>&1 ||
		{ tail -n 30 "$raw/apt.txt"; die "apt-get install ${missing[*]} failed"; }
}

say "make build"
make --no-print-directory build >"$raw/build.txt" 2>&1 || { tail -n 30 "$raw/build.txt"; die "make build"; }
ensure_tools

# Databases are made again when what writes them changes.
key=$(cat data/demo.go data/demo_scale.go data/migrate*.go data/sqlite.go data/activity.go | sha256sum | cut -c1-12)
find "$cache" -mindepth 1 -maxdepth 1 -type d ! -name "$key" -exec rm -rf {} + 2>/dev/null || true

# generate DIR ACTIVITIES TOWNSHIPS: the database in DIR/pilotdesk.db (its
# own folder: the daily backup goes beside it).
generate() {
	local dir=$1 n=$2 towns=$3
	[[ -s $dir/pilotdesk.db ]] && return 0
	rm -rf "$dir" "$dir.tmp"
	mkdir -p "$dir.tmp"
	zh "$bin" demo --db "$dir.tmp/pilotdesk.db" --activities "$n" --townships "$towns" --seed 1 \
		>"$dir.tmp/demo.log" 2>&1 || { cat "$dir.tmp/demo.log"; die "pilotdesk demo --activities $n"; }
	mv "$dir.tmp" "$dir"
}

# timed KEY SCALE CMD...: one process under /usr/bin/time -v.
timed() {
	local k=$1 scale=$2 log=$raw/time-$1-$2.txt
	shift 2
	zh /usr/bin/time -v -o "$log.time" "$@" >"$log" 2>&1 || { tail -n 20 "$log"; die "$k ($scale): $* failed"; }
	cat "$log.time" >>"$log"
	local secs kb
	secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log")
	kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
	row "$k" "$scale" "$secs" "$((kb / 1024))" ""
	say "$k ($scale): $secs s, $((kb / 1024)) MB"
}

# gobench PKG SCALE PATTERN DB BASE: the best of $count runs, to $raw/go-PKG-SCALE.txt.
gobench() {
	local log=$raw/go-$1-$2.txt
	zh PILOTDESK_BENCH_DB="$4" PILOTDESK_BENCH_BASE_DB="$5" go test -tags "$tags" -run '^$' -bench "$3" -benchmem \
		-count "$count" -benchtime "$benchtime" -timeout 60m "./$1" >"$log" 2>&1 || { tail -n 40 "$log"; die "go test -bench $3 ./$1"; }
}

# slowest KEY SCALE LOG REGEX [EXCLUDE]: the slowest case whose name matches.
slowest() {
	awk -v key="$1" -v scale="$2" -v re="$4" -v ex="${5:-^$}" '
		/^Benchmark/ {
			name = $1; sub(/-[0-9]+$/, "", name); sub(/^BenchmarkScaleTargets\//, "", name)
			if (name !~ re || name ~ ex) next
			for (i = 2; i <= NF; i++) if ($i == "ns/op") ns = $(i - 1)
			if (!(name in best) || ns + 0 < best[name] + 0) best[name] = ns
		}
		END {
			for (n in best) if (best[n] + 0 > worst + 0) { worst = best[n]; which = n }
			gsub(/_/, " ", which); sub(/^[a-z]+\//, "", which)
			if (worst != "") printf "%s\t%s\t%.6f\t\t%s\n", key, scale, worst / 1e9, which
		}' "$3" >>"$rows"
}

start_xvfb() {
	local n="" i
	Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$tmp/display" >"$raw/xvfb.txt" 2>&1 &
	xvfb_pid=$!
	for ((i = 0; i < 200; i++)); do
		[[ -s $tmp/display ]] && read -r n <"$tmp/display"
		[[ -n $n ]] && break
		sleep 0.1
	done
	[[ -n $n ]] || die "Xvfb did not come up in 20 s"
	display=:$n
}

# window SCALE DB: a warm-up start (the day's backup, the file cache), then
# $count measured ones; the median start → drawn content.
window() {
	local scale=$1 db=$2 i home
	for ((i = 0; i <= count; i++)); do
		home=$(mktemp -d "$tmp/home.XXXXXX")
		zh DISPLAY="$display" LIBGL_ALWAYS_SOFTWARE=1 DBUS_SESSION_BUS_ADDRESS=disabled: XDG_CONFIG_HOME="$home" \
			python3 scripts/bench_window.py --log "$raw/window-$scale-$i.log" -- "$bin" --db "$db" --lang zh --screen overview \
			>"$raw/window-$scale-$i.json" 2>&1 || { cat "$raw/window-$scale-$i.json"; die "window ($scale)"; }
		rm -rf "$home"
	done
	python3 - "$raw" "$scale" >>"$rows" <<'PY'
import glob, json, statistics, sys
raw, scale = sys.argv[1:]
rs = [json.load(open(p)) for p in sorted(glob.glob("%s/window-%s-[1-9]*.json" % (raw, scale)))]
print("window\t%s\t%s\t%.0f\tmedian of %d starts" % (scale, statistics.median(r["drawn"] for r in rs), max(r["hwm_mb"] for r in rs), len(rs)))
PY
}

start_xvfb
for s in "${scale_list[@]}"; do
	n=$(activities "$s") t=$(townships "$s")
	say "=== $s: $n activities, $t townships [$(since "$t_start") s]"
	dir=$cache/$key/$s
	generate "$dir/full" "$n" "$t"
	generate "$dir/base" 0 "$t"
	db=$root/$dir/full/pilotdesk.db base=$root/$dir/base/pilotdesk.db

	gobench data "$s" ScaleTargets "$db" "$base"
	log=$raw/go-data-$s.txt
	slowest ledger_filter "$s" "$log" '^ledger/' '^ledger/(all_by|keyword)'
	slowest ledger_sort "$s" "$log" '^ledger/all_by'
	slowest ledger_kw3 "$s" "$log" '^ledger/keyword' 'keyword_(1_char|2_chars)'
	slowest ledger_kw12 "$s" "$log" '^ledger/keyword_(1_char|2_chars)'
	slowest lists "$s" "$log" '^list/'
	slowest overview "$s" "$log" '^overview/'

	gobench export "$s" 'ScaleExport/ledger' "$db" "$base"
	awk -v scale="$s" '/^BenchmarkScaleExport\/ledger/ {
			name = $1; sub(/-[0-9]+$/, "", name)
			for (i = 2; i <= NF; i++) if ($i == "ns/op") ns = $(i - 1)
			if (!(name in best) || ns + 0 < best[name] + 0) best[name] = ns
		}
		END { f = best["BenchmarkScaleExport/ledger_floor"]
			if (f > 0) printf "export_ratio\t%s\t%.3f\t\t%.2f s against %.2f s\n", scale, best["BenchmarkScaleExport/ledger"] / f, best["BenchmarkScaleExport/ledger"] / 1e9, f / 1e9 }' \
		"$raw/go-export-$s.txt" >>"$rows"

	work=$tmp/$s
	mkdir -p "$work"
	timed export "$s" "$bin" export ledger --db "$db" --out "$work/ledger.xlsx" --from 2000-01-01
	cp "$base" "$work/target.db"
	timed import "$s" "$bin" import activities --db "$work/target.db" "$work/ledger.xlsx"
	grep -qE '(有误|rejected) ?0' "$raw/time-import-$s.txt" || { head -n 20 "$raw/time-import-$s.txt"; die "the import rejected rows"; }
	rm -rf "$work"

	window "$s" "$db"
done

# ---------------------------------------------------------------- report
# table: one row a target, one column a scale; each cell the slowest case.
table() {
	python3 - "$rows" "${scale_list[@]}" <<'PY'
import sys
rows, scales = sys.argv[1], sys.argv[2:]
targets = [  # key, what, limit (seconds or ratio), MB limit, unit
    ("ledger_filter", "Ledger page with its count, every filter (page 1 and 51)", 0.05, None, "s"),
    ("ledger_sort", "Ledger page with its count, every sort column both ways (page 1 and 51)", 0.05, None, "s"),
    ("ledger_kw3", "Ledger page with its count, keyword of 3+ characters, a place's name", 0.05, None, "s"),
    ("ledger_kw12", "Ledger page with its count, keyword of 1-2 characters", 0.05, None, "s"),
    ("lists", "Every other screen's list", 0.1, None, "s"),
    ("overview", "Overview's figures and warnings (each query)", 0.1, None, "s"),
    ("window", "Window: start → drawn content (peak RSS)", 1.0, None, "s"),
    ("import", "Import of the scale's exported ledger, process (RSS)", 10.0, 300, "s"),
    ("export_ratio", "Ledger export ÷ excelize StreamWriter floor, same cells", 1.5, None, "x"),
    ("export", "Ledger export, process (RSS)", None, 150, "s"),
]
data = {}
for line in open(rows, encoding="utf-8"):
    k, s, v, mb, case = (line.rstrip("\n").split("\t") + [""] * 5)[:5]
    data[(k, s)] = (float(v) if v else None, float(mb) if mb else None, case)
def dur(v):
    return "–" if v is None else "%.1f ms" % (v * 1e3) if v < 1 else "%.2f s" % v
def label(s):
    return "province (100,000, 1,500 townships)" if s == "province" else "{:,}".format(int(s))
print("| Target | Limit | " + " | ".join(label(s) for s in scales) + " | Met? |")
print("|---|---|" + "--:|" * len(scales) + ":-:|")
for k, what, lim, lim_mb, unit in targets:
    cells, ok = [], True
    for s in scales:
        v, mb, case = data.get((k, s), (None, None, ""))
        txt = ("%.2f×" % v if v is not None else "–") if unit == "x" else dur(v)
        if mb is not None:
            txt += " (%d MB)" % mb
        if case:
            txt += "<br><sub>%s</sub>" % case
        if v is not None and lim is not None and v >= lim or mb is not None and lim_mb is not None and mb >= lim_mb:
            ok, txt = False, "**" + txt.replace("<br>", "**<br>", 1) + ("" if "<br>" in txt else "**")
        cells.append(txt)
    limit = " / ".join(x for x in [("< %s" % dur(lim) if unit == "s" else "< %.1f×" % lim) if lim else "", "< %d MB" % lim_mb if lim_mb else ""] if x)
    print("| %s | %s | %s | %s |" % (what, limit, " | ".join(cells), "yes" if ok else "**no**"))
PY
}

machine() {
	printf -- '%s, %s cores, %s; %s; Go %s. Load averages at the start %s, at the end %s.\n' \
		"$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" "$(nproc)" \
		"$(awk '/^MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)" \
		"$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release)" "$(go env GOVERSION)" \
		"$load_start" "$(cut -d' ' -f1-3 /proc/loadavg)"
}

marker='<!-- Everything below this line is kept by scripts/bench.sh when it rewrites this file. -->'
{
	echo "# PilotDesk benchmarks"
	echo
	echo "Issue 18's targets, as a person feels them, measured by \`make bench\` (scripts/bench.sh) on"
	echo "$(date -u '+%Y-%m-%d %H:%M UTC') in $(since "$t_start") s. Each cell is the slowest case of its row"
	echo "(named under it); Go benchmarks are the best of $count runs (-benchtime $benchtime), processes one run."
	echo
	table
	echo
	echo "Machine: $(machine)"
	echo
	echo "## Reproduce"
	echo
	echo "The databases: \`pilotdesk demo --db F --activities N --townships T\` (T = 15 for 1,000, 30 for"
	echo "10,000 and 100,000, 1,500 for the province), and the same with \`--activities 0\` as the import's"
	echo "target. Then, for one database F (and its target B):"
	echo
	echo '```sh'
	echo "PILOTDESK_BENCH_DB=F go test -tags $tags -run '^\$' -bench ScaleTargets ./data   # pages, lists, overview"
	echo "PILOTDESK_BENCH_DB=F go test -tags $tags -run '^\$' -bench 'ScaleExport/ledger' ./export   # export and its floor"
	echo "pilotdesk export ledger --db F --out ledger.xlsx --from 2000-01-01   # under /usr/bin/time -v"
	echo "pilotdesk import activities --db B ledger.xlsx                       # likewise"
	echo "python3 scripts/bench_window.py -- pilotdesk --db F --screen overview  # under Xvfb"
	echo '```'
	echo
	echo "\`make bench\` does all of it (about $(($(since "$t_start") / 60 + 1)) min here); \`make bench BENCH_SCALES=1000\` is CI's quick run."
	echo
	echo "$marker"
	if [[ -f $report ]] && grep -qF "$marker" "$report"; then
		sed -n "/^$(printf '%s' "$marker" | sed 's/[]\/$*.^[]/\\&/g')\$/,\$p" "$report" | tail -n +2
	fi
} >"$tmp/report.md"
mv "$tmp/report.md" "$report"
echo
table
echo
say "report: $report; raw output: $raw/ [$(since "$t_start") s]"
