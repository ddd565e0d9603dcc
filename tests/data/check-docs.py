#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The program's documentation and desktop citizenship, as installed.

Usage: check-docs.py MESON BUILD_DIR SOURCE_DIR PROGRAM PREFIX DATADIR MANDIR APP_ID

- logistic-lab(1) is installed to MANDIR/man1, and groff and man find no
  problem in it (each skipped, saying so, where not installed);
- the bash, zsh and fish completions are installed where those shells look;
- every option of every --help (the launcher's and each command's) is in
  the manual page and in the three completions, and bash completes exactly
  a subcommand's options after "--";
- every --help and the manual page document the exit statuses 0, 1 and 2;
- the lesson file type is installed for shared-mime-info and the desktop
  file opens it and the images the app classifies;
- the metainfo has its branding colours, VCS and translation entries and a
  caption for every screenshot, each one a file in data/screenshots;
- the licence is GPL-3.0-or-later in meson.build, the metainfo and COPYING,
  and every C file under src/ and tests/ starts with its SPDX line.
"""

import configparser
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

failures = []
LICENSE = "GPL-3.0-or-later"
COMMANDS = ("train", "classify", "sweep", "landscape", "step")


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


def staged(destdir, absolute_path):
    return os.path.join(destdir, absolute_path.lstrip("/"))


def english_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k not in ("LANGUAGE", "DISPLAY")}
    env["LANG"] = "C.UTF-8"
    return env


def help_text(program, *command):
    ran = subprocess.run([program, *command, "--help"], capture_output=True, encoding="utf-8",
                         env=english_env(), timeout=60)
    check(ran.returncode == 0, f"{' '.join(command) or 'logistic-lab'} --help: exit status {ran.returncode}")
    return ran.stdout


def long_options(text):
    return set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", text))


def listed_options(text):
    """The options GOption's --help lists, one a line ("  -d, --dataset=PATH  ...")."""
    return set(re.findall(r"^\s+(?:-\w, )?(--[a-z][a-z0-9-]*)", text, re.M))


def check_exit_statuses(name, text):
    flat = " ".join(text.split())
    check(re.search(r"Exit status: 0 on success; 1 on .*; 2 on a bad file or argument", flat) is not None,
          f"{name} --help does not document the exit statuses 0, 1 and 2")


def check_man_page(path):
    with open(path, encoding="utf-8") as f:
        source = f.read()
    if shutil.which("groff"):
        linted = subprocess.run(["groff", "-man", "-z", "-wall", path], capture_output=True, text=True)
        check(linted.returncode == 0 and linted.stderr == "", f"groff -wall on {path}: {linted.stderr.strip()}")
    else:
        print("groff is not installed (groff-base): the manual page is not linted")
    if shutil.which("man"):
        env = english_env()
        env["MANWIDTH"] = "80"
        shown = subprocess.run(["man", "--warnings", "-E", "UTF-8", "-l", path], capture_output=True,
                               text=True, env=env)
        check(shown.returncode == 0 and shown.stderr == "", f"man --warnings -l {path}: {shown.stderr.strip()}")
        check("EXIT STATUS" in shown.stdout, "the manual page has no EXIT STATUS section")
    else:
        print("man is not installed (man-db): the manual page is not formatted")
    plain = source.replace("\\-", "-")
    for status in ("0", "1", "2"):
        check(re.search(r"\.SH EXIT STATUS\n(.|\n)*^\.B " + status + "$", plain, re.M) is not None,
              f"the manual page's EXIT STATUS does not list {status}")
    for kind in ("The course's .h5 pair", "MNIST-family IDX files", "An image-folder tree",
                 "The built-in dataset"):
        check(re.search(re.escape(kind) + r"\n(.|\n)*?\.EX\nlogistic-lab train", plain) is not None,
              f"the manual page has no example for the dataset kind \"{kind}\"")
    return plain


def bash_completes(bash_file, *words):
    """What the bash completion offers for the command line WORDS (the last is being typed)."""
    script = ('source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _logistic_lab; '
              'printf "%s\\n" "${COMPREPLY[@]}"')
    ran = subprocess.run(["bash", "-c", script, "bash", bash_file, *words], capture_output=True, text=True,
                         cwd=tempfile.gettempdir(), timeout=60)
    check(ran.returncode == 0 and ran.stderr == "", f"bash completion of {words}: {ran.stderr.strip()}")
    return set(ran.stdout.split())


def check_completions(paths, helps):
    with open(paths["bash"], encoding="utf-8") as f:
        bash = f.read()
    with open(paths["zsh"], encoding="utf-8") as f:
        zsh = f.read()
    with open(paths["fish"], encoding="utf-8") as f:
        fish = f.read()
    check(zsh.startswith("#compdef logistic-lab"), f"{paths['zsh']} does not start with #compdef logistic-lab")
    check(re.search(r"^complete -F _logistic_lab logistic-lab$", bash, re.M) is not None,
          f"{paths['bash']} does not register _logistic_lab")
    syntax = subprocess.run(["bash", "-n", paths["bash"]], capture_output=True, text=True)
    check(syntax.returncode == 0, f"bash -n {paths['bash']}: {syntax.stderr.strip()}")
    for shell, path in (("zsh", paths["zsh"]), ("fish", paths["fish"])):
        if shutil.which(shell):
            syntax = subprocess.run([shell, "-n", path], capture_output=True, text=True)
            check(syntax.returncode == 0, f"{shell} -n {path}: {syntax.stderr.strip()}")
        else:
            print(f"{shell} is not installed: {os.path.basename(path)} is checked as text only")

    for command, options in helps.items():
        for option in options:
            name = option[2:]
            check(re.search(r"(?<![\w-])" + re.escape(option) + r"(?![\w-])", zsh) is not None,
                  f"zsh completion lacks {option} ({command or 'logistic-lab'})")
            check(re.search(r"-l " + re.escape(name) + r"(?![\w-])", fish) is not None,
                  f"fish completion lacks {option} ({command or 'logistic-lab'})")
        # bash offers exactly the command's options after "--".
        words = ["logistic-lab", command, "--"] if command else ["logistic-lab", "--"]
        offered = bash_completes(paths["bash"], *words)
        check(offered == options, f"bash completes {' '.join(words)} to {sorted(offered)}, "
                                  f"--help lists {sorted(options)}")
    check(set(COMMANDS) <= bash_completes(paths["bash"], "logistic-lab", ""),
          "bash does not complete the subcommands")
    check(bash_completes(paths["bash"], "logistic-lab", "tr") == {"train"}, "bash does not complete tr to train")


def check_mime(destdir, data, app_id, desktop_path):
    package = os.path.join(data, "mime", "packages", app_id + ".xml")
    if not check(os.path.isfile(package), f"the lesson file type is not installed at {package}"):
        return
    if shutil.which("update-mime-database"):
        database = os.path.join(data, "mime")
        env = dict(os.environ, XDG_DATA_DIRS=data)  # else it notes that the folder is not searched
        updated = subprocess.run(["update-mime-database", database], capture_output=True, text=True, env=env)
        check(updated.returncode == 0 and updated.stderr.strip() == "",
              f"update-mime-database: {updated.stderr.strip()}")
        with open(os.path.join(database, "globs2"), encoding="utf-8") as f:
            check(":application/x-logistic-lab-lesson:*.lllesson" in f.read(),
                  "update-mime-database does not map *.lllesson to application/x-logistic-lab-lesson")
    else:
        print("update-mime-database is not installed (shared-mime-info): the type is checked as text only")
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str
    entry.read(desktop_path, encoding="utf-8")
    types = entry["Desktop Entry"].get("MimeType", "").split(";")
    for wanted in ("image/png", "image/jpeg", "image/bmp", "application/x-logistic-lab-lesson"):
        check(wanted in types, f"{desktop_path}: MimeType lacks {wanted}")


def check_metainfo(path, source_dir):
    root = ET.parse(path).getroot()
    check(root.findtext("project_license") == LICENSE, f"{path}: project_license is not {LICENSE}")
    schemes = {color.get("scheme_preference"): color.text for color in root.findall("branding/color")}
    for scheme in ("light", "dark"):
        check(re.fullmatch(r"#[0-9a-fA-F]{6}", schemes.get(scheme) or "") is not None,
              f"{path}: no {scheme} branding colour")
    check((root.findtext("url[@type='vcs-browser']") or "").startswith("https://"), f"{path}: no vcs-browser URL")
    check(root.findtext("translation[@type='gettext']") == "logistic-lab",
          f"{path}: no <translation type=\"gettext\">logistic-lab</translation>")
    check(root.find("content_rating") is not None, f"{path}: no content_rating")
    shots = root.findall("screenshots/screenshot")
    check(len(shots) >= 2, f"{path}: fewer than two screenshots")
    present = set(os.listdir(os.path.join(source_dir, "data", "screenshots")))
    for shot in shots:
        url = shot.findtext("image") or ""
        check(bool((shot.findtext("caption") or "").strip()), f"{path}: a screenshot without a caption: {url}")
        check(os.path.basename(url) in present, f"{path}: {url} is not a file in data/screenshots")


def check_spdx(source_dir):
    """Every C source and header under src/ and tests/ starts with its SPDX line."""
    line = "/* SPDX-License-Identifier: " + LICENSE + " */"
    for top in ("src", "tests"):
        for folder, subfolders, files in os.walk(os.path.join(source_dir, top)):
            subfolders[:] = [d for d in subfolders if d not in ("corpus", "hdf5-crashes")]
            for name in files:
                if name.endswith((".c", ".h")):
                    path = os.path.join(folder, name)
                    with open(path, encoding="utf-8", errors="replace") as f:
                        first = f.readline().rstrip("\n")
                    check(first == line, f"{os.path.relpath(path, source_dir)}: the first line is not {line}")


def check_licence(source_dir):
    with open(os.path.join(source_dir, "meson.build"), encoding="utf-8") as f:
        project = re.search(r"^project\((.|\n)*?^\)", f.read(), re.M).group(0)
    licence = re.search(r"license: '([^']*)'", project)
    check(licence is not None and licence.group(1) == LICENSE,
          f"meson.build: license is {licence and licence.group(1)}, expected {LICENSE}")
    with open(os.path.join(source_dir, "COPYING"), encoding="utf-8") as f:
        text = f.read()
    check("GNU GENERAL PUBLIC LICENSE" in text[:200] and "Version 3, 29 June 2007" in text[:200]
          and "END OF TERMS AND CONDITIONS" in text, "COPYING is not the full text of the GPL version 3")


def main():
    meson, build_dir, source_dir, program, prefix, datadir, mandir, app_id = sys.argv[1:9]

    helps = {}
    top = help_text(program)
    check_exit_statuses("logistic-lab", top)
    for command in COMMANDS:
        text = help_text(program, command)
        check_exit_statuses(command, text)
        helps[command] = listed_options(text)
        check(f"logistic-lab {command} " in top, f"logistic-lab --help does not show {command}")
    # The launcher's own options (its usage is a synopsis of the commands').
    helps[""] = {"--help", "--version"}

    with tempfile.TemporaryDirectory(prefix="ll-docs-") as destdir:
        subprocess.run([meson, "install", "-C", build_dir, "--no-rebuild", "--quiet", "--destdir", destdir],
                       check=True, stdout=subprocess.DEVNULL)
        data = staged(destdir, datadir)
        paths = {
            "man": os.path.join(staged(destdir, mandir), "man1", "logistic-lab.1"),
            "bash": os.path.join(data, "bash-completion", "completions", "logistic-lab"),
            "zsh": os.path.join(data, "zsh", "site-functions", "_logistic-lab"),
            "fish": os.path.join(data, "fish", "vendor_completions.d", "logistic-lab.fish"),
        }
        for what, path in paths.items():
            check(os.path.isfile(path), f"the {what} file is not installed at {os.path.relpath(path, destdir)}")
        if not failures:
            man = check_man_page(paths["man"])
            for command, options in helps.items():
                for option in options:
                    check(re.search(re.escape(option) + r"(?![\w-])", man) is not None,
                          f"the manual page lacks {option} ({command or 'logistic-lab'})")
            check_completions(paths, helps)
        check_mime(destdir, data, app_id, os.path.join(data, "applications", app_id + ".desktop"))
        check_metainfo(os.path.join(data, "metainfo", app_id + ".metainfo.xml"), source_dir)
    check_licence(source_dir)
    check_spdx(source_dir)

    for message in failures:
        print("FAIL:", message)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
