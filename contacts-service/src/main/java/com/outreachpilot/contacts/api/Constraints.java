package com.outreachpilot.contacts.api;

import com.outreachpilot.contacts.domain.CompanyFields;
import com.outreachpilot.contacts.domain.ContactFields;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.UUID;

/** This service's Bean Validation constraints on request fields; each lets null through (absent or cleared). */
public final class Constraints {

    private Constraints() {
    }

    /** An email address ({@link ContactFields#isEmail}) of at most 254 characters; blank is refused as missing. */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = EmailAddress.Check.class)
    public @interface EmailAddress {
        String message() default "must be a valid email address";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        public class Check implements ConstraintValidator<EmailAddress, String> {
            @Override
            public boolean isValid(String value, ConstraintValidatorContext context) {
                if (value == null) {
                    return true;
                }
                String email = ContactFields.normalizeEmail(value);
                if (email == null) {
                    context.disableDefaultConstraintViolation();
                    context.buildConstraintViolationWithTemplate(ContactInput.EMAIL).addConstraintViolation();
                    return false;
                }
                return email.length() <= 254 && ContactFields.isEmail(email);
            }
        }
    }

    /** A domain name or website address that {@link CompanyFields#normalizeDomain} reduces to a host name. */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = DomainName.Check.class)
    public @interface DomainName {
        String message() default "must be a domain name or website address, e.g. acme.com";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        public class Check implements ConstraintValidator<DomainName, String> {
            @Override
            public boolean isValid(String value, ConstraintValidatorContext context) {
                return value == null || value.isBlank() || CompanyFields.normalizeDomain(value) != null;
            }
        }
    }

    /** A UUID, or blank (which clears). */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = Uuid.Check.class)
    public @interface Uuid {
        String message();

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        public class Check implements ConstraintValidator<Uuid, String> {
            @Override
            public boolean isValid(String value, ConstraintValidatorContext context) {
                if (value == null || value.isBlank()) {
                    return true;
                }
                try {
                    UUID.fromString(value.trim());
                    return true;
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
        }
    }
}
