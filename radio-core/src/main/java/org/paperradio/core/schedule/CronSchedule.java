package org.paperradio.core.schedule;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A cron-like schedule for the station's shows: five fields, {@code minute hour day-of-month
 * month day-of-week}, evaluated in the wall-clock time of the zone it is asked about.
 *
 * <p>Each field is {@code *}, a number, a range {@code 1-5}, a step {@code *}{@code /15},
 * {@code 10-50/10} or {@code 5/15} (from 5 to the field's end), or a comma list of these.
 * Months may be named {@code JAN}-{@code DEC} and weekdays {@code SUN}-{@code SAT}, in any
 * case; day-of-week 0 and 7 are both Sunday, and a weekday range may end on Sunday
 * ({@code FRI-SUN}). As in standard cron, when both day-of-month and day-of-week are
 * restricted (anything but {@code *} or {@code *}{@code /1}) a day matches if <em>either</em>
 * matches; otherwise both must. Macros: {@code @hourly}, {@code @daily} (= {@code @midnight}),
 * {@code @weekly}, {@code @monthly}, {@code @yearly} (= {@code @annually}).
 *
 * <p>Daylight saving time: a wall-clock time skipped by a spring-forward gap fires at the first
 * instant after the gap (02:30 on the Berlin spring-forward night fires at 03:00 CEST); a
 * wall-clock time that happens twice at fall back fires once, at its first occurrence. So a
 * minute-by-minute schedule is silent during the repeated hour: each wall-clock minute fires once.
 *
 * <p>Expressions that can never fire ({@code 0 0 31 2 *}) are rejected by {@link #parse}. A
 * Feb-29-only schedule may wait 8 years (2096 to 2104), so {@link #next} searches up to
 * {@value #MAX_SEARCH_YEARS} years before giving up. Instances are immutable and thread-safe.
 */
public final class CronSchedule {

    /** How far {@link #next} looks ahead; a parsed expression always fires well within this. */
    static final int MAX_SEARCH_YEARS = 10;
    /** Longer input is no cron expression; refuse it before doing any work on it. */
    private static final int MAX_LENGTH = 200;

    private static final Map<String, String> MACROS = Map.of(
            "@hourly", "0 * * * *",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@weekly", "0 0 * * 0",
            "@monthly", "0 0 1 * *",
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *");
    private static final List<String> MONTH_NAMES = List.of(
            "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAY_NAMES = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    /** One of the five fields: its name in messages, its bounds and how its names map to numbers. */
    private record Field(String name, int min, int max, List<String> names, int firstNameValue) {
        String expected() {
            String range = "a number " + min + "-" + max;
            return names.isEmpty() ? range
                    : range + " or a name " + names.get(0) + "-" + names.get(names.size() - 1);
        }
    }

    private static final Field MINUTE = new Field("minute", 0, 59, List.of(), 0);
    private static final Field HOUR = new Field("hour", 0, 23, List.of(), 0);
    private static final Field DAY_OF_MONTH = new Field("day-of-month", 1, 31, List.of(), 0);
    private static final Field MONTH = new Field("month", 1, 12, MONTH_NAMES, 1);
    private static final Field DAY_OF_WEEK = new Field("day-of-week", 0, 7, DAY_NAMES, 0);

    private final String expression;
    private final long minutes;   // bit m set: minute m fires
    private final long hours;     // bit h
    private final long daysOfMonth; // bit d, 1-31
    private final long months;    // bit m, 1-12
    private final long daysOfWeek; // bit d, 0 = Sunday .. 6 = Saturday
    private final boolean domRestricted;
    private final boolean dowRestricted;

    private CronSchedule(String expression, long minutes, long hours, long daysOfMonth, long months,
            long daysOfWeek, boolean domRestricted, boolean dowRestricted) {
        this.expression = expression;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.domRestricted = domRestricted;
        this.dowRestricted = dowRestricted;
    }

    /**
     * Parses a five-field cron expression or a macro.
     *
     * @throws IllegalArgumentException naming the bad field and what it should look like, or
     *         when the expression can never fire
     */
    public static CronSchedule parse(String expr) {
        if (expr == null) {
            throw new IllegalArgumentException("cron expression is missing; expected 5 fields "
                    + "(minute hour day-of-month month day-of-week), e.g. \"0 18 * * *\"");
        }
        String shown = expr.length() > MAX_LENGTH ? expr.substring(0, 40) + "..." : expr;
        if (expr.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("cron '" + shown + "': longer than " + MAX_LENGTH + " characters");
        }
        String body = expr.strip();
        if (body.startsWith("@")) {
            String expanded = MACROS.get(body.toLowerCase(Locale.ROOT));
            if (expanded == null) {
                throw new IllegalArgumentException("cron '" + expr + "': unknown macro '" + body
                        + "'; expected @hourly, @daily, @midnight, @weekly, @monthly, @yearly or @annually");
            }
            body = expanded;
        }
        String[] parts = body.isEmpty() ? new String[0] : body.split("\\s+");
        if (parts.length != 5) {
            throw new IllegalArgumentException("cron '" + expr + "': expected 5 fields "
                    + "(minute hour day-of-month month day-of-week), e.g. \"0 18 * * *\", but found " + parts.length);
        }
        long minutes = parseField(expr, parts[0], MINUTE);
        long hours = parseField(expr, parts[1], HOUR);
        long dom = parseField(expr, parts[2], DAY_OF_MONTH);
        long months = parseField(expr, parts[3], MONTH);
        long dow = parseField(expr, parts[4], DAY_OF_WEEK);
        if ((dow & (1L << 7)) != 0) {
            dow = (dow | 1L) & ~(1L << 7); // 7 is Sunday too
        }
        boolean domRestricted = !isStar(parts[2]);
        boolean dowRestricted = !isStar(parts[4]);
        if (domRestricted && !dowRestricted && !anyValidDay(dom, months)) {
            throw new IllegalArgumentException("cron '" + expr + "': day-of-month '" + parts[2]
                    + "' never occurs in month '" + parts[3] + "', so this schedule would never fire");
        }
        return new CronSchedule(expr, minutes, hours, dom, months, dow, domRestricted, dowRestricted);
    }

    /**
     * The first minute matching this schedule strictly after {@code after}, in {@code after}'s
     * zone, with seconds and nanos zero.
     *
     * @throws IllegalStateException if nothing matches within {@value #MAX_SEARCH_YEARS} years
     *         (cannot happen for a parsed expression; a guard against endless searching)
     */
    public ZonedDateTime next(ZonedDateTime after) {
        Objects.requireNonNull(after, "after");
        ZoneId zone = after.getZone();
        LocalDateTime start = after.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDate limit = start.toLocalDate().plusYears(MAX_SEARCH_YEARS);
        LocalDate day = start.toLocalDate();
        LocalTime from = start.toLocalTime();
        while (!day.isAfter(limit)) {
            if (!has(months, day.getMonthValue())) {
                day = day.withDayOfMonth(1).plusMonths(1); // skip the whole month
                from = LocalTime.MIDNIGHT;
                continue;
            }
            if (dayMatches(day)) {
                ZonedDateTime hit = firstOnDay(day, from, zone, after);
                if (hit != null) {
                    return hit;
                }
            }
            day = day.plusDays(1);
            from = LocalTime.MIDNIGHT;
        }
        throw new IllegalStateException("cron '" + expression + "' does not fire within "
                + MAX_SEARCH_YEARS + " years after " + after);
    }

    /** The expression exactly as it was given to {@link #parse}. */
    @Override
    public String toString() {
        return expression;
    }

    private ZonedDateTime firstOnDay(LocalDate day, LocalTime from, ZoneId zone, ZonedDateTime after) {
        for (int h = from.getHour(); h < 24; h++) {
            if (!has(hours, h)) {
                continue;
            }
            int m0 = h == from.getHour() ? from.getMinute() : 0;
            for (int m = m0; m < 60; m++) {
                if (!has(minutes, m)) {
                    continue;
                }
                ZonedDateTime at = resolve(LocalDateTime.of(day, LocalTime.of(h, m)), zone);
                // in a repeated (fall-back) hour a wall-clock time resolves to its first
                // occurrence, which may lie before 'after': it has fired already
                if (at.isAfter(after)) {
                    return at;
                }
            }
        }
        return null;
    }

    /** Wall-clock time to instant: the first occurrence in an overlap, the gap's end in a gap. */
    private static ZonedDateTime resolve(LocalDateTime local, ZoneId zone) {
        var offsets = zone.getRules().getValidOffsets(local);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = zone.getRules().getTransition(local);
            return gap.getInstant().atZone(zone);
        }
        return ZonedDateTime.ofLocal(local, zone, offsets.get(0));
    }

    private boolean dayMatches(LocalDate day) {
        boolean dom = has(daysOfMonth, day.getDayOfMonth());
        boolean dow = has(daysOfWeek, day.getDayOfWeek().getValue() % 7);
        if (domRestricted && dowRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    private static boolean has(long bits, int value) {
        return (bits & (1L << value)) != 0;
    }

    private static boolean isStar(String field) {
        return field.equals("*") || field.equals("*/1");
    }

    /** Whether some chosen day of the month exists in some chosen month (Feb counts 29 days). */
    private static boolean anyValidDay(long dom, long months) {
        for (int month = 1; month <= 12; month++) {
            if (has(months, month)) {
                int length = Month.of(month).maxLength();
                for (int d = 1; d <= length; d++) {
                    if (has(dom, d)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static long parseField(String expr, String text, Field field) {
        long bits = 0;
        for (String item : text.split(",", -1)) {
            bits |= parseItem(expr, text, item, field);
        }
        return bits;
    }

    private static long parseItem(String expr, String text, String item, Field field) {
        if (item.isEmpty()) {
            throw bad(expr, field, text, "has an empty list item; expected items like 1,15 or 1-5");
        }
        String rangePart = item;
        int step = 1;
        boolean stepped = false;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            rangePart = item.substring(0, slash);
            String stepText = item.substring(slash + 1);
            int span = field.max() - field.min() + 1;
            if (!stepText.matches("\\d{1,2}") || Integer.parseInt(stepText) < 1 || Integer.parseInt(stepText) > span) {
                throw bad(expr, field, item, "has a bad step '" + stepText + "'; expected a step 1-" + span
                        + " as in */15 or 10-50/10");
            }
            step = Integer.parseInt(stepText);
            stepped = true;
        }
        int lo;
        int hi;
        if (rangePart.equals("*")) {
            lo = field.min();
            hi = field == DAY_OF_WEEK ? 6 : field.max(); // * covers Sunday once
        } else {
            int dash = rangePart.indexOf('-');
            if (dash >= 0) {
                if (dash == 0 || dash == rangePart.length() - 1) {
                    throw bad(expr, field, item, "is not " + field.expected() + " or a range low-high as in 1-5");
                }
                lo = value(expr, rangePart.substring(0, dash), field);
                hi = value(expr, rangePart.substring(dash + 1), field);
                if (field == DAY_OF_WEEK && hi == 0 && lo > 0) {
                    hi = 7; // FRI-SUN
                }
                if (lo > hi) {
                    throw bad(expr, field, item, "is a range whose start is after its end; expected low-high as in 1-5");
                }
            } else {
                lo = value(expr, rangePart, field);
                hi = stepped ? field.max() : lo; // 5/15 means from 5 to the end
            }
        }
        long bits = 0;
        for (int v = lo; v <= hi; v += step) {
            bits |= 1L << v;
        }
        return bits;
    }

    private static int value(String expr, String text, Field field) {
        if (text.matches("\\d{1,2}")) {
            int v = Integer.parseInt(text);
            if (v >= field.min() && v <= field.max()) {
                return v;
            }
            throw bad(expr, field, text, "is out of range; expected " + field.expected());
        }
        int named = field.names().indexOf(text.toUpperCase(Locale.ROOT));
        if (named >= 0) {
            return named + field.firstNameValue();
        }
        throw bad(expr, field, text, "is not " + field.expected());
    }

    private static IllegalArgumentException bad(String expr, Field field, String text, String problem) {
        return new IllegalArgumentException("cron '" + expr + "': " + field.name() + " '" + text + "' " + problem);
    }
}
