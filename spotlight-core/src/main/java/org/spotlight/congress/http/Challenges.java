package org.spotlight.congress.http;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises the pages web firewalls and bot defences answer scripts with instead of the document: Cloudflare's
 * "Just a moment..." challenge and block pages, Akamai's "Access Denied ... Reference #", Imperva/Incapsula incident
 * pages, F5 BIG-IP ASM's "The requested URL was rejected", AWS WAF and DataDome challenges, Sucuri's firewall page.
 * They come as 403, 429 or 503, and often as 200, which is why a 200 answer is not taken at its word. Only markers
 * these products put in their own pages are used, so a real disclosure page is never mistaken for one.
 */
public final class Challenges {

    /** Challenge pages are small; markers are looked for in the first bytes only. */
    static final int INSPECTED_BYTES = 64 * 1024;

    private record Marker(String product, List<String> allOf) {
    }

    private static final List<Marker> BODY_MARKERS = List.of(
            new Marker("a Cloudflare challenge page", List.of("just a moment", "challenge-platform")),
            new Marker("a Cloudflare challenge page", List.of("cf_chl_")),
            new Marker("a Cloudflare block page", List.of("attention required! | cloudflare")),
            // Akamai writes its reference number with entities: "Reference&#32;&#35;18&#46;...".
            new Marker("an Akamai access-denied page", List.of("access denied", "you don't have permission to access", "reference #")),
            new Marker("an Akamai access-denied page", List.of("access denied", "you don't have permission to access", "reference&#32;&#35;")),
            new Marker("an Akamai access-denied page", List.of("errors.edgesuite.net")),
            new Marker("an Akamai access-denied page", List.of("errors&#46;edgesuite&#46;net")),
            new Marker("an Imperva (Incapsula) block page", List.of("_incapsula_resource")),
            new Marker("an Imperva (Incapsula) block page", List.of("incapsula incident id")),
            new Marker("an F5 BIG-IP firewall rejection page", List.of("the requested url was rejected", "support id")),
            new Marker("an AWS WAF challenge page", List.of("awswafintegration")),
            new Marker("an AWS WAF challenge page", List.of("awswafcookiedomainlist")),
            new Marker("a DataDome challenge page", List.of("captcha-delivery.com")),
            new Marker("a Sucuri firewall page", List.of("sucuri website firewall")),
            new Marker("a DDoS-Guard challenge page", List.of("ddos-guard", "checking your browser")));

    private Challenges() {
    }

    /**
     * What kind of challenge or block page the answer is, from its headers and the start of its body; empty when it
     * is not recognisably one.
     */
    public static Optional<String> recognise(final HttpHeaders headers, final byte[] body) {
        final String mitigated = headers.firstValue("cf-mitigated").orElse("");
        if (mitigated.equalsIgnoreCase("challenge")) {
            return Optional.of("a Cloudflare challenge page");
        }
        final String wafAction = headers.firstValue("x-amzn-waf-action").orElse("").toLowerCase(Locale.ROOT);
        if (wafAction.equals("challenge") || wafAction.equals("captcha")) {
            return Optional.of("an AWS WAF " + wafAction);
        }
        if (headers.firstValue("x-datadome").isPresent() && looksLikeHtml(headers, body)) {
            return Optional.of("a DataDome challenge page");
        }
        if (!looksLikeHtml(headers, body)) {
            return Optional.empty();
        }
        final String text = new String(body, 0, Math.min(body.length, INSPECTED_BYTES), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        for (Marker marker : BODY_MARKERS) {
            if (marker.allOf().stream().allMatch(text::contains)) {
                return Optional.of(marker.product());
            }
        }
        return Optional.empty();
    }

    /** Declared as HTML or text, or starting with markup whatever the declared type. */
    static boolean looksLikeHtml(final HttpHeaders headers, final byte[] body) {
        final String type = headers.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        return type.startsWith("text/html") || type.startsWith("application/xhtml") || startsWithMarkup(body);
    }

    /** The first non-blank character (after a byte order mark) is {@code <}. */
    public static boolean startsWithMarkup(final byte[] body) {
        int i = body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF ? 3 : 0;
        final int end = Math.min(body.length, 4096);
        while (i < end && Character.isWhitespace(body[i])) {
            i++;
        }
        return i < end && body[i] == '<';
    }
}
