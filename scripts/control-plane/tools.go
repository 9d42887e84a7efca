//go:build tools

// Package tools pins the main packages this module builds, so `go mod tidy`
// keeps their dependencies. The binaries are produced by
// `npm run control-plane -- build` (scripts/control-plane/build.ts), which runs
// `go build` on each path listed here.
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"

	// The node (up --node): kubelet, kube-scheduler, kube-proxy, and agnhost for the examples' traffic.
	_ "k8s.io/kubernetes/cmd/kube-proxy"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubelet"
	_ "k8s.io/kubernetes/test/images/agnhost"
)
