package com.outreachpilot.webhooks.api;

import com.outreachpilot.webhooks.domain.Secrets;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A signing secret a customer may choose ({@link Secrets#problem}). Null and blank are left to other constraints. */
@Documented
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = WebhookSecret.Validator.class)
public @interface WebhookSecret {

    String message() default "is not a usable signing secret";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<WebhookSecret, String> {

        @Override
        public boolean isValid(String secret, ConstraintValidatorContext context) {
            if (secret == null || secret.isBlank()) {
                return true;
            }
            return Messages.valid(context, Secrets.problem(secret));
        }
    }
}
