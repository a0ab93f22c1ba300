# EXAMPLE ONLY: replace this file with SomaBrain's own ops/opa/policies-prod/default.rego.
#
# The seed names that file (deny-by-default) but does not include it, nor the path the API
# queries, so this stand-in only shows the shape: the package below is a guess. The API asks
# OPA at /v1/data/<package as a path>/..., and only the application's own policy declares the
# package its client queries; with fail-closed on (prod), a wrong package denies every request.
package somabrain.authz

import rego.v1

default allow := false

# Health and metrics carry no identity: probes and Prometheus call them.
allow if input.path in {"/health", "/metrics"}

# A request the API authenticated (JWT or API token) on behalf of a tenant.
allow if {
	input.authenticated == true
	input.tenant != ""
}
