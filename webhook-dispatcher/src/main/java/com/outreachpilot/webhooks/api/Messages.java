package com.outreachpilot.webhooks.api;

import jakarta.validation.ConstraintValidatorContext;

/** Constraint violations whose message is a domain rule's own words. */
final class Messages {

    private Messages() {
    }

    /** True if {@code problem} is null; otherwise reports it, word for word, as the violation's message. */
    static boolean valid(ConstraintValidatorContext context, String problem) {
        if (problem == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        // a message is a template: braces, dollars and backslashes are escaped so the words come out unchanged
        context.buildConstraintViolationWithTemplate(problem.replaceAll("([\\\\{}$])", "\\\\$1")).addConstraintViolation();
        return false;
    }
}
