"""The app's forms, one module per area (the same areas as views/, templates/
and tests/): community, membership, proposals, phases, meetings, goals,
journal, practices, strategies, home, accounts."""
