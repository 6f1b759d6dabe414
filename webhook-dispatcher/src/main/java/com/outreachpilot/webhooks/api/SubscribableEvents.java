package com.outreachpilot.webhooks.api;

import com.outreachpilot.platform.events.EventType;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/**
 * Every entry of a body's {@code events} is an event type one may subscribe to; each one that is not is named
 * ({@code events[2]}). A class-level constraint because the platform's error paths name list entries of beans,
 * not of plain values. A null list is left to other constraints.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = SubscribableEvents.Validator.class)
public @interface SubscribableEvents {

    String message() default "is not an event type one can subscribe to (see available_events)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** A request body with a list of event types. */
    interface Body {
        List<String> events();
    }

    class Validator implements ConstraintValidator<SubscribableEvents, Body> {

        private String message;

        @Override
        public void initialize(SubscribableEvents annotation) {
            message = annotation.message();
        }

        @Override
        public boolean isValid(Body body, ConstraintValidatorContext context) {
            List<String> events = body == null ? null : body.events();
            if (events == null) {
                return true;
            }
            List<String> subscribable = EventType.subscribableTypes();
            boolean valid = true;
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i) == null || !subscribable.contains(events.get(i))) {
                    if (valid) {
                        context.disableDefaultConstraintViolation();
                        valid = false;
                    }
                    context.buildConstraintViolationWithTemplate(message)
                            .addPropertyNode("events[" + i + "]").addConstraintViolation();
                }
            }
            return valid;
        }
    }
}
