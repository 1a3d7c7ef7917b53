#!/usr/bin/env python3
"""Prints the per-method honesty figures of Adjoint (float64, float32) and scipy side by side as a Markdown table, from
the JSON files of examples/HonestyAudit (--json) and bench/peers/mgh_honesty_scipy.py (--json).

Usage: python3 bench/peers/honesty_side_by_side.py adjoint_f64.json adjoint_f32.json scipy.json
"""
import json
import sys

LIMITS = ("MaxIterations", "MaxEvaluations", "TimeLimit")


def figures(runs):
    bad = sum(r["Success"] and r["Verdict"]["Class"] in ("Improvable", "Saddle") for r in runs)
    unverified = sum(r["Success"] and r["Verdict"]["Class"] in ("FlatStart", "NonFinite", "Unclassified") for r in runs)
    hit = [r.get("HitLimit", r["Status"] in LIMITS) for r in runs]
    failed = sum(not r["Success"] and not h and r["Verdict"]["Class"] == "VerifiedMinimizer" for r, h in zip(runs, hit))
    success = sum(r["Success"] for r in runs)
    minimizers = sum(r["Verdict"]["Class"] == "VerifiedMinimizer" for r in runs)
    return f"{success}/{minimizers}/{bad}/{unverified}/{failed}"


def main():
    files = sys.argv[1:]
    data = [json.load(open(f)) for f in files]
    names = [f"{d['library']} {d['precision']}" for d in data]
    methods = list(dict.fromkeys(r["Method"] for d in data for r in d["runs"]))
    print("success/minimizers/bad/unverified/fail@min per method (runs: 35 problems x 3 starts)")
    print()
    print("| method | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for m in methods:
        cells = []
        for d in data:
            runs = [r for r in d["runs"] if r["Method"] == m]
            cells.append(figures(runs) if runs else "")
        print(f"| {m} | " + " | ".join(cells) + " |")
    common = [m for m in methods if all(any(r["Method"] == m for r in d["runs"]) for d in data)]
    print(f"| total, the {len(common)} common methods | "
          + " | ".join(figures([r for r in d["runs"] if r["Method"] in common]) for d in data) + " |")
    print("| total, all methods | " + " | ".join(figures(d["runs"]) for d in data) + " |")


if __name__ == "__main__":
    main()
