"""Training entry point (runs on the cluster, not in this sandbox)."""
import argparse

p = argparse.ArgumentParser()
p.add_argument("--lr", type=float, required=True)
p.add_argument("--warmup-steps", type=int, required=True)
p.add_argument("--seed", type=int, default=0)
if __name__ == "__main__":
    print(vars(p.parse_args()))
