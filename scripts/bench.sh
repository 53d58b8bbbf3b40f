#!/usr/bin/env bash
# bench.sh: how fast PilotDesk is at 1,000 / 10,000 / 100,000 activities (issue 7).
#
#   make bench                       all three scales; writes BENCHMARKS.md
#   make bench BENCH_SCALES=1000     a quick run (CI): prints the table and writes
#                                    out/bench-small.md, never BENCHMARKS.md
#
# For each scale N it
#   1. generates a database once, with the CLI: `pilotdesk demo --activities N
#      --townships T` (T = 15 per 1,000 activities, 1,500 at 100,000; sites and
#      people in proportion, data/demo_scale.go), and the same places and
#      people without the activities (the import's target); both are kept in
#      $BENCH_CACHE under a key of the generator's sources, and made again
#      only when those change;
#   2. runs the Go benchmarks of data/, app/ and export/ named Scale against
#      them (PILOTDESK_BENCH_DB, PILOTDESK_BENCH_BASE_DB), -benchmem, the best
#      of $BENCH_COUNT runs;
#   3. times whole processes with /usr/bin/time -v (elapsed, maximum resident
#      set): every export report, and the exported ledger imported back into
#      the database without activities, as a dry run and for real (a copy);
#   4. starts the window under Xvfb (scripts/bench_window.py): start to a
#      visible window, to drawn content, to the overview or the ledger settled,
#      the process's peak RSS there, then closes it as a window manager does.
# Then it prints one table (what, scale, time, peak memory, target, met?) and
# writes the report: the table, the machine, how to reproduce, the raw
# benchmark lines, and the notes kept below the marker line of the previous
# report. Raw logs, JSON and profiles go to out/bench/.
#
# Benchmarks are not tests: a missed target is reported, never fatal. The
# script fails only when a step fails (a build, a benchmark that errs, an
# export or import that fails, a window that does not show).
#
# Environment:
#   BENCH_SCALES       activities per database                   [1000 10000 100000]
#   BENCH_CACHE        generated databases                       [.cache/bench]
#   BENCH_COUNT        runs of each Go benchmark; the best counts [3 full, 1 otherwise]
#   BENCH_TIME         -benchtime                                 [1s full, 200ms otherwise]
#   BENCH_WINDOW_RUNS  measured window starts per screen         [3 full, 1 otherwise]
#   BENCH_PROFILE=1    CPU and memory profiles of each benchmark package, and their
#                      `go tool pprof -top`, in out/bench/
#   BENCH_REPORT       the report                                [BENCHMARKS.md full, out/bench-small.md]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

prog=bench
scales=${BENCH_SCALES:-1000 10000 100000}
read -r -a scale_list <<<"$scales"
full=0
[[ ${scale_list[*]} == "1000 10000 100000" ]] && full=1
if ((full)); then
	count=${BENCH_COUNT:-3} benchtime=${BENCH_TIME:-1s} window_runs=${BENCH_WINDOW_RUNS:-3}
	report=${BENCH_REPORT:-BENCHMARKS.md}
else
	count=${BENCH_COUNT:-1} benchtime=${BENCH_TIME:-200ms} window_runs=${BENCH_WINDOW_RUNS:-1}
	report=${BENCH_REPORT:-out/bench-small.md}
fi
cache=${BENCH_CACHE:-.cache/bench}
raw=out/bench
tags=migrated_fynedo,sqlite_fts5
bin=$root/bin/pilotdesk

say() { printf '%s: %s\n' "$prog" "$*"; }
die() { printf '%s: FAIL %s\n' "$prog" "$*" >&2; exit 1; }
t_start=$EPOCHREALTIME
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }'; }

# What else kept the machine busy, for the report: the load averages and the
# busiest other processes, at the start.
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
busy_start=$(ps -eo pcpu=,etime=,args= --sort=-pcpu 2>/dev/null | awk -v self=$$ '$1 + 0 >= 5 && !/ps -eo/ {
	printf "%s%s%% %s", (n++ ? "; " : ""), $1, substr($3, 1, 60) } END { if (!n) printf "none over 5%%" }')

for n in "${scale_list[@]}"; do
	[[ $n =~ ^[0-9]+$ && $n -ge 100 ]] || die "BENCH_SCALES: $n is not a number of activities (at least 100)"
done
mkdir -p "$raw" "$cache" "$(dirname "$report")"
rm -f "$raw"/*.txt "$raw"/*.json "$raw"/*.log "$raw"/*.prof "$raw"/*.test "$raw"/rows.tsv
rows=$raw/rows.tsv
: >"$rows"

# zh runs a command in Chinese: Fyne cannot parse the locale "C" (the shell
# itself keeps its own, which may not have zh_CN installed).
zh() { env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=zh_CN.UTF-8 "$@"; }

xvfb_pid="" tmp=""
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
	if [[ -n $xvfb_pid ]]; then
		kill "$xvfb_pid" 2>/dev/null || true
		wait "$xvfb_pid" 2>/dev/null || true
	fi
	if [[ -n $tmp ]]; then rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pilotdesk-bench.XXXXXX")

# ---------------------------------------------------------------- tools
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }
ensure_tools() {
	local -a missing=() sudo=()
	[[ -x /usr/bin/time ]] || missing+=(time)
	command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
	python3 -c 'import ctypes' >/dev/null 2>&1 || missing+=(python3)
	local p
	for p in libgl1 libglx-mesa0 libgl1-mesa-dri libx11-6 libxcursor1 libxrandr2 libxinerama1 libxi6 libxxf86vm1; do
		installed "$p" || missing+=("$p")
	done
	((${#missing[@]} == 0)) && return 0
	if [[ $(id -u) -ne 0 ]]; then
		command -v sudo >/dev/null 2>&1 || die "not root and no sudo: cannot install ${missing[*]}"
		sudo=(sudo -n)
	fi
	say "installing with apt-get: ${missing[*]}"
	{ "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq &&
		"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
			install -y -qq --no-install-recommends "${missing[@]}"; } >"$raw/apt.txt" 2>&1 ||
		{ tail -n 30 "$raw/apt.txt"; die "apt-get install ${missing[*]} failed"; }
}

# ---------------------------------------------------------------- rows
# row WHAT SCALE SECONDS MEM_BYTES MEM_KIND TARGET_S TARGET_MB
# (empty fields: not measured / no target; MEM_KIND rss, hwm, heap or alloc;
# a SECONDS of "x1.23" is a ratio, its TARGET_S "x1.5")
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$rows"; }

# timed LABEL SCALE TARGET_S TARGET_MB CMD...: runs CMD under /usr/bin/time -v.
timed() {
	local label=$1 scale=$2 tgt_s=$3 tgt_mb=$4
	shift 4
	local log
	log=$raw/time-$scale-$(printf '%s' "$label" | tr -c 'a-zA-Z0-9' '_').txt
	if ! zh /usr/bin/time -v -o "$log.time" "$@" >"$log" 2>&1; then
		tail -n 20 "$log"
		die "$label ($scale): $* failed"
	fi
	cat "$log.time" >>"$log"
	rm -f "$log.time"
	local secs kb
	secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log")
	kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
	row "$label" "$scale" "$secs" "$((kb * 1024))" rss "$tgt_s" "$tgt_mb"
	printf '%s: %-34s %8s s %7s MB\n' "$prog" "$label ($scale)" "$secs" "$((kb / 1024))"
}

# ---------------------------------------------------------------- build
say "make build"
make --no-print-directory build >"$raw/build.txt" 2>&1 || { tail -n 30 "$raw/build.txt"; die "make build"; }
ensure_tools

# The generator's key: databases are made again when what writes them changes.
key=$(cat data/demo.go data/demo_scale.go data/migrate.go data/migrate_v2.go data/sqlite.go data/activity.go |
	sha256sum | cut -c1-12)
find "$cache" -mindepth 1 -maxdepth 1 -type d ! -name "$key" -exec rm -rf {} + 2>/dev/null || true

# generate N DIR [--activities-in-all]: the database in DIR/pilotdesk.db
# (each in its own folder: the daily backup goes beside it).
generate() {
	local n=$1 dir=$2 activities=$3 towns=$(($1 * 15 / 1000))
	((towns < 15)) && towns=15
	[[ -s $dir/pilotdesk.db ]] && return 0
	rm -rf "$dir" "$dir.tmp"
	mkdir -p "$dir.tmp"
	local t=$EPOCHREALTIME
	zh "$bin" demo --db "$dir.tmp/pilotdesk.db" --activities "$activities" --townships "$towns" --seed 1 \
		>"$dir.tmp/demo.log" 2>&1 || { cat "$dir.tmp/demo.log"; die "pilotdesk demo --activities $activities"; }
	mv "$dir.tmp" "$dir"
	say "generated $dir/pilotdesk.db ($activities activities, $towns townships) in $(since "$t") s"
}

# ---------------------------------------------------------------- Go benchmarks
# gobench PKG SCALE DB BASE: appends the benchmark lines to $raw/go-SCALE.txt.
gobench() {
	local pkg=$1 scale=$2 db=$3 base=$4
	local log=$raw/go-$pkg-$scale.txt
	local -a prof=()
	if [[ ${BENCH_PROFILE:-0} == 1 ]]; then
		prof=(-cpuprofile "$raw/cpu-$pkg-$scale.prof" -memprofile "$raw/mem-$pkg-$scale.prof"
			-o "$raw/$pkg-$scale.test")
	fi
	local t=$EPOCHREALTIME
	if ! zh PILOTDESK_BENCH_DB="$db" PILOTDESK_BENCH_BASE_DB="$base" go test -tags "$tags" -run '^$' -bench Scale -benchmem \
		-count "$count" -benchtime "$benchtime" -timeout 60m "${prof[@]}" "./$pkg" >"$log" 2>&1; then
		tail -n 40 "$log"
		die "go test -bench Scale ./$pkg ($scale activities)"
	fi
	if ((${#prof[@]})); then
		go tool pprof -top -nodecount=40 "$raw/$pkg-$scale.test" "$raw/cpu-$pkg-$scale.prof" >"$raw/pprof-cpu-$pkg-$scale.txt" 2>&1 || true
		go tool pprof -top -sample_index=alloc_space -nodecount=30 "$raw/$pkg-$scale.test" "$raw/mem-$pkg-$scale.prof" \
			>"$raw/pprof-alloc-$pkg-$scale.txt" 2>&1 || true
	fi
	say "go test -bench Scale ./$pkg: $(since "$t") s"
	grep '^Benchmark' "$log" >>"$raw/go-$scale.txt" || true
}

# The benchmarks of the table: name (GOMAXPROCS suffix dropped, spaces as
# Go prints them) → label, target seconds, target MB. Lines of the Go
# output not listed here still appear in the report's raw section.
benchmap() {
	cat <<'EOF'
BenchmarkScale/page/township+year	Ledger page (200 rows, counted): township + year, data	0.05
BenchmarkScale/page/township	Ledger page: township, data	0.05
BenchmarkScale/page/site	Ledger page: site, data	0.05
BenchmarkScale/page/year	Ledger page: one year, data	0.05
BenchmarkScale/page/all_newest_first	Ledger page: everything, newest first, data	0.05
BenchmarkScale/page/source+follow-up	Ledger page: topic source + follow-up, data	0.05
BenchmarkScale/page/year_by_topic	Ledger page: one year sorted by topic, data	0.05
BenchmarkScale/page/all,_page_50	Ledger page: everything, page 50, data	0.05
BenchmarkScale/page_of_50/township+year	Ledger page of 50, counted: township + year, data	0.05
BenchmarkScale/page_of_50/township	Ledger page of 50: township, data	0.05
BenchmarkScale/page_of_50/site	Ledger page of 50: site, data	0.05
BenchmarkScale/page_of_50/year	Ledger page of 50: one year, data	0.05
BenchmarkScale/page_of_50/all_newest_first	Ledger page of 50: everything, newest first, data	0.05
BenchmarkScale/page_of_50/source+follow-up	Ledger page of 50: topic source + follow-up, data	0.05
BenchmarkScale/page_of_50/year_by_topic	Ledger page of 50: one year sorted by topic, data	0.05
BenchmarkScale/page_of_50/all,_page_50	Ledger page of 50: everything, page 50, data	0.05
BenchmarkScale/floor/page_without_GORM_or_count	Floor of a page: its SQL read with database/sql, no GORM, no count
BenchmarkScale/keyword/common_停车难	Keyword, common (停车难), data	0.05
BenchmarkScale/keyword/rare_小寨工业片区	Keyword, rare (小寨工业片区), data	0.05
BenchmarkScale/keyword/phrase_8+X_议事	Keyword, a phrase in 7% of notes (8+X 议事), data	0.05
BenchmarkScale/keyword/township_name	Keyword, a township's name, data	0.05
BenchmarkScale/keyword/no_match_不存在的词	Keyword, no match, data	0.05
BenchmarkScale/keyword/common+township	Keyword + township, data	0.05
BenchmarkScale/keyword/2_chars_停车	Keyword of 2 characters (停车), data	0.05
BenchmarkScale/keyword/1_char_水	Keyword of 1 character (水), data	0.05
BenchmarkScale/dashboard	Dashboard aggregates, data	0.1
BenchmarkScale/overview/12_months	Overview: 12 months by source, data	0.1
BenchmarkScale/overview/site_counts	Overview: sites by kind and status, data	0.1
BenchmarkScale/overview/sites_without_lead	Overview: sites without a lead, data	0.1
BenchmarkScale/overview/sites_quiet_90_days	Overview: sites quiet for 90 days, data	0.1
BenchmarkScale/overview/overdue_tasks	Overview: overdue tasks, data	0.1
BenchmarkScale/overview/overdue_items	Overview: overdue follow-up items, data	0.1
BenchmarkScale/statistics/all_time	Statistics report, all time, data
BenchmarkScaleOverview/figures	Overview: figures and charts shown, end to end (app)	0.1
BenchmarkScaleOverview/warnings	Overview: warnings shown after them (app)
BenchmarkScaleOverview/all	Overview: refreshed, all of it (app)
BenchmarkScaleLedger/open	Ledger screen opened, end to end (app)	0.05
BenchmarkScaleLedger/filter_township	Ledger: township chosen → table refreshed (app)	0.05
BenchmarkScaleLedger/next_page	Ledger: next page → table refreshed (app)	0.05
BenchmarkScaleLedger/keyword	Ledger: keyword → table refreshed (app)	0.05
BenchmarkScaleLedger/keyword_2_chars	Ledger: 2-character keyword → table refreshed (app)	0.05
BenchmarkScaleExport/ledger	Export ledger, in process (Go)	2	120
BenchmarkScaleExport/ledger_floor	Library floor: bare StreamWriter, same cells (Go)
BenchmarkScaleExport/roster	Export roster, in process (Go)
BenchmarkScaleExport/panels	Export panels, in process (Go)
BenchmarkScaleExport/stats	Export stats, in process (Go)
BenchmarkScaleExport/signin	Export sign-in sheet, in process (Go)
BenchmarkScaleImport	Import the ledger back, in process (Go)	6	150
EOF
}

# gorows SCALE: the table rows of $raw/go-SCALE.txt, best of the runs.
gorows() {
	local scale=$1
	awk -F'\t' -v scale="$scale" -v out="$rows" '
		FNR == NR { label[$1] = $2; ts[$1] = $3; tm[$1] = $4; order[++n] = $1; next }
		/^Benchmark/ {
			split($0, f, /[ \t]+/)
			name = f[1]; sub(/-[0-9]+$/, "", name)
			ns = ""; heap = ""; alloc = ""
			for (i = 2; i <= length(f); i++) {
				if (f[i] == "ns/op") ns = f[i-1]
				if (f[i] == "peak-heap-MB") heap = f[i-1]
				if (f[i] == "B/op") alloc = f[i-1]
			}
			if (ns == "") next
			if (!(name in best) || ns + 0 < best[name] + 0) { best[name] = ns; bheap[name] = heap; balloc[name] = alloc }
		}
		END {
			for (i = 1; i <= n; i++) {
				k = order[i]
				if (!(k in best)) continue
				mem = balloc[k]; kind = "alloc"
				if (bheap[k] != "") { mem = sprintf("%.0f", bheap[k] * 1048576); kind = "heap" }
				printf "%s\t%s\t%.6f\t%s\t%s\t%s\t%s\n", label[k], scale, best[k] / 1e9, mem, kind, ts[k], tm[k] >> out
			}
			if ("BenchmarkScaleExport/ledger" in best && "BenchmarkScaleExport/ledger_floor" in best)
				printf "Ledger export ÷ library floor (Go)\t%s\tx%.2f\t\t\tx1.5\t\n", scale,
					best["BenchmarkScaleExport/ledger"] / best["BenchmarkScaleExport/ledger_floor"] >> out
		}' <(benchmap) "$raw/go-$scale.txt"
}

# ---------------------------------------------------------------- window
start_xvfb() {
	local n="" i
	Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$tmp/display" >"$raw/xvfb.txt" 2>&1 &
	xvfb_pid=$!
	for ((i = 0; i < 200; i++)); do
		if [[ -s $tmp/display ]]; then read -r n <"$tmp/display" || true; fi
		[[ -n $n ]] && break
		kill -0 "$xvfb_pid" 2>/dev/null || die "Xvfb exited at start: $(cat "$raw/xvfb.txt")"
		sleep 0.1
	done
	[[ -n $n ]] || die "Xvfb did not come up in 20 s"
	display=:$n
	say "Xvfb on $display"
}

# window LOG CMD...: one start of a window; its JSON to LOG, its output to
# LOG.log (bench_window.py).
window() {
	local log=$1 home
	shift
	home=$(mktemp -d "$tmp/home.XXXXXX")
	mkdir -p "$home/config" "$home/data" "$home/cache"
	if ! zh DISPLAY="$display" LIBGL_ALWAYS_SOFTWARE=1 DBUS_SESSION_BUS_ADDRESS=disabled: \
		XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache" \
		python3 scripts/bench_window.py --log "${log%.json}.log" -- "$@" >"$log" 2>&1; then
		cat "$log"
		tail -n 60 "${log%.json}.log"
		die "window: $*"
	fi
	rm -rf "$home"
}

# floorrows: the same measures of an empty Fyne window (scripts/fynefloor).
floorrows() {
	local i
	go build -tags "$tags" -o "$tmp/fynefloor" ./scripts/fynefloor || die "go build ./scripts/fynefloor"
	window "$raw/window-floor-warmup.json" "$tmp/fynefloor"
	for ((i = 1; i <= window_runs; i++)); do
		window "$raw/window-floor-$i.json" "$tmp/fynefloor"
	done
	python3 - "$raw" "$rows" <<'PY'
import glob, json, statistics, sys
raw, rows = sys.argv[1:]
rs = [json.load(open(p)) for p in sorted(glob.glob("%s/window-floor-[0-9]*.json" % raw))]
med = lambda k: statistics.median(r[k] for r in rs)
with open(rows, "a") as f:
    f.write("Floor: empty Fyne window, start → mapped\t–\t%s\t\t\t\t\n" % med("mapped"))
    f.write("Floor: empty Fyne window, start → drawn\t–\t%s\t%s\thwm\t\t\n" % (med("drawn"), max(r["hwm_mb"] for r in rs) * 1048576))
print("bench: empty Fyne window: mapped %.2f s, drawn %.2f s, %.0f MB" % (med("mapped"), med("drawn"), max(r["hwm_mb"] for r in rs)))
PY
}

# windowrows SCALE DB: a warm-up start (it makes the day's backup and warms
# the file cache), then the measured ones; the medians and the highest peak.
windowrows() {
	local scale=$1 db=$2 screen i
	window "$raw/window-$scale-warmup.json" "$bin" --db "$db" --lang zh --screen overview
	for screen in overview activities; do
		for ((i = 1; i <= window_runs; i++)); do
			window "$raw/window-$scale-$screen-$i.json" "$bin" --db "$db" --lang zh --screen "$screen"
		done
	done
	python3 - "$raw" "$scale" "$rows" <<'PY'
import glob, json, statistics, sys
raw, scale, rows = sys.argv[1:]
def runs(screen):
    return [json.load(open(p)) for p in sorted(glob.glob("%s/window-%s-%s-*.json" % (raw, scale, screen)))]
ov, led = runs("overview"), runs("activities")
med = lambda rs, k: statistics.median(r[k] for r in rs)
hwm = lambda rs: max(r["hwm_mb"] for r in rs) * 1048576
idle = max(r["idle_cpu"] for r in ov + led)
with open(rows, "a") as f:
    w = lambda *c: f.write("\t".join("" if x is None else str(x) for x in c) + "\n")
    w("Window: start → mapped (visible)", scale, med(ov, "mapped"), "", "", 1, "")
    w("Window: start → drawn content", scale, med(ov, "drawn"), "", "", 1, "")
    w("Window: start → overview shown, settled", scale, med(ov, "settled"), hwm(ov), "hwm", "", 250)
    w("Window: start → ledger shown, settled", scale, med(led, "settled"), hwm(led), "hwm", "", 250)
    w("Window: idle CPU after start (% of a core)", scale, "cpu%s" % idle, "", "", "", "")
print("bench: window (%s activities): mapped %.2f s, drawn %.2f s, overview %.2f s / %.0f MB, ledger %.2f s / %.0f MB, idle CPU %s%%" % (
    scale, med(ov, "mapped"), med(ov, "drawn"), med(ov, "settled"), hwm(ov) / 1048576,
    med(led, "settled"), hwm(led) / 1048576, idle))
PY
}

# ---------------------------------------------------------------- run
for n in "${scale_list[@]}"; do
	say "=== $n activities [$(since "$t_start") s]"
	db_dir=$cache/$key/$n base_dir=$cache/$key/$n-base
	generate "$n" "$db_dir" "$n"
	generate "$n" "$base_dir" 0
	db=$root/$db_dir/pilotdesk.db base=$root/$base_dir/pilotdesk.db
	: >"$raw/go-$n.txt"
	for pkg in data app export; do gobench "$pkg" "$n" "$db" "$base"; done
	gorows "$n"

	work=$tmp/$n
	mkdir -p "$work/all"
	for r in ledger roster panels stats signin; do
		tgt_s="" tgt_mb=""
		[[ $r == ledger ]] && tgt_s=2 tgt_mb=120
		timed "Export $r (process)" "$n" "$tgt_s" "$tgt_mb" \
			"$bin" export "$r" --db "$db" --out "$work/$r.xlsx" --activity 1
	done
	timed "Export all reports (process)" "$n" "" "" "$bin" export all --db "$db" --out "$work/all" --activity 1
	cp "$base" "$work/target.db"
	timed "Import ledger back, dry run (process)" "$n" "" "" \
		"$bin" import activities --db "$work/target.db" "$work/ledger.xlsx" --dry-run
	timed "Import ledger back (process)" "$n" 6 150 \
		"$bin" import activities --db "$work/target.db" "$work/ledger.xlsx"
	# Every row of the ledger must go in: the figures are of a whole import.
	imported=$(grep -cE '(有误|rejected) 0$' "$raw/time-$n-Import_ledger_back__process_.txt" || true)
	((imported > 0)) || { head -n 20 "$raw/time-$n-Import_ledger_back__process_.txt"; die "the import rejected rows"; }
	rm -f "$work/target.db"*

	if [[ -z $xvfb_pid ]]; then
		start_xvfb
		floorrows
	fi
	windowrows "$n" "$db"
done

# ---------------------------------------------------------------- report
table() {
	awk -F'\t' '
		function dur(s) {
			if (s ~ /^x/) return sprintf("%.2f×", substr(s, 2))
			if (s ~ /^cpu/) return sprintf("%.1f %%", substr(s, 4))
			if (s == "") return "–"
			if (s < 0.001) return sprintf("%.0f µs", s * 1e6)
			if (s < 0.01) return sprintf("%.2f ms", s * 1e3)
			if (s < 1) return sprintf("%.0f ms", s * 1e3)
			return sprintf("%.2f s", s)
		}
		function mem(b, kind) {
			if (b == "") return "–"
			if (kind == "alloc") return b < 1048576 ? sprintf("%.0f KB alloc/op", b / 1024) : sprintf("%.1f MB alloc/op", b / 1048576)
			return sprintf("%.0f MB %s", b / 1048576, kind == "rss" ? "RSS" : kind == "hwm" ? "peak RSS" : "heap")
		}
		function target(ts, tm) {
			t = ""
			if (ts ~ /^x/) t = "≤ " substr(ts, 2) "×"
			else if (ts != "") t = "< " dur(ts)
			if (tm != "") t = t (t == "" ? "" : ", ") "< " tm " MB"
			return t == "" ? "–" : t
		}
		function met(s, b, ts, tm) {
			if (ts == "" && tm == "") return "–"
			ok = 1
			if (ts ~ /^x/) { if (substr(s, 2) + 0 > substr(ts, 2) + 0) ok = 0 }
			else if (ts != "" && s != "" && s + 0 >= ts + 0) ok = 0
			if (tm != "" && b != "" && b / 1048576 >= tm + 0) ok = 0
			return ok ? "yes" : "**no**"
		}
		function thousands(n) { while (n ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", n); return n }
		# Grouped: the window, the ledger, the overview, exports, the import;
		# each measure at every scale, in the order first met.
		function rank(w) {
			if (w ~ /^(Window|Floor: empty)/) return 1
			if (w ~ /^(Ledger page|Floor of a page|Keyword|Ledger:|Ledger screen)/) return 2
			if (w ~ /^(Dashboard|Overview|Statistics)/) return 3
			if (w ~ /^Import/) return 5
			return 4
		}
		{
			if (!($1 in seen)) { seen[$1] = ++labels; name[labels] = $1 }
			k = seen[$1]; line[k, ++count[k]] = sprintf("| %s | %s | %s | %s | %s | %s |", $1, thousands($2), dur($3), mem($4, $5), target($6, $7), met($3, $4, $6, $7))
		}
		END {
			print "| What | Activities | Time | Peak memory | Target | Met? |"
			print "|---|--:|--:|--:|---|:-:|"
			for (r = 1; r <= 5; r++)
				for (k = 1; k <= labels; k++)
					if (rank(name[k]) == r)
						for (i = 1; i <= count[k]; i++) print line[k, i]
		}
	' "$rows"
}

machine() {
	local cpu cores mem os gover sqlite
	cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
	cores=$(nproc)
	mem=$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)
	os=$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release)
	gover=$(go env GOVERSION)
	# The SQLite compiled into mattn/go-sqlite3, from its amalgamation.
	sqlite=$(sed -n 's/^#define SQLITE_VERSION  *"\([0-9.]*\)".*/\1/p' \
		"$(go env GOMODCACHE)/github.com/mattn/go-sqlite3@$(modver github.com/mattn/go-sqlite3)/sqlite3-binding.c" 2>/dev/null | head -n 1 || true)
	printf -- '- CPU: %s, %s cores (nproc), RAM %s\n' "${cpu:-unknown}" "$cores" "$mem"
	printf -- '- OS: %s, kernel %s\n' "$os" "$(uname -r)"
	printf -- '- Go: %s; SQLite %s (mattn/go-sqlite3 %s, bundled); Fyne %s; excelize %s; GORM %s\n' "$gover" \
		"${sqlite:-?}" "$(modver github.com/mattn/go-sqlite3)" "$(modver fyne.io/fyne/v2)" \
		"$(modver github.com/xuri/excelize/v2)" "$(modver gorm.io/gorm)"
	printf -- '- Load averages (1, 5, 15 min): %s at the start, %s at the end; other processes using the CPU at the start: %s\n' \
		"$load_start" "$(cut -d' ' -f1-3 /proc/loadavg)" "$busy_start"
	printf -- '- Window: Xvfb 1280x800x24 with Mesa llvmpipe (software OpenGL), no window manager\n'
}
modver() { awk -v m="$1" '$1 == m { print $2; exit }' go.mod; }

marker='<!-- Everything below this line is kept by scripts/bench.sh when it rewrites this file. -->'
{
	echo "# PilotDesk benchmarks"
	echo
	if ((full)); then
		echo "Written by \`make bench\` (scripts/bench.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'), in $(since "$t_start") s."
	else
		echo "A quick run of scripts/bench.sh (BENCH_SCALES=\"$scales\") on $(date -u '+%Y-%m-%d %H:%M UTC'), in $(since "$t_start") s."
	fi
	echo "Targets: issue 7, and issue 18's for the data layer (a ledger page with its count in 50 ms, the overview's figures and warnings in 100 ms). Databases: \`pilotdesk demo --activities N --townships N×15/1000\` (data/demo_scale.go):"
	echo "the demo district grown to 1,500 townships at 100,000 activities, five sites under each and ten people"
	echo "per township, every activity with 0-4 named attendees and 0-2 follow-up items, over the last five years."
	echo "Go benchmarks: the best of $count runs (-benchtime $benchtime); processes and windows: one run each, windows"
	echo "the median of $window_runs starts per screen after a warm-up start. Memory: RSS = maximum resident set of the"
	echo "process (/usr/bin/time -v), peak RSS = VmHWM of the window's process, heap = the highest heap in use"
	echo "sampled during a Go benchmark, alloc/op = bytes allocated per operation (-benchmem)."
	echo
	table
	echo
	echo "## Machine"
	echo
	machine
	echo
	echo "## Reproduce"
	echo
	echo '```sh'
	echo "make bench                     # all three scales, writes BENCHMARKS.md (about $(($(since "$t_start") / 60 + 1)) min here)"
	echo "make bench BENCH_SCALES=1000   # the quick run CI does; writes out/bench-small.md"
	echo "BENCH_PROFILE=1 make bench     # also CPU and memory profiles in out/bench/"
	echo "# one package against one database:"
	echo "PILOTDESK_BENCH_DB=$cache/$key/100000/pilotdesk.db go test -tags $tags -run '^\$' -bench Scale -benchmem ./data"
	echo '```'
	echo
	echo "## Raw Go benchmark lines"
	echo
	for n in "${scale_list[@]}"; do
		echo "<details><summary>$n activities</summary>"
		echo
		echo '```'
		cat "$raw/go-$n.txt"
		echo '```'
		echo "</details>"
	done
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
say "report: $report; raw logs: $raw/ [$(since "$t_start") s]"
