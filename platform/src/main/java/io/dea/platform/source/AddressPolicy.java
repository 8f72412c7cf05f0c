package io.dea.platform.source;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Which network addresses an HTTP source may reach: a pure function over the address bytes, so it is
 * tested without sending traffic. Refused unless a connection allows private addresses: loopback,
 * private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16 with the cloud metadata
 * endpoint 169.254.169.254, fe80::/10), unspecified, multicast, CGNAT (100.64/10), broadcast and
 * reserved IPv4, and IPv6 forms that embed an IPv4 address (mapped ::ffff:0:0/96, compatible ::/96,
 * NAT64 64:ff9b::/96, 6to4 2002::/16), judged by the IPv4 address they carry.
 */
public final class AddressPolicy {

    private AddressPolicy() {
    }

    /** Why this address may not be reached without allow-private-addresses, or empty when it is a public address. */
    public static Optional<String> refusal(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4(b);
        }
        if (address instanceof Inet6Address) {
            return ipv6(b);
        }
        return Optional.of("an address of an unknown family");
    }

    private static Optional<String> ipv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (a0 == 127) {
            return Optional.of("a loopback address");
        }
        if (a0 == 0) {
            return Optional.of("an unspecified ('this network') address");
        }
        if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
            return Optional.of("a private address");
        }
        if (a0 == 169 && a1 == 254) {
            return Optional.of("a link-local address (cloud metadata endpoints live here)");
        }
        if (a0 == 100 && a1 >= 64 && a1 <= 127) {
            return Optional.of("a carrier-grade NAT address");
        }
        if (a0 >= 224 && a0 <= 239) {
            return Optional.of("a multicast address");
        }
        if (a0 >= 240) {
            return Optional.of("a reserved or broadcast address");
        }
        if ((a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) || (a0 == 198 && (a1 == 18 || a1 == 19))) {
            return Optional.of("a reserved address");
        }
        return Optional.empty();
    }

    private static Optional<String> ipv6(byte[] b) {
        boolean firstTenZero = Arrays.equals(Arrays.copyOf(b, 10), new byte[10]);
        if (firstTenZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return embedded(b, 12, "IPv4-mapped");
        }
        if (Arrays.equals(Arrays.copyOf(b, 12), new byte[12])) {
            if (Arrays.equals(b, new byte[16])) {
                return Optional.of("the unspecified address");
            }
            if (Arrays.equals(Arrays.copyOf(b, 15), new byte[15]) && b[15] == 1) {
                return Optional.of("a loopback address");
            }
            return embedded(b, 12, "IPv4-compatible");
        }
        int w0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        if (w0 == 0x0064 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && Arrays.equals(Arrays.copyOfRange(b, 4, 12), new byte[8])) {
            return embedded(b, 12, "NAT64");
        }
        if (w0 == 0x2002) {
            return embedded(b, 2, "6to4");
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return Optional.of("a private (unique local) address");
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
            return Optional.of("a link-local address");
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return Optional.of("a site-local address");
        }
        if ((b[0] & 0xff) == 0xff) {
            return Optional.of("a multicast address");
        }
        return Optional.empty();
    }

    private static Optional<String> embedded(byte[] b, int from, String form) {
        try {
            InetAddress v4 = InetAddress.getByAddress(Arrays.copyOfRange(b, from, from + 4));
            return ipv4(v4.getAddress()).map(r -> r + " in " + form + " IPv6 form");
        } catch (UnknownHostException impossible) {
            return Optional.of("a malformed " + form + " address");
        }
    }
}
