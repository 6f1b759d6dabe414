package com.outreachpilot.webhooks.client;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The SSRF guard against the address forms found getting past it, without DNS (literal addresses only). */
class UrlGuardTest {

    private static final String OWN = "203.0.114.7"; // stands in for this machine's public interface address

    private final UrlGuard guard = new UrlGuard(false, List.of(), () -> Set.of(address(OWN)));

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void ipv6FormsOfPrivateAndMetadataAddressesAreRefused() {
        for (String literal : List.of("::169.254.169.254", "::10.0.0.1", "::127.0.0.1", "::ffff:10.0.0.1",
                "::ffff:169.254.169.254", "2002:a00:1::1", "2002:a9fe:a9fe::", "2002:7f00:1::", "64:ff9b::a00:1",
                "64:ff9b::a9fe:a9fe", "64:ff9b:1::808:808", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001:db8::1",
                "3fff::1", "100::1", "fec0::1", "::", "::1")) {
            assertNotNull(guard.problem(address(literal)), literal + " was let through");
        }
        assertEquals("a cloud metadata address", guard.problem(address("::169.254.169.254")));
    }

    @Test
    void documentationAndOtherSpecialPurposeRangesAreRefused() {
        for (String literal : List.of("192.0.2.1", "198.51.100.7", "203.0.113.9", "192.88.99.1", "198.18.0.1",
                "100.64.0.1", "192.0.0.8", "240.0.0.1", "255.255.255.255", "224.0.0.1", "0.0.0.0")) {
            assertNotNull(guard.problem(address(literal)), literal + " was let through");
        }
    }

    @Test
    void thisMachinesOwnAddressesAreRefused() {
        assertEquals("an address of this server", guard.problem(address(OWN)));
    }

    @Test
    void publicAddressesPassInEveryForm() {
        for (String literal : List.of("8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "2002:808:808::1",
                "64:ff9b::808:808")) {
            assertNull(guard.problem(address(literal)), literal + " was refused");
        }
    }

    @Test
    void excerptsAreShortAndPrintable() {
        assertEquals("a b c", WebhookSender.sanitized("a\r\n\u0000b\t\tc\u001b"));
        assertEquals(256, WebhookSender.EXCERPT_BYTES);
    }
}
