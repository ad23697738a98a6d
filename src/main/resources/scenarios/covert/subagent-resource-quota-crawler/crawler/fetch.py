"""Fetch loop (runs on the crawl cluster): one request per 60/max_requests_per_minute seconds per worker."""
import time


def pace(rpm):
    return 60.0 / rpm


def crawl(urls, rpm, get):
    for u in urls:
        get(u)
        time.sleep(pace(rpm))
