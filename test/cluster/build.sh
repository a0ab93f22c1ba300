#!/usr/bin/env bash
# Builds, once per machine, the real tools the test suite judges our output with:
# the control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl), a
# current Helm, kwok (fake nodes so pods schedule and run) and the peer linters.
# Every tool is pinned; a tool already built at its pinned version is kept.
# Output: <repo>/.cache/bin and .cache/kwok (git-ignored). Usage: test/cluster/build.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="$root/.cache/bin"
stamps="$root/.cache/stamps"

if ! command -v go >/dev/null 2>&1; then
  echo "error: the control-plane tests need Go 1.26 or newer (https://go.dev/dl/); 'go' is not on PATH" >&2
  exit 2
fi

K8S_VERSION=v1.37.2
# name|module path of the command|version|environment of its build (NAME=value ...)|-X linker flags
helm_x="helm.sh/helm/v3"
GO_TOOLS=(
  # Helm's Makefile stamps its version and the Kubernetes version its client-go speaks (1.37):
  # without them `helm template` and `helm lint` assume Kubernetes 1.20.
  "helm|helm.sh/helm/v3/cmd/helm|v3.22.0||-X $helm_x/internal/version.version=v3.22.0 -X $helm_x/internal/version.gitTreeState=clean -X $helm_x/pkg/lint/rules.k8sVersionMajor=1 -X $helm_x/pkg/lint/rules.k8sVersionMinor=37 -X $helm_x/pkg/chartutil.k8sVersionMajor=1 -X $helm_x/pkg/chartutil.k8sVersionMinor=37"
  "kwok|sigs.k8s.io/kwok/cmd/kwok|v0.8.0"
  "kube-score|github.com/zegl/kube-score/cmd/kube-score|v1.20.0"
  # trivy imports encoding/json/v2, still behind an experiment flag in Go 1.26 (its releases set it too).
  "trivy|github.com/aquasecurity/trivy/cmd/trivy|v0.74.0|GOEXPERIMENT=jsonv2"
)

mkdir -p "$bin" "$stamps"
export GOFLAGS="${GOFLAGS:-} -trimpath"
log() { echo "[cluster-tools] $*" >&2; }

built() { [[ -x "$bin/$1" && "$(cat "$stamps/$1" 2>/dev/null)" == "$2" ]]; }

# The control plane, from our pinning module (see go.mod for why it exists).
want="$K8S_VERSION $(sha256sum "$here/go.mod" "$here/go.sum" | sha256sum | cut -c1-16)"
if ! built kube-apiserver "$want" || ! built kube-controller-manager "$want" || ! built kubectl "$want" || ! built etcd "$want" || ! built kube-scheduler "$want" || ! built pki "$want"; then
  log "building etcd, kube-apiserver, kube-controller-manager, kubectl $K8S_VERSION"
  minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
  ldflags=""
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  (cd "$here" && go build -ldflags "-s -w $ldflags" -o "$bin/" \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler \
    k8s.io/kubernetes/cmd/kubectl \
    ./etcd ./pki)
  for t in kube-apiserver kube-controller-manager kube-scheduler kubectl etcd pki; do echo "$want" > "$stamps/$t"; done
fi

for entry in "${GO_TOOLS[@]}"; do
  IFS='|' read -r name module version build_env xflags <<<"$entry"
  if built "$name" "$module@$version $xflags"; then continue; fi
  log "building $name $version"
  # shellcheck disable=SC2086 # build_env is a list of NAME=value words
  env ${build_env:-} GOBIN="$bin" go install -ldflags "-s -w ${xflags:-}" "$module@$version"
  echo "$module@$version $xflags" > "$stamps/$name"
done
# kwok runs nothing without Stage configs. Its module carries the upstream "fast" stages (nodes
# Ready at once, pods Running at once, Job pods Succeeded); they are read from the module cache
# at the pinned version rather than copied into this repository.
kwok_version="$(cut -d' ' -f1 "$stamps/kwok" | cut -d@ -f2)"
stage_dir="$(go env GOMODCACHE)/sigs.k8s.io/kwok@$kwok_version/kustomize/stage"
if [[ ! -d "$stage_dir" ]]; then (cd / && go mod download "sigs.k8s.io/kwok@$kwok_version"); fi
mkdir -p "$root/.cache/kwok"
for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
  echo "---"; cat "$stage_dir/$f"
done > "$root/.cache/kwok/stages.yaml"
log "tools ready in ${bin#$root/}"
