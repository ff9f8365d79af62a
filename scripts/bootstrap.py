#!/usr/bin/env python3
"""Prepare a working copy: the virtual environment, the Python package, the npm
packages and the built front-end assets.

Idempotent and quick when nothing changed: each step leaves a stamp under `.venv/`
named after a hash of what it depends on (pyproject.toml and the extras; package.json
and package-lock.json; the front-end sources), and is skipped while its stamp exists.

Standard library only, so it runs with whatever `python3` the machine has.

    python3 scripts/bootstrap.py                 # runtime packages + assets
    python3 scripts/bootstrap.py --extras test   # + test tools
    python3 scripts/bootstrap.py --no-assets     # Python only
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
FRONTEND = ROOT / "frontend"
# Where `npm run build` writes (kancelaria/static/dist, ignored by git).
ASSETS_OUT = ROOT / "kancelaria" / "static" / "dist"


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def fail(message: str) -> None:
    print(f"\n*** {message}\n", file=sys.stderr, flush=True)
    sys.exit(2)


def run(cmd: list[str], quiet: bool = False) -> None:
    """Run a command; with `quiet`, its output is shown only when it fails."""
    print("    $ " + " ".join(str(c) for c in cmd), flush=True)
    result = subprocess.run([str(c) for c in cmd], cwd=ROOT, capture_output=quiet, text=True)
    if result.returncode != 0:
        if quiet:
            sys.stdout.write(result.stdout or "")
            sys.stderr.write(result.stderr or "")
        fail(f"command failed with exit code {result.returncode}: {' '.join(str(c) for c in cmd)}")


def digest(*paths: Path, extra: str = "") -> str:
    h = hashlib.sha256(extra.encode())
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            files = [path]
        else:
            files = []
        for file in files:
            h.update(str(file.relative_to(ROOT)).encode())
            h.update(file.read_bytes())
    return h.hexdigest()[:16]


def stamp_check(name: str, key: str) -> Path | None:
    """Return the stamp path to write after the step, or None when the step is done."""
    stamp = VENV / f".stamp-{name}-{key}"
    if stamp.exists():
        return None
    for old in VENV.glob(f".stamp-{name}-*"):
        old.unlink()
    return stamp


def python_find() -> str:
    """python3.11 or newer: `python3.11`, then `python3` when it is new enough."""
    candidates = [os.environ.get("PYTHON", ""), "python3.11", "python3.12", "python3.13", "python3"]
    for name in candidates:
        if not name:
            continue
        path = shutil.which(name)
        if not path:
            continue
        probe = subprocess.run([path, "-c", "import sys; print(sys.version_info >= (3, 11))"],
                               capture_output=True, text=True)
        if probe.returncode == 0 and probe.stdout.strip() == "True":
            return path
    fail("Python 3.11 or newer is needed (python3.11 or python3 on PATH). "
         "On Debian/Ubuntu: apt-get install python3 python3-venv")
    raise AssertionError  # unreachable


def venv_ensure() -> None:
    if VENV_PYTHON.exists():
        probe = subprocess.run([str(VENV_PYTHON), "-c", "import sys, pip; print(sys.version_info >= (3, 11))"],
                               capture_output=True, text=True)
        if probe.returncode == 0 and probe.stdout.strip() == "True":
            return
        say(f"{VENV} is broken or too old: making it again")
        shutil.rmtree(VENV)
    python = python_find()
    say(f"creating {VENV} with {python}")
    run([python, "-m", "venv", VENV])
    run([VENV_PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], quiet=True)


def python_packages(extras: list[str]) -> None:
    extras = sorted(set(extras))
    # A stamp for a wider set of extras covers a narrower one.
    key = digest(ROOT / "pyproject.toml")
    wanted = set(extras)
    for stamp in VENV.glob(f".stamp-python-{key}-*"):
        have = set(filter(None, stamp.name.split("-", 3)[3].split("+")))
        if wanted <= have:
            return
    for old in VENV.glob(".stamp-python-*"):
        old.unlink()
    target = f".[{','.join(extras)}]" if extras else "."
    say(f"installing kancelaria {target} into {VENV}")
    run([VENV_PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target], quiet=True)
    (VENV / f".stamp-python-{key}-{'+'.join(extras)}").touch()


def npm_packages() -> None:
    lock = ROOT / "package-lock.json"
    key = digest(ROOT / "package.json", lock)
    stamp = stamp_check("npm", key)
    if stamp is None and (ROOT / "node_modules").is_dir():
        return
    if stamp is None:
        stamp = VENV / f".stamp-npm-{key}"
    if not shutil.which("npm"):
        fail("npm is needed to build the front-end (Node.js 18+ with npm). "
             "On Debian/Ubuntu: apt-get install nodejs npm")
    if lock.exists():
        say("installing npm packages (npm ci)")
        run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"])
    else:
        say("installing npm packages (npm install: there is no package-lock.json)")
        run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"])
    stamp.touch()


def assets_build() -> None:
    script = FRONTEND / "build.mjs"
    if not script.exists():
        print("\n" + "!" * 78 + f"\n!! front-end NOT built: {script.relative_to(ROOT)} does not exist\n"
              + "!" * 78 + "\n", flush=True)
        return
    key = digest(ROOT / "package.json", ROOT / "package-lock.json", FRONTEND)
    stamp = stamp_check("assets", key)
    if stamp is None and ASSETS_OUT.is_dir() and any(ASSETS_OUT.iterdir()):
        return
    if stamp is None:
        stamp = VENV / f".stamp-assets-{key}"
    say("building front-end assets (npm run build)")
    run(["npm", "run", "--silent", "build"])
    stamp.touch()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--extras", default="", help="comma-separated extras of the package, e.g. test")
    parser.add_argument("--no-assets", action="store_true", help="skip npm and the front-end build")
    args = parser.parse_args()
    venv_ensure()
    python_packages([e.strip() for e in args.extras.split(",") if e.strip()])
    if not args.no_assets:
        npm_packages()
        assets_build()


if __name__ == "__main__":
    main()
