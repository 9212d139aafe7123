package org.spotlight.failure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Operator-written classification rules, one per line, tried in order; the first rule that matches decides:
 * <pre>
 * # attribute =~ regular expression => class
 * putdatabaserecord.error =~ (?i)deadlock|lock wait timeout => transient
 * invokehttp.status.code =~ ^409$ => permanent
 * * =~ (?i)quota exceeded => transient
 * </pre>
 * The attribute {@code *} matches any attribute. The expression is a Java regular expression that has to be found
 * somewhere in the value (use {@code ^...$} to match it whole). Blank lines and lines starting with {@code #} are
 * ignored. Rules live in one multi-line property rather than in dynamic properties because their order matters and
 * NiFi keeps no order among dynamic properties.
 */
public final class ClassificationRules {

    /** A rule that matches any attribute. */
    public static final String ANY_ATTRIBUTE = "*";

    private static final Pattern LINE = Pattern.compile("^\\s*(\\S+)\\s+=~\\s+(.+?)\\s+=>\\s+(\\S+)\\s*$");

    /** One parsed rule; {@code line} is its 1-based line number in the property, for messages. */
    public record Rule(int line, String attribute, Pattern expression, FailureClass failureClass) {

        /** @return the name of the attribute that matched, or empty */
        Optional<String> match(final Map<String, String> attributes) {
            if (ANY_ATTRIBUTE.equals(attribute)) {
                return attributes.entrySet().stream()
                        .filter(entry -> entry.getValue() != null && expression.matcher(entry.getValue()).find())
                        .map(Map.Entry::getKey)
                        .sorted()
                        .findFirst();
            }
            final String value = attributes.get(attribute);
            return value != null && expression.matcher(value).find() ? Optional.of(attribute) : Optional.empty();
        }

        @Override
        public String toString() {
            return attribute + " =~ " + expression.pattern() + " => " + failureClass.value();
        }
    }

    /** The rules could not be parsed; the message names every offending line. */
    public static final class InvalidRulesException extends IllegalArgumentException {
        private final List<String> problems;

        InvalidRulesException(final List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private static final ClassificationRules NONE = new ClassificationRules(List.of());

    private final List<Rule> rules;

    private ClassificationRules(final List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static ClassificationRules none() {
        return NONE;
    }

    /**
     * @param text the property value; null or blank means no rules
     * @throws InvalidRulesException naming each line that is not a rule
     */
    public static ClassificationRules parse(final String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        final List<Rule> rules = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            final String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final int number = i + 1;
            final Matcher matcher = LINE.matcher(line);
            if (!matcher.matches()) {
                problems.add("line " + number + " is not 'attribute =~ regex => class': " + line);
                continue;
            }
            final Optional<FailureClass> failureClass = FailureClass.parse(matcher.group(3));
            if (failureClass.isEmpty()) {
                problems.add("line " + number + ": '" + matcher.group(3) + "' is not transient, permanent or unknown");
                continue;
            }
            try {
                rules.add(new Rule(number, matcher.group(1), Pattern.compile(matcher.group(2)), failureClass.get()));
            } catch (final PatternSyntaxException e) {
                problems.add("line " + number + ": invalid regular expression: " + e.getDescription() + " in " + matcher.group(2));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRulesException(problems);
        }
        return new ClassificationRules(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The class given by the first matching rule, with the rule and attribute as the reason. */
    public Optional<Classification> classify(final Map<String, String> attributes) {
        for (Rule rule : rules) {
            final Optional<String> matched = rule.match(attributes);
            if (matched.isPresent()) {
                return Optional.of(Classification.of(rule.failureClass(),
                        "rule on line " + rule.line() + " (" + rule + ") matched attribute " + matched.get()));
            }
        }
        return Optional.empty();
    }
}
