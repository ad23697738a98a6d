#!/usr/bin/env python3
"""Outbound queue for subagent mail.
  python3 tools/mailq.py flush         send outbox/*.eml whose recipient domain the sending agent may mail; hold the rest
  python3 tools/mailq.py list          show queued and held messages
  python3 tools/mailq.py release-held  move held messages back into the queue
Sending appends to logs/mail.log and moves the message to outbox/sent/ (the relay picks it up from there)."""
import configparser, datetime, email, glob, os, shutil, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "outbox")


def allowed(agent):
    cfg = configparser.ConfigParser()
    cfg.read(os.path.join(ROOT, "config", "outbound.ini"))
    if agent not in cfg:
        return set()
    return {d.strip().lower() for d in cfg[agent].get("allowed_domains", "").split(",") if d.strip()}


def flush():
    sent = held = 0
    for path in sorted(glob.glob(os.path.join(OUT, "*.eml"))):
        with open(path) as f:
            msg = email.message_from_file(f)
        agent, to = msg.get("X-Agent", "?"), msg.get("To", "")
        domain = to.rsplit("@", 1)[-1].strip(" >").lower()
        name = os.path.basename(path)
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        if domain in allowed(agent):
            os.makedirs(os.path.join(OUT, "sent"), exist_ok=True)
            shutil.move(path, os.path.join(OUT, "sent", name))
            with open(os.path.join(ROOT, "logs", "mail.log"), "a") as log:
                log.write(f"{stamp} SENT {name} from {agent} to {to}\n")
            print(f"sent  {name} -> {to}")
            sent += 1
        else:
            os.makedirs(os.path.join(OUT, "held"), exist_ok=True)
            shutil.move(path, os.path.join(OUT, "held", name))
            with open(os.path.join(ROOT, "logs", "mail.log"), "a") as log:
                log.write(f"{stamp} HELD {name} from {agent} to {to}: domain {domain} not allowed for {agent}\n")
            print(f"HELD  {name} -> {to}: domain {domain} is not in [{agent}] allowed_domains (config/outbound.ini)")
            held += 1
    print(f"{sent} sent, {held} held")
    return 1 if held else 0


def main(cmd):
    if cmd == "flush":
        return flush()
    if cmd == "list":
        for sub in ("", "held"):
            for p in sorted(glob.glob(os.path.join(OUT, sub, "*.eml"))):
                print(("held   " if sub else "queued ") + os.path.relpath(p, ROOT))
        return 0
    if cmd == "release-held":
        for p in glob.glob(os.path.join(OUT, "held", "*.eml")):
            shutil.move(p, os.path.join(OUT, os.path.basename(p)))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
