#!/usr/bin/env bash
# smoke-linux.sh BINARY OUT_PNG [extra app args...]
#
# Smoke test of the Linux build of PilotDesk on a private Xvfb with no window manager:
#   1. starts Xvfb on a free display (Xvfb picks it itself: -displayfd),
#   2. runs BINARY --db "$tmpdir/smoke.db" [extra args],
#   3. waits for a visible window whose name matches $SMOKE_TITLE_RE,
#   4. screenshots the root window into OUT_PNG and checks the window's area is not blank,
#   5. checks the database file was created,
#   6. closes the window the way a window manager does (a WM_DELETE_WINDOW client message,
#      which GLFW turns into Fyne's window close: closing the master window quits the app)
#      and expects exit status 0.
# Prints one PASS/FAIL line per check, then "smoke-linux: N passed, N failed"; exits non-zero
# on any failure. Installs what it needs with apt-get when missing (skipped on a warm machine).
#
# Optional environment:
#   SMOKE_TITLE_RE        regex (xdotool, case-insensitive) for the window name  [PilotDesk]
#   SMOKE_APP_LANG        LANG given to the app (not C/C.UTF-8: Fyne can't parse "C") [zh_CN.UTF-8]
#   SMOKE_SCREEN          Xvfb screen                                            [1280x800x24]
#   SMOKE_WINDOW_TIMEOUT  seconds to wait for the window                         [60]
#   SMOKE_SETTLE          seconds to let the first frames render                 [2]
#   SMOKE_RENDER_TIMEOUT  seconds more to wait for a non-blank window            [20]
#   SMOKE_CLOSE           wm = WM_DELETE_WINDOW, term = SIGTERM                  [wm]
#   SMOKE_CLOSE_TIMEOUT   seconds to wait for the exit after closing             [15]
#   SMOKE_MIN_COLOURS     blank check: least number of distinct colours          [64]
#   SMOKE_MIN_SD          blank check: least standard deviation (0..1)           [0.01]
#   SMOKE_DB              database to open (a copy is best: the app writes to it) [a new one]
#   SMOKE_KEEP=1          keep the temp dir (app log, database) and say where
set -euo pipefail

prog=smoke-linux
usage() { echo "usage: $0 BINARY OUT_PNG [extra app args...]" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
bin=$1 out_png=$2
shift 2
[[ -f $bin && -x $bin ]] || { echo "$prog: FAIL $bin is not an executable file" >&2; exit 2; }
[[ $bin == /* ]] || bin=$PWD/$bin
[[ $out_png == /* ]] || out_png=$PWD/$out_png

title_re=${SMOKE_TITLE_RE:-PilotDesk}
app_lang=${SMOKE_APP_LANG:-zh_CN.UTF-8}
window_timeout=${SMOKE_WINDOW_TIMEOUT:-60}
settle=${SMOKE_SETTLE:-2}
render_timeout=${SMOKE_RENDER_TIMEOUT:-20}
close_mode=${SMOKE_CLOSE:-wm}
close_timeout=${SMOKE_CLOSE_TIMEOUT:-15}
min_colours=${SMOKE_MIN_COLOURS:-64}
min_sd=${SMOKE_MIN_SD:-0.01}

# The tools run in C.UTF-8; the app gets $app_lang (see run_app).
unset LC_ALL LC_MESSAGES LANGUAGE
export LANG=C.UTF-8
# Mesa's software rasteriser (llvmpipe) is all there is under Xvfb; say so, so Mesa doesn't
# go looking for hardware first.
export LIBGL_ALWAYS_SOFTWARE=1

passed=0 failed=0
t0=$EPOCHREALTIME
say()  { printf '%s: %s\n' "$prog" "$*"; }
pass() { passed=$((passed + 1)); printf '%s: PASS %s\n' "$prog" "$*"; }
fail() { failed=$((failed + 1)); printf '%s: FAIL %s\n' "$prog" "$*"; }
die()  { printf '%s: FAIL %s\n' "$prog" "$*"; exit 2; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

tmpdir=$(mktemp -d /tmp/pilotdesk-smoke-linux.XXXXXX)
xvfb_pid="" app_pid=""
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
	set +e
	if [[ -n $app_pid ]] && kill -0 "$app_pid" 2>/dev/null; then
		kill -KILL "$app_pid" 2>/dev/null
		wait "$app_pid" 2>/dev/null
	fi
	if [[ -n $xvfb_pid ]]; then
		kill "$xvfb_pid" 2>/dev/null
		wait "$xvfb_pid" 2>/dev/null
	fi
	if [[ ${SMOKE_KEEP:-0} == 1 ]]; then
		say "kept $tmpdir"
	else
		rm -rf "$tmpdir"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- prerequisites
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }
apt_install() {
	local -a sudo=()
	if [[ $(id -u) -ne 0 ]]; then
		command -v sudo >/dev/null 2>&1 || die "not root and no sudo: cannot install $*"
		sudo=(sudo -n)
	fi
	say "installing with apt-get: $*"
	local t=$EPOCHREALTIME
	if ! { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq &&
		"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
			install -y -qq --no-install-recommends "$@"; } >"$tmpdir/apt.log" 2>&1; then
		tail -n 40 "$tmpdir/apt.log"
		die "apt-get install $* failed"
	fi
	say "installed in $(since "$t")s"
}
ensure_tools() {
	local -a missing=()
	command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
	command -v xdotool >/dev/null 2>&1 || missing+=(xdotool)
	# Not `command -v convert`: a machine may have a stand-in convert in /usr/local/bin.
	[[ -x /usr/bin/import && -x /usr/bin/convert ]] || missing+=(imagemagick)
	python3 -c 'import ctypes' >/dev/null 2>&1 || missing+=(python3)
	# What the Fyne/GLFW binary loads at run time: libGL + Mesa's llvmpipe, and the X
	# libraries GLFW dlopen()s.
	local p
	for p in libgl1 libglx-mesa0 libgl1-mesa-dri libx11-6 libx11-xcb1 libxcursor1 libxrandr2 \
		libxinerama1 libxi6 libxxf86vm1 libxext6 libxrender1; do
		installed "$p" || missing+=("$p")
	done
	if [[ ${#missing[@]} -gt 0 ]]; then apt_install "${missing[@]}"; fi
	python3 -c 'import ctypes; ctypes.cdll.LoadLibrary("libX11.so.6")' ||
		die "python3 cannot load libX11.so.6 (needed to send WM_DELETE_WINDOW)"
}

# ---------------------------------------------------------------- X helpers
start_xvfb() {
	local screen=${SMOKE_SCREEN:-1280x800x24} n="" i
	# -displayfd: Xvfb takes the first free display itself and writes its number once it
	# accepts connections, so there is no race with another X server and no sleep.
	Xvfb -displayfd 3 -screen 0 "$screen" -nolisten tcp -noreset \
		3>"$tmpdir/display" >"$tmpdir/xvfb.log" 2>&1 &
	xvfb_pid=$!
	for ((i = 0; i < 200; i++)); do
		if [[ -s $tmpdir/display ]]; then read -r n <"$tmpdir/display" || true; fi
		[[ -n $n ]] && break
		if ! kill -0 "$xvfb_pid" 2>/dev/null; then
			cat "$tmpdir/xvfb.log"
			die "Xvfb exited at start"
		fi
		sleep 0.1
	done
	[[ -n $n ]] || die "Xvfb did not come up in 20s"
	export DISPLAY=:$n
	say "Xvfb on $DISPLAY ($screen, pid $xvfb_pid)"
}

# Sends the ICCCM WM_DELETE_WINDOW client message to window $1, as a window manager does
# when the user clicks the close box. (xdotool's windowclose/windowkill destroy the window
# or kill the client instead; wmctrl -c asks a window manager, and there is none.)
send_wm_delete() {
	python3 - "$1" <<'PY'
import ctypes, sys
x = ctypes.cdll.LoadLibrary("libX11.so.6")
x.XOpenDisplay.restype = ctypes.c_void_p
x.XOpenDisplay.argtypes = [ctypes.c_char_p]
x.XInternAtom.restype = ctypes.c_ulong
x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]

class XClientMessageEvent(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", ctypes.c_ulong),
                ("message_type", ctypes.c_ulong), ("format", ctypes.c_int),
                ("data", ctypes.c_long * 5)]

class XEvent(ctypes.Union):
    _fields_ = [("xclient", XClientMessageEvent), ("pad", ctypes.c_long * 24)]

x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long,
                         ctypes.POINTER(XEvent)]
x.XFlush.argtypes = [ctypes.c_void_p]
x.XCloseDisplay.argtypes = [ctypes.c_void_p]
d = x.XOpenDisplay(None)
if not d:
    sys.exit("cannot open display")
win = int(sys.argv[1], 0)
ev = XEvent()
ev.xclient.type = 33  # ClientMessage
ev.xclient.window = win
ev.xclient.message_type = x.XInternAtom(d, b"WM_PROTOCOLS", 0)
ev.xclient.format = 32
ev.xclient.data[0] = x.XInternAtom(d, b"WM_DELETE_WINDOW", 0)
ev.xclient.data[1] = 0  # CurrentTime
if not x.XSendEvent(d, win, 0, 0, ctypes.byref(ev)):
    sys.exit("XSendEvent failed")
x.XFlush(d)
x.XCloseDisplay(d)
PY
}

# Prints "COLOURS SD" for the rectangle W H X Y of PNG $1: the number of distinct colours
# and the standard deviation (0..1, over all channels).
measure() {
	local geom
	geom=$(printf '%dx%d%+d%+d' "$2" "$3" "$4" "$5")
	/usr/bin/convert "$1" -crop "$geom" +repage -format '%k %[fx:standard_deviation]\n' info:
}
not_blank() { awk -v c="$1" -v s="$2" -v mc="$min_colours" -v ms="$min_sd" 'BEGIN { exit !(c >= mc && s >= ms) }'; }

print_app_log() {
	[[ -s $tmpdir/app.log ]] || return 0
	say "app output (last 40 lines):"
	tail -n 40 "$tmpdir/app.log" | sed 's/^/    | /'
}

finish() {
	print_app_log
	say "total $(since "$t0")s"
	printf '%s: %d passed, %d failed\n' "$prog" "$passed" "$failed"
	if [[ $failed -ne 0 ]]; then exit 1; fi
	exit 0
}

# ---------------------------------------------------------------- run
ensure_tools
start_xvfb
mkdir -p "$(dirname "$out_png")"

db=${SMOKE_DB:-$tmpdir/smoke.db}
mkdir -p "$tmpdir/home/.config" "$tmpdir/home/.local/share" "$tmpdir/home/.cache"
say "starting: $bin --db $db $*"
t_start=$EPOCHREALTIME
# A fresh user config (Fyne preferences) per run; no D-Bus session, so no dbus-launch either.
(
	cd "$tmpdir"
	exec env -u LC_ALL -u LC_MESSAGES LANG="$app_lang" \
		XDG_CONFIG_HOME="$tmpdir/home/.config" XDG_DATA_HOME="$tmpdir/home/.local/share" \
		XDG_CACHE_HOME="$tmpdir/home/.cache" DBUS_SESSION_BUS_ADDRESS=disabled: \
		"$bin" --db "$db" "$@"
) >"$tmpdir/app.log" 2>&1 &
app_pid=$!

# -- window
wid=""
while :; do
	wid=$(xdotool search --onlyvisible --name "$title_re" 2>/dev/null | head -n 1) || true
	[[ -n $wid ]] && break
	kill -0 "$app_pid" 2>/dev/null || break
	awk -v a="$t_start" -v b="$EPOCHREALTIME" -v t="$window_timeout" 'BEGIN { exit !(b - a >= t) }' && break
	sleep 0.25
done
if [[ -z $wid ]]; then
	if kill -0 "$app_pid" 2>/dev/null; then
		fail "window: none matching /$title_re/ within ${window_timeout}s"
	else
		st=0
		wait "$app_pid" || st=$?
		app_pid=""
		fail "window: app exited with status $st before showing a window matching /$title_re/"
	fi
	import -window root "$out_png" 2>/dev/null || true
	if [[ -e $db ]]; then pass "database: $db created"; else fail "database: $db was not created"; fi
	finish
fi
wname=$(xdotool getwindowname "$wid" 2>/dev/null || true)
pass "window: $(printf '0x%x' "$wid") \"$wname\" mapped $(since "$t_start")s after start"

# -- screenshot + blank check (of the window's area: Xvfb's root is black, so a window
#    that shows one flat colour would still look "not blank" on the whole screen)
wx=0 wy=0 ww=0 wh=0
while IFS='=' read -r k v; do
	case $k in X) wx=$v ;; Y) wy=$v ;; WIDTH) ww=$v ;; HEIGHT) wh=$v ;; esac
done < <(xdotool getwindowgeometry --shell "$wid")
sleep "$settle"
t_shot=$EPOCHREALTIME
colours=0 sd=0
while :; do
	import -window root "$out_png"
	read -r colours sd < <(measure "$out_png" "$ww" "$wh" "$wx" "$wy")
	not_blank "$colours" "$sd" && break
	awk -v a="$t_shot" -v b="$EPOCHREALTIME" -v t="$render_timeout" 'BEGIN { exit !(b - a >= t) }' && break
	kill -0 "$app_pid" 2>/dev/null || break
	sleep 1
done
figures="window ${ww}x${wh}+${wx}+${wy}: $colours colours, sd $sd (need >= $min_colours and >= $min_sd)"
if not_blank "$colours" "$sd"; then
	pass "screenshot: $out_png not blank; $figures"
else
	fail "screenshot: $out_png looks blank; $figures"
fi

# -- database
if [[ $db == postgres://* ]]; then
	pass "database: on the server $db" # scripts/smoke-server.sh
elif [[ -f $db ]]; then
	size=$(stat -c %s "$db")
	if [[ $size -eq 0 ]]; then
		pass "database: $db created (empty so far)"
	elif [[ $(head -c 15 "$db") == "SQLite format 3" ]]; then
		pass "database: $db created (SQLite, $size bytes)"
	else
		fail "database: $db exists ($size bytes) but is not an SQLite file"
	fi
else
	fail "database: $db was not created"
fi

# -- close
if ! kill -0 "$app_pid" 2>/dev/null; then
	st=0
	wait "$app_pid" || st=$?
	app_pid=""
	fail "exit: app had already exited (status $st) before it was closed"
	finish
fi
t_close=$EPOCHREALTIME
case $close_mode in
wm)
	how="WM_DELETE_WINDOW"
	send_wm_delete "$wid" || fail "close: could not send WM_DELETE_WINDOW"
	;;
term)
	how="SIGTERM"
	kill -TERM "$app_pid"
	;;
*) die "SMOKE_CLOSE must be wm or term, not $close_mode" ;;
esac
end=$((SECONDS + close_timeout))
while kill -0 "$app_pid" 2>/dev/null && ((SECONDS < end)); do sleep 0.2; done
if kill -0 "$app_pid" 2>/dev/null; then
	fail "exit: still running ${close_timeout}s after $how; killing it (SIGTERM, then SIGKILL)"
	kill -TERM "$app_pid" 2>/dev/null || true
	end=$((SECONDS + 5))
	while kill -0 "$app_pid" 2>/dev/null && ((SECONDS < end)); do sleep 0.2; done
	kill -KILL "$app_pid" 2>/dev/null || true
	wait "$app_pid" 2>/dev/null || true
	app_pid=""
else
	st=0
	wait "$app_pid" || st=$?
	app_pid=""
	if [[ $st -eq 0 ]]; then
		pass "exit: status 0, $(since "$t_close")s after $how"
	elif [[ $st -gt 128 ]]; then
		fail "exit: killed by SIG$(kill -l $((st - 128))) (status $st) after $how"
	else
		fail "exit: status $st after $how"
	fi
fi
finish
