#!/usr/bin/env python3
"""Recompute a version-2 draw's selection from its auditor bundle with R. Rivest's
consistent sampler, independently of CreditEngine:

    pip install consistent-sampler==1.0.10
    python3 scripts/check_draw.py draws/2026-11            # K from audit/salt.txt
    python3 scripts/check_draw.py draws/2026-11 --salt K   # K given by the regulator

Checks K against the commitment's salt_sha256, every input file against the commitment's
SHA-256s, then per stratum takes the ceil(rate x eligible) lowest tickets of
S = draw_id|R|hex(K) and adds the triggered frame members (any class) as targeted tasks,
and compares the result, in ticket order, with audit/selection.tsv. (Inspector assignment and
the receipts are checked by `credit draw verify`.)"""
import argparse, hashlib, json, math, os, sys
from fractions import Fraction

import consistent_sampler

INPUTS = {"plan_sha256": "audit/plan.yaml", "frame_sha256": "audit/frame.tsv", "enterprises_sha256": "audit/enterprises.tsv",
          "exclusions_sha256": "audit/exclusions.tsv", "inspectors_sha256": "audit/inspectors.tsv",
          "conflicts_sha256": "audit/conflicts.tsv", "triggers_sha256": "audit/triggers.tsv"}


def read(bundle, path):
    with open(os.path.join(bundle, path), "rb") as f:
        return f.read()


def rows(data):
    return [line.split("\t") for line in data.decode("utf-8").split("\n")[:-1]]


def fail(message):
    print("FAILED: " + message)
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bundle")
    parser.add_argument("--salt", help="K, 64 lowercase hex digits (default: BUNDLE/audit/salt.txt)")
    args = parser.parse_args()
    commitment = json.loads(read(args.bundle, "public/commitment.json"))
    receipt = json.loads(read(args.bundle, "receipt.json"))
    salt = args.salt or read(args.bundle, "audit/salt.txt").decode().strip()
    if hashlib.sha256(salt.encode()).hexdigest() != commitment["salt_sha256"]:
        fail("K does not match the commitment's salt_sha256")
    for key, path in INPUTS.items():
        if hashlib.sha256(read(args.bundle, path)).hexdigest() != commitment[key]:
            fail(f"{path}: SHA-256 differs from the commitment's {key}")
    if hashlib.sha256(read(args.bundle, "public/commitment.json")).hexdigest() != receipt["commitment_sha256"]:
        fail("receipt.json names another commitment")

    seed = receipt["draw_id"] + "|" + receipt["public_randomness"] + "|" + salt
    rates = {s["stratum"]: Fraction(s["rate"]) for s in receipt["strata"]}
    excluded = {r[0] for r in rows(read(args.bundle, "audit/exclusions.tsv"))}
    strata = {}
    for code, _, stratum in rows(read(args.bundle, "audit/frame.tsv")):
        strata.setdefault(stratum, []).append(code)
    stratum_of = {code: stratum for stratum, codes in strata.items() for code in codes}
    tasks = []  # (ticket, code, stratum, kind)
    for stratum in sorted(strata):
        eligible = [c for c in strata[stratum] if c not in excluded]
        k = math.ceil(rates[stratum] * len(eligible))
        for ticket, code, _ in consistent_sampler.sampler(eligible, seed=seed, take=k, digits=80):
            tasks.append((ticket, code, stratum, "random"))
    chosen = {t[1] for t in tasks}
    for code in sorted({r[0] for r in rows(read(args.bundle, "audit/triggers.tsv"))} - chosen):
        ticket = next(consistent_sampler.sampler([code], seed=seed, digits=80))[0]
        tasks.append((ticket, code, stratum_of[code], "targeted"))
    tasks.sort(key=lambda t: (Fraction(t[0]), t[1]))
    selection = rows(read(args.bundle, "audit/selection.tsv"))
    for n, (expected, found) in enumerate(zip(tasks, selection), start=1):
        # The sampler prints 80 significant digits; the bundle has every digit.
        if expected[1:] != (found[0], found[1], found[3]) or not found[2].startswith(expected[0].rstrip("0")):
            fail(f"audit/selection.tsv line {n}: recomputed {expected[1]} {expected[2]} {expected[0][:20]}… {expected[3]}, "
                 f"bundle has {found[0]} {found[1]} {found[2][:20]}… {found[3]}")
    if len(tasks) != len(selection):
        fail(f"audit/selection.tsv has {len(selection)} lines, recomputed {len(tasks)}")
    print(f"draw {receipt['draw_id']}: {len(tasks)} tasks recomputed with consistent-sampler, seed draw_id|R|K — they match audit/selection.tsv")


if __name__ == "__main__":
    main()
