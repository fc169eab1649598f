import pathlib

FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"
