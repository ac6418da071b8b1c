package org.queueservice.schema.migrations.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The value of {@code --lock-timeout}: hours, minutes, seconds and milliseconds, largest first, each at
 * most once, as in {@code 5s}, {@code 1500ms}, {@code 1m} (or {@code 1min}, PostgreSQL's spelling) and
 * {@code 1m30s}.
 */
final class LockTimeout implements ITypeConverter<Duration> {

    private static final Pattern FORM = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)(?:min|m))?(?:(\\d+)s)?(?:(\\d+)ms)?");

    @Override
    public Duration convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    static Duration parse(String value) {
        Matcher parts = FORM.matcher(value);
        if (!value.isEmpty() && parts.matches()) {
            try {
                return Duration.ofHours(amount(parts.group(1)))
                        .plusMinutes(amount(parts.group(2)))
                        .plusSeconds(amount(parts.group(3)))
                        .plusMillis(amount(parts.group(4)));
            } catch (ArithmeticException | NumberFormatException e) {
                // too large: fall through to the message below
            }
        }
        throw new IllegalArgumentException("--lock-timeout must look like 5s, 1500ms, 1m or 1m30s, got '" + value + "'");
    }

    private static long amount(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
