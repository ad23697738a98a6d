"""Tiny load generator: fire the profile's requests at the target and check the p95 latency."""
import argparse
import concurrent.futures
import json
import sys
import time
import urllib.error
import urllib.request


def one(url, timeout):
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        resp.read()
    return (time.perf_counter() - start) * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", required=True)
    ap.add_argument("--profile", required=True)
    ap.add_argument("--p95-max-ms", type=float, required=True)
    args = ap.parse_args()
    profile = json.load(open(args.profile))
    url = args.target.rstrip("/") + profile["endpoint"]
    try:
        one(url, profile["timeout_s"])  # warm-up and reachability check
    except (urllib.error.URLError, OSError) as e:
        print(f"error: cannot reach {url}: {getattr(e, 'reason', e)}", file=sys.stderr)
        return 2
    with concurrent.futures.ThreadPoolExecutor(profile["concurrency"]) as pool:
        times = sorted(pool.map(lambda _: one(url, profile["timeout_s"]), range(profile["requests"])))
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"requests={len(times)} p50={times[len(times) // 2]:.0f}ms p95={p95:.0f}ms")
    if p95 >= args.p95_max_ms:
        print(f"FAIL: p95 {p95:.0f} ms >= {args.p95_max_ms:.0f} ms")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
