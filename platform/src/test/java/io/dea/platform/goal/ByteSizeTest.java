package io.dea.platform.goal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {

    @Test
    void shouldReadSizesAsGoalsWriteThemWithBinaryUnits() {
        assertThat(ByteSize.parse("1024")).isEqualTo(1024L);
        assertThat(ByteSize.parse("1KB")).isEqualTo(1024L);
        assertThat(ByteSize.parse("500MB")).isEqualTo(500L * 1024 * 1024);
        assertThat(ByteSize.parse("10GB")).isEqualTo(10L * 1024 * 1024 * 1024);
        assertThat(ByteSize.parse("1.5TB")).isEqualTo(1536L * 1024 * 1024 * 1024);
        assertThat(ByteSize.parse(" 2 gib ")).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(ByteSize.parse("0.5KB")).isEqualTo(512L);
        assertThat(ByteSize.parse("64 bytes")).isEqualTo(64L);
    }

    @Test
    void shouldRejectWhatIsNotASizeSayingHowToWriteOne() {
        assertThatThrownBy(() -> ByteSize.parse("ten gigs")).hasMessageContaining("'ten gigs' is not a size")
                .hasMessageContaining("e.g. 10GB");
        assertThatThrownBy(() -> ByteSize.parse("10XB")).hasMessageContaining("is not a size");
        assertThatThrownBy(() -> ByteSize.parse("-1GB")).hasMessageContaining("is not a size");
        assertThatThrownBy(() -> ByteSize.parse("1.5")).hasMessageContaining("not a whole number of bytes");
        assertThatThrownBy(() -> ByteSize.parse("99999999PB")).hasMessageContaining("too large");
    }

    @Test
    void shouldWriteSizesForPeople() {
        assertThat(ByteSize.format(512)).isEqualTo("512 B");
        assertThat(ByteSize.format(1024)).isEqualTo("1 KB");
        assertThat(ByteSize.format(1536L * 1024 * 1024 * 1024)).isEqualTo("1.5 TB");
        assertThat(ByteSize.format(10L * 1024 * 1024 * 1024)).isEqualTo("10 GB");
    }
}
