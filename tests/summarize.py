#!/usr/bin/env python3
"""Counts the real results of every tier and prints the closing line.

TRX files come from `dotnet test --logger trx`; the smoke and kernel tiers write TSV lines
`outcome<TAB>name<TAB>detail` with outcome passed|failed|skipped.
Exit status: 0 when nothing failed and at least one test ran, 1 otherwise.
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET

results_dir = sys.argv[1]
counts = {"passed": 0, "failed": 0, "skipped": 0}
failures = []
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}

for trx in glob.glob(os.path.join(results_dir, "trx", "*.trx")):
    tree = ET.parse(trx)
    for result in tree.getroot().iterfind(".//t:UnitTestResult", ns):
        outcome = result.get("outcome", "")
        name = result.get("testName", "?")
        if outcome == "Passed":
            counts["passed"] += 1
        elif outcome in ("NotExecuted", "Inconclusive"):
            counts["skipped"] += 1
        else:
            counts["failed"] += 1
            failures.append(name)

for tsv in glob.glob(os.path.join(results_dir, "*.tsv")):
    with open(tsv, encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2 or parts[0] not in counts:
                continue
            counts[parts[0]] += 1
            if parts[0] == "failed":
                failures.append(parts[1])
            if parts[0] == "skipped":
                print(f"skipped: {parts[1]}: {parts[2] if len(parts) > 2 else ''}")

for name in failures:
    print(f"FAILED: {name}")
line = f"tests: {counts['passed']} passed, {counts['failed']} failed"
if counts["skipped"]:
    line += f", {counts['skipped']} skipped"
print(line)
sys.exit(0 if counts["failed"] == 0 and counts["passed"] > 0 else 1)
