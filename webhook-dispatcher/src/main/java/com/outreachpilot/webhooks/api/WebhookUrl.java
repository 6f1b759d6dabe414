package com.outreachpilot.webhooks.api;

import com.outreachpilot.webhooks.client.WebhookSender;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A URL of a form webhooks may be sent to, as the sender's guard judges it (scheme, host, no credentials).
 * Where its host resolves to is checked after validation, off the event loop ({@link WebhookSender#refusal}).
 * Null and blank are left to other constraints.
 */
@Documented
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = WebhookUrl.Validator.class)
public @interface WebhookUrl {

    String message() default "is not a URL webhooks may be sent to";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    @ApplicationScoped
    class Validator implements ConstraintValidator<WebhookUrl, String> {

        @Inject
        WebhookSender sender;

        @Override
        public boolean isValid(String url, ConstraintValidatorContext context) {
            if (url == null || url.isBlank()) {
                return true;
            }
            return Messages.valid(context, sender.formRefusal(url));
        }
    }
}
