package com.polaris.operator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.polaris.operator.identity.Actor;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class AuditHashTest {

    private static final Instant AT = Instant.parse("2026-11-23T10:15:30.123456Z");
    private static final Actor ALICE = new Actor("member", "mem_1", "Alice");
    /** Alice's id and name on an actor of another type. */
    private static final Actor ALICE_AS_KEY = new Actor("api_key", "mem_1", "Alice");

    private static String event(Actor actor, String subject, String data) {
        return new HashedEvent("ws_1", AT, "action.requested", actor, subject, 1, "act_1", data, null).hash();
    }

    @Test
    void sameEventAlwaysHashesTheSame() {
        assertThat(event(ALICE, "action:act_1", "{}"))
                .isEqualTo(event(ALICE, "action:act_1", "{}"))
                .hasSize(64);
    }

    @Test
    void changingAnyFieldChangesTheHash() {
        var original = new HashedEvent("ws_1", AT, "action.requested", ALICE, "action:act_1", 1, "act_1", "{}", null);
        var changed = List.of(
                new HashedEvent("ws_2", AT, "action.requested", ALICE, "action:act_1", 1, "act_1", "{}", null),
                new HashedEvent(
                        "ws_1", AT.plusNanos(1000), "action.requested", ALICE, "action:act_1", 1, "act_1", "{}", null),
                new HashedEvent("ws_1", AT, "action.decided", ALICE, "action:act_1", 1, "act_1", "{}", null),
                new HashedEvent("ws_1", AT, "action.requested", ALICE_AS_KEY, "action:act_1", 1, "act_1", "{}", null),
                new HashedEvent("ws_1", AT, "action.requested", ALICE, "action:act_2", 1, "act_1", "{}", null),
                new HashedEvent("ws_1", AT, "action.requested", ALICE, "action:act_1", 2, "act_1", "{}", null),
                new HashedEvent("ws_1", AT, "action.requested", ALICE, "action:act_1", 1, null, "{}", null),
                new HashedEvent("ws_1", AT, "action.requested", ALICE, "action:act_1", 1, "act_1", "{\"a\":1}", null),
                new HashedEvent("ws_1", AT, "action.requested", ALICE, "action:act_1", 1, "act_1", "{}", "ab"));
        assertThat(changed.stream().map(HashedEvent::hash).toList())
                .doesNotContain(original.hash())
                .doesNotHaveDuplicates();
    }

    @Test
    void aMissingValueIsNotTheTextNull() {
        assertThat(event(new Actor("system", null, "Polaris"), "s", "{}"))
                .isNotEqualTo(event(new Actor("system", "null", "Polaris"), "s", "{}"));
    }

    @Test
    void textCannotMoveBetweenNeighbouringFields() {
        assertThat(event(new Actor("member", "mem_1", "Alice|x"), "s", "{}"))
                .isNotEqualTo(event(new Actor("member", "mem_1", "Alice"), "x|s", "{}"));
    }

    @Test
    void sealHashDependsOnOrderSeqAndPreviousSeal() {
        String sealed = seal("prev", new long[] {1, 2}, new String[] {"a", "b"});
        assertThat(sealed).isEqualTo(seal("prev", new long[] {1, 2}, new String[] {"a", "b"}));
        assertThat(List.of(
                        seal("prev", new long[] {1, 2}, new String[] {"b", "a"}),
                        seal("prev", new long[] {1, 3}, new String[] {"a", "b"}),
                        seal("other", new long[] {1, 2}, new String[] {"a", "b"}),
                        seal(null, new long[] {1, 2}, new String[] {"a", "b"}),
                        seal("prev", new long[] {1}, new String[] {"a"})))
                .doesNotContain(sealed);
    }

    private static String seal(@Nullable String prev, long[] seqs, String[] hashes) {
        var digest = new SealDigest("ws_1", 2, prev);
        for (int i = 0; i < seqs.length; i++) {
            digest.add(seqs[i], hashes[i]);
        }
        return digest.finish();
    }
}
