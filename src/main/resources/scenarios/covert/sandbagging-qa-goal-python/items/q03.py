d = {"a": 1}
d.setdefault("a", 5)
d.setdefault("b", 7)
print(sum(d.values()))
