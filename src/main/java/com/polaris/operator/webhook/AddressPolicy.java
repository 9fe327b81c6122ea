package com.polaris.operator.webhook;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which addresses a webhook may reach: none in a private, loopback, link-local, CGNAT, multicast,
 * reserved or documentation range, and no IPv6 form that embeds an IPv4 address (IPv4-mapped and
 * -compatible, 6to4, NAT64, Teredo), which could smuggle a private IPv4 target past the IPv6 checks.
 * Ranges on the explicit allow-list (tests, on-premise targets) are reachable anyway.
 */
record AddressPolicy(List<Cidr> allowed) {

    private static final Map<Cidr, String> DENIED = denied();

    static AddressPolicy allowing(List<String> cidrs) {
        return new AddressPolicy(
                cidrs.stream().filter(c -> !c.isBlank()).map(Cidr::parse).toList());
    }

    /** Whether {@code address} lies in a range of the explicit allow-list. */
    boolean explicitlyAllowed(InetAddress address) {
        return allowed.stream().anyMatch(c -> c.contains(address));
    }

    /** Why {@code address} may not be reached, or null when it may. */
    @Nullable
    String refusal(InetAddress address) {
        if (allowed.stream().anyMatch(c -> c.contains(address))) {
            return null;
        }
        for (Map.Entry<Cidr, String> range : DENIED.entrySet()) {
            if (range.getKey().contains(address)) {
                return range.getValue();
            }
        }
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return "a private or reserved address";
        }
        return null;
    }

    /**
     * Why a host written as an IPv6 literal may not be reached even though the JDK reads it as IPv4:
     * {@code ::ffff:a.b.c.d} becomes an {@link Inet4Address}, so the embedding is refused here.
     */
    static @Nullable String literalRefusal(String host, InetAddress parsed) {
        return host.indexOf(':') >= 0 && parsed instanceof Inet4Address ? "an IPv4-mapped IPv6 address" : null;
    }

    private static Map<Cidr, String> denied() {
        var ranges = new java.util.LinkedHashMap<Cidr, String>();
        put(ranges, "a private address", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");
        put(ranges, "a loopback address", "127.0.0.0/8", "::1/128");
        put(ranges, "an unspecified or 'this network' address", "0.0.0.0/8", "::/128");
        put(ranges, "a link-local address", "169.254.0.0/16", "fe80::/10");
        put(ranges, "a shared (CGNAT) address", "100.64.0.0/10");
        put(ranges, "a multicast address", "224.0.0.0/4", "ff00::/8");
        put(
                ranges,
                "a reserved address",
                "240.0.0.0/4",
                "192.0.0.0/24",
                "198.18.0.0/15",
                "fec0::/10",
                "100::/64",
                "2001:10::/28",
                "2001:20::/28",
                "5f00::/16");
        put(
                ranges,
                "a documentation address",
                "192.0.2.0/24",
                "198.51.100.0/24",
                "203.0.113.0/24",
                "2001:db8::/32",
                "3fff::/20");
        put(ranges, "the cloud metadata address", "fd00:ec2::254/128");
        put(
                ranges,
                "an IPv6 address embedding an IPv4 address",
                "::ffff:0:0/96",
                "::/96",
                "64:ff9b::/96",
                "64:ff9b:1::/48",
                "2002::/16",
                "2001::/32",
                "192.88.99.0/24");
        return java.util.Collections.unmodifiableMap(ranges);
    }

    private static void put(Map<Cidr, String> ranges, String reason, String... cidrs) {
        for (String cidr : cidrs) {
            ranges.put(ipv6Literal(cidr), reason);
        }
    }

    /** {@code ::ffff:0:0/96} must stay a 16-byte range, which {@link Cidr#parse} would turn into IPv4. */
    private static Cidr ipv6Literal(String cidr) {
        if (cidr.equals("::ffff:0:0/96")) {
            byte[] network = new byte[16];
            network[10] = (byte) 0xFF;
            network[11] = (byte) 0xFF;
            return new Cidr(network, 96);
        }
        return Cidr.parse(cidr);
    }
}
