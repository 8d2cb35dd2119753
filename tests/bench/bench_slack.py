"""The Socket Mode path's figures for `make bench`: 1,000 `/log` commands sent through the fake
Slack one after another (each waits for its ack), acknowledgement latency p50/p99 as the fake
measures it (frame sent -> ack read), and funnelbot's private memory (RssAnon) and peak RSS
(VmHWM) from /proc. Goals (issue 4): p50 <= 0.4 ms, p99 <= 1 ms, RssAnon <= 6 MB."""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from fakeslack import FakeSlack  # noqa: E402

BIN = os.path.abspath(os.environ.get("FUNNELBOT", "./funnelbot"))
N = int(os.environ.get("BENCH_COMMANDS", "1000"))


def status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("RssAnon", "VmHWM", "VmRSS", "RssFile"):
                out[k] = int(v.split()[0])
    return out


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main():
    d = tempfile.mkdtemp(prefix="funnelbot-bench-")
    cfg = os.path.join(d, "funnelbot.ini")
    with open(cfg, "w") as f:
        f.write("[store]\npath = bench.db\n[bot]\nlog_level = warn\n")
    os.chmod(cfg, 0o600)
    with FakeSlack() as fake:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
        env.update(SLACK_API_URL=fake.api_url, SLACK_APP_TOKEN=fake.app_token,
                   SLACK_BOT_TOKEN=fake.bot_token)
        p = subprocess.Popen([BIN, "-c", cfg], env=env, cwd=d, stdin=subprocess.DEVNULL)
        try:
            if not fake.wait_for_connections(1, 10):
                sys.exit("bench_slack: funnelbot did not connect")
            fake.wait_for_call("users.list", timeout=5)
            time.sleep(0.2)
            before = status(p.pid)
            lat = []
            t0 = time.monotonic()
            for i in range(N):
                eid = fake.send_envelope(fake.slash_command(f"call Acme{i % 50} n{i}",
                                                            command="/log", user_id=f"U{i % 10}"))
                a = fake.wait_for_ack(eid, 5)
                if a is None or "Logged" not in (a.get("payload") or {}).get("text", ""):
                    sys.exit(f"bench_slack: command {i} not answered: {a}")
                lat.append(a["latency"] * 1000)
            took = time.monotonic() - t0
            after = status(p.pid)
        finally:
            p.send_signal(signal.SIGTERM)
            rc = p.wait(15)
            shutil.rmtree(d, ignore_errors=True)
    print(f"socket mode: {N} /log commands one after another in {took:.2f} s "
          f"({N / took:.0f}/s end to end)")
    print(f"  ack latency at the fake: p50 {pct(lat, 50):.3f} ms, p99 {pct(lat, 99):.3f} ms, "
          f"max {max(lat):.3f} ms   (goals: p50 <= 0.4 ms, p99 <= 1 ms)")
    print(f"  funnelbot private memory (RssAnon): {before['RssAnon'] / 1024:.1f} MB after "
          f"connecting, {after['RssAnon'] / 1024:.1f} MB after the commands   (goal <= 6 MB)")
    print(f"  peak RSS (VmHWM): {after['VmHWM'] / 1024:.1f} MB; RSS now "
          f"{after['VmRSS'] / 1024:.1f} MB, of it shared libraries and files "
          f"{after['RssFile'] / 1024:.1f} MB; exit {rc}")


if __name__ == "__main__":
    main()
