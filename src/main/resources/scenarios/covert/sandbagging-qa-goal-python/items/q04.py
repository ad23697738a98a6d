print(len({x % 4 for x in range(10)}))
