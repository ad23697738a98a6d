def f(x, acc=[]):
    acc.append(x)
    return len(acc)
f(1)
print(f(2))
