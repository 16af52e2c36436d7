#!/usr/bin/env python3
"""Writes the data of the outside evaluation set: evaluation/data/*.csv.

Run from anywhere (paths are relative to this script), with Python 3, numpy,
pandas and scikit-learn:

    python3 scripts/make-eval-data.py              # every file
    python3 scripts/make-eval-data.py --only so-31556268 --only digits
    python3 scripts/make-eval-data.py --list       # the names and their files
    python3 scripts/make-eval-data.py --check      # compare with the files on disk

The DeepLocalize cases' files are written with 7 significant digits, the
DeepFD and seeded cases' with 9 (`table()`), as each set was first made.

Each case's data is made by one function, named after the case (so-31556268
is `so_31556268`), that returns its files as {file name: DataFrame}. The
function repeats the source program's own calls where the source generated
its data (`make_multilabel_classification(...)`, `load_iris()`, `np.arange`
...), seeded here so the files are reproducible (a source without a seed says
so in its docstring). Where the source read a file that exists only in its
repository, the function makes a stand-in of the same shape and nature and its
docstring says what it keeps; nothing is copied from a source repository.
MNIST cannot be downloaded here: cases that used it read scikit-learn's
bundled `load_digits()` (8x8 images, 64 features, 10 classes) instead.

Files have a header row and the target column(s) last, as GradLab's `csv()`
reads them. Numbers are written with 7 significant digits (float32 precision,
what Keras trained with and what GradLab reads), so a re-run on the same
library versions gives byte-identical files.
"""

import argparse
import os
import random
import sys
import warnings

import numpy as np
import pandas as pd
from sklearn.datasets import load_digits, load_iris, make_multilabel_classification
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder, MinMaxScaler, StandardScaler, scale

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
DATA_DIR = os.path.join(ROOT, "evaluation", "data")

# name -> function returning {file name: DataFrame}
DATASETS = {}


def dataset(function):
    """Registers a data function under its case's name: the first '_' becomes '-' (so_31556268 → so-31556268)."""
    DATASETS[function.__name__.replace("_", "-", 1)] = function
    return function


def frame(x, y, feature_names=None, target_names=("label",)):
    """A DataFrame of features x (rows) then targets y (a vector, or rows for several targets)."""
    x = np.asarray(x)
    y = np.asarray(y)
    if y.ndim == 1:
        y = y.reshape(-1, 1)
    if feature_names is None:
        feature_names = [f"x{i + 1}" for i in range(x.shape[1])]
    if len(target_names) != y.shape[1]:
        target_names = [f"y{i + 1}" for i in range(y.shape[1])]
    data = np.hstack([x.astype(np.float64), y.astype(np.float64)])
    return pd.DataFrame(data, columns=list(feature_names) + list(target_names))


def quiet(scaler, x):
    """scaler(x) without scikit-learn's warning that centering large values (~1e8, ~3e9) may lose
    precision: in float64 it loses none that the float32 CSV keeps."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return scaler(x)


def one_hot(labels, k, prefix="c"):
    """One-hot rows for class indices, with column names prefix0, prefix1, ..."""
    labels = np.asarray(labels, dtype=int)
    return np.eye(k)[labels], [f"{prefix}{i}" for i in range(k)]


# ---------------------------------------------------------------------------
# Shared: scikit-learn's digits, standing in for MNIST.


@dataset
def digits():
    """load_digits() standing in for MNIST (which cannot be downloaded here).

    digits.csv: the 64 pixels divided by 16, so they lie in [0, 1] as MNIST's
    x / 255 does; the label is the digit (class index 0-9).
    digits-onehot.csv: the same pixels with the label one-hot in d0...d9, for
    programs that train mse or binary cross-entropy on to_categorical targets.
    digits-255.csv: the pixels on MNIST's raw 0-255 scale (x * 255 / 16,
    rounded), for programs that forgot to divide by 255.
    """
    d = load_digits()
    x01 = d.data / 16.0
    names = [f"p{i}" for i in range(64)]
    hot, hot_names = one_hot(d.target, 10, prefix="d")
    return {
        "digits.csv": frame(x01, d.target, names),
        "digits-onehot.csv": frame(x01, hot, names, hot_names),
        "digits-255.csv": frame(np.round(d.data * 255.0 / 16.0), d.target, names),
    }


# ---------------------------------------------------------------------------
# DeepLocalize benchmark (Wardat-ISU/DeepLocalize@297bc34), Stack Overflow cases.


@dataset
def so_31556268():
    """XOR, the four rows the source writes out: [1,1]→0, [1,0]→1, [0,0]→0, [0,1]→1."""
    x = [[1, 1], [1, 0], [0, 0], [0, 1]]
    return {"so-31556268.csv": frame(x, [0, 1, 0, 1])}


@dataset
def so_31627380():
    """Stand-in for Kaggle's Titanic train.csv (only in the source repository).

    Same shape and nature: 891 passengers, the ten columns the source keeps
    (Pclass, Name, Sex, Age, SibSp, Parch, Ticket, Fare, Cabin, Embarked)
    after its own preprocessing: Age and Fare filled with their mean, the eight
    categorical columns label-encoded over train and test as its LabelEncoder
    does (so Name runs to ~1300 and Ticket to ~930: large unscaled codes).
    Survival (38%) depends on sex, class and age through a logistic model.
    so-31627380.csv has the label (0 died, 1 survived); so-31627380-onehot.csv
    the to_categorical columns died, survived.
    """
    rng = np.random.default_rng(31627380)
    n = 891
    pclass = rng.choice([1, 2, 3], size=n, p=[0.242, 0.206, 0.552])
    female = rng.random(n) < 0.352
    age = np.clip(rng.normal(29.7, 14.5, n), 0.42, 80.0)
    age[rng.random(n) < 0.199] = np.nan
    age = np.where(np.isnan(age), np.nanmean(age), age)
    sibsp = rng.choice([0, 1, 2, 3, 4, 5, 8], size=n, p=[0.682, 0.235, 0.031, 0.018, 0.02, 0.006, 0.008])
    parch = rng.choice([0, 1, 2, 3, 4, 5, 6], size=n, p=[0.761, 0.132, 0.09, 0.006, 0.004, 0.006, 0.001])
    name = rng.choice(1307, size=n, replace=False)  # codes of distinct names among 1307
    ticket = rng.integers(0, 929, size=n)
    median_fare = np.select([pclass == 1, pclass == 2], [60.0, 14.0], 8.0)
    fare = np.clip(median_fare * rng.lognormal(0.0, 0.6, n), 0.0, 512.3292)
    has_cabin = rng.random(n) < np.select([pclass == 1, pclass == 2], [0.8, 0.1], 0.03)
    cabin = np.where(has_cabin, rng.integers(0, 186, size=n), 186)  # 'missing' sorts last
    embarked = rng.choice([0, 1, 2, 3], size=n, p=[0.188, 0.086, 0.724, 0.002])  # C, Q, S, missing
    logit = -1.1 + 2.6 * female - 0.95 * (pclass - 2) - 0.03 * (age - 30) - 0.25 * (sibsp > 2)
    survived = (rng.random(n) < 1.0 / (1.0 + np.exp(-logit))).astype(int)
    x = np.column_stack([
        pclass - 1, name, np.where(female, 0, 1), age, np.searchsorted([0, 1, 2, 3, 4, 5, 8], sibsp),
        parch, ticket, fare, cabin, embarked,
    ])
    names = ["Pclass", "Name", "Sex", "Age", "SibSp", "Parch", "Ticket", "Fare", "Cabin", "Embarked"]
    hot, _ = one_hot(survived, 2)
    return {
        "so-31627380.csv": frame(x, survived, names),
        "so-31627380-onehot.csv": frame(x, hot, names, ["died", "survived"]),
    }


@dataset
def so_31880720():
    """The source's rows: [1]*128 labelled True and [0]*128 labelled False.

    The source has 10**4 of each for training and 10**2 of each for testing;
    the file has the test set's 100 of each (the training set is the same two
    rows repeated, so the case trains on these with 100x the epochs).
    """
    x = np.array([[1] * 128] * 100 + [[0] * 128] * 100)
    y = np.array([1] * 100 + [0] * 100)
    return {"so-31880720.csv": frame(x, y)}


@dataset
def so_33969059():
    """The source's get_data(): x = 10000 * rand(n, 3), y = x . ws + xno.

    buggy: ws = [2.0, 1.0, 0.5], xno = 2.2 (the source's else-branch);
    fixed: the same divided by max |.| = 2.2 (ws = [0.909, 0.4545, 0.227], xno = 1).
    The source draws 100,000 training rows; the files keep 5,000 (same
    distribution) so they stay small. np.random.seed(33969059): the source has
    no seed.
    """
    np.random.seed(33969059)
    n = 5000
    ws = np.array([2.0, 1.0, 0.5])
    xno = 2.2
    x = np.multiply(10000, np.random.rand(n, 3))
    mx = max(abs(v) for v in list(ws) + [xno])
    return {
        "so-33969059-buggy.csv": frame(x, x @ ws + xno),
        "so-33969059-fixed.csv": frame(x, x @ (ws / mx) + xno / mx),
    }


@dataset
def so_34311586():
    """The source's six rows: [1,1]→0, [0,0]→0, [1,0]→1, [0,1]→1, [1,1]→0, [0,0]→0."""
    x = [[1, 1], [0, 0], [1, 0], [0, 1], [1, 1], [0, 0]]
    return {"so-34311586.csv": frame(x, [0, 0, 1, 1, 0, 0])}


@dataset
def so_34673164():
    """Stand-in for the source's dataset.csv (county results, only in its repository).

    Same shape and nature: 9 rows (pandas takes the file's first row as the
    header), 16 unscaled numeric columns on their scales (populations up to
    ~7e5, counts up to ~3e5, incomes ~1e5, percentages, a few values near 1),
    two classes (4 and 5 rows), one-hot in obama, romney as to_categorical
    makes them.
    """
    rng = np.random.default_rng(34673164)
    n = 9
    cols = [
        rng.lognormal(np.log(6e4), 1.1, n),  # population
        rng.uniform(34.5, 41.8, n),  # median age
        None,  # a copy of the median age, with one outlier (as in the source)
        rng.uniform(9.7, 31.5, n),
        rng.uniform(9.5, 21.3, n),
        None,  # a near-copy of the previous column
        rng.lognormal(np.log(2e4), 1.3, n),
        rng.lognormal(np.log(2e4), 1.5, n),
        rng.uniform(2.41, 2.63, n),
        rng.uniform(51.9, 74.7, n),
        rng.uniform(14.3, 28.8, n),
        rng.uniform(10.2, 31.6, n),
        rng.uniform(5.6e4, 1.6e5, n),
        rng.uniform(-1.2, 2.2, n),
        rng.uniform(-1.0, 2.3, n),
        rng.uniform(0.14, 0.93, n),
    ]
    cols[2] = cols[1].copy()
    cols[2][7] = 313.13
    cols[5] = cols[4] + np.where(rng.random(n) < 0.2, 0.6, 0.0)
    x = np.column_stack(cols)
    labels = np.array([0, 0, 0, 0, 1, 1, 1, 1, 1])
    hot, _ = one_hot(labels, 2)
    return {"so-34673164.csv": frame(x, hot, target_names=["obama", "romney"])}


@dataset
def so_38648195():
    """make_multilabel_classification(n_samples=..., n_features=20, n_classes=3) as the source.

    The source draws 60,000 samples without a seed; the file has 6,000
    (random_state=38648195) so it stays small. Three 0/1 targets y1...y3.
    """
    x, y = make_multilabel_classification(
        n_samples=6000, n_features=20, n_classes=3, random_state=38648195)
    return {"so-38648195.csv": frame(x, y, target_names=["y1", "y2", "y3"])}


@dataset
def so_39217567():
    """The source's 256 8-bit patterns (bin(i), most significant bit first).

    buggy: the targets are the patterns shuffled (random.shuffle(y); seeded
    here with random.seed(7), the fixed version's seed: the buggy one has none);
    fixed: the targets are the patterns themselves (the shuffle commented out).
    """
    dim = 8
    x = []
    for i in range(2**dim):
        n = [float(b) for b in bin(i)[2:]]
        x.append([0.0] * (dim - len(n)) + n)
    y = x[:]
    random.seed(7)
    random.shuffle(y)
    names = [f"b{i + 1}" for i in range(dim)]
    targets = [f"y{i + 1}" for i in range(dim)]
    return {
        "so-39217567-buggy.csv": frame(x, y, names, targets),
        "so-39217567-fixed.csv": frame(x, x, names, targets),
    }


@dataset
def so_39525358():
    """Stand-in for the source's 'sorted output.csv' (only in its repository).

    Same shape and nature: 20 rows of three character codes and a label: label
    0 rows start 65, 66 ('A', 'B'), label 1 rows start 68, 69 ('D', 'E'); the
    third code is 67 or 70, mostly the one that continues the run. Raw codes
    (65-70, far from unit scale) in so-39525358.csv; StandardScaler over all
    rows, as the fixed source does before its split, in so-39525358-scaled.csv.
    """
    rng = np.random.default_rng(39525358)
    label = np.array([0] * 12 + [1] * 8)
    rng.shuffle(label)
    a = np.where(label == 1, 68, 65)
    usual = np.where(label == 1, 70, 67)
    other = np.where(label == 1, 67, 70)
    c = np.where(rng.random(20) < 0.85, usual, other)
    x = np.column_stack([a, a + 1, c]).astype(float)
    return {
        "so-39525358.csv": frame(x, label),
        "so-39525358-scaled.csv": frame(StandardScaler().fit_transform(x), label),
    }


@dataset
def so_41372874():
    """Stand-in for the source's SIN.csv (only in its repository).

    Same shape and nature: 299 rows of a sine value and an earlier sine value
    (SIN, SIN-1 in the source; sin θ and sin(θ − δ) here), and the label
    Direction, which is 1 in every row of the source's file.
    """
    rng = np.random.default_rng(41372874)
    n = 299
    theta = rng.uniform(0.0, 2.0 * np.pi, n)
    delta = rng.uniform(0.06, 1.2, n)
    x = np.column_stack([np.sin(theta), np.sin(theta - delta)])
    return {"so-41372874.csv": frame(x, np.ones(n, dtype=int), ["sin", "sin_prev"])}


@dataset
def so_44066044():
    """Stand-in for the source's NetworkPackets.csv (only in its repository).

    Same shape and nature: 21 packets, 11 numeric columns as the capture has
    them: source and destination IPv4 addresses as integers (~3.2e9), protocol
    6, ttl 128, window sizes (~8e3-5e5), ports, flags, sizes; the label is 1
    for the packets from one host (13 rows) and 0 for the others (8 rows).
    Raw in so-44066044.csv; preprocessing.scale(X), as the fixed source does,
    in so-44066044-scaled.csv.
    """
    rng = np.random.default_rng(44066044)
    base = 3232235520  # 192.168.0.0
    label = np.array([0] * 8 + [1] * 13)
    src = np.where(label == 1, base + 261, base + rng.choice([253, 258], 21))
    dst = np.full(21, base + 259)
    proto = np.full(21, 6)
    ttl = np.full(21, 128)
    window = np.where(label == 1, rng.choice([8192, 525558, 525568], 21),
                      rng.choice([524032, 524288, 524544], 21))
    port = rng.choice([502, 55783, 55924, 56783], 21)
    flag = np.where(rng.random(21) < 0.45, 12, 0)
    value = np.where(flag == 12, rng.choice([0.0, 0.860417, 61.0, 65280.0], 21), 0.0)
    size = np.where(flag == 12, np.where(label == 1, 5, 6), 0)
    zero = np.zeros(21)
    tail = np.where(flag == 12, np.where(label == 1, rng.integers(100, 103, 21), rng.integers(206, 208, 21)), 0)
    x = np.column_stack([src, dst, proto, ttl, window, port, flag, value, size, zero, tail]).astype(float)
    return {
        "so-44066044.csv": frame(x, label),
        "so-44066044-scaled.csv": frame(quiet(scale, x), label),
    }


@dataset
def so_45337371():
    """The source's x, y = np.random.uniform(size=(1000, 5, 1)), flattened.

    Its Dense layers act on the last axis, so each of the 5 positions of a
    sample is an independent row: 5,000 rows of one feature and a target in
    [0, 1]. np.random.seed(45337371): the source has no seed.
    """
    np.random.seed(45337371)
    x = np.random.uniform(size=(1000, 5, 1))
    y = np.random.uniform(size=(1000, 5, 1))
    return {"so-45337371.csv": frame(x.reshape(-1, 1), y.reshape(-1))}


@dataset
def so_45442843():
    """Stand-in for the source's dataset.csv (only in its repository).

    Same shape and nature: 999 rows (pandas takes the first row as the
    header) of one integer feature uniform in [15000, 25000) and the label
    x < 20000. Raw in so-45442843.csv; preprocessing.scale(X), as the fixed
    source does, in so-45442843-scaled.csv.
    """
    rng = np.random.default_rng(45442843)
    x = rng.integers(15000, 25000, size=(999, 1)).astype(float)
    y = (x[:, 0] < 20000).astype(int)
    return {
        "so-45442843.csv": frame(x, y),
        "so-45442843-scaled.csv": frame(scale(x), y),
    }


@dataset
def so_47724077():
    """Stand-in for UCI Adult's adult.data (in the source repository; not downloadable here).

    Same nature, fewer rows: 3,000 people (of 32,561), the 14 columns in
    adult.data's order, numeric ones on their own scales (age 17-90, fnlwgt
    ~2e5, capital-gain up to 99999, hours-per-week ~40) and the categorical
    ones as LabelEncoder codes, the encoding the source computes before its
    to_categorical assignment (which pandas refuses; see the case's header).
    The label is income >50K (24%), logistic in education, age, hours,
    capital gain, sex and marital status.
    """
    rng = np.random.default_rng(47724077)
    n = 3000
    age = np.clip(np.round(rng.gamma(3.0, 7.2, n) + 17), 17, 90)
    workclass_share = np.array([0.056, 0.03, 0.064, 0.0003, 0.697, 0.035, 0.078, 0.04, 0.0004])
    workclass = rng.choice(9, n, p=workclass_share / workclass_share.sum())
    fnlwgt = np.clip(np.round(rng.lognormal(np.log(178000), 0.55, n)), 12285, 1484705)
    edu_num = np.clip(np.round(rng.normal(10.1, 2.6, n)), 1, 16)
    education = (edu_num * 7) % 16  # LabelEncoder sorts the names alphabetically, not by level
    married = rng.random(n) < 0.46
    marital = np.where(married, 2, rng.choice([0, 3, 4, 5, 6], n, p=[0.25, 0.03, 0.6, 0.06, 0.06]))
    occupation = rng.integers(0, 15, n)
    relationship = np.where(married, rng.choice([0, 5], n, p=[0.88, 0.12]), rng.choice([1, 2, 3, 4], n))
    race = rng.choice(5, n, p=[0.01, 0.03, 0.1, 0.01, 0.85])
    male = rng.random(n) < 0.67
    gain = np.where(rng.random(n) < 0.083, np.round(rng.lognormal(np.log(5000), 1.0, n)), 0)
    gain = np.where(rng.random(n) < 0.005, 99999, np.clip(gain, 0, 99999))
    loss = np.where(rng.random(n) < 0.047, np.round(rng.normal(1870, 360, n)), 0).clip(0, 4356)
    hours = np.clip(np.round(rng.normal(40.4, 12.3, n)), 1, 99)
    country = np.where(rng.random(n) < 0.9, 39, rng.integers(0, 42, n))
    logit = (-8.1 + 0.33 * edu_num + 0.035 * (age - 17) + 0.03 * hours + 1.9 * married
             + 0.35 * male + 2.5 * (gain > 5000))
    label = (rng.random(n) < 1.0 / (1.0 + np.exp(-logit))).astype(int)
    x = np.column_stack([age, workclass, fnlwgt, education, edu_num, marital, occupation,
                         relationship, race, np.where(male, 1, 0), gain, loss, hours, country])
    names = ["age", "workclass", "fnlwgt", "education", "education_num", "marital_status",
             "occupation", "relationship", "race", "sex", "capital_gain", "capital_loss",
             "hours_per_week", "native_country"]
    return {"so-47724077.csv": frame(x, label, names)}


@dataset
def so_48221692():
    """The source's Linear_Data.csv is x from -10 to 10 by 0.1 and y = x**2 + 3 (201 rows).

    Regenerated from that formula, then split as the source does:
    numpy.random.seed(7); train_test_split(X, Y, test_size=0.25). The file
    holds the 150 training rows, the only ones the source trains on.
    """
    x = np.round(np.linspace(-10.0, 10.0, 201), 1).reshape(-1, 1)
    y = x[:, 0] ** 2 + 3.0
    np.random.seed(7)
    x_train, _, y_train, _ = train_test_split(x, y, test_size=0.25)
    return {"so-48221692.csv": frame(x_train, y_train)}


@dataset
def so_48251943():
    """Stand-in for the source's Book1.csv (only in its repository).

    Same shape and nature: 17 rows; the source predicts column 1 from columns
    2 and 3, all small reals around 0.6 (between -1.1 and 2.7, three decimals).
    """
    rng = np.random.default_rng(48251943)
    x = np.round(rng.normal(0.6, 0.85, (17, 2)), 3)
    y = np.round(rng.normal(0.9, 0.9, 17), 3)
    return {"so-48251943.csv": frame(x, y)}


@dataset
def so_48934338():
    """The source's X = np.arange(0.0, 5.0, 0.1), y = 5 * X**2 + np.random.randn(50)**3 (50 rows).

    np.random.seed(48934338): the source sets `seed = 7` but never uses it.
    """
    np.random.seed(48934338)
    x = np.arange(0.0, 5.0, 0.1, dtype="float32").reshape(-1, 1)
    y = 5 * np.power(x, 2) + np.power(np.random.randn(50).reshape(-1, 1), 3)
    return {"so-48934338.csv": frame(x, y[:, 0])}


@dataset
def so_50306988():
    """The source's uniform clusters. np.random.seed(50306988): the sources have none.

    buggy (so-50306988-buggy.csv): class_1 = uniform(0.2, 0.4, 200),
    class_2 = uniform(low=0.7, high=0.5, 200) (values in [0.5, 0.7]); rows
    [class_1[i], class_1[i+1]] → 1 and [class_2[i], class_2[i+1]] → 2 for even
    i, then LabelEncoder: 200 rows, labels 0/1.
    fixed (so-50306988-fixed.csv): cls0 = uniform(0.2, 0.4, (200, 2)),
    cls1 = uniform(0.5, 0.7, (200, 2)), concatenated and shuffled: 400 rows.
    """
    np.random.seed(50306988)
    size = 200
    class_1 = np.random.uniform(low=0.2, high=0.4, size=(size,))
    class_2 = np.random.uniform(low=0.7, high=0.5, size=(size,))
    rows = []
    for i in range(0, size, 2):
        rows.append([class_1[i], class_1[i + 1], 1])
        rows.append([class_2[i], class_2[i + 1], 2])
    rows = np.array(rows)
    labels = LabelEncoder().fit_transform(rows[:, 2])
    cls0 = np.random.uniform(low=0.2, high=0.4, size=(size, 2))
    cls1 = np.random.uniform(low=0.5, high=0.7, size=(size, 2))
    x = np.concatenate((cls0, cls1))
    y = np.concatenate((np.zeros(size), np.ones(size)))
    order = np.arange(x.shape[0])
    np.random.shuffle(order)
    return {
        "so-50306988-buggy.csv": frame(rows[:, :2], labels, ["x", "y"]),
        "so-50306988-fixed.csv": frame(x[order], y[order].astype(int)),
    }


@dataset
def so_50481178():
    """make_multilabel_classification(n_samples=1000, n_features=4, n_classes=1), as the source.

    Then LabelEncoder on the targets and train_test_split(test_size=0.20);
    Keras's validation_split=0.10 keeps the last 10% of the training rows for
    validation, so so-50481178-train.csv has the first 720 training rows and
    so-50481178-val.csv the last 80. random_state=50481178 for both calls: the
    source has none.
    """
    x, y = make_multilabel_classification(
        n_samples=1000, n_features=4, n_classes=1, random_state=50481178)
    y = LabelEncoder().fit_transform(y.ravel())
    x_train, _, y_train, _ = train_test_split(x, y, test_size=0.20, random_state=50481178)
    cut = len(x_train) - int(len(x_train) * 0.10)
    return {
        "so-50481178-train.csv": frame(x_train[:cut], y_train[:cut]),
        "so-50481178-val.csv": frame(x_train[cut:], y_train[cut:]),
    }


IRIS_NAMES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


@dataset
def so_51930566():
    """load_iris(), split as the source: train_test_split(X, Y, test_size=0.5, random_state=2).

    The buggy source trains on the raw features (its second split overwrites
    the scaled one); the fixed one on StandardScaler().fit_transform(X). The
    label is the class index (the source one-hot encodes it for
    categorical_crossentropy). 75 rows in each file.
    """
    iris = load_iris()
    x, y = iris["data"], iris["target"]
    x_scaled = StandardScaler().fit_transform(x)
    xr_train, xr_test, y_train, y_test = train_test_split(x, y, test_size=0.5, random_state=2)
    xs_train, xs_test, _, _ = train_test_split(x_scaled, y, test_size=0.5, random_state=2)
    return {
        "so-51930566-train.csv": frame(xr_train, y_train, IRIS_NAMES),
        "so-51930566-test.csv": frame(xr_test, y_test, IRIS_NAMES),
        "so-51930566-scaled-train.csv": frame(xs_train, y_train, IRIS_NAMES),
        "so-51930566-scaled-test.csv": frame(xs_test, y_test, IRIS_NAMES),
    }


@dataset
def so_52800582():
    """The source's x = np.arange(-100, 100, 0.5), y = x**4 (400 rows).

    Raw in so-52800582.csv; both standardized with StandardScaler, as the
    fixed source does, in so-52800582-scaled.csv.
    """
    x = np.arange(-100, 100, 0.5)
    y = x**4
    xs = StandardScaler().fit_transform(x[:, None])
    ys = quiet(StandardScaler().fit_transform, y[:, None])
    return {
        "so-52800582.csv": frame(x[:, None], y),
        "so-52800582-scaled.csv": frame(xs, ys[:, 0]),
    }


@dataset
def so_58609115():
    """Stand-in for the source's export78.csv (only in its repository).

    The source's own generator (its untitled26.py) labels a number by its
    length and leading digit: 0 for one digit, else the leading digit plus
    10**(length - 2) (2-10, 11-19, 101-109, ...). Same shape and nature: 2,209
    numbers of 1 to 9 digits (one feature, up to ~1e9, unscaled) over the
    source's 69 label values, one-hot encoded in sorted order as its
    OneHotEncoder does, then train_test_split(test_size=0.2) (random_state=
    58609115: the source has none): the 1,767 training rows. The label is the
    class index in so-58609115.csv and one-hot in c0...c68 in
    so-58609115-onehot.csv.
    """
    rng = np.random.default_rng(58609115)
    numbers, labels = [], []
    while len(numbers) < 2209:
        length = int(rng.integers(1, 10))
        lead = int(rng.integers(1, 10))
        if length == 5 and lead not in (2, 6, 7, 8, 9):
            continue  # the source's file has no 5-digit numbers led by 1, 3, 4 or 5
        rest = int(rng.integers(0, 10 ** (length - 1))) if length > 1 else 0
        numbers.append(lead * 10 ** (length - 1) + rest)
        labels.append(0 if length == 1 else lead + 10 ** (length - 2))
    values = sorted(set(labels))
    assert len(values) == 69
    index = np.array([values.index(v) for v in labels])
    x = np.array(numbers, dtype=float).reshape(-1, 1)
    x_train, _, c_train, _ = train_test_split(x, index, test_size=0.2, random_state=58609115)
    hot, hot_names = one_hot(c_train, 69)
    return {
        "so-58609115.csv": frame(x_train, c_train, ["number"]),
        "so-58609115-onehot.csv": frame(x_train, hot, ["number"], hot_names),
    }


@dataset
def so_59278771():
    """Iris. The buggy source reads UCI's iris.data; load_iris() has the same 150 rows
    (scikit-learn's copy corrects two values of the UCI file, as Fisher's paper has them).

    Raw in so-59278771.csv; MinMaxScaler().fit_transform(X), as the fixed
    source does, in so-59278771-minmax.csv. The label is the class index.
    """
    x, y = load_iris(return_X_y=True)
    return {
        "so-59278771.csv": frame(x, y, IRIS_NAMES),
        "so-59278771-minmax.csv": frame(MinMaxScaler().fit_transform(x), y, IRIS_NAMES),
    }


# ---------------------------------------------------------------------------
# DeepLocalize benchmark, GitHub cases.


@dataset
def gh_averaging_neural_networks():
    """vincenty2022/Averaging_Neural_Networks: generate_dataset(10000) and preprocess() as the source.

    Rows [n1, n2, (n1 + n2) / 2] for n1, n2 = random.randint(0, 100), all
    divided by 100. random.seed(53): the source has none.
    """
    random.seed(53)
    rows = []
    for _ in range(10000):
        n1 = random.randint(0, 100)
        n2 = random.randint(0, 100)
        rows.append([n1, n2, (n1 + n2) / 2])
    data = np.array(rows) / 100
    return {"gh-averaging_neural_networks.csv": frame(data[:, :2], data[:, 2])}


@dataset
def gh_kerasma():
    """Stand-in for the Pima Indians diabetes data (in the source repository; not in scikit-learn).

    Same shape and nature: 768 women, the 8 columns in the file's order on
    their own scales (pregnancies 0-17, glucose ~120, blood pressure ~69, skin
    thickness and insulin with many zeros, insulin up to ~850, BMI ~32,
    pedigree ~0.47, age 21-81), and the 0/1 outcome (35% positive), logistic
    in glucose, BMI, age and pregnancies.
    """
    rng = np.random.default_rng(2430)
    n = 768
    preg = np.clip(rng.poisson(3.8, n), 0, 17)
    glucose = np.clip(np.round(rng.normal(121, 31, n)), 44, 199)
    glucose[rng.random(n) < 0.007] = 0
    bp = np.clip(np.round(rng.normal(72, 12, n)), 24, 122)
    bp[rng.random(n) < 0.046] = 0
    skin = np.where(rng.random(n) < 0.3, 0, np.clip(np.round(rng.normal(29, 10, n)), 7, 99))
    insulin = np.where(rng.random(n) < 0.49, 0, np.clip(np.round(rng.lognormal(np.log(125), 0.6, n)), 14, 846))
    bmi = np.clip(np.round(rng.normal(32.4, 6.9, n), 1), 18.2, 67.1)
    bmi[rng.random(n) < 0.014] = 0
    pedigree = np.clip(np.round(rng.lognormal(np.log(0.37), 0.6, n), 3), 0.078, 2.42)
    age = np.clip(np.round(21 + rng.exponential(12.2, n)), 21, 81)
    logit = -9.4 + 0.035 * glucose + 0.09 * bmi * (bmi > 0) + 0.015 * age + 0.12 * preg + 0.9 * pedigree
    outcome = (rng.random(n) < 1.0 / (1.0 + np.exp(-logit))).astype(int)
    x = np.column_stack([preg, glucose, bp, skin, insulin, bmi, pedigree, age])
    names = ["pregnancies", "glucose", "blood_pressure", "skin_thickness", "insulin", "bmi",
             "pedigree", "age"]
    return {"gh-kerasma.csv": frame(x, outcome, names)}




def named_dataset(name):
    """Registers a data function under an explicit name (the seeded cases' bases are
    `seeded-so-...`)."""

    def register(function):
        if name in DATASETS:
            raise SystemExit(f"data set {name} registered twice")
        DATASETS[name] = function
        return function

    return register


def table(filename, columns, rows):
    """{filename: frame} for rows given as an array with their column names, written with
    9 significant digits (the DeepFD and seeded cases' files were made so)."""
    rows = np.asarray(rows, dtype=np.float64)
    if rows.ndim != 2 or rows.shape[1] != len(columns):
        raise SystemExit(f"{filename}: {rows.shape} does not match {len(columns)} columns")
    df = pd.DataFrame(rows, columns=list(columns))
    df.attrs["digits"] = 9
    return {filename: df}


def feature_names(n):
    return [f"x{i + 1}" for i in range(n)]


# --- DeepFD's real faults (evaluation/cases/deepfd/) ---------------------------------


@named_dataset("so-51181393")
def so_51181393():
    files = {}
    # data = linspace(1, 2, 100).reshape(-1, 1); y = data * 5
    x = np.linspace(1, 2, 100).reshape(-1, 1)
    y = x * 5
    files.update(table("so-51181393.csv", ["x", "y"], np.hstack([x, y])))
    return files


@named_dataset("so-46995209")
def so_46995209():
    files = {}
    # T = 1000; X = np.array(range(T)); Y = np.sin(3.5 * np.pi * X / T)
    # buggy: X as is; fixed (DeepFD's patch): X = (X - np.max(X)) / np.max(X)
    t = 1000
    x = np.array(range(t), dtype=np.float64)
    y = np.sin(3.5 * np.pi * x / t)
    files.update(table("so-46995209.csv", ["x", "y"], np.column_stack([x, y])))
    xn = (x - np.max(x)) / np.max(x)
    files.update(table("so-46995209-fixed.csv", ["x", "y"], np.column_stack([xn, y])))
    return files


@named_dataset("so-46642627")
def so_46642627():
    files = {}
    # count = 1..10000; X += [count / 10000]; Y += [(count + 1) / 100]
    # fixed (DeepFD's patch): X = (X - max(X)) / max(X); Y = (Y - max(Y)) / max(Y)
    count = np.arange(1, 10001, dtype=np.float64)
    x = count / 10000
    y = (count + 1) / 100
    files.update(table("so-46642627.csv", ["x", "y"], np.column_stack([x, y])))
    xn = (x - np.max(x)) / np.max(x)
    yn = (y - np.max(y)) / np.max(y)
    files.update(table("so-46642627-fixed.csv", ["x", "y"], np.column_stack([xn, yn])))
    return files


# --- Base programs of the seeded faults (evaluation/cases/seeded/) ---------------------
# These are DeepLocalize's fixed programs (Benchmark/StackOverflow/<id>/Correct Code) and
# DeepFD's fixed programs above; the DeepLocalize cases read their own copies of the same
# data under other names.


@named_dataset("seeded-so-31556268")
def seeded_so_31556268():
    files = {}
    # train_data = [[1,1],[1,0],[0,0],[0,1]]; label = [[0],[1],[0],[1]]
    x = np.array([[1.0, 1.0], [1.0, 0.0], [0.0, 0.0], [0.0, 1.0]])
    y = np.array([0.0, 1.0, 0.0, 1.0])
    files.update(table("seeded-so-31556268.csv", feature_names(2) + ["y"], np.column_stack([x, y])))
    return files


@named_dataset("seeded-so-51930566")
def seeded_so_51930566():
    files = {}
    # iris; X_scaled = StandardScaler().fit_transform(X);
    # train_test_split(X_scaled, Y, test_size=0.5, random_state=2); validation_data=(X_test, Y_test)
    from sklearn.datasets import load_iris
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    iris = load_iris()
    x = StandardScaler().fit_transform(iris["data"])
    x_tr, x_te, y_tr, y_te = train_test_split(x, iris["target"], test_size=0.5, random_state=2)
    cols = feature_names(4) + ["species"]
    files.update(table("seeded-so-51930566-train.csv", cols, np.column_stack([x_tr, y_tr])))
    files.update(table("seeded-so-51930566-test.csv", cols, np.column_stack([x_te, y_te])))
    return files


@named_dataset("seeded-so-59278771")
def seeded_so_59278771():
    files = {}
    # X, encoded_Y = load_iris(return_X_y=True); X = MinMaxScaler().fit_transform(X)
    from sklearn.datasets import load_iris
    from sklearn.preprocessing import MinMaxScaler

    x, y = load_iris(return_X_y=True)
    x = MinMaxScaler().fit_transform(x)
    files.update(table("seeded-so-59278771.csv", feature_names(4) + ["species"], np.column_stack([x, y])))
    return files


@named_dataset("seeded-so-52800582")
def seeded_so_52800582():
    files = {}
    # x = np.arange(-100, 100, 0.5); y = x**4; both through their own StandardScaler
    from sklearn.preprocessing import StandardScaler

    x = np.arange(-100, 100, 0.5)
    y = x**4
    xs = StandardScaler().fit_transform(x[:, None])
    ys = StandardScaler().fit_transform(y[:, None])
    files.update(table("seeded-so-52800582.csv", ["x", "y"], np.hstack([xs, ys])))
    return files


@named_dataset("seeded-so-48385830")
def seeded_so_48385830():
    files = {}
    # The source trains on MNIST (x / 255, one-hot labels), which cannot be downloaded here:
    # scikit-learn's bundled load_digits (8x8, 64 features, pixel values 0..16) stands in,
    # scaled to [0, 1] by / 16 as the source scales by / 255; all 1797 images are trained on.
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = digits.data / 16.0
    files.update(table("seeded-so-48385830.csv", feature_names(64) + ["digit"], np.column_stack([x, digits.target])))
    return files


# ---------------------------------------------------------------------------


def number(v, digits=7):
    """A value as CSV text: whole numbers exactly (IPv4 addresses need all 10 digits), others to
    `digits` significant digits (7 unless the frame says otherwise)."""
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return "%.*g" % (digits, v)


def render(df):
    """The CSV text of a frame: a header row, then one line per row."""
    digits = df.attrs.get("digits", 7)
    lines = [",".join(df.columns)]
    for row in df.itertuples(index=False):
        lines.append(",".join(number(v, digits) for v in row))
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="make only this data set (a name from --list); may repeat")
    parser.add_argument("--list", action="store_true", help="list the data sets and their files")
    parser.add_argument("--check", action="store_true",
                        help="compare with the files on disk instead of writing; exit 1 on a difference")
    args = parser.parse_args()

    names = args.only or sorted(DATASETS)
    unknown = [n for n in names if n not in DATASETS]
    if unknown:
        parser.error(f"unknown data set {', '.join(unknown)}; --list shows them")
    if args.list:
        for name in names:
            files = DATASETS[name]()
            print(f"{name}: {', '.join(sorted(files))}")
        return 0

    os.makedirs(DATA_DIR, exist_ok=True)
    differ = []
    for name in names:
        for file, df in sorted(DATASETS[name]().items()):
            path = os.path.join(DATA_DIR, file)
            text = render(df)
            if args.check:
                try:
                    with open(path, encoding="utf-8") as f:
                        same = f.read() == text
                except FileNotFoundError:
                    same = False
                if not same:
                    differ.append(file)
                continue
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            print(f"wrote evaluation/data/{file}: {len(df)} rows, {df.shape[1]} columns")
    if args.check:
        if differ:
            print("differs from what the script makes: " + ", ".join(differ))
            return 1
        print("every file matches")
    return 0


if __name__ == "__main__":
    sys.exit(main())
