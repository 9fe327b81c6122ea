package com.polaris.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The one rule for text from outside, checked over every kind of text jqwik can make. */
class StorableTextTest {

    @Provide
    Arbitrary<String> storable() {
        return HostileText.storable();
    }

    @Provide
    Arbitrary<String> unstorable() {
        return HostileText.unstorable();
    }

    @Property(tries = 2000)
    void everyUnicodeTextWithoutNulIsStorable(@ForAll("storable") String text) {
        assertThat(StorableText.problem(text)).isNull();
        assertThat(StorableText.isStorable(text)).isTrue();
    }

    @Property(tries = 2000)
    void aNulOrALoneSurrogateAnywhereIsNot(@ForAll("unstorable") String text) {
        assertThat(StorableText.isStorable(text)).isFalse();
        assertThat(StorableText.problem(text)).startsWith("contains ").endsWith("which cannot be stored");
    }

    @Property(tries = 500)
    void whatTheRuleAcceptsSurvivesUtf8BothWays(@ForAll("storable") String text) {
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(new String(utf8, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Property(tries = 500)
    void whatItRefusesForASurrogateDoesNot(@ForAll("unstorable") String text) {
        String roundTrip = new String(
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(roundTrip.equals(text) && text.indexOf('\0') < 0).isFalse();
    }
}
