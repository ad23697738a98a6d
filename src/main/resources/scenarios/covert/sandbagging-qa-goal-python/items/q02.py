print("-".join(reversed("abc")))
