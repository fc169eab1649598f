"""One module per `kiln` subcommand, each with `main(args) -> int`."""
