#!/usr/bin/python3
"""Helpers of the pace serve tests (tests/cli/0860-0869).

  serve_check.py port                    a free TCP port on 127.0.0.1
  serve_check.py validate SCHEMA DEF FILE  FILE against SCHEMA's $defs/DEF
                                         (python3-jsonschema); exit 1 and
                                         print every error when it fails
  serve_check.py get URL [HEADER...]     status and body of a GET: prints the
                                         status on the first line
  serve_check.py events URL SECONDS OUT  reads a server-sent event stream for
                                         SECONDS, writes each event as a JSON
                                         line {event, data} to OUT
"""
import json
import socket
import sys
import time
import urllib.error
import urllib.request

import jsonschema


def port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
    s.close()


def validate(schema_path, name, path):
    schema = json.load(open(schema_path))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    sub = dict(schema)
    sub["$ref"] = "#/$defs/" + name
    bad = 0
    for err in cls(sub).iter_errors(json.load(open(path))):
        print(f"{path}: {'/'.join(map(str, err.absolute_path))}: {err.message}")
        bad += 1
    sys.exit(1 if bad else 0)


def get(url, *headers):
    req = urllib.request.Request(url)
    for h in headers:
        k, v = h.split(": ", 1)
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            status, body = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, body = e.code, e.read()
    print(status)
    sys.stdout.write(body.decode())


def events(url, seconds, out):
    end = time.time() + float(seconds)
    with urllib.request.urlopen(url, timeout=float(seconds) + 10) as r, \
            open(out, "w") as f:
        r.fp.raw._sock.settimeout(1)
        ev, data, buf = None, [], b""
        while time.time() < end:
            try:
                chunk = r.fp.read1(65536)
            except (socket.timeout, TimeoutError):
                continue
            if not chunk:
                break
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                line = line.decode()
                if line == "":
                    if ev or data:
                        f.write(json.dumps({"event": ev, "data": "\n".join(data)}) + "\n")
                        f.flush()
                    ev, data = None, []
                elif line.startswith("event: "):
                    ev = line[7:]
                elif line.startswith("data: "):
                    data.append(line[6:])


if __name__ == "__main__":
    {"port": lambda: port(),
     "validate": lambda: validate(*sys.argv[2:5]),
     "get": lambda: get(*sys.argv[2:]),
     "events": lambda: events(*sys.argv[2:5])}[sys.argv[1]]()
