package com.outreachpilot.campaigns.api;

import com.outreachpilot.campaigns.domain.EnrollmentService.TriggerTarget;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.error.ApiException;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;

/** Body of a trigger: {@code {contact_id}} or {@code {email, first_name?, last_name?, company?}}. */
public record TriggerInput(
        @Size(max = 64, message = "must be a contact id")
        String contactId,
        @Size(max = 320, message = "must be at most 320 characters")
        @Email(regexp = ".+@.+\\..+", message = "must be a valid email address")
        String email,
        @Size(max = 500, message = "must be at most 500 characters")
        String firstName,
        @Size(max = 500, message = "must be at most 500 characters")
        String lastName,
        @Size(max = 500, message = "must be at most 500 characters")
        String company) {

    static final String ONE_OF = "is required: send {contact_id} or {email, first_name?, last_name?, company?}";

    TriggerTarget toDomain() {
        boolean byId = contactId != null && !contactId.isBlank();
        boolean byEmail = email != null && !email.isBlank();
        if (!byId && !byEmail) {
            throw ApiException.invalid(contactId != null ? "contact_id" : "email", ONE_OF);
        }
        if (byId && byEmail) {
            throw ApiException.invalid("contact_id", "send either contact_id or email, not both");
        }
        if (byId) {
            // an id that is no UUID names no contact: the same 404 as an unknown one
            return new TriggerTarget(Ids.uuidOrNotFound(contactId.trim(), "Contact"), null, null, null, null);
        }
        return new TriggerTarget(null, email.trim(), firstName, lastName, company);
    }
}
