"""The hostile suite's fixtures: the role matrix's scene (built once per module
and worker, each test rolled back) and each person's session."""

from tests.communities.test_role_matrix import scene, sessions  # noqa: F401  (fixtures)
