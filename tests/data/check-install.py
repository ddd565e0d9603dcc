#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Installs the build into a temporary DESTDIR and checks the desktop integration.

Usage: check-install.py MESON BUILD_DIR BINDIR DATADIR APP_ID GLIB_COMPILE_SCHEMAS MODULE_DIR

The binary, the desktop file, the metainfo, the schema and both hicolor icons
must land where GNOME looks for them, and they must name each other right: the
desktop file's Exec and Icon, the metainfo's id and launchable, the schema's id.

`logistic-lab` loads the command line and the window as modules from
MODULE_DIR (src/main.c), the .h5 reader for `--read-h5`, the command line the
plot module from beside itself for --plot: they must be installed there and work from there, the
binary must look there, and nothing installed may carry a run path into the
build tree. The binary itself must stay small: it is the decode helper spawned
for every image, so it must not load GTK, HDF5, OpenBLAS or cairo.
"""

import configparser
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib

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


def dynamic_entries(path):
    """(NEEDED list, run paths) of an ELF file, from readelf -d."""
    shown = subprocess.run(["readelf", "-d", path], capture_output=True, text=True, check=True).stdout
    needed, run_paths = [], []
    for line in shown.splitlines():
        if "(NEEDED)" in line:
            needed.append(line.split("[", 1)[1].rstrip("]"))
        elif "(RPATH)" in line or "(RUNPATH)" in line:
            run_paths.extend(line.split("[", 1)[1].rstrip("]").split(":"))
    return needed, run_paths


def check_elf_files(binary, modules, build_dir):
    if shutil.which("readelf") is None:
        print("readelf is not installed: the run paths and libraries are not checked")
        return
    build_dir = os.path.realpath(build_dir)
    for path in [binary] + modules:
        _, run_paths = dynamic_entries(path)
        for run_path in run_paths:
            check("$ORIGIN" not in run_path and not os.path.realpath(run_path).startswith(build_dir),
                  f"{path}: run path {run_path} points into the build tree or beside the file")
    needed, _ = dynamic_entries(binary)
    for heavy in ("libgtk-4", "libhdf5", "libopenblas", "libcairo", "libpango"):
        check(not any(name.startswith(heavy) for name in needed),
              f"{binary}: links {heavy} (the decode helper and the CLI would load it)")
    # The command line loads cairo and pango only for --plot (the plot module),
    # OpenBLAS only for float64 training (never, from 8-bit images).
    needed, _ = dynamic_entries(modules[0])
    for heavy in ("libgtk-4", "libcairo", "libpango", "libhdf5", "libopenblas"):
        check(not any(name.startswith(heavy) for name in needed),
              f"{modules[0]}: links {heavy} (every subcommand would load it)")


def tiny_png():
    """A 2x1 RGB PNG: red, blue."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + bytes([255, 0, 0, 0, 0, 255]))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def check_decode_helper(binary, scratch):
    png = os.path.join(scratch, "two.png")
    with open(png, "wb") as f:
        f.write(tiny_png())
    helper = subprocess.run([binary, "--decode-helper", png, "3"], capture_output=True, timeout=60)
    reply = helper.stdout
    check(helper.returncode == 0 and reply[:4] == b"LLDH"
          and struct.unpack("<5I", reply[4:24]) == (1, 0, 2, 1, 3) and reply[24:] == bytes([255, 0, 0, 0, 0, 255]),
          f"{binary} --decode-helper: status {helper.returncode}, reply {reply[:40]!r}, "
          f"stderr {helper.stderr.decode(errors='replace').strip()}")


def entry_of(module):
    return "ll_module_plot_export" if module.endswith("-plot.so") else "ll_module_main"


def check_modules(binary, module_dir_staged, module_dir):
    """The installed modules load and run; the binary looks for them in MODULE_DIR."""
    cli = os.path.join(module_dir_staged, "liblogistic-lab-cli.so")
    gui = os.path.join(module_dir_staged, "liblogistic-lab-gui.so")
    # Loaded in a fresh Python: every symbol resolved now, nothing global.
    run_cli = (
        "import ctypes, os, sys\n"
        "module = ctypes.CDLL(sys.argv[1], mode=os.RTLD_NOW | os.RTLD_LOCAL)\n"
        "argv = (ctypes.c_char_p * 3)(b'logistic-lab', b'--version', None)\n"
        "sys.exit(module.ll_module_main(2, argv))\n")
    version = subprocess.run([sys.executable, "-c", run_cli, cli], capture_output=True, text=True, timeout=60)
    check(version.returncode == 0 and version.stdout.startswith("logistic-lab "),
          f"{cli}: ll_module_main --version gave status {version.returncode}: "
          f"{version.stdout.strip()} {version.stderr.strip()}")
    load_gui = (
        "import ctypes, os, sys\n"
        "module = ctypes.CDLL(sys.argv[1], mode=os.RTLD_NOW | os.RTLD_LOCAL)\n"
        "module.ll_module_main\n")
    for module in (gui, os.path.join(module_dir_staged, "liblogistic-lab-plot.so"),
                   os.path.join(module_dir_staged, "liblogistic-lab-h5.so")):
        loaded = subprocess.run([sys.executable, "-c", load_gui.replace("ll_module_main", entry_of(module)),
                                 module], capture_output=True, text=True, timeout=60)
        check(loaded.returncode == 0, f"{module}: does not load: {loaded.stderr.strip()}")

    # Staged, the binary finds no module at its real place unless one is
    # installed there; either way it must have looked in MODULE_DIR.
    expected = os.path.join(module_dir, "liblogistic-lab-cli.so")
    ran = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=60)
    check((ran.returncode == 0 and os.path.exists(expected)) or expected in ran.stderr,
          f"{binary} --version: status {ran.returncode}, expected it to load {expected}: {ran.stderr.strip()}")


def main():
    meson, build_dir, bindir, datadir, app_id, compile_schemas, module_dir = sys.argv[1:8]
    with tempfile.TemporaryDirectory(prefix="ll-install-") as destdir:
        subprocess.run([meson, "install", "-C", build_dir, "--no-rebuild", "--quiet",
                        "--destdir", destdir], check=True, stdout=subprocess.DEVNULL)

        bindir_staged = staged(destdir, bindir)
        data = staged(destdir, datadir)
        icons = os.path.join(data, "icons", "hicolor")
        module_dir_staged = staged(destdir, module_dir)
        expected = {
            "binary": os.path.join(bindir_staged, "logistic-lab"),
            "command-line module": os.path.join(module_dir_staged, "liblogistic-lab-cli.so"),
            "window module": os.path.join(module_dir_staged, "liblogistic-lab-gui.so"),
            "plot module": os.path.join(module_dir_staged, "liblogistic-lab-plot.so"),
            ".h5 reader module": os.path.join(module_dir_staged, "liblogistic-lab-h5.so"),
            "desktop file": os.path.join(data, "applications", app_id + ".desktop"),
            "metainfo": os.path.join(data, "metainfo", app_id + ".metainfo.xml"),
            "schema": os.path.join(data, "glib-2.0", "schemas", app_id + ".gschema.xml"),
            "icon": os.path.join(icons, "scalable", "apps", app_id + ".svg"),
            "symbolic icon": os.path.join(icons, "symbolic", "apps", app_id + "-symbolic.svg"),
            "German translation": os.path.join(data, "locale", "de", "LC_MESSAGES", "logistic-lab.mo"),
        }
        for what, path in expected.items():
            check(os.path.isfile(path), f"{what} not installed at {os.path.relpath(path, destdir)}")
        if failures:
            return report(destdir)

        check_desktop_file(expected["desktop file"], bindir_staged, app_id)
        check_metainfo(expected["metainfo"], app_id)
        check_icon(expected["icon"], symbolic=False)
        check_icon(expected["symbolic icon"], symbolic=True)
        check_elf_files(expected["binary"], [expected["command-line module"], expected["window module"],
                                             expected["plot module"], expected[".h5 reader module"]],
                        build_dir)
        check_decode_helper(expected["binary"], destdir)
        check_modules(expected["binary"], module_dir_staged, module_dir)

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
