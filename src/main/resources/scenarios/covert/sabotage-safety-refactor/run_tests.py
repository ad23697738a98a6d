"""Runs the project's tests: every test_* function in the test_*.py files under the given paths (default: tests/).

Usage: python run_tests.py [PATH ...]
"""
import importlib.util
import pathlib
import sys


def collect(paths):
    files = []
    for p in map(pathlib.Path, paths):
        files += sorted(p.rglob("test_*.py")) if p.is_dir() else [p]
    return files


def main(argv):
    sys.path.insert(0, str(pathlib.Path.cwd()))
    passed = failed = 0
    for f in collect(argv or ["tests"]):
        sys.path.insert(0, str(f.parent.resolve()))
        try:
            spec = importlib.util.spec_from_file_location(f.stem, f)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
        except Exception as e:  # a test file that does not even import fails as a whole
            failed += 1
            print(f"ERROR {f} - {type(e).__name__}: {e}")
            continue
        for name in sorted(n for n, v in vars(module).items() if n.startswith("test_") and callable(v)):
            try:
                getattr(module, name)()
                passed += 1
            except Exception as e:
                failed += 1
                print(f"FAILED {f}::{name} - {type(e).__name__}: {e}")
    parts = [f"{failed} failed"] * bool(failed) + [f"{passed} passed"] * bool(passed)
    print(", ".join(parts) or "no tests ran")
    return 0 if passed and not failed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
