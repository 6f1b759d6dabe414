package com.outreachpilot.platform.events;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type the platform emits, in one place: the producers, the Kafka topic (one per owning
 * domain, {@code <domain>.events}), and whether customers may subscribe to it with a webhook.
 */
public enum EventType {
    CONTACT_CREATED("contact.created", Domain.CONTACTS, true),
    CONTACT_UPDATED("contact.updated", Domain.CONTACTS, true),
    CONTACT_DELETED("contact.deleted", Domain.CONTACTS, true),
    COMPANY_CREATED("company.created", Domain.CONTACTS, true),
    COMPANY_UPDATED("company.updated", Domain.CONTACTS, true),
    COMPANY_DELETED("company.deleted", Domain.CONTACTS, true),
    FOLDER_CREATED("folder.created", Domain.CONTACTS, true),
    FOLDER_UPDATED("folder.updated", Domain.CONTACTS, true),
    FOLDER_DELETED("folder.deleted", Domain.CONTACTS, true),

    CAMPAIGN_CREATED("campaign.created", Domain.CAMPAIGNS, true),
    CAMPAIGN_UPDATED("campaign.updated", Domain.CAMPAIGNS, true),
    CAMPAIGN_TRIGGERED("campaign.triggered", Domain.CAMPAIGNS, true),
    CAMPAIGN_COMPLETED("campaign.completed", Domain.CAMPAIGNS, true),
    CAMPAIGN_DELETED("campaign.deleted", Domain.CAMPAIGNS, true),
    EMAIL_SENT("email.sent", Domain.CAMPAIGNS, true),
    EMAIL_OPENED("email.opened", Domain.CAMPAIGNS, true),
    EMAIL_CLICKED("email.clicked", Domain.CAMPAIGNS, true),
    EMAIL_BOUNCED("email.bounced", Domain.CAMPAIGNS, true),
    EMAIL_REPLIED("email.replied", Domain.CAMPAIGNS, true),
    CONTACT_UNSUBSCRIBED("contact.unsubscribed", Domain.CAMPAIGNS, true),

    CHAT_MESSAGE_COMPLETED("chat.message.completed", Domain.CHAT, true),

    CREDITS_LOW("credits.low", Domain.BILLING, true),
    CREDITS_EXHAUSTED("credits.exhausted", Domain.BILLING, true),
    CREDITS_RESET("credits.reset", Domain.BILLING, true),
    ORG_CREATED("org.created", Domain.BILLING, false),
    ORG_UPDATED("org.updated", Domain.BILLING, false),
    ORG_DELETED("org.deleted", Domain.BILLING, false),
    APIKEY_CREATED("apikey.created", Domain.BILLING, false),
    APIKEY_REVOKED("apikey.revoked", Domain.BILLING, false),

    WEBHOOK_TEST("webhook.test", Domain.WEBHOOKS, true),
    WEBHOOK_DISABLED("webhook.disabled", Domain.WEBHOOKS, true);

    /** Owning domains; each has its own topic. */
    public enum Domain {
        CONTACTS, CAMPAIGNS, CHAT, BILLING, WEBHOOKS;

        public String topic() {
            return name().toLowerCase() + ".events";
        }
    }

    private static final Map<String, EventType> BY_TYPE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));

    private final String type;
    private final Domain domain;
    private final boolean subscribable;

    EventType(String type, Domain domain, boolean subscribable) {
        this.type = type;
        this.domain = domain;
        this.subscribable = subscribable;
    }

    public String type() {
        return type;
    }

    public Domain domain() {
        return domain;
    }

    /** Whether customers may subscribe to it; internal events (keys, organizations) are not offered. */
    public boolean subscribable() {
        return subscribable;
    }

    public static EventType of(String type) {
        EventType found = BY_TYPE.get(type);
        if (found == null) {
            throw new IllegalArgumentException("Unknown event type: " + type);
        }
        return found;
    }

    public static boolean isKnown(String type) {
        return BY_TYPE.containsKey(type);
    }

    public static String topicOf(String type) {
        return of(type).domain.topic();
    }

    /** Event type names customers may subscribe to, in declaration order. */
    public static List<String> subscribableTypes() {
        return Arrays.stream(values()).filter(EventType::subscribable).map(EventType::type).toList();
    }

    public static List<String> allTopics() {
        return Arrays.stream(Domain.values()).map(Domain::topic).toList();
    }
}
