"""Open northalign's HTML reports in a real browser (headless Chromium) and keep screenshots.

Not part of CI. Needs Debian's chromium (apt-get install chromium) and northalign installed:

    python scripts/check_html_in_browser.py [OUTPUT_DIR]

For a compare report, a score report and a batch report it checks that the
page renders (the DOM after load still holds the SVG charts and the overall
figure), that the page asks for nothing over the network (Chromium runs
behind a proxy that refuses every connection, and the report must still be
complete), and writes a full-page PNG to look at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--proxy-server=http://127.0.0.1:9",  # nothing may be fetched from anywhere
]  # fmt: skip
REPORTS = {
    "compare": ["compare", "policies/novosibirsk.ru.md", "policies/heilongjiang.zh.md"],
    "score": ["score", "policies/amur.md", "--evidence", "2"],
    "batch": [
        "batch",
        "policies/amur.md",
        "policies/omsk.md",
        "policies/kemerovo.md",
        "policies/buryatia.md",
        "-q",
    ],
}


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="northalign-html-"))
    out.mkdir(parents=True, exist_ok=True)
    failures = 0
    for name, args in REPORTS.items():
        html = out / f"{name}.html"
        subprocess.run(
            ["northalign", *args, "--format", "html", "--output", str(html)], cwd=ROOT, check=False
        )
        source = html.read_text(encoding="utf-8")
        external = re.findall(r'(?:src|href)="((?:https?:)?//[^"]+)"', source)
        with tempfile.TemporaryDirectory() as profile:
            dom = subprocess.run(
                [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", html.as_uri()],
                capture_output=True, text=True, timeout=120, check=False,
            ).stdout  # fmt: skip
            subprocess.run(
                [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--window-size=1200,3000",
                 f"--screenshot={out / f'{name}.png'}", html.as_uri()],
                capture_output=True, timeout=120, check=False,
            )  # fmt: skip
        problems = []
        if external:
            problems.append(f"external resources: {external}")
        if dom.count("<svg") < 1:
            problems.append("no <svg> in the rendered page")
        if name == "compare" and "Overall alignment:" not in dom:
            problems.append("the overall figure is missing")
        if not (out / f"{name}.png").exists():
            problems.append("no screenshot")
        failures += bool(problems)
        verdict = "; ".join(problems) or "ok"
        print(f"{name}: {verdict} — {html}, {out / f'{name}.png'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
