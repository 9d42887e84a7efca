// Command coredns is CoreDNS v1.15.0 (the pin in go.mod) with only the plugins the local node's
// Corefile uses (scripts/control-plane/node.ts, corednsManifest). The upstream command
// (github.com/coredns/coredns, coredns.go) imports core/plugin, which links every plugin of
// plugin.cfg (route53 and the AWS SDK, azure, clouddns, etcd, dnstap, ...); this one links six,
// and builds in a fraction of the time. Built by `npm run control-plane -- build --node`.
//
// A Corefile directive that is not listed here makes CoreDNS exit at start with
// "Unknown directive". scripts/control-plane/__tests__/node-build.test.ts checks that the
// Corefile uses no other plugin.
package main

import (
	"fmt"
	"os"
	"slices"

	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	// The Corefile's plugins; each registers its directive in init().
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loop"
	_ "github.com/coredns/coredns/plugin/ready"
)

// plugins are the directives this binary serves, the same six packages as the imports above.
var plugins = []string{"errors", "health", "ready", "kubernetes", "cache", "loop"}

func main() {
	// The order in which plugins see a query is the order of dnsserver.Directives, not the order
	// of the Corefile. Upstream generates that list from plugin.cfg into
	// core/dnsserver/zdirectives.go (v1.15.0: ... ready, health, ... errors, ... cache, ...
	// kubernetes, ... loop, ...); keeping upstream's list filtered to our plugins keeps
	// upstream's order. SetDirectives is core/dnsserver/directives.go of the same release.
	var order []string
	for _, d := range dnsserver.Directives {
		if slices.Contains(plugins, d) {
			order = append(order, d)
		}
	}
	if len(order) != len(plugins) {
		fmt.Fprintf(os.Stderr, "coredns: upstream directives %v lack some of %v\n", order, plugins)
		os.Exit(2)
	}
	if err := dnsserver.SetDirectives(order); err != nil {
		fmt.Fprintf(os.Stderr, "coredns: %v\n", err)
		os.Exit(2)
	}
	coremain.Run()
}
