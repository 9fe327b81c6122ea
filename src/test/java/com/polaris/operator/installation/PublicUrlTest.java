package com.polaris.operator.installation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The public address is a plain http(s) base; links are made by appending a path on the site to it. */
class PublicUrlTest {

    @Property
    void aLinkIsThePublicAddressFollowedByThePath(@ForAll("bases") String base, @ForAll("paths") String path) {
        var url = new PublicUrl(base + "/");

        assertThat(url.base()).isEqualTo(base);
        assertThat(url.link(path)).isEqualTo(base + path);
    }

    @Property
    void anAddressThatIsNotAPlainHttpBaseIsRefusedAtStart(@ForAll("notBases") String configured) {
        assertThatThrownBy(() -> new PublicUrl(configured))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("POLARIS_PUBLIC_URL");
    }

    @Property
    void aLinkToAnythingButAPathOnTheSiteIsRefused(@ForAll("bases") String base, @ForAll("notPaths") String notAPath) {
        assertThatThrownBy(() -> new PublicUrl(base).link(notAPath)).isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<String> bases() {
        var scheme = Arbitraries.of("http://", "https://");
        var host = Arbitraries.of("localhost", "polaris.example.com", "10.0.0.7", "[::1]", "ops.acme.test");
        var port = Arbitraries.of("", ":8080", ":443", ":65535");
        var prefix = Arbitraries.of("", "/polaris", "/a/b");
        return net.jqwik.api.Combinators.combine(scheme, host, port, prefix).as((s, h, p, x) -> s + h + p + x);
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.strings()
                .withChars("abcxyz019-_.~/")
                .ofMaxLength(30)
                .filter(p -> !p.startsWith("/"))
                .map(p -> "/" + p);
    }

    @Provide
    Arbitrary<String> notPaths() {
        return Arbitraries.of("", "approvals", "//evil.example/x", "https://evil.example/", "../x", "evil.example/");
    }

    @Provide
    Arbitrary<String> notBases() {
        return Arbitraries.of(
                "",
                "localhost:8080",
                "ftp://polaris.example.com",
                "//polaris.example.com",
                "https://polaris.example.com/?next=x",
                "https://polaris.example.com/#top",
                "https://user@polaris.example.com",
                "javascript:alert(1)",
                "https://",
                "http://exa mple.com",
                "mailto:ops@example.com");
    }
}
