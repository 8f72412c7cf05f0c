package io.dea.platform.goal;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as people write them in a goal ({@code 10GB}, {@code 500MB}, {@code 1.5TB}, {@code 1024})
 * and back. Units are binary, 1KB = 1024 bytes, as warehouses bill them (BigQuery's TB is a TiB);
 * {@code KiB}-style spellings mean the same.
 */
public final class ByteSize {

    private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*(B|BYTES?|[KMGTP]I?B?)?$",
            Pattern.CASE_INSENSITIVE);
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};

    private ByteSize() {
    }

    /** Bytes; the exception's message says what is wrong and how to write it. */
    public static long parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a size is empty: " + HINT);
        }
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size: " + HINT);
        }
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        int power = "KMGTP".indexOf(unit.charAt(0)) + 1; // B and BYTES give 0
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power));
        if (bytes.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number of bytes: " + HINT);
        }
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return bytes.longValueExact();
    }

    /** The largest unit that keeps the number at least 1, with one decimal: {@code 1.5 GB}, {@code 512 B}. */
    public static String format(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = unit == 0 ? Long.toString(bytes) : String.format(Locale.ROOT, "%.1f", value);
        if (number.endsWith(".0")) {
            number = number.substring(0, number.length() - 2);
        }
        return number + " " + UNITS[unit];
    }

    public static final String HINT = "write a number with an optional unit B, KB, MB, GB, TB or PB, e.g. 10GB, 500MB, 1.5TB or 1024 (bytes); 1KB = 1024 bytes";
}
