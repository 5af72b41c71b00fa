"""Writes of the workshop, one module per area: `runs` (setting it up, its
sessions and the state of its spaces), `huella`, `lupa`, `proposals`,
`calligram`, `directors` and `journal` (the work space of a journal entry).
Each write is keyword-only, one transaction, asks communities.access, and
leaves an audit row at the school where it changes what the group decided."""
