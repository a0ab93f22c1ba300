package somabrain.authz

import rego.v1

# Set by kubesynth from the platform's values: false is deny-by-default.
default allow := {{ toString $.Values.opa.defaultAllow }}

{{ $.Values.opa.policyRules }}