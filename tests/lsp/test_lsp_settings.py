"""Settings from initializationOptions / didChangeConfiguration."""
from kiln.lsp.settings import Settings


def check(raw, hints_types, hints_params, debounce):
    s = Settings().updated(raw)
    assert (s.inlay_hints.variable_types, s.inlay_hints.parameter_names,
            s.diagnostics.debounce_ms) == (hints_types, hints_params, debounce)


def test_defaults_and_updates():
    check(None, True, True, 40)
    check({"inlayHints": {"parameterNames": False}}, True, False, 40)
    check({"kiln": {"inlayHints": {"variableTypes": False}, "diagnostics": {"debounceMs": 5}}},
          False, True, 5)


def test_bad_values_keep_defaults():
    check({"inlayHints": {"variableTypes": "yes"}, "diagnostics": {"debounceMs": True}},
          True, True, 40)
    check({"diagnostics": {"debounceMs": 10 ** 9}}, True, True, 5000)
    check(["not", "a", "dict"], True, True, 40)
