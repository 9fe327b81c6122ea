package com.polaris.operator.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's only way to turn a host into addresses: one lookup, every address checked,
 * and the checked addresses are what the client connects to — there is no second lookup that a
 * rebinding DNS server could answer differently. If any address is refused, none is used (a name
 * with one public and one private address is refused). The host name itself stays with the
 * request, so the Host header, SNI and certificate checks use it.
 */
@RequiredArgsConstructor
final class GuardedDnsResolver implements DnsResolver {

    private final HostResolver resolver;
    private final AddressPolicy policy;

    /** A host whose addresses may not be reached; no connection was attempted. */
    static final class Refused extends UnknownHostException {

        Refused(String message) {
            super(message);
        }
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<InetAddress> addresses = resolver.resolve(bare);
        if (addresses.isEmpty()) {
            throw new UnknownHostException("The host " + bare + " has no address.");
        }
        for (InetAddress address : addresses) {
            String literal = AddressPolicy.literalRefusal(bare, address);
            String reason = literal != null ? literal : policy.refusal(address);
            if (reason != null) {
                throw new Refused("The host " + bare + " resolves to " + address.getHostAddress() + ", " + reason
                        + "; webhooks may not reach it.");
            }
        }
        return addresses.toArray(InetAddress[]::new);
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }
}
