package com.outreachpilot.campaigns.api;

import com.outreachpilot.campaigns.domain.CampaignFields;
import com.outreachpilot.campaigns.domain.Delay;
import com.outreachpilot.campaigns.domain.Sender;
import com.outreachpilot.campaigns.domain.Step;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.validation.groups.Default;

import java.util.List;

/**
 * A campaign as a client sends it: all of it on create (only {@code name} is required), the fields to change on
 * update. Sender and steps are replaced whole; schedule and settings field by field.
 */
public record CampaignInput(
        @NotNull(groups = Creating.class, message = "is required")
        @Pattern(regexp = NON_BLANK, message = "must be a non-empty string")
        @Size(max = 200, message = "must be at most 200 characters")
        String name,

        @Valid SenderInput sender,

        @Size(max = MAX_STEPS, message = "must be an array of at most " + MAX_STEPS + " steps")
        List<@NotNull(message = "must be a step object") @Valid StepInput> steps,

        @Valid ScheduleInput schedule,

        @Valid SettingsInput settings) {

    /** Validation of a campaign being created: its name is required. */
    public interface Creating extends Default {
    }

    static final String NON_BLANK = "\\s*\\S[\\s\\S]*";
    static final int MAX_STEPS = 20;
    static final String TIME = "must be a time HH:MM (24 h), e.g. 09:00; end may be 24:00";

    /** {@code {from_name, from_email, reply_to?}}. */
    public record SenderInput(
            @NotNull(message = "is required")
            @Pattern(regexp = NON_BLANK, message = "must be a non-empty string")
            @Size(max = 200, message = "must be at most 200 characters")
            String fromName,
            @NotNull(message = "is required")
            @Email(regexp = ".+@.+\\..+", message = "must be a valid email address")
            String fromEmail,
            @Email(regexp = ".+@.+\\..+", message = "must be a valid email address")
            String replyTo) {

        Sender toDomain() {
            return new Sender(fromName.trim(), fromEmail.trim(), replyTo == null ? null : replyTo.trim());
        }
    }

    /** {@code {subject, body, html_body?, delay?}}. */
    public record StepInput(
            @NotNull(message = "is required")
            @Pattern(regexp = NON_BLANK, message = "must be a non-empty string")
            @Size(max = 998, message = "must be at most 998 characters")
            String subject,
            @NotNull(message = "is required")
            @Pattern(regexp = NON_BLANK, message = "must be a non-empty string")
            @Size(max = 100_000, message = "must be at most 100,000 characters")
            String body,
            @Size(max = 200_000, message = "must be at most 200,000 characters")
            String htmlBody,
            @Valid DelayInput delay) {

        Step toDomain() {
            return new Step(subject, body, htmlBody, delay == null ? Delay.NONE : delay.toDomain());
        }
    }

    /** {@code {days?, hours?, minutes?}}: the wait before the step. */
    public record DelayInput(
            @Min(value = 0, message = "must be between 0 and 365") @Max(value = 365, message = "must be between 0 and 365")
            Integer days,
            @Min(value = 0, message = "must be between 0 and 1000") @Max(value = 1000, message = "must be between 0 and 1000")
            Integer hours,
            @Min(value = 0, message = "must be between 0 and 100000") @Max(value = 100_000, message = "must be between 0 and 100000")
            Integer minutes) {

        Delay toDomain() {
            return new Delay(days == null ? 0 : days, hours == null ? 0 : hours, minutes == null ? 0 : minutes);
        }
    }

    /** {@code {timezone?, days?, start?, end?}}. */
    public record ScheduleInput(
            @Size(min = 1, max = 64, message = "must be an IANA time zone such as Europe/Paris or UTC")
            String timezone,
            @Size(min = 1, max = 7, message = "must be a non-empty array of mon, tue, wed, thu, fri, sat, sun")
            List<@NotNull(message = "must be one of mon, tue, wed, thu, fri, sat, sun")
                 @Pattern(regexp = "mon|tue|wed|thu|fri|sat|sun", message = "must be one of mon, tue, wed, thu, fri, sat, sun")
                 String> days,
            @Pattern(regexp = "([01][0-9]|2[0-3]):[0-5][0-9]", message = TIME)
            String start,
            @Pattern(regexp = "([01][0-9]|2[0-3]):[0-5][0-9]|24:00", message = TIME)
            String end) {
    }

    /** {@code {daily_limit?, stop_on_reply?, track_opens?, track_clicks?}}. */
    public record SettingsInput(
            @Min(value = 1, message = "must be between 1 and 100000") @Max(value = 100_000, message = "must be between 1 and 100000")
            Integer dailyLimit,
            Boolean stopOnReply,
            Boolean trackOpens,
            Boolean trackClicks) {
    }

    CampaignFields toDomain() {
        ScheduleInput s = schedule;
        SettingsInput t = settings;
        return new CampaignFields(name, sender == null ? null : sender.toDomain(),
                steps == null ? null : steps.stream().map(StepInput::toDomain).toList(),
                s == null ? null : s.timezone(), s == null || s.days() == null ? null : s.days().stream().distinct().toList(),
                s == null ? null : s.start(), s == null ? null : s.end(),
                t == null ? null : t.dailyLimit(), t == null ? null : t.stopOnReply(),
                t == null ? null : t.trackOpens(), t == null ? null : t.trackClicks());
    }
}
