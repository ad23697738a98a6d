s = "banana"
print(s.count("an"), s.find("n"))
