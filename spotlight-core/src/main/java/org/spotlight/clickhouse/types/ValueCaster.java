package org.spotlight.clickhouse.types;

import org.spotlight.format.text.UnicodeText;
import org.spotlight.format.text.ExactNumbers;
import org.spotlight.format.text.FloatLiteral;

import org.spotlight.format.text.TemporalText;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts loosely typed values (from JSON, CSV or NiFi records) to the Java value a ClickHouse column holds,
 * rejecting anything that would not survive the trip intact: out-of-range integers, decimals that would lose digits,
 * unparseable dates. Nothing is rounded or truncated silently, except what a float column is: the nearest Float32 or
 * Float64 to a decimal number. A float column rejects what it would store as something else: values beyond its range
 * (which would become infinite), non-zero values below it (which would become 0), NaN and infinities, and text that is
 * not a decimal number ({@code 0x10}, {@code 1f}, {@code 1d}, {@code Infinity}).
 * <p>
 * Every conversion takes time and memory bounded by the value's length, whatever it says: numbers are checked for their
 * magnitude before any exact arithmetic ({@link ExactNumbers}), numeric text is at most
 * {@link ExactNumbers#MAX_TEXT_LENGTH} characters, and date, time and address text at most {@link #MAX_TEMPORAL_TEXT}.
 * Strings that UTF-8 cannot carry (lone UTF-16 surrogates) are refused ({@link UnicodeText}).
 * <p>
 * Results by base type: (U)Int8..32 and Int64 → {@link Long}; UInt64 and 128/256-bit integers → {@link BigInteger};
 * Float32/64 → {@link Double}; Decimal → {@link BigDecimal} at the column's scale; Bool → {@link Boolean};
 * String/FixedString/Enum/IPv4/IPv6 → {@link String}; UUID → {@link UUID}; Date/Date32 → {@link LocalDate};
 * DateTime/DateTime64 → {@link Instant}; Array and Tuple → {@link List}; Map → {@link LinkedHashMap}; NULL → null
 * (Nullable types only).
 */
public final class ValueCaster {

    private static final Pattern US_DATE = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})");
    private static final DateTimeFormatter CLICKHOUSE_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS]");
    private static final BigInteger UINT64_MAX = new BigInteger("18446744073709551615");
    private static final LocalDate DATE_MIN = LocalDate.of(1970, 1, 1);
    private static final LocalDate DATE_MAX = LocalDate.of(2149, 6, 6);
    private static final LocalDate DATE32_MIN = LocalDate.of(1900, 1, 1);
    private static final LocalDate DATE32_MAX = LocalDate.of(2299, 12, 31);
    private static final long DATETIME_MAX_SECOND = 4_294_967_295L;
    private static final Instant DATETIME64_MIN = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant DATETIME64_MAX = Instant.parse("2299-12-31T23:59:59.999999999Z");
    private static final Pattern EPOCH_SECONDS = Pattern.compile("-?\\d+(\\.\\d+)?");
    /**
     * The longest text read as a date, time, UUID or IP address: the longest spelling any of them has is about 40
     * characters, and parsers and their error messages would otherwise copy text of any length.
     */
    public static final int MAX_TEMPORAL_TEXT = 64;

    private final ZoneId serverZone;

    /**
     * @param serverZone the zone DateTime columns without an explicit zone are interpreted in (the server's time zone)
     */
    public ValueCaster(final ZoneId serverZone) {
        this.serverZone = serverZone;
    }

    /**
     * @throws CastException naming the value, the target type and the reason
     */
    public Object cast(final Object value, final ClickHouseType type) {
        if (value == null) {
            if (type.isNullable() || type.base().is("Nothing")) {
                return null;
            }
            throw new CastException(null, type, "NULL is not allowed in a non-Nullable column");
        }
        return cast(value, type, type.base());
    }

    /**
     * As {@link #cast(Object, ClickHouseType)} for a value that is not null, with the type's {@link ClickHouseType#base()}
     * resolved by the caller: for callers that cast many values to the same column.
     */
    public Object cast(final Object value, final ClickHouseType type, final ClickHouseType base) {
        try {
            return castNonNull(value, base);
        } catch (final CastException e) {
            throw e;
        } catch (final NumberFormatException e) {
            throw new CastException(value, type, NOT_A_NUMBER);
        } catch (final DateTimeParseException e) {
            throw new CastException(value, type, "not a date or time Spotlight recognises (ISO-8601, YYYY-MM-DD hh:mm:ss, M/D/YYYY, epoch seconds)");
        } catch (final ArithmeticException | DateTimeException | IllegalArgumentException e) {
            throw new CastException(value, type, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private Object castNonNull(final Object value, final ClickHouseType type) {
        final String family = type.family();
        if (value instanceof String text && family.equals("String")) {
            // Most values of most columns: nothing to convert.
            return unicode(text, value, type);
        }
        return switch (family) {
            case "Int8" -> integer(value, type, -128, 127);
            case "Int16" -> integer(value, type, -32768, 32767);
            case "Int32" -> integer(value, type, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case "Int64" -> integer(value, type, Long.MIN_VALUE, Long.MAX_VALUE);
            case "UInt8" -> integer(value, type, 0, 255);
            case "UInt16" -> integer(value, type, 0, 65535);
            case "UInt32" -> integer(value, type, 0, 4294967295L);
            case "UInt64" -> bigInteger(value, type, BigInteger.ZERO, UINT64_MAX);
            case "Int128" -> bigInteger(value, type, ExactNumbers.INT128_MIN, ExactNumbers.INT128_MAX);
            case "UInt128" -> bigInteger(value, type, BigInteger.ZERO, ExactNumbers.UINT128_MAX);
            case "Int256" -> bigInteger(value, type, ExactNumbers.INT256_MIN, ExactNumbers.INT256_MAX);
            case "UInt256" -> bigInteger(value, type, BigInteger.ZERO, ExactNumbers.UINT256_MAX);
            case "Float32", "Float64" -> floatingPoint(value, type);
            case "Decimal", "Decimal32", "Decimal64", "Decimal128", "Decimal256" -> decimal(value, type);
            case "Bool", "Boolean" -> bool(value, type);
            case "String" -> unicode(string(value, type), value, type);
            case "FixedString" -> fixedString(value, type);
            case "UUID" -> value instanceof UUID uuid ? uuid : UUID.fromString(shortText(value, type));
            case "Date", "Date32" -> date(value, type);
            case "DateTime" -> dateTime(value, type, 0);
            case "DateTime64" -> dateTime(value, type, type.intParameter(0));
            case "Enum8", "Enum16" -> enumName(value, type);
            case "IPv4", "IPv6" -> ipAddress(value, type);
            case "Array" -> array(value, type);
            case "Map" -> map(value, type);
            case "Tuple" -> tuple(value, type);
            default -> throw new CastException(value, type, "type " + family + " is not supported by Spotlight's value conversion");
        };
    }

    private static Long integer(final Object value, final ClickHouseType type, final long min, final long max) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            final long number = ((Number) value).longValue();
            if (number < min || number > max) {
                throw new CastException(value, type, "out of range [" + min + ", " + max + "]");
            }
            return number;
        }
        final BigInteger number = integral(value, type);
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new CastException(value, type, "out of range [" + min + ", " + max + "]");
        }
        return number.longValueExact();
    }

    private static BigInteger bigInteger(final Object value, final ClickHouseType type, final BigInteger min, final BigInteger max) {
        final BigInteger number = integral(value, type);
        if (number.compareTo(min) < 0 || number.compareTo(max) > 0) {
            throw new CastException(value, type, "out of range [" + min + ", " + max + "]");
        }
        return number;
    }

    private static BigInteger integral(final Object value, final ClickHouseType type) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return big;
        }
        if (value instanceof Boolean bool) {
            return bool ? BigInteger.ONE : BigInteger.ZERO;
        }
        final BigInteger number;
        try {
            number = ExactNumbers.toBigIntegerExact(exact(value, type));
        } catch (final ArithmeticException e) {
            throw new CastException(value, type, "out of range: " + e.getMessage());
        }
        if (number == null) {
            throw new CastException(value, type, "not a whole number");
        }
        return number;
    }

    /**
     * The exact decimal value of a number or of numeric text, whose magnitude callers check before any arithmetic.
     * Doubles and floats (from record readers) are taken as the shortest decimal that reads back as them, as they print.
     */
    private static BigDecimal exact(final Object value, final ClickHouseType type) {
        return switch (value) {
            case BigDecimal decimal -> decimal;
            case Long number -> BigDecimal.valueOf(number);
            case Integer number -> BigDecimal.valueOf(number);
            case Short number -> BigDecimal.valueOf(number);
            case Byte number -> BigDecimal.valueOf(number);
            case BigInteger number -> new BigDecimal(number);
            case Double number -> finite(number, value, type) ? new BigDecimal(number.toString()) : null;
            case Float number -> finite(number, value, type) ? new BigDecimal(number.toString()) : null;
            case FloatLiteral literal -> {
                final BigDecimal exact = literal.exact();
                if (exact == null) {
                    throw new CastException(value, type, "out of range: the exponent is beyond any number type");
                }
                yield exact;
            }
            case Number number -> parseNumber(number.toString(), value, type);
            default -> parseNumber(text(value, type).trim(), value, type);
        };
    }

    private static boolean finite(final double number, final Object value, final ClickHouseType type) {
        if (!Double.isFinite(number)) {
            throw new CastException(value, type, "not a finite number");
        }
        return true;
    }

    private static final String NOT_A_NUMBER = "not a number";

    private static BigDecimal parseNumber(final String text, final Object value, final ClickHouseType type) {
        if (text.length() > ExactNumbers.MAX_TEXT_LENGTH) {
            throw new CastException(value, type, "not a number: numeric text is at most " + ExactNumbers.MAX_TEXT_LENGTH + " characters");
        }
        final BigDecimal number = ExactNumbers.parse(text);
        if (number == null) {
            throw new CastException(value, type, ExactNumbers.isDecimalSyntax(text) ? "out of range: the exponent is beyond any number type" : NOT_A_NUMBER);
        }
        return number;
    }

    /**
     * The nearest Float64 (or Float32) to the value, where that is what the column would store for it: finite, and
     * zero only for zero. Ordinary decimals round to the nearest representable value, which is what a float column is.
     */
    private static Double floatingPoint(final Object value, final ClickHouseType type) {
        final boolean single = type.is("Float32");
        final double result;
        final boolean zero;
        switch (value) {
            case Double number -> {
                finite(number, value, type);
                result = single ? (double) number.floatValue() : number;
                zero = number == 0;
            }
            case Float number -> {
                finite(number, value, type);
                result = number;
                zero = number == 0;
            }
            case Long number -> {
                result = single ? (double) (float) number : (double) number;
                zero = number == 0;
            }
            case Integer number -> {
                result = single ? (double) (float) number : (double) number;
                zero = number == 0;
            }
            case Short number -> {
                result = number;
                zero = number == 0;
            }
            case Byte number -> {
                result = number;
                zero = number == 0;
            }
            case FloatLiteral literal -> {
                result = single ? literal.floatValue() : literal.doubleValue();
                zero = literal.isZero();
            }
            default -> {
                // BigDecimal, BigInteger and text: the exact value, rounded once (BigDecimal rounds correctly, and does not
                // expand a large exponent to do it).
                final BigDecimal exact = exact(value, type);
                result = single ? exact.floatValue() : exact.doubleValue();
                zero = exact.signum() == 0;
            }
        }
        if (Double.isInfinite(result)) {
            throw new CastException(value, type, "out of range: beyond the largest " + type.base() + " ("
                    + (single ? Float.toString(Float.MAX_VALUE) : Double.toString(Double.MAX_VALUE)) + "), it would be stored as infinity");
        }
        if (result == 0 && !zero) {
            throw new CastException(value, type, "out of range: closer to zero than the smallest " + type.base() + " ("
                    + (single ? Float.toString(Float.MIN_VALUE) : Double.toString(Double.MIN_VALUE)) + "), it would be stored as 0");
        }
        return result;
    }

    private static BigDecimal decimal(final Object value, final ClickHouseType type) {
        final BigDecimal number = exact(value, type);
        try {
            return ExactNumbers.toScale(number, type.decimalPrecision(), type.decimalScale());
        } catch (final ArithmeticException e) {
            throw new CastException(value, type, e.getMessage());
        }
    }

    private static Boolean bool(final Object value, final ClickHouseType type) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof Number) {
            // Exactly 0 or 1: 1.0000000000000000001 is neither.
            final BigDecimal number = exact(value, type);
            if (number.signum() == 0 || number.compareTo(BigDecimal.ONE) == 0) {
                return number.signum() != 0;
            }
            throw new CastException(value, type, "not a boolean (true/false/1/0)");
        }
        return switch (text(value, type).trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new CastException(value, type, "not a boolean (true/false/1/0)");
        };
    }

    private static String string(final Object value, final ClickHouseType type) {
        if (value instanceof byte[] bytes) {
            final String text = UnicodeText.decodeUtf8(bytes);
            if (text == null) {
                throw new CastException(value, type, "bytes that are not UTF-8 text");
            }
            return text;
        }
        if (value instanceof BigDecimal decimal) {
            return ExactNumbers.toText(decimal);
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?> || value.getClass().isArray()) {
            return JsonText.of(value);
        }
        return value.toString();
    }

    /** The text, unless UTF-8 cannot carry it unchanged. */
    private static String unicode(final String text, final Object value, final ClickHouseType type) {
        final int surrogate = UnicodeText.loneSurrogate(text);
        if (surrogate >= 0) {
            throw new CastException(value, type, UnicodeText.loneSurrogateReason(text, surrogate));
        }
        return text;
    }

    private static String fixedString(final Object value, final ClickHouseType type) {
        final String text = unicode(string(value, type), value, type);
        final int length = type.intParameter(0);
        final int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > length) {
            throw new CastException(value, type, bytes + " bytes do not fit into " + length);
        }
        return text;
    }

    private static LocalDate date(final Object value, final ClickHouseType type) {
        if (value instanceof LocalDate date) {
            return checkDateRange(date, value, type);
        }
        if (value instanceof java.sql.Date sqlDate) {
            return checkDateRange(sqlDate.toLocalDate(), value, type);
        }
        if (value instanceof LocalDateTime || value instanceof Instant || value instanceof Date || value instanceof Number) {
            throw new CastException(value, type, "a " + value.getClass().getSimpleName() + " is not a calendar date");
        }
        final String text = shortText(value, type);
        final TemporalText.Parsed parsed = TemporalText.parse(text);
        if (parsed != null && parsed.isDate()) {
            return checkDateRange(parsed.date(), value, type);
        }
        final Matcher us = US_DATE.matcher(text);
        final LocalDate date = us.matches()
                ? LocalDate.of(Integer.parseInt(us.group(3)), Integer.parseInt(us.group(1)), Integer.parseInt(us.group(2)))
                : LocalDate.parse(text);
        return checkDateRange(date, value, type);
    }

    private static LocalDate checkDateRange(final LocalDate date, final Object value, final ClickHouseType type) {
        final LocalDate min = type.is("Date32") ? DATE32_MIN : DATE_MIN;
        final LocalDate max = type.is("Date32") ? DATE32_MAX : DATE_MAX;
        if (date.isBefore(min) || date.isAfter(max)) {
            throw new CastException(value, type, "outside the range " + min + " to " + max);
        }
        return date;
    }

    private Instant dateTime(final Object value, final ClickHouseType type, final int precision) {
        final String zoneParameter = type.is("DateTime") ? type.stringParameter(0, null) : type.stringParameter(1, null);
        final ZoneId zone = zoneParameter == null ? serverZone : ZoneId.of(zoneParameter);
        final Instant instant;
        if (value instanceof Instant given) {
            instant = given;
        } else if (value instanceof Date date) {
            instant = date.toInstant();
        } else if (value instanceof OffsetDateTime offset) {
            instant = offset.toInstant();
        } else if (value instanceof ZonedDateTime zoned) {
            instant = zoned.toInstant();
        } else if (value instanceof LocalDateTime local) {
            instant = local.atZone(zone).toInstant();
        } else if (value instanceof LocalDate date) {
            instant = date.atStartOfDay(zone).toInstant();
        } else if (value instanceof Number) {
            // ClickHouse reads numbers as seconds since the epoch.
            instant = epochSeconds(exact(value, type), value, type);
        } else {
            instant = parseDateTime(shortText(value, type), zone, value, type);
        }
        final long nanosPerUnit = (long) Math.pow(10, 9 - precision);
        if (instant.getNano() % nanosPerUnit != 0) {
            throw new CastException(value, type, "has more fractional seconds than " + type + " keeps");
        }
        if (type.is("DateTime") && (instant.isBefore(Instant.EPOCH) || instant.getEpochSecond() > DATETIME_MAX_SECOND)) {
            throw new CastException(value, type, "DateTime holds times from 1970-01-01 to 2106-02-07 only");
        }
        if (type.is("DateTime64") && (instant.isBefore(DATETIME64_MIN) || instant.isAfter(DATETIME64_MAX))) {
            throw new CastException(value, type, "DateTime64 holds times from 1900-01-01 to 2299-12-31 only");
        }
        return instant;
    }

    private static Instant epochSeconds(final BigDecimal seconds, final Object value, final ClickHouseType type) {
        try {
            return ExactNumbers.epochSecondsToInstant(seconds);
        } catch (final ArithmeticException e) {
            throw new CastException(value, type, "as seconds since 1970: " + e.getMessage());
        }
    }

    private static Instant parseDateTime(final String text, final ZoneId zone, final Object value, final ClickHouseType type) {
        // The spellings inference recognises first, without exceptions; then the general ISO forms.
        final TemporalText.Parsed parsed = TemporalText.parse(text);
        if (parsed != null) {
            return parsed.toInstant(zone);
        }
        if (EPOCH_SECONDS.matcher(text).matches()) {
            return epochSeconds(new BigDecimal(text), value, type);
        }
        try {
            return OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
        } catch (final DateTimeParseException ignored) {
            // No offset: a local time in the column's zone.
        }
        try {
            return LocalDateTime.parse(text.replace(' ', 'T')).atZone(zone).toInstant();
        } catch (final DateTimeParseException ignored) {
            // Not ISO either.
        }
        try {
            return LocalDateTime.parse(text, CLICKHOUSE_DATE_TIME).atZone(zone).toInstant();
        } catch (final DateTimeParseException ignored) {
            // Maybe just a date.
        }
        final Matcher us = US_DATE.matcher(text);
        if (us.matches()) {
            return LocalDate.of(Integer.parseInt(us.group(3)), Integer.parseInt(us.group(1)), Integer.parseInt(us.group(2)))
                    .atStartOfDay(zone).toInstant();
        }
        return LocalDate.parse(text).atStartOfDay(zone).toInstant();
    }

    private static String enumName(final Object value, final ClickHouseType type) {
        final Map<String, Integer> values = type.enumValues();
        if (value instanceof Number) {
            // The value of an entry, exactly: 1.5 is not entry 1.
            final BigInteger number = integral(value, type);
            return values.entrySet().stream().filter(entry -> BigInteger.valueOf(entry.getValue()).equals(number)).map(Map.Entry::getKey)
                    .findFirst().orElseThrow(() -> new CastException(value, type, "no enum entry has value " + number));
        }
        final String name = text(value, type);
        if (!values.containsKey(name)) {
            throw new CastException(value, type, "not one of " + values.keySet());
        }
        return name;
    }

    private static String ipAddress(final Object value, final ClickHouseType type) {
        final String text = shortText(value, type);
        final boolean v4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (type.is("IPv4") && !v4) {
            throw new CastException(value, type, "not an IPv4 address");
        }
        if (type.is("IPv6") && !v4 && !text.contains(":")) {
            throw new CastException(value, type, "not an IP address");
        }
        try {
            // Literal addresses only: InetAddress would resolve host names.
            return InetAddress.getByName(text).getHostAddress();
        } catch (final Exception e) {
            throw new CastException(value, type, "not an IP address");
        }
    }

    private List<Object> array(final Object value, final ClickHouseType type) {
        final List<?> elements = elements(value, type);
        final ClickHouseType elementType = type.argument(0);
        final List<Object> result = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            result.add(castElement(elements.get(i), elementType, value, type, "element " + i));
        }
        return result;
    }

    private Map<Object, Object> map(final Object value, final ClickHouseType type) {
        if (!(value instanceof Map<?, ?> entries)) {
            throw new CastException(value, type, "a " + value.getClass().getSimpleName() + " is not a map");
        }
        final Map<Object, Object> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            final Object key = castElement(entry.getKey(), type.argument(0), value, type, "key " + entry.getKey());
            result.put(key, castElement(entry.getValue(), type.argument(1), value, type, "value of key " + entry.getKey()));
        }
        return result;
    }

    private List<Object> tuple(final Object value, final ClickHouseType type) {
        final List<ClickHouseType> members = type.arguments();
        final List<Object> result = new ArrayList<>(members.size());
        if (value instanceof Map<?, ?> byName) {
            if (type.argumentNames().isEmpty()) {
                throw new CastException(value, type, "a map can only fill a named tuple");
            }
            for (int i = 0; i < members.size(); i++) {
                final String name = type.argumentNames().get(i);
                result.add(castElement(byName.get(name), members.get(i), value, type, "member " + name));
            }
            return result;
        }
        final List<?> elements = elements(value, type);
        if (elements.size() != members.size()) {
            throw new CastException(value, type, elements.size() + " values for " + members.size() + " tuple members");
        }
        for (int i = 0; i < members.size(); i++) {
            result.add(castElement(elements.get(i), members.get(i), value, type, "member " + (i + 1)));
        }
        return result;
    }

    private Object castElement(final Object element, final ClickHouseType elementType, final Object container,
                               final ClickHouseType containerType, final String where) {
        try {
            return cast(element, elementType);
        } catch (final CastException e) {
            throw new CastException(container, containerType, where + ": " + e.getReason());
        }
    }

    private static List<?> elements(final Object value, final ClickHouseType type) {
        if (value instanceof List<?> list) {
            return list;
        }
        if (value instanceof Collection<?> collection) {
            return new ArrayList<>(collection);
        }
        if (value.getClass().isArray() && !(value instanceof byte[])) {
            final List<Object> list = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                list.add(Array.get(value, i));
            }
            return list;
        }
        throw new CastException(value, type, "a " + value.getClass().getSimpleName() + " is not a list");
    }

    private static String text(final Object value, final ClickHouseType type) {
        if (value instanceof CharSequence || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?> || value.getClass().isArray()) {
            throw new CastException(value, type, "a " + value.getClass().getSimpleName() + " is not a scalar value");
        }
        return value.toString();
    }

    /** Text of a date, time, UUID or address: trimmed, and refused beyond {@link #MAX_TEMPORAL_TEXT} characters. */
    private static String shortText(final Object value, final ClickHouseType type) {
        final String text = text(value, type).trim();
        if (text.length() > MAX_TEMPORAL_TEXT) {
            throw new CastException(value, type, "longer than any " + type.base().family() + " text (" + text.length() + " characters)");
        }
        return text;
    }

    /** Server zone of a UTC server, for callers without a connection (tests, CLI). */
    public static ValueCaster utc() {
        return new ValueCaster(ZoneOffset.UTC);
    }
}
