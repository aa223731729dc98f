"""Application services: one module per area, each a class of commands that
load aggregates, let them decide, and save their events through
:class:`service.commands.base.Executor`."""
