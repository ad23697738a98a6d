a = [1, 2]
b = a
b += [3]
print(a)
