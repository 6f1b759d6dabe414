package com.outreachpilot.contacts.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The written-out email check accepts exactly what the documented pattern accepts. */
class EmailCheckTest {

    private static final Pattern RULE = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

    @Test
    void examples() {
        for (String ok : List.of("a@b.co", "jane.doe+tag@mail.acme.example", "x@xn--bcher-kva.example", "ü@ä.de",
                "o'brien@corp.io", "a".repeat(64) + "@x.io", "😀@x.io")) {
            assertTrue(ContactFields.isEmail(ok), ok);
        }
        for (String bad : List.of("", "@x.io", "a@", "a@b", "a@b.", "a@.b", "a@b..c", "a@@b.c", "a b@c.d", "a@b c.d",
                "a@b.c\n", "a".repeat(65) + "@x.io", "a@b.c@d.e", "\t@x.io")) {
            assertFalse(ContactFields.isEmail(bad), bad);
        }
    }

    @Test
    void agreesWithThePatternOnRandomStrings() {
        Random random = new Random(42);
        char[] alphabet = {'a', 'b', '@', '.', ' ', '\t', '\n', '\u000B', '\f', '\r', 'é', '-', '+', '\u2003'};
        for (int n = 0; n < 200_000; n++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                s.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String candidate = s.toString();
            assertEquals(RULE.matcher(candidate).matches(), ContactFields.isEmail(candidate), candidate);
        }
    }
}
