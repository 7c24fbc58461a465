"""Opens a `resim run --report` HTML report in headless Chromium and checks what a reader sees:
no console errors, every chart image loaded (non-zero natural size, recorded into the DOM by the
report's own script), the verdict text present. Keeps a screenshot as a test artifact.

usage: check_report_in_browser.py RESIM SCENARIO WORK_DIR      (exit 0 ok, 1 failed, 77 no Chromium)
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SKIP = 77


def chromium():
    for name in (os.environ.get("RESIM_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def browse(browser, profile, *args):
    # As root Chromium refuses its sandbox; a private profile lets tests run in parallel.
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
               "--virtual-time-budget=5000", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def main(resim, scenario, work):
    browser = chromium()
    if browser is None:
        print("no Chromium found (Debian: apt-get install chromium); skipped")
        return SKIP
    work = Path(work)
    out = work / "report"
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([resim, "run", scenario, "--trials", "200", "--quiet", "--report", str(out)],
                   check=True)
    charts = sorted(out.glob("*.png"))
    page = (out / "report.html").resolve().as_uri()
    failures = []
    with tempfile.TemporaryDirectory() as profile:
        dom = browse(browser, profile, "--dump-dom", page)
        console = [line for line in dom.stderr.splitlines() if ":CONSOLE" in line]
        if dom.returncode != 0:
            failures.append(f"chromium --dump-dom exited {dom.returncode}")
        if console:
            failures.append("console messages:\n  " + "\n  ".join(console))
        loaded = re.search(r'data-charts-loaded="(\d+)/(\d+)"', dom.stdout)
        if not loaded:
            failures.append("the report's load script did not run (no data-charts-loaded)")
        else:
            ok, total = int(loaded.group(1)), int(loaded.group(2))
            if total == 0 or ok != total or total != len(charts):
                failures.append(f"{ok} of {total} chart images loaded; {len(charts)} PNG files")
        summary = (out / "summary.md").read_text(encoding="utf-8").splitlines()
        verdict = summary[2].removeprefix("**Verdict:** ")
        html_text = re.sub(r"<[^>]+>", "", dom.stdout).replace("&amp;", "&")
        if 'id="verdict"' not in dom.stdout or verdict not in html_text:
            failures.append(f"verdict text not on the page: {verdict!r}")
        shot = work / "report-screenshot.png"
        shot.unlink(missing_ok=True)
        browse(browser, profile, "--hide-scrollbars", "--window-size=1200,2600",
               f"--screenshot={shot}", page)
        if not shot.exists() or shot.stat().st_size < 10000:
            failures.append("no screenshot was written")
    for failure in failures:
        print("FAILED:", failure)
    if not failures:
        print(f"ok: {len(charts)} charts loaded, verdict shown, screenshot {shot}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
