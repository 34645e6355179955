#!/usr/bin/env python3
"""Render the pictures the README shows, from a fresh build of the seed book.

    python docs/make_images.py

Writes docs/images/handout-cover.png, handout-contents.png and handout-question.png (pages 1-3
of the seed's A4 handout at 70 dpi), so the README always shows what the code makes today.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
PAGES = {1: "handout-cover", 2: "handout-contents", 3: "handout-question"}


def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        subprocess.run([sys.executable, str(ROOT / "build.py"), "--book", "ai-pm", "--formats",
                        "pdf", "--out", str(out), "-q"], cwd=ROOT, check=True)
        for page, name in PAGES.items():
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(page), "-l", str(page),
                            "-singlefile", str(out / "ai-pm.pdf"), str(out / name)], check=True)
            shutil.copyfile(out / f"{name}.png", IMAGES / f"{name}.png")
            print(f"docs/images/{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
