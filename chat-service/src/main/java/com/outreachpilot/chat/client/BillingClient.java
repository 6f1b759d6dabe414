package com.outreachpilot.chat.client;

import com.outreachpilot.chat.config.ChatConfig;
import com.outreachpilot.platform.client.ServiceCall;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.ErrorCode;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * billing-service's credit reservations, called with the caller's token: hold a message's cost before the model
 * is called, charge it when the answer is ready, give it back when it is not.
 */
@ApplicationScoped
public class BillingClient {

    /** A held reservation and the organization's balance after it. */
    public record Reservation(String id, long amount, long creditsRemaining) {
    }

    @Inject
    ChatConfig config;

    private ServiceCall billing;

    void init(@Observes StartupEvent event) {
        billing = new ServiceCall(config.services().billingUrl(), config.services().timeout());
    }

    /** Holds {@code amount} under {@code chargeKey}; 402 INSUFFICIENT_CREDITS when the balance cannot cover it. */
    public Uni<Reservation> reserve(String token, String chargeKey, long amount) {
        return billing.post(token, "/internal/v1/credits/reservations",
                        Map.of("idempotency_key", chargeKey, "amount", amount))
                .onFailure().transform(BillingClient::unreachable)
                .map(answer -> {
                    if (answer.ok()) {
                        return read(answer);
                    }
                    if (answer.status() == 402) {
                        throw new ApiException(ErrorCode.INSUFFICIENT_CREDITS,
                                "Not enough credits for this message (" + amount + " needed)",
                                answer.errorMessage().isEmpty() ? null : answer.errorMessage());
                    }
                    throw failed("reserve credits", answer);
                });
    }

    /** Charges {@code amount} (at most the reserved) and gives the rest back. */
    public Uni<Reservation> settle(String token, String reservationId, long amount) {
        return billing.post(token, "/internal/v1/credits/reservations/" + reservationId + "/settle", Map.of("amount", amount))
                .onFailure().transform(BillingClient::unreachable)
                .map(answer -> {
                    if (!answer.ok()) {
                        throw failed("settle credits", answer);
                    }
                    return read(answer);
                });
    }

    /** Gives the reservation back. */
    public Uni<Reservation> release(String token, String reservationId) {
        return billing.post(token, "/internal/v1/credits/reservations/" + reservationId + "/release", Map.of())
                .onFailure().transform(BillingClient::unreachable)
                .map(answer -> {
                    if (!answer.ok()) {
                        throw failed("release credits", answer);
                    }
                    return read(answer);
                });
    }

    private static Reservation read(ServiceCall.Answer answer) {
        var data = answer.data();
        return new Reservation(data.path("id").asText(), data.path("amount").asLong(),
                data.path("credits_remaining").asLong());
    }

    private static Throwable unreachable(Throwable e) {
        return e instanceof ApiException ? e : new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                "billing-service is unavailable", e.getClass().getSimpleName());
    }

    private static ApiException failed(String what, ServiceCall.Answer answer) {
        return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "billing-service could not " + what,
                answer.errorCode());
    }
}
