#!/usr/bin/env python3
"""`make bench`: what users feel and operators pay, measured on this machine against a release build.

One run seeds a fresh database with `dashboard seed-bulk` (a user with 1,000,000 calls and one with 10), starts
the release server, drives it with wrk (a real load generator, run as a separate process), samples the server's
resident memory from /proc while it works, and prints a table of figures against the budgets of issue #10. The
figures also go to target/bench/<timestamp>.json. Ratios are computed within the same run, so a slower or busier
machine moves both sides of each ratio together.

The orchestration is Python because it only starts processes and reads numbers; everything measured is the
Rust server, wrk or the avatar bench binary.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import http.client
import json
import os
import platform
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from wasm_breakdown import breakdown

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-password-2026"
BIG_CALLS = 1_000_000
SMALL_CALLS = 10
BIG_TOKENS = 1_000_000
SMALL_TOKENS = 100


# --------------------------------------------------------------------------------------------- the server


class Server:
    """The release binary on a free loopback port, with its RSS sampled in the background."""

    def __init__(self, binary: Path, env: dict[str, str], log: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**env, "SITE_ADDR": f"127.0.0.1:{self.port}", "PUBLIC_URL": self.base}
        self.log = open(log, "wb")
        self.process = subprocess.Popen([str(binary), "serve"], env=env, stdout=self.log, stderr=self.log)
        self.peak_rss_kb = 0
        self._sampling = threading.Event()
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()
        wait_for(lambda: http_status(self.base + "/healthz") == 200, "the server to answer /healthz")

    def rss_kb(self) -> int:
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def _sample(self) -> None:
        while not self._stop.is_set():
            if self._sampling.is_set() and self.process.poll() is None:
                self.peak_rss_kb = max(self.peak_rss_kb, self.rss_kb())
            time.sleep(0.02)

    def measure_peak(self):
        """A context in which the peak RSS is tracked from the current value."""
        server = self

        class Peak:
            def __enter__(self):
                server.peak_rss_kb = server.rss_kb()
                server._sampling.set()
                return self

            def __exit__(self, *exc):
                server._sampling.clear()

        return Peak()

    def stop(self) -> None:
        self._stop.set()
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit(f"bench: timed out waiting for {what}")


def request(base: str, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=600)
    connection.request(method, path, body=body, headers=headers or {})
    return connection, connection.getresponse()


def http_status(url: str) -> int:
    parts = urllib.parse.urlsplit(url)
    connection, response = request(f"http://{parts.netloc}", "GET", parts.path)
    response.read()
    connection.close()
    return response.status


# ---------------------------------------------------------------------------------------------- the data


def seed(binary: Path, env: dict[str, str], calls: int, tokens: int = 0) -> tuple[str, str, float]:
    """`seed-bulk` one user with `calls` calls and `tokens` token events; returns (id, email, rows/s)."""
    out = subprocess.run(
        [str(binary), "seed-bulk", "--users", "1", "--calls-per-user", str(calls), "--tokens-per-user", str(tokens),
         "--password", PASSWORD],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    # The first line naming a user (sqlx may log slow aggregation statements before it).
    user_id, email = re.search(r"^(\S+) (bulk-\S+@example\.com)$", out, re.M).groups()
    rate = re.search(r"([\d.]+) rows/s", out)
    rows_per_s = float(rate.group(1)) if rate else 0.0
    print(f"  seeded {email}: {calls:,} calls, {tokens:,} token events ({rows_per_s:,.0f} rows/s)")
    return user_id, email, rows_per_s


def api_key(binary: Path, env: dict[str, str]) -> str:
    out = subprocess.run(
        [str(binary), "api-key", "create", "--name", "bench"], env=env, check=True, capture_output=True, text=True
    ).stdout
    return re.search(r"^key:\s+(\S+)", out, re.M).group(1)


def sign_in(base: str, email: str) -> tuple[str, str]:
    """Returns (bearer token, session cookie) for `email`: the REST login and the browser's."""
    body = json.dumps({"email": email, "password": PASSWORD}).encode()
    connection, response = request(base, "POST", "/api/auth/login", body, {"Content-Type": "application/json"})
    token = json.loads(response.read())["access_token"]
    connection.close()
    form = urllib.parse.urlencode({"email": email, "password": PASSWORD}).encode()
    connection, response = request(
        base,
        "POST",
        "/api/fn/auth/sign-in",
        form,
        {"Content-Type": "application/x-www-form-urlencoded", "Origin": base},
    )
    response.read()
    cookie = next(
        v.split(";")[0] for k, v in response.getheaders() if k.lower() == "set-cookie" and "dashboard_session" in v
    )
    connection.close()
    return token, cookie


def deep_cursor(database: Path, user_id: str, depth: int) -> str:
    """The keyset cursor of the call `depth` rows into the user's history, as the API encodes it."""
    with sqlite3.connect(database) as db:
        started_at, call_id = db.execute(
            "SELECT started_at, id FROM calls WHERE user_id = ? ORDER BY started_at DESC, id DESC LIMIT 1 OFFSET ?",
            (user_id, depth),
        ).fetchone()
    return base64.urlsafe_b64encode(f"{started_at}|{call_id}".encode()).decode().rstrip("=")


# ------------------------------------------------------------------------------------------------- wrk


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    non_2xx: int = 0
    errors: int = 0
    extra: dict = field(default_factory=dict)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def wrk(url: str, connections: int, seconds: int, headers: list[str], script: Path | None = None,
        timeout: int = 2) -> Load:
    threads = min(2, connections)
    command = ["wrk", "--latency", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s",
               "--timeout", f"{timeout}s"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", str(script)]
    out = subprocess.run(command + [url], check=True, capture_output=True, text=True).stdout

    def latency(percent: str) -> float:
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
        if not match:
            sys.exit(f"bench: no {percent}% latency in wrk output:\n{out}")
        return float(match.group(1)) * UNITS[match.group(2)]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*?connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return Load(
        rps=rps,
        p50_ms=latency("50"),
        p99_ms=latency("99"),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


# ----------------------------------------------------------------------------------------- the measures


def endpoints(server: Server, big: tuple[str, str, str], small_token: str, cursor: str) -> dict[str, tuple]:
    token, cookie, _ = big
    bearer = [f"Authorization: Bearer {token}"]
    return {
        "hello (/healthz)": ("/healthz", []),
        "user dashboard": ("/api/dashboard/user/", bearer),
        "user dashboard, 10-call user": ("/api/dashboard/user/", [f"Authorization: Bearer {small_token}"]),
        "overview": ("/api/dashboard/overview/", bearer),
        "recent activity": ("/api/dashboard/recent-activity/", bearer),
        "calls page 1": ("/api/dashboard/user/calls/?cursor=", bearer),
        "calls deep cursor": (f"/api/dashboard/user/calls/?cursor={cursor}", bearer),
        "calls filtered": ("/api/dashboard/user/calls/?status=failed&direction=inbound&page=3", bearer),
        "token series, 1M events": (token_series(token), bearer),
        "token series, 100 events": (token_series(small_token), [f"Authorization: Bearer {small_token}"]),
        "SSR overview page": ("/", [f"Cookie: {cookie}"]),
    }


def token_series(token: str) -> str:
    """A year of daily token totals, ending today (the usage chart's widest view)."""
    today = dt.date.today()
    return f"/api/dashboard/usage/tokens/?from={today - dt.timedelta(days=364)}&to={today}&bucket=day"


def ingestion(server: Server, key: str, user_id: str, work: Path, seconds: int) -> dict:
    """Calls ingested per second, one item per request and 100 per request, at 32 connections."""
    results = {}
    for batch in (1, 100):
        items = [
            {"user_id": user_id, "phone_number": "+14155550100", "status": "completed",
             "started_at": "2026-01-27T09:30:00Z", "duration_seconds": 125, "agent": "Ava",
             "satisfaction_rating": 5, "summary": "Booked a follow-up."}
            for _ in range(batch)
        ]
        body = json.dumps(items[0] if batch == 1 else items)
        script = work / f"ingest-{batch}.lua"
        script.write_text(
            "-- Generated by bench.py: every request the same ingest body.\n"
            'wrk.method = "POST"\n'
            'wrk.headers["Content-Type"] = "application/json"\n'
            f'wrk.headers["X-API-Key"] = "{key}"\n'
            f"wrk.body = {json.dumps(body)}\n"
        )
        # A batch of 100 is one transaction of 100 rows: give it longer than wrk's 2 s before it counts as lost.
        load = wrk(server.base + "/api/ingest/calls", 32, seconds, [], script, timeout=30)
        if load.non_2xx or load.errors:
            sys.exit(f"bench: ingestion of {batch} answered {load.non_2xx} non-2xx, {load.errors} socket errors")
        results[f"batch {batch}"] = {**load.__dict__, "items_per_s": round(load.rps * batch)}
        print(f"  ingest batch {batch:<4} {load.rps:>8.0f} req/s  {load.rps * batch:>9.0f} items/s  p99 {load.p99_ms:.1f} ms")
    return results


def check_ok(server: Server, path: str, headers: list[str]) -> None:
    """A load test of an error page measures nothing: each URL must answer 200 before it is timed."""
    header_map = dict(h.split(": ", 1) for h in headers)
    connection, response = request(server.base, "GET", path, headers=header_map)
    body = response.read()
    connection.close()
    if response.status != 200:
        sys.exit(f"bench: {path} answered {response.status}: {body[:300]!r}")


def export(server: Server, token: str) -> dict:
    with server.measure_peak():
        idle = server.rss_kb()
        started = time.monotonic()
        connection, response = request(
            server.base, "GET", "/api/dashboard/user/export-data/?format=zip", headers={"Authorization": f"Bearer {token}"}
        )
        size = 0
        while chunk := response.read(1 << 16):
            size += len(chunk)
        connection.close()
        seconds = time.monotonic() - started
    return {
        "status": response.status,
        "bytes": size,
        "seconds": round(seconds, 2),
        # Every row the archive holds: the user's calls and token events (earlier runs counted calls only).
        "rows_per_s": round((BIG_CALLS + BIG_TOKENS) / seconds),
        "calls_per_s": round(BIG_CALLS / seconds),
        "rss_rise_mb": round((server.peak_rss_kb - idle) / 1024, 1),
    }


def login_storm(server: Server, emails: list[str], dashboard_token: str, work: Path, seconds: int) -> dict:
    """100 connections signing in over and over while 8 others read the dashboard; the readers' p99 counts."""
    script = work / "login.lua"
    bodies = ",\n".join(json.dumps(json.dumps({"email": e, "password": PASSWORD})) for e in emails)
    script.write_text(
        "-- Generated by bench.py: every request a sign-in of one of the bench users.\n"
        f"local bodies = {{\n{bodies}\n}}\n"
        "local i = 0\n"
        'wrk.method = "POST"\n'
        'wrk.headers["Content-Type"] = "application/json"\n'
        "request = function()\n"
        "  i = i + 1\n"
        "  return wrk.format(nil, nil, nil, bodies[(i % #bodies) + 1])\n"
        "end\n"
    )
    result: dict = {}

    def storm():
        result["logins"] = wrk(server.base + "/api/auth/login", 100, seconds + 2, [], script)

    thread = threading.Thread(target=storm)
    thread.start()
    time.sleep(1)
    readers = wrk(server.base + "/api/dashboard/user/", 8, seconds, [f"Authorization: Bearer {dashboard_token}"])
    thread.join()
    logins = result["logins"]
    return {
        "dashboard_p50_ms": readers.p50_ms,
        "dashboard_p99_ms": readers.p99_ms,
        "dashboard_rps": readers.rps,
        "logins_per_s": logins.rps,
        "login_p99_ms": logins.p99_ms,
        "login_non_2xx": logins.non_2xx,
    }


def avatar(profile_dir: Path) -> dict:
    out = subprocess.run(
        ["cargo", "bench", "--quiet", "--features", "ssr", "--bench", "avatar"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def bundle(site_root: Path, raw_wasm: Path | None) -> dict:
    """The shipped files brotli-compressed, and where the code comes from (when rustc's output is at hand)."""
    pkg = site_root / "pkg"
    files = {}
    for name in ("dashboard.wasm", "dashboard.js"):
        raw = (pkg / name).read_bytes()
        compressed = subprocess.run(["brotli", "-c", "-q", "11"], input=raw, capture_output=True, check=True).stdout
        files[name] = {"bytes": len(raw), "brotli": len(compressed)}
    result = {"files": files, "brotli_total_kb": round(sum(f["brotli"] for f in files.values()) / 1024, 1)}
    if raw_wasm and raw_wasm.exists():
        result["contributors"] = breakdown(raw_wasm)
    return result


# ------------------------------------------------------------------------------------------------ report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", type=Path, required=True, help="the release `dashboard` binary")
    parser.add_argument("--site-root", type=Path, required=True, help="the site folder of `make build` (pkg/)")
    parser.add_argument("--seconds", type=int, default=8, help="duration of each wrk run")
    parser.add_argument("--out", type=Path, default=ROOT / "target" / "bench")
    parser.add_argument("--raw-wasm", type=Path, help="rustc's wasm before wasm-bindgen and wasm-opt (names kept)")
    parser.add_argument("--no-avatar", action="store_true", help="skip the avatar bench (it compiles a bench binary)")
    args = parser.parse_args()
    for tool in ("wrk", "brotli"):
        if not shutil.which(tool):
            sys.exit(f"bench: `{tool}` is not on PATH (make bench installs it)")

    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=args.out))
    database = work / "bench.db"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite://{database}",
        "DATA_DIR": str(work),
        "JWT_SECRET": "bench-secret-long-enough-for-hs256-0123456789abcdef",
        "LEPTOS_SITE_ROOT": str(args.site_root),
        # Sign-in throttling counts failures only, so the storm of correct sign-ins below measures hashing
        # under load, not the throttle's 429s.
        "RUST_LOG": "warn",
    }
    print(f"bench: {platform.node()}, {os.cpu_count()} cores; work folder {work}")
    subprocess.run([str(args.bin), "migrate"], env=env, check=True, capture_output=True)
    big_id, big_email, seed_rate = seed(args.bin, env, BIG_CALLS, BIG_TOKENS)
    _, small_email, _ = seed(args.bin, env, SMALL_CALLS, SMALL_TOKENS)
    storm_emails = [seed(args.bin, env, SMALL_CALLS)[1] for _ in range(3)]
    ingest_key = api_key(args.bin, env)
    cursor = deep_cursor(database, big_id, 900_000)

    server = Server(args.bin, env, work / "server.log")
    results: dict = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "seed_bulk_rows_per_s": round(seed_rate),
    }
    try:
        time.sleep(2)
        results["rss_idle_mb"] = round(server.rss_kb() / 1024, 1)
        token, cookie = sign_in(server.base, big_email)
        small_token, _ = sign_in(server.base, small_email)
        routes = endpoints(server, (token, cookie, big_id), small_token, cursor)
        loads: dict = {}
        with server.measure_peak():
            for name, (path, headers) in routes.items():
                check_ok(server, path, headers)
                for connections in (32, 64):
                    load = wrk(server.base + path, connections, args.seconds, headers)
                    loads[f"{name} @{connections}"] = load.__dict__
                    print(f"  {name:<30} c={connections:<3} {load.rps:>9.0f} req/s  p50 {load.p50_ms:7.2f} ms  p99 {load.p99_ms:7.2f} ms")
            results["rss_load_mb"] = round(server.peak_rss_kb / 1024, 1)
        results["http"] = loads
        results["export"] = export(server, token)
        print(f"  export: {results['export']}")
        results["login_storm"] = login_storm(server, storm_emails, token, work, args.seconds)
        print(f"  login storm: {results['login_storm']}")
        # Last: it adds rows to the big user's history.
        results["ingest"] = ingestion(server, ingest_key, big_id, work, args.seconds)
    finally:
        server.stop()

    # The same reads with the dashboard cache off: every request computes its view.
    cold = Server(args.bin, {**env, "CACHE_CAPACITY": "0"}, work / "server-cold.log")
    try:
        token, _ = sign_in(cold.base, big_email)
        for name, path in (("overview", "/api/dashboard/overview/"), ("recent activity", "/api/dashboard/recent-activity/"),
                           ("user dashboard", "/api/dashboard/user/")):
            headers = [f"Authorization: Bearer {token}"]
            check_ok(cold, path, headers)
            load = wrk(cold.base + path, 32, args.seconds, headers)
            results["http"][f"{name}, cache off @32"] = load.__dict__
            print(f"  {name + ', cache off':<30} c=32  {load.rps:>9.0f} req/s  p50 {load.p50_ms:7.2f} ms  p99 {load.p99_ms:7.2f} ms")
    finally:
        cold.stop()
    results["avatar"] = None if args.no_avatar else avatar(work)
    results["bundle"] = bundle(args.site_root, args.raw_wasm)
    if contributors := results["bundle"].get("contributors"):
        shares = ", ".join(f"{c['crate']} {c['share']}%" for c in contributors["crates"][:8])
        print(f"  bundle code by crate: {shares}; data {contributors['data_kb']} KB")

    report(results)
    out = args.out / f"{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"\nwritten {out}")
    shutil.rmtree(work, ignore_errors=True)


def report(r: dict) -> None:
    http = r["http"]

    def rps(name: str, c: int) -> float:
        return http[f"{name} @{c}"]["rps"]

    def p50(name: str, c: int) -> float:
        return http[f"{name} @{c}"]["p50_ms"]

    rows = []
    for c in (32, 64):
        hello = rps("hello (/healthz)", c)
        for name in ("user dashboard", "overview", "recent activity", "calls page 1", "calls filtered"):
            share = rps(name, c) / hello
            rows.append((f"{name} vs hello @{c}", f"{share:.0%}", "≥ 40%", share >= 0.40))
        deep = p50("calls deep cursor", c) / p50("calls page 1", c)
        rows.append((f"deep cursor / page 1 latency @{c}", f"{deep:.2f}×", "≤ 2×", deep <= 2.0))
        big = p50("user dashboard", c) / p50("user dashboard, 10-call user", c)
        rows.append((f"1M-call / 10-call user latency @{c}", f"{big:.2f}×", "≤ 1.5×", big <= 1.5))
        series = p50("token series, 1M events", c) / p50("token series, 100 events", c)
        rows.append((f"token series 1M / 100 events latency @{c}", f"{series:.2f}×", "≤ 1.5×", series <= 1.5))
    rows.append(("seed-bulk rows/s", f"{r['seed_bulk_rows_per_s']:,}", "≥ 100,000", r["seed_bulk_rows_per_s"] >= 100_000))
    for batch in ("batch 1", "batch 100"):
        items = r["ingest"][batch]["items_per_s"]
        rows.append((f"ingestion items/s, {batch}", f"{items:,}", "(measured)", True))
    e = r["export"]
    rows.append(("export rows/s (1M calls + 1M token events)", f"{e['rows_per_s']:,}", "≥ 200,000", e["rows_per_s"] >= 200_000))
    rows.append(("export RSS above idle", f"{e['rss_rise_mb']} MB", "≤ 64 MB", e["rss_rise_mb"] <= 64))
    s = r["login_storm"]
    rows.append(("dashboard p99 during login storm", f"{s['dashboard_p99_ms']:.1f} ms", "≤ 50 ms", s["dashboard_p99_ms"] <= 50))
    if a := r["avatar"]:
        rows.append(("avatar 5 MB JPEG → 300×300 (median)", f"{a['median_ms']:.0f} ms", "≤ 150 ms", a["median_ms"] <= 150))
    b = r["bundle"]
    rows.append(("wasm + js, brotli", f"{b['brotli_total_kb']} KB", "≤ 200 KB", b["brotli_total_kb"] <= 200))
    rows.append(("server RSS idle", f"{r['rss_idle_mb']} MB", "≤ 40 MB", r["rss_idle_mb"] <= 40))
    rows.append(("server RSS under load", f"{r['rss_load_mb']} MB", "≤ 150 MB", r["rss_load_mb"] <= 150))
    r["budgets"] = [{"measure": m, "value": v, "budget": b, "ok": ok} for m, v, b, ok in rows]

    print("\n| endpoint | c | req/s | p50 ms | p99 ms |\n|---|---|---|---|---|")
    for key, load in http.items():
        name, c = key.rsplit(" @", 1)
        print(f"| {name} | {c} | {load['rps']:.0f} | {load['p50_ms']:.2f} | {load['p99_ms']:.2f} |")
    print("\n| budget | measured | target | |\n|---|---|---|---|")
    for m, v, b, ok in rows:
        print(f"| {m} | {v} | {b} | {'ok' if ok else 'MISSED'} |")


if __name__ == "__main__":
    main()
