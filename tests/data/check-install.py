#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Installs the build into a temporary DESTDIR and checks the desktop integration.

Usage: check-install.py MESON BUILD_DIR BINDIR DATADIR APP_ID GLIB_COMPILE_SCHEMAS PROGRAM_DIR SOURCE_DIR

The binary, the desktop file, the metainfo, the schema and both hicolor icons
must land where GNOME looks for them, and they must name each other right: the
desktop file's Exec and Icon, the metainfo's id and launchable, the schema's id.

`logistic-lab` is the command line and execs the programs installed in
PROGRAM_DIR (src/main.c): the command line with the plot export, the window,
the image decode helper and the .h5 reader. They are found relative to the
running program, so the installed tree must work after it is moved elsewhere,
with no build folder to fall back on: `train --json`, `train --export`,
`classify` and both limited children are run from a moved copy. No installed
file may contain the build folder's path (grep -r, in Python), nor carry a
run path into it. Each program links only what its job needs: `logistic-lab`
and the decode helper (spawned for every image) no GTK, HDF5, OpenBLAS or
cairo.
"""

import configparser
import json
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


# What each program must not link (the NEEDED entries), and why.
HEAVY = ("libgtk-4", "libhdf5", "libopenblas", "libcairo", "libpango")
MUST_NOT_LINK = {
    # The command line; OpenBLAS is loaded only for float64 training (never,
    # from 8-bit images). GIO and GObject are a tenth of training the cat
    # data: logistic-lab-cli has them (src/cli-lean.c).
    "logistic-lab": (HEAVY + ("libgio", "libgobject"), "every subcommand would load it"),
    "logistic-lab-cli": (HEAVY, "classify and the datasets needing GIO would load it"),
    "logistic-lab-decode": (HEAVY, "it is spawned for every image"),
    "logistic-lab-cli-plot": (("libgtk-4", "libhdf5", "libopenblas"), "train --plot would load it"),
    "logistic-lab-read-h5": (("libgtk-4", "libopenblas", "libcairo", "libpango"), "the .h5 reader needs only HDF5"),
    "logistic-lab-gui": (("libhdf5",), "HDF5 runs only in the limited child"),
}


def check_elf_files(programs, build_dir):
    if shutil.which("readelf") is None:
        print("readelf is not installed: the run paths and libraries are not checked")
        return
    build_dir = os.path.realpath(build_dir)
    for path in programs:
        needed, run_paths = dynamic_entries(path)
        for run_path in run_paths:
            check("$ORIGIN" not in run_path and not os.path.realpath(run_path).startswith(build_dir),
                  f"{path}: run path {run_path} points into the build tree or beside the file")
        heavy, why = MUST_NOT_LINK[os.path.basename(path)]
        for library in heavy:
            check(not any(name.startswith(library) for name in needed),
                  f"{path}: links {library} ({why})")


def check_no_build_path(destdir, build_dir):
    """grep -r for the build folder's path over everything installed."""
    needles = {os.fsencode(os.path.abspath(build_dir)), os.fsencode(os.path.realpath(build_dir))}
    for dirpath, _, filenames in os.walk(destdir):
        for filename in filenames:
            path = os.path.join(dirpath, filename)
            if os.path.islink(path):
                continue
            with open(path, "rb") as f:
                data = f.read()
            for needle in needles:
                check(needle not in data,
                      f"{os.path.relpath(path, destdir)} contains the build folder's path {needle.decode()}")


def tiny_png():
    """A 2x1 RGB PNG: red, blue."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + bytes([255, 0, 0, 0, 0, 255]))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def check_decode_helper(program, scratch):
    png = os.path.join(scratch, "two.png")
    with open(png, "wb") as f:
        f.write(tiny_png())
    helper = subprocess.run([program, "--decode-helper", png, "3"], capture_output=True, timeout=60,
                            env=plain_environment())
    reply = helper.stdout
    check(helper.returncode == 0 and reply[:4] == b"LLDH"
          and struct.unpack("<5I", reply[4:24]) == (1, 0, 2, 1, 3) and reply[24:] == bytes([255, 0, 0, 0, 0, 255]),
          f"{program} --decode-helper: status {helper.returncode}, reply {reply[:40]!r}, "
          f"stderr {helper.stderr.decode(errors='replace').strip()}")


def plain_environment():
    """The caller's environment without the tests' pointers into the build tree."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("LL_")}
    env.update(GSETTINGS_BACKEND="memory", LC_ALL="C.UTF-8")
    env.pop("GSETTINGS_SCHEMA_DIR", None)
    return env


def run(program, args, what):
    ran = subprocess.run([program] + args, capture_output=True, timeout=240, env=plain_environment())
    check(ran.returncode == 0, f"{what}: `{os.path.basename(program)} {' '.join(args)}` "
          f"exited {ran.returncode}: {ran.stderr.decode(errors='replace').strip()}")
    return ran


def check_installed_programs(binary, source_dir, scratch):
    """The commands a user types, run from an installed (or moved) tree."""
    version = run(binary, ["--version"], "--version")
    check(version.stdout.startswith(b"logistic-lab "), f"{binary} --version: {version.stdout!r}")

    cats = os.path.join(source_dir, "..", "shared", "data", "catvnoncat")
    dataset = ["--dataset", cats] if os.path.isdir(cats) else []  # else the built-in one
    weights = os.path.join(scratch, "weights.npz")
    trained = run(binary, ["train", *dataset, "--iterations", "30", "--json", "--export", weights], "train")
    try:
        runs = json.loads(trained.stdout)["runs"]
        check(len(runs) > 0 and os.path.isfile(weights), f"train --json: no runs or no {weights}")
    except (ValueError, KeyError, TypeError) as error:
        check(False, f"train --json: not the expected JSON ({error}): {trained.stdout[:200]!r}")

    # The plot export lives in logistic-lab-cli-plot, which the launcher picks for --plot.
    plot = os.path.join(scratch, "cost.svg")
    run(binary, ["train", *dataset, "--iterations", "10", "--plot", plot], "train --plot")
    check(os.path.isfile(plot) and os.path.getsize(plot) > 0, f"train --plot wrote no {plot}")

    image = os.path.join(source_dir, "tests", "corpus", "images", "baseline.jpg")
    classified = run(binary, ["classify", "--weights", weights, "--json", image], "classify")
    try:
        verdicts = json.loads(classified.stdout)
        check(len(verdicts) > 0 and all(0 <= v["probability"] <= 1 for v in verdicts),
              f"classify --json: {classified.stdout[:200]!r}")
    except (ValueError, KeyError, TypeError) as error:
        check(False, f"classify --json: not the expected JSON ({error}): {classified.stdout[:200]!r}")

    # Both limited children, through the launcher (how tests and old callers
    # name them) and the .h5 reader on the corpus's readable pair.
    check_decode_helper(binary, scratch)
    h5 = run(binary, ["--read-h5", os.path.join(source_dir, "tests", "corpus", "datasets", "h5-ok")],
             "--read-h5")
    check(h5.stdout[:4] == b"LLH5", f"--read-h5: reply {h5.stdout[:24]!r}")

    # A typo is an error, not a window.
    typo = subprocess.run([binary, "trian"], capture_output=True, text=True, timeout=60, env=plain_environment())
    check(typo.returncode == 2 and "train" in typo.stderr,
          f"logistic-lab trian: status {typo.returncode}, {typo.stderr.strip()}")


def main():
    meson, build_dir, bindir, datadir, app_id, compile_schemas, program_dir, source_dir = sys.argv[1:9]
    with tempfile.TemporaryDirectory(prefix="ll-install-") as destdir:
        subprocess.run([meson, "install", "-C", build_dir, "--no-rebuild", "--quiet",
                        "--destdir", destdir], check=True, stdout=subprocess.DEVNULL)

        bindir_staged = staged(destdir, bindir)
        data = staged(destdir, datadir)
        icons = os.path.join(data, "icons", "hicolor")
        program_dir_staged = staged(destdir, program_dir)
        programs = {name: os.path.join(program_dir_staged, name) for name in MUST_NOT_LINK
                    if name != "logistic-lab"}
        expected = {
            "binary": os.path.join(bindir_staged, "logistic-lab"),
            **{f"program {name}": path for name, path in programs.items()},
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
        check_elf_files([expected["binary"], *programs.values()], build_dir)
        check_no_build_path(destdir, build_dir)

        with tempfile.TemporaryDirectory(prefix="ll-install-run-") as scratch:
            # Where DESTDIR put it, then the whole prefix moved elsewhere.
            check_installed_programs(expected["binary"], source_dir, scratch)
            check_decode_helper(programs["logistic-lab-decode"], scratch)
            moved = os.path.join(scratch, "moved-prefix")
            prefix = os.path.commonpath([bindir, program_dir])
            shutil.copytree(staged(destdir, prefix), moved, symlinks=True)
            check_installed_programs(os.path.join(moved, os.path.relpath(bindir, prefix), "logistic-lab"),
                                     source_dir, scratch)

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
