package com.polaris.operator.workspace;

import com.polaris.operator.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Bearer credentials: random, prefixed so a leaked one is recognisable, and stored only as a
 * SHA-256 hash (they carry 192 random bits, so a fast hash is enough; passwords use bcrypt).
 */
final class BearerTokens {

    static final String PERSONAL_TOKEN_PREFIX = "pol_pat_";
    static final String INTEGRATION_KEY_PREFIX = "pol_key_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private BearerTokens() {}

    static String newToken(String prefix) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String newPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        return Sha256.hex(token);
    }

    /** What may be shown of a token later: its prefix and last four characters. */
    static String hint(String token) {
        int prefixEnd = token.indexOf('_', token.indexOf('_') + 1) + 1;
        return token.substring(0, prefixEnd) + "…" + token.substring(token.length() - 4);
    }

    /** The token of an {@code Authorization: Bearer <token>} header; empty when there is none. */
    static String presented(@Nullable String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim()
                : "";
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
