#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when po/POTFILES.in and the sources disagree.

Every file under src/, ui/ and data/ that holds a string marked for translation
must be listed (else its strings never reach translators), and every listed
file must exist (else xgettext fails). A .ui file's visible text (labels,
titles, tooltips, placeholders, marks, menu labels) must be marked
translatable="yes", or translatable="no" on purpose. Usage: check-potfiles.py SOURCE_ROOT
"""

import os
import re
import sys

SCANNED_DIRS = ("src", "ui", "data")

# The keywords of meson's 'glib' gettext preset, plus plain gettext.
C_MARKER = re.compile(
    r"(?<![\w.>])(?:_|N_|C_|NC_|Q_|g_dgettext|g_dngettext|g_dpgettext2|g_dcgettext"
    r"|gettext|ngettext|dgettext|dngettext)\s*\("
)
# Comments and string literals, so "_(" inside them is not taken as a marker.
C_NOISE = re.compile(
    r"/\*.*?\*/|//[^\n]*|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", re.S
)
UI_MARKER = re.compile(r"\btranslatable\s*=\s*[\"'](?:yes|true|1)[\"']", re.I)
# The desktop file's Name, Comment, Keywords; a metainfo's name, summary, description.
DESKTOP_MARKER = re.compile(r"^(?:Name|GenericName|Comment|Keywords)\s*=", re.M)
METAINFO_MARKER = re.compile(r"<(?:name|summary|description)\b(?![^>]*translate=\"no\")")
# A schema's summaries and descriptions are translated only with a gettext domain.
GSCHEMA_MARKER = re.compile(r"<schemalist[^>]*\bgettext-domain\s*=")


# Visible text in a .ui file: these properties, menu attributes and scale marks.
UI_TEXT = re.compile(
    r"<(property|attribute)\s+name=\"(?:label|title|tooltip-text|tooltip-markup|placeholder-text"
    r"|text|secondary-text|subtitle|accessible-label)\"([^>]*)>([^<]*)</\1>"
    r"|<(mark)\b([^>]*)>([^<]*)</mark>"
)


def unmarked_ui_strings(path):
    """The visible texts of a .ui file that carry no translatable attribute."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    found = []
    for match in UI_TEXT.finditer(text):
        attributes = match.group(2) or match.group(5) or ""
        value = match.group(3) if match.group(1) else match.group(6)
        if "translatable" in attributes or not re.search(r"[^\W\d_]", value):
            continue  # marked either way, or only numbers and signs ("100 %")
        line = text.count("\n", 0, match.start()) + 1
        found.append(f"{line}: {value.strip()}")
    return found


def has_translatable_strings(path):
    name = os.path.basename(path)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except UnicodeDecodeError:
        return False  # binary data (the built-in dataset) has nothing to translate
    if name.endswith((".c", ".h")):
        return C_MARKER.search(C_NOISE.sub(" ", text)) is not None
    if name.endswith(".ui"):
        return UI_MARKER.search(text) is not None
    if name.endswith((".desktop.in", ".desktop")):
        return DESKTOP_MARKER.search(text) is not None
    if name.endswith((".metainfo.xml.in", ".appdata.xml.in")):
        return METAINFO_MARKER.search(text) is not None
    if name.endswith(".gschema.xml"):
        return GSCHEMA_MARKER.search(text) is not None
    return False


def listed_files(source_root):
    listed = []
    with open(os.path.join(source_root, "po", "POTFILES.in"), encoding="utf-8") as f:
        for line in f:
            entry = line.strip()
            if entry and not entry.startswith("#"):
                listed.append(entry)
    return listed


def marked_files(source_root):
    found = []
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(source_root, top)):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for filename in sorted(filenames):
                path = os.path.join(dirpath, filename)
                if has_translatable_strings(path):
                    found.append(os.path.relpath(path, source_root))
    return found


def main():
    if len(sys.argv) != 2:
        print("usage: check-potfiles.py SOURCE_ROOT", file=sys.stderr)
        return 2
    source_root = sys.argv[1]
    listed = listed_files(source_root)
    marked = marked_files(source_root)

    missing = [f for f in marked if f not in listed]
    absent = [f for f in listed if not os.path.isfile(os.path.join(source_root, f))]
    for f in missing:
        print(f"po/POTFILES.in: {f} has translatable strings but is not listed")
    for f in absent:
        print(f"po/POTFILES.in: {f} is listed but does not exist")
    unmarked = []
    for top in ("ui",):
        for dirpath, dirnames, filenames in os.walk(os.path.join(source_root, top)):
            for filename in sorted(filenames):
                if filename.endswith(".ui"):
                    path = os.path.join(dirpath, filename)
                    for where in unmarked_ui_strings(path):
                        unmarked.append(f"{os.path.relpath(path, source_root)}:{where}")
    for u in unmarked:
        print(f"not marked translatable: {u}")
    print(f"{len(marked)} files with translatable strings, {len(listed)} listed")
    return 1 if missing or absent or unmarked else 0


if __name__ == "__main__":
    sys.exit(main())
