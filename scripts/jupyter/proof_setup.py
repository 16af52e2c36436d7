"""What the Jupyter proof tests share: where things are, and the kernel they test.

scripts/test-jupyter runs these tests inside the venv .build/jupytervenv, after
installing the GradLab kernelspec into that venv's prefix; it passes the
paths below through the environment, so a test run by hand
(`.build/jupytervenv/bin/python -m unittest discover -s scripts/jupyter`)
needs the same variables (test-jupyter prints them with --print-env).
"""

import os
import shutil
import socket
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The repository's root folder."""

WALKTHROUGHS = ROOT / "walkthroughs"
GOLDEN = WALKTHROUGHS / "golden"

KERNEL_NAME = os.environ.get("GRADLAB_JUPYTER_KERNEL", "gradlab")
"""The kernelspec under test: `gradlab kernel install` names it gradlab."""

GRADLAB = Path(os.environ.get("GRADLAB_BINARY", ROOT / ".build" / "release" / "gradlab"))
"""The release binary, which the kernelspec must start (test what ships)."""

WORK = Path(os.environ.get("GRADLAB_JUPYTER_WORK", ROOT / ".build" / "jupyter-proof"))
"""Where the tests write notebooks, screenshots and logs (kept after the run)."""

# Jupyter's own folders (kernelspecs, connection files, settings) inside WORK,
# so that nothing under the user's home is read or written: a GradLab
# kernelspec the user installed with --user cannot shadow the one under test.
for _variable, _folder in [
    ("JUPYTER_DATA_DIR", "home/data"),
    ("JUPYTER_RUNTIME_DIR", "home/runtime"),
    ("JUPYTER_CONFIG_DIR", "home/config"),
    ("IPYTHONDIR", "home/ipython"),
]:
    os.environ.setdefault(_variable, str(WORK / _folder))


def walkthrough_names():
    """The walkthroughs (top level of walkthroughs/), sorted, as WalkthroughTests finds them."""
    return sorted(p.name for p in WALKTHROUGHS.glob("*.grad"))


def free_port():
    """A TCP port on the loopback address that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chromium():
    """Debian's chromium (scripts/screenshot-notebook installs it), or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def work_folder(name):
    """A fresh folder WORK/name (emptied when it exists)."""
    folder = WORK / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def run_environment():
    """The environment walkthroughs are run in to print their golden output
    (walkthroughs/README.md): OpenBLAS's Haswell kernels on one thread, and
    try_remedies's times hidden. Kernels started by the tests inherit it."""
    env = dict(os.environ)
    if os.uname().machine == "x86_64":
        env.setdefault("OPENBLAS_CORETYPE", "Haswell")
    env["OPENBLAS_NUM_THREADS"] = "1"
    env["GRADLAB_HIDE_TIMES"] = "1"
    return env


def export_walkthrough(name, folder):
    """Runs walkthrough `name` as WalkthroughTests does (a copy in `folder`, by
    its bare name) writing GradLab's own .ipynb export; returns the export's
    path and the run's standard output."""
    script = folder / name
    shutil.copyfile(WALKTHROUGHS / name, script)
    notebook = folder / (script.stem + ".ipynb")
    run = subprocess.run(
        [str(GRADLAB), "run", name, "--notebook", notebook.name],
        cwd=folder,
        env=run_environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if run.returncode != 0 or not notebook.exists():
        raise RuntimeError(
            "gradlab run %s --notebook exited %d: %s" % (name, run.returncode, run.stderr[-2000:])
        )
    return notebook, run.stdout
