package com.outreachpilot.webhooks.client;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keeps webhooks from reaching into our own network (SSRF): only http(s) URLs (https only when required),
 * and every address the host resolves to must be public. Configured ranges may be allowed (e.g. loopback for
 * local runs); cloud metadata addresses never are. {@link WebhookSender} owns the one instance: it checks
 * before every attempt (DNS can change) and offers the same check when a URL is registered.
 */
final class UrlGuard {

    /** Why a URL or address was refused, in words fit for an API error. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Every special-purpose range of the IANA IPv4 and IPv6 registries that is not globally reachable. */
    private static final List<Cidr> BLOCKED = Cidr.parseAll(List.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
            "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "3fff::/20",
            "5f00::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8"));
    /** IPv6 forms that carry an IPv4 address in their last 32 bits (IPv4-compatible, NAT64 well-known prefix). */
    private static final List<Cidr> EMBEDS_IPV4_AT_END = Cidr.parseAll(List.of("::/96", "64:ff9b::/96"));
    /** 6to4: the IPv4 address follows the 2002: prefix. */
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
    private static final List<Cidr> METADATA = Cidr.parseAll(List.of(
            "169.254.169.254/32", "169.254.170.2/32", "100.100.100.200/32", "fd00:ec2::254/128"));

    private final boolean requireHttps;
    private final List<Cidr> allowed;
    private final java.util.function.Supplier<java.util.Set<InetAddress>> ownAddresses;

    UrlGuard(boolean requireHttps, List<String> allowedCidrs) {
        this(requireHttps, allowedCidrs, new OwnAddresses());
    }

    /** This machine's interface addresses, read again at most every 30 s (interfaces come and go). */
    private static final class OwnAddresses implements java.util.function.Supplier<java.util.Set<InetAddress>> {
        private volatile java.util.Set<InetAddress> addresses = java.util.Set.of();
        private volatile long readAt = Long.MIN_VALUE;

        @Override
        public java.util.Set<InetAddress> get() {
            long now = System.nanoTime();
            if (readAt == Long.MIN_VALUE || now - readAt > 30_000_000_000L) {
                addresses = interfaceAddresses();
                readAt = now;
            }
            return addresses;
        }
    }

    /** {@code ownAddresses}: this machine's interface addresses, which a webhook may never reach. */
    UrlGuard(boolean requireHttps, List<String> allowedCidrs,
            java.util.function.Supplier<java.util.Set<InetAddress>> ownAddresses) {
        this.requireHttps = requireHttps;
        this.allowed = Cidr.parseAll(allowedCidrs);
        this.ownAddresses = ownAddresses;
    }

    /** Every address of every interface of this machine. */
    static java.util.Set<InetAddress> interfaceAddresses() {
        java.util.Set<InetAddress> addresses = new java.util.HashSet<>();
        try {
            var interfaces = java.net.NetworkInterface.getNetworkInterfaces();
            while (interfaces != null && interfaces.hasMoreElements()) {
                interfaces.nextElement().getInetAddresses().asIterator().forEachRemaining(addresses::add);
            }
        } catch (java.net.SocketException e) {
            // no list: the range checks still apply
        }
        return addresses;
    }

    /** The URL if its form is acceptable (scheme, host, no credentials); no DNS lookup. */
    URI parse(String url) throws Refused {
        if (url == null || url.isBlank() || url.length() > 2048) {
            throw new Refused("must be an absolute http(s) URL of at most 2048 characters");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new Refused("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && !requireHttps)) {
            throw new Refused(requireHttps ? "must use https" : "must use http or https");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new Refused("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("must not contain credentials");
        }
        return uri;
    }

    /** Resolves the URL's host (blocking) and returns its addresses if every one of them may be called. */
    List<InetAddress> resolve(URI uri) throws Refused {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new Refused("host " + uri.getHost() + " does not resolve");
        }
        List<InetAddress> usable = new ArrayList<>();
        for (InetAddress address : addresses) {
            String problem = problem(address);
            if (problem != null) {
                throw new Refused("resolves to " + address.getHostAddress() + ", " + problem);
            }
            usable.add(address);
        }
        return usable;
    }

    /** Why this address may not be called, or null if it may. */
    String problem(InetAddress address) {
        InetAddress embedded = embeddedIpv4(address);
        if (embedded != null) {
            // an IPv6 form of an IPv4 address is judged as that IPv4 address
            String problem = problem(embedded);
            if (problem != null) {
                return problem;
            }
        }
        if (Cidr.any(METADATA, address)) {
            return "a cloud metadata address";
        }
        if (Cidr.any(allowed, address)) {
            return null;
        }
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress() || Cidr.any(BLOCKED, address)) {
            return "a private, loopback, link-local or reserved address";
        }
        if (ownAddresses.get().contains(address)) {
            return "an address of this server";
        }
        return null;
    }

    /** The IPv4 address an IPv6 address carries (IPv4-compatible, NAT64, 6to4), or null. */
    static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] bytes = address.getAddress();
        byte[] v4 = null;
        if (Cidr.any(EMBEDS_IPV4_AT_END, address)) {
            v4 = java.util.Arrays.copyOfRange(bytes, 12, 16);
        } else if (SIX_TO_FOUR.contains(address)) {
            v4 = java.util.Arrays.copyOfRange(bytes, 2, 6);
        }
        if (v4 == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address range. */
    record Cidr(byte[] network, int bits) {

        static List<Cidr> parseAll(List<String> ranges) {
            List<Cidr> parsed = new ArrayList<>();
            for (String range : ranges) {
                if (!range.isBlank()) {
                    parsed.add(parse(range.trim()));
                }
            }
            return parsed;
        }

        static Cidr parse(String range) {
            int slash = range.indexOf('/');
            try {
                // literal addresses only: getByName does not look anything up for them
                InetAddress network = InetAddress.getByName(slash < 0 ? range : range.substring(0, slash));
                int max = network instanceof Inet4Address ? 32 : 128;
                int bits = slash < 0 ? max : Integer.parseInt(range.substring(slash + 1));
                if (bits < 0 || bits > max) {
                    throw new IllegalArgumentException("Bad prefix length in " + range);
                }
                return new Cidr(network.getAddress(), bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("Not an address range: " + range, e);
            }
        }

        static boolean any(List<Cidr> ranges, InetAddress address) {
            return ranges.stream().anyMatch(r -> r.contains(address));
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (address instanceof Inet6Address && network.length == 4) {
                return false;
            }
            if (bytes.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (bytes[full] & mask) == (network[full] & mask);
        }
    }
}
