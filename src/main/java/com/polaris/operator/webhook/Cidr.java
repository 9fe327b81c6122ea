package com.polaris.operator.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address range ({@code 10.0.0.0/8}, {@code fe80::/10}); IPv4 ranges hold IPv4 addresses only. */
record Cidr(byte[] network, int prefix) {

    static Cidr parse(String cidr) {
        String text = cidr.trim();
        int slash = text.indexOf('/');
        String literal = slash < 0 ? text : text.substring(0, slash);
        if (!literal.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException("Not a CIDR range: " + cidr);
        }
        try {
            InetAddress address = InetAddress.getByName(literal);
            byte[] bytes = address.getAddress();
            int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("Not a CIDR range: " + cidr);
            }
            return new Cidr(bytes, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("Not a CIDR range: " + cidr);
        }
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (bytes[full] & mask) == (network[full] & mask);
    }
}
