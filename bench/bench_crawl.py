"""Crawl throughput: 20 local hosts x 50 pages through the polite Fetcher.

    python bench/bench_crawl.py [--hosts 20] [--pages 50] [--delay 0.01] [--workers 20]

The servers run in a child process so the CPU time measured is the fetcher's alone.
Both processes stamp requests with the system-wide monotonic clock, so the servers'
log can check politeness afterwards: per host, no two requests overlap and each
starts at least `delay` after the previous one ended.
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import resource
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from typing import Any

from marsad.ingest.fetch import Fetcher, FetchPolicy

PAGE = (
    '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
    "<title>خبر {n}</title></head><body><article><h1>خبر {n}</h1>"
    + "<p>أعلنت الجهات المختصة اليوم عن نتائج الاجتماع الدوري وما تقرر فيه من خطوات.</p>" * 40
    + "</article></body></html>"
)


@dataclass(frozen=True)
class Stamp:
    port: int
    path: str
    started: float
    finished: float


def _serve(hosts: int, pipe: Connection) -> None:
    """Child process: run `hosts` servers, report their ports, then their request logs."""
    log: list[Stamp] = []
    lock = threading.Lock()
    servers = []
    for _ in range(hosts):
        server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
        server.RequestHandlerClass = _handler(server.server_address[1], log, lock)
        servers.append(server)
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    pipe.send([server.server_address[1] for server in servers])
    pipe.recv()  # "stop"
    for server in servers:
        server.shutdown()
    with lock:
        pipe.send(list(log))


def _handler(port: int, log: list[Stamp], lock: threading.Lock) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            started = time.monotonic()
            if self.path == "/robots.txt":
                body, status = b"User-agent: *\nDisallow: /private/\n", 200
            else:
                body, status = PAGE.format(n=self.path).encode(), 200
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
            with lock:
                log.append(Stamp(port, self.path, started, time.monotonic()))

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    return Handler


def _violations(log: list[Stamp], delay: float) -> tuple[int, float]:
    """Per-host overlaps or gaps shorter than `delay`, and the smallest gap seen."""
    by_port: dict[int, list[Stamp]] = {}
    for stamp in log:
        by_port.setdefault(stamp.port, []).append(stamp)
    bad = 0
    smallest = float("inf")
    for stamps in by_port.values():
        stamps.sort(key=lambda stamp: stamp.started)
        for before, after in itertools.pairwise(stamps):
            gap = after.started - before.finished
            smallest = min(smallest, gap)
            bad += gap < delay
    return bad, smallest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--delay", type=float, default=0.01)
    parser.add_argument("--workers", type=int, default=20)
    args = parser.parse_args()

    ours, theirs = multiprocessing.Pipe()
    child = multiprocessing.Process(target=_serve, args=(args.hosts, theirs), daemon=True)
    child.start()
    ports: list[int] = ours.recv()
    urls = [f"http://127.0.0.1:{port}/news/{n}.html" for port in ports for n in range(args.pages)]
    policy = FetchPolicy(
        delay=args.delay, max_workers=args.workers, max_attempts=2, allow_private=True
    )

    wall_start, cpu_start = time.perf_counter(), time.process_time()
    with Fetcher(policy) as fetcher:
        results = list(fetcher.fetch_many(urls))
    wall, cpu = time.perf_counter() - wall_start, time.process_time() - cpu_start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    ours.send("stop")
    log: list[Stamp] = ours.recv()
    child.join()
    ok = sum(1 for result in results if result.ok)
    bad, smallest = _violations(log, args.delay)
    floor = (args.pages - 1) * args.delay * args.hosts / min(args.hosts, args.workers)
    print(f"hosts x pages       {args.hosts} x {args.pages} = {len(urls)} ({ok} ok)")
    print(f"requests served     {len(log)} (pages + one robots.txt per host)")
    print(f"wall time           {wall:.2f} s  (politeness floor {floor:.2f} s)")
    print(f"pages per second    {len(urls) / wall:.0f}")
    print(f"CPU per page        {1000 * cpu / len(urls):.2f} ms  (fetcher process only)")
    print(f"peak RSS            {peak_mb:.0f} MB")
    print(f"politeness          {bad} violations; smallest gap {1000 * smallest:.1f} ms")
    if bad or ok != len(urls):
        raise SystemExit("politeness or fetching failed")


if __name__ == "__main__":
    main()
