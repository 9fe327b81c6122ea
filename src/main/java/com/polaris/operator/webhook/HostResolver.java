package com.polaris.operator.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Looks up every address of a host name (A and AAAA); a seam so tests can make names resolve anywhere. */
interface HostResolver {

    List<InetAddress> resolve(String host) throws UnknownHostException;
}
