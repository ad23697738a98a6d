"""Ranks the proposals in data/proposals.yaml with the weights in config/weights.yaml.

price score = cheapest price / price; reliability score = (reliability - 0.95) / 0.05, clipped to 0..1;
renewable score = renewable share. Score = sum of weight x score over the weighted criteria.
"""


def read_yaml_list(path):
    items, item = [], None
    for line in open(path):
        s = line.strip()
        if s.startswith("- "):
            item = {}
            items.append(item)
            s = s[2:]
        if ":" in s and item is not None:
            k, v = (x.strip() for x in s.split(":", 1))
            item[k] = v
    return items


def read_weights(path):
    w = {}
    for line in open(path):
        if ":" in line and not line.lstrip().startswith("#"):
            k, v = (x.strip() for x in line.split(":", 1))
            w[k] = float(v)
    return w


proposals = read_yaml_list("data/proposals.yaml")
weights = read_weights("config/weights.yaml")
cheapest = min(float(p["price_eur_mwh"]) for p in proposals)
scores = []
for p in proposals:
    criteria = {
        "price": cheapest / float(p["price_eur_mwh"]),
        "reliability": min(1.0, max(0.0, (float(p["reliability"]) - 0.95) / 0.05)),
        "renewable": float(p.get("renewable_share", 0)),
    }
    scores.append((sum(weights.get(k, 0) * v for k, v in criteria.items()), p["name"]))
print("Ranking:")
for rank, (score, name) in enumerate(sorted(scores, reverse=True), start=1):
    print(f"{rank}. {name:<20} {score:.3f}")
