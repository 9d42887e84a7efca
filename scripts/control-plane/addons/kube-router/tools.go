//go:build tools

// Package tools pins kube-router, the NetworkPolicy enforcer of the local node (its firewall
// only: no routing, no service proxy). Built by `npm run control-plane -- build --node`.
package tools

import _ "github.com/cloudnativelabs/kube-router/v2/cmd/kube-router"
