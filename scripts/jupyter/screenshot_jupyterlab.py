"""Runs a walkthrough's notebook in JupyterLab in a real browser and takes a screenshot.

Used by scripts/screenshot-jupyterlab (which makes the venv and installs the
kernel first); see its usage. Steps:

1. `gradlab run FILE.grad --notebook STEM.ipynb` in a fresh folder, outputs
   cleared (a learner opens the notebook and runs it);
2. `jupyter lab` from the venv, headless, on a free loopback port with a
   random token, its settings and workspaces in that folder (the user's own
   ~/.jupyter is not read or written; news and update checks off);
3. Debian's chromium driven by Playwright (`executable_path`: Playwright's own
   browser download cannot be reached here) opens the notebook, picks the
   kernel when JupyterLab asks, runs Run > Run All Cells, and waits until
   every code cell has its `[n]` and the kernel is idle;
4. scrolls the first cell with a health table (else any table) to the top
   and writes the screenshot, the notebook's rendered HTML, and a JSON report of what the page shows:
   cells run, error outputs, each output table with its health marks and
   their colours, inline <svg> elements and SVG images in the outputs.

Prints the paths of the PNG, the HTML and the JSON report, one a line.
"""

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import proof_setup as setup

# What the browser reports about the notebook's outputs (see module doc, step 4).
PAGE_REPORT_JS = """
() => {
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')];
  const prompts = cells.map(c => {
    const p = c.querySelector('.jp-InputArea-prompt');
    return p ? p.textContent.trim() : '';
  });
  const outputs = [...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output')];
  const marks = ['✓', '↓', '↑', '∅', '✗'];
  const tables = [...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output table')].map(t => {
    const cellsWithMarks = [...t.querySelectorAll('td, th, span')].filter(
      e => e.children.length === 0 && marks.some(m => e.textContent.includes(m)));
    return {
      text: t.innerText.slice(0, 4000),
      headers: [...t.querySelectorAll('th')].map(h => h.textContent.trim()),
      marks: cellsWithMarks.map(e => ({
        text: e.textContent.trim(),
        color: getComputedStyle(e).color,
        tableColor: getComputedStyle(t).color,
      })),
    };
  });
  const svgImages = [...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output img')]
    .filter(i => (i.getAttribute('src') || '').startsWith('data:image/svg+xml'))
    .map(i => ({ width: i.naturalWidth, height: i.naturalHeight,
                 svg: decodeURIComponent(i.getAttribute('src').split(',').slice(1).join(',')).slice(0, 200) }));
  const inlineSvgs = document.querySelectorAll('.jp-Notebook .jp-OutputArea-output svg').length;
  const errors = [...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"], .jp-Notebook .jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]')]
    .map(e => e.innerText.slice(0, 2000));
  const status = document.querySelector('.jp-Notebook-ExecutionIndicator');
  return {
    codeCells: cells.length,
    prompts,
    outputs: outputs.length,
    tables,
    svgImages,
    inlineSvgs,
    errors,
    kernelName: (document.querySelector('.jp-KernelName, .jp-Toolbar-kernelName') || {}).textContent || '',
    executionIndicator: status ? (status.getAttribute('data-status') || '') : '',
  };
}
"""


# True once every code cell shows `[n]:` (none waiting, `[*]:` or `[ ]:`)
# and the kernel is idle.
ALL_RUN_JS = """
() => {
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')]
    .map(p => p.textContent.trim());
  const idle = document.querySelector(".jp-Notebook-ExecutionIndicator[data-status='idle']");
  return prompts.length > 0 && idle !== null && prompts.every(t => /^\\[\\d+\\]:$/.test(t));
}
"""


# True when the status bar shows the notebook's kernel as idle ("GradLab | Idle").
KERNEL_IDLE_JS = """
() => [...document.querySelectorAll('.jp-StatusBar-Widget *')]
  .some(e => e.children.length === 0 && /\\|\\s*Idle\\s*$/.test(e.textContent))
"""

# True once some code cell has started (`[*]:`) or run (`[n]:`).
STARTED_JS = """
() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')]
  .some(p => /^\\[(\\*|\\d+)\\]:$/.test(p.textContent.trim()))
"""


# Scrolls the cell of the first output table with a health column (else of the
# first output table) to the top of the notebook's view.
SCROLL_TO_TABLE_JS = """
() => {
  const tables = [...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output table')];
  const table = tables.find(t => /health/.test(t.innerText)) || tables[0];
  if (table) table.closest('.jp-Cell').scrollIntoView({block: 'start'});
}
"""


def export_notebook(script, folder):
    """GradLab's own export of `script`, outputs cleared, written into `folder`."""
    shutil.copyfile(script, folder / script.name)
    notebook = folder / (script.stem + ".ipynb")
    subprocess.run(
        [str(setup.GRADLAB), "run", script.name, "--notebook", notebook.name],
        cwd=folder,
        env=setup.run_environment(),
        stdout=subprocess.DEVNULL,
        check=False,
        timeout=300,
    )
    if not notebook.exists():
        raise SystemExit("error: gradlab wrote no notebook for %s" % script)
    data = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in data["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    notebook.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return notebook


def write_lab_settings(settings):
    """JupyterLab user settings: no news or update checks (no requests outside)."""
    path = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))


def start_lab(folder, port, token, log):
    """Starts `jupyter lab` serving `folder`; returns the process once it answers."""
    settings, workspaces = folder / ".lab-settings", folder / ".lab-workspaces"
    write_lab_settings(settings)
    workspaces.mkdir(exist_ok=True)
    env = setup.run_environment()
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port=%d" % port,
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=%s" % token,
        "--ServerApp.root_dir=%s" % folder,
        "--LabApp.user_settings_dir=%s" % settings,
        "--LabApp.workspaces_dir=%s" % workspaces,
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")  # a container's root; JupyterLab refuses otherwise
    process = subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = "http://127.0.0.1:%d/api/status?token=%s" % (port, token)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                "error: jupyter lab exited %d (log: %s)" % (process.returncode, log.name)
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("error: jupyter lab did not answer within 120 s (log: %s)" % log.name)


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run_notebook_in_browser(url, png, size, wait_seconds):
    """Opens `url` in chromium, runs all cells, screenshots; returns the page report and HTML."""
    from playwright.sync_api import sync_playwright

    browser_path = setup.chromium()
    if not browser_path:
        raise SystemExit("error: chromium is missing (scripts/screenshot-notebook installs it)")
    width, height = size
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=browser_path, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(url, wait_until="domcontentloaded", timeout=120_000)
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
            # A notebook whose kernel JupyterLab cannot match asks for one:
            # choose the GradLab kernel (the default offered) and go on.
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                dialog = page.locator(".jp-Dialog")
                if dialog.count() and dialog.first.is_visible():
                    dialog.locator(".jp-mod-accept").first.click()
                    break
                if page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").count():
                    break
                time.sleep(0.25)
            page.wait_for_function(KERNEL_IDLE_JS, timeout=60_000)
            # View > Show Left Sidebar off (Ctrl+B): the outputs get the width.
            if page.locator("#jp-left-stack:visible").count():
                page.keyboard.press("Control+b")
            # Run > Run All Cells; a click that came before the kernel's
            # connection was ready runs nothing, so it is made again when no
            # cell has started after a while.
            for attempt in range(3):
                page.get_by_role("menuitem", name="Run", exact=True).click()
                page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
                try:
                    page.wait_for_function(STARTED_JS, timeout=15_000)
                    break
                except Exception:
                    if attempt == 2:
                        raise
            try:
                page.wait_for_function(ALL_RUN_JS, timeout=wait_seconds * 1000)
            except Exception:
                # What the page showed when it gave up, to see why.
                failed = png.with_name(png.stem + "-failed.png")
                page.screenshot(path=str(failed))
                print("the page when waiting stopped: %s" % failed, file=sys.stderr)
                print(
                    json.dumps(page.evaluate(PAGE_REPORT_JS), ensure_ascii=False)[:3000],
                    file=sys.stderr,
                )
                raise
            report = page.evaluate(PAGE_REPORT_JS)
            # The first table with health marks (the gradient table), else
            # the first table, at the top of the view.
            page.evaluate(SCROLL_TO_TABLE_JS)
            time.sleep(1.0)
            page.screenshot(path=str(png))
            html = page.locator(".jp-Notebook").first.evaluate("n => n.outerHTML")
            return report, html
        finally:
            browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("script", type=Path, help="a .grad walkthrough or example")
    parser.add_argument(
        "png",
        type=Path,
        nargs="?",
        help="the screenshot (default .build/jupyter-proof/lab/STEM.png)",
    )
    parser.add_argument("--size", default="1400,2400", help="the browser window, WIDTH,HEIGHT")
    parser.add_argument(
        "--wait", type=int, default=300, help="seconds to wait for all cells to run"
    )
    args = parser.parse_args()
    script = args.script.resolve()
    folder = setup.work_folder("lab")
    png = (args.png or folder / (script.stem + ".png")).resolve()
    png.parent.mkdir(parents=True, exist_ok=True)
    size = tuple(int(v) for v in args.size.split(","))

    notebook = export_notebook(script, folder)
    token = secrets.token_hex(16)
    port = setup.free_port()
    with open(folder / "jupyterlab.log", "w") as log:
        lab = start_lab(folder, port, token, log)
        try:
            url = "http://127.0.0.1:%d/lab/tree/%s?token=%s" % (port, notebook.name, token)
            report, html = run_notebook_in_browser(url, png, size, args.wait)
        finally:
            stop(lab)
    page_html = png.with_suffix(".html")
    page_html.write_text(html, encoding="utf-8")
    report_path = png.with_suffix(".json")
    report_path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(png)
    print(page_html)
    print(report_path)


if __name__ == "__main__":
    main()
