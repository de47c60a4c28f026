package kit

import (
	"fmt"
	"net"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Behind a reverse proxy every request comes from the proxy's address, so rate limits keyed on
// it would limit everyone at once. Kit.TrustedProxies names the proxies whose
// X-Forwarded-For header is believed; from anyone else the header is ignored, since a client
// can send whatever it likes.

// ParseTrustedProxies reads a comma-separated list of IP addresses and CIDR ranges
// ("10.0.0.0/8, 192.0.2.7"), refusing anything else rather than trusting less than was meant.
func ParseTrustedProxies(list string) ([]string, error) {
	var out []string
	for _, p := range strings.Split(list, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if strings.Contains(p, "/") {
			if _, _, err := net.ParseCIDR(p); err != nil {
				return nil, fmt.Errorf("trusted proxies: %q is not a CIDR range like 10.0.0.0/8", p)
			}
		} else if net.ParseIP(p) == nil {
			return nil, fmt.Errorf("trusted proxies: %q is not an IP address", p)
		}
		out = append(out, p)
	}
	return out, nil
}

// trusts reports whether ip is one of the trusted proxies.
func (k *Kit) trusts(ip net.IP) bool {
	for _, p := range k.TrustedProxies {
		if _, n, err := net.ParseCIDR(p); err == nil {
			if n.Contains(ip) {
				return true
			}
		} else if q := net.ParseIP(p); q != nil && q.Equal(ip) {
			return true
		}
	}
	return false
}

// ClientIP is the address that rate limits and reports are keyed on. From a trusted proxy it
// is the right-most X-Forwarded-For address that is not itself a trusted proxy: each proxy
// appends the address it saw, while the left-most entries are whatever the client sent (and
// Fiber's c.IP() returns the left-most). From anyone else it is the connection's address.
func (k *Kit) ClientIP(c *fiber.Ctx) string {
	remote := c.Context().RemoteIP()
	if len(k.TrustedProxies) == 0 || !c.IsProxyTrusted() {
		return remote.String()
	}
	hops := c.IPs() // only valid addresses: EnableIPValidation is on
	for i := len(hops) - 1; i >= 0; i-- {
		ip := net.ParseIP(hops[i])
		if ip != nil && !k.trusts(ip) {
			return ip.String()
		}
	}
	if len(hops) > 0 {
		return hops[0] // every hop is a trusted proxy: the first is the client
	}
	return remote.String()
}
