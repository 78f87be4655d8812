"""Runs a private single-node Ray head bound to loopback for the end-to-end tests.

    python3 ray_head.py --ray BIN/ray --temp-dir DIR [--num-cpus N] [--env K=V ...]

Prints ``ready http://127.0.0.1:<dashboard port>`` on stdout once the Jobs API accepts and runs
a job (the dashboard answers before its job agent has registered, and a submission made in
that window is refused with "No available agent"), then
waits until stdin reaches end of file (the test process exited or closed it) or SIGTERM
arrives, and then stops every process it started: the head and all of its descendants, found
through /proc. It is the child subreaper of that tree, so a descendant whose parent died is
still found. It never runs ``ray stop``, which stops every Ray process on the machine by name.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import signal
import socket
import subprocess
import sys
import json
import time
import urllib.error
import urllib.request

PR_SET_CHILD_SUBREAPER = 36


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces.
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def descendants(pid: int) -> list[int]:
    result, queue = [], [pid]
    while queue:
        for child in children_of(queue.pop()):
            result.append(child)
            queue.append(child)
    return result


def stop_tree(grace: float) -> None:
    me = os.getpid()
    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = descendants(me)
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + (grace if sig == signal.SIGTERM else 10)
        while time.monotonic() < deadline:
            # Reap whatever exited: as subreaper the orphans are ours to wait for.
            try:
                while os.waitpid(-1, os.WNOHANG)[0] > 0:
                    pass
            except ChildProcessError:
                pass
            if not descendants(me):
                return
            time.sleep(0.05)



def wait_for_job_agent(url: str, head: subprocess.Popen, deadline: float) -> bool:
    """Submits a job that does nothing until Ray accepts it, then waits for it to end.

    Ray answers ``/api/version`` before the head node's job agent is registered; a job
    submitted then is refused (HTTP 500, "No available agent to submit job"). Once one
    job has run, later submissions find the agent.
    """
    probe = f"readiness-probe-{os.getpid()}"
    body = json.dumps({"entrypoint": "true", "submission_id": probe}).encode()
    while True:
        if head.poll() is not None:
            print(f"failed ray start exited with {head.returncode}", flush=True)
            return False
        request = urllib.request.Request(
            url + "/api/jobs/", data=body, method="POST", headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                if response.status == 200:
                    break
        except urllib.error.HTTPError as error:
            if error.code != 500:
                print(f"failed the readiness job was refused with HTTP {error.code}", flush=True)
                return False
        except OSError:
            pass
        if time.monotonic() > deadline:
            print("failed no job agent registered within 120 s", flush=True)
            return False
        time.sleep(0.3)
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/api/jobs/{probe}", timeout=10) as response:
                status = json.load(response).get("status")
                if status in ("SUCCEEDED", "FAILED", "STOPPED"):
                    return True
        except OSError:
            pass
        time.sleep(0.3)
    print("failed the readiness job did not finish within 120 s", flush=True)
    return False

def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ray", required=True, help="the ray executable of the venv")
    parser.add_argument("--temp-dir", required=True)
    parser.add_argument("--num-cpus", default="2")
    parser.add_argument("--env", action="append", default=[], help="K=V for the head's environment")
    args = parser.parse_args()

    # A test runner may start this with SIGTERM and SIGINT blocked, and the mask is
    # inherited: Ray stops jobs and its own processes with SIGTERM.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)

    dashboard = free_port()
    env = dict(os.environ)
    env.update(
        # Bind every listener to 127.0.0.1 (--node-ip-address alone is rewritten to the
        # host's routable address on Linux).
        RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER="0",
        RAY_USAGE_STATS_ENABLED="0",
        # Jobs install pip requirements from bundled wheels only: no traffic off loopback.
        PIP_NO_INDEX="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    env.pop("RAY_ADDRESS", None)
    # Jobs run `python` from PATH: the venv's, which has Ray, as on a real cluster.
    env["PATH"] = os.path.dirname(os.path.abspath(args.ray)) + os.pathsep + env.get("PATH", "")
    for item in args.env:
        key, _, value = item.partition("=")
        env[key] = value
    command = [
        args.ray, "start", "--head", "--block", "--disable-usage-stats",
        "--node-ip-address=127.0.0.1", "--dashboard-host=127.0.0.1",
        f"--port={free_port()}", f"--dashboard-port={dashboard}",
        f"--ray-client-server-port={free_port()}", f"--dashboard-agent-listen-port={free_port()}",
        f"--dashboard-agent-grpc-port={free_port()}", f"--metrics-export-port={free_port()}",
        f"--runtime-env-agent-port={free_port()}", f"--num-cpus={args.num_cpus}", "--num-gpus=0",
        "--object-store-memory=100000000", f"--temp-dir={args.temp_dir}", "--include-dashboard=true",
    ]
    log = open(os.path.join(os.path.dirname(args.temp_dir.rstrip("/")) or ".", "ray-start.log"), "ab")
    head = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log, cwd=args.temp_dir)

    stopping = False

    def on_term(signum, frame):
        nonlocal stopping
        stopping = True
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, on_term)
    url = f"http://127.0.0.1:{dashboard}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if head.poll() is not None:
                print(f"failed ray start exited with {head.returncode}", flush=True)
                return 1
            try:
                with urllib.request.urlopen(url + "/api/version", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                print("failed the Jobs API did not answer within 120 s", flush=True)
                return 1
            time.sleep(0.2)
        if not wait_for_job_agent(url, head, deadline):
            return 1
        print(f"ready {url}", flush=True)
        while sys.stdin.buffer.read(4096):
            pass
    except SystemExit:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop_tree(grace=3)
    return 0


if __name__ == "__main__":
    sys.exit(main())
