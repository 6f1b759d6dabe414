package com.outreachpilot.campaigns.domain;

import com.outreachpilot.campaigns.domain.TrackingTokens.Kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a step into the email one contact receives: personalized subject and bodies, links rewritten to
 * tracked ones (when click tracking is on), an open pixel in the HTML body (when open tracking is on), an
 * unsubscribe link in every body, and the RFC 8058 one-click unsubscribe headers.
 */
public final class EmailComposer {

    /** A rendered email, the links it contained (in order) and its extra headers. */
    public record Composed(String subject, String text, String html, List<String> links, Map<String, String> headers) {
    }

    static final int MAX_LINKS = 100;
    private static final Pattern TEXT_URL = Pattern.compile("https?://[^\\s\"'<>]+");
    private static final Pattern HREF = Pattern.compile("(href\\s*=\\s*)([\"'])(https?://[^\"'\\s>]+)\\2", Pattern.CASE_INSENSITIVE);

    private final TrackingTokens tokens;
    private final String baseUrl;

    public EmailComposer(TrackingTokens tokens, String baseUrl) {
        this.tokens = tokens;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public Composed compose(Step step, Settings settings, Templates.Personalization data, String emailToken) {
        String subject = Templates.renderText(step.subject(), data);
        String text = Templates.renderText(step.body(), data);
        String html = step.htmlBody() == null ? null : Templates.renderHtml(step.htmlBody(), data);

        List<String> links = new ArrayList<>();
        if (settings.trackClicks()) {
            text = rewrite(TEXT_URL.matcher(text), links, emailToken, false);
            if (html != null) {
                html = rewrite(HREF.matcher(html), links, emailToken, true);
            }
        }
        String unsubscribe = link(Kind.UNSUBSCRIBE, emailToken, 0);
        text = text + "\n\n--\nUnsubscribe: " + unsubscribe + "\n";
        if (html != null) {
            StringBuilder footer = new StringBuilder("<p style=\"font-size:12px;color:#888\"><a href=\"")
                    .append(unsubscribe).append("\">Unsubscribe</a></p>");
            if (settings.trackOpens()) {
                footer.append("<img src=\"").append(link(Kind.OPEN, emailToken, 0))
                        .append("\" width=\"1\" height=\"1\" alt=\"\" style=\"display:none\">");
            }
            int body = html.toLowerCase(java.util.Locale.ROOT).lastIndexOf("</body>");
            html = body < 0 ? html + footer : html.substring(0, body) + footer + html.substring(body);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("List-Unsubscribe", "<" + unsubscribe + ">");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        return new Composed(subject, text, html, List.copyOf(links), headers);
    }

    private String rewrite(Matcher matcher, List<String> links, String emailToken, boolean href) {
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String url = href ? matcher.group(3).replace("&amp;", "&") : trimPunctuation(matcher.group());
            String rest = href ? "" : matcher.group().substring(url.length());
            int index = links.indexOf(url);
            if (index < 0 && links.size() < MAX_LINKS) {
                links.add(url);
                index = links.size() - 1;
            }
            String replacement = index < 0 ? matcher.group()
                    : href ? matcher.group(1) + matcher.group(2) + link(Kind.CLICK, emailToken, index) + matcher.group(2)
                    : link(Kind.CLICK, emailToken, index) + rest;
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** A URL at the end of a sentence keeps its full stop outside the link. */
    private static String trimPunctuation(String url) {
        int end = url.length();
        while (end > 0 && ".,;:!?)]".indexOf(url.charAt(end - 1)) >= 0) {
            end--;
        }
        return url.substring(0, end);
    }

    public String link(Kind kind, String emailToken, int index) {
        String path = switch (kind) {
            case OPEN -> "/t/o/";
            case CLICK -> "/t/c/";
            case UNSUBSCRIBE -> "/t/u/";
        };
        return baseUrl + path + tokens.sign(kind, emailToken, index);
    }
}
