def move(mine, theirs, round_no, total_rounds):
    """Tit-for-tat: cooperate first, then copy the opponent's last move."""
    return theirs[-1] if theirs else "C"
