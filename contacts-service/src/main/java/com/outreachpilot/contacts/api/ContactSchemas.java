package com.outreachpilot.contacts.api;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;

/**
 * The request bodies of contacts and companies as the OpenAPI document describes them. The bodies are read as
 * JSON trees (so that every wrong field is named in one 422); these are their shapes, built on the input
 * classes that read them: one object or {@code {<plural>: [...]}} of up to {@value RequestBodies#MAX_BATCH}.
 */
final class ContactSchemas {

    private ContactSchemas() {
    }

    @Schema(name = "NewContact", description = "A contact to create (or, with upsert, to update by email)",
            allOf = ContactInput.class, requiredProperties = "email", additionalProperties = Schema.True.class,
            properties = @SchemaProperty(name = "upsert", type = SchemaType.BOOLEAN,
                    description = "Update the contact with this email instead of answering 409"))
    static final class NewContact {
    }

    @Schema(name = "ContactImport", description = "Up to " + RequestBodies.MAX_BATCH + " contacts in one request",
            requiredProperties = "contacts", additionalProperties = Schema.False.class,
            properties = {
                    @SchemaProperty(name = "contacts", type = SchemaType.ARRAY, implementation = NewContact.class,
                            minItems = 1, maxItems = RequestBodies.MAX_BATCH),
                    @SchemaProperty(name = "upsert", type = SchemaType.BOOLEAN,
                            description = "Update the contacts whose email exists instead of answering 409")})
    static final class ContactImport {
    }

    @Schema(name = "CreateContacts", oneOf = {NewContact.class, ContactImport.class})
    static final class CreateContacts {
    }

    @Schema(name = "NewCompany", description = "A company to create (or, with upsert, to update by domain)",
            allOf = CompanyInput.class, additionalProperties = Schema.True.class,
            properties = @SchemaProperty(name = "upsert", type = SchemaType.BOOLEAN,
                    description = "Update the company with this domain instead of creating another"))
    static final class NewCompany {
    }

    @Schema(name = "CompanyImport", description = "Up to " + RequestBodies.MAX_BATCH + " companies in one request",
            requiredProperties = "companies", additionalProperties = Schema.False.class,
            properties = {
                    @SchemaProperty(name = "companies", type = SchemaType.ARRAY, implementation = NewCompany.class,
                            minItems = 1, maxItems = RequestBodies.MAX_BATCH),
                    @SchemaProperty(name = "upsert", type = SchemaType.BOOLEAN,
                            description = "Update the companies whose domain exists")})
    static final class CompanyImport {
    }

    /** anyOf: a company has no required field, so a batch also reads as one company with unknown fields. */
    @Schema(name = "CreateCompanies", anyOf = {NewCompany.class, CompanyImport.class},
            description = "One company, or {companies: [...]} (a body with `companies` is always read as a batch)")
    static final class CreateCompanies {
    }
}
