package com.outreachpilot.campaigns.domain;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * When emails may be sent: on these days of the week, between start (inclusive) and end (exclusive), in the
 * campaign's time zone. Nothing is sent outside the window.
 */
public record Schedule(String timezone, List<String> days, String start, String end) {

    public static final List<String> DAY_NAMES = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    public static final Schedule ALWAYS = new Schedule("UTC", DAY_NAMES, "00:00", "24:00");

    public ZoneId zone() {
        return ZoneId.of(timezone);
    }

    public boolean allows(DayOfWeek day) {
        return days.contains(DAY_NAMES.get(day.getValue() - 1));
    }

    public LocalTime startTime() {
        return LocalTime.parse(start);
    }

    /** The end of the window; "24:00" is the end of the day. */
    public boolean endsAtMidnight() {
        return "24:00".equals(end);
    }

    public LocalTime endTime() {
        return endsAtMidnight() ? LocalTime.MAX : LocalTime.parse(end);
    }

    /** {@code at} itself when the window is open then, else the moment it next opens. */
    public Instant nextOpening(Instant at) {
        ZoneId zone = zone();
        LocalDate today = at.atZone(zone).toLocalDate();
        for (int i = 0; i < 8; i++) {
            LocalDate day = today.plusDays(i);
            if (!allows(day.getDayOfWeek())) {
                continue;
            }
            Instant open = day.atTime(startTime()).atZone(zone).toInstant();
            Instant close = endsAtMidnight() ? day.plusDays(1).atStartOfDay(zone).toInstant()
                    : day.atTime(endTime()).atZone(zone).toInstant();
            if (at.isBefore(open)) {
                return open;
            }
            if (at.isBefore(close)) {
                return at;
            }
        }
        throw new IllegalStateException("A schedule has at least one day");
    }

    public boolean isOpen(Instant at) {
        return nextOpening(at).equals(at);
    }

    /** How long the window is open on a day. */
    public Duration length() {
        return endsAtMidnight() ? Duration.between(startTime(), LocalTime.MAX).plusNanos(1)
                : Duration.between(startTime(), endTime());
    }

    /** The day {@code at} falls on in the campaign's time zone (the daily limit's day). */
    public LocalDate dayOf(Instant at) {
        return at.atZone(zone()).toLocalDate();
    }

    /** The start of the day after {@code at}'s, in the campaign's time zone. */
    public Instant nextDay(Instant at) {
        return dayOf(at).plusDays(1).atStartOfDay(zone()).toInstant();
    }

    static String dayName(DayOfWeek day) {
        return day.name().substring(0, 3).toLowerCase(Locale.ROOT);
    }
}
