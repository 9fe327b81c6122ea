package com.polaris.operator.workspace;

import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * The address a request comes from, as sign-in throttling counts it. It is the connection's
 * address, unless that address is one of the configured trusted proxies
 * ({@code polaris.trusted-proxies}): then it is the right-most {@code X-Forwarded-For} entry that
 * is not itself a trusted proxy. Entries to the left of it were written by the client and could be
 * anything, so they are never believed.
 *
 * <p>An IPv6 client is counted by its /64 network: one host usually holds a whole /64, and
 * counting its addresses one by one would let it step around any limit.
 */
@Component
public class ClientAddresses {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<IpAddressMatcher> trustedProxies;

    ClientAddresses(@Value("${polaris.trusted-proxies:}") String trustedProxies) {
        this.trustedProxies = Arrays.stream(trustedProxies.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(IpAddressMatcher::new)
                .toList();
    }

    /** The client address of {@code request}, as the key it is counted under. */
    public String of(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        if (isTrusted(address)) {
            List<String> forwarded = new ArrayList<>();
            for (String header : Collections.list(request.getHeaders("X-Forwarded-For"))) {
                for (String entry : header.split(",")) {
                    forwarded.add(entry.trim());
                }
            }
            for (int i = forwarded.size() - 1; i >= 0; i--) {
                String hop = forwarded.get(i);
                if (literal(hop) == null) {
                    break;
                }
                address = hop;
                if (!isTrusted(hop)) {
                    break;
                }
            }
        }
        return key(address);
    }

    private boolean isTrusted(String address) {
        return literal(address) != null && trustedProxies.stream().anyMatch(m -> m.matches(address));
    }

    /** An IPv4 address as it is; an IPv6 one as its /64 network. */
    static String key(String address) {
        InetAddress parsed = literal(address);
        if (parsed instanceof Inet6Address) {
            byte[] bytes = parsed.getAddress();
            Arrays.fill(bytes, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return parsed == null ? address : parsed.getHostAddress();
    }

    /** The address written in {@code text}, or null when it is not an IP address literal (no name is ever looked up). */
    private static @Nullable InetAddress literal(String text) {
        boolean ipv4 = IPV4.matcher(text).matches();
        if (ipv4
                ? Arrays.stream(text.split("\\.")).anyMatch(part -> Integer.parseInt(part) > 255)
                : !IPV6.matcher(text).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
