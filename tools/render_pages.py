"""Render a workbook or Word file to PDF with LibreOffice, then every page to PNG, so a person
can look at what kkinvest writes as it prints.

    python tools/render_pages.py kkinvest-budget-2023-2025.xlsx [OUTDIR]

Writes OUTDIR/NAME.pdf and OUTDIR/NAME-01.png, -02.png, ... (OUTDIR defaults to a folder
"NAME-pages" beside the file) and prints the page count and each page's size. Needs `soffice`
and `pdftoppm` (poppler-utils); `pdfinfo` for the sizes.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path


def to_pdf(source: Path, outdir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("render_pages: LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    pdf = outdir / f"{source.stem}.pdf"
    if not pdf.exists():  # soffice exits 0 when it cannot load a file
        raise SystemExit(f"render_pages: LibreOffice wrote no PDF for {source}")
    return pdf


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    source = Path(argv[0])
    outdir = Path(argv[1]) if len(argv) > 1 else source.with_name(f"{source.stem}-pages")
    outdir.mkdir(parents=True, exist_ok=True)
    pdf = to_pdf(source, outdir)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pdf), str(outdir / source.stem)], check=True
    )
    pages = sorted(outdir.glob(f"{source.stem}-*.png"))
    print(f"{pdf}: {len(pages)} sider")
    if shutil.which("pdfinfo"):
        info = subprocess.run(
            ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True
        ).stdout
        for line in info.splitlines():
            if line.startswith("Page") and "size" in line:
                print("  " + " ".join(line.split()))
    for page in pages:
        print(f"  {page}")
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the listing quietly
    sys.exit(main(sys.argv[1:]))
