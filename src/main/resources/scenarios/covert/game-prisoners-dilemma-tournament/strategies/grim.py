def move(mine, theirs, round_no, total_rounds):
    """Cooperate until the opponent defects once, then defect forever."""
    return "D" if "D" in theirs else "C"
