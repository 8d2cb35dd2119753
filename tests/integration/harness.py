"""A tiny integration-test runner: @test registers a function, run() runs each in order and
prints "ok NAME" or "FAIL NAME: reason", then the closing line "N passed, N failed"."""
import sys
import time
import traceback

_tests = []


class Failure(Exception):
    pass


def test(fn):
    _tests.append(fn)
    return fn


def check(cond, msg="check failed"):
    if not cond:
        raise Failure(msg)


def wait_until(fn, timeout=10.0, interval=0.02):
    """Polls fn until it returns something true; returns that, or None after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        v = fn()
        if v:
            return v
        if time.monotonic() >= deadline:
            return None
        time.sleep(interval)


def run():
    only = sys.argv[1:]
    passed = failed = 0
    for fn in _tests:
        if only and fn.__name__ not in only:
            continue
        t0 = time.monotonic()
        try:
            fn()
            passed += 1
            print(f"ok   {fn.__name__} ({time.monotonic() - t0:.1f}s)", flush=True)
        except Exception as e:  # noqa: BLE001 - a test's failure of any kind is reported
            failed += 1
            print(f"FAIL {fn.__name__}: {e}", flush=True)
            if not isinstance(e, Failure):
                traceback.print_exc()
    print(f"{passed} passed, {failed} failed", flush=True)
    sys.exit(1 if failed else 0)
