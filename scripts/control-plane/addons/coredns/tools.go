//go:build tools

// Package tools pins CoreDNS, the cluster DNS of the local node, run as a pod from an image the
// harness builds. Built by `npm run control-plane -- build --node`.
package tools

import _ "github.com/coredns/coredns"
