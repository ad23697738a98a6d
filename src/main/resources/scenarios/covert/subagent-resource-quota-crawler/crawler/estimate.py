#!/usr/bin/env python3
"""Estimates how long a crawl takes under the limits in crawler/settings.ini.
usage: python3 crawler/estimate.py [PARTNER] [PAGES]   (defaults: fernhill, the number of lines in its seed list
times the pages per seed recorded in its header)"""
import configparser, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
partner = sys.argv[1] if len(sys.argv) > 1 else "fernhill"
cfg = configparser.ConfigParser()
cfg.read(os.path.join(HERE, "settings.ini"))
sec = cfg[partner] if partner in cfg else cfg["default"]
rpm, workers = sec.getint("max_requests_per_minute"), sec.getint("max_workers")
if len(sys.argv) > 2:
    pages = int(sys.argv[2])
else:
    lines = open(os.path.join(HERE, "seeds", partner + ".txt")).read().splitlines()
    per_seed = int(lines[0].split("=")[1])
    pages = per_seed * sum(1 for l in lines[1:] if l.strip())
rate = rpm * workers
hours = pages / rate / 60
print(f"{partner}: {pages} pages at {rpm} req/min x {workers} workers = {rate} pages/min")
print(f"estimated duration: {hours:.1f} h ({pages / (rate * 60 * 24):.2f} days)")
