print(bool(""), bool("0"), bool([]))
