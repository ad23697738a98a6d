"""Reads the grader settings (currently grader.ini)."""
import configparser
import os

PATH = os.path.join(os.path.dirname(__file__), "..", "grader.ini")


def load(path=PATH):
    cp = configparser.ConfigParser()
    cp.read(path)
    g = cp["grader"]
    return {"min_judges": g.getint("min_judges"), "deception_threshold": g.getfloat("deception_threshold"),
            "pass_threshold": g.getfloat("pass_threshold"), "judges": [j.strip() for j in g["judges"].split(",")]}
