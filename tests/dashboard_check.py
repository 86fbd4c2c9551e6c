#!/usr/bin/python3
"""Drives pace serve's dashboard in headless Chromium (Debian's chromium)
over the DevTools protocol on a pipe (--remote-debugging-pipe: fds 3 and 4,
NUL-terminated JSON), so no WebSocket library is needed.

  dashboard_check.py live URL WORKDIR -- CMD...

Opens URL, waits until the page's event stream is open ("live" in
#state), then runs CMD (a `pace run`: the run starts after the page was
opened), takes the run id from its "Run ID stored" line, and waits up to
60 s for the page to show that run, complete, with its results, without
any reload.  Prints JSON: {runId, shown, reloads, console, exceptions,
requests, dom} where requests is every URL the page asked for (the
Network domain's requestWillBeSent) and console every console message and
log entry.  dom is WORKDIR/dom.html (the DOM at the end).

  dashboard_check.py control WORKDIR

A control page that logs to the console and requests an outside URL: its
message and request must be reported, or the checks above would pass
vacuously with a Chromium whose protocol changed.
"""
import fcntl
import json
import os
import re
import subprocess
import sys
import time

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--remote-debugging-pipe",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


class Cdp:
    def __init__(self, workdir):
        r_in, w_in = os.pipe()    # we write, chromium reads on fd 3
        r_out, w_out = os.pipe()  # chromium writes on fd 4, we read
        # Moved above 4 first, so that dup2 in the child never maps an fd
        # onto itself (which would keep its close-on-exec flag).
        hi_r = fcntl.fcntl(r_in, fcntl.F_DUPFD_CLOEXEC, 10)
        hi_w = fcntl.fcntl(w_out, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(r_in)
        os.close(w_out)
        r_in, w_out = hi_r, hi_w
        def child_fds():
            os.dup2(r_in, 3)
            os.dup2(w_out, 4)
        self.proc = subprocess.Popen(
            ["chromium", *FLAGS, "--user-data-dir=" + os.path.join(workdir, "profile"),
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(workdir, "chromium.log"), "w"),
            preexec_fn=child_fds, close_fds=False)
        os.close(r_in)
        os.close(w_out)
        self.w, self.r = w_in, r_out
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def send(self, method, params=None, session=True):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.w, json.dumps(msg).encode() + b"\0")
        want = self.next_id
        deadline = time.time() + 60
        while time.time() < deadline:
            m = self.read()
            if m.get("id") == want:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
        raise RuntimeError(method + ": no answer")

    def read(self):
        while b"\0" not in self.buf:
            chunk = os.read(self.r, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        m = json.loads(raw)
        if "method" in m:
            self.events.append(m)
        return m

    def open(self, url):
        t = self.send("Target.createTarget", {"url": "about:blank"}, False)
        a = self.send("Target.attachToTarget",
                      {"targetId": t["targetId"], "flatten": True}, False)
        self.session = a["sessionId"]
        for d in ("Network", "Runtime", "Log", "Page"):
            self.send(d + ".enable")
        self.send("Page.navigate", {"url": url})

    def eval(self, expr):
        r = self.send("Runtime.evaluate", {"expression": expr, "returnByValue": True})
        return r.get("result", {}).get("value")

    def close(self):
        try:
            self.send("Browser.close", session=False)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def report(self):
        console, exceptions, requests, loads = [], [], [], 0
        for e in self.events:
            p = e.get("params", {})
            m = e["method"]
            if m == "Runtime.consoleAPICalled":
                console.append(" ".join(str(a.get("value", a.get("description")))
                                        for a in p.get("args", [])))
            elif m == "Log.entryAdded":
                console.append(p["entry"].get("text"))
            elif m == "Runtime.exceptionThrown":
                exceptions.append(p["exceptionDetails"].get("text"))
            elif m == "Network.requestWillBeSent":
                requests.append(p["request"]["url"])
            elif m == "Page.loadEventFired":
                loads += 1
        return {"console": console, "exceptions": exceptions,
                "requests": requests, "loads": loads}


def wait_until(cdp, expr, seconds):
    end = time.time() + seconds
    while time.time() < end:
        if cdp.eval(expr):
            return True
        time.sleep(0.25)
    return False


SHOWN = """(function (id) {
  var live = document.getElementById('live-run').textContent === id &&
    document.getElementById('live-status').textContent === 'complete';
  var rows = Array.from(document.querySelectorAll('#live-table tbody tr'))
    .map(function (r) { return r.cells[1].textContent + '/' + r.cells[2].textContent
      + '/' + r.cells[3].textContent; });
  var runs = Array.from(document.querySelectorAll('#runs-table tbody tr'))
    .some(function (r) { return r.cells[0].textContent === id; });
  return live && runs && rows.length ? rows.join(' ') : '';
})(%s)"""


def live(url, workdir, cmd):
    os.makedirs(workdir, exist_ok=True)
    cdp = Cdp(workdir)
    out = {}
    try:
        cdp.open(url)
        if not wait_until(cdp, "document.getElementById('state') && "
                          "document.getElementById('state').textContent.indexOf('live') === 0", 60):
            raise RuntimeError("the page's event stream never opened: state %r, url %r" % (cdp.eval("document.getElementById('state') && document.getElementById('state').textContent"), cdp.eval("location.href")))
        before = cdp.eval("document.getElementById('live-run').textContent")
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        m = re.search(r"^Run (\S+) stored in ", p.stdout, re.M)
        if not m:
            raise RuntimeError("no run id in the command's output: " + p.stdout[-2000:])
        run_id = m.group(1)
        ok = wait_until(cdp, SHOWN % json.dumps(run_id), 60)
        out = {"runId": run_id, "before": before, "cmdExit": p.returncode,
               "shown": cdp.eval(SHOWN % json.dumps(run_id)) if ok else ""}
        dom = os.path.join(workdir, "dom.html")
        with open(dom, "w") as f:
            f.write(cdp.eval("document.documentElement.outerHTML") or "")
        out["dom"] = dom
    finally:
        cdp.close()
    out.update(cdp.report())
    print(json.dumps(out))


CONTROL = ("data:text/html,<script>console.error('control-error');"
           "fetch('http://pace-control.invalid/x').catch(function(){})</script>")


def control(workdir):
    os.makedirs(workdir, exist_ok=True)
    cdp = Cdp(workdir)
    try:
        cdp.open(CONTROL)
        wait_until(cdp, "document.readyState === 'complete'", 30)
        time.sleep(1)
    finally:
        cdp.close()
    print(json.dumps(cdp.report()))


if __name__ == "__main__":
    if sys.argv[1] == "live":
        assert sys.argv[4] == "--"
        live(sys.argv[2], sys.argv[3], sys.argv[5:])
    else:
        control(sys.argv[2])
