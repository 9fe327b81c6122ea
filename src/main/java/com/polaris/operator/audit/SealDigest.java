package com.polaris.operator.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The hash of one seal, built one event at a time so neither sealing nor verification holds a
 * seal's events in memory: the workspace, the seal's number and the previous seal's hash, then
 * every sealed event's seq and hash in seq order, then how many there were. Taking the seq in
 * makes renumbering or reordering events detectable, not only editing or deleting them.
 */
final class SealDigest {

    private final MessageDigest digest = AuditLog.sha256();
    private long count;

    SealDigest(String workspaceId, long sealNo, @Nullable String prevHash) {
        line("audit-seal-v1");
        line(workspaceId);
        line(Long.toString(sealNo));
        line(prevHash == null ? "-" : prevHash);
    }

    void add(long seq, String eventHash) {
        line(seq + ":" + eventHash);
        count++;
    }

    long count() {
        return count;
    }

    String finish() {
        line("count:" + count);
        return HexFormat.of().formatHex(digest.digest());
    }

    private void line(String text) {
        digest.update((text + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
