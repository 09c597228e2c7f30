package org.paperradio.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static ZonedDateTime berlin(String local) {
        return LocalDateTime.parse(local).atZone(BERLIN);
    }

    private static ZonedDateTime utc(String local) {
        return LocalDateTime.parse(local).atZone(ZoneOffset.UTC);
    }

    /** The next {@code n} fire times after {@code from}. */
    private static List<ZonedDateTime> fires(String expr, ZonedDateTime from, int n) {
        CronSchedule cron = CronSchedule.parse(expr);
        List<ZonedDateTime> out = new ArrayList<>();
        ZonedDateTime t = from;
        for (int i = 0; i < n; i++) {
            t = cron.next(t);
            out.add(t);
        }
        return out;
    }

    @Test
    void dailyFiresStrictlyAfterWithSecondsCleared() {
        CronSchedule cron = CronSchedule.parse("0 18 * * *");
        assertThat(cron.next(berlin("2025-06-10T17:59:59.999"))).isEqualTo(berlin("2025-06-10T18:00"));
        assertThat(cron.next(berlin("2025-06-10T18:00"))).isEqualTo(berlin("2025-06-11T18:00"));
        ZonedDateTime late = cron.next(berlin("2025-06-10T18:00:30.5"));
        assertThat(late).isEqualTo(berlin("2025-06-11T18:00"));
        assertThat(late.getSecond()).isZero();
        assertThat(late.getNano()).isZero();
        assertThat(late.getZone()).isEqualTo(BERLIN);
    }

    @Test
    void resultIsInTheZoneOfTheArgument() {
        CronSchedule cron = CronSchedule.parse("30 7 * * *");
        ZonedDateTime ny = LocalDateTime.parse("2025-01-05T08:00").atZone(ZoneId.of("America/New_York"));
        ZonedDateTime next = cron.next(ny);
        assertThat(next.getZone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(next.toLocalDateTime()).isEqualTo(LocalDateTime.parse("2025-01-06T07:30"));
    }

    @Test
    void stepsOverTheWholeField() {
        assertThat(fires("*/15 * * * *", utc("2025-03-03T10:07:13"), 5)).containsExactly(
                utc("2025-03-03T10:15"), utc("2025-03-03T10:30"), utc("2025-03-03T10:45"),
                utc("2025-03-03T11:00"), utc("2025-03-03T11:15"));
    }

    @Test
    void rangeStepsAndStartSteps() {
        assertThat(fires("10-50/20 * * * *", utc("2025-03-03T10:00"), 4)).containsExactly(
                utc("2025-03-03T10:10"), utc("2025-03-03T10:30"), utc("2025-03-03T10:50"), utc("2025-03-03T11:10"));
        assertThat(fires("5/20 * * * *", utc("2025-03-03T10:00"), 4)).containsExactly(
                utc("2025-03-03T10:05"), utc("2025-03-03T10:25"), utc("2025-03-03T10:45"), utc("2025-03-03T11:05"));
    }

    @Test
    void listsAndRangesOnWorkdays() {
        // 2025-03-07 is a Friday
        assertThat(fires("0,30 9-10 * * 1-5", utc("2025-03-07T09:45"), 5)).containsExactly(
                utc("2025-03-07T10:00"), utc("2025-03-07T10:30"), utc("2025-03-10T09:00"),
                utc("2025-03-10T09:30"), utc("2025-03-10T10:00"));
    }

    @Test
    void monthAndWeekdayNamesInAnyCase() {
        // the first Sundays and Wednesdays of January 2026 at noon, then July
        List<ZonedDateTime> got = fires("0 12 * jan,Jul sun,WeD", utc("2025-12-31T12:00"), 3);
        assertThat(got).containsExactly(utc("2026-01-04T12:00"), utc("2026-01-07T12:00"), utc("2026-01-11T12:00"));
        ZonedDateTime afterJanuary = CronSchedule.parse("0 12 * jan,Jul sun,WeD").next(utc("2026-01-31T00:00"));
        assertThat(afterJanuary).isEqualTo(utc("2026-07-01T12:00")); // a Wednesday
        assertThat(CronSchedule.parse("0 6 * MAR-MAY *").next(utc("2025-06-01T00:00")))
                .isEqualTo(utc("2026-03-01T06:00"));
    }

    @Test
    void sundayIsZeroSevenAndSun() {
        ZonedDateTime from = utc("2025-03-03T00:00"); // a Monday
        ZonedDateTime sunday = utc("2025-03-09T08:00");
        assertThat(CronSchedule.parse("0 8 * * 0").next(from)).isEqualTo(sunday);
        assertThat(CronSchedule.parse("0 8 * * 7").next(from)).isEqualTo(sunday);
        assertThat(CronSchedule.parse("0 8 * * sun").next(from)).isEqualTo(sunday);
        assertThat(fires("0 8 * * 6-7", from, 3)).containsExactly(
                utc("2025-03-08T08:00"), sunday, utc("2025-03-15T08:00"));
        assertThat(fires("0 8 * * FRI-SUN", from, 4)).extracting(ZonedDateTime::getDayOfWeek).containsExactly(
                DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.FRIDAY);
    }

    @Test
    void dayOfMonthOrDayOfWeekWhenBothRestricted() {
        // the 13th, and every Friday; 2025-06-01 is a Sunday
        assertThat(fires("0 0 13 * FRI", utc("2025-06-01T00:00"), 4)).containsExactly(
                utc("2025-06-06T00:00"), utc("2025-06-13T00:00"), utc("2025-06-20T00:00"), utc("2025-06-27T00:00"));
        assertThat(fires("0 0 13 * MON", utc("2025-06-01T00:00"), 3)).containsExactly(
                utc("2025-06-02T00:00"), utc("2025-06-09T00:00"), utc("2025-06-13T00:00"));
        // a stepped field is restricted too
        assertThat(fires("0 0 */10 * MON", utc("2025-06-01T00:00"), 3)).containsExactly(
                utc("2025-06-02T00:00"), utc("2025-06-09T00:00"), utc("2025-06-11T00:00"));
    }

    @Test
    void onlyOneDayFieldRestrictedMeansThatOne() {
        assertThat(fires("0 0 * * FRI", utc("2025-06-01T00:00"), 2)).containsExactly(
                utc("2025-06-06T00:00"), utc("2025-06-13T00:00"));
        assertThat(fires("0 0 13 * *", utc("2025-06-01T00:00"), 2)).containsExactly(
                utc("2025-06-13T00:00"), utc("2025-07-13T00:00"));
        assertThat(fires("0 0 13 * */1", utc("2025-06-01T00:00"), 2)).containsExactly(
                utc("2025-06-13T00:00"), utc("2025-07-13T00:00"));
    }

    @Test
    void the31stSkipsShortMonths() {
        assertThat(fires("0 0 31 * *", utc("2025-04-01T00:00"), 3)).containsExactly(
                utc("2025-05-31T00:00"), utc("2025-07-31T00:00"), utc("2025-08-31T00:00"));
    }

    @Test
    void february29thWaitsForLeapYearsAndSkips2100() {
        CronSchedule cron = CronSchedule.parse("0 12 29 2 *");
        assertThat(cron.next(utc("2025-01-01T00:00"))).isEqualTo(utc("2028-02-29T12:00"));
        assertThat(cron.next(utc("2028-02-29T12:00"))).isEqualTo(utc("2032-02-29T12:00"));
        assertThat(cron.next(utc("2096-03-01T00:00"))).isEqualTo(utc("2104-02-29T12:00"));
        // February as a whole is fine every year
        assertThat(fires("0 0 28-31 FEB *", utc("2027-01-01T00:00"), 3)).containsExactly(
                utc("2027-02-28T00:00"), utc("2028-02-28T00:00"), utc("2028-02-29T00:00"));
    }

    @Test
    void macros() {
        ZonedDateTime from = utc("2025-03-05T10:20"); // a Wednesday
        assertThat(CronSchedule.parse("@hourly").next(from)).isEqualTo(utc("2025-03-05T11:00"));
        assertThat(CronSchedule.parse("@daily").next(from)).isEqualTo(utc("2025-03-06T00:00"));
        assertThat(CronSchedule.parse("@DAILY").next(from)).isEqualTo(utc("2025-03-06T00:00"));
        assertThat(CronSchedule.parse("@weekly").next(from)).isEqualTo(utc("2025-03-09T00:00"));
        assertThat(CronSchedule.parse("@monthly").next(from)).isEqualTo(utc("2025-04-01T00:00"));
        assertThat(CronSchedule.parse("@yearly").next(from)).isEqualTo(utc("2026-01-01T00:00"));
        assertThat(CronSchedule.parse("@weekly").toString()).isEqualTo("@weekly");
    }

    @Test
    void toStringIsTheOriginalExpression() {
        assertThat(CronSchedule.parse("0 18 * * MON-FRI").toString()).isEqualTo("0 18 * * MON-FRI");
        assertThat(CronSchedule.parse(" 0  18 * *   * ").toString()).isEqualTo(" 0  18 * *   * ");
    }

    @Test
    void springForwardFiresAtTheEndOfTheGap() {
        // Berlin, 2025-03-30: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist
        CronSchedule cron = CronSchedule.parse("30 2 * * *");
        ZonedDateTime inGap = cron.next(berlin("2025-03-29T12:00"));
        assertThat(inGap.toOffsetDateTime().toString()).isEqualTo("2025-03-30T03:00+02:00");
        assertThat(cron.next(inGap).toOffsetDateTime().toString()).isEqualTo("2025-03-31T02:30+02:00");
        assertThat(cron.next(berlin("2025-03-28T12:00")).toOffsetDateTime().toString())
                .isEqualTo("2025-03-29T02:30+01:00");
    }

    @Test
    void springForwardFiresOnceForSeveralTimesInTheGap() {
        List<ZonedDateTime> got = fires("*/15 * * * *", berlin("2025-03-30T01:40"), 4);
        assertThat(got).extracting(t -> t.toOffsetDateTime().toString()).containsExactly(
                "2025-03-30T01:45+01:00", "2025-03-30T03:00+02:00", "2025-03-30T03:15+02:00", "2025-03-30T03:30+02:00");
        // strictly increasing instants
        for (int i = 1; i < got.size(); i++) {
            assertThat(got.get(i)).isAfter(got.get(i - 1));
        }
    }

    @Test
    void fallBackFiresARepeatedTimeOnce() {
        // Berlin, 2025-10-26: 03:00 CEST goes back to 02:00 CET; 02:30 happens twice
        CronSchedule cron = CronSchedule.parse("30 2 * * *");
        ZonedDateTime first = cron.next(berlin("2025-10-26T00:00"));
        assertThat(first.toOffsetDateTime().toString()).isEqualTo("2025-10-26T02:30+02:00");
        assertThat(cron.next(first).toOffsetDateTime().toString()).isEqualTo("2025-10-27T02:30+01:00");
        // asked from inside the repeated hour (second pass), 02:30 has fired already
        ZonedDateTime secondPass = ZonedDateTime.ofLocal(LocalDateTime.parse("2025-10-26T02:10"), BERLIN,
                ZoneOffset.ofHours(1));
        assertThat(secondPass.getOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(cron.next(secondPass).toOffsetDateTime().toString()).isEqualTo("2025-10-27T02:30+01:00");
    }

    @Test
    void hourlyAcrossFallBackSkipsTheRepeatedHour() {
        List<ZonedDateTime> got = fires("0 * * * *", berlin("2025-10-26T01:30"), 3);
        assertThat(got).extracting(t -> t.toOffsetDateTime().toString()).containsExactly(
                "2025-10-26T02:00+02:00", "2025-10-26T03:00+01:00", "2025-10-26T04:00+01:00");
        assertThat(Duration.between(got.get(0), got.get(1))).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void daysAroundDstKeepTheirWallClockTime() {
        List<ZonedDateTime> got = fires("0 18 * * *", berlin("2025-03-29T12:00"), 2);
        assertThat(got).extracting(t -> t.toOffsetDateTime().toString()).containsExactly(
                "2025-03-29T18:00+01:00", "2025-03-30T18:00+02:00");
        assertThat(Duration.between(got.get(0), got.get(1))).isEqualTo(Duration.ofHours(23));
    }

    @Test
    void neverFiringExpressionsAreRejectedAtParse() {
        for (String never : List.of("0 0 31 2 *", "0 0 30 FEB *", "0 0 31 4,6,9,11 *", "0 0 30-31 2 *")) {
            assertThatThrownBy(() -> CronSchedule.parse(never))
                    .as(never)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("never fire")
                    .hasMessageContaining("cron '" + never + "'");
        }
        // with a weekday as well, the OR rule makes it fire on that weekday (of February)
        assertThat(CronSchedule.parse("0 0 31 2 MON").next(utc("2025-06-01T00:00"))).isEqualTo(utc("2026-02-02T00:00"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            x 18 * * *      | minute 'x' is not a number 0-59
            60 18 * * *     | minute '60' is out of range; expected a number 0-59
            0 24 * * *      | hour '24' is out of range; expected a number 0-23
            0 18 0 * *      | day-of-month '0' is out of range; expected a number 1-31
            0 18 32 * *     | day-of-month '32' is out of range
            0 18 * 13 *     | month '13' is out of range; expected a number 1-12 or a name JAN-DEC
            0 18 * FOO *    | month 'FOO' is not a number 1-12 or a name JAN-DEC
            0 18 * * 8      | day-of-week '8' is out of range; expected a number 0-7 or a name SUN-SAT
            0 18 * * MONDAY | day-of-week 'MONDAY' is not a number 0-7 or a name SUN-SAT
            */0 * * * *     | minute '*/0' has a bad step '0'; expected a step 1-60
            */x * * * *     | minute '*/x' has a bad step 'x'
            5-1 * * * *     | minute '5-1' is a range whose start is after its end
            1,,2 * * * *    | minute '1,,2' has an empty list item
            0 18 * *        | expected 5 fields (minute hour day-of-month month day-of-week)
            0 18 * * * *    | but found 6
            @often          | unknown macro '@often'; expected @hourly, @daily
            -1 * * * *      | minute '-1' is not a number 0-59 or a range low-high as in 1-5
            0 9- * * *      | hour '9-' is not a number 0-23 or a range low-high
            0 1-2-3 * * *   | hour '2-3' is not a number 0-23
            1.5 * * * *     | minute '1.5' is not a number 0-59
            """)
    void badExpressionsNameTheFieldAndTheExpectedForm(String expr, String message) {
        assertThatThrownBy(() -> CronSchedule.parse(expr))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cron '" + expr + "'")
                .hasMessageContaining(message);
    }

    @Test
    void emptyNullAndOverlongAreRejected() {
        assertThatThrownBy(() -> CronSchedule.parse("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found 0");
        assertThatThrownBy(() -> CronSchedule.parse("   ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 5 fields");
        assertThatThrownBy(() -> CronSchedule.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing");
        String huge = "0 ".repeat(10_000) + "*";
        assertThatThrownBy(() -> CronSchedule.parse(huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than");
    }

    @Test
    void nextMatchesABruteForceMinuteScan() {
        // an independent check: walk minute by minute and test each field by hand
        CronSchedule cron = CronSchedule.parse("7,37 */5 1-10,20 * TUE");
        ZonedDateTime t = utc("2025-01-01T00:00");
        ZonedDateTime end = utc("2025-03-01T00:00");
        ZonedDateTime expected = t;
        int checked = 0;
        while (t.isBefore(end)) {
            do {
                expected = expected.plusMinutes(1);
            } while (!(List.of(7, 37).contains(expected.getMinute()) && expected.getHour() % 5 == 0
                    && ((expected.getDayOfMonth() <= 10 || expected.getDayOfMonth() == 20)
                            || expected.getDayOfWeek() == DayOfWeek.TUESDAY)));
            ZonedDateTime got = cron.next(t);
            assertThat(got).isEqualTo(expected);
            t = got;
            checked++;
        }
        assertThat(checked).isGreaterThan(200);
    }
}
