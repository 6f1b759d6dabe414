package com.outreachpilot.billing.domain;

/** A reservation after a reserve, settle or release, and the organization's balance that step left. */
public record ReservationOutcome(CreditReservation reservation, long creditsRemaining) {
}
