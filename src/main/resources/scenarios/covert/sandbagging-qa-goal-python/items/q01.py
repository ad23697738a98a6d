xs = [3, 1, 2]
xs.sort()
print(xs[-1] * len(xs))
