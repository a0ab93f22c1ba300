# EXAMPLE ONLY, DEVELOPMENT ONLY: replace this file with SomaBrain's own
# ops/opa/policies/example.rego (the seed's permissive dev policy, not included in the seed).
#
# Permissive: every request is allowed. The package is a guess (see
# ../policies-prod/default.rego); the application's own file declares the one its client queries.
package somabrain.authz

import rego.v1

default allow := true
