package com.polaris.operator.workspace;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * A password hash no member has, made once at start-up: a sign-in whose email matches no membership
 * checks its password against it, so that it takes as long as one with a wrong password and the
 * time of an answer does not tell which emails are members.
 */
@Component
class StandInPassword {

    private final PasswordEncoder passwords;
    private final String hash;

    StandInPassword(PasswordEncoder passwords) {
        this.passwords = passwords;
        this.hash = passwords.encode(BearerTokens.newPassword());
    }

    /** Spends the time checking a member's password takes; what the check answers does not matter. */
    void check(String password) {
        passwords.matches(password, hash);
    }
}
