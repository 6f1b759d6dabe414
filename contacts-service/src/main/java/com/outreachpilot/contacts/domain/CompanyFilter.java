package com.outreachpilot.contacts.domain;

/** Which companies a list shows; null means "any". {@code domain} is already normalized. */
public record CompanyFilter(String search, String domain) {
}
