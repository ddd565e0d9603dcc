#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The translations, checked two ways.

check-translations.py po PO_DIR MSGFMT
    every po/<lang>.po listed in LINGUAS passes `msgfmt --check` and is
    complete: no fuzzy and no untranslated message.
check-translations.py german LOGISTIC_LAB BUILD_PO_DIR
    the built program speaks German with LANG=de_DE.UTF-8 (LANGUAGE=de) and
    the build tree's .mo (LL_LOCALEDIR): --help, train --help, two CLI errors;
    and its numbers stay locale-independent (0.693147, JSON with dots).
    Skipped, saying why, when the de_DE.UTF-8 locale is not installed.
"""

import json
import locale
import os
import subprocess
import sys

SKIP = 77


def check_po(po_dir, msgfmt):
    with open(os.path.join(po_dir, "LINGUAS"), encoding="utf-8") as f:
        languages = [w for line in f for w in line.split("#")[0].split()]
    if not languages:
        print("po/LINGUAS lists no language")
        return 1
    failed = False
    for lang in languages:
        path = os.path.join(po_dir, lang + ".po")
        result = subprocess.run([msgfmt, "--check", "--statistics", "-o", os.devnull, path],
                                capture_output=True, text=True, env=dict(os.environ, LC_ALL="C"))
        report = (result.stdout + result.stderr).strip()
        print(f"{lang}.po: {report}")
        if result.returncode != 0 or "fuzzy" in report or "untranslated" in report:
            print(f"{lang}.po: must pass msgfmt --check with every message translated, none fuzzy")
            failed = True
    return 1 if failed else 0


def german_locale_available():
    try:
        locale.setlocale(locale.LC_ALL, "de_DE.UTF-8")
    except locale.Error:
        return False
    locale.setlocale(locale.LC_ALL, "C")
    return True


def run(program, env, *args):
    return subprocess.run([program, *args], capture_output=True, encoding="utf-8", errors="replace", env=env, timeout=60)


def expect(condition, what, result):
    if not condition:
        print(f"FAILED: {what}\n--- exit {result.returncode}, stdout:\n{result.stdout}\n--- stderr:\n{result.stderr}")
        return False
    print(f"ok: {what}")
    return True


def check_german(program, build_po_dir):
    if not german_locale_available():
        print("skipped: the de_DE.UTF-8 locale is not installed "
              "(.ci/install-deps generates it: locales, /etc/locale.gen, locale-gen)")
        return SKIP
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(LANG="de_DE.UTF-8", LANGUAGE="de", LL_LOCALEDIR=build_po_dir)
    good = True

    r = run(program, env, "--help")
    good &= expect(r.returncode == 0 and "Aufruf:" in r.stdout and "das Fenster öffnen" in r.stdout,
                   "logistic-lab --help is in German", r)
    r = run(program, env, "train", "--help")
    good &= expect(r.returncode == 0 and "Lernraten, die gemeinsam trainiert werden" in r.stdout
                   and "Exit-Status" in r.stdout, "logistic-lab train --help is in German", r)
    r = run(program, env, "train", "--iterations", "0")
    good &= expect(r.returncode == 2 and "„0“ ist kleiner als 1" in r.stderr and r.stdout == "",
                   "a bad argument is reported in German", r)
    r = run(program, env, "train", "--dataset", "/nonexistent/logistic-lab-dataset")
    good &= expect(r.returncode == 2 and "existiert nicht" in r.stderr,
                   "a missing dataset is reported in German (the core's message)", r)
    r = run(program, env, "train", "--iterations", "10", "--record-every", "10",
             "--learning-rates", "0.05")
    good &= expect(r.returncode == 0 and "Cost after iteration 0: 0.693147" in r.stdout
                   and "," not in r.stdout.splitlines()[1], "printed numbers keep the decimal point", r)
    r = run(program, env, "train", "--iterations", "10", "--record-every", "10",
             "--learning-rates", "0.05", "--json")
    try:
        document = json.loads(r.stdout)
        parsed = isinstance(document, (dict, list))
    except ValueError:
        parsed = False
    good &= expect(r.returncode == 0 and parsed, "--json stays valid JSON under a German locale", r)
    return 0 if good else 1


def check_german_uninstalled(program):
    """LANG=de_DE.UTF-8 alone: the program finds the build tree's .mo by itself
    (src/common/locale-dir.c), from any working folder."""
    if not german_locale_available():
        print("skipped: the de_DE.UTF-8 locale is not installed")
        return SKIP
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("LC_") and k not in ("LANGUAGE", "LL_LOCALEDIR")}
    env.update(LANG="de_DE.UTF-8")
    good = True
    r = subprocess.run([program, "--help"], capture_output=True, encoding="utf-8", env=env, cwd="/", timeout=60)
    good &= expect(r.returncode == 0 and "Aufruf:" in r.stdout and "Exit-Status" in r.stdout,
                   "logistic-lab --help is German without LL_LOCALEDIR", r)
    r = subprocess.run([program, "train", "--iterations", "0"], capture_output=True, encoding="utf-8", env=env,
                       cwd="/", timeout=60)
    good &= expect(r.returncode == 2 and "„0“ ist kleiner als 1" in r.stderr,
                   "train's errors are German without LL_LOCALEDIR", r)
    return 0 if good else 1


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "german-uninstalled":
        return check_german_uninstalled(sys.argv[2])
    if len(sys.argv) == 4 and sys.argv[1] == "po":
        return check_po(sys.argv[2], sys.argv[3])
    if len(sys.argv) == 4 and sys.argv[1] == "german":
        return check_german(sys.argv[2], sys.argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
