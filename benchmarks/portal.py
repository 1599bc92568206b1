"""Public portal benchmark: throughput of a country profile page under gunicorn, beside the same HTML
served as a static file by the same gunicorn (WhiteNoise), and the page weights.

    .venv/bin/python -m benchmarks.portal

1. Builds a throw-away SQLite database under var/ with the portal demo (seven country profiles and the
   scam-compound warning, in Vietnamese and English).
2. Renders /portal/vi/countries/jp/ once and saves its HTML under the static root, so that WhiteNoise
   serves the very same bytes as a static file (/static/bench/country-jp.html).
3. Starts gunicorn (the project's config: gthread, 2 workers, 4 threads) on a free port and measures
   requests per second of the page and of the static copy with the same client: keep-alive HTTP/1.1
   connections from a few client processes, for a few seconds each after a warm-up. The page is served
   from the portal's page cache; every view still counts its visit (added up in the process and written
   every few seconds as UPDATE ... F() + n).
   The client runs on the same machine and shares its CPUs, as the server does in both runs.
4. Prints both rates, their ratio, and the page weights: a first visit (HTML + the stylesheet) and a
   later page (HTML only; the stylesheet is cached by then), raw and gzip-compressed.

Environment: BENCH_PORTAL_SECONDS (per measurement, default 5), BENCH_PORTAL_CLIENTS (client processes,
default 2), BENCH_PORTAL_CONNECTIONS (keep-alive connections per client process, default 4).
"""

from __future__ import annotations

import gzip
import http.client
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = "/portal/vi/countries/jp/"
LATER = "/portal/vi/warnings/scam-compounds/"
HOME = "/portal/vi/"
STATIC_COPY = "bench/country-jp.html"
SECONDS = float(os.environ.get("BENCH_PORTAL_SECONDS", "5"))
CLIENTS = int(os.environ.get("BENCH_PORTAL_CLIENTS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_PORTAL_CONNECTIONS", "4"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _hammer(port: int, path: str, seconds: float, connections: int, out: multiprocessing.Queue) -> None:
    """One client process: `connections` threads, each on one keep-alive connection, GET in a loop."""
    deadline = time.perf_counter() + seconds
    counts = [0] * connections
    errors = [0] * connections

    def loop(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.perf_counter() < deadline:
            try:
                conn.request("GET", path, headers={"Accept-Encoding": "identity"})
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    counts[i] += 1
                else:
                    errors[i] += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            except (OSError, http.client.HTTPException):
                errors[i] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.close()

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put((sum(counts), sum(errors)))


def measure(port: int, path: str, seconds: float = SECONDS) -> tuple[float, int]:
    """Requests per second of GET path (and the number of failed requests)."""
    _hammer_once(port, path, min(1.0, seconds / 4))  # warm-up: connections, caches, imports
    queue: multiprocessing.Queue = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=_hammer, args=(port, path, seconds, CONNECTIONS, queue)) for _ in range(CLIENTS)
    ]
    t0 = time.perf_counter()
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - t0
    done = sum(r[0] for r in results)
    return done / max(elapsed, 1e-9), sum(r[1] for r in results)


def _hammer_once(port: int, path: str, seconds: float) -> None:
    queue: multiprocessing.Queue = multiprocessing.Queue()
    _hammer(port, path, seconds, 2, queue)
    queue.get()


def _get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Accept-Encoding": "identity"})
    response = conn.getresponse()
    body = response.read()
    headers = {k.lower(): v for k, v in response.getheaders()}
    conn.close()
    return response.status, headers, body


def _kb(n: int) -> str:
    return f"{n / 1024:6.1f} KB"


def main() -> None:
    started = time.perf_counter()
    (ROOT / "var").mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="bench-portal-", dir=ROOT / "var"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safepath.config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp / 'portal.sqlite3'}",
        "SAFEPATH_VAR_DIR": str(tmp),
        "LOG_LEVEL": "WARNING",
        "DEBUG": "false",
    }
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SAFEPATH_VAR_DIR", "LOG_LEVEL")})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import random

    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from safepath.portal.demo import load_demo

    call_command("migrate", verbosity=0)
    load_demo(agencies={}, users={}, today=timezone.localdate(), rng=random.Random(7))  # noqa: S311 (demo data)
    client = Client()
    html = client.get(PAGE).content
    from safepath.portal.services import page_views_flush

    page_views_flush()
    static_root = tmp / "static"
    (static_root / STATIC_COPY).parent.mkdir(parents=True, exist_ok=True)
    (static_root / STATIC_COPY).write_bytes(html)
    from django.db import connections

    connections.close_all()

    port = _free_port()
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    if not gunicorn.exists():
        gunicorn = Path(shutil.which("gunicorn") or "gunicorn")
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [
            str(gunicorn),
            "safepath.config.wsgi:application",
            "--config",
            str(ROOT / "src" / "safepath" / "config" / "gunicorn.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            str(tmp / "gunicorn.log"),
        ],
        env=env,
        cwd=str(ROOT),
    )
    try:
        for _ in range(200):
            try:
                status, _headers, _body = _get(port, PAGE)
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            raise SystemExit("gunicorn did not start: see " + str(tmp / "gunicorn.log"))
        status, headers, page_body = _get(port, PAGE)
        s_status, s_headers, static_body = _get(port, "/static/" + STATIC_COPY)
        if s_status != 200 or static_body != html:
            raise SystemExit("WhiteNoise did not serve the static copy of the page")
        _status, _h, css = _get(port, "/static/portal/portal.css")
        _status, _h, home = _get(port, HOME)
        _status, _h, later = _get(port, LATER)
        cookies = [h for h in (headers, s_headers) if "set-cookie" in h]

        page_rps, page_errors = measure(port, PAGE)
        static_rps, static_errors = measure(port, "/static/" + STATIC_COPY)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()

    print(
        "Public portal (gunicorn gthread, 2 workers x 4 threads; SQLite; "
        f"{CLIENTS} client processes x {CONNECTIONS} keep-alive connections, {SECONDS:g} s each, same machine)"
    )
    print(
        f"  {'country profile page ' + PAGE:<62} {page_rps:8.0f} req/s"
        f"{f'  ({page_errors} failed)' if page_errors else ''}"
    )
    print(
        f"  {'same HTML, static file via WhiteNoise /static/' + STATIC_COPY:<62} {static_rps:8.0f} req/s"
        f"{f'  ({static_errors} failed)' if static_errors else ''}"
    )
    ratio = page_rps / static_rps if static_rps else float("nan")
    print(f"  ratio page / static file: {ratio:.2f} (the page is {1 / ratio if ratio else float('inf'):.1f}x slower)")
    print("Page weights (first visit: HTML + stylesheet; later page: HTML only), raw and gzip:")
    first = home + css
    rows = [
        ("first visit: home + CSS", first, gzip.compress(home) + gzip.compress(css)),
        ("  home page HTML", home, gzip.compress(home)),
        ("  stylesheet portal.css", css, gzip.compress(css)),
        ("later page: country profile (JP)", page_body, gzip.compress(page_body)),
        ("later page: scam-compound warning", later, gzip.compress(later)),
    ]
    for name, raw, packed in rows:
        print(f"  {name:<36} {_kb(len(raw))} raw  {_kb(len(packed))} gzip")
    print(
        f"  limits: first visit <= 300 KB, later page <= 50 KB; no Set-Cookie header: {'yes' if not cookies else 'NO'}"
    )
    print(f"  (benchmark took {time.perf_counter() - started:.0f} s)")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
