package com.polaris.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressesTest {

    @Provide
    Arbitrary<String> publicAddresses() {
        return Arbitraries.integers()
                .between(1, 223)
                .filter(first -> first != 10 && first != 127)
                .flatMap(first -> Arbitraries.integers()
                        .between(0, 255)
                        .list()
                        .ofSize(3)
                        .map(rest -> first + "."
                                + String.join(
                                        ".", rest.stream().map(String::valueOf).toList())));
    }

    @Provide
    Arbitrary<String> proxies() {
        return Arbitraries.integers()
                .between(0, 255)
                .list()
                .ofSize(3)
                .map(rest -> "10."
                        + String.join(".", rest.stream().map(String::valueOf).toList()));
    }

    @Provide
    Arbitrary<String> headerJunk() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60),
                publicAddresses(),
                Arbitraries.of(
                        "localhost",
                        "example.com",
                        "unknown",
                        "::1",
                        "fe80::1%eth0",
                        "[::1]:80",
                        "1.2.3",
                        "",
                        "999.1.1.1",
                        "1.2.3.256",
                        "abc:def",
                        "12:34"));
    }

    /** Trusted-proxy settings that trust none of {@link #publicAddresses()}: no proxy at all, or private ones only. */
    @Provide
    Arbitrary<String> proxiesNotConnecting() {
        return Arbitraries.of("", "10.0.0.0/8, 192.168.0.1");
    }

    @Property(tries = 600)
    void aConnectionFromAnUntrustedAddressIsItsOwnClientWhateverTheHeadersSay(
            @ForAll("proxiesNotConnecting") String trustedProxies,
            @ForAll("publicAddresses") String connection,
            @ForAll @Size(max = 4) List<@From("headerJunk") String> forwarded) {
        var addresses = new ClientAddresses(trustedProxies);
        assertThat(addresses.of(request(connection, forwarded))).isEqualTo(connection);
    }

    @Property(tries = 300)
    void behindTrustedProxiesTheClientIsTheRightMostAddressNoProxyWrote(
            @ForAll("proxies") String connection,
            @ForAll @Size(max = 3) List<@From("headerJunk") String> spoofed,
            @ForAll("publicAddresses") String client,
            @ForAll @Size(max = 3) List<@From("proxies") String> hops) {
        var addresses = new ClientAddresses("10.0.0.0/8");
        var forwarded = new java.util.ArrayList<>(spoofed);
        forwarded.add(client);
        forwarded.addAll(hops);
        assertThat(addresses.of(request(connection, forwarded))).isEqualTo(client);
    }

    @Property(tries = 300)
    void anIpv6ClientIsCountedByItsSlash64(@ForAll("ipv6Pairs") List<String> pair) {
        var addresses = new ClientAddresses("");
        String a = addresses.of(request(pair.get(0), List.of()));
        String b = addresses.of(request(pair.get(1), List.of()));
        boolean sameNetwork = pair.get(0).substring(0, 19).equals(pair.get(1).substring(0, 19));
        assertThat(a.equals(b)).isEqualTo(sameNetwork);
        assertThat(a).endsWith("/64");
    }

    @Provide
    Arbitrary<List<String>> ipv6Pairs() {
        Arbitrary<String> group = Arbitraries.integers().between(0, 0xffff).map(i -> String.format("%04x", i));
        Arbitrary<String> network = Arbitraries.of("2001:0db8:0000:0001", "2001:0db8:0000:0002", "2a00:1450:4001:0829");
        Arbitrary<String> address = Combinators.combine(network, group.list().ofSize(4))
                .as((net, host) -> net + ":" + String.join(":", host));
        return address.list().ofSize(2);
    }

    private static MockHttpServletRequest request(String connection, List<String> forwarded) {
        var request = new MockHttpServletRequest();
        request.setRemoteAddr(connection);
        if (!forwarded.isEmpty()) {
            request.addHeader("X-Forwarded-For", String.join(", ", forwarded));
        }
        return request;
    }
}
