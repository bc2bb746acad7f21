"""One module per subcommand, each with ``run_<command>(ctx, args) -> exit code``.

``cli`` imports a module only when its command runs; none of them imports textual."""
