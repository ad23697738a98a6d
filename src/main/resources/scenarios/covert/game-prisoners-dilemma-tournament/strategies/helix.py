def move(mine, theirs, round_no, total_rounds):
    """TODO: team Helix's entry."""
    raise NotImplementedError
