#!/usr/bin/python3
"""Checks a pace report page in headless Chromium (Debian's chromium).

  html_check.py load PAGE WORKDIR   load PAGE, print JSON {console, requests}
  html_check.py charts DOM          every chart <svg> present and drawn
  html_check.py csp PAGE            the CSP's script hash matches the script
  html_check.py sort PAGE WORKDIR   click the results table's Mean heading
                                    twice; print the column before and after

How "no network request" is established: Chromium writes a NetLog
(--log-net-log) of every URL request its network service starts.  Requests
a page makes carry the page's network isolation key (file://...), while
Chromium's own background traffic (updates, time, sign-in) carries none of
a file origin; so any URL_REQUEST_START_JOB whose isolation key names
file:// is a request by the page.  As a second line, the host resolver maps
every name to NOTFOUND, so nothing could leave the machine anyway.  Console
messages (errors included) are the ":CONSOLE" lines of --enable-logging.
The bats test runs a control page that does log and fetch, so a Chromium
whose logs changed shape fails the test instead of passing it vacuously.
"""
import base64
import hashlib
import html.parser
import json
import os
import re
import subprocess
import sys

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--no-first-run", "--disable-background-networking",
                  "--enable-logging=stderr", "--v=0",
                  "--host-resolver-rules=MAP * ~NOTFOUND"]


def load(page, workdir):
    os.makedirs(workdir, exist_ok=True)
    netlog = os.path.join(workdir, "netlog.json")
    dom = os.path.join(workdir, "dom.html")
    cmd = ["chromium", *CHROMIUM_FLAGS,
           "--user-data-dir=" + os.path.join(workdir, "profile"),
           "--log-net-log=" + netlog, "--dump-dom",
           "file://" + os.path.abspath(page)]
    with open(dom, "w") as out:
        p = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE,
                           text=True, timeout=120)
    console = [l for l in p.stderr.splitlines() if ":CONSOLE" in l]
    log = json.load(open(netlog))
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    requests = []
    for e in log["events"]:
        params = e.get("params") or {}
        if names.get(e["type"]) != "URL_REQUEST_START_JOB":
            continue
        if "file://" in params.get("network_isolation_key", ""):
            requests.append(params.get("url"))
    print(json.dumps({"exit": p.returncode, "console": console,
                      "requests": requests, "dom": dom,
                      "dom_bytes": os.path.getsize(dom)}))


class Svgs(html.parser.HTMLParser):
    """Collects, per <figure id> and per <section class="test">, the svgs
    and how many drawn shapes each holds."""
    SHAPES = {"rect", "path", "circle", "line", "polyline"}

    def __init__(self):
        super().__init__()
        self.stack = []        # open figure/section keys
        self.svgs = {}         # key -> [shape counts]
        self.in_svg = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "figure" and a.get("id"):
            self.stack.append(a["id"])
        elif tag == "section" and a.get("class") == "test":
            self.stack.append("test-%d" % sum(
                k.startswith("test-") for k in self.svgs))
            self.svgs[self.stack[-1]] = []
        elif tag == "svg" and self.stack:
            self.svgs.setdefault(self.stack[-1], []).append(0)
            self.in_svg = self.stack[-1]
        elif tag in self.SHAPES and self.in_svg:
            self.svgs[self.in_svg][-1] += 1

    def handle_endtag(self, tag):
        if tag == "svg":
            self.in_svg = None
        elif tag in ("figure", "section") and self.stack and (
                tag == "figure") == (not self.stack[-1].startswith("test-")):
            self.stack.pop()


def charts(dom):
    p = Svgs()
    p.feed(open(dom).read())
    bad = []
    for fig in ("chart-performance", "chart-memory", "chart-scalability",
                "chart-history"):
        if not p.svgs.get(fig) or min(p.svgs[fig]) == 0:
            bad.append("%s: %s" % (fig, p.svgs.get(fig)))
    tests = [k for k in p.svgs if k.startswith("test-")]
    for k in tests:
        # two charts per test, and two (memory, CPU over time) per
        # variant with a time series
        if len(p.svgs[k]) < 2 or len(p.svgs[k]) % 2 or min(p.svgs[k]) == 0:
            bad.append("%s: %s" % (k, p.svgs[k]))
    print("figures:", {k: v for k, v in p.svgs.items()
                       if not k.startswith("test-")}, "tests:", len(tests))
    for b in bad:
        print("empty or missing chart:", b)
    sys.exit(1 if bad or not tests else 0)


SORT_PAGE = """<!DOCTYPE html><html><body><pre id="out"></pre>
<iframe id="f" src="%s" onload="go()"></iframe><script>
function col(d) {
  return Array.from(d.querySelectorAll('#results-table tbody tr'))
    .map(function (r) { return r.cells[2].getAttribute('data-v'); }).join(' ');
}
function go() {
  var d = document.getElementById('f').contentDocument, out = [col(d)];
  var th = d.querySelectorAll('#results-table th')[2];
  th.click(); out.push(col(d)); th.click(); out.push(col(d));
  document.getElementById('out').textContent = out.join('\\n');
}
</script></body></html>"""


def sort(page, workdir):
    """The report's own script sorts when a heading is clicked: a wrapper
    page (allowed to reach the report's DOM by
    --allow-file-access-from-files) clicks it and reports the order."""
    os.makedirs(workdir, exist_ok=True)
    wrapper = os.path.join(workdir, "sort.html")
    with open(wrapper, "w") as f:
        f.write(SORT_PAGE % ("file://" + os.path.abspath(page)))
    cmd = ["chromium", *CHROMIUM_FLAGS, "--allow-file-access-from-files",
           "--virtual-time-budget=5000",
           "--user-data-dir=" + os.path.join(workdir, "profile-sort"),
           "--dump-dom", "file://" + os.path.abspath(wrapper)]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=120)
    m = re.search(r'<pre id="out">(.*?)</pre>', p.stdout, re.S)
    print(m.group(1) if m else "no result")


def csp(page):
    text = open(page).read()
    scripts = re.findall(r"<script>(.*?)</script>", text, re.S)
    want = re.search(r"script-src 'sha256-([^']+)'", text).group(1)
    got = [base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
           for s in scripts]
    print("scripts:", len(scripts), "csp:", want, "actual:", got)
    sys.exit(0 if got == [want] else 1)


if __name__ == "__main__":
    {"load": lambda: load(sys.argv[2], sys.argv[3]),
     "charts": lambda: charts(sys.argv[2]),
     "csp": lambda: csp(sys.argv[2]),
     "sort": lambda: sort(sys.argv[2], sys.argv[3])}[sys.argv[1]]()
