"""The compiled standard library, written in Kiln (`*.kiln` files beside this one)."""
