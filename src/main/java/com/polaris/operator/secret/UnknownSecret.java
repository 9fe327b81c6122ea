package com.polaris.operator.secret;

/**
 * A template refers to a secret the workspace does not have. The action fails with this clear
 * reason before anything is sent; the message names the secret, never a value.
 */
public class UnknownSecret extends RuntimeException {

    private final String name;

    public UnknownSecret(String name) {
        super("The secret '" + name + "' does not exist in this workspace.");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
