#!/usr/bin/env python3
"""Makes the data files of the outside evaluation set (evaluation/data/*.csv).

Each dataset is one function, named after the case (or, for the seeded cases,
after the base program, prefixed `seeded-`), registered with @dataset. The
function repeats the source program's own numpy / scikit-learn calls with
their seeds, and says where it had to stand in for something (an unseeded
draw, MNIST). Every file has a header row and the target column last, as
GradLab's csv() reads it.

    python3 scripts/make-eval-data.py              # every dataset
    python3 scripts/make-eval-data.py --only NAME  # one (repeatable)
    python3 scripts/make-eval-data.py --list       # the names

Needs Python 3 with numpy and scikit-learn. Nothing here is copied from a
benchmark repository: the data are regenerated from the programs' calls.
"""

import argparse
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "evaluation", "data")

DATASETS = {}


def dataset(name):
    """Registers a function that makes the files of one dataset."""

    def register(fn):
        if name in DATASETS:
            raise SystemExit(f"dataset {name} registered twice")
        DATASETS[name] = fn
        return fn

    return register


def write(filename, columns, rows):
    """Writes rows (a 2-D array, target last) under a header, 9 significant digits."""
    path = os.path.join(OUT, filename)
    rows = np.asarray(rows, dtype=np.float64)
    if rows.ndim != 2 or rows.shape[1] != len(columns):
        raise SystemExit(f"{filename}: {rows.shape} does not match {len(columns)} columns")
    with open(path, "w", newline="\n") as f:
        f.write(",".join(columns) + "\n")
        for row in rows:
            f.write(",".join(format_number(v) for v in row) + "\n")
    print(f"wrote {os.path.relpath(path, ROOT)}: {rows.shape[0]} rows, {len(columns)} columns")


def format_number(v):
    if float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    return f"{v:.9g}"


def feature_names(n):
    return [f"x{i + 1}" for i in range(n)]


# --- DeepFD's real faults (evaluation/cases/deepfd/) ---------------------------------


@dataset("so-51181393")
def so_51181393():
    # data = linspace(1, 2, 100).reshape(-1, 1); y = data * 5
    x = np.linspace(1, 2, 100).reshape(-1, 1)
    y = x * 5
    write("so-51181393.csv", ["x", "y"], np.hstack([x, y]))


@dataset("so-46995209")
def so_46995209():
    # T = 1000; X = np.array(range(T)); Y = np.sin(3.5 * np.pi * X / T)
    # buggy: X as is; fixed (DeepFD's patch): X = (X - np.max(X)) / np.max(X)
    t = 1000
    x = np.array(range(t), dtype=np.float64)
    y = np.sin(3.5 * np.pi * x / t)
    write("so-46995209.csv", ["x", "y"], np.column_stack([x, y]))
    xn = (x - np.max(x)) / np.max(x)
    write("so-46995209-fixed.csv", ["x", "y"], np.column_stack([xn, y]))


@dataset("so-46642627")
def so_46642627():
    # count = 1..10000; X += [count / 10000]; Y += [(count + 1) / 100]
    # fixed (DeepFD's patch): X = (X - max(X)) / max(X); Y = (Y - max(Y)) / max(Y)
    count = np.arange(1, 10001, dtype=np.float64)
    x = count / 10000
    y = (count + 1) / 100
    write("so-46642627.csv", ["x", "y"], np.column_stack([x, y]))
    xn = (x - np.max(x)) / np.max(x)
    yn = (y - np.max(y)) / np.max(y)
    write("so-46642627-fixed.csv", ["x", "y"], np.column_stack([xn, yn]))


# --- Base programs of the seeded faults (evaluation/cases/seeded/) ---------------------
# These are DeepLocalize's fixed programs (Benchmark/StackOverflow/<id>/Correct Code) and
# DeepFD's fixed programs above; the DeepLocalize engineer's cases may read their own
# copies of the same data under other names.


@dataset("seeded-so-31556268")
def seeded_so_31556268():
    # train_data = [[1,1],[1,0],[0,0],[0,1]]; label = [[0],[1],[0],[1]]
    x = np.array([[1.0, 1.0], [1.0, 0.0], [0.0, 0.0], [0.0, 1.0]])
    y = np.array([0.0, 1.0, 0.0, 1.0])
    write("seeded-so-31556268.csv", feature_names(2) + ["y"], np.column_stack([x, y]))


@dataset("seeded-so-51930566")
def seeded_so_51930566():
    # iris; X_scaled = StandardScaler().fit_transform(X);
    # train_test_split(X_scaled, Y, test_size=0.5, random_state=2); validation_data=(X_test, Y_test)
    from sklearn.datasets import load_iris
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    iris = load_iris()
    x = StandardScaler().fit_transform(iris["data"])
    x_tr, x_te, y_tr, y_te = train_test_split(x, iris["target"], test_size=0.5, random_state=2)
    cols = feature_names(4) + ["species"]
    write("seeded-so-51930566-train.csv", cols, np.column_stack([x_tr, y_tr]))
    write("seeded-so-51930566-test.csv", cols, np.column_stack([x_te, y_te]))


@dataset("seeded-so-59278771")
def seeded_so_59278771():
    # X, encoded_Y = load_iris(return_X_y=True); X = MinMaxScaler().fit_transform(X)
    from sklearn.datasets import load_iris
    from sklearn.preprocessing import MinMaxScaler

    x, y = load_iris(return_X_y=True)
    x = MinMaxScaler().fit_transform(x)
    write("seeded-so-59278771.csv", feature_names(4) + ["species"], np.column_stack([x, y]))


@dataset("seeded-so-52800582")
def seeded_so_52800582():
    # x = np.arange(-100, 100, 0.5); y = x**4; both through their own StandardScaler
    from sklearn.preprocessing import StandardScaler

    x = np.arange(-100, 100, 0.5)
    y = x**4
    xs = StandardScaler().fit_transform(x[:, None])
    ys = StandardScaler().fit_transform(y[:, None])
    write("seeded-so-52800582.csv", ["x", "y"], np.hstack([xs, ys]))


@dataset("seeded-so-48385830")
def seeded_so_48385830():
    # The source trains on MNIST (x / 255, one-hot labels), which cannot be downloaded here:
    # scikit-learn's bundled load_digits (8x8, 64 features, pixel values 0..16) stands in,
    # scaled to [0, 1] by / 16 as the source scales by / 255; all 1797 images are trained on.
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = digits.data / 16.0
    write("seeded-so-48385830.csv", feature_names(64) + ["digit"], np.column_stack([x, digits.target]))



def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", metavar="NAME", help="make only this dataset (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the dataset names and exit")
    args = parser.parse_args()
    if args.list:
        print("\n".join(sorted(DATASETS)))
        return 0
    names = args.only or sorted(DATASETS)
    unknown = [n for n in names if n not in DATASETS]
    if unknown:
        print(f"unknown dataset(s): {', '.join(unknown)}; --list shows the names", file=sys.stderr)
        return 2
    os.makedirs(OUT, exist_ok=True)
    for name in names:
        DATASETS[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
