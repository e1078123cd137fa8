"""The ``quadwick`` command line: :mod:`.main` builds the parser and dispatches, one module per subcommand
(:mod:`.dynamics` for ode and simulate, :mod:`.figures`, :mod:`.landscape`, :mod:`.regenerate`, :mod:`.sweep`,
:mod:`.verify`), with the argument types they share in :mod:`.arguments` and the memory estimates in
:mod:`.budget`.  Each subcommand imports what it needs when it runs, so ``quadwick --help`` starts at once."""
