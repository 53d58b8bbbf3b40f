#!/usr/bin/env bash
# Regenerate the bundled Chinese UI fonts in app/fonts/ from Debian's
# fonts-noto-cjk package (Noto Sans CJK 2.004, OpenType/CFF collection).
#
#   scripts/subset-font.sh            # writes app/fonts/NotoSansSC-{Regular,Bold}.otf
#
# Requirements: Debian/Ubuntu packages fonts-noto-cjk and python3-fonttools.
# Not run by CI: CI uses the committed font files. The output is
# byte-for-byte reproducible for a given source .ttc and fontTools version.
#
# Environment overrides:
#   PYTHON   python interpreter that has fontTools   (default /usr/bin/python3)
#   SRC_DIR  directory holding NotoSansCJK-*.ttc    (default /usr/share/fonts/opentype/noto)
#   OUT_DIR  output directory                       (default <repo>/app/fonts)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-/usr/bin/python3}"
SRC_DIR="${SRC_DIR:-/usr/share/fonts/opentype/noto}"
OUT_DIR="${OUT_DIR:-$REPO_ROOT/app/fonts}"

for w in Regular Bold; do
  if [[ ! -f "$SRC_DIR/NotoSansCJK-$w.ttc" ]]; then
    echo "error: $SRC_DIR/NotoSansCJK-$w.ttc not found (apt-get install fonts-noto-cjk)" >&2
    exit 1
  fi
done
if ! "$PYTHON" -c 'import fontTools' 2>/dev/null; then
  echo "error: $PYTHON cannot import fontTools (apt-get install python3-fonttools)" >&2
  exit 1
fi

mkdir -p "$OUT_DIR"

export REPO_ROOT SRC_DIR OUT_DIR
"$PYTHON" - <<'PY'
import glob
import json
import os
import sys

import fontTools
from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

REPO_ROOT = os.environ["REPO_ROOT"]
SRC_DIR = os.environ["SRC_DIR"]
OUT_DIR = os.environ["OUT_DIR"]

# Family name used for the subset. The upstream notice carries a Reserved
# Font Name ('Source') and "Noto" is a Google trademark, so this modified
# (subset) version is published under its own name. See app/fonts/README.md.
NEW_FAMILY = "PilotDesk Sans SC"
NEW_PS_PREFIX = "PilotDeskSansSC"
FONT_LIMIT = 4 * 1024 * 1024  # hard limit per weight (exe size budget)

# Characters that appear in domain data and may not be in GB2312
# (names of people, places, organisations). Append to this list as needed.
EXTRA_CHARS = "鑫沾麒麟鈺珺玥喆堃昇"
# A few UI symbols outside the ranges below.
EXTRA_UI_CHARS = "€✓"

RANGES = [
    (0x0020, 0x007E),  # printable ASCII
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x2000, 0x206F),  # General Punctuation
    (0x2190, 0x21FF),  # Arrows
    (0x2460, 0x2473),  # Enclosed numbers ①-⑳
    (0x25A0, 0x25FF),  # Geometric Shapes
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
]

# Layout features kept. pyftsubset's defaults minus the vertical-writing
# features (Fyne lays text out horizontally only) and minus 'locl': in the SC
# face the cmap already maps to the Simplified Chinese glyph forms, and 'locl'
# would only pull in the Japanese/Korean/Traditional variants.
DROP_FEATURES = {"locl", "vert", "vrt2", "vkrn", "vpal", "vhal", "valt"}
# Vertical metrics tables are only used for vertical layout.
DROP_TABLES = ["vhea", "vmtx", "VORG"]


def gb2312_chars():
    out = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                s = bytes((hi, lo)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            out.update(s)
    return out


def translation_chars():
    out = set()
    files = sorted(glob.glob(os.path.join(REPO_ROOT, "app", "translations", "*.json")))

    def walk(v):
        if isinstance(v, str):
            out.update(v)
        elif isinstance(v, dict):
            for k, x in v.items():
                walk(k)
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    for path in files:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        try:
            walk(json.loads(text))
        except ValueError:
            out.update(text)
    return files, out


MUST_HAVE = set(EXTRA_CHARS + EXTRA_UI_CHARS)  # warn if any of these is not in the font


def wanted_codepoints():
    chars = gb2312_chars()
    for lo, hi in RANGES:
        chars.update(chr(c) for c in range(lo, hi + 1))
    chars.update(EXTRA_CHARS)
    chars.update(EXTRA_UI_CHARS)
    files, tchars = translation_chars()
    chars.update(tchars)
    MUST_HAVE.update(c for c in tchars if not c.isspace() and ord(c) >= 0x80)
    # drop control characters / whitespace other than the normal spaces
    cps = {ord(c) for c in chars if ord(c) >= 0x20 and not (0x7F <= ord(c) < 0xA0)}
    return sorted(cps), files


def find_sc_index(ttc_path):
    """Index of the proportional 'Noto Sans CJK SC' face, read from the name table."""
    coll = TTCollection(ttc_path, lazy=True)
    matches = []
    for i, f in enumerate(coll.fonts):
        fam = f["name"].getDebugName(16) or f["name"].getDebugName(1)
        if fam and "SC" in fam.split() and "Mono" not in fam:
            matches.append((i, fam))
    if len(matches) != 1:
        sys.exit(f"error: expected exactly one SC face in {ttc_path}, found {matches}")
    return matches[0]


def rename(font, weight):
    """Give the subset its own family name (name table + CFF top dict)."""
    ps_name = f"{NEW_PS_PREFIX}-{weight}"
    full = NEW_FAMILY if weight == "Regular" else f"{NEW_FAMILY} {weight}"
    name = font["name"]
    version = name.getDebugName(5) or ""
    orig_full = name.getDebugName(4)
    for rec in list(name.names):
        if rec.nameID in (16, 17, 21, 22):
            name.removeNames(nameID=rec.nameID)
    name.setName(NEW_FAMILY, 1, 3, 1, 0x409)
    name.setName(weight, 2, 3, 1, 0x409)
    name.setName(f"{version.split(';')[0].replace('Version ', '')};PilotDesk;{ps_name}", 3, 3, 1, 0x409)
    name.setName(full, 4, 3, 1, 0x409)
    name.setName(ps_name, 6, 3, 1, 0x409)
    name.setName(
        f"Subset of {orig_full} (Noto Sans CJK 2.004, Debian fonts-noto-cjk) for the "
        "PilotDesk application: GB2312 + UI character set, hinting removed, "
        "vertical-layout data removed. Renamed per the SIL Open Font License 1.1.",
        10, 3, 1, 0x409,
    )
    cff = font["CFF "].cff
    old_ps = cff.fontNames[0]
    cff.fontNames[0] = ps_name
    td = cff.topDictIndex[0]
    td.FullName = full
    td.FamilyName = NEW_FAMILY
    if hasattr(td, "FDArray"):
        for fd in td.FDArray:
            fn = getattr(fd, "FontName", None)
            if fn and fn.startswith(old_ps):
                fd.FontName = ps_name + fn[len(old_ps):]


def build(weight, codepoints):
    src = os.path.join(SRC_DIR, f"NotoSansCJK-{weight}.ttc")
    idx, fam = find_sc_index(src)
    dst = os.path.join(OUT_DIR, f"NotoSansSC-{weight}.otf")

    opts = subset.Options()
    opts.hinting = False
    opts.desubroutinize = False
    opts.layout_features = [f for f in opts.layout_features if f not in DROP_FEATURES]
    opts.drop_tables = list(opts.drop_tables) + DROP_TABLES
    opts.name_IDs = ["*"]          # keep copyright, trademark, licence (IDs 0, 7, 13, 14 ...)
    opts.name_languages = [0x409]
    opts.name_legacy = False
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.recalc_timestamp = False  # keep head.modified from the source: reproducible output
    opts.recalc_bounds = True

    font = TTFont(src, fontNumber=idx, recalcTimestamp=False, lazy=False)
    sub = subset.Subsetter(options=opts)
    sub.populate(unicodes=codepoints)
    sub.subset(font)
    rename(font, weight)
    font.save(dst, reorderTables=True)
    font.close()

    check = TTFont(dst)
    cmap = check.getBestCmap()
    mapped = sorted(cp for cp in codepoints if cp in cmap)
    missing = sorted(cp for cp in codepoints if cp not in cmap)
    size = os.path.getsize(dst)
    print(f"{weight}: face #{idx} '{fam}' of {os.path.basename(src)} -> {os.path.relpath(dst, REPO_ROOT)}")
    print(f"  requested {len(codepoints)} code points, {len(mapped)} in font "
          f"({len(missing)} not covered by the source font), "
          f"{check['maxp'].numGlyphs} glyphs, {size} bytes ({size / 1048576:.2f} MiB)")
    extra_missing = sorted(c for c in MUST_HAVE if ord(c) not in cmap)
    if extra_missing:
        print(f"  WARNING: extra/translation characters not in source font: {''.join(extra_missing)}")
    if size >= FONT_LIMIT:
        sys.exit(f"error: {dst} is {size} bytes, over the {FONT_LIMIT}-byte budget")
    return len(mapped)


cps, tfiles = wanted_codepoints()
print(f"fontTools {fontTools.version}; translations scanned: "
      f"{', '.join(os.path.relpath(p, REPO_ROOT) for p in tfiles) or 'none'}")
for w in ("Regular", "Bold"):
    build(w, cps)
PY
