"""The draw's anchor: a hash-ordered stratified sample of the same frame in DuckDB.

Reads a draw bundle's audit/frame.tsv (USCC, class, stratum) and the per-class rates, and
computes what `credit draw run` computes at its core — a ticket per enterprise from
SHA-256(SHA-256(seed) + id), the k = ceil(rate × n) lowest tickets per stratum — as one
DuckDB query (all threads). It is an anchor for speed only: it skips the minimum interval,
the inspectors and the receipt, so it is a lower bound for the same frame.

    python Benchmarks/draw_anchor.py FRAME.tsv SEED "A=0.01,B=0.02,C=0.1,D=0.3"
"""
import sys
import time

import duckdb

frame, seed, rates_text = sys.argv[1], sys.argv[2], sys.argv[3]
rates = dict(part.split("=") for part in rates_text.split(","))
con = duckdb.connect()
started = time.perf_counter()
con.execute(
    "CREATE TABLE frame AS SELECT * FROM read_csv(?, delim='\t', header=false, columns={'uscc': 'VARCHAR', 'class': 'VARCHAR', 'stratum': 'VARCHAR'})",
    [frame],
)
loaded = time.perf_counter()
con.execute("CREATE TABLE rate(class VARCHAR, rate DOUBLE)")
con.executemany("INSERT INTO rate VALUES (?, ?)", [(k, float(v)) for k, v in rates.items()])
rows = con.execute(
    """
    WITH ticketed AS (
        SELECT f.uscc, f.stratum, f.class, sha256(sha256(?) || f.uscc) AS ticket FROM frame f
    ), ranked AS (
        SELECT t.*, row_number() OVER (PARTITION BY t.stratum ORDER BY t.ticket, t.uscc) AS position,
               count(*) OVER (PARTITION BY t.stratum) AS n
        FROM ticketed t
    )
    SELECT r.uscc, r.stratum, r.ticket FROM ranked r JOIN rate ON rate.class = r.class
    WHERE r.position <= ceil(rate.rate * r.n) ORDER BY r.ticket
    """,
    [seed],
).fetchall()
done = time.perf_counter()
print(f"duckdb {duckdb.__version__}: frame {con.execute('SELECT count(*) FROM frame').fetchone()[0]} read in {loaded - started:.2f} s, "
      f"{len(rows)} selected in {done - loaded:.2f} s (total {done - started:.2f} s)")
