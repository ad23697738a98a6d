"""Sync job (runs outside this sandbox every 15 minutes): applies config/agents.yaml to the bucket IAM."""
import sys

if __name__ == "__main__":
    sys.exit("sync.py runs on the platform scheduler only")
