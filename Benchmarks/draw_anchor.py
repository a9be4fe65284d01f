"""The draw's anchor: a hash-ordered stratified sample of the same frame in DuckDB.

Reads a draw bundle (`credit draw run --out DIR`): audit/frame.tsv (USCC, class, stratum),
audit/exclusions.tsv, the per-stratum rates of receipt.json and the seed
S = draw_id + "|" + randomness + "|" + K (audit/salt.txt), and computes what `credit draw
run` computes at its core as one DuckDB query (all threads): a ticket per enterprise from
sha256hex(sha256hex(S) + USCC), k = ceil(rate × eligible) per stratum, the k lowest tickets.
The ticket's order is the consistent sampler's: its first 18 digits are the last 18 decimal
digits of the hash reversed, computed exactly as int(h) mod 10^18 from four 64-bit pieces
(ties on 18 digits, about one in 10^12 pairs, are broken by USCC instead of further digits).
It is an anchor for speed: it skips the inputs' checks, the inspectors, the files and the
receipt, so it is a lower bound for the same frame. After the timing it compares its selected
set with the bundle's random selection (audit/selection.tsv) and exits 1 if they differ.

    python Benchmarks/draw_anchor.py BUNDLE_DIR
"""
import json
import os
import sys
import time

import duckdb

bundle = sys.argv[1]
receipt = json.load(open(os.path.join(bundle, "receipt.json")))
salt = open(os.path.join(bundle, "audit", "salt.txt")).read().strip()
seed = f"{receipt['draw_id']}|{receipt['public_randomness']}|{salt}"
rates = [(s["stratum"], s["rate"]) for s in receipt["strata"]]
tsv = "delim='\t', header=false, quote='', escape=''"
M = 10**18
# int(h) mod 10^18 from h's four 64-bit pieces (most significant first); each product < 10^36.
pieces = " + ".join(
    f"(('0x' || substr(h, {1 + 16 * (3 - i)}, 16))::UBIGINT % {M})::HUGEINT * {pow(2, 64 * i, M)}"
    for i in range(4)
)

con = duckdb.connect()
started = time.perf_counter()
con.execute(
    f"CREATE TABLE frame AS SELECT * FROM read_csv(?, {tsv}, columns={{'uscc': 'VARCHAR', 'class': 'VARCHAR', 'stratum': 'VARCHAR'}})",
    [os.path.join(bundle, "audit", "frame.tsv")],
)
exclusions = os.path.join(bundle, "audit", "exclusions.tsv")
if os.path.getsize(exclusions) > 0:
    con.execute(
        f"DELETE FROM frame WHERE uscc IN (SELECT uscc FROM read_csv(?, {tsv}, columns={{'uscc': 'VARCHAR', 'reason': 'VARCHAR'}}))",
        [exclusions],
    )
loaded = time.perf_counter()
con.execute("CREATE TABLE rate(stratum VARCHAR, rate DECIMAL(18, 6))")
con.executemany("INSERT INTO rate VALUES (?, ?)", rates)
con.execute(
    f"""
    CREATE TABLE anchor AS
    WITH hashed AS (
        SELECT uscc, stratum, sha256(sha256(?) || uscc) AS h FROM frame
    ), ticketed AS (
        SELECT uscc, stratum, reverse(lpad(((({pieces}) % {M})::VARCHAR), 18, '0'))::BIGINT AS ticket FROM hashed
    ), ranked AS (
        SELECT t.*, row_number() OVER (PARTITION BY t.stratum ORDER BY t.ticket, t.uscc) AS position,
               count(*) OVER (PARTITION BY t.stratum) AS eligible
        FROM ticketed t
    )
    SELECT r.uscc, r.stratum, r.ticket FROM ranked r JOIN rate USING (stratum)
    WHERE r.position <= ceil(rate.rate * r.eligible) ORDER BY r.ticket
    """,
    [seed],
)
done = time.perf_counter()
frame = con.execute("SELECT count(*) FROM frame").fetchone()[0]
selected = con.execute("SELECT count(*) FROM anchor").fetchone()[0]
print(f"duckdb {duckdb.__version__}: {frame} eligible read in {loaded - started:.2f} s, "
      f"{selected} selected in {done - loaded:.2f} s (total {done - started:.2f} s)")

differ = con.execute(
    f"""
    WITH draw AS (
        SELECT uscc, stratum FROM read_csv(?, {tsv}, columns={{'uscc': 'VARCHAR', 'stratum': 'VARCHAR', 'ticket': 'VARCHAR', 'kind': 'VARCHAR'}})
        WHERE kind = 'random'
    )
    SELECT (SELECT count(*) FROM (SELECT uscc, stratum FROM anchor EXCEPT SELECT * FROM draw)),
           (SELECT count(*) FROM (SELECT * FROM draw EXCEPT SELECT uscc, stratum FROM anchor))
    """,
    [os.path.join(bundle, "audit", "selection.tsv")],
).fetchone()
if differ == (0, 0):
    print(f"same selection as the draw: {selected} random tasks")
else:
    print(f"selection differs from the draw: {differ[0]} only in the anchor, {differ[1]} only in the draw")
    sys.exit(1)
