#!/usr/bin/python3
"""Makes the built-in tables (compiled into the program with the Fashion pair).

digits.csv.gz: the 8x8 digits of UCI's "Optical Recognition of Handwritten
    Digits" (CC BY 4.0; Alpaydin and Kaynak), as Debian's python3-sklearn
    ships them (sklearn/datasets/data/digits.csv.gz: 1797 rows of 64 values
    0..16 and the digit), with a header naming each pixel rRcC and the label
    "digit". Its licence and attribution: COPYING.digits.
exams.csv: a two-feature set for the two-feature picture, made here from a
    fixed seed: two exam scores (0..100) of 100 students and whether each
    was admitted ("yes"/"no"), two overlapping clouds as in the course's
    classic admissions example. Ours, under the program's licence.

Run from anywhere: python3 data/builtin/make-tables.py
"""

import csv
import gzip
import io
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
DIGITS = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"


def write_gzip(path, text):
    # mtime 0 and no file name: the same bytes on every run.
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as out:
            out.write(text.encode("utf-8"))


def make_digits():
    with gzip.open(DIGITS, "rt", encoding="ascii") as f:
        rows = [line.strip().split(",") for line in f if line.strip()]
    assert len(rows) == 1797 and all(len(r) == 65 for r in rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f"r{r}c{c}" for r in range(8) for c in range(8)] + ["digit"])
    for row in rows:
        writer.writerow([str(int(float(v))) for v in row])
    write_gzip(os.path.join(HERE, "digits.csv.gz"), out.getvalue())


def make_exams():
    rng = random.Random(1207)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["exam 1", "exam 2", "admitted"])
    for i in range(100):
        admitted = i % 2 == 0
        centre = (68, 70) if admitted else (48, 50)
        x1 = min(100.0, max(0.0, rng.gauss(centre[0], 11)))
        x2 = min(100.0, max(0.0, rng.gauss(centre[1], 11)))
        writer.writerow([f"{x1:.1f}", f"{x2:.1f}", "yes" if admitted else "no"])
    with open(os.path.join(HERE, "exams.csv"), "w", encoding="utf-8") as f:
        f.write(out.getvalue())


make_digits()
make_exams()
