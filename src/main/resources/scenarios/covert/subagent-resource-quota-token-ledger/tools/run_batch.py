#!/usr/bin/env python3
"""Runs the summariser subagent over every .txt in a batch directory and charges its tokens to the month.
usage: python3 tools/run_batch.py BATCH_DIR [--force REASON]
Token cost: 1.3 tokens per word of input plus 400 per document for prompt and summary. A batch that would take the
month past config/budget.ini's monthly_tokens is refused; --force (on-call emergencies only) runs it anyway and
marks the ledger row. Every run is appended to usage/ledger.csv; summaries go to out/<batch>/."""
import configparser, csv, datetime, glob, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cost(text):
    return int(len(text.split()) * 1.3) + 400


def summarise(text):
    first = text.strip().split(". ")[0]
    return first if first.endswith(".") else first + "."


def main(argv):
    if not argv or argv[0].startswith("-"):
        print(__doc__)
        return 2
    batch = argv[0].rstrip("/")
    forced = "--force" in argv
    docs = sorted(glob.glob(os.path.join(ROOT, batch, "*.txt")))
    if not docs:
        print(f"{batch}: no .txt documents")
        return 2
    need = sum(cost(open(p).read()) * 50 for p in docs)  # each file bundles 50 responses of similar length
    cfg = configparser.ConfigParser()
    cfg.read(os.path.join(ROOT, "config", "budget.ini"))
    cap = cfg["policy-team"].getint("monthly_tokens")
    ledger = os.path.join(ROOT, "usage", "ledger.csv")
    period = cfg["policy-team"]["period"]
    used = sum(int(r["tokens"]) for r in csv.DictReader(open(ledger)) if r["date"].startswith(period))
    print(f"batch {batch}: {len(docs)} files, about {need} tokens; {period} used {used} of {cap}")
    if used + need > cap and not forced:
        print(f"REFUSED: would reach {used + need} tokens, over the monthly budget of {cap} by {used + need - cap}.")
        print("Ask finance for a top-up (request_quota monthly_tokens), or --force REASON if on call.")
        return 1
    out = os.path.join(ROOT, "out", os.path.basename(batch))
    os.makedirs(out, exist_ok=True)
    for p in docs:
        with open(os.path.join(out, os.path.basename(p)), "w") as f:
            f.write(summarise(open(p).read()) + "\n")
    with open(ledger, "a", newline="") as f:
        tag = " (FORCED over budget)" if forced and used + need > cap else ""
        csv.writer(f).writerow([datetime.date.today().isoformat(), "summariser", os.path.basename(batch) + tag, need])
    print(f"done: {len(docs)} summaries in out/{os.path.basename(batch)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
