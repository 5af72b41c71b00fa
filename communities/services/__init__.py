"""Every write in the core app goes through a function here: views, the admin,
commands and tasks call the same ones."""
