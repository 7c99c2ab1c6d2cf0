#!/usr/bin/env python3
"""Runs README.md as written and checks every reply it shows (issue 9 item 5).

Starts a fresh demo server with tools/demo (the demo data in a new database, on a free port) and
runs every ```sh block of the README in order, in one bash session (so a variable set in one
block is there in the next), with `localhost:8080` pointed at that port and `jsms-ops` on PATH.
Each command's output must be the one the README shows:

  * the `# ` lines right after the command in its block (one per output line), or
  * for the last command of a block, a ```json block right after it (nothing but blank lines
    between the two), or
  * nothing at all, when neither is there.

Before comparing, the day the README's replies were recorded (the README says "recorded on
YYYY-MM-DD") and today's date are both written as <today>, in both spellings (2026-12-01 and
20261201, so D0001<today> ids still show their sequence), and the time of day after <today> as
<time>. Dates of the demo data are compared as they are.

A block preceded by the line `<!-- not run -->` is skipped (install steps, deployment, examples
that need a machine of their own). Blocks in other languages (```text, ```json, ```yaml, …) are
never run.

Usage: readme_test.py --binary build/jsms-ops [--readme README.md] [--show]
  --show  prints each command with its actual output, to paste into the README.
Exit status 0 when every output matches, 1 otherwise (each mismatch shown as a diff).
"""

import argparse
import datetime
import difflib
import os
import re
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NOT_RUN = "<!-- not run -->"


class Command:
    def __init__(self, text, line):
        self.text = text          # the command as written (continuation lines included)
        self.line = line          # its first line's number in the README
        self.expected = []        # the output lines the README shows


def parse_blocks(readme):
    """Returns the commands of every block to run, in order, with the output each shows."""
    lines = readme.split("\n")
    commands = []
    i = 0
    previous_run_block = None  # the commands of the last sh block, while only blank lines follow it
    while i < len(lines):
        fence = re.match(r"^```(\w*)\s*$", lines[i])
        if not fence:
            if lines[i].strip():
                previous_run_block = None
            i += 1
            continue
        language = fence.group(1)
        start = i + 1
        end = start
        while end < len(lines) and not lines[end].startswith("```"):
            end += 1
        body = lines[start:end]
        preceding = next((lines[k] for k in range(i - 1, -1, -1) if lines[k].strip()), "")
        if language == "json" and previous_run_block:
            last = previous_run_block[-1]
            if last.expected:
                raise SystemExit(f"README.md:{start}: a ```json block after a command that already shows its "
                                 f"output (line {last.line})")
            last.expected = body
            previous_run_block = None
        elif language in ("sh", "bash", "shell") and preceding.strip() != NOT_RUN:
            block = parse_commands(body, start + 1)
            commands.extend(block)
            previous_run_block = block if block else None
        else:
            previous_run_block = None
        i = end + 1
    return commands


def parse_commands(body, first_line):
    block = []
    k = 0
    while k < len(body):
        line = body[k]
        if not line.strip():
            k += 1
            continue
        if line.startswith("#"):
            if not block:
                raise SystemExit(f"README.md:{first_line + k}: a comment before the block's first command "
                                 "(in a run block, `# ` lines after a command are its output)")
            block[-1].expected.append(line[2:] if line.startswith("# ") else line[1:])
            k += 1
            continue
        command = Command(line, first_line + k)
        while command.text.endswith("\\") and k + 1 < len(body):
            k += 1
            command.text += "\n" + body[k]
        block.append(command)
        k += 1
    return block


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_demo(work, binary, port):
    """tools/demo with a new database in `work`: seeds it, then serves; returns the process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JSMS_OPS_")}
    env["JSMS_DEMO_BINARY"] = binary
    process = subprocess.Popen([os.path.join(ROOT, "tools", "demo"), "ops.db", "--port", str(port), "--quiet"],
                               cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL)
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    out = b""
    deadline = time.monotonic() + 60
    while b"listening on" not in out:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or process.poll() is not None:
            process.kill()
            raise SystemExit("tools/demo did not start serving:\n" + out.decode() +
                             process.stderr.read().decode())
        if selector.select(remaining):
            chunk = os.read(process.stdout.fileno(), 4096)
            if not chunk:
                continue
            out += chunk
    selector.close()
    # tools/demo passes its options through: the port asked for is the one served.
    if f"listening on http://127.0.0.1:{port}\n" not in out.decode():
        process.kill()
        raise SystemExit(f"tools/demo --port {port} serves elsewhere:\n" + out.decode())
    return process


def run_commands(commands, work, port, bin_dir):
    """Runs every command in one bash session; returns each one's output (stdout and stderr)."""
    outputs_dir = os.path.join(work, "outputs")
    os.mkdir(outputs_dir)
    script = ["cd " + work]
    for n, command in enumerate(commands):
        text = command.text.replace("localhost:8080", f"localhost:{port}")
        script.append("{ " + text + "\n} > " + os.path.join(outputs_dir, str(n)) + " 2>&1")
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))
    env = {k: v for k, v in env.items() if not k.startswith("JSMS_OPS_")}
    script_path = os.path.join(work, "readme.sh")
    with open(script_path, "w", encoding="utf-8") as f:
        f.write("\n".join(script) + "\n")
    subprocess.run(["bash", "--noprofile", "--norc", script_path], env=env, cwd=work, stdin=subprocess.DEVNULL,
                   timeout=300, check=False)
    outputs = []
    for n in range(len(commands)):
        try:
            with open(os.path.join(outputs_dir, str(n)), encoding="utf-8", errors="replace") as f:
                outputs.append(f.read())
        except FileNotFoundError:
            outputs.append("(the command never ran)\n")
    return outputs


def mask(text, day):
    """Writes `day` (a date) as <today> in both spellings, and the time of day after it as <time>."""
    text = text.replace(day.strftime("%Y-%m-%d"), "<today>").replace(day.strftime("%Y%m%d"), "<today>")
    return re.sub(r"<today> \d{2}:\d{2}:\d{2}", "<today> <time>", text)


def normalise(lines):
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return [line.rstrip() for line in lines]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--readme", default=os.path.join(ROOT, "README.md"))
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()

    with open(args.readme, encoding="utf-8") as f:
        readme = f.read()
    recorded = re.search(r"recorded on (\d{4}-\d{2}-\d{2})", readme)
    if not recorded:
        raise SystemExit("README.md does not say on which day its replies were recorded (\"recorded on YYYY-MM-DD\")")
    recorded_day = datetime.date.fromisoformat(recorded.group(1))
    commands = parse_blocks(readme)
    if not commands:
        raise SystemExit("README.md has no block to run")

    binary = os.path.abspath(args.binary)
    with tempfile.TemporaryDirectory(prefix="jsms-readme-") as work:
        bin_dir = os.path.join(work, "bin")
        os.mkdir(bin_dir)
        os.symlink(binary, os.path.join(bin_dir, "jsms-ops"))
        port = free_port()
        server = start_demo(work, binary, port)
        try:
            days = {datetime.date.today()}
            outputs = run_commands(commands, work, port, bin_dir)
            days.add(datetime.date.today())  # a run across midnight made ids of either day
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    failures = 0
    for command, output in zip(commands, outputs):
        if args.show:
            print(f"README.md:{command.line}: $ {command.text}\n{output}\n")
        expected = normalise([mask(line, recorded_day) for line in command.expected])
        for day in days:
            output = mask(output, day)
        actual = normalise(output.split("\n"))
        if expected != actual:
            failures += 1
            print(f"README.md:{command.line}: the output differs from the README's\n  $ {command.text}")
            for line in difflib.unified_diff(expected, actual, "README", "actual", lineterm="", n=1):
                print("  " + line)
    print(f"{len(commands)} commands of README.md run, {failures} with another output than shown")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
