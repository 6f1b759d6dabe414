package com.outreachpilot.campaigns.domain;

import com.github.mustachejava.Code;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.codes.PartialCode;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import com.github.mustachejava.util.Wrapper;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.FieldError;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Personalization of subjects and bodies with Mustache (mustache.java): {@code {{first_name}}},
 * {@code {{last_name}}}, {@code {{company}}}, {@code {{title}}}, {@code {{email}}} and {@code {{context.KEY}}} for
 * any key of the contact's context, each with an optional fallback after a bar: {@code {{first_name|there}}}.
 * Subjects and text bodies are rendered as given; HTML bodies escape every value. Partials are refused (a
 * template never reads a file), and so is any other variable.
 */
public final class Templates {

    public static final List<String> VARIABLES = List.of("first_name", "last_name", "company", "title", "email");
    public static final String CONTEXT_PREFIX = "context.";
    private static final Set<String> KNOWN = Set.copyOf(VARIABLES);
    private static final int CACHE_LIMIT = 10_000;
    /** Triple mustaches and {@code {{&name}}} skip escaping: contact data could then write HTML into the email. */
    private static final java.util.regex.Pattern UNESCAPED = java.util.regex.Pattern.compile("\\{\\{\\{|\\{\\{\\s*&");

    /** What a template can use: the contact's fields as copied at enrollment. */
    public record Personalization(String email, String firstName, String lastName, String company, String title,
                                  Map<String, Object> context) {

        Map<String, Object> scope() {
            Map<String, Object> scope = new HashMap<>();
            scope.put("email", email);
            scope.put("first_name", firstName);
            scope.put("last_name", lastName);
            scope.put("company", company);
            scope.put("title", title);
            scope.put("context", context == null ? Map.of() : context);
            return scope;
        }
    }

    private static final Factory TEXT = new Factory(false);
    private static final Factory HTML = new Factory(true);
    private static final Map<String, Mustache> COMPILED = new ConcurrentHashMap<>();

    private Templates() {
    }

    /** Every problem of these steps' templates, each naming the step's field and the variable or the syntax error. */
    public static void check(List<Step> steps) {
        List<FieldError> problems = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            check("steps[" + i + "].subject", step.subject(), false, problems);
            check("steps[" + i + "].body", step.body(), false, problems);
            check("steps[" + i + "].html_body", step.htmlBody(), true, problems);
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
    }

    private static void check(String field, String template, boolean html, List<FieldError> problems) {
        if (template == null) {
            return;
        }
        if (html && UNESCAPED.matcher(template).find()) {
            problems.add(new FieldError(field, "inserts a value unescaped ({{{…}}} or {{&…}}); HTML bodies escape every"
                    + " value: use {{…}}"));
            return;
        }
        Mustache compiled;
        try {
            compiled = compile(template, html);
        } catch (MustacheException e) {
            problems.add(new FieldError(field, "is not a valid template: " + reason(e)));
            return;
        }
        List<String> unknown = new ArrayList<>();
        collectUnknown(compiled.getCodes(), unknown);
        for (String variable : unknown) {
            problems.add(new FieldError(field, "uses unknown variable '" + variable + "' (known: "
                    + String.join(", ", VARIABLES) + ", context.<key>)"));
        }
    }

    private static void collectUnknown(Code[] codes, List<String> unknown) {
        if (codes == null) {
            return;
        }
        for (Code code : codes) {
            if (code instanceof PartialCode) {
                unknown.add(">" + code.getName());
                continue;
            }
            String name = code.getName();
            if (name != null && !name.isEmpty() && !known(variableOf(name)) && !unknown.contains(name)) {
                unknown.add(variableOf(name));
            }
            collectUnknown(code.getCodes(), unknown);
        }
    }

    private static boolean known(String variable) {
        return KNOWN.contains(variable)
                || (variable.startsWith(CONTEXT_PREFIX) && variable.length() > CONTEXT_PREFIX.length());
    }

    /** The variable of a tag, without its fallback. */
    static String variableOf(String tag) {
        int bar = tag.indexOf('|');
        return (bar < 0 ? tag : tag.substring(0, bar)).trim();
    }

    /** Renders a plain-text template (subject, text body). */
    public static String renderText(String template, Personalization data) {
        return render(template, false, data);
    }

    /** Renders an HTML template: every value is escaped. */
    public static String renderHtml(String template, Personalization data) {
        return render(template, true, data);
    }

    private static String render(String template, boolean html, Personalization data) {
        if (template == null) {
            return null;
        }
        StringWriter out = new StringWriter();
        compile(template, html).execute(out, data.scope());
        return out.toString();
    }

    private static Mustache compile(String template, boolean html) {
        String key = (html ? "h:" : "t:") + template;
        Mustache cached = COMPILED.get(key);
        if (cached != null) {
            return cached;
        }
        Mustache compiled = (html ? HTML : TEXT).compile(new StringReader(template), "step-" + key.hashCode());
        if (COMPILED.size() >= CACHE_LIMIT) {
            COMPILED.clear();
        }
        COMPILED.put(key, compiled);
        return compiled;
    }

    private static String reason(MustacheException e) {
        String message = e.getMessage() == null ? "syntax error" : e.getMessage();
        if (message.contains("not found") || message.contains("Template")) {
            return "partials ({{>name}}) are not supported";
        }
        return message;
    }

    /** mustache.java set up for one kind of output, resolving no partials and with fallbacks after a bar. */
    private static final class Factory extends DefaultMustacheFactory {

        private final boolean html;

        Factory(boolean html) {
            super(name -> (Reader) null);
            this.html = html;
            setObjectHandler(new FallbackObjectHandler());
        }

        @Override
        public void encode(String value, Writer writer) {
            if (html) {
                super.encode(value, writer);
            } else {
                try {
                    writer.write(value);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public Mustache compile(String name) {
            throw new MustacheException("Template " + name + " not found");
        }
    }

    /** Resolves {@code name|fallback}: the fallback when the value is missing or blank. */
    private static final class FallbackObjectHandler extends ReflectionObjectHandler {

        @Override
        public Wrapper find(String name, List<Object> scopes) {
            int bar = name.indexOf('|');
            if (bar < 0) {
                return super.find(name.trim(), scopes);
            }
            String fallback = name.substring(bar + 1);
            Wrapper value = super.find(name.substring(0, bar).trim(), scopes);
            return s -> {
                Object found = value.call(s);
                return found == null || found.toString().isBlank() ? fallback : found;
            };
        }
    }

}
