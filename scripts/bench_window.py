#!/usr/bin/env python3
"""bench_window.py: time PilotDesk's window on an X display (scripts/bench.sh).

usage: DISPLAY=:N bench_window.py [--title RE] [--timeout S] [--settle S] [--log FILE] -- BINARY ARGS...

Starts BINARY ARGS..., then polls the X server (through libX11, every few
milliseconds) and prints one line of JSON:

  mapped   seconds from the start to a visible (mapped) top-level window whose
           name matches --title
  drawn    seconds to that window showing drawn content: at least 64 colours
           (the blank check of smoke-linux.sh)
  settled  seconds to the window's picture last changing before it stayed
           the same for --settle seconds (the overview's figures are in, the
           ledger's page is shown, the spinner is gone)
  rss_mb, hwm_mb   VmRSS and VmHWM (peak) of the process, read then
  idle_cpu  the process's CPU use (% of one core) over 2 s once settled
  exit      its exit status after the window was closed like a window
           manager closes it (WM_DELETE_WINDOW); null if it had to be killed

The app's output goes to --log (default: discarded). When it does not exit
after the close, it gets SIGQUIT, so that a Go program writes the stacks of
its goroutines there, then SIGKILL.

It exits non-zero when there is no window, no drawn content in time, or the
app does not exit after the close.
"""

import ctypes
import ctypes.util
import json
import os
import re
import signal
import subprocess
import sys
import time


def main():
    args = sys.argv[1:]
    if "--" not in args:
        sys.exit(__doc__)
    opts, cmd = args[: args.index("--")], args[args.index("--") + 1 :]
    title, timeout, settle, log = "PilotDesk|议事台", 60.0, 1.5, os.devnull
    while opts:
        k = opts.pop(0)
        if k == "--title":
            title = opts.pop(0)
        elif k == "--timeout":
            timeout = float(opts.pop(0))
        elif k == "--settle":
            settle = float(opts.pop(0))
        elif k == "--log":
            log = opts.pop(0)
        else:
            sys.exit("unknown option " + k)

    x = X()
    t0 = time.monotonic()
    logf = open(log, "ab")
    proc = subprocess.Popen(cmd, stdout=logf, stderr=subprocess.STDOUT)
    since = lambda: round(time.monotonic() - t0, 3)
    out = {"mapped": None, "drawn": None, "settled": None, "rss_mb": None, "hwm_mb": None,
           "idle_cpu": None, "exit": None}

    def finish(code):
        if proc.poll() is None:
            proc.send_signal(signal.SIGQUIT)  # a Go program prints its goroutines' stacks
            try:
                proc.wait(timeout=3)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        print(json.dumps(out))
        sys.exit(code)

    win = None
    while win is None:
        win = x.find(re.compile(title, re.I))
        if win is None:
            if proc.poll() is not None or since() > timeout:
                out["error"] = "no window (exit %s)" % proc.poll()
                finish(1)
            time.sleep(0.003)
    out["mapped"] = since()

    last, last_change = None, None
    while True:
        pic = x.picture(win)
        if pic is not None:
            if out["drawn"] is None and len(set(pic)) >= 64:
                out["drawn"] = since()
            if pic != last:
                last, last_change = pic, since()
            elif out["drawn"] is not None and since() - last_change >= settle:
                break
        if proc.poll() is not None:
            out["error"] = "exited (status %s) before it settled" % proc.returncode
            finish(1)
        if since() > timeout:
            if out["drawn"] is None:
                out["error"] = "no drawn content in %ss" % timeout
                finish(1)
            break
        time.sleep(0.02 if out["drawn"] is None else 0.1)
    out["settled"] = last_change

    out["rss_mb"], out["hwm_mb"] = memory(proc.pid)
    c0, w0 = cpu_seconds(proc.pid), time.monotonic()
    time.sleep(2)
    out["idle_cpu"] = round(100 * (cpu_seconds(proc.pid) - c0) / (time.monotonic() - w0), 1)
    out["rss_mb"], out["hwm_mb"] = memory(proc.pid)

    x.close_window(win)
    try:
        out["exit"] = proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        out["error"] = "still running 15 s after WM_DELETE_WINDOW"
        finish(1)
    finish(0)


def memory(pid):
    vals = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                vals[k] = round(int(v.split()[0]) / 1024, 1)
    return vals.get("VmRSS"), vals.get("VmHWM")


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class XWindowAttributes(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int), ("y", ctypes.c_int), ("width", ctypes.c_int), ("height", ctypes.c_int),
                ("border_width", ctypes.c_int), ("depth", ctypes.c_int), ("visual", ctypes.c_void_p),
                ("root", ctypes.c_ulong), ("class_", ctypes.c_int), ("bit_gravity", ctypes.c_int),
                ("win_gravity", ctypes.c_int), ("backing_store", ctypes.c_int), ("backing_planes", ctypes.c_ulong),
                ("backing_pixel", ctypes.c_ulong), ("save_under", ctypes.c_int), ("colormap", ctypes.c_ulong),
                ("map_installed", ctypes.c_int), ("map_state", ctypes.c_int), ("all_event_masks", ctypes.c_long),
                ("your_event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
                ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p)]


class XImage(ctypes.Structure):
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int), ("format", ctypes.c_int),
                ("data", ctypes.c_void_p), ("byte_order", ctypes.c_int), ("bitmap_unit", ctypes.c_int),
                ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int), ("depth", ctypes.c_int),
                ("bytes_per_line", ctypes.c_int), ("bits_per_pixel", ctypes.c_int)]


class XClientMessageEvent(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                ("format", ctypes.c_int), ("data", ctypes.c_long * 5)]


class XEvent(ctypes.Union):
    _fields_ = [("xclient", XClientMessageEvent), ("pad", ctypes.c_long * 24)]


class X:
    """The few libX11 calls needed, through ctypes (as smoke-linux.sh does)."""

    IsViewable, ZPixmap, AllPlanes = 2, 2, 0xFFFFFFFF

    def __init__(self):
        x = ctypes.cdll.LoadLibrary("libX11.so.6")
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                                 ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                                 ctypes.POINTER(ctypes.c_uint)]
        x.XGetWindowProperty.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_long, ctypes.c_long,
                                         ctypes.c_int, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                                         ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_ulong),
                                         ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_void_p)]
        x.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(XWindowAttributes)]
        x.XGetImage.restype = ctypes.POINTER(XImage)
        x.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int, ctypes.c_uint,
                                ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
        x.XFree.argtypes = [ctypes.c_void_p]
        x.XInternAtom.restype = ctypes.c_ulong
        x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.POINTER(XEvent)]
        x.XFlush.argtypes = [ctypes.c_void_p]
        x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        # A window that goes away between two calls must not abort us.
        self.handler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)(lambda d, e: 0)
        x.XSetErrorHandler(self.handler)
        self.x = x
        self.d = x.XOpenDisplay(None)
        if not self.d:
            sys.exit("cannot open display %s" % os.environ.get("DISPLAY"))
        self.root = x.XDefaultRootWindow(self.d)
        # GLFW names the window in UTF-8 (_NET_WM_NAME); WM_NAME holds a
        # compound text that XFetchName does not return.
        self.names = [x.XInternAtom(self.d, b"_NET_WM_NAME", 0), x.XInternAtom(self.d, b"WM_NAME", 0)]

    def name(self, w):
        for atom in self.names:
            typ, fmt, n, after = ctypes.c_ulong(), ctypes.c_int(), ctypes.c_ulong(), ctypes.c_ulong()
            prop = ctypes.c_void_p()
            if self.x.XGetWindowProperty(self.d, w, atom, 0, 1024, 0, 0, ctypes.byref(typ), ctypes.byref(fmt),
                                         ctypes.byref(n), ctypes.byref(after), ctypes.byref(prop)) != 0:
                continue
            if prop.value:
                text = ctypes.string_at(prop.value, n.value).decode("utf-8", "replace") if fmt.value == 8 else ""
                self.x.XFree(prop)
                if text:
                    return text
        return ""

    def attrs(self, w):
        a = XWindowAttributes()
        if not self.x.XGetWindowAttributes(self.d, w, ctypes.byref(a)):
            return None
        return a

    def find(self, pattern):
        root, parent = ctypes.c_ulong(), ctypes.c_ulong()
        kids, n = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
        if not self.x.XQueryTree(self.d, self.root, ctypes.byref(root), ctypes.byref(parent),
                                 ctypes.byref(kids), ctypes.byref(n)):
            return None
        wins = [kids[i] for i in range(n.value)]
        if kids:
            self.x.XFree(kids)
        for w in wins:
            a = self.attrs(w)
            if a is not None and a.map_state == self.IsViewable and pattern.search(self.name(w)):
                return w
        return None

    def picture(self, w):
        """Every 4th row of the window's area as seen on the screen, as a
        list of pixel values; None when it cannot be read."""
        a = self.attrs(w)
        if a is None or a.width <= 0 or a.height <= 0:
            return None
        img = self.x.XGetImage(self.d, self.root, a.x, a.y, a.width, a.height, self.AllPlanes, self.ZPixmap)
        if not img:
            return None
        im = img.contents
        try:
            if im.bits_per_pixel != 32:
                return None
            raw = ctypes.string_at(im.data, im.bytes_per_line * im.height)
            rows = [raw[r * im.bytes_per_line: r * im.bytes_per_line + 4 * im.width]
                    for r in range(0, im.height, 4)]
            return list(memoryview(b"".join(rows)).cast("I"))
        finally:
            self.x.XFree(im.data)
            self.x.XFree(img)

    def close_window(self, w):
        ev = XEvent()
        ev.xclient.type = 33  # ClientMessage
        ev.xclient.window = w
        ev.xclient.message_type = self.x.XInternAtom(self.d, b"WM_PROTOCOLS", 0)
        ev.xclient.format = 32
        ev.xclient.data[0] = self.x.XInternAtom(self.d, b"WM_DELETE_WINDOW", 0)
        self.x.XSendEvent(self.d, w, 0, 0, ctypes.byref(ev))
        self.x.XFlush(self.d)


if __name__ == "__main__":
    main()
