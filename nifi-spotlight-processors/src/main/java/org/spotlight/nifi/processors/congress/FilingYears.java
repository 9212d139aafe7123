package org.spotlight.nifi.processors.congress;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The "Filing Years" property: comma-separated years ({@code 2025}), ranges ({@code 2023-2025}) and the words
 * {@code current} and {@code previous}, which follow the calendar so a flow needs no edit on New Year's Day.
 */
final class FilingYears {

    static final int FIRST_YEAR = 2008;

    private FilingYears() {
    }

    static List<Integer> parse(final String spec, final int currentYear) {
        final TreeSet<Integer> years = new TreeSet<>();
        for (String part : spec.split(",")) {
            final String item = part.trim().toLowerCase(Locale.ROOT);
            if (item.isEmpty()) {
                continue;
            }
            if (item.equals("current")) {
                years.add(currentYear);
            } else if (item.equals("previous")) {
                years.add(currentYear - 1);
            } else if (item.matches("\\d{4}\\s*-\\s*\\d{4}")) {
                final String[] bounds = item.split("-");
                final int from = year(bounds[0].trim(), currentYear);
                final int to = year(bounds[1].trim(), currentYear);
                if (from > to) {
                    throw new IllegalArgumentException("'" + part.trim() + "' runs backwards");
                }
                for (int year = from; year <= to; year++) {
                    years.add(year);
                }
            } else {
                years.add(year(item, currentYear));
            }
        }
        if (years.isEmpty()) {
            throw new IllegalArgumentException("no year given");
        }
        return List.copyOf(years);
    }

    private static int year(final String text, final int currentYear) {
        if (!text.matches("\\d{4}")) {
            throw new IllegalArgumentException("'" + text + "' is neither a year, a range like 2023-2025, 'current' nor 'previous'");
        }
        final int year = Integer.parseInt(text);
        if (year < FIRST_YEAR || year > currentYear + 1) {
            throw new IllegalArgumentException(year + " is outside " + FIRST_YEAR + " to " + (currentYear + 1));
        }
        return year;
    }
}
