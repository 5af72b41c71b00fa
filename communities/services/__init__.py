"""Every write in the core app goes through a function here: views, the admin,
commands and tasks call the same ones. Each is keyword-only, names the fields
it changes, asks `communities.access` who may act, runs in one transaction and
leaves an audit row (`audit.record_event`) when it changes a community."""
