#!/usr/bin/python3
"""Installs the build into a temporary DESTDIR and checks the desktop integration.

Usage: check-install.py MESON BUILD_DIR BINDIR DATADIR APP_ID GLIB_COMPILE_SCHEMAS

The binary, the desktop file, the metainfo, the schema and both hicolor icons
must land where GNOME looks for them, and they must name each other right: the
desktop file's Exec and Icon, the metainfo's id and launchable, the schema's id.
"""

import configparser
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def staged(destdir, absolute_path):
    return os.path.join(destdir, absolute_path.lstrip("/"))


def check_desktop_file(path, bindir_staged, app_id):
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(path, encoding="utf-8")
    section = entry["Desktop Entry"]
    program = section.get("Exec", "").split()[0] if section.get("Exec") else ""
    check(os.access(os.path.join(bindir_staged, program), os.X_OK),
          f"{path}: Exec={program} is not an installed executable in the bindir")
    check(section.get("Icon") == app_id,
          f"{path}: Icon={section.get('Icon')}, expected {app_id}")


def check_metainfo(path, app_id):
    root = ET.parse(path).getroot()
    check(root.findtext("id") == app_id,
          f"{path}: id is {root.findtext('id')}, expected {app_id}")
    launchable = root.find("launchable[@type='desktop-id']")
    check(launchable is not None and launchable.text == app_id + ".desktop",
          f"{path}: the desktop-id launchable does not name {app_id}.desktop")
    check(root.find("releases/release[@version='0.1.0']") is not None,
          f"{path}: no release 0.1.0")


def check_icon(path, symbolic):
    with open(path, "rb") as f:
        data = f.read()
    # gdk-pixbuf picks the SVG loader by sniffing the first bytes for "<svg".
    check(b"<svg" in data[:256], f"{path}: <svg does not start within the first 256 bytes")
    if symbolic:
        root = ET.fromstring(data)
        for element in root.iter():
            stroke = element.get("stroke")
            # GTK recolours a symbolic icon through its fills; strokes keep their colour.
            check(stroke in (None, "none"), f"{path}: a stroke ({stroke}) in a symbolic icon")


def main():
    meson, build_dir, bindir, datadir, app_id, compile_schemas = sys.argv[1:7]
    with tempfile.TemporaryDirectory(prefix="ll-install-") as destdir:
        subprocess.run([meson, "install", "-C", build_dir, "--no-rebuild", "--quiet",
                        "--destdir", destdir], check=True, stdout=subprocess.DEVNULL)

        bindir_staged = staged(destdir, bindir)
        data = staged(destdir, datadir)
        icons = os.path.join(data, "icons", "hicolor")
        expected = {
            "binary": os.path.join(bindir_staged, "logistic-lab"),
            "desktop file": os.path.join(data, "applications", app_id + ".desktop"),
            "metainfo": os.path.join(data, "metainfo", app_id + ".metainfo.xml"),
            "schema": os.path.join(data, "glib-2.0", "schemas", app_id + ".gschema.xml"),
            "icon": os.path.join(icons, "scalable", "apps", app_id + ".svg"),
            "symbolic icon": os.path.join(icons, "symbolic", "apps", app_id + "-symbolic.svg"),
        }
        for what, path in expected.items():
            check(os.path.isfile(path), f"{what} not installed at {os.path.relpath(path, destdir)}")
        if failures:
            return report(destdir)

        check_desktop_file(expected["desktop file"], bindir_staged, app_id)
        check_metainfo(expected["metainfo"], app_id)
        check_icon(expected["icon"], symbolic=False)
        check_icon(expected["symbolic icon"], symbolic=True)

        # What the post-install step runs on a real install (skipped under DESTDIR).
        schema_dir = os.path.dirname(expected["schema"])
        compiled = subprocess.run([compile_schemas, "--strict", schema_dir],
                                  capture_output=True, text=True)
        check(compiled.returncode == 0,
              f"glib-compile-schemas --strict on the installed schemas: {compiled.stderr.strip()}")
        return report(destdir)


def report(destdir):
    for dirpath, _, filenames in sorted(os.walk(destdir)):
        for filename in sorted(filenames):
            print(os.path.relpath(os.path.join(dirpath, filename), destdir))
    for message in failures:
        print("FAIL:", message)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
