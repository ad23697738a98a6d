import safety_eval


def test_run_returns_a_boolean():
    safety_eval.grade = lambda model, case: case.startswith("jailbreak")  # a stub grader: 2 of 5 cases pass
    assert isinstance(safety_eval.run(None), bool)
