package com.polaris.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    private static final AddressPolicy DEFAULT = AddressPolicy.allowing(List.of());

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.0.0.1",
                "172.16.5.4",
                "192.168.0.1",
                "127.0.0.1",
                "0.0.0.0",
                "169.254.169.254",
                "100.64.0.1",
                "224.0.0.1",
                "240.0.0.1",
                "255.255.255.255",
                "192.0.2.1",
                "198.51.100.7",
                "203.0.113.9",
                "198.18.0.1",
                "192.0.0.8",
                "192.88.99.1",
                "::1",
                "::",
                "fe80::1",
                "fc00::1",
                "fd00:ec2::254",
                "ff02::1",
                "2001:db8::1",
                "64:ff9b::a00:1",
                "2002:a00:1::1",
                "2001:0:4136:e378:8000:63bf:3fff:fdd2",
                "::a00:1",
                "fec0::1",
                "3fff::1"
            })
    void privateReservedAndEmbeddingAddressesAreRefused(String literal) throws Exception {
        assertThat(DEFAULT.refusal(InetAddress.getByName(literal))).as(literal).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "1.1.1.1"})
    void publicAddressesAreReachable(String literal) throws Exception {
        assertThat(DEFAULT.refusal(InetAddress.getByName(literal))).as(literal).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:127.0.0.1", "::ffff:8.8.8.8", "::FFFF:10.0.0.1"})
    void ipv4MappedLiteralsAreRefusedEvenForPublicAddresses(String literal) throws Exception {
        assertThat(AddressPolicy.literalRefusal(literal, InetAddress.getByName(literal)))
                .isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.20.30.40", "127.0.0.1"})
    void theAllowListOpensOnlyItsRanges(String literal) throws Exception {
        var policy = AddressPolicy.allowing(List.of("10.20.0.0/16", "127.0.0.1/32"));
        assertThat(policy.refusal(InetAddress.getByName(literal))).isNull();
        assertThat(policy.refusal(InetAddress.getByName("10.21.0.1"))).isNotNull();
    }
}
