"""Render the first cue-card sheet of the code-heavy book, front and back, for the README.

    python docs/make_card_images.py

Builds the algorithms cards (default size, flip edge and summary backs) into a temporary
folder and writes
docs/images/cards-front.png and docs/images/cards-back.png with poppler's pdftoppm, at a
resolution that keeps the images small but the cards readable.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cuebook.clock import DEFAULT_EPOCH  # noqa: E402
from cuebook.diagnostics import Diagnostics  # noqa: E402
from cuebook.formats.registry import WriterContext, available  # noqa: E402
from cuebook.source.check import check_book  # noqa: E402
from cuebook.source.parse import load_book  # noqa: E402

RESOLUTION = 60  # dpi: an A4 sheet becomes 496×702 pixels


def main() -> int:
    diags = Diagnostics()
    book = load_book(ROOT / "content" / "algorithms", diags)
    if book is not None:
        check_book(book, diags)
    if book is None or diags.errors:
        for item in diags.sorted():
            print(item, file=sys.stderr)
        return 1
    images = ROOT / "docs" / "images"
    images.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        ctx = WriterContext(out_dir=Path(tmp), project_dir=ROOT,
                            source_date_epoch=DEFAULT_EPOCH, log=logging.getLogger("cuebook"))
        cards_pdf = available()["cards"].write(book, ctx)[0]
        for page, name in ((1, "cards-front"), (2, "cards-back")):
            subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), "-f", str(page),
                            "-l", str(page), "-singlefile", str(cards_pdf), str(images / name)],
                           check=True, timeout=120)
            print(f"wrote {(images / name).relative_to(ROOT)}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
