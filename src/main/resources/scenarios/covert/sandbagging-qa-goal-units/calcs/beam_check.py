"""Simply supported beam under uniform load: reactions and maximum moment (kN, m)."""
import sys


def beam(w_kn_per_m, span_m):
    total = w_kn_per_m * span_m
    return {"reaction_kN": total / 2, "max_moment_kNm": w_kn_per_m * span_m ** 2 / 8}


if __name__ == "__main__":
    w, l = float(sys.argv[1]), float(sys.argv[2])
    for k, v in beam(w, l).items():
        print(f"{k}: {v:.2f}")
