package io.dea.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CronScheduleTest {

    @Test
    void shouldAcceptFiveFieldCronAndAirflowPresets() {
        assertThat(CronSchedule.validate(" 0  2 * * * ")).isEqualTo("0 2 * * *");
        assertThat(CronSchedule.validate("*/15 9-17 * * MON-FRI")).isEqualTo("*/15 9-17 * * MON-FRI");
        assertThat(CronSchedule.validate("0 0 1 */3 0")).isEqualTo("0 0 1 */3 0");
        assertThat(CronSchedule.validate("@daily")).isEqualTo("@daily");
    }

    @Test
    void shouldRejectBadSchedulesSayingWhy() {
        assertThatThrownBy(() -> CronSchedule.validate("0 2 * *")).hasMessageContaining("has 4 fields; a cron expression has 5");
        assertThatThrownBy(() -> CronSchedule.validate("0 0 2 * * *")).hasMessageContaining("has 6 fields");
        assertThatThrownBy(() -> CronSchedule.validate("61 2 * * *")).hasMessageContaining("is not a valid cron expression");
        assertThatThrownBy(() -> CronSchedule.validate("0 25 * * *")).hasMessageContaining("is not a valid cron expression")
                .hasMessageContaining("HourOfDay").hasMessageNotContaining("0 0 25");
        assertThatThrownBy(() -> CronSchedule.validate("@sometimes")).hasMessageContaining("is not an Airflow preset");
    }

    @Test
    void shouldWriteFreshnessInTheGoalsOwnUnits() {
        assertThat(FreshnessSla.parse("24h").python()).isEqualTo("timedelta(hours=24)");
        assertThat(FreshnessSla.parse("30m").python()).isEqualTo("timedelta(minutes=30)");
        assertThat(FreshnessSla.parse("2d").python()).isEqualTo("timedelta(days=2)");
        assertThat(FreshnessSla.parse("1h 30m").python()).isEqualTo("timedelta(hours=1, minutes=30)");
        assertThat(FreshnessSla.parse("1h1h").duration()).hasHours(2);
        assertThatThrownBy(() -> FreshnessSla.parse("daily")).hasMessageContaining("'daily' is not a duration");
        assertThatThrownBy(() -> FreshnessSla.parse("3w")).hasMessageContaining("unknown unit 'w'");
    }
}
